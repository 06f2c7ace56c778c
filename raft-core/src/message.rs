//! The messages servers exchange: the two RPCs of Figure 2 and their replies, plus the pre-vote
//! round of the thesis (§9.6).

use alloc::vec::Vec;

use crate::log::Entry;
use crate::types::{Index, NodeId, Term};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A message from one server to another. `term` is the sender's current term, except for
/// pre-votes, which carry the term the sender would campaign in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Message {
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The sender's term (see above for pre-votes).
    pub term: Term,
    /// What the message says.
    pub body: Body,
}

/// The payload of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Body {
    /// RequestVote RPC (§5.2): a candidate asks for a vote.
    RequestVote {
        /// Index of the candidate's last log entry.
        last_log_index: Index,
        /// Term of the candidate's last log entry.
        last_log_term: Term,
    },
    /// Reply to RequestVote.
    RequestVoteResponse {
        /// True when the vote is granted.
        granted: bool,
    },
    /// Pre-vote: would you vote for me in `term` if I campaigned? Changes no state.
    PreVote {
        /// Index of the sender's last log entry.
        last_log_index: Index,
        /// Term of the sender's last log entry.
        last_log_term: Term,
    },
    /// Reply to PreVote.
    PreVoteResponse {
        /// True when the receiver would vote.
        granted: bool,
    },
    /// AppendEntries RPC (§5.3): replicate entries, or an empty heartbeat.
    AppendEntries {
        /// Index of the entry just before the new ones.
        prev_log_index: Index,
        /// Term of that entry.
        prev_log_term: Term,
        /// Entries to store (empty for a heartbeat).
        entries: Vec<Entry>,
        /// The leader's commit index.
        leader_commit: Index,
    },
    /// Reply to AppendEntries.
    AppendEntriesResponse {
        /// True when the follower's log matched at prev_log_index and now holds the entries.
        success: bool,
        /// The request's prev_log_index, so the leader can tell a stale reply from a fresh one.
        prev_log_index: Index,
        /// On success: the index of the last entry the follower now matches the leader up to.
        match_index: Index,
        /// On rejection with fast backtracking: where the leader should look next.
        conflict: Option<Conflict>,
    },
}

/// What a follower tells the leader when its log does not match (fast backtracking).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Conflict {
    /// The term of the follower's entry at prev_log_index; `None` when its log is shorter.
    pub term: Option<Term>,
    /// The first index the follower holds for that term, or its last index + 1 when shorter.
    pub first_index: Index,
}

impl Message {
    /// An estimate of the bytes this message occupies on the wire, for the tests that bound
    /// replication traffic (the lab's RPCBytes).
    pub fn wire_bytes(&self) -> usize {
        const HEADER: usize = 24;
        HEADER
            + match &self.body {
                Body::AppendEntries { entries, .. } => 24 + entries.len() * Entry::WIRE_BYTES,
                Body::AppendEntriesResponse { .. } => 32,
                _ => 16,
            }
    }

    /// True for replies, which the lab's unreliable network delays and drops separately.
    pub fn is_response(&self) -> bool {
        matches!(
            self.body,
            Body::RequestVoteResponse { .. }
                | Body::PreVoteResponse { .. }
                | Body::AppendEntriesResponse { .. }
        )
    }
}
