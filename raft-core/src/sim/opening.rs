//! Opening a run (a share link, a run file) in slices: the replay to the moment it names runs
//! at most so many events per call, so a page can open an hour-long run without freezing.
//! [`Timeline::open`] is one unbounded opening.

use super::{Recording, ReplayError, Timeline};
use crate::types::Time;

/// A run being replayed to be watched from a cursor.
#[derive(Debug)]
pub struct Opening {
    timeline: Timeline,
    /// Where the replay goes: the cursor, or the last taped action if later (every action is
    /// applied once, strictly).
    end: Time,
    cursor: Time,
}

impl Opening {
    /// Begins opening `recording` at `cursor`: refuses an invalid configuration at once.
    pub fn new(recording: Recording, cursor: Time) -> Result<Self, ReplayError> {
        let last = recording.actions.last().map_or(0, |a| a.at);
        Ok(Opening {
            timeline: Timeline::new(recording)?,
            end: last.max(cursor),
            cursor,
        })
    }

    /// Replays at most `budget` more events; true once the replay reached its end (or a taped
    /// action failed, which [`Opening::finish`] reports).
    pub fn run(&mut self, budget: u64) -> bool {
        let events = self.timeline.cluster().stats.events;
        let target = events.saturating_add(budget);
        self.timeline.forward(self.end, target);
        if self.timeline.tape_error.is_some() {
            return true;
        }
        if self.timeline.cluster().stats.events >= target {
            // The budget ran out (or exactly the last event ran): only what is still due says.
            let due = |t: Time| t <= self.end;
            let next_event = self.timeline.cluster().next_event_at().is_some_and(due);
            let next_action = self
                .timeline
                .recording()
                .actions
                .get(self.timeline.cluster().applied_actions())
                .is_some_and(|a| due(a.at));
            if next_event || next_action {
                return false;
            }
        }
        // Nothing left before the end: set the clock there (a bounded forward leaves it at the
        // last event).
        self.timeline.forward(self.end, u64::MAX);
        true
    }

    /// How far the replay got, 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.end == 0 {
            return 1.0;
        }
        (self.timeline.now() as f64 / self.end as f64).clamp(0.0, 1.0)
    }

    /// The opened run at its cursor, once [`Opening::run`] said done; or the first taped action
    /// that could not be applied.
    pub fn finish(mut self) -> Result<Timeline, ReplayError> {
        if let Some((index, error)) = self.timeline.tape_error.take() {
            return Err(ReplayError::Action { index, error });
        }
        // The cursor is the frontier here: mark the last actions now, as `act` does live, even
        // when no event followed them.
        self.timeline.take_marks();
        self.timeline.seek(self.cursor);
        Ok(self.timeline)
    }
}
