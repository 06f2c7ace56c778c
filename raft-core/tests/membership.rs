//! Membership changes one server at a time (Ongaro's dissertation, "Consensus: Bridging Theory
//! and Practice", 2014, §4.1–4.3), rule by rule, and the cases etcd's raft and tikv's raft-rs
//! test for single-server changes: a node added catches up, removing the leader, a pending
//! change blocks a second, a removed node's election attempts (with and without PreVote and
//! CheckQuorum). Each test cites the section it checks.
//!
//! Servers are S1, S2, … in prose and ids 0, 1, … in code.

mod common;
use common::{settled_leader, sim};

use raft_core::check::{Breach, Cause, Property};
use raft_core::event::{Event, RoleReason};
use raft_core::message::{AppendEntries, Body, Message};
use raft_core::rng;
use raft_core::sim::{Action, ActionError, Cluster, Outcome, Target};
use raft_core::types::{NodeId, Time, MS, SECOND};
use raft_core::{
    Change, ChangeRefused, Command, Config, Entry, Input, Membership, Node, Persistent, Role,
};

fn config() -> Config {
    Config {
        leader_noop: true,
        ..Config::default()
    }
}

fn members(ids: &[NodeId]) -> Membership {
    ids.iter().fold(Membership::none(), |m, &id| m.with(id))
}

fn no_violation(c: &Cluster) {
    assert!(c.violation().is_none(), "{:?}", c.violation());
}

/// Every running server of `set` holds the same log and has committed all of it.
fn converged(c: &Cluster, set: Membership) -> bool {
    let mut logs = set.iter().filter_map(|id| c.node(id));
    let Some(first) = logs.next() else {
        return false;
    };
    logs.all(|n| n.log() == first.log() && n.commit_index() == first.commit_index())
        && first.commit_index() == first.log().last_index()
}

// ----- §4.1: the configuration is a log entry, in force when appended -----------------------

fn node(id: NodeId, bootstrap: Membership) -> Node {
    let mut n = Node::with_bootstrap(
        id,
        bootstrap,
        config(),
        Persistent::default(),
        rng::seeded(4, u64::from(id)),
        0,
    );
    n.take_events();
    n
}

fn append(to: &mut Node, now: Time, term: u64, prev: (u64, u64), entries: Vec<Entry>) {
    to.step(
        now,
        Input::Message(Message {
            from: 0,
            to: to.id(),
            term,
            body: Body::AppendEntries(AppendEntries {
                prev_log_index: prev.0,
                prev_log_term: prev.1,
                entries,
                leader_commit: 0,
            }),
        }),
    )
    .unwrap();
}

/// §4.1: "a server always uses the latest configuration in its log, regardless of whether
/// the entry is committed", and falls back to the previous one when the entry is removed.
#[test]
fn a_configuration_entry_takes_effect_when_appended_and_reverts_when_truncated() {
    let mut s2 = node(1, Membership::first(3));
    let with_s4 = Membership::first(3).with(3);
    append(
        &mut s2,
        10 * MS,
        1,
        (0, 0),
        vec![
            Entry {
                term: 1,
                command: Command::Noop,
            },
            Entry {
                term: 1,
                command: Command::Config(with_s4),
            },
        ],
    );
    assert_eq!(s2.commit_index(), 0, "nothing is committed");
    assert_eq!((s2.members(), s2.members_index()), (with_s4, 2));
    assert!(s2.take_events().contains(&Event::ConfigurationChanged {
        index: 2,
        members: with_s4
    }));
    // A leader of term 2 overwrites index 2: the configuration entry goes, and so does its
    // configuration.
    append(
        &mut s2,
        20 * MS,
        2,
        (1, 1),
        vec![Entry {
            term: 2,
            command: Command::Value(7),
        }],
    );
    assert_eq!(
        (s2.members(), s2.members_index()),
        (Membership::first(3), 0)
    );
    assert!(s2.take_events().contains(&Event::ConfigurationChanged {
        index: 0,
        members: Membership::first(3)
    }));
}

/// §4.2.1 and etcd's "promotable": a server that is not in its configuration (a new server
/// not yet added) never campaigns, however long it hears nothing.
#[test]
fn a_server_outside_its_configuration_never_campaigns() {
    let mut new = node(5, Membership::none());
    for t in 1..40 {
        let now = t * 100 * MS;
        new.step(now, Input::Timer).unwrap();
        new.step(now, Input::ForceTimeout).unwrap();
        assert_eq!((new.role(), new.term()), (Role::Follower, 0));
        assert!(new.take_messages().is_empty());
    }
}

