//! Every scenario replays to the outcome its captions promise.

use raft_core::check::{Breach, Cause, Property, Violation};
use raft_core::election::FailedElection;
use raft_core::event::Event;
use raft_core::event::VoteRefusal;
use raft_core::scenarios::{build, Scenario, IDS};
use raft_core::sim::Cluster;
use raft_core::trace::TraceEvent;
use raft_core::types::Name;
use raft_core::types::SECOND;
use raft_core::{Command, Role, UnsafeSwitch, UnsafeSwitches};

/// True for the "break Raft" scenarios: an unsafe switch is on in their config.
fn breaks_raft(s: &Scenario) -> bool {
    s.recording.config.node.unsafe_switches != UnsafeSwitches::default()
}

/// Replays a scenario to its end. Every scenario that keeps Raft's rules stays safe.
fn replay(s: &Scenario) -> Cluster {
    let c = s.recording.replay(s.duration).expect("scenario replays");
    if !breaks_raft(s) {
        assert!(c.violation().is_none(), "{}: {:?}", s.id, c.violation());
    }
    c
}

fn node_events(c: &Cluster) -> Vec<(u8, Event)> {
    c.trace()
        .records()
        .filter_map(|r| match &r.event {
            TraceEvent::Node { node, event } => Some((*node, *event)),
            _ => None,
        })
        .collect()
}

fn leaders(c: &Cluster) -> Vec<u8> {
    (0..c.len() as u8)
        .filter(|id| c.node(*id).is_some_and(|n| n.role() == Role::Leader))
        .collect()
}

fn logs_equal(c: &Cluster) -> bool {
    let first = c.persistent(0).unwrap().log.entries().to_vec();
    (0..c.len() as u8).all(|id| c.persistent(id).unwrap().log.entries() == first.as_slice())
}

#[test]
fn every_scenario_builds_replays_and_has_captions() {
    for id in IDS {
        let s = build(id).unwrap();
        assert!(s.captions.len() >= 3, "{id}");
        assert!(s.captions.windows(2).all(|w| w[0].at <= w[1].at), "{id}");
        assert!(s.captions.iter().all(|c| c.at <= s.duration), "{id}");
        // Building twice gives the same data: scenarios are fixed recordings.
        assert_eq!(build(id).unwrap(), s);
        replay(&s);
    }
    assert!(build("nope").is_none());
}

#[test]
fn election_one_leader_in_term_1() {
    let s = build("election").unwrap();
    let c = replay(&s);
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    assert_eq!(c.node(l[0]).unwrap().term(), 1);
    // The captions name the one candidate, and it is the one that wins.
    let candidates: Vec<u8> = node_events(&c)
        .iter()
        .filter(|(_, e)| {
            matches!(
                e,
                Event::RoleChanged {
                    role: Role::Candidate,
                    ..
                }
            )
        })
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(candidates, vec![l[0]]);
    let name = Name(l[0]).to_string();
    assert!(s.captions[1].text.starts_with(&name) && s.captions[2].text.contains(&name));
}

#[test]
fn leader_crash_a_new_leader_in_a_higher_term_and_the_old_one_follows() {
    let s = build("leader-crash").unwrap();
    let c = replay(&s);
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    let new = c.node(l[0]).unwrap();
    assert!(new.term() >= 2);
    // Everyone, the restarted one included, is in the new leader's term.
    for id in 0..5 {
        assert_eq!(c.node(id).unwrap().term(), new.term());
    }
}

