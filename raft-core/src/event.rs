//! What a node reports about itself: every observable step, with a reason on every refusal.
//! The simulator stamps these with time and position to make the trace.

use alloc::string::{String, ToString};
use core::fmt;

use crate::membership::Membership;
use crate::quorum::VoteResult;
use crate::state::{Role, TimerKind};
use crate::types::{Index, Name, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Why a vote (or pre-vote) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "why", rename_all = "camelCase"))]
pub enum VoteRefusal {
    /// The request's term is older than the voter's (§5.1).
    StaleTerm {
        /// The term in the request.
        term: Term,
        /// The voter's term.
        current: Term,
    },
    /// The voter already voted for another candidate in this term (§5.2).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    AlreadyVoted {
        /// Whom it voted for.
        voted_for: NodeId,
    },
    /// The candidate's log is less up-to-date than the voter's (§5.4.1).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    LogBehind {
        /// Term of the candidate's last entry.
        candidate_last_term: Term,
        /// Index of the candidate's last entry.
        candidate_last_index: Index,
        /// Term of the voter's last entry.
        own_last_term: Term,
        /// Index of the voter's last entry.
        own_last_index: Index,
    },
    /// The voter heard from a leader less than an election timeout ago (pre-vote, thesis §9.6,
    /// or the lease of CheckQuorum, thesis §4.2.3).
    LeaderAlive {
        /// The leader it heard from.
        leader: NodeId,
    },
}

/// Why an AppendEntries was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "why", rename_all = "camelCase"))]
pub enum AppendRefusal {
    /// The leader's term is older than the follower's (§5.1).
    StaleTerm {
        /// The term in the request.
        term: Term,
        /// The follower's term.
        current: Term,
    },
    /// The follower has no entry at prevLogIndex (§5.3).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    NoEntry {
        /// The request's prevLogIndex.
        index: Index,
        /// The follower's last index.
        last_index: Index,
    },
    /// The follower's entry at prevLogIndex has another term (§5.3).
    TermMismatch {
        /// The request's prevLogIndex.
        index: Index,
        /// The term the leader has there.
        expected: Term,
        /// The term the follower has there.
        found: Term,
    },
}

/// Why a leader stepped down or a node changed role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum RoleReason {
    /// The node started or restarted.
    Start,
    /// The election timer fired.
    Timeout,
    /// A user forced the election timer.
    Forced,
    /// It won a pre-vote round.
    WonPreVote,
    /// It won a majority of votes.
    WonElection,
    /// It saw a higher term (§5.1).
    HigherTerm,
    /// It heard from the leader of its own term while campaigning (§5.2).
    LeaderOfTerm,
    /// CheckQuorum: no majority heard within an election timeout.
    LostQuorum,
    /// The leader sent `TimeoutNow` to hand it leadership (dissertation §3.10).
    TimeoutNow,
    /// A leader left out of the configuration it committed steps down (dissertation §4.2.2).
    Removed,
}

/// Why a leader sent a follower its snapshot again. With flow control a copy waits for its
/// answer (etcd's `StateSnapshot`); only a sign that it was lost sends another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum SnapshotRetry {
    /// No answer within an election timeout, though the follower answered heartbeats: the
    /// copy or its answer was lost.
    NoAnswer,
    /// The follower had gone silent when the copy went out (down or cut off, so the copy was
    /// dropped) and has just answered again, still without it.
    FollowerBack,
}

