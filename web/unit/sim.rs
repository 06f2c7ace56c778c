//! Unit tests of web/src/sim.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;
use crate::config::{parse, Given, PlaygroundConfig};
use crate::view::{LOG_STRIDE, MARK_STRIDE, MSG_STRIDE, NODE_STRIDE, PROGRESS_STRIDE};

// NodeCol / MsgCol indices (view.ts).
const ROLE: usize = 1;
const TERM: usize = 2;
const UP: usize = 4;
const TIMER_START: usize = 5;
const COMMIT: usize = 8;
const LAST: usize = 9;
const LEADER_HINT: usize = 10;
const GROUP: usize = 13;
const VERSION: usize = 14;

fn sim(seed: u64) -> Sim {
    Sim::new(parse(&PlaygroundConfig::default()).unwrap(), seed).unwrap()
}

fn row(s: &mut Sim, id: usize) -> Vec<f64> {
    s.nodes()[id * NODE_STRIDE..(id + 1) * NODE_STRIDE].to_vec()
}

fn elect(s: &mut Sim) -> NodeId {
    for _ in 0..50 {
        if s.leader() >= 0.0 {
            return s.leader() as NodeId;
        }
        s.advance(100.0).unwrap();
    }
    panic!("no leader within 5 s");
}

#[test]
fn defaults_and_a_first_leader() {
    let mut s = sim(1);
    assert_eq!(s.node_count(), 5);
    assert_eq!(s.seed(), 1.0);
    assert_eq!(s.nodes().len(), 5 * NODE_STRIDE);
    assert_eq!(s.progress(), &[-1.0; 10][..]);
    let leader = elect(&mut s);
    let r = row(&mut s, leader as usize);
    assert_eq!(r[ROLE], 3.0);
    assert_eq!(r[UP], 1.0);
    assert_eq!(r[LEADER_HINT], f64::from(leader));
    let p = s.progress().to_vec();
    assert_eq!(p.len(), 5 * PROGRESS_STRIDE);
    assert_eq!(
        &p[leader as usize * 2..leader as usize * 2 + 2],
        &[-1.0, -1.0]
    );
    assert!(p
        .iter()
        .enumerate()
        .all(|(i, x)| i / 2 == leader as usize || *x >= 0.0));
}

#[test]
fn proposals_commit_everywhere_and_bump_log_versions() {
    let mut s = sim(2);
    let leader = elect(&mut s);
    s.advance(200.0).unwrap();
    let before: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
    s.advance(200.0).unwrap();
    let idle: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
    assert_eq!(before, idle, "heartbeats do not change logs");
    let p = s.propose_to_leader(42.0).unwrap();
    assert_eq!((p.node, p.index), (leader, 1.0));
    s.advance(500.0).unwrap();
    for (i, old) in before.iter().enumerate() {
        let r = row(&mut s, i);
        assert_eq!(r[COMMIT], 1.0, "node {i}");
        assert_eq!(r[LAST], 1.0);
        assert!(r[VERSION] > *old);
        let log = s.log(i as f64).unwrap();
        assert_eq!(log.len(), LOG_STRIDE);
        assert_eq!(log[1], 42.0);
    }
    let follower = (leader + 1) % 5;
    assert_eq!(
        s.propose(f64::from(follower), 7.0).unwrap_err().message,
        format!(
            "{} is not the leader; it knows {}",
            name(follower),
            name(leader)
        )
    );
    assert_eq!(s.propose(f64::from(leader), 7.0), Ok(2.0));
    assert!(s
        .propose(9.0, 1.0)
        .unwrap_err()
        .message
        .starts_with("unknown node id 9"));
    assert!(s
        .propose(0.0, -1.0)
        .unwrap_err()
        .message
        .starts_with("value must be"));
}

