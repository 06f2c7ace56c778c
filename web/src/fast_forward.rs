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
use crate::failure::{Failure, FailureView};

/// Where the run was when a fast-forward began or last moved it: any other move in between
/// (a seek, an action) makes the fast-forward stale.
pub(crate) type Fingerprint = (Time, u64, usize, u32);

/// Where the run is now, as a [`Fingerprint`].
pub(crate) fn fingerprint(timeline: &Timeline) -> Fingerprint {
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
    pub fn slice(&mut self, timeline: &mut Timeline, budget: u64) -> Result<RunSlice, Failure> {
        if fingerprint(timeline) != self.seen {
            return Err(Failure::new(
                FailureView::FastForwardStale,
                String::from(
                    "runUntilSlice: the run moved since beginRunUntil (a seek or an action): \
                     begin again",
                ),
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
#[path = "../unit/fast_forward.rs"]
mod tests;