// ----- §4.1, §4.2: the leader's rules for proposing a change --------------------------------

/// §4.1: "a leader ... will not start a new configuration change until the previous one has
/// committed" (etcd: TestRaftNodeProposeConfChange / "pending conf change").
#[test]
fn a_pending_change_blocks_a_second() {
    let mut c = sim(3, config(), 11);
    let leader = settled_leader(&mut c);
    // Cut the leader off so its change cannot commit.
    let others: Vec<NodeId> = (0..3).filter(|&id| id != leader).collect();
    c.apply(Action::SetPartition {
        groups: vec![vec![leader], others.clone()],
    })
    .unwrap();
    let Outcome::Proposed { index, .. } = c.apply(Action::AddServer { node: 3 }).unwrap() else {
        panic!("the leader proposes the change");
    };
    assert_eq!(
        c.apply(Action::RemoveServer { node: others[0] }),
        Ok(Outcome::ChangeRefused {
            why: ChangeRefused::ChangePending { index }
        })
    );
    assert_eq!(
        c.node(leader).unwrap().pending_change(),
        Some(index),
        "still pending"
    );
    c.apply(Action::Heal).unwrap();
    c.advance_by(SECOND);
    let leader = c.leader().unwrap();
    assert_eq!(c.node(leader).unwrap().pending_change(), None);
    assert!(matches!(
        c.apply(Action::RemoveServer { node: 3 }),
        Ok(Outcome::Proposed { .. })
    ));
    no_violation(&c);
}

/// The 2015 fix to single-server changes (raft-dev, "bug in single-server membership
/// changes"): a leader proposes a change only once an entry of its own term is committed.
#[test]
fn a_leader_changes_the_configuration_only_after_committing_an_entry_of_its_term() {
    let mut s1 = Node::new(
        0,
        1,
        Config::default(),
        Persistent::default(),
        rng::seeded(1, 0),
        0,
    );
    s1.step(0, Input::ForceTimeout).unwrap();
    assert_eq!(s1.role(), Role::Leader);
    assert_eq!(
        s1.propose_change(MS, Change::Add(1)),
        Err(ChangeRefused::NoCommitInTerm { term: 1 }),
        "no entry of term 1 committed yet (no no-op here)"
    );
    s1.propose(MS, Command::Value(5)).unwrap();
    assert_eq!(s1.commit_index(), 1, "a single server commits at once");
    assert_eq!(s1.propose_change(2 * MS, Change::Add(1)), Ok((2, 1)));
    assert_eq!(s1.members(), Membership::first(2), "in force at once");
    assert_eq!(s1.quorum(), 2);
    assert_eq!(
        s1.commit_index(),
        1,
        "S2 must now store it for it to commit"
    );
    // The unsafe switch drops the rule.
    let mut unsafe_config = Config::default();
    unsafe_config.unsafe_switches.change_before_own_term_commit = true;
    let mut s1 = Node::new(
        0,
        1,
        unsafe_config,
        Persistent::default(),
        rng::seeded(1, 0),
        0,
    );
    s1.step(0, Input::ForceTimeout).unwrap();
    assert!(s1.propose_change(MS, Change::Add(1)).is_ok());
}

/// Only a leader proposes, and the change must make sense.
#[test]
fn changes_that_cannot_be_made_are_refused_with_their_reason() {
    let mut c = sim(3, config(), 5);
    assert_eq!(
        c.apply(Action::AddServer { node: 3 }),
        Ok(Outcome::ChangeRefused {
            why: ChangeRefused::NotLeader { leader: None }
        }),
        "no leader yet: the request is answered and recorded, like a proposal to a follower"
    );
    // The new server was started all the same, outside any configuration.
    assert_eq!(c.len(), 4);
    assert_eq!(c.node(3).unwrap().members(), Membership::none());
    let leader = settled_leader(&mut c);
    assert!(!c.members().contains(3), "S4 runs but was never added");
    assert_eq!(
        c.apply(Action::AddServer { node: 1 }),
        Ok(Outcome::ChangeRefused {
            why: ChangeRefused::AlreadyMember { node: 1 }
        })
    );
    assert_eq!(
        c.apply(Action::AddServer { node: 5 }),
        Err(ActionError::NoRoomFor(5)),
        "new servers take the next unused id"
    );
    assert_eq!(c.len(), 4, "an invalid addition starts no process");
    assert!(matches!(
        c.apply(Action::AddServer { node: 3 }),
        Ok(Outcome::Proposed { .. })
    ));
    assert!(matches!(
        c.node((leader + 1) % 3)
            .unwrap()
            .change_refusal(Change::Add(4)),
        Some(ChangeRefused::NotLeader { .. })
    ));
    no_violation(&c);
}

