//! Time travel: seeking anywhere reproduces exactly the state a fresh replay reaches, stepping
//! back and forth is exact, acting in the past forks, and memory stays bounded.

use raft_core::sim::{Action, Cluster, Recording, SimConfig, Target, Timeline, Until};
use raft_core::types::{MS, SECOND};

mod common;
use common::busy_recording;

/// The digest of a fresh replay to `t`.
fn fresh_digest(recording: &Recording, t: u64) -> u64 {
    let mut cluster = recording.start().unwrap();
    for a in &recording.actions {
        if a.at > t {
            break;
        }
        cluster.apply_at(a.at, a.action.clone()).unwrap();
    }
    cluster.advance_to(t);
    cluster.trace().digest()
}

#[test]
fn seeking_anywhere_matches_a_fresh_replay() {
    for seed in 1..=5 {
        let recording = busy_recording(seed);
        let mut timeline = Timeline::with_limits(recording.clone(), 500 * MS, 8).unwrap();
        timeline.seek(10 * SECOND);
        assert!(timeline.checkpoint_count() <= 8);
        for t in [
            3 * SECOND,
            9_999 * MS,
            1,
            0,
            7 * SECOND + 123,
            5 * SECOND,
            10 * SECOND,
        ] {
            timeline.seek(t);
            assert_eq!(timeline.now(), t);
            assert_eq!(
                timeline.cluster().trace().digest(),
                fresh_digest(&recording, t),
                "seed {seed}, seek to {t}"
            );
        }
    }
}

#[test]
fn stepping_back_then_forward_is_exact() {
    let recording = busy_recording(3);
    let mut timeline = Timeline::with_limits(recording, 300 * MS, 16).unwrap();
    timeline.seek(4 * SECOND);
    // Start on an event boundary: the state just after some event.
    assert!(timeline.step_back());
    let mut digests = vec![timeline.cluster().trace().digest()];
    for _ in 0..50 {
        assert!(timeline.step_back());
        digests.push(timeline.cluster().trace().digest());
    }
    digests.pop();
    for expected in digests.iter().rev() {
        assert!(timeline.step_forward());
        assert_eq!(timeline.cluster().trace().digest(), *expected);
    }
}

#[test]
fn acting_in_the_past_forks_and_drops_the_later_actions() {
    let recording = busy_recording(4);
    let total = recording.actions.len();
    let mut timeline = Timeline::new(recording).unwrap();
    timeline.seek(10 * SECOND);
    assert!(!timeline.in_past());
    timeline.seek(2 * SECOND);
    assert!(timeline.in_past());
    // An invalid action in the past loses nothing.
    assert!(timeline.act(Action::Crash { node: 42 }).is_err());
    assert_eq!(timeline.recording().actions.len(), total);
    let (_, forked) = timeline.act(Action::Crash { node: 0 }).unwrap();
    assert!(forked);
    assert_eq!(timeline.forks(), 1);
    let kept = timeline
        .recording()
        .actions
        .iter()
        .filter(|a| a.at <= 2 * SECOND)
        .count();
    assert_eq!(timeline.recording().actions.len(), kept);
    assert!(timeline.marks().iter().all(|m| m.at <= 2 * SECOND));
    // The fork is itself a recording that replays to the same state.
    timeline.advance_by(3 * SECOND);
    let replayed = timeline.recording().replay(timeline.now()).unwrap();
    assert_eq!(
        replayed.trace().digest(),
        timeline.cluster().trace().digest()
    );
}

#[test]
fn checkpoints_stay_bounded_over_a_long_run() {
    let mut timeline =
        Timeline::with_limits(Recording::new(SimConfig::default(), 9), SECOND, 32).unwrap();
    timeline.advance_by(2 * 3600 * SECOND);
    assert!(
        timeline.checkpoint_count() <= 32,
        "{}",
        timeline.checkpoint_count()
    );
    // And seeking in the middle of it still works.
    timeline.seek(3600 * SECOND + 17);
    assert_eq!(timeline.now(), 3600 * SECOND + 17);
}

#[test]
fn fast_forward_finds_leader_changes_and_commits() {
    let mut timeline = Timeline::new(busy_recording(2)).unwrap();
    assert!(timeline.run_until(Until::LeaderChange, 10 * SECOND));
    let first = timeline.now();
    assert!(timeline.cluster().leader().is_some());
    assert!(timeline.run_until(Until::Commit, 10 * SECOND));
    assert!(timeline.now() > first);
    // From the past, the same answers come from the marks.
    timeline.seek(0);
    assert!(timeline.run_until(Until::LeaderChange, 10 * SECOND));
    assert_eq!(timeline.now(), first);
}