#[test]
fn crash_restart_and_their_errors() {
    let mut s = sim(3);
    let leader = elect(&mut s);
    let id = f64::from(leader);
    s.crash(id).unwrap();
    assert_eq!(
        s.crash(id).unwrap_err().message,
        format!("{} is down", name(leader))
    );
    let r = row(&mut s, leader as usize);
    assert_eq!(r[UP], 0.0);
    assert!(r[TERM] >= 1.0, "persistent term kept");
    assert_eq!(r[TIMER_START], -1.0);
    assert!(s.log(id).is_ok(), "a down node's log is readable");
    // Messages sent to it from now on show as lost on arrival (dropReason 4).
    let mut to_down: Vec<Vec<f64>> = Vec::new();
    for _ in 0..100 {
        s.advance(10.0).unwrap();
        to_down.extend(
            s.messages()
                .chunks(MSG_STRIDE)
                .filter(|m| m[2] == id)
                .map(|m| m.to_vec()),
        );
    }
    assert!(!to_down.is_empty(), "candidates ask it for votes");
    for m in &to_down {
        assert_eq!((m[7], m[8]), (m[6], 4.0), "{m:?}");
    }
    assert!(s.propose(id, 1.0).unwrap_err().message.ends_with("is down"));
    assert!(s
        .force_timeout(id)
        .unwrap_err()
        .message
        .ends_with("is down"));
    let other = f64::from((leader + 1) % 5);
    assert!(s
        .restart(other)
        .unwrap_err()
        .message
        .ends_with("is already running"));
    s.restart(id).unwrap();
    assert_eq!(row(&mut s, leader as usize)[UP], 1.0);
    s.force_timeout(other).unwrap();
    assert_eq!(row(&mut s, other as usize)[ROLE], 2.0);
}

#[test]
fn step_with_nothing_pending_is_an_error_and_leaves_it_working() {
    let mut s = sim(4);
    assert!(s.next_event_at() > 0.0);
    let t = s.step().unwrap();
    assert_eq!(t, s.now());
    for i in 0..5 {
        s.crash(f64::from(i)).unwrap();
    }
    assert_eq!(s.next_event_at(), -1.0);
    assert!(s
        .step()
        .unwrap_err()
        .message
        .starts_with("no event pending"));
    s.restart(0.0).unwrap();
    assert!(s.step().is_ok());
}

#[test]
fn advance_errors_change_nothing() {
    let mut s = sim(5);
    s.advance(10.25).unwrap();
    s.advance(10.25).unwrap();
    assert_eq!(s.now(), 20.5);
    for bad in [f64::NAN, -1.0, f64::INFINITY, 3_600_001.0] {
        assert!(s.advance(bad).is_err());
    }
    assert_eq!(s.now(), 20.5);
    // Sub-microsecond steps add up.
    for _ in 0..4 {
        s.advance(0.00025).unwrap();
    }
    assert_eq!(s.now(), 20.501);
}

#[test]
fn network_actions() {
    let mut s = sim(6);
    let leader = elect(&mut s);
    s.set_partition(&[vec![f64::from(leader)]]).unwrap();
    let groups: Vec<f64> = (0..5).map(|i| row(&mut s, i)[GROUP]).collect();
    assert_eq!(groups.iter().filter(|g| **g == 0.0).count(), 1);
    assert_eq!(groups[leader as usize], 0.0);
    let mut dropped = 0;
    for _ in 0..20 {
        s.advance(5.0).unwrap();
        let m = s.messages();
        assert_eq!(m.len() % MSG_STRIDE, 0);
        // dropReason 2 (partition), dropped at the midpoint of the flight.
        dropped += m
            .chunks(MSG_STRIDE)
            .filter(|r| r[8] == 2.0 && r[7] >= r[5] && r[7] <= r[6])
            .count();
    }
    assert!(dropped > 0, "messages across the partition drop there");
    assert!(s
        .set_partition(&[vec![0.0], vec![0.0]])
        .unwrap_err()
        .message
        .contains("S1 is named in two groups"));
    assert!(s
        .set_partition(&[vec![0.5]])
        .unwrap_err()
        .message
        .contains("whole number"));
    s.heal().unwrap();
    s.cut_link(0.0, 1.0).unwrap();
    s.restore_link(0.0, 1.0).unwrap();
    assert!(s
        .cut_link(0.0, 5.0)
        .unwrap_err()
        .message
        .starts_with("unknown node id 5"));
    s.set_loss(0.5).unwrap();
    // The limits are raft-core's (NetworkConfig::validate_*), the words the page's.
    assert_eq!(
        s.set_loss(2.0).map_err(|f| f.message),
        Err(String::from(
            "loss must be a probability from 0 to 1, got 2"
        ))
    );
    assert!(s
        .set_loss(f64::NAN)
        .unwrap_err()
        .message
        .ends_with("got NaN"));
    s.set_latency(1.0, 2.0).unwrap();
    assert_eq!(
        s.set_latency(2.0, 1.0).map_err(|f| f.message),
        Err(String::from(
            "latency min (2) must not exceed latency max (1)"
        ))
    );
    assert_eq!(
        s.set_latency(0.0, 1.0).map_err(|f| f.message),
        Err(String::from(
            "latency min must be a positive number of milliseconds (0.001 to 60000), got 0"
        ))
    );
    assert!(s
        .set_latency(1.0, 60_001.0)
        .unwrap_err()
        .message
        .starts_with("latency max must be"));
    assert!(s
        .set_latency(1.0, f64::NAN)
        .unwrap_err()
        .message
        .ends_with("got NaN"));
    s.set_latency(0.5, 20.25).unwrap();
    assert_eq!(s.network().latency_min_ms, 0.5);
    assert_eq!(s.network().latency_max_ms, 20.25);
    assert!(s.timeline().recording().actions.len() >= 6);
}