#[test]
fn split_vote_term_1_has_no_leader_and_a_later_term_does() {
    let c = replay(&build("split-vote").unwrap());
    let ev = node_events(&c);
    let lost: Vec<_> = ev
        .iter()
        .filter_map(|(n, e)| match e {
            Event::ElectionLost {
                term: 1, granted, ..
            } => Some((*n, *granted)),
            _ => None,
        })
        .collect();
    assert!(!lost.is_empty(), "a candidate of term 1 timed out");
    assert!(lost.iter().all(|(_, g)| *g == 2), "{lost:?}");
    assert!(!ev.iter().any(|(_, e)| matches!(
        e,
        Event::RoleChanged {
            role: Role::Leader,
            term: 1,
            ..
        }
    )));
    // The simulator, which saw both candidates, calls term 1 a split vote: two votes each.
    let split = c.trace().records().find_map(|r| match &r.event {
        TraceEvent::NoLeader {
            term: 1,
            outcome: FailedElection::SplitVote { candidates, .. },
        } => Some(
            candidates
                .iter()
                .map(|v| (v.node, v.granted))
                .collect::<Vec<_>>(),
        ),
        _ => None,
    });
    assert_eq!(split, Some(vec![(0, 2), (2, 2)]));
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    assert!(c.node(l[0]).unwrap().term() >= 2);
}

#[test]
fn stale_term_the_old_leader_steps_down() {
    let c = replay(&build("stale-term").unwrap());
    let ev = node_events(&c);
    let stepped_down = ev.iter().any(|(_, e)| {
        matches!(
            e,
            Event::RoleChanged {
                role: Role::Follower,
                reason: raft_core::event::RoleReason::HigherTerm,
                ..
            }
        )
    });
    assert!(stepped_down);
    assert_eq!(leaders(&c).len(), 1);
    let t = c.node(leaders(&c)[0]).unwrap().term();
    assert!((0..5).all(|id| c.node(id).unwrap().term() == t));
}

#[test]
fn replication_three_values_committed_everywhere() {
    let c = replay(&build("replication").unwrap());
    for id in 0..5 {
        for (i, v) in [1u64, 2, 3].iter().enumerate() {
            assert_eq!(
                c.committed_at(id, i as u64 + 1),
                Some(Command::Value(*v)),
                "{}",
                Name(id)
            );
        }
    }
}

#[test]
fn partition_stranded_entries_never_commit_and_are_overwritten() {
    let c = replay(&build("partition").unwrap());
    assert!(logs_equal(&c));
    let log = c.persistent(0).unwrap().log.entries().to_vec();
    let values: Vec<u64> = log
        .iter()
        .filter_map(|e| match e.command {
            Command::Value(v) => Some(v),
            Command::Noop | Command::Config(_) => None,
        })
        .collect();
    assert_eq!(values, vec![20, 21]);
    for id in 0..5 {
        assert!(c.node(id).unwrap().commit_index() >= 2);
    }
    // The stranded leader's entries were truncated somewhere.
    assert!(node_events(&c)
        .iter()
        .any(|(_, e)| matches!(e, Event::Truncated { .. })));
}

fn rejections(c: &Cluster) -> usize {
    node_events(c)
        .iter()
        .filter(|(n, e)| *n == 0 && matches!(e, Event::NextIndexBack { peer: 1, .. }))
        .count()
}

#[test]
fn backtracking_one_by_one_takes_seven_steps_and_by_term_two() {
    let slow = replay(&build("backtracking").unwrap());
    let fast = replay(&build("backtracking-fast").unwrap());
    assert!(logs_equal(&slow));
    assert!(logs_equal(&fast));
    assert_eq!(rejections(&slow), 7);
    assert_eq!(rejections(&fast), 2);
    // S2 kept the leader's ten entries, not its own from index 4 on, then took index 11.
    let terms = |c: &Cluster| -> Vec<u64> {
        c.persistent(1)
            .unwrap()
            .log
            .entries()
            .iter()
            .map(|e| e.term)
            .collect()
    };
    assert_eq!(terms(&slow), [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7]);
    assert_eq!(terms(&fast), terms(&slow));
}

