//! The core figures of `npm run bench`, in one process run (a benchmark: it prints, it asserts
//! only that the workload did what it says):
//!
//! 1. Propose → commit per entry, raft-core's `Node` against tikv's raft-rs (`raft` 0.7,
//!    `RawNode` over `MemStorage` with its Ready/advance loop), 3 and 5 voters, batches of 1
//!    and 64, on one workload: all voters in this thread, one FIFO queue of messages moved (never
//!    encoded); a round first handles every node's pending output, then delivers every queued
//!    message; the leader takes a batch's proposals one at a time, and rounds run until the
//!    leader has committed the batch's last entry.
//! 2. The simulator natively: one hour of virtual time of the page's default 5-node cluster (the
//!    page's timeline, checker on, seed 7), its wall time and events per second.
//!
//! With BENCH_RESULTS set, each figure is also appended to that file as a JSON line, for
//! bench/table.mjs. BENCH_ENTRIES (65,536) sets the entries per measurement.

use std::collections::VecDeque;
use std::fs::OpenOptions;
use std::io::Write as _;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use raft::eraftpb::Message as RsMessage;
use raft::storage::MemStorage;
use raft::{Config as RsConfig, RawNode, StateRole};
use raft_core::sim::{Recording, SimConfig, Timeline};
use raft_core::types::SECOND;
use raft_core::{Command, Config, Input, Message, Node, Persistent, Role};

/// One implementation under the common workload.
trait Cluster {
    /// Appends one entry at the leader.
    fn propose(&mut self, value: u64);
    /// Moves every node's pending output to the queue (round, first half).
    fn collect(&mut self);
    /// Delivers every queued message (round, second half).
    fn deliver(&mut self);
    /// The leader's commit index.
    fn committed(&self) -> u64;
    /// The leader's last log index.
    fn last_index(&self) -> u64;
}

/// Rounds run and messages delivered, to show both implementations did the same work.
static ROUNDS: AtomicU64 = AtomicU64::new(0);
static DELIVERED: AtomicU64 = AtomicU64::new(0);

fn round(c: &mut impl Cluster) {
    ROUNDS.fetch_add(1, Relaxed);
    c.collect();
    c.deliver();
}

// ----- raft-core -----

struct Ours {
    nodes: Vec<Node>,
    queue: VecDeque<Message>,
    now: u64,
}

impl Ours {
    fn new(voters: u8) -> Self {
        let config = Config {
            max_entries_per_append: 64,
            ..Config::default()
        };
        let nodes = (0..voters)
            .map(|id| {
                Node::new(
                    id,
                    voters,
                    config.clone(),
                    Persistent::default(),
                    raft_core::rng::seeded(1, u64::from(id)),
                    0,
                )
            })
            .collect();
        let mut c = Ours {
            nodes,
            queue: VecDeque::new(),
            now: 0,
        };
        let _ = c.nodes[0].step(0, Input::ForceTimeout);
        while c.nodes[0].role() != Role::Leader {
            round(&mut c);
        }
        c
    }
}

impl Cluster for Ours {
    fn propose(&mut self, value: u64) {
        self.now += 1;
        self.nodes[0]
            .propose(self.now, Command::Value(value))
            .expect("node 0 leads");
    }
    fn collect(&mut self) {
        for node in &mut self.nodes {
            self.queue.extend(node.take_messages());
            node.take_events();
        }
    }
    fn deliver(&mut self) {
        DELIVERED.fetch_add(self.queue.len() as u64, Relaxed);
        for _ in 0..self.queue.len() {
            let m = self.queue.pop_front().expect("counted");
            let to = m.to as usize;
            let _ = self.nodes[to].step(self.now, Input::Message(m));
        }
    }
    fn committed(&self) -> u64 {
        self.nodes[0].commit_index()
    }
    fn last_index(&self) -> u64 {
        self.nodes[0].log().last_index()
    }
}

// ----- raft-rs -----

struct Theirs {
    nodes: Vec<RawNode<MemStorage>>,
    queue: VecDeque<RsMessage>,
}

impl Theirs {
    fn new(voters: u64) -> Self {
        let logger = slog::Logger::root(slog::Discard, slog::o!());
        let ids: Vec<u64> = (1..=voters).collect();
        let nodes = ids
            .iter()
            .map(|&id| {
                let config = RsConfig {
                    id,
                    election_tick: 10,
                    heartbeat_tick: 3,
                    // As ours: up to 64 entries per append, one batch in flight is plenty.
                    max_size_per_msg: 64 * 64,
                    max_inflight_msgs: 256,
                    ..RsConfig::default()
                };
                let storage = MemStorage::new_with_conf_state((ids.clone(), vec![]));
                RawNode::new(&config, storage, &logger).expect("valid raft-rs config")
            })
            .collect();
        let mut c = Theirs {
            nodes,
            queue: VecDeque::new(),
        };
        c.nodes[0].campaign().expect("campaign");
        while c.nodes[0].raft.state != StateRole::Leader {
            round(&mut c);
        }
        // The new leader's empty entry commits before the measured proposals.
        while c.committed() < c.last_index() {
            round(&mut c);
        }
        c
    }
}

/// raft-rs's Ready/advance loop for one node, as its examples write it: persist the new entries
/// and hard state to MemStorage, send the messages, advance, apply what committed.
fn handle_ready(node: &mut RawNode<MemStorage>, queue: &mut VecDeque<RsMessage>) {
    if !node.has_ready() {
        return;
    }
    let mut ready = node.ready();
    queue.extend(ready.take_messages());
    if !ready.entries().is_empty() {
        node.mut_store()
            .wl()
            .append(ready.entries())
            .expect("append");
    }
    if let Some(hs) = ready.hs() {
        node.mut_store().wl().set_hardstate(hs.clone());
    }
    // Committed entries would be applied here; the benchmark's state machine is empty.
    let _ = ready.take_committed_entries();
    queue.extend(ready.take_persisted_messages());
    let mut light = node.advance(ready);
    if let Some(commit) = light.commit_index() {
        node.mut_store().wl().mut_hard_state().set_commit(commit);
    }
    queue.extend(light.take_messages());
    let _ = light.take_committed_entries();
    node.advance_apply();
}

