//! Fast-forward in slices: a pursuit of the next leader change, commit or split vote lands
//! where one long run lands, never runs more events per slice than asked, and stops as soon as
//! its target can no longer come (§5.2: a leader needs the votes of a majority; §5.3: only a
//! leader commits), and only then.

use raft_core::config::Config;
use raft_core::sim::{
    Action, MarkKind, Progress, Pursuit, Recording, SimConfig, Timeline, Unreachable, Until,
};
use raft_core::types::{Time, MS, SECOND};

const HOUR: Time = 3_600 * SECOND;
const KINDS: [Until; 3] = [Until::LeaderChange, Until::Commit, Until::SplitVote];

fn timeline(seed: u64, pre_vote: bool) -> Timeline {
    let config = SimConfig {
        node: Config {
            pre_vote,
            ..Config::default()
        },
        trace_capacity: Some(4096),
        ..SimConfig::default()
    };
    Timeline::new(Recording::new(config, seed)).unwrap()
}

fn matches(what: Until, kind: &MarkKind) -> bool {
    matches!(
        (what, kind),
        (Until::LeaderChange, MarkKind::Leader { .. })
            | (Until::Commit, MarkKind::Commit { .. })
            | (
                Until::SplitVote,
                MarkKind::NoLeader {
                    split_vote: true,
                    ..
                }
            )
    )
}

/// Runs `pursuit` to its end in slices of `budget` events, checking each slice's size.
fn in_slices(pursuit: &mut Pursuit, timeline: &mut Timeline, budget: u64) -> (Progress, usize) {
    let mut slices = 0;
    loop {
        let events = timeline.cluster().stats.events;
        let progress = pursuit.run(timeline, budget);
        slices += 1;
        // A seek onto a known mark may restore a checkpoint: only forward runs are counted.
        let ran = timeline.cluster().stats.events.saturating_sub(events);
        assert!(ran <= budget, "a slice ran {ran} events, budget {budget}");
        if progress.is_done() {
            return (progress, slices);
        }
    }
}

#[test]
fn slices_land_where_one_long_run_lands() {
    for seed in 1..=6 {
        for what in KINDS {
            let mut whole = timeline(seed, seed % 2 == 0);
            whole.seek(1_000 * MS);
            if seed % 3 == 0 {
                whole.act(Action::Crash { node: 1 }).unwrap();
            }
            let mut sliced = whole.clone();
            let found = whole.run_until(what, 20 * SECOND);
            let mut pursuit = Pursuit::new(&sliced, what, 20 * SECOND);
            let (progress, slices) = in_slices(&mut pursuit, &mut sliced, 7);
            assert_eq!(progress == Progress::Found, found, "seed {seed} {what:?}");
            assert_eq!(sliced.now(), whole.now(), "seed {seed} {what:?}");
            assert_eq!(
                sliced.cluster().trace().digest(),
                whole.cluster().trace().digest(),
                "seed {seed} {what:?}"
            );
            assert!(slices > 1 || found, "seed {seed} {what:?}: sliced at all");
        }
    }
}

#[test]
fn with_every_message_lost_no_commit_and_no_leader_can_come_and_the_run_stops_at_once() {
    // The hostile call: setLoss(1), then runUntil('commit', one hour). No vote and no
    // acknowledgement will ever arrive, so it stops when the last message in flight is lost.
    for pre_vote in [false, true] {
        for what in [Until::Commit, Until::LeaderChange] {
            let start_run = || {
                let mut t = timeline(7, pre_vote);
                t.seek(2 * SECOND);
                t.act(Action::SetLoss { probability: 1.0 }).unwrap();
                t
            };
            let mut t = start_run();
            let start = t.now();
            let mut pursuit = Pursuit::new(&t, what, HOUR);
            let (progress, _) = in_slices(&mut pursuit, &mut t, 1_000);
            assert_eq!(
                progress,
                Progress::Unreachable(Unreachable::NothingDelivered),
                "{what:?}"
            );
            assert!(
                t.now() < start + SECOND,
                "stopped {} ms after the loss, not an hour later",
                (t.now() - start) / MS
            );
            // The one-shot run stops there too.
            let mut again = start_run();
            assert!(!again.run_until(what, HOUR));
            assert_eq!(again.now(), t.now());
        }
    }
}