/// §5.4.2: the repaired logs hold only entries of earlier terms, so nothing commits until the
/// leader's own term-7 entry reaches a majority; then all eleven commit on every server, as the
/// closing captions say.
#[test]
fn backtracking_ends_with_every_log_committed_through_a_current_term_entry() {
    for id in ["backtracking", "backtracking-fast"] {
        let s = build(id).unwrap();
        let waiting = s
            .captions
            .iter()
            .find(|c| c.text.contains("commit 0"))
            .unwrap_or_else(|| panic!("{id}: a caption says why nothing is committed yet"));
        // The run as it stood when the caption appeared (`replay` would run on to the last
        // action, the proposal).
        let mut so_far = s.recording.clone();
        so_far.actions.retain(|a| a.at <= waiting.at);
        let then = so_far.replay(waiting.at).unwrap();
        assert_eq!(then.now(), waiting.at);
        assert_eq!(then.leader(), Some(0), "{id}");
        assert!(logs_equal(&then), "{id}: repaired before the caption");
        for n in 0..5 {
            assert_eq!(then.node(n).unwrap().commit_index(), 0, "{id} {}", Name(n));
        }

        let c = replay(&s);
        assert_eq!(c.leader(), Some(0), "{id}");
        assert!(logs_equal(&c), "{id}");
        let last = s.captions.last().unwrap();
        assert!(last.text.contains("commit 11"), "{id}: {}", last.text);
        for n in 0..5 {
            let node = c.node(n).unwrap();
            assert_eq!(node.commit_index(), 11, "{id} {}", Name(n));
            assert_eq!(node.log().term_at(11), Some(7), "{id} {}", Name(n));
        }
        assert_eq!(c.committed_at(1, 11), Some(Command::Value(11)), "{id}");
        // Committed only once the term-7 entry existed: S1's commit index jumped from 0 to 11.
        let commits: Vec<_> = node_events(&c)
            .iter()
            .filter_map(|(n, e)| match e {
                Event::CommitAdvanced { to, .. } if *n == 0 => Some(*to),
                _ => None,
            })
            .collect();
        assert_eq!(commits, [11], "{id}");
    }
}

#[test]
fn figure_8_index_2_is_never_committed_then_overwritten_safely() {
    let c = replay(&build("figure-8").unwrap());
    assert_eq!(leaders(&c), vec![4]);
    let ev = node_events(&c);
    // S1 never committed index 2 (term 2) in term 4.
    assert!(!ev
        .iter()
        .any(|(n, e)| *n == 0 && matches!(e, Event::CommitAdvanced { to, .. } if *to >= 2)));
    // S3 did hold term 2 at index 2 once; at the end every running log has S5's term 3 there.
    for id in 1..5 {
        assert_eq!(
            c.persistent(id).unwrap().log.term_at(2),
            Some(3),
            "{}",
            Name(id)
        );
    }
}

/// The page's catalogue is generated from these scenarios; regenerate it when they change.
#[test]
fn the_page_catalogue_is_up_to_date() {
    let committed = include_str!("../../www/src/scenarios.json");
    let fresh = raft_core::scenarios::catalog_json();
    assert!(
        committed == fresh,
        "www/src/scenarios.json is stale: run `cargo run -p raft-core --example scenarios_json > www/src/scenarios.json`"
    );
    // Every link in it opens to the scenario's recording.
    let parsed: serde_json::Value = serde_json::from_str(committed).unwrap();
    for (entry, id) in parsed.as_array().unwrap().iter().zip(IDS) {
        let link = entry["link"].as_str().unwrap();
        let shared = raft_core::share::decode(link).unwrap();
        assert_eq!(shared.recording, build(id).unwrap().recording);
    }
}

/// §5.1–§5.2: the leader's heartbeats keep every follower's election timer from running out;
/// once it crashes, a follower's timer runs out, it becomes a candidate and a new leader
/// follows.
#[test]
fn roles_timers_no_follower_times_out_while_heartbeats_arrive() {
    let s = build("roles-timers").unwrap();
    let c = replay(&s);
    let ev: Vec<(u64, u8, Event)> = c
        .trace()
        .records()
        .filter_map(|r| match &r.event {
            TraceEvent::Node { node, event } => Some((r.at, *node, *event)),
            _ => None,
        })
        .collect();
    let crash_at = s.recording.actions[0].at;
    let first_leader_at = ev
        .iter()
        .find(|(_, _, e)| {
            matches!(
                e,
                Event::RoleChanged {
                    role: Role::Leader,
                    ..
                }
            )
        })
        .map(|(at, _, _)| *at)
        .unwrap();
    // Between the first leader and the crash, nobody campaigned.
    assert!(!ev.iter().any(|(at, _, e)| *at > first_leader_at
        && *at < crash_at
        && matches!(
            e,
            Event::RoleChanged {
                role: Role::Candidate,
                ..
            }
        )));
    // After the crash, a candidate and then a leader in a higher term.
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    assert!(c.node(l[0]).unwrap().term() >= 2);
    let name = Name(l[0]).to_string();
    assert!(s.captions.last().unwrap().text.starts_with(&name));
}

