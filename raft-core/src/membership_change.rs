//! Membership changes one server at a time (Ongaro's dissertation §4.1–4.3).
//!
//! The configuration is a log entry ([`Command::Config`]). A server uses the latest one in its
//! log, committed or not: it takes effect when appended, and a truncated one is undone (§4.1).
//! Adding or removing one server at a time keeps any majority of the old configuration and any
//! majority of the new one overlapping, so two leaders of one term cannot both win (§4.2).
//!
//! The rules a leader keeps before it proposes a change:
//! - at most one change is pending: the configuration in force must be committed (§4.1);
//! - it has committed an entry of its own term, the fix to single-server changes Ongaro gave
//!   on raft-dev in 2015 (without it, changes proposed in different terms by leaders of
//!   different configurations can overlap and elect two leaders that both commit).
//!
//! A leader that removes itself keeps managing the cluster until the change commits, without
//! counting itself, then steps down (§4.2.2). A server outside its configuration never
//! campaigns (a removed server that does not know it, or a new one not yet added, and what
//! PreVote and CheckQuorum do about the first: §4.2.3, handled where votes are handled).

use core::fmt;

use crate::event::{Event, RoleReason};
use crate::log::{Command, Entry};
use crate::membership::Membership;
use crate::node::Node;
use crate::progress::Progress;
use crate::state::{Role, RoleState};
use crate::types::{Index, Name, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A one-server configuration change (§4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Change {
    /// Add a server.
    Add(NodeId),
    /// Remove a server.
    Remove(NodeId),
}

impl Change {
    /// The server added or removed.
    pub fn server(self) -> NodeId {
        match self {
            Change::Add(id) | Change::Remove(id) => id,
        }
    }

    /// `members` after this change.
    pub fn apply_to(self, members: Membership) -> Membership {
        match self {
            Change::Add(id) => members.with(id),
            Change::Remove(id) => members.without(id),
        }
    }
}

/// Why a leader did not propose a configuration change. Plain data, so the page phrases it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "why", rename_all = "camelCase"))]
pub enum ChangeRefused {
    /// Only the leader changes the configuration.
    NotLeader {
        /// The leader this server knows of.
        leader: Option<NodeId>,
    },
    /// The server to add is already a member.
    AlreadyMember {
        /// The server.
        node: NodeId,
    },
    /// The server to remove is not a member.
    NotMember {
        /// The server.
        node: NodeId,
    },
    /// Removing the last member would leave nobody to vote.
    LastMember {
        /// The server.
        node: NodeId,
    },
    /// The configuration entry at `index` is not committed yet: one change at a time (§4.1).
    ChangePending {
        /// The pending configuration entry's index.
        index: Index,
    },
    /// The leader has not committed an entry of its own term yet (the 2015 fix to §4.2).
    NoCommitInTerm {
        /// The leader's term.
        term: Term,
    },
}

impl fmt::Display for ChangeRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ChangeRefused::NotLeader { leader: Some(l) } => {
                write!(f, "not the leader (the leader is {})", Name(l))
            }
            ChangeRefused::NotLeader { leader: None } => f.write_str("no leader known"),
            ChangeRefused::AlreadyMember { node } => {
                write!(f, "{} is already a member", Name(node))
            }
            ChangeRefused::NotMember { node } => write!(f, "{} is not a member", Name(node)),
            ChangeRefused::LastMember { node } => {
                write!(f, "{} is the last member", Name(node))
            }
            ChangeRefused::ChangePending { index } => write!(
                f,
                "the configuration change at index {index} is not committed yet"
            ),
            ChangeRefused::NoCommitInTerm { term } => write!(
                f,
                "the leader has not committed an entry of its term {term} yet"
            ),
        }
    }
}

impl Node {
    /// The configuration in force: the latest configuration entry in the log, else the one
    /// this server started with (§4.1).
    pub fn members(&self) -> Membership {
        self.members
    }

    /// The index of the configuration entry in force (0: the starting configuration).
    pub fn members_index(&self) -> Index {
        self.members_index
    }

    /// The configuration this server started with, before any configuration entry.
    pub fn bootstrap(&self) -> Membership {
        self.bootstrap
    }

