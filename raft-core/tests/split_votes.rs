//! §5.2, "split votes": "If many followers become candidates at the same time, votes could be
//! split so that no candidate obtains a majority. When this happens, each candidate will time
//! out and start a new election by incrementing its term."
//!
//! The simulator, which sees every candidate of a term, says when a term ended without a
//! leader and why: a split vote (two or more candidates, none with a majority) or a lone
//! candidate that could not reach one. The timeline marks it, and "run until split vote" stops
//! only at real split votes.

use raft_core::election::{CandidateVotes, FailedElection};
use raft_core::sim::{Action, Cluster, MarkKind, Recording, SimConfig, Timeline, Until};
use raft_core::state::Role;
use raft_core::trace::TraceEvent;
use raft_core::types::{NodeId, Term, MS, SECOND};
use raft_core::Config;

fn config(nodes: u8, node: Config) -> SimConfig {
    SimConfig {
        nodes,
        node,
        ..SimConfig::default()
    }
}

/// Every `NoLeader` record of the run: (term, why).
fn no_leader(c: &Cluster) -> Vec<(Term, FailedElection)> {
    c.trace()
        .records()
        .filter_map(|r| match &r.event {
            TraceEvent::NoLeader { term, outcome } => Some((*term, outcome.clone())),
            _ => None,
        })
        .collect()
}

fn no_leader_marks(t: &Timeline) -> Vec<(Term, bool)> {
    t.marks()
        .iter()
        .filter_map(|m| match m.kind {
            MarkKind::NoLeader { term, split_vote } => Some((term, split_vote)),
            _ => None,
        })
        .collect()
}

fn leader_of(c: &Cluster, term: Term) -> bool {
    (0..c.len() as NodeId).any(|id| {
        c.node(id)
            .is_some_and(|n| n.role() == Role::Leader && n.term() == term)
    })
}

/// Four servers; S1 and S3 become candidates of term 1 at the same instant, and each request
/// first reaches only one voter: S2 votes for S1, S4 for S3. Two votes each, three needed.
fn two_candidates_split_term_1() -> Timeline {
    let mut t = Timeline::new(Recording::new(config(4, Config::default()), 13)).unwrap();
    t.advance_by(20 * MS);
    for action in [
        Action::CutLink { from: 0, to: 3 },
        Action::CutLink { from: 2, to: 1 },
        Action::ForceTimeout { node: 0 },
        Action::ForceTimeout { node: 2 },
    ] {
        t.act(action).unwrap();
    }
    t.advance_by(60 * MS);
    t.act(Action::RestoreLink { from: 0, to: 3 }).unwrap();
    t.act(Action::RestoreLink { from: 2, to: 1 }).unwrap();
    t
}

/// §5.2: two candidates split the votes of term 1; once both are done, term 1 is reported as a
/// split vote with each candidate's votes, and a later term elects a leader.
#[test]
fn two_candidates_splitting_the_vote_is_a_split_vote() {
    let mut t = two_candidates_split_term_1();
    assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
    let c = t.cluster();
    assert_eq!(
        no_leader(c),
        [(
            1,
            FailedElection::SplitVote {
                candidates: vec![
                    CandidateVotes {
                        node: 0,
                        granted: 2
                    },
                    CandidateVotes {
                        node: 2,
                        granted: 2
                    },
                ],
                needed: 3,
            }
        )]
    );
    assert_eq!(no_leader_marks(&t), [(1, true)]);
    let leader = c.leader().unwrap();
    assert!(c.node(leader).unwrap().term() >= 2);

    // "Run until split vote", from the start of a fresh replay, stops right there.
    let split_at = t
        .marks()
        .iter()
        .find(|m| matches!(m.kind, MarkKind::NoLeader { .. }))
        .map(|m| m.at)
        .unwrap();
    let mut again = Timeline::new(t.recording().clone()).unwrap();
    assert!(again.run_until(Until::SplitVote, 5 * SECOND));
    assert_eq!(again.now(), split_at);
}

/// §5.2 with a partition: a follower cut off alone times out and campaigns, but a minority
/// cannot elect anyone. Each of its terms ends without a leader, and that is a lone candidate
/// that could not reach a majority, not a split vote: nobody ran against it.
#[test]
fn one_candidate_isolated_in_a_minority_is_a_lone_candidate_not_a_split_vote() {
    let mut t = Timeline::new(Recording::new(config(5, Config::default()), 21)).unwrap();
    assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
    let leader = t.cluster().leader().unwrap();
    let term = t.cluster().node(leader).unwrap().term();
    let alone = (leader + 1) % 5;
    t.act(Action::SetPartition {
        groups: vec![vec![alone]],
    })
    .unwrap();
    assert!(
        !t.run_until(Until::SplitVote, 2 * SECOND),
        "a lone candidate is no split vote"
    );
    let reports = no_leader(t.cluster());
    assert!(reports.len() >= 2, "it campaigned in several terms");
    for (i, (lost_term, why)) in reports.iter().enumerate() {
        assert_eq!(*lost_term, term + 1 + i as Term);
        assert_eq!(
            *why,
            FailedElection::LoneCandidate {
                node: alone,
                granted: 1,
                needed: 3
            }
        );
    }
    assert!(no_leader_marks(&t).iter().all(|(_, split)| !split));
    // The majority kept its leader all along.
    assert_eq!(t.cluster().leader(), Some(leader));
    assert!(leader_of(t.cluster(), term));
}

/// A term that gets a leader is no leaderless term, even when a candidate of it gave up first:
/// with pre-vote, a lone candidate of term 2 times out into a pre-vote and stays in term 2, so
/// its term is reported leaderless; then another server campaigns in the same term 2 and wins
/// it. The trace keeps what was known then, and the timeline withdraws its mark.
#[test]
fn a_term_that_gets_a_leader_later_has_no_mark() {
    let node = Config {
        pre_vote: true,
        ..Config::default()
    };
    let mut t = Timeline::new(Recording::new(config(5, node), 5)).unwrap();
    assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
    let leader = t.cluster().leader().unwrap();
    assert_eq!(t.cluster().node(leader).unwrap().term(), 1);
    let (alone, late) = ((leader + 1) % 5, (leader + 2) % 5);
    t.act(Action::SetPartition {
        groups: vec![vec![alone]],
    })
    .unwrap();
    // A forced timeout skips the pre-vote: the cut-off server campaigns in term 2 at once.
    t.act(Action::ForceTimeout { node: alone }).unwrap();
    t.advance_by(400 * MS);
    assert_eq!(t.cluster().node(alone).unwrap().role(), Role::PreCandidate);
    assert_eq!(
        no_leader(t.cluster()),
        [(
            2,
            FailedElection::LoneCandidate {
                node: alone,
                granted: 1,
                needed: 3
            }
        )]
    );
    assert_eq!(no_leader_marks(&t), [(2, false)]);

    t.act(Action::ForceTimeout { node: late }).unwrap();
    assert!(t.run_until(Until::LeaderChange, SECOND));
    assert!(leader_of(t.cluster(), 2), "{late} won term 2");
    assert_eq!(no_leader_marks(&t), [], "term 2 had a leader after all");
    assert_eq!(
        no_leader(t.cluster()).len(),
        1,
        "no second report of term 2"
    );
}

/// A term won at the first try is never reported.
#[test]
fn a_term_with_a_leader_is_never_reported() {
    let mut t = Timeline::new(Recording::new(config(5, Config::default()), 3)).unwrap();
    assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
    t.advance_by(2 * SECOND);
    assert_eq!(no_leader(t.cluster()), []);
    assert_eq!(no_leader_marks(&t), []);
}