#[test]
fn same_seed_and_actions_same_view() {
    let run = |seed| {
        let mut s = sim(seed);
        s.advance(1_000.0).unwrap();
        let _ = s.propose_to_leader(5.0);
        s.crash(2.0).unwrap();
        s.advance(1_000.0).unwrap();
        let events = s.events(0.0).unwrap();
        (s.nodes().to_vec(), s.messages().to_vec(), events)
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9).0, run(10).0);
}

#[test]
fn events_page_from_a_position() {
    let mut s = sim(7);
    s.advance(2_000.0).unwrap();
    let page: Vec<u64> = s.events(0.0).unwrap().into_iter().map(|r| r.seq).collect();
    assert_eq!(page.len(), crate::events::MAX_EVENTS_PER_CALL);
    let last = *page.last().unwrap();
    let next: Vec<u64> = s
        .events(last as f64)
        .unwrap()
        .into_iter()
        .map(|r| r.seq)
        .collect();
    assert_eq!(next.first(), Some(&last));
    assert!(next.windows(2).all(|w| w[0] < w[1]));
    assert!(s.events(-1.0).is_err());
    assert!(s.events(0.5).is_err());
    assert_eq!(s.events(1e9).unwrap().len(), 0);
}

#[test]
fn log_versions_survive_a_trace_overflow() {
    let mut s = sim(8);
    let before = row(&mut s, 0)[VERSION];
    // Far more records than the trace keeps, with a log change in them.
    s.advance(1_000.0).unwrap();
    let _ = s.propose_to_leader(1.0);
    s.advance(60_000.0).unwrap();
    assert!(s.cluster().trace().len() > TRACE_CAPACITY as u64);
    assert!(row(&mut s, 0)[VERSION] > before);
}

// ----- time travel, links, scenarios -----

/// Everything the page draws, with each logVersion blanked: versions count changes seen,
/// so they differ between a run that went back and a fresh one (logs are compared whole).
type Frame = (f64, Vec<f64>, Vec<f64>, Vec<f64>, Vec<Vec<f64>>, f64);

fn frame(s: &mut Sim) -> Frame {
    let mut nodes = s.nodes().to_vec();
    for r in nodes.chunks_mut(NODE_STRIDE) {
        r[VERSION] = 0.0;
    }
    let logs = (0..s.node_count())
        .map(|i| s.log(i as f64).unwrap().to_vec())
        .collect();
    (
        s.now(),
        nodes,
        s.messages().to_vec(),
        s.progress().to_vec(),
        logs,
        s.leader(),
    )
}

/// A run with actions, cut short at `until` ms (the script's times are 1000, 1500, 2200,
/// 3000, ending at 4000).
fn script(seed: u64, until: f64) -> Sim {
    let mut s = sim(seed);
    for at in [1_000.0, 1_500.0, 2_200.0, 3_000.0] {
        if at > until {
            break;
        }
        s.advance(at - s.now()).unwrap();
        match at as u32 {
            1_000 => drop(s.propose_to_leader(5.0)),
            1_500 => s.crash(2.0).unwrap(),
            2_200 => s.set_partition(&[vec![0.0, 1.0]]).unwrap(),
            _ => s.heal().unwrap(),
        }
    }
    s.advance(until.min(4_000.0) - s.now()).unwrap();
    s
}

fn described(s: &Sim) -> Vec<(f64, String)> {
    s.actions().into_iter().map(|a| (a.at_ms, a.text)).collect()
}