// ----- etcd/raft-rs cases ---------------------------------------------------------------------

/// §4.2.1 (etcd TestAddNode, raft-rs test_add_node): a server added with an empty log catches
/// up by AppendEntries and then votes and counts.
#[test]
fn a_node_added_catches_up_by_append_entries() {
    for seed in 0..10 {
        let mut c = sim(3, config(), seed);
        settled_leader(&mut c);
        for v in 0..20 {
            c.apply(Action::Propose {
                to: Target::Leader,
                value: v,
            })
            .unwrap();
        }
        c.advance_by(200 * MS);
        let Outcome::Proposed { .. } = c.apply(Action::AddServer { node: 3 }).unwrap() else {
            panic!("proposed");
        };
        assert_eq!(c.len(), 4);
        let all = Membership::first(4);
        assert!(
            c.run_until(c.now() + 3 * SECOND, |c| converged(c, all)),
            "seed {seed}"
        );
        let s4 = c.node(3).unwrap();
        assert_eq!(s4.members(), all);
        assert!(
            s4.log().last_index() >= 22,
            "the 20 values, the no-op and the change"
        );
        // It counts now: with two of the old three down, S4 and one other are no majority of
        // four, so nothing new commits; with one down, three of four do.
        let leader = c.leader().unwrap();
        assert_eq!(c.node(leader).unwrap().quorum(), 3);
        no_violation(&c);
    }
}

/// §4.2.2 (etcd TestRemoveNode / TestCommitAfterRemoveNode, raft-rs test_remove_leader): a
/// leader removing itself keeps replicating without counting itself, steps down once the
/// change commits, and the rest elect a leader among themselves.
#[test]
fn removing_the_leader() {
    for seed in 0..10 {
        let mut c = sim(5, config(), seed);
        let old = settled_leader(&mut c);
        assert!(matches!(
            c.apply(Action::RemoveServer { node: old }),
            Ok(Outcome::Proposed { .. })
        ));
        let s = c.node(old).unwrap();
        assert_eq!(
            s.role(),
            Role::Leader,
            "it manages the cluster until it commits"
        );
        assert!(!s.is_member());
        assert_eq!(s.quorum(), 3, "a majority of the four others");
        let rest = Membership::first(5).without(old);
        assert!(
            c.run_until(c.now() + 2 * SECOND, |c| c
                .leader()
                .is_some_and(|l| l != old)),
            "seed {seed}: a new leader among the rest"
        );
        let stepped_down = c.trace().records().any(|r| {
            matches!(r.event, raft_core::trace::TraceEvent::Node { node, event: Event::RoleChanged { role: Role::Follower, reason: RoleReason::Removed, .. } } if node == old)
        });
        assert!(stepped_down, "seed {seed}: it stepped down as removed");
        let new = c.leader().unwrap();
        assert!(rest.contains(new));
        c.apply(Action::Propose {
            to: Target::Leader,
            value: 9,
        })
        .unwrap();
        assert!(c.run_until(c.now() + 2 * SECOND, |c| converged(c, rest)));
        // The removed server never campaigns again: it knows it is out.
        assert!(!c.node(old).unwrap().is_member());
        c.advance_by(3 * SECOND);
        assert_eq!(c.node(old).unwrap().role(), Role::Follower);
        no_violation(&c);
    }
}

/// A removed server's election attempts (etcd TestPreVoteWithCheckQuorum-style, raft-rs
/// test_remove_node_itself / the disruptive server of §4.2.3). A follower removed while it is
/// cut off never receives the configuration without it, so it times out and campaigns with
/// ever higher terms. Returns how often the members' leader was deposed, and the terms the
/// members reached, after `span`.
fn removed_server_campaigns(pre_vote: bool, check_quorum: bool, seed: u64) -> (usize, u64) {
    let node = Config {
        pre_vote,
        check_quorum,
        ..config()
    };
    let mut c = sim(5, node, seed);
    let leader = settled_leader(&mut c);
    let gone = (leader + 1) % 5;
    let rest: Vec<NodeId> = (0..5).filter(|&id| id != gone).collect();
    c.apply(Action::SetPartition {
        groups: vec![vec![gone], rest.clone()],
    })
    .unwrap();
    c.apply(Action::RemoveServer { node: gone }).unwrap();
    c.advance_by(SECOND);
    assert!(
        c.node(gone).unwrap().is_member(),
        "it never heard of the change"
    );
    let term_before = c.node(c.leader().unwrap()).unwrap().term();
    let deposed_before = count_deposed(&c, &rest);
    // Back on the network: it still believes it is a member and campaigns.
    c.apply(Action::Heal).unwrap();
    c.advance_by(5 * SECOND);
    no_violation(&c);
    let term_after = rest
        .iter()
        .map(|&id| c.node(id).unwrap().term())
        .max()
        .unwrap();
    (
        count_deposed(&c, &rest) - deposed_before,
        term_after - term_before,
    )
}

