//! Every scenario replays to the outcome its captions promise.

use raft_core::election::FailedElection;
use raft_core::event::Event;
use raft_core::scenarios::{build, Scenario, IDS};
use raft_core::sim::Cluster;
use raft_core::trace::TraceEvent;
use raft_core::types::Name;
use raft_core::{Command, Role};

fn replay(s: &Scenario) -> Cluster {
    let c = s.recording.replay(s.duration).expect("scenario replays");
    assert!(c.violation().is_none(), "{}: {:?}", s.id, c.violation());
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
            Command::Noop => None,
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