#[test]
fn opening_a_run_applies_every_action_or_names_the_one_that_fails() {
    let mut recording = busy_recording(5);
    let good = Timeline::open(recording.clone(), 3 * SECOND).unwrap();
    assert_eq!(good.now(), 3 * SECOND);
    assert_eq!(good.recording().actions.len(), recording.actions.len());
    recording.actions.push(raft_core::sim::TimedAction {
        at: 11 * SECOND,
        action: Action::Restart { node: 0 },
    });
    let index = recording.actions.len() - 1;
    match Timeline::open(recording, 0) {
        Err(raft_core::sim::ReplayError::Action { index: i, .. }) => assert_eq!(i, index),
        other => panic!(
            "expected the failing action, got {:?}",
            other.map(|t| t.now())
        ),
    }
}

#[test]
fn checkpoint_memory_is_bounded_by_bytes_too() {
    // Many proposals make long logs, so each checkpoint is big.
    let mut c = Cluster::new(
        SimConfig {
            trace_capacity: Some(4096),
            ..SimConfig::default()
        },
        8,
    )
    .unwrap();
    for i in 0..6000u64 {
        c.advance_by(100 * MS);
        let _ = c.apply(Action::Propose {
            to: Target::Leader,
            value: i,
        });
    }
    let mut timeline = Timeline::new(c.recording()).unwrap();
    timeline.seek(600 * SECOND);
    assert!(
        timeline.checkpoint_bytes() <= 16 << 20,
        "{}",
        timeline.checkpoint_bytes()
    );
    // Seeking back and forward within it still lands exactly.
    let at = 321 * SECOND + 5;
    timeline.seek(at);
    let back = timeline.cluster().trace().digest();
    timeline.seek(590 * SECOND);
    timeline.seek(at);
    assert_eq!(timeline.cluster().trace().digest(), back);
}

#[test]
fn fast_forward_never_passes_its_limit() {
    let mut timeline = Timeline::new(Recording::new(SimConfig::default(), 3)).unwrap();
    timeline.seek(5 * SECOND);
    // No split vote happens in a quiet healthy cluster: stop exactly at the limit.
    assert!(!timeline.run_until(Until::SplitVote, 2 * SECOND));
    assert_eq!(timeline.now(), 7 * SECOND);
}

#[test]
fn looking_ahead_answers_as_running_would_and_moves_nothing() {
    let mut timeline = Timeline::new(busy_recording(2)).unwrap();
    timeline.seek(5 * SECOND);
    let (now, horizon, marks) = (timeline.now(), timeline.horizon(), timeline.marks().len());
    for (what, limit) in [
        (Until::LeaderChange, 10 * SECOND),
        (Until::Commit, 10 * SECOND),
        (Until::SplitVote, 2 * SECOND),
    ] {
        let seen = timeline.look_ahead(what, limit);
        // The run, its cursor, its horizon and its marks are as they were...
        assert_eq!(timeline.now(), now);
        assert_eq!(timeline.horizon(), horizon);
        assert_eq!(timeline.marks().len(), marks);
        // ...and running for real gives the same answer.
        let mut real = timeline.clone();
        assert_eq!(real.run_until(what, limit), seen, "{what:?}");
    }
    // From the past, known marks answer.
    timeline.seek(0);
    assert!(timeline.look_ahead(Until::LeaderChange, 10 * SECOND));
    assert_eq!(timeline.now(), 0);
}

/// A tour's "try it yourself": handing the run over in the past drops the scripted future, so
/// playing on applies no more taped actions; at the horizon there is nothing to drop.
#[test]
fn fork_here_drops_the_taped_future_without_acting() {
    let s = raft_core::scenarios::build("stale-term").unwrap();
    let mut t = raft_core::sim::Timeline::open(s.recording.clone(), 0).unwrap();
    let first = s.recording.actions[0].at;
    t.seek(first + 1);
    assert!(t.in_past());
    assert!(t.fork_here());
    assert_eq!(t.forks(), 1);
    assert_eq!(t.recording().actions.len(), 1);
    t.seek(s.duration);
    assert_eq!(t.cluster().applied_actions(), 1, "the later Heal is gone");
    assert!(!t.fork_here());
}