fn mark_rows(s: &mut Sim) -> Vec<Vec<f64>> {
    s.marks().chunks(MARK_STRIDE).map(<[f64]>::to_vec).collect()
}

#[test]
fn seeking_back_and_forth_gives_the_same_frames_as_a_fresh_run() {
    let mut s = script(20, 4_000.0);
    assert_eq!(s.horizon(), 4_000.0);
    assert!(!s.in_past());
    let end = frame(&mut s);
    assert_eq!(described(&s).len(), 4);
    for t in [1_800.0, 0.0, 2_200.0, 999.5, 3_999.0] {
        s.seek(t).unwrap();
        assert_eq!(s.now(), t);
        assert!(s.in_past(), "{t}");
        assert_eq!(s.horizon(), 4_000.0);
        assert_eq!(frame(&mut s), frame(&mut script(20, t)), "at {t}");
    }
    s.seek(4_000.0).unwrap();
    assert_eq!(frame(&mut s), end);
    assert!(!s.in_past());
    assert_eq!(s.forks(), 0.0);
    assert_eq!(described(&s).len(), 4, "seeking keeps the tape");
}

#[test]
fn log_versions_change_when_the_cursor_goes_back() {
    let mut s = script(21, 3_000.0);
    let before: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
    s.seek(2_000.0).unwrap();
    for (i, v) in before.iter().enumerate() {
        assert_ne!(row(&mut s, i)[VERSION], *v, "node {i}");
    }
    let back: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
    assert!(s.step_back());
    for (i, v) in back.iter().enumerate() {
        assert_ne!(row(&mut s, i)[VERSION], *v, "node {i}");
    }
}

#[test]
fn step_back_then_step_returns_to_the_same_frame() {
    let mut s = script(22, 2_500.0);
    let here = frame(&mut s);
    let t = s.step().unwrap();
    assert!(t >= 2_500.0);
    let next = frame(&mut s);
    assert!(s.step_back());
    // Back to just after the previous event: the same state, one event earlier.
    let back = frame(&mut s);
    assert_eq!(back.1, here.1);
    assert_eq!(back.2, here.2);
    assert_eq!(back.4, here.4);
    assert!(s.in_past());
    assert_eq!(s.step().unwrap(), t);
    assert_eq!(frame(&mut s), next);
    // At the very start there is nothing to step back over.
    let mut s = sim(22);
    assert!(!s.step_back());
    s.step().unwrap();
    assert!(s.step_back());
    assert_eq!(s.now(), 0.0);
    assert!(!s.step_back());
    assert_eq!(frame(&mut s), frame(&mut sim(22)));
}

#[test]
fn events_after_going_back_start_from_the_restored_trace() {
    let mut s = script(23, 3_000.0);
    let end = s.cluster().trace().len();
    assert!(!s.events(end as f64 - 1.0).unwrap().is_empty());
    s.seek(1_000.0).unwrap();
    let restored = s.cluster().trace().len();
    assert!(restored < end, "seq went back");
    assert_eq!(s.events(end as f64 - 1.0).unwrap().len(), 0);
    // Paging from 0 starts at the first record kept, in order, all before the cursor.
    let first_kept = s.cluster().trace().records().next().unwrap().seq;
    let seqs: Vec<u64> = s.events(0.0).unwrap().into_iter().map(|r| r.seq).collect();
    assert!(seqs[0] >= first_kept);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    let tail: Vec<u64> = s
        .events(restored as f64 - 50.0)
        .unwrap()
        .into_iter()
        .map(|r| r.seq)
        .collect();
    assert!(!tail.is_empty() && *tail.last().unwrap() < restored);
    assert!(s.events(0.0).unwrap().iter().all(|r| r.at <= 1_000.0));
}