/// §5.4.1: voters refuse a candidate whose log is behind theirs, so the leader that wins holds
/// the committed index 3, and the short logs are brought up to it.
#[test]
fn election_restriction_a_short_log_cannot_win() {
    let c = replay(&build("election-restriction").unwrap());
    let ev = node_events(&c);
    let log_behind: Vec<u8> = ev
        .iter()
        .filter(|(_, e)| {
            matches!(
                e,
                Event::VoteRefused {
                    to: 3,
                    reason: raft_core::event::VoteRefusal::LogBehind { .. },
                    ..
                }
            )
        })
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(log_behind, vec![0, 1, 2]);
    // S5, whose log is as short, grants: two votes of the three needed.
    assert!(ev
        .iter()
        .any(|(n, e)| *n == 4 && matches!(e, Event::VoteGranted { to: 3, term: 3, .. })));
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    assert!(l[0] < 3, "the leader holds index 3");
    assert!(logs_equal(&c));
    assert_eq!(c.persistent(3).unwrap().log.term_at(3), Some(2));
}

// ---------------------------------------------------------------------------------------------
// The "break Raft" scenarios: one unsafe switch each, a violation within a few seconds, and
// the same actions with the switch off stay safe.
// ---------------------------------------------------------------------------------------------

/// Each "break Raft" scenario, the switch it turns on and the property it breaks.
const BROKEN: [(&str, UnsafeSwitch, Property); 6] = [
    (
        "break-old-term-commit",
        UnsafeSwitch::CommitPreviousTerms,
        Property::LeaderCompleteness,
    ),
    (
        "break-forgotten-vote",
        UnsafeSwitch::ForgetVoteOnRestart,
        Property::ElectionSafety,
    ),
    (
        "break-election-restriction",
        UnsafeSwitch::NoElectionRestriction,
        Property::LeaderCompleteness,
    ),
    (
        "break-snapshot-past-commit",
        UnsafeSwitch::SnapshotPastCommit,
        Property::StateMachineSafety,
    ),
    (
        "break-transfer",
        UnsafeSwitch::TrustTransferTarget,
        Property::LeaderCompleteness,
    ),
    (
        "break-early-change",
        UnsafeSwitch::ChangeBeforeOwnTermCommit,
        Property::LeaderCompleteness,
    ),
];

/// The scenario's run with its unsafe switch turned off: the same seed, states and actions.
fn with_rules_kept(s: &Scenario) -> Cluster {
    let mut recording = s.recording.clone();
    recording.config.node.unsafe_switches = UnsafeSwitches::default();
    recording
        .replay(s.duration)
        .expect("the same actions apply")
}

