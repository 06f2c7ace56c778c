//! The node inspector's reasons, checked on real runs: each "why" pairs the two sides of one
//! exchange, as the trace recorded them.

use raft_core::event::{AppendRefusal, Event, VoteRefusal};
use raft_core::scenarios::build;
use raft_core::sim::{inspect, Cluster};
use raft_core::trace::TraceEvent;

/// Runs `id`'s scenario event by event, calling `check` after each node event of the trace.
fn each_event(id: &str, mut check: impl FnMut(&Cluster, u8, &Event)) {
    let s = build(id).unwrap();
    let mut timeline = raft_core::sim::Timeline::open(s.recording.clone(), 0).unwrap();
    let mut seen = timeline.cluster().trace().len();
    while timeline.now() < s.duration && timeline.step_forward() {
        let c = timeline.cluster();
        for r in c.trace().since(seen) {
            if let TraceEvent::Node { node, event } = &r.event {
                check(c, *node, event);
            }
        }
        seen = c.trace().len();
    }
}

/// §5.3: every time the leader steps S2's nextIndex back, the inspector names S2's refusal of
/// the AppendEntries whose prevLogIndex was the old nextIndex - 1, even when an older
/// heartbeat's refusal arrived in between (latency 10–30 ms reorders them).
#[test]
fn every_step_back_carries_the_refusal_of_its_own_prev_log_index() {
    for id in ["backtracking", "backtracking-fast"] {
        let mut steps = 0;
        each_event(id, |c, node, event| {
            if let (0, Event::NextIndexBack { peer: 1, from, to }) = (node, event) {
                steps += 1;
                let why = inspect(c, 0).unwrap().reasons.append_refused_to_it.unwrap();
                assert_eq!(why.next_index, Some((*from, *to)), "{id}");
                assert_eq!(why.follower, 1);
                let index = match why.reason {
                    Some(AppendRefusal::TermMismatch { index, .. })
                    | Some(AppendRefusal::NoEntry { index, .. }) => index,
                    other => panic!("{id}: step back {from} → {to} without its reason: {other:?}"),
                };
                assert_eq!(index, from - 1, "{id}");
            }
        });
        assert_eq!(steps, if id == "backtracking" { 7 } else { 2 });
    }
}

/// §5.4.1: in the election-restriction chapter, S4's inspector (the candidate) gives each
/// voter's reason for refusing it, the same one the voter's own inspector gives.
#[test]
fn a_refused_candidate_sees_the_voters_own_reason() {
    let mut refusals = 0;
    each_event("election-restriction", |c, node, event| {
        if let (
            3,
            Event::VoteReceived {
                from,
                granted: false,
                term: 3,
                ..
            },
        ) = (node, event)
        {
            refusals += 1;
            let candidate = inspect(c, 3).unwrap().reasons.vote_refused_to_it.unwrap();
            let voter = inspect(c, *from).unwrap().reasons.vote_cast.unwrap();
            assert_eq!(candidate.voter, *from);
            assert!(matches!(
                candidate.refusal,
                Some(VoteRefusal::LogBehind { .. })
            ));
            assert_eq!(candidate.refusal, voter.refusal);
        }
    });
    assert_eq!(refusals, 3);
}