#[test]
fn acting_in_the_past_forks() {
    let mut s = script(24, 4_000.0);
    let version = s.marks_version();
    let full = described(&s);
    assert_eq!(full.len(), 4);
    s.seek(1_800.0).unwrap();
    assert_eq!(s.marks_version(), version, "seeking keeps the marks");
    assert!(s.in_past());
    // A refused action forks nothing.
    assert!(s.crash(2.0).unwrap_err().message.ends_with("is down"));
    assert_eq!((s.forks(), described(&s).len()), (0.0, 4));
    s.set_loss(0.1).unwrap();
    assert_eq!(s.forks(), 1.0);
    assert!(!s.in_past());
    assert_eq!(s.horizon(), 1_800.0);
    let now = described(&s);
    assert_eq!(now.len(), 3);
    assert_eq!(now[..2], full[..2]);
    assert_eq!(now[2], (1_800.0, String::from("set loss to 10.0%")));
    assert_ne!(s.marks_version(), version, "the fork dropped marks");
    assert!(mark_rows(&mut s).iter().all(|m| m[0] <= 1_800.0));
    // Acting at the horizon does not fork again.
    s.advance(100.0).unwrap();
    s.heal().unwrap();
    assert_eq!(s.forks(), 1.0);
    assert_eq!(described(&s).len(), 4);
}

#[test]
fn run_until_a_leader_and_the_marks() {
    let mut s = sim(25);
    let version = s.marks_version();
    assert_eq!(s.run_until(UntilKind::Leader, 5_000.0), Ok(true));
    let id = s.leader();
    assert!(id >= 0.0);
    let at = s.now();
    assert!(at > 0.0 && at <= 5_000.0);
    assert_ne!(s.marks_version(), version);
    let version = s.marks_version();
    assert_eq!(s.marks_version(), version, "reading changes nothing");
    let marks = s.marks().to_vec();
    assert_eq!(marks.len() % MARK_STRIDE, 0);
    let rows = mark_rows(&mut s);
    assert!(rows.windows(2).all(|w| w[0][0] <= w[1][0]), "time order");
    let term = row(&mut s, id as usize)[TERM];
    assert!(rows.contains(&vec![at, 1.0, id, term]), "{rows:?}");
    assert!(rows.iter().any(|m| m[1] == 0.0 && m[2] == term));
    // No proposal, no commit: not found within the limit.
    assert_eq!(s.run_until(UntilKind::Commit, 300.0), Ok(false));
    assert!(s.now() >= at + 300.0 - 1e-9);
    s.propose_to_leader(9.0).unwrap();
    assert_eq!(s.run_until(UntilKind::Commit, 1_000.0), Ok(true));
    assert!(mark_rows(&mut s).iter().any(|m| m[1] == 2.0 && m[2] == 1.0));
    assert!(mark_rows(&mut s).iter().any(|m| m[1] == 5.0 && m[2] == 0.0));
    // From the past it lands on the recorded mark.
    s.seek(0.0).unwrap();
    assert_eq!(s.run_until(UntilKind::Leader, 5_000.0), Ok(true));
    assert_eq!(s.now(), at);
    assert_eq!(s.leader(), id);
    // Bad arguments change nothing.
    // (A kind other than 'leader', 'commit' or 'split' is refused by lib.rs: see
    // web/tests/playground.rs.)
    for limit in [f64::NAN, -1.0, 3_600_001.0] {
        assert!(s
            .run_until(UntilKind::Split, limit)
            .unwrap_err()
            .message
            .starts_with("runUntil limitMs needs"));
    }
    assert_eq!(s.now(), at);
}

#[test]
fn seek_checks_its_argument() {
    let mut s = script(26, 1_000.0);
    for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(s
            .seek(bad)
            .unwrap_err()
            .message
            .starts_with("seek(ms) needs a number of milliseconds from 0"));
    }
    assert_eq!(
        s.seek(3_601_001.0).unwrap_err().message,
        "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at most \
         3601000 here, got 3601001"
    );
    assert_eq!(s.now(), 1_000.0);
    // Forward past the horizon simulates, and moves the horizon.
    s.seek(1_500.25).unwrap();
    assert_eq!((s.now(), s.horizon()), (1_500.25, 1_500.25));
    assert!(!s.in_past());
}

#[test]
fn a_link_reopens_the_run_at_the_same_moment() {
    let mut s = script(27, 4_000.0);
    let link = s.link().unwrap();
    assert!(link.starts_with("r2."), "{link}");
    let mut o = Sim::from_link(&link).unwrap();
    assert_eq!(frame(&mut o), frame(&mut s));
    assert_eq!(described(&o), described(&s));
    assert_eq!(o.seed(), 27.0);
    assert!(!o.in_past());
    // From the past: the link keeps the tape after the cursor too.
    s.seek(2_000.0).unwrap();
    let mut o = Sim::from_link(&format!("#{}", s.link().unwrap())).unwrap();
    assert_eq!(frame(&mut o), frame(&mut s));
    assert!(o.in_past());
    assert_eq!(described(&o).len(), 4);
    o.seek(4_000.0).unwrap();
    s.seek(4_000.0).unwrap();
    assert_eq!(frame(&mut o), frame(&mut s));
}

