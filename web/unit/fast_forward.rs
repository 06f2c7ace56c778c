//! Unit tests of web/src/fast_forward.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use crate::config::{parse, PlaygroundConfig};
use crate::convert::UntilKind;
use crate::sim::Sim;

fn sim(seed: u64) -> Sim {
    Sim::new(parse(&PlaygroundConfig::default()).unwrap(), seed).unwrap()
}

/// Slices of `budget` events to the end; the slices taken.
fn slices(s: &mut Sim, budget: f64) -> (super::RunSlice, usize) {
    let mut count = 0;
    loop {
        let slice = s.run_until_slice(budget).unwrap();
        count += 1;
        assert!((0.0..=1.0).contains(&slice.progress));
        if slice.done {
            return (slice, count);
        }
    }
}

#[test]
fn a_sliced_run_until_lands_where_the_one_shot_lands() {
    for kind in [UntilKind::Leader, UntilKind::Commit] {
        let start = || {
            let mut s = sim(4);
            if kind == UntilKind::Commit {
                // A commit needs a leader and a value to commit.
                assert!(s.run_until(UntilKind::Leader, 60_000.0).unwrap());
                s.propose_to_leader(7.0).unwrap();
            }
            s
        };
        let (mut one, mut sliced) = (start(), start());
        assert!(one.run_until(kind, 600_000.0).unwrap());
        sliced.begin_run_until(kind, 600_000.0).unwrap();
        let (last, count) = slices(&mut sliced, 5.0);
        assert!(last.found && last.why.is_none(), "{kind:?}");
        assert!(count > 2, "{kind:?}: {count} slices");
        assert_eq!(sliced.now(), one.now(), "{kind:?}");
        assert_eq!(sliced.nodes(), one.nodes(), "{kind:?}");
        assert!(sliced.run_until_slice(5.0).is_err(), "over once done");
    }
}

#[test]
fn a_sliced_run_that_finds_nothing_leaves_the_run_as_it_was() {
    let mut s = sim(4);
    s.advance(2_000.0).unwrap();
    s.set_loss(1.0).unwrap();
    let (now, horizon, marks) = (s.now(), s.horizon(), s.marks_version());
    s.begin_run_until(UntilKind::Commit, 3_600_000.0).unwrap();
    let (last, count) = slices(&mut s, 200.0);
    assert!(!last.found);
    assert_eq!(
        last.why.as_deref(),
        Some("no entry can commit: every message is lost, so no vote or reply arrives")
    );
    assert!(count < 50, "stopped early: {count} slices");
    assert_eq!(
        (s.now(), s.horizon(), s.marks_version()),
        (now, horizon, marks)
    );
}

#[test]
fn a_move_between_slices_or_a_bad_budget_is_refused() {
    let mut s = sim(4);
    assert!(s
        .run_until_slice(10.0)
        .unwrap_err()
        .message
        .contains("call beginRunUntil first"));
    s.begin_run_until(UntilKind::Leader, 60_000.0).unwrap();
    for bad in [0.0, -1.0, 0.5, f64::NAN, f64::INFINITY, 1e300] {
        assert!(s.run_until_slice(bad).unwrap_err().message.starts_with(
            "maxEvents (runUntilSlice, seekSlice, LinkOpening.step) needs a whole number"
        ));
    }
    s.run_until_slice(3.0).unwrap();
    s.advance(5.0).unwrap();
    assert!(s
        .run_until_slice(3.0)
        .unwrap_err()
        .message
        .contains("the run moved since beginRunUntil"));
    s.begin_run_until(UntilKind::Leader, 60_000.0).unwrap();
    s.cancel_run_until();
    assert!(s.run_until_slice(3.0).is_err());
}
