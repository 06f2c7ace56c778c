//! "Time out all followers" (RaftScope's `A` key), the one action that makes a split vote.
//!
//! §5.2, "split votes": "If many followers become candidates at the same time, votes could be
//! split so that no candidate obtains a majority. When this happens, each candidate will time
//! out and start a new election by incrementing its term. However, without extra measures
//! split votes could repeat indefinitely." The extra measure is the randomized election
//! timeout: the split is short, and a later term elects a leader.
//!
//! The action makes "many followers become candidates at the same time" happen on purpose:
//! every running server but the leader times out at one instant. The simulator, which sees
//! every candidate, reports the term that ends without a leader (`TraceEvent::NoLeader`).

use raft_core::share;
use raft_core::sim::{
    Action, ActionError, Cluster, MarkKind, Outcome, Recording, SimConfig, Timeline, Until,
};
use raft_core::state::Role;
use raft_core::trace::TraceEvent;
use raft_core::types::{NodeId, Term, MS, SECOND};
use raft_core::Config;

const SEEDS: u64 = 20;

/// A five-server cluster at the page's defaults, run until its first leader exists.
fn led_cluster(seed: u64) -> Cluster {
    let mut c = Cluster::new(SimConfig::default(), seed).unwrap();
    assert!(
        c.run_until(10 * SECOND, |c| c.leader().is_some()),
        "seed {seed}: a first leader"
    );
    c
}

/// Every term reported leaderless after trace record `from`: (term, was it a split vote).
fn leaderless_terms(c: &Cluster, from: u64) -> Vec<(Term, bool)> {
    c.trace()
        .records()
        .filter(|r| r.seq >= from)
        .filter_map(|r| match &r.event {
            TraceEvent::NoLeader { term, outcome } => Some((*term, outcome.is_split_vote())),
            _ => None,
        })
        .collect()
}

/// How a seed went after `act` was applied to a led cluster: whether the term the candidates
/// ran in was reported a split vote, and whether a leader of a later term was then elected.
fn after(seed: u64, act: impl Fn(&mut Cluster)) -> (bool, bool) {
    let mut c = led_cluster(seed);
    let term = c.node(c.leader().unwrap()).unwrap().term();
    let from = c.trace().len();
    act(&mut c);
    let elected = c.run_until(c.now() + 10 * SECOND, |c| {
        c.leader()
            .is_some_and(|l| c.node(l).is_some_and(|n| n.term() > term))
    });
    // The candidates' term is over once a later term has a leader; give its report the time
    // the last straggler needs to hear of it.
    c.advance_by(SECOND);
    assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    let split = leaderless_terms(&c, from)
        .iter()
        .any(|&(t, split)| t == term + 1 && split);
    (split, elected)
}

fn time_out_all(c: &mut Cluster) {
    c.apply(Action::TimeoutFollowers).unwrap();
}

/// §5.2: four followers become candidates of the next term at one instant. Each votes for
/// itself, so at most the old leader's vote is left to win: two of the three needed. The
/// term splits in nearly every seed (1998 of seeds 1..=2000 when this was written: a follower
/// that had not yet heard of the new leader can campaign in the leader's own term instead),
/// and a later term elects a leader in every seed.
#[test]
fn timing_out_all_followers_splits_the_vote_and_a_later_term_elects_a_leader() {
    let mut splits = 0;
    for seed in 1..=SEEDS {
        let (split, elected) = after(seed, time_out_all);
        assert!(
            elected,
            "seed {seed}: no leader after the split (liveness, §5.2)"
        );
        splits += u32::from(split);
    }
    println!("time out all followers: split vote in {splits} of {SEEDS} seeds");
    assert!(
        splits >= 18,
        "a split vote in only {splits} of {SEEDS} seeds"
    );
}

