//! Moving the cursor in slices: a seek (back by restoring a checkpoint and re-simulating, forward
//! by simulating) runs at most so many events per call, so a page can go an hour past the
//! horizon, or re-simulate a long stretch of the past, without freezing: it draws and listens
//! between slices, and can stop. [`Timeline::seek`] is one unbounded journey, so a seek in
//! slices ends exactly where the same seek in one call does.

use super::Timeline;
use crate::types::Time;

/// A move of a timeline's cursor to a virtual time, in slices of events.
#[derive(Clone, Debug)]
pub struct Journey {
    /// Where the cursor goes.
    to: Time,
    /// Where the re-simulation began: the cursor, or the checkpoint restored to get there.
    from: Time,
    done: bool,
}

impl Journey {
    /// Begins moving `timeline`'s cursor to `to`. Going back (or forward over a checkpoint of
    /// the known run) restores the latest checkpoint on the way at once, a copy with no
    /// simulation; [`Journey::run`] simulates the rest.
    pub fn begin(timeline: &mut Timeline, to: Time) -> Self {
        timeline.restore_for_seek(to);
        Journey {
            to,
            from: timeline.now(),
            done: false,
        }
    }

    /// Where the cursor goes.
    pub fn target(&self) -> Time {
        self.to
    }

    /// Simulates at most `budget` more events (taped actions on the way are applied and do not
    /// count: they are few and cheap); true once the cursor is at the target. Once done it
    /// answers true without running anything.
    pub fn run(&mut self, timeline: &mut Timeline, budget: u64) -> bool {
        if self.done {
            return true;
        }
        let limit = timeline.cluster().stats.events.saturating_add(budget);
        timeline.forward(self.to, limit);
        if limit != u64::MAX {
            // Stopped by the budget, or nothing is left before the target: only what is still
            // due says which.
            if timeline.due_by(self.to) {
                return false;
            }
            // Set the clock at the target (a bounded forward leaves it at the last event).
            timeline.forward(self.to, u64::MAX);
        }
        self.done = true;
        true
    }

    /// How far it got, 0 to 1, in virtual time from where the re-simulation began.
    pub fn progress(&self, timeline: &Timeline) -> f64 {
        if self.done || self.to <= self.from {
            return 1.0;
        }
        let got = timeline.now().saturating_sub(self.from) as f64;
        (got / (self.to - self.from) as f64).clamp(0.0, 1.0)
    }
}