/// Checks what every "break Raft" scenario promises and returns its violation.
fn broken(id: &str) -> (Scenario, Cluster, Violation) {
    let (_, switch, property) = BROKEN.iter().find(|b| b.0 == id).copied().unwrap();
    let s = build(id).unwrap();
    let switches = s.recording.config.node.unsafe_switches;
    let on: Vec<UnsafeSwitch> = UnsafeSwitch::ALL
        .into_iter()
        .filter(|w| w.is_on(&switches))
        .collect();
    assert_eq!(on, [switch], "{id}: exactly its own switch is on");
    let c = replay(&s);
    let v = *c.violation().expect("the checker reports a violation");
    assert_eq!(v.property, property, "{id}: {v}");
    assert_eq!(v.cause.map(|c| c.switch()), Some(switch), "{id}: {v}");
    assert!(v.at <= 3 * SECOND, "{id}: violated at {} µs", v.at);
    // The caption on screen when it breaks names the property, as the safety panel does.
    let words = match property {
        Property::ElectionSafety => "Election Safety",
        Property::StateMachineSafety => "State Machine Safety",
        _ => "Leader Completeness",
    };
    let shown = s.captions.iter().find(|c| c.at >= v.at).unwrap();
    assert!(shown.text.contains(words), "{id}: {:?}", shown.text);
    let safe = with_rules_kept(&s);
    assert!(safe.violation().is_none(), "{id}: {:?}", safe.violation());
    (s, c, v)
}

#[test]
fn exactly_the_break_raft_scenarios_turn_a_switch_on() {
    let unsafe_ids: Vec<&str> = IDS
        .into_iter()
        .filter(|id| breaks_raft(&build(id).unwrap()))
        .collect();
    let expected: Vec<&str> = BROKEN.iter().map(|b| b.0).collect();
    assert_eq!(unsafe_ids, expected);
}

/// §5.4.2 and Figure 8: S1, leading term 4, commits its term-2 entry at index 2 by counting
/// replicas; S5 (last term 3) then wins term 5 without it. Kept safe, S1 never commits it.
#[test]
fn break_old_term_commit_loses_figure_8s_entry() {
    let (s, c, v) = broken("break-old-term-commit");
    assert!(
        matches!(
            v.breach,
            Breach::LeaderMissingEntry {
                leader: 4,
                term: 5,
                index: 2,
                entry_term: 2,
                committed_in: 4,
                found: Some(3),
                ..
            }
        ),
        "{v}"
    );
    assert_eq!(
        v.cause,
        Some(Cause::CountedOldTerm {
            leader: 0,
            term: 4,
            index: 2,
            entry_term: 2
        })
    );
    // After the pause, S5 overwrites the committed entry on S2 and S3.
    for id in [1, 2] {
        assert_eq!(c.persistent(id).unwrap().log.term_at(2), Some(3), "{id}");
    }
    let safe = with_rules_kept(&s);
    assert_eq!(safe.persistent(0).unwrap().log.term_at(2), Some(2));
    assert!(
        (1..3).all(|id| safe.node(id).is_some_and(|n| n.commit_index() == 0)),
        "kept safe, nobody commits index 2"
    );
}

/// Figure 2: votedFor is persistent. S3 votes for S1 in term 1, restarts without its vote and
/// votes for S4 in term 1 too: two leaders of term 1. Kept safe, S3 refuses S4.
#[test]
fn break_forgotten_vote_elects_two_leaders_in_term_1() {
    let (s, c, v) = broken("break-forgotten-vote");
    assert_eq!(
        v.breach,
        Breach::TwoLeaders {
            term: 1,
            first: 0,
            second: 3
        }
    );
    assert_eq!(
        v.cause,
        Some(Cause::VotedTwice {
            voter: 2,
            term: 1,
            first: 0,
            second: 3
        })
    );
    assert_eq!(v.nodes(), [3, 0, 2]);
    assert_eq!(leaders(&c), [0, 3]);
    let safe = with_rules_kept(&s);
    assert_eq!(leaders(&safe), [0], "kept safe, S4 does not win term 1");
    let refused = node_events(&safe).into_iter().any(|(n, e)| {
        n == 2
            && matches!(
                e,
                Event::VoteRefused {
                    to: 3,
                    term: 1,
                    reason: VoteRefusal::AlreadyVoted { voted_for: 0 },
                    ..
                }
            )
    });
    assert!(refused, "S3 remembers its vote for S1");
}

