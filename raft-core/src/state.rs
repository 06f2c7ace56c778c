//! A server's state, split as Figure 2 splits it: what must survive a crash ([`Persistent`])
//! and what is rebuilt after one ([`Volatile`]). A crash is "drop the volatile part".

use alloc::vec::Vec;

use crate::log::Log;
use crate::membership::Membership;
use crate::progress::Progress;
use crate::quorum::{self, VoteResult};
use crate::state_machine::StateMachine;
use crate::types::{Index, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Figure 2, "Persistent state on all servers": updated on stable storage before responding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
pub struct Persistent {
    /// Latest term this server has seen; never decreases.
    pub current_term: Term,
    /// The candidate that received this server's vote in `current_term`, if any. Reset only
    /// when `current_term` moves on, which is what makes a vote once-per-term.
    pub voted_for: Option<NodeId>,
    /// The log, with the snapshot that replaced its discarded prefix (§7).
    pub log: Log,
}

/// A server's role (§5.1), plus the pre-candidate step of the pre-vote extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Role {
    /// Passive: answers leaders and candidates.
    Follower,
    /// Asking whether it could win before disturbing anyone's term (thesis §9.6).
    PreCandidate,
    /// Campaigning for votes in its term.
    Candidate,
    /// Replicating its log to everyone.
    Leader,
}

/// Votes collected in one (pre-)election, as bit sets over node ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Votes {
    /// Who granted (the candidate votes for itself, so its own bit is set).
    pub granted: u16,
    /// Who refused.
    pub refused: u16,
}

impl Votes {
    /// Votes granted so far.
    pub fn granted_count(&self) -> u32 {
        self.granted.count_ones()
    }
    /// Votes refused so far.
    pub fn refused_count(&self) -> u32 {
        self.refused.count_ones()
    }
    /// Where this election stands in a cluster of `cluster_size` servers.
    pub fn result(&self, cluster_size: u8) -> VoteResult {
        quorum::vote_result(
            self.granted_count(),
            self.refused_count(),
            u32::from(cluster_size),
        )
    }
    /// Where this election stands under the configuration `members`: only members' answers
    /// count, a majority of them wins (dissertation §4.1).
    pub fn result_in(&self, members: Membership) -> VoteResult {
        let bits = members.bits();
        quorum::vote_result(
            (self.granted & bits).count_ones(),
            (self.refused & bits).count_ones(),
            members.len(),
        )
    }
    /// Records `from`'s answer; the first answer from a server counts, repeats do not.
    pub fn record(&mut self, from: NodeId, granted: bool) {
        let Some(bit) = 1u16.checked_shl(u32::from(from)) else {
            return;
        };
        if (self.granted | self.refused) & bit != 0 {
            return;
        }
        if granted {
            self.granted |= bit;
        } else {
            self.refused |= bit;
        }
    }
}

/// What the current role needs to remember.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RoleState {
    /// A follower keeps nothing beyond the common volatile state.
    Follower,
    /// The pre-vote tally.
    PreCandidate(Votes),
    /// The vote tally of this term's election.
    Candidate(Votes),
    /// Figure 2, "Volatile state on leaders": reinitialized after election.
    Leader(LeaderState),
}

/// A leader's bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LeaderState {
    /// One entry per server, indexed by id; the leader's own entry is unused.
    pub progress: Vec<Progress>,
    /// When CheckQuorum next asks whether a majority was heard from.
    pub quorum_check_at: Time,
    /// A leadership transfer under way (dissertation §3.10), if any.
    pub transfer: Option<Transfer>,
}

/// A leadership transfer under way: proposals wait until it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transfer {
    /// The server leadership goes to.
    pub to: NodeId,
    /// When the leader gives up and takes proposals again (an election timeout after the start).
    pub deadline: Time,
}

/// Which timer is armed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum TimerKind {
    /// A follower's or candidate's randomized election timeout.
    Election,
    /// A leader's heartbeat interval.
    Heartbeat,
}

/// The one timer a server runs: a deadline, not a tick count, so a simulator can jump to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timer {
    /// What fires.
    pub kind: TimerKind,
    /// When it was armed (for drawing a depleting arc).
    pub armed_at: Time,
    /// When it fires.
    pub deadline: Time,
}

/// Figure 2, "Volatile state on all servers", plus the role's own state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Volatile {
    /// The role and what it tracks.
    pub role: RoleState,
    /// Highest log entry known to be committed; starts at 0 and never decreases while up.
    pub commit_index: Index,
    /// The leader this server last heard from in `current_term`.
    pub leader: Option<NodeId>,
    /// When this server last heard from a leader of its term (pre-vote and lease checks).
    pub last_leader_contact: Option<Time>,
    /// The armed timer.
    pub timer: Timer,
    /// Highest log entry applied to the state machine (Figure 2's lastApplied): the commit
    /// index, or a snapshot's last included index when that is ahead.
    pub last_applied: Index,
    /// The state machine, as of `last_applied`.
    pub machine: StateMachine,
}
