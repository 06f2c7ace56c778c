//! `seek` and `advance` in slices, for the page: `beginSeek(ms)` or `beginAdvance(ms)`, then
//! `seekSlice(maxEvents)` until it says done (the page draws and listens between slices), or
//! `cancelSeek()`. The cursor moves as it goes (raft-core's [`Journey`]): cancelled, it stays
//! where it got, a moment of the same run. Done, it is exactly where `seek` or `advance` in one
//! call puts it.

use raft_core::sim::{Journey, Timeline};
use raft_core::Time;
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;
use crate::failure::{Failure, FailureView};
use crate::fast_forward::{fingerprint, Fingerprint};

/// One slice's report: `seekSlice()`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SeekSlice {
    /// True once the cursor is at the target.
    pub done: bool,
    /// How far it got, from 0 to 1 (of the virtual time to re-simulate).
    pub progress: f64,
    /// The cursor's virtual time now, ms.
    pub at_ms: f64,
    /// Where it goes, ms.
    pub target_ms: f64,
}

/// A seek or an advance in progress.
#[derive(Debug)]
pub struct Seeking {
    journey: Journey,
    /// The sub-microsecond remainder an advance leaves once done (a seek: none).
    carry_after: f64,
    seen: Fingerprint,
}

impl Seeking {
    /// Begins moving `timeline`'s cursor to `to`; `carry_after` is what `advance` keeps of a
    /// fractional microsecond once there.
    pub fn begin(timeline: &mut Timeline, to: Time, carry_after: f64) -> Self {
        let journey = Journey::begin(timeline, to);
        Seeking {
            journey,
            carry_after,
            seen: fingerprint(timeline),
        }
    }

    /// The sub-microsecond remainder to keep once done.
    pub fn carry_after(&self) -> f64 {
        self.carry_after
    }

    /// Runs at most `budget` events. Refuses when the run moved since the last slice (a step,
    /// an action, another seek): the page must begin again.
    pub fn slice(&mut self, timeline: &mut Timeline, budget: u64) -> Result<SeekSlice, Failure> {
        if fingerprint(timeline) != self.seen {
            return Err(Failure::new(
                FailureView::SeekStale,
                String::from(
                    "seekSlice: the run moved since beginSeek or beginAdvance (a step, a seek or an \
                     action): begin again",
                ),
            ));
        }
        let done = self.journey.run(timeline, budget);
        self.seen = fingerprint(timeline);
        Ok(SeekSlice {
            done,
            progress: self.journey.progress(timeline),
            at_ms: us_to_ms(timeline.now()),
            target_ms: us_to_ms(self.journey.target()),
        })
    }
}

#[cfg(test)]
#[path = "../unit/seeking.rs"]
mod tests;