/// §5.4.1: without the election restriction S2 votes for S3's empty log; S3 leads term 2
/// without the three committed values, and its first entry deletes them everywhere. Kept safe,
/// S2 refuses S3 (LogBehind) and the values stay.
#[test]
fn break_election_restriction_loses_committed_entries() {
    let (s, c, v) = broken("break-election-restriction");
    assert!(
        matches!(
            v.breach,
            Breach::LeaderMissingEntry {
                leader: 2,
                term: 2,
                index: 1,
                entry_term: 1,
                committed_by: 0,
                found: None,
                ..
            }
        ),
        "{v}"
    );
    assert_eq!(
        v.cause,
        Some(Cause::VotedForStaleLog {
            voter: 1,
            candidate: 2,
            term: 2
        })
    );
    let holds = |c: &Cluster, id: u8, value: u64| {
        c.persistent(id)
            .unwrap()
            .log
            .entries()
            .iter()
            .any(|e| e.command == Command::Value(value))
    };
    for id in 0..3 {
        assert!(
            (1..=3).all(|value| !holds(&c, id, value)),
            "{} lost the committed values",
            Name(id)
        );
    }
    let safe = with_rules_kept(&s);
    assert!((1..=3).all(|value| holds(&safe, 1, value)));
    let refused = node_events(&safe).into_iter().any(|(n, e)| {
        n == 1
            && matches!(
                e,
                Event::VoteRefused {
                    to: 2,
                    reason: VoteRefusal::LogBehind { .. },
                    ..
                }
            )
    });
    assert!(refused, "S2 refuses S3's empty log");
}

/// §7 and Figure 13: the follower that was down comes back after the leader compacted the
/// entries it missed, installs the leader's snapshot, and ends with the same state machine.
#[test]
fn snapshot_catch_up_the_follower_installs_the_leaders_snapshot() {
    let s = build("snapshot-catch-up").unwrap();
    let c = replay(&s);
    assert!(c.violation().is_none(), "{:?}", c.violation());
    let installed: Vec<u8> = node_events(&c)
        .into_iter()
        .filter(|(_, e)| matches!(e, Event::SnapshotInstalled { .. }))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        installed.len(),
        1,
        "one InstallSnapshot did it: {installed:?}"
    );
    let sent = node_events(&c)
        .into_iter()
        .any(|(_, e)| matches!(e, Event::SnapshotSent { next_index, first_index, .. } if next_index < first_index));
    assert!(
        sent,
        "the leader said why: the entry the follower needs is gone"
    );
    for id in 0..3 {
        let node = c.node(id).unwrap();
        assert_eq!(node.state_machine().sum, 78, "S{}", id + 1);
        assert_eq!(node.state_machine().count, 12, "S{}", id + 1);
    }
}

/// §7: with the switch on, S1 snapshots index 3, which was never committed; the checker
/// says so at once. Kept safe, S1's snapshot stops at its commit index, 2.
#[test]
fn break_snapshot_past_commit_snapshots_an_uncommitted_entry() {
    let (s, _, v) = broken("break-snapshot-past-commit");
    assert!(
        matches!(
            v.breach,
            raft_core::check::Breach::SnapshotUncommitted {
                node: 0,
                index: 3,
                commit_index: 2
            }
        ),
        "{v}"
    );
    let safe = with_rules_kept(&s);
    assert_eq!(safe.node(0).unwrap().snapshot_index(), 2);
}

