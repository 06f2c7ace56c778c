//! Unit tests of web/src/seeking.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use crate::config::{parse, PlaygroundConfig};
use crate::sim::Sim;

const HOUR_MS: f64 = 3_600_000.0;

fn sim(seed: u64) -> Sim {
    Sim::new(parse(&PlaygroundConfig::default()).unwrap(), seed).unwrap()
}

/// Slices of `budget` events to the end; the number of slices. Checks each report.
fn slices(s: &mut Sim, budget: f64) -> usize {
    let mut count = 0;
    let mut last = 0.0;
    loop {
        let before = s.cluster().stats.events;
        let slice = s.seek_slice(budget).unwrap();
        count += 1;
        assert!(s.cluster().stats.events - before <= budget as u64);
        assert!(
            (last..=1.0).contains(&slice.progress),
            "progress only grows"
        );
        last = slice.progress;
        assert_eq!(slice.at_ms, s.now());
        if slice.done {
            assert_eq!(slice.at_ms, slice.target_ms);
            return count;
        }
    }
}

/// What the page sees of a moment: time, horizon, events run, marks.
fn seen(s: &Sim) -> (f64, f64, u64, f64) {
    (
        s.now(),
        s.horizon(),
        s.cluster().stats.events,
        s.marks_version(),
    )
}

#[test]
fn a_sliced_seek_an_hour_past_the_horizon_lands_where_seek_lands() {
    let mut whole = sim(3);
    whole.advance(2_000.0).unwrap();
    let target = whole.horizon() + HOUR_MS;
    let mut sliced = sim(3);
    sliced.advance(2_000.0).unwrap();
    whole.seek(target).unwrap();
    sliced.begin_seek(target).unwrap();
    assert!(slices(&mut sliced, 2_000.0) > 10);
    assert_eq!(sliced.now(), target);
    assert_eq!(seen(&sliced), seen(&whole));
    assert_eq!(
        sliced.cluster().trace().len(),
        whole.cluster().trace().len()
    );
}

#[test]
fn a_sliced_seek_back_lands_where_seek_lands() {
    let mut s = sim(5);
    s.advance(HOUR_MS).unwrap();
    let mut whole = sim(5);
    whole.advance(HOUR_MS).unwrap();
    whole.seek(HOUR_MS / 3.0).unwrap();
    s.begin_seek(HOUR_MS / 3.0).unwrap();
    assert!(
        s.now() <= HOUR_MS / 3.0,
        "the checkpoint it re-simulates from"
    );
    slices(&mut s, 50.0);
    assert_eq!(seen(&s), seen(&whole));
    assert!(s.in_past());
}

#[test]
fn a_sliced_advance_keeps_the_fraction_of_a_microsecond_as_advance_does() {
    let mut whole = sim(6);
    let mut sliced = sim(6);
    for ms in [0.3337, 1_234.567_8, 600_000.25, 0.4] {
        whole.advance(ms).unwrap();
        sliced.begin_advance(ms).unwrap();
        slices(&mut sliced, 1_000.0);
        assert_eq!(seen(&sliced), seen(&whole), "after advancing {ms} ms");
    }
}

#[test]
fn cancel_leaves_the_cursor_where_it_got_and_later_calls_work() {
    let mut s = sim(7);
    s.begin_advance(HOUR_MS).unwrap();
    for _ in 0..3 {
        assert!(!s.seek_slice(100.0).unwrap().done);
    }
    let got = s.now();
    assert!(got > 0.0 && got < HOUR_MS);
    s.cancel_seek();
    assert!(s
        .seek_slice(100.0)
        .unwrap_err()
        .message
        .contains("call beginSeek or beginAdvance first"));
    assert_eq!(s.now(), got);
    s.advance(10.0).unwrap();
    assert_eq!(s.now(), got + 10.0);
}

#[test]
fn a_move_between_slices_or_a_bad_argument_is_refused() {
    let mut s = sim(8);
    s.advance(1_000.0).unwrap();
    for bad in [-1.0, f64::NAN, f64::INFINITY, s.horizon() + HOUR_MS + 1.0] {
        assert!(s
            .begin_seek(bad)
            .unwrap_err()
            .message
            .starts_with("seek(ms) "));
    }
    for bad in [-1.0, f64::NAN, HOUR_MS + 1.0] {
        assert!(s
            .begin_advance(bad)
            .unwrap_err()
            .message
            .starts_with("advance(ms) "));
    }
    s.begin_seek(60_000.0).unwrap();
    for bad in [0.0, -1.0, 0.5, f64::NAN, f64::INFINITY, 1e300] {
        assert!(s
            .seek_slice(bad)
            .unwrap_err()
            .message
            .starts_with("maxEvents (runUntilSlice, seekSlice, LinkOpening.step) needs"));
    }
    s.seek_slice(3.0).unwrap();
    s.step().unwrap();
    assert!(s
        .seek_slice(3.0)
        .unwrap_err()
        .message
        .contains("the run moved since beginSeek or beginAdvance"));
    // The refusal ends it: nothing left to slice.
    assert!(s.seek_slice(3.0).is_err());
}
