//! What a timeline holds, store by store, in bytes counted from the stores' capacities: so a
//! long session can be checked to grow only with what it truly keeps (the tape, its marks and
//! the logs), while the stores that only serve looking back (checkpoints, the diagram's
//! history) stay within their bounds.

/// Bytes held on the heap by each store of a [`super::Timeline`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// The tape of timed actions (the recording), a few dozen bytes an action.
    pub tape: usize,
    /// The timeline's marks: one per action, leader, term, commit rise and crash.
    pub marks: usize,
    /// Message flights and lane changes for the space-time diagram (bounded).
    pub history: usize,
    /// The checkpoints, as their budget counts them (bounded by it).
    pub checkpoints: usize,
    /// The cluster at the cursor: its logs (the run's real state), trace, checker.
    pub cluster: usize,
}

impl Footprint {
    /// All stores together.
    pub fn total(&self) -> usize {
        self.tape + self.marks + self.history + self.checkpoints + self.cluster
    }
}
