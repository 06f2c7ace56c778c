//! Unit tests of web/src/events.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;
use raft_core::event::AppendRefusal;
use serde_json::{json, Value};

/// A record as the page gets it, as JSON (serde_json writes what serde-wasm-bindgen writes).
pub fn to_json(record: &TraceRecord) -> Value {
    serde_json::to_value(TraceEventView::of(record).expect("a shown record")).unwrap()
}

fn node_record(node: NodeId, event: Event) -> TraceRecord {
    TraceRecord {
        seq: 3,
        at: 1_500,
        event: TraceEvent::Node { node, event },
    }
}

#[test]
fn refusal_reasons_read_as_text() {
    let r = VoteRefusal::LogBehind {
        candidate_last_term: 2,
        candidate_last_index: 9,
        own_last_term: 3,
        own_last_index: 4,
    };
    assert_eq!(vote_reason(r, 5), "candidate log behind (last term 2 < 3)");
    let r = VoteRefusal::LogBehind {
        candidate_last_term: 3,
        candidate_last_index: 2,
        own_last_term: 3,
        own_last_index: 4,
    };
    assert_eq!(
        vote_reason(r, 5),
        "candidate log behind (last index 2 < 4, both in term 3)"
    );
    let r = VoteRefusal::AlreadyVoted { voted_for: 2 };
    assert_eq!(vote_reason(r, 5), "already voted for S3 in term 5");
    let r = VoteRefusal::StaleTerm {
        term: 3,
        current: 4,
    };
    assert_eq!(vote_reason(r, 3), "stale term 3 < 4");
    let r = AppendRefusal::NoEntry {
        index: 7,
        last_index: 4,
    };
    assert_eq!(r.to_string(), "no entry at index 7 (log ends at 4)");
    let r = AppendRefusal::TermMismatch {
        index: 5,
        expected: 3,
        found: 2,
    };
    assert_eq!(
        r.to_string(),
        "term mismatch at index 5: leader has 3, follower has 2"
    );
    let r = AppendRefusal::StaleTerm {
        term: 3,
        current: 4,
    };
    assert_eq!(r.to_string(), "stale term 3 < 4");
}

#[test]
fn shape_is_flat_with_camel_case_fields() {
    let v = to_json(&node_record(
        1,
        Event::VoteRefused {
            to: 2,
            term: 4,
            pre_vote: true,
            reason: VoteRefusal::LeaderAlive { leader: 0 },
        },
    ));
    assert_eq!(
        v,
        json!({"seq": 3, "at": 1.5, "kind": "voteRefused", "node": 1, "to": 2,
            "term": 4, "preVote": true, "reason": "heard from leader S1 recently",
            "why": {"code": "leaderAlive", "leader": 0}})
    );
    let v = to_json(&node_record(0, Event::ProposalRefused { leader: None }));
    assert_eq!(v["leader"], -1);
    let v = to_json(&node_record(
        0,
        Event::MatchAdvanced {
            peer: 1,
            match_index: 3,
        },
    ));
    assert_eq!(v["kind"], "matchAdvanced");
    assert_eq!(v["matchIndex"], 3);
    assert_eq!(v["leader"], 0);
    let v = to_json(&node_record(
        4,
        Event::NextIndexBack {
            peer: 1,
            from: 5,
            to: 4,
        },
    ));
    assert_eq!(
        v,
        json!({"seq": 3, "at": 1.5, "kind": "nextIndexBack", "node": 4, "leader": 4,
            "peer": 1, "from": 5, "to": 4})
    );
    let v = to_json(&node_record(
        2,
        Event::ElectionLost {
            term: 7,
            granted: 2,
            refused: 1,
            needed: 3,
        },
    ));
    assert_eq!(
        (&v["granted"], &v["refused"], &v["needed"], &v["term"]),
        (&json!(2), &json!(1), &json!(3), &json!(7))
    );
}

#[test]
fn timer_resets_are_not_shown() {
    let r = node_record(
        0,
        Event::TimerReset {
            timer: raft_core::state::TimerKind::Election,
            deadline: 5,
        },
    );
    assert!(!shown(&r));
    assert_eq!(TraceEventView::of(&r), None);
    assert_eq!(page([&r].into_iter()).count(), 0);
}

#[test]
fn a_real_run_writes_known_kinds_only() {
    use raft_core::sim::{Action, Cluster, SimConfig, Target};
    let mut c = Cluster::new(SimConfig::default(), 7).unwrap();
    c.advance_by(2_000_000);
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 9,
    })
    .unwrap();
    c.apply(Action::Crash { node: 0 }).unwrap();
    c.apply(Action::SetPartition {
        groups: vec![vec![1]],
    })
    .unwrap();
    c.advance_by(2_000_000);
    let mut seen = std::collections::BTreeSet::new();
    for r in c.trace().records().filter(|r| shown(r)) {
        let v = to_json(r);
        let kind = v["kind"].as_str().unwrap().to_string();
        assert!(KINDS.contains(&kind.as_str()), "{kind}");
        assert_eq!(v["seq"], r.seq);
        seen.insert(kind);
    }
    for k in [
        "roleChanged",
        "voteGranted",
        "messageSent",
        "messageDelivered",
        "messageDropped",
        "appended",
        "commitAdvanced",
        "action",
        "crashed",
    ] {
        assert!(seen.contains(k), "{k} missing from {seen:?}");
    }
    let first: Vec<_> = page(c.trace().since(0)).collect();
    assert_eq!(first.len(), MAX_EVENTS_PER_CALL);
    assert!(first.windows(2).all(|w| w[0].seq < w[1].seq));
}

#[test]
fn a_run_with_membership_snapshots_and_a_transfer_writes_known_kinds_only() {
    use raft_core::sim::{Action, Cluster, SimConfig, Target};
    let mut c = Cluster::new(SimConfig::default(), 7).unwrap();
    c.advance_by(2_000_000);
    for value in 1..=4 {
        c.apply(Action::Propose {
            to: Target::Leader,
            value,
        })
        .unwrap();
        c.advance_by(200_000);
    }
    let leader = c.leader().unwrap();
    c.apply(Action::Snapshot { node: leader }).unwrap();
    let count = c.len() as u8;
    c.apply(Action::AddServer { node: count }).unwrap();
    c.advance_by(2_000_000);
    let leader = c.leader().unwrap();
    let to = (leader + 1) % count;
    c.apply(Action::TransferLeadership { to }).unwrap();
    c.advance_by(2_000_000);
    let mut seen = std::collections::BTreeSet::new();
    for r in c.trace().records().filter(|r| shown(r)) {
        let kind = to_json(r)["kind"].as_str().unwrap().to_string();
        assert!(KINDS.contains(&kind.as_str()), "{kind} is not in KINDS");
        seen.insert(kind);
    }
    for k in [
        "snapshotTaken",
        "started",
        "joined",
        "configurationChanged",
        "transferStarted",
    ] {
        assert!(seen.contains(k), "{k} missing from {seen:?}");
    }
}