/// The control: one follower timed out alone runs unopposed in the next term and wins it (its
/// log is as up to date as anyone's). Timing out one server is not what makes a split vote.
#[test]
fn timing_out_one_follower_rarely_splits_the_vote() {
    let mut splits = 0;
    for seed in 1..=SEEDS {
        let (split, elected) = after(seed, |c| {
            let leader = c.leader().unwrap();
            // Once the follower has heard the leader, so that it runs in the next term rather
            // than catching up from an older one.
            let term = c.node(leader).unwrap().term();
            assert!(c.run_until(c.now() + SECOND, |c| (0..5)
                .all(|id| c.node(id).is_some_and(|n| n.term() == term))));
            c.apply(Action::ForceTimeout {
                node: (leader + 1) % 5,
            })
            .unwrap();
        });
        assert!(elected, "seed {seed}");
        splits += u32::from(split);
    }
    println!("force timeout on one follower: split vote in {splits} of {SEEDS} seeds");
    assert!(splits <= 1, "one candidate split {splits} of {SEEDS} seeds");
}

/// The action names who timed out: every running server but the leader. Each is a candidate
/// of the next term at that very instant, before any RequestVote has arrived.
#[test]
fn every_running_server_but_the_leader_becomes_a_candidate_at_once() {
    let mut c = led_cluster(3);
    let leader = c.leader().unwrap();
    let term = c.node(leader).unwrap().term();
    let down = (leader + 2) % 5;
    c.apply(Action::Crash { node: down }).unwrap();
    let outcome = c.apply(Action::TimeoutFollowers).unwrap();
    let expected: Vec<NodeId> = (0..5).filter(|&id| id != leader && id != down).collect();
    assert_eq!(outcome.timed_out().collect::<Vec<_>>(), expected);
    assert!(matches!(outcome, Outcome::TimedOut { .. }));
    for id in expected {
        let n = c.node(id).unwrap();
        assert_eq!(
            (n.role(), n.term()),
            (Role::Candidate, term + 1),
            "S{}",
            id + 1
        );
    }
    assert_eq!(c.node(leader).unwrap().role(), Role::Leader);
    let last = c.trace().records().last().unwrap();
    assert_eq!(
        last.event,
        TraceEvent::Action {
            text: "time out all followers".into()
        }
    );
}

/// With PreVote on, the servers still campaign at once: a user's timeout skips the pre-vote
/// round, as a single forced timeout does, so the key works whatever the options.
#[test]
fn with_pre_vote_the_followers_still_campaign_at_once() {
    let config = SimConfig {
        node: Config {
            pre_vote: true,
            ..Config::default()
        },
        ..SimConfig::default()
    };
    let mut c = Cluster::new(config, 4).unwrap();
    assert!(c.run_until(10 * SECOND, |c| c.leader().is_some()));
    let term = c.node(c.leader().unwrap()).unwrap().term();
    let from = c.trace().len();
    c.apply(Action::TimeoutFollowers).unwrap();
    assert!(c.run_until(c.now() + 10 * SECOND, |c| c
        .leader()
        .is_some_and(|l| c.node(l).is_some_and(|n| n.term() > term))));
    c.advance_by(SECOND);
    assert!(leaderless_terms(&c, from).contains(&(term + 1, true)));
}

/// With no follower running there is nothing to time out: the action is refused with the
/// reason, changes nothing and is not recorded.
#[test]
fn with_no_follower_running_it_is_refused() {
    let mut alone = Cluster::new(
        SimConfig {
            nodes: 1,
            ..SimConfig::default()
        },
        1,
    )
    .unwrap();
    assert!(alone.run_until(SECOND, |c| c.leader().is_some()));
    let err = alone.apply(Action::TimeoutFollowers).unwrap_err();
    assert_eq!(err, ActionError::NoFollowerRunning);
    assert_eq!(err.to_string(), "no running follower to time out");
    assert!(alone.actions().is_empty());

    let mut c = led_cluster(5);
    let leader = c.leader().unwrap();
    for id in (0..5).filter(|&id| id != leader) {
        c.apply(Action::Crash { node: id }).unwrap();
    }
    let recorded = c.actions().len();
    let trace = c.trace().len();
    assert_eq!(
        c.apply(Action::TimeoutFollowers),
        Err(ActionError::NoFollowerRunning)
    );
    assert_eq!((c.actions().len(), c.trace().len()), (recorded, trace));
}