fn count_deposed(c: &Cluster, set: &[NodeId]) -> usize {
    c.trace()
        .records()
        .filter(|r| {
            matches!(r.event, raft_core::trace::TraceEvent::Node { node, event: Event::RoleChanged { role: Role::Follower, reason: RoleReason::HigherTerm, .. } } if set.contains(&node))
        })
        .count()
}

/// §4.2.3: without PreVote or CheckQuorum the removed server's RequestVotes carry higher
/// terms that depose the members' leader again and again.
#[test]
fn a_removed_server_disrupts_the_cluster_without_pre_vote_or_check_quorum() {
    let (deposed, terms) = removed_server_campaigns(false, false, 3);
    assert!(deposed >= 2, "deposed {deposed} times");
    assert!(terms >= 2, "terms rose by {terms}");
}

/// Thesis §9.6: with PreVote the removed server asks first, the members have a leader and
/// refuse, and nobody's term moves.
#[test]
fn pre_vote_keeps_a_removed_server_from_disrupting() {
    for seed in 0..5 {
        assert_eq!(
            removed_server_campaigns(true, false, seed),
            (0, 0),
            "seed {seed}"
        );
    }
}

/// §4.2.3: with CheckQuorum's lease, a server that heard from its leader within the minimum
/// election timeout ignores the RequestVote, and its term does not move.
#[test]
fn check_quorum_keeps_a_removed_server_from_disrupting() {
    for seed in 0..5 {
        assert_eq!(
            removed_server_campaigns(false, true, seed),
            (0, 0),
            "seed {seed}"
        );
    }
}

/// The cluster size changes during a run, from 1 server up to 9 and back to 1.
#[test]
fn a_cluster_grows_from_one_server_to_nine_and_shrinks_back() {
    let mut c = sim(1, config(), 7);
    settled_leader(&mut c);
    for id in 1..9 {
        assert!(matches!(
            c.apply(Action::AddServer { node: id }),
            Ok(Outcome::Proposed { .. })
        ));
        assert!(
            c.run_until(c.now() + 3 * SECOND, |c| {
                c.leader()
                    .and_then(|l| c.node(l))
                    .is_some_and(|l| l.pending_change().is_none())
            }),
            "adding S{}",
            id + 1
        );
    }
    assert_eq!(c.members(), Membership::first(9));
    assert_eq!(
        c.apply(Action::AddServer { node: 9 }),
        Err(ActionError::NoRoomFor(9))
    );
    for id in (1..9).rev() {
        c.advance_by(100 * MS);
        let leader = c.leader().unwrap();
        let victim = if id == leader { 0 } else { id };
        assert!(matches!(
            c.apply(Action::RemoveServer { node: victim }),
            Ok(Outcome::Proposed { .. })
        ));
        assert!(
            c.run_until(c.now() + 3 * SECOND, |c| {
                c.leader()
                    .and_then(|l| c.node(l))
                    .is_some_and(|l| l.pending_change().is_none() && l.is_member())
            }),
            "removing S{}",
            victim + 1
        );
    }
    assert_eq!(c.members().len(), 1);
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 1,
    })
    .unwrap();
    c.advance_by(100 * MS);
    let leader = c.node(c.leader().unwrap()).unwrap();
    assert_eq!(
        leader.commit_index(),
        leader.log().last_index(),
        "one server commits alone"
    );
    no_violation(&c);
}

// ----- the unsafe switch and the story the checker catches -----------------------------------