/// The actions each `Action` mark names, in mark order, as people read them.
fn action_marks(timeline: &Timeline) -> Vec<(u64, String)> {
    timeline
        .marks()
        .iter()
        .filter_map(|m| match m.kind {
            raft_core::sim::MarkKind::Action { index } => Some((
                m.at,
                timeline.recording().actions[index as usize]
                    .action
                    .describe(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn marks_of_actions_at_one_instant_each_name_their_own_action_live_and_from_a_link() {
    // A partition, a heal and a loss change at the same virtual instant (no event between
    // them): three marks, each naming its own action, whether the run is played live or
    // opened from its link.
    let mut live = Timeline::new(Recording::new(SimConfig::default(), 3)).unwrap();
    live.seek(1_500 * MS);
    live.act(Action::SetPartition {
        groups: vec![vec![0, 1]],
    })
    .unwrap();
    live.act(Action::Heal).unwrap();
    live.act(Action::SetLoss { probability: 0.25 }).unwrap();
    let at = live.now();
    let expected: Vec<(u64, String)> = live
        .recording()
        .actions
        .iter()
        .map(|a| (at, a.action.describe()))
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(
        action_marks(&live),
        expected,
        "live, before any later event"
    );
    live.advance_by(2 * SECOND);
    assert_eq!(action_marks(&live), expected, "live, after later events");

    let link = raft_core::share::link(live.recording(), live.now()).unwrap();
    let shared = raft_core::share::decode(&link).unwrap();
    let opened = Timeline::open(shared.recording, shared.cursor).unwrap();
    assert_eq!(action_marks(&opened), expected, "opened from its link");
    let opened_at_the_actions = Timeline::open(live.recording().clone(), at).unwrap();
    assert_eq!(
        action_marks(&opened_at_the_actions),
        expected,
        "opened at the very instant of the actions"
    );
}

#[test]
fn opening_a_run_in_slices_is_opening_it_at_once() {
    // A long link opens in slices of a few events (the page stays responsive): the run, its
    // marks and its cursor are those of one unbounded opening.
    use raft_core::sim::Opening;
    for seed in 1..=3 {
        let recording = busy_recording(seed);
        for cursor in [0, 3 * SECOND, 9 * SECOND + 7, 20 * SECOND] {
            let whole = Timeline::open(recording.clone(), cursor).unwrap();
            let mut opening = Opening::new(recording.clone(), cursor).unwrap();
            let mut slices = 0;
            let mut last = 0.0;
            while !opening.run(5) {
                slices += 1;
                assert!(opening.progress() >= last);
                last = opening.progress();
            }
            let sliced = opening.finish().unwrap();
            assert!(slices > 10, "seed {seed}: sliced at all ({slices})");
            assert_eq!(sliced.now(), whole.now());
            assert_eq!(sliced.horizon(), whole.horizon());
            assert_eq!(sliced.marks(), whole.marks());
            assert_eq!(
                sliced.cluster().trace().digest(),
                whole.cluster().trace().digest(),
                "seed {seed} at {cursor}"
            );
        }
    }
}

/// The page reads marks a piece at a time (only those past its count), which is right only if,
/// while `marks_rewrites` stays, marks are appended to and never dropped or changed.
#[test]
fn marks_only_grow_while_their_rewrite_count_stays() {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut timeline = Timeline::new(busy_recording(6)).unwrap();
    let (mut rewrites_seen, mut forks_dropping_marks) = (0, 0);
    for _ in 0..600 {
        let before = timeline.marks().to_vec();
        let rewrites = timeline.marks_rewrites();
        match next(6) {
            0 => timeline.seek(next(timeline.horizon() + 1)),
            1 | 2 => timeline.advance_by(next(2 * SECOND)),
            3 => drop(timeline.act(Action::Crash { node: next(5) as _ })),
            4 => drop(timeline.act(Action::Restart { node: next(5) as _ })),
            _ => drop(timeline.act(Action::SetPartition {
                groups: vec![vec![next(5) as _, next(5) as _]],
            })),
        }
        let after = timeline.marks();
        if timeline.marks_rewrites() == rewrites {
            assert!(
                after.to_vec().starts_with(&before),
                "marks changed without a rewrite"
            );
        } else {
            rewrites_seen += 1;
            if after.len() < before.len() {
                forks_dropping_marks += 1;
            }
        }
    }
    // The walk did fork away marks, and each time the count said so.
    assert!(forks_dropping_marks > 0, "{rewrites_seen} rewrites");
}