/// Dissertation §3.10: the leader refuses a proposal while it transfers, catches the lagging
/// target up, and only then sends TimeoutNow; the target wins the next term at once (without
/// its timer) and the value proposed again commits under it.
#[test]
fn leadership_transfer_hands_over_to_a_caught_up_target() {
    use raft_core::event::RoleReason;
    use raft_core::trace::MessageKind;
    let s = build("leadership-transfer").unwrap();
    let c = replay(&s);
    let events = node_events(&c);
    let (from, to) = events
        .iter()
        .find_map(|(n, e)| match e {
            Event::TransferStarted { to } => Some((*n, *to)),
            _ => None,
        })
        .expect("a transfer starts");
    assert!(events.contains(&(from, Event::ProposalRefusedInTransfer { to })));
    // TimeoutNow went out once the target held the leader's whole log, not before.
    let timeout_now = c
        .trace()
        .records()
        .find(|r| matches!(r.event, TraceEvent::MessageSent { message, .. } if message.kind == MessageKind::TimeoutNow))
        .expect("TimeoutNow sent");
    let caught_up = c.trace().records().any(|r| {
        r.seq < timeout_now.seq
            && matches!(r.event, TraceEvent::Node { node, event: Event::MatchAdvanced { peer, match_index: 3 } } if node == from && peer == to)
    });
    assert!(caught_up, "the target was caught up first");
    assert!(events.iter().any(|(n, e)| *n == to
        && matches!(
            e,
            Event::RoleChanged {
                role: Role::Candidate,
                reason: RoleReason::TimeoutNow,
                ..
            }
        )));
    assert_eq!(leaders(&c), vec![to]);
    assert_eq!(c.node(from).unwrap().role(), Role::Follower);
    let committed_4 = (0..5).all(|id| c.committed_at(id, 4) == Some(Command::Value(4)));
    assert!(committed_4, "value 4 committed under the new leader");
    assert!(logs_equal(&c));
}

/// Dissertation §3.10 with §5.4.1: TimeoutNow before S3 is caught up, and S2 votes for the
/// transfer candidate without the log check: S3 leads term 2 without the committed values.
/// Kept safe, S1 catches S3 up first and S3 leads with all three.
#[test]
fn break_transfer_loses_committed_entries() {
    let (s, c, v) = broken("break-transfer");
    assert!(
        matches!(
            v.breach,
            Breach::LeaderMissingEntry {
                leader: 2,
                term: 2,
                index: 1,
                ..
            }
        ),
        "{v}"
    );
    assert!(matches!(
        v.cause,
        Some(Cause::TrustedTransferCandidate {
            candidate: 2,
            term: 2,
            ..
        })
    ));
    let lost = (0..3).all(|id| {
        let log = &c.persistent(id).unwrap().log;
        (1..=3).all(|value| {
            log.entries()
                .iter()
                .all(|e| e.command != Command::Value(value))
        })
    });
    assert!(lost, "value 9 overwrote the committed values everywhere");
    let safe = with_rules_kept(&s);
    assert_eq!(leaders(&safe), vec![2]);
    assert!((1..=3).all(|value| safe.committed_at(2, value) == Some(Command::Value(value))));
}

// ---------------------------------------------------------------------------------------------
// Membership changes (dissertation §4.1–4.3).
// ---------------------------------------------------------------------------------------------

/// §4.2.1: S4 joins empty, catches up by AppendEntries and votes in a configuration of four.
#[test]
fn add_server_catches_up_by_append_entries() {
    let s = build("add-server").unwrap();
    let c = replay(&s);
    assert_eq!(c.len(), 4);
    assert!(logs_equal(&c), "S4 holds the leader's log");
    for id in 0..4 {
        let n = c.node(id).unwrap();
        assert_eq!(n.members(), raft_core::Membership::first(4), "{}", Name(id));
        assert_eq!(n.commit_index(), n.log().last_index());
    }
}

/// §4.2.2: the leader removes itself, steps down once the change commits, and the other four
/// elect a leader among themselves.
#[test]
fn remove_leader_steps_down_and_the_rest_elect_a_leader() {
    let s = build("remove-leader").unwrap();
    let c = replay(&s);
    let removed: Vec<u8> = (0..5)
        .filter(|&id| !c.node(id).unwrap().is_member())
        .collect();
    assert_eq!(removed.len(), 1);
    let old = removed[0];
    assert_eq!(c.node(old).unwrap().role(), Role::Follower);
    assert!(node_events(&c).iter().any(|(n, e)| *n == old
        && matches!(
            e,
            Event::RoleChanged {
                reason: raft_core::event::RoleReason::Removed,
                ..
            }
        )));
    let l = leaders(&c);
    assert_eq!(l.len(), 1);
    assert_ne!(l[0], old);
}

