//! A seek in slices (`Journey`): each slice runs at most its budget of events, the progress only
//! grows, and the cursor lands exactly where the same seek in one call lands, forward an hour
//! past the horizon and back through a long stretch of the past alike. Stopping between slices
//! leaves a timeline that still seeks exactly.

use raft_core::sim::{Journey, Timeline};
use raft_core::types::{Time, SECOND};

mod common;
use common::busy_recording;

const MINUTE: Time = 60 * SECOND;
const HOUR: Time = 60 * MINUTE;

/// Runs `journey` in slices of `budget` events; returns the progress after each slice,
/// checking that no slice ran more than its budget.
fn run_sliced(timeline: &mut Timeline, journey: &mut Journey, budget: u64) -> Vec<f64> {
    let mut progress = Vec::new();
    loop {
        let before = timeline.cluster().stats.events;
        let done = journey.run(timeline, budget);
        let ran = timeline.cluster().stats.events - before;
        assert!(
            ran <= budget,
            "a slice ran {ran} events on a budget of {budget}"
        );
        progress.push(journey.progress(timeline));
        if done {
            return progress;
        }
        assert!(progress.len() < 1_000_000, "the journey never ends");
    }
}

/// What a cursor position holds: time, events run, and the digest of the whole trace.
fn state(timeline: &Timeline) -> (Time, u64, u64) {
    let c = timeline.cluster();
    (c.now(), c.stats.events, c.trace().digest())
}

#[test]
fn an_hour_past_the_horizon_in_slices_lands_where_one_seek_lands() {
    for seed in 1..=3 {
        let recording = busy_recording(seed);
        let mut whole = Timeline::new(recording.clone()).unwrap();
        whole.seek(HOUR + 10 * SECOND);

        let mut sliced = Timeline::new(recording).unwrap();
        let mut journey = Journey::begin(&mut sliced, HOUR + 10 * SECOND);
        let progress = run_sliced(&mut sliced, &mut journey, 500);
        assert!(
            progress.len() > 10,
            "an hour takes many slices of 500 events"
        );
        assert!(
            progress.windows(2).all(|w| w[0] <= w[1]),
            "progress only grows"
        );
        assert_eq!(progress.last(), Some(&1.0));
        assert_eq!(state(&sliced), state(&whole), "seed {seed}");
        assert_eq!(sliced.horizon(), whole.horizon());
        assert_eq!(
            sliced.marks(),
            whole.marks(),
            "the marks of the hour are the same"
        );
        assert!(!sliced.in_past());
    }
}

#[test]
fn a_long_re_simulation_back_in_slices_lands_where_one_seek_lands() {
    let recording = busy_recording(4);
    // Few, sparse checkpoints: going back re-simulates minutes of the run.
    let mut whole = Timeline::with_limits(recording.clone(), 10 * MINUTE, 2).unwrap();
    whole.seek(30 * MINUTE);
    let mut sliced = whole.clone();
    whole.seek(25 * MINUTE);

    let mut journey = Journey::begin(&mut sliced, 25 * MINUTE);
    assert!(
        sliced.now() < 25 * MINUTE,
        "going back restores a checkpoint first"
    );
    assert_eq!(journey.progress(&sliced), 0.0);
    let progress = run_sliced(&mut sliced, &mut journey, 200);
    assert!(progress.len() > 10);
    assert!(progress.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(state(&sliced), state(&whole));
    // Still in the past: the horizon and the tape are untouched.
    assert!(sliced.in_past());
    assert_eq!(sliced.horizon(), 30 * MINUTE);
}

#[test]
fn taped_actions_on_the_way_apply_in_order_whatever_the_slices() {
    // From time 0 forward over the whole tape: every slice boundary lands somewhere among the
    // actions, and the run is the one a single seek gives (§5: the same inputs, the same run).
    let recording = busy_recording(5);
    for budget in [1, 7, 64] {
        let mut whole = Timeline::new(recording.clone()).unwrap();
        whole.seek(12 * SECOND);
        let mut sliced = Timeline::new(recording.clone()).unwrap();
        let mut journey = Journey::begin(&mut sliced, 12 * SECOND);
        run_sliced(&mut sliced, &mut journey, budget);
        assert_eq!(state(&sliced), state(&whole), "budget {budget}");
        assert_eq!(
            sliced.cluster().applied_actions(),
            whole.cluster().applied_actions()
        );
    }
}

#[test]
fn stopping_between_slices_leaves_a_timeline_that_still_seeks_exactly() {
    let recording = busy_recording(6);
    let mut reference = Timeline::new(recording.clone()).unwrap();
    reference.seek(20 * MINUTE);

    let mut timeline = Timeline::new(recording).unwrap();
    let mut journey = Journey::begin(&mut timeline, 20 * MINUTE);
    for _ in 0..5 {
        assert!(!journey.run(&mut timeline, 300));
    }
    let stopped = timeline.now();
    assert!(
        stopped > 0 && stopped < 20 * MINUTE,
        "the cursor stays where it got"
    );
    let progress = journey.progress(&timeline);
    assert!(progress > 0.0 && progress < 1.0);
    // Cancelled: the journey is not run again. Back before the stop and on to the target: the same run as one seek.
    timeline.seek(stopped / 2);
    timeline.seek(20 * MINUTE);
    assert_eq!(state(&timeline), state(&reference));
}

#[test]
fn a_seek_to_the_cursor_or_a_done_journey_runs_nothing() {
    let mut timeline = Timeline::new(busy_recording(7)).unwrap();
    timeline.seek(5 * SECOND);
    let at = state(&timeline);
    let mut journey = Journey::begin(&mut timeline, 5 * SECOND);
    assert!(journey.run(&mut timeline, 1));
    assert_eq!(state(&timeline), at);
    assert!(journey.run(&mut timeline, 1_000));
    assert_eq!(state(&timeline), at);
    assert_eq!(journey.progress(&timeline), 1.0);
}
