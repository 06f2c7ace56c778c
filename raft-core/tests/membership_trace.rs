//! The trace tells membership changes as they happened (dissertation §4.1–4.3): a server added
//! to a running cluster is a new process that starts, never a restart; it joins the cluster
//! when the leader's configuration names it; a removed server leaves when the leader's
//! configuration drops it, and a removed server's campaigns do not bring it back. The
//! space-time diagram's lanes are read from these records, so they are checked through the
//! timeline's history too.
//!
//! Servers are S1, S2, … in prose and ids 0, 1, … in code.

mod common;
use common::{settled_leader, sim};

use raft_core::sim::history::LaneChange;
use raft_core::sim::{Action, Cluster, Outcome, Target, Timeline};
use raft_core::trace::TraceEvent;
use raft_core::types::{NodeId, Time, MS, SECOND};
use raft_core::Config;

fn noop() -> Config {
    Config {
        leader_noop: true,
        ..Config::default()
    }
}

/// The times of the trace's records about `node` that `pick` selects.
fn times(c: &Cluster, node: NodeId, pick: fn(&TraceEvent) -> Option<NodeId>) -> Vec<Time> {
    c.trace()
        .records()
        .filter(|r| pick(&r.event) == Some(node))
        .map(|r| r.at)
        .collect()
}

fn started(e: &TraceEvent) -> Option<NodeId> {
    match e {
        TraceEvent::Started { node } => Some(*node),
        _ => None,
    }
}
fn restarted(e: &TraceEvent) -> Option<NodeId> {
    match e {
        TraceEvent::Restarted { node } => Some(*node),
        _ => None,
    }
}
fn joined(e: &TraceEvent) -> Option<NodeId> {
    match e {
        TraceEvent::Joined { node } => Some(*node),
        _ => None,
    }
}
fn left(e: &TraceEvent) -> Option<NodeId> {
    match e {
        TraceEvent::Left { node } => Some(*node),
        _ => None,
    }
}

/// §4.2.1: the operator starts a new server with an empty log, then asks the leader to add it.
/// The trace says it started (it never ran before) and joined when the leader appended the
/// configuration naming it, which takes effect at once (§4.1).
#[test]
fn a_new_server_starts_and_joins_it_is_never_said_to_restart() {
    for seed in 0..5 {
        let mut c = sim(3, noop(), seed);
        settled_leader(&mut c);
        c.advance_by(100 * MS);
        let at = c.now();
        assert!(matches!(
            c.apply(Action::AddServer { node: 3 }),
            Ok(Outcome::Proposed { .. })
        ));
        c.advance_by(SECOND);
        assert_eq!(times(&c, 3, started), vec![at], "seed {seed}");
        assert_eq!(times(&c, 3, restarted), Vec::<Time>::new(), "seed {seed}");
        assert_eq!(times(&c, 3, joined), vec![at], "seed {seed}");
        for old in 0..3 {
            assert!(times(&c, old, joined).is_empty() && times(&c, old, left).is_empty());
        }
        // A crash and a restart of the new server are told as such.
        c.apply(Action::Crash { node: 3 }).unwrap();
        c.advance_by(100 * MS);
        c.apply(Action::Restart { node: 3 }).unwrap();
        assert_eq!(times(&c, 3, restarted), vec![c.now()]);
        assert_eq!(times(&c, 3, started), vec![at]);
    }
}

/// A server started while there is no leader runs outside any configuration (§4.2.1): it
/// started, and joined nothing.
#[test]
fn a_server_added_without_a_leader_starts_but_does_not_join() {
    let mut c = sim(3, noop(), 1);
    assert!(c.leader().is_none());
    assert!(matches!(
        c.apply(Action::AddServer { node: 3 }),
        Ok(Outcome::ChangeRefused { .. })
    ));
    assert_eq!(times(&c, 3, started), vec![0]);
    c.advance_by(3 * SECOND);
    assert!(c.leader().is_some());
    assert!(times(&c, 3, joined).is_empty());
}