    /// Whether this server is in its own configuration in force.
    pub fn is_member(&self) -> bool {
        self.members.contains(self.id)
    }

    /// The configuration entry not yet committed, if one is pending (§4.1).
    pub fn pending_change(&self) -> Option<Index> {
        (self.members_index > self.commit_index()).then_some(self.members_index)
    }

    /// Leader: appends the configuration `change` makes of the one in force, which takes
    /// effect at once (§4.1), and starts replicating it. Returns its (index, term).
    pub fn propose_change(
        &mut self,
        now: Time,
        change: Change,
    ) -> Result<(Index, Term), ChangeRefused> {
        let refusal = self.change_refusal(change);
        if let Some(refusal) = refusal {
            return Err(refusal);
        }
        let term = self.term();
        let members = change.apply_to(self.members);
        let index = self.persistent.log.push(Entry {
            term,
            command: Command::Config(members),
        });
        self.events.push(Event::Appended {
            from: index,
            count: 1,
        });
        self.events.push(Event::ProposalAccepted { index, term });
        self.refresh_members();
        self.leader_maybe_commit();
        self.step_down_if_removed(now);
        let peers: alloc::vec::Vec<NodeId> = self.peers().collect();
        for peer in peers {
            let idle = match &self.volatile.role {
                RoleState::Leader(l) => l.progress.get(peer as usize).is_some_and(|p| p.is_idle()),
                _ => false,
            };
            if idle {
                self.send_append(now, peer);
            }
        }
        Ok((index, term))
    }

    /// Why `change` may not be proposed now, if it may not.
    pub fn change_refusal(&self, change: Change) -> Option<ChangeRefused> {
        if self.role() != Role::Leader {
            return Some(ChangeRefused::NotLeader {
                leader: self.volatile.leader,
            });
        }
        let node = change.server();
        match change {
            Change::Add(_) if self.members.contains(node) => {
                return Some(ChangeRefused::AlreadyMember { node })
            }
            Change::Remove(_) if !self.members.contains(node) => {
                return Some(ChangeRefused::NotMember { node })
            }
            Change::Remove(_) if self.members.len() == 1 => {
                return Some(ChangeRefused::LastMember { node })
            }
            _ => {}
        }
        if let Some(index) = self.pending_change() {
            return Some(ChangeRefused::ChangePending { index });
        }
        let own_term_committed = self.log().term_at(self.commit_index()) == Some(self.term());
        if !own_term_committed && !self.config.unsafe_switches.change_before_own_term_commit {
            return Some(ChangeRefused::NoCommitInTerm { term: self.term() });
        }
        None
    }

    /// Slots a leader's progress list needs: one per id up to the highest member's, and its own.
    pub(crate) fn progress_slots(&self) -> usize {
        let highest = self.members.iter().last().unwrap_or(0).max(self.id);
        highest as usize + 1
    }

    /// Re-reads the configuration in force from the log after entries were appended or
    /// truncated (§4.1), and reports a change.
    pub(crate) fn refresh_members(&mut self) {
        let log = &self.persistent.log;
        let (index, members) = log
            .last_config_at_or_before(log.last_index())
            .unwrap_or((0, self.bootstrap));
        if (index, members) == (self.members_index, self.members) {
            return;
        }
        let changed = members != self.members;
        self.members_index = index;
        self.members = members;
        if changed {
            // A compaction that only moves where the configuration is read from (an entry, then
            // the snapshot holding it) changes nothing a person would see.
            self.events
                .push(Event::ConfigurationChanged { index, members });
        }
        let (slots, last) = (self.progress_slots(), self.log().last_index());
        if let RoleState::Leader(leader) = &mut self.volatile.role {
            // A server new to the leader starts as any follower does after an election.
            while leader.progress.len() < slots {
                leader.progress.push(Progress::new(last));
            }
        }
    }

    /// §4.2.2: a leader removed by the configuration in force steps down once that
    /// configuration is committed; until then it kept the cluster going.
    pub(crate) fn step_down_if_removed(&mut self, now: Time) {
        if self.role() == Role::Leader
            && !self.is_member()
            && self.commit_index() >= self.members_index
        {
            self.volatile.leader = None;
            self.set_role(RoleState::Follower, RoleReason::Removed);
            self.reset_election_timer(now);
        }
    }
}