/// One observable step of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum Event {
    /// The role changed.
    RoleChanged {
        /// The new role.
        role: Role,
        /// The term it holds in that role.
        term: Term,
        /// Why.
        reason: RoleReason,
    },
    /// The current term moved on (and the vote of the old term was forgotten).
    TermChanged {
        /// The old term.
        from: Term,
        /// The new term.
        to: Term,
    },
    /// A vote or pre-vote was granted.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    VoteGranted {
        /// The candidate.
        to: NodeId,
        /// The term of the election.
        term: Term,
        /// True for a pre-vote.
        pre_vote: bool,
    },
    /// A vote or pre-vote was refused.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    VoteRefused {
        /// The candidate.
        to: NodeId,
        /// The term of the election.
        term: Term,
        /// True for a pre-vote.
        pre_vote: bool,
        /// Why.
        reason: VoteRefusal,
    },
    /// A candidate's answer arrived.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    VoteReceived {
        /// The voter.
        from: NodeId,
        /// The term of the election.
        term: Term,
        /// Granted or refused.
        granted: bool,
        /// True for a pre-vote.
        pre_vote: bool,
        /// Where the (pre-)election stands after this answer: `Lost` as soon as the refusals
        /// leave no majority to win.
        result: VoteResult,
    },
    /// A candidate's election timer fired before it won. Whether its term then ended without a
    /// leader, and why, is the cluster's call, not one node's: see the trace's `NoLeader`.
    ElectionLost {
        /// The term that ended without a leader from this candidate.
        term: Term,
        /// Votes granted (self included).
        granted: u32,
        /// Votes refused.
        refused: u32,
        /// Votes needed for a majority.
        needed: u32,
    },
    /// An AppendEntries was refused.
    AppendRefused {
        /// The sender.
        leader: NodeId,
        /// The request's term.
        term: Term,
        /// Why.
        reason: AppendRefusal,
    },
    /// Entries were stored, from index `from`, `count` of them.
    Appended {
        /// First new index.
        from: Index,
        /// How many.
        count: u64,
    },
    /// Conflicting entries were removed from index `from` on (§5.3).
    Truncated {
        /// First removed index.
        from: Index,
        /// How many were removed.
        count: u64,
    },
    /// A leader moved a follower's nextIndex back after a rejection.
    NextIndexBack {
        /// The follower.
        peer: NodeId,
        /// The old nextIndex.
        from: Index,
        /// The new nextIndex.
        to: Index,
    },
    /// A leader learned that a follower matches up to `match_index`.
    MatchAdvanced {
        /// The follower.
        peer: NodeId,
        /// Its new matchIndex.
        match_index: Index,
    },
    /// The commit index advanced.
    CommitAdvanced {
        /// The old commit index.
        from: Index,
        /// The new commit index.
        to: Index,
    },
    /// The timer was (re)armed.
    TimerReset {
        /// Which timer.
        timer: TimerKind,
        /// When it fires.
        deadline: Time,
    },
    /// A proposal was appended at `index` by this leader.
    ProposalAccepted {
        /// Its index.
        index: Index,
        /// Its term.
        term: Term,
    },
    /// A proposal was refused because this node is not the leader.
    ProposalRefused {
        /// The leader it knows of, if any.
        leader: Option<NodeId>,
    },
    /// Log compaction (§7): the node snapshotted its state machine at `index` and discarded
    /// the log up to `discarded_to`.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    SnapshotTaken {
        /// The snapshot's last included index.
        index: Index,
        /// Its term.
        term: Term,
        /// The log now starts after this index (the snapshot index, less the entries kept
        /// behind it for slow followers).
        discarded_to: Index,
        /// The node's commit index then (a snapshot past it is unsafe).
        commit_index: Index,
    },
    /// A leader sent a follower its snapshot (Figure 13) because the follower needs entry
    /// `next_index`, which the leader has discarded: its log starts at `first_index`.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    SnapshotSent {
        /// The follower.
        to: NodeId,
        /// The follower's nextIndex.
        next_index: Index,
        /// The first entry the leader still holds.
        first_index: Index,
        /// The snapshot's last included index.
        index: Index,
        /// Its term.
        term: Term,
        /// Why it went again, when an earlier copy went unanswered; `None` for a first copy.
        retry: Option<SnapshotRetry>,
    },
    /// A follower installed a leader's snapshot (Figure 13), keeping the entries after it
    /// when its log matched there, else discarding its whole log.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    SnapshotInstalled {
        /// The leader that sent it.
        leader: NodeId,
        /// The snapshot's last included index.
        index: Index,
        /// Its term.
        term: Term,
        /// Entries kept after it.
        kept: u64,
    },
    /// A server restarted from its snapshot: the state machine is the snapshot's, and the
    /// entries up to `index` count as committed (§7).
    SnapshotRestored {
        /// The snapshot's last included index.
        index: Index,
        /// Its term.
        term: Term,
    },
    /// A leader began handing leadership to `to` (dissertation §3.10).
    TransferStarted {
        /// The server it hands leadership to.
        to: NodeId,
    },
    /// A leader gave up a transfer and takes proposals again.
    TransferAbandoned {
        /// The server the transfer went to.
        to: NodeId,
        /// False: an election timeout passed without the transfer completing (§3.10). True: a
        /// transfer to another server replaced it.
        superseded: bool,
    },
    /// A leader refused a proposal because it is handing leadership to `to` (§3.10).
    ProposalRefusedInTransfer {
        /// The server about to lead.
        to: NodeId,
    },
    /// The configuration in force changed: a configuration entry was appended, or truncated
    /// and the one before it is back in force (dissertation §4.1).
    ConfigurationChanged {
        /// The index of the configuration entry now in force (0: the starting one).
        index: Index,
        /// Its voting servers.
        members: Membership,
    },
}

