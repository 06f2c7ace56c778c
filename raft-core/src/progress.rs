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
    /// An AppendEntries carrying entries is out and unanswered, so a new proposal need not
    /// send the same entries again before the next heartbeat.
    pub awaiting_reply: bool,
    /// When the follower last answered this leader (CheckQuorum).
    pub last_heard: Option<Time>,
}

impl Progress {
    /// Progress as a new leader initialises it: optimistic nextIndex, nothing matched yet.
    pub fn new(last_index: Index) -> Self {
        Progress {
            next_index: last_index + 1,
            match_index: 0,
            awaiting_reply: false,
            last_heard: None,
        }
    }
}