#[test]
fn bad_links_are_refused_with_their_reason() {
    let link = script(28, 2_000.0).link().unwrap();
    let payload = &link[3..];
    let mut cut = payload.len() / 2;
    if cut % 4 == 1 {
        cut += 1;
    }
    let long = "r2.".to_string() + &"A".repeat(100 * 1024);
    let cases = [
        (String::new(), "the link is empty"),
        (String::from("#"), "the link is empty"),
        (String::from("garbage"), "this is not a Raft Playground link (no version tag)"),
        (
            String::from("r9.AAAA"),
            "this link was made by a newer version of the playground (format r9); this one reads r2",
        ),
        (String::from("x1.AAAA"), "this is not a Raft Playground link (unknown version tag)"),
        (String::from("r2.!!!!"), "the link is damaged (not valid base64url)"),
        (format!("r2.{}", &payload[..cut]), "the link is damaged or truncated"),
        (
            long,
            "the link is too long (102403 characters; at most 65536)",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            Sim::from_link(&text).unwrap_err().message,
            expected,
            "{text:.40}"
        );
    }
    // Still fine afterwards.
    let mut s = Sim::from_link(&link).unwrap();
    assert_eq!(s.now(), 2_000.0);
    s.advance(10.0).unwrap();
}

#[test]
fn a_run_past_one_hour_has_no_link() {
    let mut s = sim(29);
    s.advance(3_600_000.0).unwrap();
    assert!(s.link().is_ok());
    s.advance(1.0).unwrap();
    assert!(s
        .link()
        .unwrap_err()
        .message
        .starts_with("a link holds at most the first hour of a run"));
    s.seek(3_000_000.0).unwrap();
    assert!(s.link().is_ok());
    // The limits the messages name.
    assert_eq!(share::MAX_TIME, 3_600_000_000);
    assert_eq!(share::MAX_ACTIONS, 20_000);
    assert_eq!(share::MAX_LINK_LEN, 65_536);
}

#[test]
fn a_run_with_too_many_actions_has_no_link() {
    let mut s = sim(30);
    for _ in 0..share::MAX_ACTIONS {
        s.heal().unwrap();
    }
    assert!(s.link().is_ok());
    s.heal().unwrap();
    let too_many = s.link().unwrap_err().message;
    // Fewer actions, but too long a text.
    let mut s = sim(30);
    for i in 0..8_000 {
        s.set_loss(f64::from(i % 100) / 100.0).unwrap();
    }
    assert_eq!(s.link().unwrap_err().message, too_many);
    assert_eq!(
        too_many,
        "this run has too many actions for a link (a link holds at most 20000 actions in \
         65536 characters)"
    );
}

/// The page opens scenarios from its catalogue through their links: each opens at its
/// start and plays to its last caption.
#[test]
fn every_catalogue_scenario_opens_from_its_link_and_plays_to_its_last_caption() {
    let catalogue: serde_json::Value =
        serde_json::from_str(include_str!("../../www/src/scenarios.json")).unwrap();
    let list = catalogue.as_array().unwrap();
    assert_eq!(list.len(), raft_core::scenarios::IDS.len());
    for entry in list {
        let id = entry["id"].as_str().unwrap();
        let mut s = Sim::from_link(entry["link"].as_str().unwrap()).unwrap();
        assert_eq!(s.now(), 0.0, "{id}");
        let last = entry["captions"].as_array().unwrap().last().unwrap()["atMs"]
            .as_f64()
            .unwrap();
        s.seek(last).unwrap();
        assert_eq!(s.now(), last, "{id}");
        s.advance(500.0).unwrap();
        assert!(s.marks().len() % MARK_STRIDE == 0);
        // Only the "break Raft" scenarios, with an unsafe switch on, end in a violation.
        let o = s.options();
        let breaks_raft = o.no_election_restriction
            || o.commit_previous_terms
            || o.forget_vote_on_restart
            || o.snapshot_past_commit
            || o.trust_transfer_target
            || o.change_before_own_term_commit;
        assert_eq!(s.violation().is_some(), breaks_raft, "{id}");
        // Its link reopens it at the same moment.
        let mut o = Sim::from_link(&s.link().unwrap()).unwrap();
        assert_eq!(frame(&mut o), frame(&mut s), "{id}");
    }
}

