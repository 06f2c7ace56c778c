//! A leader's view of one follower's log (Figure 2: nextIndex and matchIndex).

use crate::types::{Index, Time};

/// Replication progress of one follower.
///
/// Invariant: `match_index < next_index`; `match_index` never decreases within a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Index of the next entry to send; starts just past the leader's last entry.
    pub next_index: Index,
    /// Highest index known to be replicated on the follower.
    pub match_index: Index,
    /// The last index carried by an AppendEntries that is out and not yet acknowledged (0:
    /// none). While entries are in flight, new proposals and stale replies do not send them
    /// again; the acknowledgement (or, if it is lost, the next heartbeat) sends what follows.
    pub sent_up_to: Index,
    /// When the follower last answered this leader (CheckQuorum).
    pub last_heard: Option<Time>,
}

impl Progress {
    /// Progress as a new leader initialises it: optimistic nextIndex, nothing matched yet.
    pub fn new(last_index: Index) -> Self {
        Progress {
            next_index: last_index + 1,
            match_index: 0,
            sent_up_to: 0,
            last_heard: None,
        }
    }
}