impl VoteRefusal {
    /// A short human reason, e.g. "candidate log behind (last term 2 < 3)". `AlreadyVoted` does
    /// not know the term; callers that have it append " in term N". The same text as `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for VoteRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            VoteRefusal::StaleTerm { term, current } => write!(f, "stale term {term} < {current}"),
            VoteRefusal::AlreadyVoted { voted_for } => {
                write!(f, "already voted for {}", Name(voted_for))
            }
            VoteRefusal::LogBehind {
                candidate_last_term,
                candidate_last_index,
                own_last_term,
                own_last_index,
            } => {
                if candidate_last_term != own_last_term {
                    write!(
                        f,
                        "candidate log behind (last term {candidate_last_term} < {own_last_term})"
                    )
                } else {
                    write!(
                        f,
                        "candidate log behind (last index {candidate_last_index} < \
                         {own_last_index}, both in term {own_last_term})"
                    )
                }
            }
            VoteRefusal::LeaderAlive { leader } => {
                write!(f, "heard from leader {} recently", Name(leader))
            }
        }
    }
}

impl AppendRefusal {
    /// A short human reason, e.g. "no entry at index 7 (log ends at 4)". The same text as
    /// `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for AppendRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AppendRefusal::StaleTerm { term, current } => {
                write!(f, "stale term {term} < {current}")
            }
            AppendRefusal::NoEntry { index, last_index } => {
                write!(f, "no entry at index {index} (log ends at {last_index})")
            }
            AppendRefusal::TermMismatch {
                index,
                expected,
                found,
            } => write!(
                f,
                "term mismatch at index {index}: leader has {expected}, follower has {found}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_as_before() {
        let behind = |candidate_last_term, candidate_last_index| VoteRefusal::LogBehind {
            candidate_last_term,
            candidate_last_index,
            own_last_term: 3,
            own_last_index: 7,
        };
        assert_eq!(
            behind(2, 9).describe(),
            "candidate log behind (last term 2 < 3)"
        );
        assert_eq!(
            behind(3, 5).to_string(),
            "candidate log behind (last index 5 < 7, both in term 3)"
        );
        assert_eq!(
            VoteRefusal::AlreadyVoted { voted_for: 2 }.to_string(),
            "already voted for S3"
        );
        assert_eq!(
            VoteRefusal::LeaderAlive { leader: 0 }.to_string(),
            "heard from leader S1 recently"
        );
        assert_eq!(
            AppendRefusal::TermMismatch {
                index: 4,
                expected: 2,
                found: 1
            }
            .describe(),
            "term mismatch at index 4: leader has 2, follower has 1"
        );
        assert_eq!(
            AppendRefusal::NoEntry {
                index: 7,
                last_index: 4
            }
            .to_string(),
            "no entry at index 7 (log ends at 4)"
        );
    }
}