/// How often members of the final configuration were deposed by a higher term after the heal.
fn deposed_after_heal(c: &Cluster) -> usize {
    let healed = c
        .trace()
        .records()
        .position(|r| matches!(&r.event, TraceEvent::Action { text } if text == "heal the network"))
        .expect("the story heals the network");
    c.trace()
        .records()
        .skip(healed)
        .filter(|r| {
            matches!(
                r.event,
                TraceEvent::Node {
                    event: Event::RoleChanged {
                        role: Role::Follower,
                        reason: raft_core::event::RoleReason::HigherTerm,
                        ..
                    },
                    ..
                }
            )
        })
        .count()
}

/// §4.2.3: a removed server that never heard of its removal deposes the leader with higher
/// terms, again and again, without PreVote.
#[test]
fn a_removed_server_disrupts_the_cluster() {
    let c = replay(&build("removed-disrupts").unwrap());
    assert!(deposed_after_heal(&c) >= 2, "{}", deposed_after_heal(&c));
}

/// Thesis §9.6: with PreVote the same removed server asks first, is refused, and the leader
/// leads on.
#[test]
fn pre_vote_stops_the_removed_servers_disruption() {
    let c = replay(&build("removed-pre-vote").unwrap());
    assert_eq!(deposed_after_heal(&c), 0);
    let refused = node_events(&c)
        .into_iter()
        .any(|(_, e)| matches!(e, Event::VoteRefused { pre_vote: true, .. }));
    assert!(refused, "its pre-votes are refused");
}

/// Ongaro's 2015 example: S1's change and S2's overlap; S1 leads without S2's committed
/// configuration entry. Kept safe, both changes are refused.
#[test]
fn break_early_change_loses_a_committed_configuration() {
    let (_, _, v) = broken("break-early-change");
    assert!(
        matches!(
            v.breach,
            Breach::LeaderMissingEntry {
                leader: 0,
                index: 1,
                ..
            }
        ),
        "{v}"
    );
    assert!(matches!(v.cause, Some(Cause::EarlyChange { .. })), "{v}");
}

/// §4.2.1 with chapter 5: a server added after the leader compacted its log receives the
/// leader's snapshot by InstallSnapshot, then the rest by AppendEntries; it ends with the
/// leader's state machine and configuration, and its vote elects the next leader.
#[test]
fn add_server_snapshot_the_new_server_installs_the_leaders_snapshot() {
    let s = build("add-server-snapshot").unwrap();
    let c = replay(&s);
    assert!(c.violation().is_none(), "{:?}", c.violation());
    assert_eq!(c.len(), 4);
    let installed: Vec<u8> = node_events(&c)
        .into_iter()
        .filter(|(_, e)| matches!(e, Event::SnapshotInstalled { .. }))
        .map(|(n, _)| n)
        .collect();
    assert!(
        installed.contains(&3),
        "S4 installed a snapshot: {installed:?}"
    );
    let sent = node_events(&c)
        .into_iter()
        .any(|(_, e)| matches!(e, Event::SnapshotSent { next_index, first_index, .. } if next_index < first_index));
    assert!(
        sent,
        "the leader sent it because S4 needed a discarded entry"
    );
    let new = c.node(3).unwrap();
    assert!(
        new.snapshot_index() >= 10,
        "S4's log starts after the snapshot"
    );
    let leader = c.node(c.leader().expect("a new leader")).unwrap();
    assert_ne!(leader.id(), 3);
    assert_eq!(new.state_machine(), leader.state_machine());
    assert_eq!(new.state_machine().sum, 78);
    assert_eq!(new.state_machine().count, 12);
    assert_eq!(new.members(), raft_core::Membership::first(4));
    assert_eq!(new.members(), leader.members());
    assert!(new.is_member());
    // With the old leader down, the winner needed 3 of 4 votes: S4's among them.
    let (winner, term) = (leader.id(), leader.term());
    assert!(node_events(&c).iter().any(|(n, e)| *n == 3
        && matches!(e, Event::VoteGranted { to, term: t, pre_vote: false } if *to == winner && *t == term)));
}