impl Cluster for Theirs {
    fn propose(&mut self, value: u64) {
        self.nodes[0]
            .propose(vec![], value.to_le_bytes().to_vec())
            .expect("node 1 leads");
    }
    fn collect(&mut self) {
        for node in &mut self.nodes {
            handle_ready(node, &mut self.queue);
        }
    }
    fn deliver(&mut self) {
        DELIVERED.fetch_add(self.queue.len() as u64, Relaxed);
        for _ in 0..self.queue.len() {
            let m = self.queue.pop_front().expect("counted");
            let to = (m.to - 1) as usize;
            let _ = self.nodes[to].step(m);
        }
    }
    fn committed(&self) -> u64 {
        self.nodes[0].raft.raft_log.committed
    }
    fn last_index(&self) -> u64 {
        self.nodes[0].raft.raft_log.last_index()
    }
}

// ----- the workload -----

/// Nanoseconds per entry for `entries` entries proposed in batches of `batch`, and the rounds
/// and messages per entry it took.
fn ns_per_entry(c: &mut impl Cluster, entries: u64, batch: u64) -> (f64, f64, f64) {
    ROUNDS.store(0, Relaxed);
    DELIVERED.store(0, Relaxed);
    let start = Instant::now();
    let mut value = 0;
    for _ in 0..entries / batch {
        for _ in 0..batch {
            value += 1;
            c.propose(value);
        }
        let target = c.last_index();
        while c.committed() < target {
            round(c);
        }
    }
    let n = (entries / batch * batch) as f64;
    (
        start.elapsed().as_nanos() as f64 / n,
        ROUNDS.load(Relaxed) as f64 / n,
        DELIVERED.load(Relaxed) as f64 / n,
    )
}

/// The best of several runs: on a shared machine the least disturbed run is the truest.
fn best(xs: Vec<f64>) -> f64 {
    xs.into_iter().fold(f64::INFINITY, f64::min)
}

struct Results(Option<std::fs::File>);

impl Results {
    fn open() -> Self {
        Results(std::env::var("BENCH_RESULTS").ok().map(|path| {
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .expect("BENCH_RESULTS is writable")
        }))
    }
    fn record(&mut self, group: &str, name: &str, value: &str, note: &str) {
        println!("  {name:<52} {value:>18}   {note}");
        if let Some(f) = &mut self.0 {
            let json = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
            writeln!(
                f,
                r#"{{"group":"{}","name":"{}","value":"{}","note":"{}"}}"#,
                json(group),
                json(name),
                json(value),
                json(note)
            )
            .expect("write BENCH_RESULTS");
        }
    }
}

fn main() {
    let entries: u64 = std::env::var("BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(65_536);
    let mut results = Results::open();
    println!("== propose -> commit per entry, one thread, FIFO queue of moved messages ({entries} entries, best of 5)");
    for voters in [3u8, 5] {
        for batch in [1u64, 64] {
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            let (mut work_ours, mut work_theirs) = ((0.0, 0.0), (0.0, 0.0));
            // Alternate, a fresh cluster each time, so both meet the same machine state.
            for _ in 0..5 {
                let (ns, rounds, messages) = ns_per_entry(&mut Ours::new(voters), entries, batch);
                ours.push(ns);
                work_ours = (rounds, messages);
                let (ns, rounds, messages) =
                    ns_per_entry(&mut Theirs::new(u64::from(voters)), entries, batch);
                theirs.push(ns);
                work_theirs = (rounds, messages);
            }
            let (ours, theirs) = (best(ours), best(theirs));
            println!(
                "    per entry: raft-core {:.2} rounds, {:.2} messages; raft-rs {:.2} rounds, {:.2} messages",
                work_ours.0, work_ours.1, work_theirs.0, work_theirs.1
            );
            results.record(
                "core",
                &format!("propose→commit, {voters} voters, batch {batch}: raft-core / raft-rs"),
                &format!("{ours:.0} / {theirs:.0} ns"),
                &format!(
                    "best of 5 each, alternating; ratio {:.2} (goal <= 0.5)",
                    ours / theirs
                ),
            );
        }
    }
    println!("== simulator, natively: one hour of the page's default 5-node cluster (seed 7)");
    let config = SimConfig {
        trace_capacity: Some(4096),
        check: true,
        ..SimConfig::default()
    };
    let mut walls = Vec::new();
    let mut events = 0;
    for _ in 0..3 {
        let mut timeline = Timeline::new(Recording::new(config.clone(), 7)).expect("valid");
        let start = Instant::now();
        timeline.advance_by(3600 * SECOND);
        walls.push(start.elapsed().as_secs_f64());
        events = timeline.cluster().stats.events;
    }
    let wall = best(walls);
    results.record(
        "simulator",
        "one hour, default 5 nodes: native",
        &format!("{:.1} ms", wall * 1e3),
        &format!("best of 3; {events} events, timeline with checkpoints, checker on"),
    );
    results.record(
        "simulator",
        "events per second: native",
        &format!("{:.2} M/s", events as f64 / wall / 1e6),
        "same run",
    );
    if let Some(f) = &mut results.0 {
        // The wasm run divides the same event count by its own time (bench/wasm-sim.mjs).
        let _ = writeln!(
            f,
            r#"{{"group":"meta","name":"hour events","value":"{events}","note":""}}"#
        );
    }
}