#[test]
fn network_follows_actions_and_seeks() {
    let read = |s: &Sim| {
        let n = s.network();
        (n.loss, n.latency_min_ms, n.latency_max_ms)
    };
    let mut s = Sim::new(parse(&PlaygroundConfig::default()).unwrap(), 1).unwrap();
    assert_eq!(read(&s), (0.0, 10.0, 30.0));
    s.advance(500.0).unwrap();
    s.set_loss(0.25).unwrap();
    s.set_latency(50.0, 150.0).unwrap();
    s.advance(500.0).unwrap();
    assert_eq!(read(&s), (0.25, 50.0, 150.0));
    s.seek(100.0).unwrap();
    assert_eq!(read(&s).0, 0.0);
}

#[test]
fn options_reflect_the_config() {
    let raw = PlaygroundConfig {
        nodes: Some(Given::Number(3.0)),
        seed: Some(Given::Number(77.0)),
        election_timeout_min_ms: Some(Given::Number(200.0)),
        election_timeout_max_ms: Some(Given::Number(400.5)),
        heartbeat_ms: Some(Given::Number(20.0)),
        latency_min_ms: Some(Given::Number(1.0)),
        latency_max_ms: Some(Given::Number(2.0)),
        loss: Some(Given::Number(0.25)),
        backtracking: Some(Given::String(String::from("by-conflict-term"))),
        pre_vote: Some(Given::Boolean(true)),
        check_quorum: Some(Given::Boolean(true)),
        leader_noop: Some(Given::Boolean(true)),
        commit_previous_terms: Some(Given::Boolean(true)),
        snapshot_every: Some(Given::Number(8.0)),
        ..PlaygroundConfig::default()
    };
    let s = Sim::new(parse(&raw).unwrap(), 1).unwrap();
    assert_eq!(
        serde_json::to_value(s.options()).unwrap(),
        serde_json::json!({
            "nodes": 3, "seed": 77.0, "electionTimeoutMinMs": 200.0,
            "electionTimeoutMaxMs": 400.5, "heartbeatMs": 20.0, "latencyMinMs": 1.0,
            "latencyMaxMs": 2.0, "loss": 0.25, "backtracking": "by-conflict-term",
            "preVote": true, "checkQuorum": true, "leaderNoop": true,
            "maxEntriesPerAppend": 64.0, "noElectionRestriction": false,
            "commitPreviousTerms": true, "forgetVoteOnRestart": false,
            "snapshotPastCommit": false, "snapshotEvery": 8.0, "snapshotThreshold": 0.0, "trustTransferTarget": false, "changeBeforeOwnTermCommit": false
        })
    );
    let out = serde_json::to_value(sim(5).options()).unwrap();
    assert_eq!(out["backtracking"], "one-by-one");
    assert_eq!(out["seed"], 5.0);
    assert_eq!(out["preVote"], false);
    assert_eq!(out["electionTimeoutMinMs"], 150.0);
}

