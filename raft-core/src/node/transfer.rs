//! Leadership transfer (Ongaro's dissertation §3.10): a leader hands its role to a chosen
//! follower. It stops accepting proposals, brings the target's log up to date, then sends it
//! `TimeoutNow`; the target starts an election at once, in a higher term, and wins it because
//! its log is as up-to-date as anyone's. A transfer that has not completed within an election
//! timeout is abandoned and the leader takes proposals again.
//!
//! A child module of `node`, so it reads the node's state directly; `node.rs` only calls in.

use crate::event::Event;
use crate::message::Body;
use crate::state::{RoleState, Transfer};
use crate::types::{Name, NodeId, Time};

use super::Node;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Why a leader refused to start a transfer. Nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "why", rename_all = "camelCase"))]
pub enum TransferRefusal {
    /// Only a leader has leadership to hand over.
    NotLeader,
    /// The target is this leader itself.
    ToSelf,
    /// No server has that id in this cluster.
    UnknownServer {
        /// The id asked for.
        to: NodeId,
    },
    /// A transfer to this same server is already under way; its deadline stays as it was
    /// (etcd's rule: asking again does not extend it).
    AlreadyTransferring {
        /// The server the pending transfer goes to.
        to: NodeId,
    },
}

impl core::fmt::Display for TransferRefusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            TransferRefusal::NotLeader => f.write_str("only the leader can transfer leadership"),
            TransferRefusal::ToSelf => f.write_str("the leader already leads"),
            TransferRefusal::UnknownServer { to } => write!(f, "there is no server {}", Name(to)),
            TransferRefusal::AlreadyTransferring { to } => {
                write!(f, "a transfer to {} is already under way", Name(to))
            }
        }
    }
}

impl Node {
    /// §3.10: starts handing leadership to `to`. From now until the transfer ends the leader
    /// refuses proposals (they would only have to be replicated to `to` too). If `to` already
    /// holds the leader's whole log, `TimeoutNow` goes at once; otherwise the leader sends it
    /// entries first. A transfer to another server while one is pending replaces it (etcd).
    pub fn transfer_leadership(&mut self, now: Time, to: NodeId) -> Result<(), TransferRefusal> {
        let (id, members) = (self.id, self.members);
        let deadline = now + self.config.election_timeout_max;
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return Err(TransferRefusal::NotLeader);
        };
        if to == id {
            return Err(TransferRefusal::ToSelf);
        }
        // Only a member can lead (dissertation §4.1): a server outside the configuration in
        // force is as unknown to a transfer as one that never existed.
        if !members.contains(to) {
            return Err(TransferRefusal::UnknownServer { to });
        }
        match leader.transfer {
            Some(pending) if pending.to == to => {
                return Err(TransferRefusal::AlreadyTransferring { to })
            }
            Some(pending) => self.events.push(Event::TransferAbandoned {
                to: pending.to,
                superseded: true,
            }),
            None => {}
        }
        leader.transfer = Some(Transfer { to, deadline });
        self.events.push(Event::TransferStarted { to });
        if self.transfer_target_caught_up(to) || self.config.unsafe_switches.trust_transfer_target {
            self.send_timeout_now(to);
        } else {
            self.send_append(now, to);
        }
        Ok(())
    }

    /// The server a transfer under way goes to, while this node leads.
    pub fn transferring_to(&self) -> Option<NodeId> {
        match &self.volatile.role {
            RoleState::Leader(leader) => leader.transfer.map(|t| t.to),
            _ => None,
        }
    }

    /// When the transfer under way is abandoned if it has not completed.
    pub fn transfer_deadline(&self) -> Option<Time> {
        match &self.volatile.role {
            RoleState::Leader(leader) => leader.transfer.map(|t| t.deadline),
            _ => None,
        }
    }

    /// True when `to`'s matchIndex has reached the leader's last index (§3.10, step 2 done).
    fn transfer_target_caught_up(&self, to: NodeId) -> bool {
        let last = self.log().last_index();
        self.progress()
            .and_then(|p| p.get(to as usize))
            .is_some_and(|p| p.match_index >= last)
    }

    /// Called when `peer`'s matchIndex advanced: the target of a transfer that has just caught
    /// up is told to time out now.
    pub(crate) fn transfer_on_match(&mut self, peer: NodeId) {
        if self.transferring_to() == Some(peer) && self.transfer_target_caught_up(peer) {
            self.send_timeout_now(peer);
        }
    }

    fn send_timeout_now(&mut self, to: NodeId) {
        self.send(to, self.term(), Body::TimeoutNow);
    }

    /// Called on every leader tick: a transfer past its deadline is abandoned and the leader
    /// takes proposals again (§3.10: "the prior leader aborts the transfer and resumes
    /// accepting client requests").
    pub(super) fn transfer_expire(&mut self, now: Time) {
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        if let Some(pending) = leader.transfer.take_if(|t| now >= t.deadline) {
            self.events.push(Event::TransferAbandoned {
                to: pending.to,
                superseded: false,
            });
        }
    }

    /// The transfer under way, if any, that stops a proposal; reports the refusal.
    pub(super) fn transfer_blocks_proposal(&mut self) -> Option<NodeId> {
        let to = self.transferring_to()?;
        self.events.push(Event::ProposalRefusedInTransfer { to });
        Some(to)
    }

    /// The target's side: `TimeoutNow` from the leader of our term starts an election at once,
    /// skipping the timer and the pre-vote round; its RequestVotes say they come from a
    /// transfer, so voters set aside the leader lease (but never the log check, §5.4.1).
    /// A stale `TimeoutNow` (an older term), or one reaching a leader, changes nothing.
    pub(super) fn handle_timeout_now(&mut self, now: Time, term: crate::types::Term) {
        if term != self.term() || matches!(self.volatile.role, RoleState::Leader(_)) {
            return;
        }
        self.become_candidate(now, crate::event::RoleReason::TimeoutNow);
    }
}