/// Figure 2's rules give a leader a heartbeat timer, not an election timeout, so a forced
/// timeout on a leader would do nothing. The core refuses it with the reason the page shows.
#[test]
fn a_forced_timeout_on_a_leader_is_refused_with_the_reason() {
    let mut c = led_cluster(6);
    let leader = c.leader().unwrap();
    let recorded = c.actions().len();
    let err = c.apply(Action::ForceTimeout { node: leader }).unwrap_err();
    assert_eq!(err, ActionError::LeaderHasNoTimeout(leader));
    assert_eq!(
        err.to_string(),
        format!(
            "S{} is the leader: a leader has no election timeout (it sends heartbeats); time out a follower instead",
            leader + 1
        )
    );
    assert_eq!(c.actions().len(), recorded);
    assert_eq!(c.leader(), Some(leader));
    // A follower still takes it.
    let follower = (leader + 1) % 5;
    c.apply(Action::ForceTimeout { node: follower }).unwrap();
    assert_eq!(c.node(follower).unwrap().role(), Role::Candidate);
}

/// The action is recorded like any other: the recording replays to the same trace, and a share
/// link carries it and opens the same run.
#[test]
fn the_action_replays_and_travels_in_a_share_link() {
    let mut c = led_cluster(7);
    c.advance_by(SECOND / 2);
    c.apply(Action::TimeoutFollowers).unwrap();
    c.advance_by(2 * SECOND);
    let recording = c.recording();
    assert!(recording
        .actions
        .iter()
        .any(|a| a.action == Action::TimeoutFollowers));

    let again = recording.replay(c.now()).unwrap();
    assert_eq!(again.trace().digest(), c.trace().digest());
    assert_eq!(again.trace().to_vec(), c.trace().to_vec());

    let link = share::encode_run(&recording, c.now());
    let shared = share::decode(&link).unwrap();
    assert_eq!(shared.recording, recording);
    let opened = share::open(&link).unwrap();
    assert_eq!(opened.now(), c.now());
    assert_eq!(opened.cluster().trace().digest(), c.trace().digest());
}

/// On the page the key acts on the timeline: the split is announced as a mark, "skip to next
/// split vote" stops at it, and pressing the key after scrubbing back forks the run and splits
/// the vote again.
#[test]
fn on_the_timeline_the_split_is_marked_and_skip_to_split_vote_finds_it() {
    let mut t = Timeline::new(Recording::new(SimConfig::default(), 8)).unwrap();
    assert!(t.run_until(Until::LeaderChange, 10 * SECOND));
    let pressed_at = t.now();
    let (outcome, forked) = t.act(Action::TimeoutFollowers).unwrap();
    assert!(!forked);
    assert_eq!(outcome.timed_out().count(), 4);
    assert!(t.run_until(Until::SplitVote, 2 * SECOND));
    let split = |t: &Timeline| {
        t.marks()
            .iter()
            .filter(|m| {
                matches!(
                    m.kind,
                    MarkKind::NoLeader {
                        split_vote: true,
                        ..
                    }
                )
            })
            .map(|m| m.at)
            .collect::<Vec<_>>()
    };
    let first = split(&t);
    assert_eq!(first.len(), 1);
    assert_eq!(t.now(), first[0]);

    // Back to before the press, and press again a moment earlier: the old future is gone.
    t.seek(pressed_at - 10 * MS);
    let (_, forked) = t.act(Action::TimeoutFollowers).unwrap();
    assert!(forked, "acting in the past forks the run");
    assert_eq!(t.recording().actions.len(), 1);
    assert!(t.run_until(Until::SplitVote, 2 * SECOND));
    assert_eq!(split(&t).len(), 1);
    assert!(split(&t)[0] < first[0]);
}

/// Share links written before this action existed still decode to the same actions: the new
/// variant is last, so every earlier variant keeps its tag. (`Heal` is the 6th variant, tag 5.)
#[test]
fn earlier_actions_keep_their_tags() {
    assert_eq!(postcard::to_allocvec(&Action::Heal).unwrap(), [5]);
    assert_eq!(
        postcard::to_allocvec(&Action::TimeoutFollowers).unwrap(),
        [10]
    );
}
