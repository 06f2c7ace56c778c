//! Leadership transfer (dissertation §3.10) in the simulated cluster, with the safety checker
//! on at every event: the cases of etcd's raft tests that apply (`TestLeaderTransferToUpToDateNode`,
//! `…ToSlowFollower`, `…AfterSnapshot` does not apply yet, `…TimeoutAfterPartition` /
//! `…ToCrashedNode`, `…IgnoreProposal`, `…SecondTransferToAnotherNode`), the action's refusals,
//! replay, and the unsafe switch's story. Each runs over several seeds (`TRANSFER_SEEDS`,
//! default 30), which vary latencies and timers.

use raft_core::check::{Breach, Cause, Property};
use raft_core::event::{Event, RoleReason};
use raft_core::sim::{Action, ActionError, Cluster, Outcome, SimConfig, Target};
use raft_core::trace::{MessageKind, TraceEvent};
use raft_core::types::{NodeId, Term, MS, SECOND};
use raft_core::{Command, Config, Role, TransferRefusal, UnsafeSwitch, UnsafeSwitches};

fn seeds() -> std::ops::Range<u64> {
    let n = std::env::var("TRANSFER_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    0..n
}

fn sim(nodes: u8, node: Config) -> SimConfig {
    SimConfig {
        nodes,
        node,
        ..SimConfig::default()
    }
}

fn act(c: &mut Cluster, action: Action) -> Outcome {
    let text = format!("{action:?}");
    c.apply(action)
        .unwrap_or_else(|e| panic!("{text} refused: {e}"))
}

fn term(c: &Cluster, id: NodeId) -> Term {
    c.node(id).expect("up").term()
}

/// A cluster of `nodes` with a leader elected and `values` committed everywhere.
fn settled(seed: u64, nodes: u8, node: Config, values: u64) -> Cluster {
    let mut c = Cluster::new(sim(nodes, node), seed).unwrap();
    assert!(
        c.run_until(10 * SECOND, |c| c.leader().is_some()),
        "seed {seed}"
    );
    for value in 1..=values {
        act(
            &mut c,
            Action::Propose {
                to: Target::Leader,
                value,
            },
        );
    }
    let all = |c: &Cluster| {
        (0..c.len() as NodeId).all(|id| c.node(id).is_none_or(|n| n.commit_index() >= values))
    };
    assert!(c.run_until(c.now() + 5 * SECOND, all), "seed {seed}");
    c
}

fn follower_of(c: &Cluster, leader: NodeId) -> NodeId {
    (leader + 1) % c.len() as NodeId
}

fn node_events(c: &Cluster, id: NodeId) -> Vec<Event> {
    c.trace()
        .records()
        .filter_map(|r| match r.event {
            TraceEvent::Node { node, event } if node == id => Some(event),
            _ => None,
        })
        .collect()
}

fn sent_timeout_now(c: &Cluster, to: NodeId) -> bool {
    c.trace().records().any(|r| {
        matches!(r.event, TraceEvent::MessageSent { message, .. }
            if message.kind == MessageKind::TimeoutNow && message.to == to)
    })
}

/// etcd `TestLeaderTransferToUpToDateNode`, also with CheckQuorum and PreVote on (whose lease
/// and pre-vote round a transfer must get past): the target leads the next term within an
/// election timeout, the old leader follows it, and the log is intact.
#[test]
fn transfer_to_an_up_to_date_follower() {
    let options = [
        Config::default(),
        Config {
            check_quorum: true,
            pre_vote: true,
            ..Config::default()
        },
    ];
    for node in options {
        for seed in seeds() {
            let mut c = settled(seed, 3, node.clone(), 2);
            let leader = c.leader().unwrap();
            let target = follower_of(&c, leader);
            let before = term(&c, leader);
            let started = c.now();
            act(&mut c, Action::TransferLeadership { to: target });
            let done = c.run_until(started + node.election_timeout_min, |c| {
                c.leader() == Some(target)
            });
            assert!(done, "seed {seed} {node:?}: S{} leads", target + 1);
            assert_eq!(term(&c, target), before + 1, "seed {seed}");
            assert!(node_events(&c, target).contains(&Event::RoleChanged {
                role: Role::Candidate,
                term: before + 1,
                reason: RoleReason::TimeoutNow
            }));
            c.advance_by(100 * MS);
            assert_eq!(c.node(leader).unwrap().role(), Role::Follower);
            assert_eq!(c.node(leader).unwrap().leader_hint(), Some(target));
            assert_eq!(c.committed_at(target, 2), Some(Command::Value(2)));
            assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
        }
    }
}

/// etcd `TestLeaderTransferToSlowFollower`: the target was down while values committed. The
/// leader sends it the missing entries first and TimeoutNow only once its matchIndex reaches
/// the leader's last index; then the target wins.
#[test]
fn transfer_to_a_lagging_follower_catches_it_up_first() {
    for seed in seeds() {
        let mut c = settled(seed, 5, Config::default(), 1);
        let leader = c.leader().unwrap();
        let target = follower_of(&c, leader);
        act(&mut c, Action::Crash { node: target });
        for value in 2..=4 {
            act(
                &mut c,
                Action::Propose {
                    to: Target::Leader,
                    value,
                },
            );
        }
        c.advance_by(300 * MS);
        assert_eq!(c.node(leader).unwrap().commit_index(), 4, "seed {seed}");
        act(&mut c, Action::Restart { node: target });
        act(&mut c, Action::TransferLeadership { to: target });
        assert!(
            !sent_timeout_now(&c, target),
            "seed {seed}: not before catch-up"
        );
        // Run until TimeoutNow goes out: by then the target holds the leader's whole log.
        let limit = c.now() + SECOND;
        assert!(
            c.run_until(limit, |c| sent_timeout_now(c, target)),
            "seed {seed}"
        );
        assert_eq!(c.node(target).unwrap().log().last_index(), 4, "seed {seed}");
        assert!(
            c.run_until(c.now() + SECOND, |c| c.leader() == Some(target)),
            "seed {seed}"
        );
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    }
}

/// etcd `TestLeaderTransferTimeout` / `…ToCrashedNode`: a target cut off from the leader never
/// catches up; after an election timeout the leader abandons the transfer, is still leader
/// and takes proposals again.
#[test]
fn a_transfer_to_a_cut_off_follower_times_out_and_the_leader_resumes() {
    for seed in seeds() {
        let node = Config {
            election_timeout_min: 1000 * MS,
            election_timeout_max: 2000 * MS,
            ..Config::default()
        };
        let mut c = settled(seed, 3, node.clone(), 1);
        let leader = c.leader().unwrap();
        let target = follower_of(&c, leader);
        act(
            &mut c,
            Action::SetPartition {
                groups: vec![vec![target]],
            },
        );
        act(
            &mut c,
            Action::Propose {
                to: Target::Leader,
                value: 2,
            },
        );
        c.advance_by(100 * MS);
        act(&mut c, Action::TransferLeadership { to: target });
        let deadline = c.node(leader).unwrap().transfer_deadline().unwrap();
        assert_eq!(deadline, c.now() + node.election_timeout_max);
        c.advance_to(deadline - MS);
        assert_eq!(c.node(leader).unwrap().transferring_to(), Some(target));
        c.advance_to(deadline + node.heartbeat_interval);
        assert_eq!(c.leader(), Some(leader), "seed {seed}");
        assert_eq!(c.node(leader).unwrap().transferring_to(), None);
        assert!(node_events(&c, leader).contains(&Event::TransferAbandoned {
            to: target,
            superseded: false
        }));
        let outcome = act(
            &mut c,
            Action::Propose {
                to: Target::Leader,
                value: 3,
            },
        );
        assert!(
            matches!(outcome, Outcome::Proposed { .. }),
            "seed {seed}: {outcome:?}"
        );
        assert!(c.violation().is_none());
    }
}

/// etcd `TestLeaderTransferIgnoreProposal`: while a transfer is under way the leader refuses
/// proposals, and says so (the outcome names the server about to lead).
#[test]
fn proposals_are_refused_while_a_transfer_is_under_way() {
    for seed in seeds() {
        let mut c = settled(seed, 3, Config::default(), 1);
        let leader = c.leader().unwrap();
        let target = follower_of(&c, leader);
        act(
            &mut c,
            Action::CutLink {
                from: leader,
                to: target,
            },
        );
        act(&mut c, Action::TransferLeadership { to: target });
        let outcome = act(
            &mut c,
            Action::Propose {
                to: Target::Leader,
                value: 2,
            },
        );
        assert_eq!(
            outcome,
            Outcome::Transferring {
                node: leader,
                to: target
            }
        );
        assert_eq!(c.node(leader).unwrap().log().last_index(), 1);
        assert!(node_events(&c, leader).contains(&Event::ProposalRefusedInTransfer { to: target }));
    }
}

/// The action's refusals change nothing and are not recorded: to the leader itself, to a
/// server that is down or unknown, with no leader, and a second transfer to the same server.
/// etcd `TestLeaderTransferSecondTransferToAnotherNode`: to another server, it replaces the
/// first, and that server leads.
#[test]
fn refused_transfers_change_nothing_and_a_second_target_replaces_the_first() {
    let mut c = settled(7, 5, Config::default(), 1);
    let leader = c.leader().unwrap();
    let (a, b) = (follower_of(&c, leader), (leader + 2) % 5);
    let actions = c.actions().len();
    let refused = |c: &mut Cluster, to| c.apply(Action::TransferLeadership { to }).unwrap_err();
    assert_eq!(
        refused(&mut c, leader),
        ActionError::TransferRefused(TransferRefusal::ToSelf)
    );
    assert_eq!(refused(&mut c, 9), ActionError::UnknownNode(9));
    act(
        &mut c,
        Action::Crash {
            node: (leader + 3) % 5,
        },
    );
    let recorded = c.actions().len();
    assert_eq!(
        refused(&mut c, (leader + 3) % 5),
        ActionError::NodeDown((leader + 3) % 5)
    );
    assert_eq!(c.actions().len(), recorded);
    assert_eq!(recorded, actions + 1);
    act(
        &mut c,
        Action::CutLink {
            from: leader,
            to: a,
        },
    );
    act(&mut c, Action::TransferLeadership { to: a });
    assert_eq!(
        refused(&mut c, a),
        ActionError::TransferRefused(TransferRefusal::AlreadyTransferring { to: a })
    );
    act(&mut c, Action::TransferLeadership { to: b });
    assert!(c.run_until(c.now() + SECOND, |c| c.leader() == Some(b)));
    assert!(c.violation().is_none());
    // No running leader: nothing to hand over.
    let mut lone = Cluster::new(sim(3, Config::default()), 1).unwrap();
    assert_eq!(
        lone.apply(Action::TransferLeadership { to: 1 })
            .unwrap_err(),
        ActionError::NoLeader
    );
}

/// A run with transfers replays to the identical trace (digest and records), and survives the
/// trip through a share link.
#[test]
fn a_run_with_transfers_replays_identically() {
    for seed in seeds() {
        let mut c = settled(seed, 5, Config::default(), 2);
        for round in 0..4u64 {
            let leader = c.leader().unwrap_or(0);
            let _ = c.apply(Action::TransferLeadership {
                to: (leader + 1 + round as NodeId) % 5,
            });
            let _ = c.apply(Action::Propose {
                to: Target::Leader,
                value: 10 + round,
            });
            c.advance_by(400 * MS);
        }
        let recording = c.recording();
        assert!(recording
            .actions
            .iter()
            .any(|a| matches!(a.action, Action::TransferLeadership { .. })));
        let shared = raft_core::share::Shared {
            recording,
            cursor: c.now(),
        };
        let back = raft_core::share::decode(&raft_core::share::encode(&shared)).unwrap();
        let again = back.recording.replay(c.now()).unwrap();
        assert_eq!(again.trace().digest(), c.trace().digest(), "seed {seed}");
        assert!(
            again.trace().records().eq(c.trace().records()),
            "seed {seed}"
        );
    }
}

// ----- the unsafe switch --------------------------------------------------------------------

/// S1 leads term 1 and commits three values with S2 while S3 is down; S3 restarts and S1 is
/// asked to hand it leadership. Latency is a fixed 10 ms and the restart comes 15 ms after a
/// heartbeat, so no AppendEntries sent while S3 was down is still on the wire to it: whatever
/// S3 learns, it learns from the transfer. Returns the cluster a second later.
fn hasty_transfer_story(seed: u64, switches: UnsafeSwitches) -> Cluster {
    let node = Config {
        election_timeout_min: 1000 * MS,
        election_timeout_max: 2000 * MS,
        unsafe_switches: switches,
        ..Config::default()
    };
    let mut c = Cluster::new(sim(3, node), seed).unwrap();
    act(
        &mut c,
        Action::SetLatency {
            min: 10 * MS,
            max: 10 * MS,
        },
    );
    act(&mut c, Action::Crash { node: 2 });
    act(&mut c, Action::ForceTimeout { node: 0 });
    assert!(
        c.run_until(SECOND, |c| c.leader() == Some(0)),
        "seed {seed}"
    );
    for value in 1..=3 {
        act(
            &mut c,
            Action::Propose {
                to: Target::Node(0),
                value,
            },
        );
    }
    assert!(c.run_until(c.now() + SECOND, |c| c.node(0).unwrap().commit_index() == 3));
    c.advance_by(60 * MS);
    let heartbeat = c.node(0).unwrap().timer().armed_at;
    c.advance_to(heartbeat + 15 * MS);
    act(&mut c, Action::Restart { node: 2 });
    act(&mut c, Action::TransferLeadership { to: 2 });
    c.advance_by(SECOND);
    c
}

/// UNSAFE `trust_transfer_target` (dissertation §3.10 with §5.4.1): TimeoutNow reaches S3
/// before it holds the committed entries, and the voters grant its vote without the log
/// check. S3 leads term 2 without them: the checker reports Leader Completeness and blames the
/// switch. With the switch off, the same story is safe: S3 is caught up first and leads with
/// all three entries.
#[test]
fn a_hasty_transfer_breaks_leader_completeness_and_the_checker_catches_it() {
    let on = UnsafeSwitches {
        trust_transfer_target: true,
        ..UnsafeSwitches::default()
    };
    for seed in seeds() {
        let c = hasty_transfer_story(seed, on);
        let v = c.violation().expect("the checker reports a violation");
        assert_eq!(v.property, Property::LeaderCompleteness, "seed {seed}: {v}");
        assert!(
            matches!(
                v.breach,
                Breach::LeaderMissingEntry {
                    leader: 2,
                    term: 2,
                    ..
                }
            ),
            "seed {seed}: {v}"
        );
        assert!(
            matches!(
                v.cause,
                Some(Cause::TrustedTransferCandidate {
                    candidate: 2,
                    term: 2,
                    ..
                })
            ),
            "seed {seed}: {v}"
        );
        assert_eq!(v.cause.unwrap().switch(), UnsafeSwitch::TrustTransferTarget);

        let safe = hasty_transfer_story(seed, UnsafeSwitches::default());
        assert!(
            safe.violation().is_none(),
            "seed {seed}: {:?}",
            safe.violation()
        );
        assert_eq!(safe.leader(), Some(2), "seed {seed}");
        for value in 1..=3 {
            assert_eq!(
                safe.committed_at(2, value),
                Some(Command::Value(value)),
                "seed {seed}"
            );
        }
    }
}
