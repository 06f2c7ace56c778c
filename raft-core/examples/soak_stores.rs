//! Bytes per store of a `Timeline` driven like the page's 30-minute soak (bench/soak.mjs with
//! bench/soak-driver.mjs): a 5-node cluster with the page's config, ~22,000 actions of the
//! driver's mix over ~3,760 virtual seconds (the soak's figures), a look back of 1–5 s now and
//! then that the next action forks from. Prints, at each third, what each store holds, counted by
//! a counting allocator (clones measured, the checkpoints by difference; "slack" is the stores'
//! spare capacity, "peak" the most live during the third), then the timeline's own
//! `footprint()` and one checkpoint's real size against its estimate.
//!
//!   cargo run -p raft-core --release --example soak_stores [actions] [virtual_s]

use raft_core::sim::{Action, Recording, SimConfig, Target, Timeline};
use raft_core::types::MS;

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{live, reset_peak};

/// Bytes `make` allocates and keeps (the clone it returns, measured then dropped).
fn held<T>(make: impl FnOnce() -> T) -> usize {
    let before = live();
    let kept = make();
    let after = live();
    drop(kept);
    after.saturating_sub(before)
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let actions = args.first().copied().unwrap_or(22_000);
    let virtual_s = args.get(1).copied().unwrap_or(3_764);
    let gap = virtual_s * 1_000 * MS / actions;
    let config = SimConfig {
        trace_capacity: Some(4096),
        check: true,
        ..SimConfig::default()
    };
    sizes();
    let base = live();
    let mut timeline = Timeline::new(Recording::new(config, 7)).unwrap();
    let mut x: u32 = 7;
    let mut random = move |n: u32| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x % n
    };
    let (mut done, mut refused, mut seeks) = (0u64, 0u64, 0u64);
    println!(
        "{actions} actions over {virtual_s} virtual s (one every {} ms)",
        gap / MS
    );
    println!(
        "{:>7} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "actions",
        "virt s",
        "total",
        "tape",
        "marks",
        "history",
        "cluster",
        "checkpts",
        "n_cp",
        "cp est.",
        "log ents",
        "peak",
        "slack"
    );
    let mut next_report = actions / 3;
    while done < actions {
        timeline.advance_by(gap);
        let n = timeline.cluster().len() as u32;
        let node = random(n) as u8;
        let next = ((node as u32 + 1) % n) as u8;
        let action = match random(20) {
            0 | 1 => Action::SetLoss {
                probability: random(30) as f64 / 100.0,
            },
            2 => Action::SetLatency {
                min: (5 + random(10) as u64) * MS,
                max: (20 + random(30) as u64) * MS,
            },
            3 | 4 => Action::SetPartition {
                groups: vec![vec![node], vec![next, ((node as u32 + 2) % n) as u8]],
            },
            5 | 6 => Action::Heal,
            7 | 8 => Action::Crash { node },
            9 | 10 => Action::Restart { node },
            11 => Action::ForceTimeout { node },
            12 => Action::CutLink {
                from: node,
                to: next,
            },
            13 => Action::RestoreLink {
                from: node,
                to: next,
            },
            14 if random(10) == 0 => {
                let back = (1 + random(5) as u64) * 1_000 * MS;
                timeline.seek(timeline.now().saturating_sub(back));
                seeks += 1;
                done += 1;
                continue;
            }
            _ => Action::Propose {
                to: Target::Leader,
                value: done,
            },
        };
        match timeline.act(action) {
            Ok(_) => done += 1,
            Err(_) => refused += 1,
        }
        if done >= next_report {
            next_report += actions / 3;
            report(&timeline, base, done);
        }
    }
    println!(
        "refused {refused}, seeks {seeks}, forks {}",
        timeline.forks()
    );
}

fn report(timeline: &Timeline, base: usize, done: u64) {
    let peak_third = reset_peak() - base;
    let total = live() - base;
    let tape = held(|| timeline.recording().actions.clone());
    // The marks are packed in fixed-size chunks: their own count is exact (a copy as a list of
    // `Mark`s would be a third bigger).
    let marks = timeline.footprint().marks;
    let history = held(|| timeline.history().clone());
    let cluster = held(|| timeline.cluster().clone());
    let whole = held(|| timeline.clone());
    let checkpoints = whole.saturating_sub(tape + marks + history + cluster);
    let slack = total.saturating_sub(whole);
    let entries: u64 = (0..timeline.cluster().len() as u8)
        .filter_map(|id| timeline.cluster().persistent(id))
        .map(|p| p.log.last_index())
        .sum();
    let mb = |b: usize| format!("{:.2}M", b as f64 / (1 << 20) as f64);
    println!(
        "{:>7} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6} {:>9} {:>9} {:>9} {:>9}",
        done,
        timeline.now() / 1_000_000,
        mb(total),
        mb(tape),
        mb(marks),
        mb(history),
        mb(cluster),
        mb(checkpoints),
        timeline.checkpoint_count(),
        mb(timeline.checkpoint_bytes()),
        entries,
        mb(peak_third),
        mb(slack),
    );
    let one = held(|| timeline.cluster().snapshot(256));
    println!(
        "        one checkpoint now: {} bytes held, {} estimated ({} with nothing shared)",
        one,
        // It shares the logs' and the checker's sealed chunks with the cluster it copies.
        timeline
            .cluster()
            .snapshot(256)
            .approx_bytes_beyond(Some(timeline.cluster())),
        timeline.cluster().snapshot(256).approx_bytes()
    );
    let f = timeline.footprint();
    println!(
        "        footprint: tape {} marks {} history {} checkpoints {} cluster {} total {}",
        mb(f.tape),
        mb(f.marks),
        mb(f.history),
        mb(f.checkpoints),
        mb(f.cluster),
        mb(f.total())
    );
    // The clones measured above are not the next third's.
    reset_peak();
    println!(
        "        spans {} kept from {} s; marks {}; tape {}",
        timeline.history().span_count(),
        timeline.history().kept_from() / 1_000_000,
        timeline.marks().len(),
        timeline.recording().actions.len()
    );
}

/// The sizes of the records the stores keep, each.
fn sizes() {
    use core::mem::size_of;
    println!(
        "Entry {} TraceRecord {} Span {} LaneEvent {} Mark {} TimedAction {}",
        size_of::<raft_core::log::Entry>(),
        size_of::<raft_core::trace::TraceRecord>(),
        size_of::<raft_core::sim::history::Span>(),
        size_of::<raft_core::sim::history::LaneEvent>(),
        size_of::<raft_core::sim::Mark>(),
        size_of::<raft_core::sim::TimedAction>(),
    );
}