/// §4.2.2: a leader that removes itself leaves the configuration when it appends the entry
/// without itself, though it leads on until the entry commits.
#[test]
fn a_removed_leader_leaves_when_its_configuration_drops_it() {
    for seed in 0..5 {
        let mut c = sim(5, noop(), seed);
        let old = settled_leader(&mut c);
        let at = c.now();
        c.apply(Action::RemoveServer { node: old }).unwrap();
        assert_eq!(times(&c, old, left), vec![at], "seed {seed}");
        c.advance_by(2 * SECOND);
        assert!(c.leader().is_some_and(|l| l != old));
        assert_eq!(times(&c, old, left), vec![at]);
        assert!(times(&c, old, joined).is_empty(), "seed {seed}");
    }
}

/// §4.2.3: a follower removed while cut off never learns it, and back on the network it
/// campaigns with higher terms, deposing the leader. It still left the cluster, once: a
/// candidate's configuration is no cluster's, so its campaigns do not bring it back.
#[test]
fn a_removed_server_that_disrupts_does_not_rejoin() {
    let mut c = sim(5, Config::default(), 33);
    c.run_until(5 * SECOND, |c| c.leader().is_some());
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 1,
    })
    .unwrap();
    let leader = settled_leader(&mut c);
    let gone = (leader + 1) % 5;
    let rest: Vec<NodeId> = (0..5).filter(|&n| n != gone).collect();
    c.apply(Action::SetPartition {
        groups: vec![vec![gone], rest],
    })
    .unwrap();
    c.apply(Action::RemoveServer { node: gone }).unwrap();
    c.advance_by(700 * MS);
    c.apply(Action::Heal).unwrap();
    let term = c.node(leader).unwrap().term();
    c.advance_by(3 * SECOND);
    assert!(
        c.node(leader).unwrap().term() > term,
        "the removed server disrupted the members"
    );
    assert_eq!(times(&c, gone, left).len(), 1);
    assert!(times(&c, gone, joined).is_empty());
}

/// The diagram's lanes: a window after the addition opens with the new server started and
/// joined; a window before it has no change of the new server at all; the re-added server
/// joins again.
#[test]
fn the_lanes_begin_where_a_server_started_and_follow_its_membership() {
    let mut c = sim(3, noop(), 4);
    settled_leader(&mut c);
    c.advance_by(100 * MS);
    let add = c.now();
    c.apply(Action::AddServer { node: 3 }).unwrap();
    c.advance_by(2 * SECOND);
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 7,
    })
    .unwrap();
    c.advance_by(SECOND);
    let remove = c.now();
    assert!(matches!(
        c.apply(Action::RemoveServer { node: 3 }),
        Ok(Outcome::Proposed { .. })
    ));
    c.advance_by(SECOND);
    let mut timeline = Timeline::new(c.recording()).unwrap();
    timeline.seek(c.now());
    let history = timeline.history();
    let of = |from: Time, to: Time| -> Vec<(Time, LaneChange)> {
        history
            .lanes(from, to)
            .into_iter()
            .filter(|l| l.node == 3)
            .map(|l| (l.at, l.change))
            .collect()
    };
    assert!(
        of(0, add - MS).is_empty(),
        "before it started, S4 has no lane"
    );
    let around = of(add - MS, add + MS);
    assert_eq!(
        around.first(),
        Some(&(add, LaneChange::Started)),
        "{around:?}"
    );
    assert_eq!(
        around.last(),
        Some(&(add, LaneChange::Joined)),
        "{around:?}"
    );
    // A window opening later still knows S4 started and is a member.
    let opening = of(add + SECOND, add + SECOND);
    assert!(opening.contains(&(add, LaneChange::Started)), "{opening:?}");
    assert!(opening.contains(&(add, LaneChange::Joined)), "{opening:?}");
    assert!(of(remove - MS, remove + MS).contains(&(remove, LaneChange::Left)));
    let after = of(remove + 10 * MS, remove + 10 * MS);
    assert!(after.contains(&(remove, LaneChange::Left)), "{after:?}");
}
