//! `runUntil` in slices, for the page: look ahead on a throwaway copy of the run, then, only if
//! the target comes within the limit, run the real timeline to it. Each slice runs at most the
//! events the page allows, so the page stays responsive, shows progress and can cancel; a
//! target that cannot come ends the look-ahead at once (raft-core's [`Pursuit`]). Until the
//! target is found the run, its cursor, horizon and marks stay as they were.

use raft_core::sim::{Progress, Pursuit, Timeline, Until};
use raft_core::Time;
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;

/// Where the run was when a fast-forward began or last moved it: any other move in between
/// (a seek, an action) makes the fast-forward stale.
type Fingerprint = (Time, u64, usize, u32);

fn fingerprint(timeline: &Timeline) -> Fingerprint {
    let cluster = timeline.cluster();
    (
        cluster.now(),
        cluster.stats.events,
        timeline.recording().actions.len(),
        timeline.forks(),
    )
}

/// One slice's report: `runUntilSlice()`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RunSlice {
    /// True once the fast-forward is over (found, not found, or cannot come).
    pub done: bool,
    /// True when the target came: the cursor is on it.
    pub found: bool,
    /// How far it got, from 0 to 1 (of the limit while looking ahead; of the way to the
    /// target once found).
    pub progress: f64,
    /// Virtual ms reached so far (on the copy while looking ahead).
    pub at_ms: f64,
    /// Why the target can never come, when the look-ahead stopped for that; else absent.
    pub why: Option<String>,
}

/// A fast-forward in progress.
#[derive(Debug)]
pub struct FastForward {
    what: Until,
    from: Time,
    limit: Time,
    /// The throwaway copy while looking ahead; none once the target is known to come.
    probe: Option<Timeline>,
    pursuit: Pursuit,
    /// Where the target came on the copy: the real run goes there.
    target_at: Option<Time>,
    seen: Fingerprint,
}

impl FastForward {
    /// Begins a fast-forward of `timeline` to the next `what` within `limit` µs.
    pub fn new(timeline: &Timeline, what: Until, limit: Time) -> Self {
        let probe = timeline.probe();
        let pursuit = Pursuit::new(&probe, what, limit);
        FastForward {
            what,
            from: timeline.now(),
            limit,
            probe: Some(probe),
            pursuit,
            target_at: None,
            seen: fingerprint(timeline),
        }
    }

    /// Runs at most `budget` events on `timeline` (or its copy). Refuses when the run moved
    /// since the last slice: the page must begin again.
    pub fn slice(&mut self, timeline: &mut Timeline, budget: u64) -> Result<RunSlice, String> {
        if fingerprint(timeline) != self.seen {
            return Err(String::from(
                "runUntilSlice: the run moved since beginRunUntil (a seek or an action): begin \
                 again",
            ));
        }
        let report = match self.probe.as_mut() {
            Some(probe) => {
                let progress = self.pursuit.run(probe, budget);
                let at = probe.now();
                match progress {
                    Progress::Running => self.report(at, false, false, None),
                    Progress::Found => {
                        // It comes: now run the real timeline there, in slices too.
                        self.target_at = Some(at);
                        self.probe = None;
                        self.pursuit = Pursuit::new(timeline, self.what, self.limit);
                        self.report(timeline.now(), false, false, None)
                    }
                    Progress::NotFound => self.report(at, true, false, None),
                    Progress::Unreachable(why) => {
                        self.report(at, true, false, Some(why.describe(self.what)))
                    }
                }
            }
            None => {
                let progress = self.pursuit.run(timeline, budget);
                let found = progress == Progress::Found;
                // The copy found it, so the real run does (the same run, replayed); anything
                // else would be a bug, reported as not found rather than hidden.
                self.report(timeline.now(), progress.is_done(), found, None)
            }
        };
        self.seen = fingerprint(timeline);
        Ok(report)
    }

    fn report(&self, at: Time, done: bool, found: bool, why: Option<String>) -> RunSlice {
        let span = |end: Time| end.saturating_sub(self.from).max(1) as f64;
        let progress = if done {
            1.0
        } else {
            match self.target_at {
                // The copy's share is the first half; the real run's the second.
                None => 0.5 * at.saturating_sub(self.from) as f64 / span(self.from + self.limit),
                Some(target) => 0.5 + 0.5 * at.saturating_sub(self.from) as f64 / span(target),
            }
        };
        RunSlice {
            done,
            found,
            progress: progress.clamp(0.0, 1.0),
            at_ms: us_to_ms(at),
            why,
        }
    }
}

#[cfg(test)]
mod tests {
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
            .contains("call beginRunUntil first"));
        s.begin_run_until(UntilKind::Leader, 60_000.0).unwrap();
        for bad in [0.0, -1.0, 0.5, f64::NAN, f64::INFINITY, 1e300] {
            assert!(s
                .run_until_slice(bad)
                .unwrap_err()
                .starts_with("runUntilSlice(maxEvents) needs a whole number"));
        }
        s.run_until_slice(3.0).unwrap();
        s.advance(5.0).unwrap();
        assert!(s
            .run_until_slice(3.0)
            .unwrap_err()
            .contains("the run moved since beginRunUntil"));
        s.begin_run_until(UntilKind::Leader, 60_000.0).unwrap();
        s.cancel_run_until();
        assert!(s.run_until_slice(3.0).is_err());
    }
}