#[test]
fn with_a_majority_crashed_no_leader_can_be_elected_and_the_run_stops() {
    for pre_vote in [false, true] {
        let mut t = timeline(5, pre_vote);
        assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
        let leader = t.cluster().leader().unwrap();
        // The leader and two followers crash: two of five servers are left.
        for k in 0..3 {
            t.act(Action::Crash {
                node: (leader + k) % 5,
            })
            .unwrap();
        }
        let start = t.now();
        let mut pursuit = Pursuit::new(&t, Until::LeaderChange, HOUR);
        let (progress, _) = in_slices(&mut pursuit, &mut t, 500);
        assert_eq!(
            progress,
            Progress::Unreachable(Unreachable::MajorityDown { up: 2, needed: 3 }),
            "pre-vote {pre_vote}"
        );
        assert!(
            t.now() < start + 60 * SECOND,
            "pre-vote {pre_vote}: stopped after {} ms",
            (t.now() - start) / MS
        );
        // Commits cannot come either: there is no leader.
        let mut commit = Pursuit::new(&t, Until::Commit, HOUR);
        assert!(matches!(
            commit.run(&mut t, 10),
            Progress::Unreachable(Unreachable::MajorityDown { .. })
        ));
        // A split vote is still possible between the two left: that pursuit runs on.
        let mut split = Pursuit::new(&t, Until::SplitVote, HOUR);
        assert_eq!(split.run(&mut t, 10), Progress::Running);
    }
}

#[test]
fn a_restart_on_the_tape_ahead_keeps_the_pursuit_going() {
    let mut t = timeline(5, false);
    assert!(t.run_until(Until::LeaderChange, 5 * SECOND));
    let leader = t.cluster().leader().unwrap();
    for k in 0..3 {
        t.act(Action::Crash {
            node: (leader + k) % 5,
        })
        .unwrap();
    }
    let crashed_at = t.now();
    t.advance_by(3 * SECOND);
    t.act(Action::Restart { node: leader }).unwrap();
    // Back before the restart: it is on the tape ahead, so a leader can still come.
    t.seek(crashed_at + SECOND);
    assert!(t.run_until(Until::LeaderChange, HOUR));
    assert!(t.now() > crashed_at + 3 * SECOND);
}

#[test]
fn a_pursuit_only_gives_up_on_what_truly_never_comes() {
    // Many runs with crashes and loss: whenever a pursuit says its target cannot come, running
    // the rest of its limit for real shows none.
    let mut gave_up = 0;
    for seed in 1..=24u64 {
        for what in KINDS {
            let mut t = timeline(seed, seed % 2 == 1);
            t.seek((500 + 97 * seed) * MS);
            let crashes = 2 + seed % 2;
            for k in 0..crashes {
                let _ = t.act(Action::Crash {
                    node: ((seed + k) % 5) as u8,
                });
                t.advance_by((seed % 4) * 40 * MS);
            }
            if seed % 3 == 0 {
                t.act(Action::SetLoss { probability: 1.0 }).unwrap();
            }
            let limit = 30 * SECOND;
            let deadline = t.now() + limit;
            let mut pursuit = Pursuit::new(&t, what, limit);
            if let Progress::Unreachable(why) = pursuit.run(&mut t, u64::MAX) {
                gave_up += 1;
                let stopped = t.now();
                t.advance_by(deadline - stopped);
                let late = t
                    .marks()
                    .iter()
                    .find(|m| m.at > stopped && matches(what, &m.kind));
                assert!(
                    late.is_none(),
                    "seed {seed} {what:?}: gave up at {stopped} ({why:?}), but {late:?} came"
                );
            }
        }
    }
    assert!(gave_up >= 10, "the check had something to check: {gave_up}");
}