/// Ongaro's 2015 raft-dev example, on S1..S4 (ids 0..3) adding S5 (id 4):
/// 1. S1 leads term 1, cut off with nobody but the new S5, and appends C = {S1..S5} without
///    committing it;
/// 2. S2 wins term 2 among S2, S3, S4 and, before committing anything of term 2, removes S1:
///    D = {S2, S3, S4}, committed by S2 and S3 alone while S4 is cut off with S1 and S5;
/// 3. S1 wins a later term with S4 and S5 (a majority of C), whose logs lack D.
///
/// A leader without the committed D at index 1, about to overwrite it: the checker says so
/// (Leader Completeness) and blames the early change. With the rule kept, S1's change and
/// S2's are both refused, and nothing breaks.
fn ongaro_2015(change_early: bool) -> (Cluster, Vec<Result<Outcome, ActionError>>) {
    let mut node = Config::default();
    node.unsafe_switches.change_before_own_term_commit = change_early;
    let mut c = sim(4, node, 2015);
    let mut outcomes = Vec::new();
    let mut act = |c: &mut Cluster, at: Time, a: Action| {
        outcomes.push(c.apply_at(at, a));
    };
    act(&mut c, 10 * MS, Action::ForceTimeout { node: 0 });
    act(
        &mut c,
        100 * MS,
        Action::SetPartition {
            groups: vec![vec![0], vec![1, 2, 3]],
        },
    );
    act(&mut c, 110 * MS, Action::AddServer { node: 4 });
    act(&mut c, 150 * MS, Action::ForceTimeout { node: 1 });
    act(
        &mut c,
        250 * MS,
        Action::SetPartition {
            groups: vec![vec![1, 2], vec![0, 3, 4]],
        },
    );
    act(&mut c, 260 * MS, Action::RemoveServer { node: 0 });
    c.advance_to(2 * SECOND);
    act(
        &mut c,
        2 * SECOND,
        Action::Propose {
            to: Target::Node(0),
            value: 3,
        },
    );
    act(
        &mut c,
        2 * SECOND + MS,
        Action::Propose {
            to: Target::Leader,
            value: 3,
        },
    );
    c.advance_to(4 * SECOND);
    (c, outcomes)
}

#[test]
fn changing_the_configuration_before_committing_an_entry_of_its_term_loses_a_commit() {
    let (c, outcomes) = ongaro_2015(true);
    let proposed = |o: &Result<Outcome, ActionError>| matches!(o, Ok(Outcome::Proposed { .. }));
    assert!(
        proposed(&outcomes[2]) && proposed(&outcomes[5]),
        "{outcomes:?}"
    );
    let v = c.violation().expect("the checker catches it");
    assert_eq!(v.property, Property::LeaderCompleteness, "{v}");
    assert!(
        matches!(
            v.breach,
            Breach::LeaderMissingEntry {
                leader: 0,
                index: 1,
                committed_by: 1,
                ..
            }
        ),
        "{v}"
    );
    assert!(matches!(v.cause, Some(Cause::EarlyChange { .. })), "{v}");
}

#[test]
fn with_the_rule_kept_both_early_changes_are_refused_and_nothing_breaks() {
    let (c, outcomes) = ongaro_2015(false);
    assert_eq!(
        outcomes[2],
        Ok(Outcome::ChangeRefused {
            why: ChangeRefused::NoCommitInTerm { term: 1 }
        })
    );
    assert_eq!(
        outcomes[5],
        Ok(Outcome::ChangeRefused {
            why: ChangeRefused::NoCommitInTerm { term: 2 }
        })
    );
    no_violation(&c);
}

/// The checker counts majorities of the configuration in force: replicas on servers outside
/// it do not make an entry committed (§4.1).
#[test]
fn the_checker_counts_majorities_of_the_configuration_in_force() {
    use raft_core::check::{Checker, NodeView};
    use raft_core::Log;
    let entry = Entry {
        term: 1,
        command: Command::Value(1),
    };
    let log = Log::from_entries(vec![entry]);
    let empty = Log::new();
    // S1 leads {S1, S4, S5}; S2 and S3 hold its entry, S4 and S5 do not.
    let mut checker = Checker::new(&[&log, &log, &log, &empty, &empty], &[1; 5]);
    let view = NodeView {
        id: 0,
        role: Role::Leader,
        term: 1,
        log: &log,
        commit_index: 1,
        // This history applies nothing: the state-machine check stays out of it.
        last_applied: 0,
        applied_digest: 0,
        members: Some(members(&[0, 3, 4])),
    };
    checker.observe(1, 0, &view, &Event::CommitAdvanced { from: 0, to: 1 });
    let v = checker.violation().expect("one of three is no majority");
    assert_eq!(
        v.breach,
        Breach::CommittedWithoutMajority {
            leader: 0,
            index: 1,
            holders: 1,
            needed: 2
        }
    );
}