/// A "break Raft" scenario's link opens with its switch on; `with_switches` replays the same
/// run under the other rule at the same moment: the violation (and its timeline mark) comes
/// and goes with the switch, and the new run's link carries the switch.
#[test]
fn switches_rerun_the_same_run_at_the_same_moment() {
    use crate::view::{MarkCode, MarkCol};
    use raft_core::UnsafeSwitches;
    let catalogue: serde_json::Value =
        serde_json::from_str(include_str!("../../www/src/scenarios.json")).unwrap();
    let entry = catalogue
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "break-forgotten-vote")
        .unwrap();
    let mut s = Sim::from_link(entry["link"].as_str().unwrap()).unwrap();
    assert!(s.options().forget_vote_on_restart);
    s.seek(1000.0).unwrap();
    let v = s.violation().expect("two leaders of term 1");
    assert!(v.at_ms < 1000.0 && s.violation_at() == v.at_ms);
    let violation_marks = |s: &mut Sim| {
        s.marks()
            .chunks(MARK_STRIDE)
            .filter(|m| m[MarkCol::Kind as usize] == f64::from(MarkCode::Violation as u32))
            .map(|m| m[MarkCol::At as usize])
            .collect::<Vec<f64>>()
    };
    assert_eq!(violation_marks(&mut s), [v.at_ms]);
    // Before the violation, the cursor shows none.
    s.seek(v.at_ms - 1.0).unwrap();
    assert!(s.violation().is_none() && s.violation_at() == -1.0);
    s.seek(1000.0).unwrap();

    let mut safe = s.with_switches(UnsafeSwitches::default()).unwrap();
    assert_eq!(safe.now(), 1000.0);
    assert_eq!(safe.actions(), s.actions(), "the same recorded actions");
    assert!(safe.violation().is_none());
    assert!(violation_marks(&mut safe).is_empty());
    assert!(!safe.options().forget_vote_on_restart);

    let on = UnsafeSwitches {
        forget_vote_on_restart: true,
        ..UnsafeSwitches::default()
    };
    let mut again = safe.with_switches(on).unwrap();
    assert_eq!(again.violation(), s.violation());
    let back = Sim::from_link(&again.link().unwrap()).unwrap();
    assert!(back.options().forget_vote_on_restart, "the link carries it");
    assert_eq!(frame(&mut again), frame(&mut s));
}

#[test]
fn one_action_is_the_one_actions_lists_and_nothing_else_answers() {
    let mut s = sim(9);
    s.advance(1_000.0).unwrap();
    s.crash(1.0).unwrap();
    s.advance(500.0).unwrap();
    s.heal().unwrap();
    let all = s.actions();
    assert_eq!(all.len(), 2);
    for (i, view) in all.iter().enumerate() {
        assert_eq!(s.action(i as f64).as_ref(), Some(view));
    }
    for off in [2.0, -1.0, 0.5, f64::NAN, f64::INFINITY, 1e300] {
        assert_eq!(s.action(off), None, "index {off}");
    }
}

/// The page reads logs and marks a piece at a time: while a node's log epoch stays, its log
/// only grew (so `log_since(id, count)` is all that is new), and likewise the marks while the
/// marks epoch stays. A walk of proposals, partitions that leave an old leader with entries
/// the next leader overwrites (§5.3), crashes and jumps back in time checks both after each
/// step, and that truncations did move the epoch.
#[test]
fn logs_and_marks_only_grow_while_their_epochs_stay() {
    let mut s = sim(11);
    let n = s.node_count();
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |m: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % m
    };
    let (mut log_erasures, mut value) = (0, 0.0);
    for _ in 0..800 {
        let logs: Vec<(f64, Vec<f64>)> = (0..n)
            .map(|id| {
                (
                    s.log_epoch(id as f64).unwrap(),
                    s.log(id as f64).unwrap().to_vec(),
                )
            })
            .collect();
        let marks_epoch = crate::marks_since::epoch(s.timeline());
        let marks = s.marks().to_vec();
        let node = next(n as u64) as f64;
        value += 1.0;
        let _ = match next(12) {
            0 => s.set_partition(&[vec![node]]),
            1 => s.heal(),
            2 => s.crash(node),
            3 => s.restart(node),
            4 if s.horizon() > 2_000.0 => s.seek(s.now() - 1_000.0 - next(1_000) as f64),
            5 | 6 => s.propose(node, value).map(|_| ()),
            7 => s.propose_to_leader(value).map(|_| ()),
            _ => s.advance(50.0 + next(400) as f64),
        };
        for (id, (epoch, before)) in logs.iter().enumerate() {
            let after = s.log(id as f64).unwrap().to_vec();
            if s.log_epoch(id as f64).unwrap() == *epoch {
                assert!(
                    after.starts_with(before),
                    "S{} lost entries in one epoch",
                    id + 1
                );
                let count = (before.len() / LOG_STRIDE) as f64;
                assert_eq!(
                    s.log_since(id as f64, count).unwrap(),
                    &after[before.len()..]
                );
            } else if !after.starts_with(before) {
                log_erasures += 1;
            }
        }
        if crate::marks_since::epoch(s.timeline()) == marks_epoch {
            let after = s.marks().to_vec();
            assert!(after.starts_with(&marks), "marks lost in one epoch");
        }
    }
    assert!(
        log_erasures > 0,
        "the walk erased no entries: it checks nothing about truncation"
    );
}
