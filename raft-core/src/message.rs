//! The messages servers exchange: the two RPCs of Figure 2 and their replies, plus the pre-vote
//! round of the thesis (§9.6).

use alloc::vec::Vec;

use crate::log::Entry;
use crate::snapshot::Snapshot;
use crate::types::{Index, NodeId, Term};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A message from one server to another. `term` is the sender's current term, except for
/// pre-votes, which carry the term the sender would campaign in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

/// The payload of a message. Each kind is a named struct, so a handler takes its request
/// whole.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Body {
    /// RequestVote RPC (§5.2): a candidate asks for a vote.
    RequestVote(RequestVote),
    /// Reply to RequestVote.
    RequestVoteResponse(VoteResponse),
    /// Pre-vote (thesis §9.6): would you vote for me in `term` if I campaigned? The same
    /// arguments as RequestVote; it changes no state.
    PreVote(RequestVote),
    /// Reply to PreVote.
    PreVoteResponse(VoteResponse),
    /// AppendEntries RPC (§5.3): replicate entries, or an empty heartbeat.
    AppendEntries(AppendEntries),
    /// Reply to AppendEntries.
    AppendEntriesResponse(AppendEntriesResponse),
    /// InstallSnapshot RPC (Figure 13, §7): a leader sends its snapshot to a follower that
    /// needs entries the leader has discarded.
    InstallSnapshot(InstallSnapshot),
    /// Reply to InstallSnapshot.
    InstallSnapshotResponse(InstallSnapshotResponse),
    /// Leadership transfer (dissertation §3.10): the leader tells a caught-up follower to start
    /// an election now, without waiting for its timer.
    TimeoutNow,
}

/// InstallSnapshot arguments (Figure 13), in one chunk: the whole snapshot at once (offset 0,
/// done). The leader's id and term are the message's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct InstallSnapshot {
    /// The snapshot: last included index and term, configuration, state machine.
    pub snapshot: Snapshot,
}

/// InstallSnapshot results (Figure 13 has only the term, the message's); the index lets the
/// leader move the follower's matchIndex without remembering what it sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct InstallSnapshotResponse {
    /// The follower now holds everything up to here: the snapshot's last included index, or
    /// its own commit index when that was already further.
    pub match_index: Index,
}

/// RequestVote arguments (Figure 2), also those of a pre-vote: the candidate's term is the
/// message's, and its log is described by its last entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct RequestVote {
    /// Index of the candidate's last log entry.
    pub last_log_index: Index,
    /// Term of the candidate's last log entry.
    pub last_log_term: Term,
    /// The candidate campaigns because the leader handed it leadership (§3.10): voters set
    /// aside the leader lease for it, as etcd's campaign transfer does. Always false in a
    /// pre-vote.
    #[cfg_attr(feature = "serde", serde(default))]
    pub transfer: bool,
}

/// RequestVote (or pre-vote) results (Figure 2); the voter's term is the message's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct VoteResponse {
    /// True when the vote is granted.
    pub granted: bool,
}

/// AppendEntries arguments (Figure 2); the leader's id and term are the message's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct AppendEntries {
    /// Index of the entry just before the new ones.
    pub prev_log_index: Index,
    /// Term of that entry.
    pub prev_log_term: Term,
    /// Entries to store (empty for a heartbeat).
    pub entries: Vec<Entry>,
    /// The leader's commit index.
    pub leader_commit: Index,
}

/// AppendEntries results (Figure 2), with what the leader needs to place the reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct AppendEntriesResponse {
    /// True when the follower's log matched at prev_log_index and now holds the entries.
    pub success: bool,
    /// The request's prev_log_index, so the leader can tell a stale reply from a fresh one.
    pub prev_log_index: Index,
    /// On success: the index of the last entry the follower now matches the leader up to.
    pub match_index: Index,
    /// On rejection with fast backtracking: where the leader should look next.
    pub conflict: Option<Conflict>,
}

/// What a follower tells the leader when its log does not match (fast backtracking).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
                Body::AppendEntries(a) => 24 + a.entries.len() * Entry::WIRE_BYTES,
                Body::AppendEntriesResponse(_) => 32,
                Body::InstallSnapshot(_) => 56,
                _ => 16,
            }
    }

    /// True for replies, which the lab's unreliable network delays and drops separately.
    pub fn is_response(&self) -> bool {
        matches!(
            self.body,
            Body::RequestVoteResponse(_)
                | Body::PreVoteResponse(_)
                | Body::AppendEntriesResponse(_)
                | Body::InstallSnapshotResponse(_)
        )
    }
}
