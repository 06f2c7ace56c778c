//! Membership actions (dissertation §4.2): adding a server starts its process if it is new and
//! has the leader propose the configuration with it; removing one has the leader propose the
//! configuration without it, and leaves the process running apart.

use super::{ActionError, Cluster, Outcome, Slot};
use crate::event::Event;
use crate::limits::MAX_NODES;
use crate::membership::Membership;
use crate::membership_change::{Change, ChangeRefused};
use crate::node::Node;
use crate::rng;
use crate::state::{Persistent, Role};
use crate::trace::TraceEvent;
use crate::types::NodeId;

impl Cluster {
    /// The configuration in force on the leader, else on the running server with the highest
    /// term (the one a page draws as "the cluster"), else the starting one.
    pub fn members(&self) -> Membership {
        if let Some(leader) = self.leader().and_then(|id| self.node(id)) {
            return leader.members();
        }
        (0..self.slots.len() as NodeId)
            .filter_map(|id| self.node(id))
            .max_by_key(|n| (n.term(), n.members_index()))
            .map_or(Membership::first(self.config.nodes), Node::members)
    }

    pub(super) fn add_server(&mut self, node: NodeId) -> Result<Outcome, ActionError> {
        if node >= MAX_NODES || node as usize > self.slots.len() {
            return Err(ActionError::NoRoomFor(node));
        }
        // The operator starts the new server, then asks the leader to add it. The process
        // runs whatever the answer, outside the configuration if refused, so its id means the
        // same in a replay under other switches.
        if node as usize == self.slots.len() {
            self.start_server(node);
        }
        let Some(leader) = self.leader() else {
            return Ok(no_leader());
        };
        self.propose_change(leader, Change::Add(node))
    }

    pub(super) fn remove_server(&mut self, node: NodeId) -> Result<Outcome, ActionError> {
        self.check_node(node)?;
        let Some(leader) = self.leader() else {
            return Ok(no_leader());
        };
        self.propose_change(leader, Change::Remove(node))
    }

    fn propose_change(&mut self, leader: NodeId, change: Change) -> Result<Outcome, ActionError> {
        let now = self.now;
        let Some(Slot::Up(l)) = self.slots.get_mut(leader as usize) else {
            return Ok(no_leader());
        };
        let result = l.propose_change(now, change);
        let members = l.members();
        self.flush(leader);
        let (index, term) = match result {
            Ok(proposed) => proposed,
            Err(why) => return Ok(Outcome::ChangeRefused { why }),
        };
        self.elections.set_cluster_size(members.len() as u8);
        Ok(Outcome::Proposed {
            node: leader,
            index,
            term,
        })
    }

    /// A new server process: an empty log, term 0, and no configuration until the leader's
    /// log gives it one (§4.2.1), so it does not campaign meanwhile.
    fn start_server(&mut self, id: NodeId) {
        let n = id as usize + 1;
        self.network.grow(n);
        self.reasons.grow(n);
        if let Some(checker) = self.checker.as_mut() {
            checker.add_node();
        }
        let node = Node::with_bootstrap(
            id,
            Membership::none(),
            self.config.node.clone(),
            Persistent::default(),
            rng::seeded(self.seed, u64::from(id)),
            self.now,
        );
        self.slots.push(Slot::Up(node));
        self.trace.push(self.now, TraceEvent::Started { node: id });
        self.flush(id);
    }

    /// Tells the trace who joined or left the configuration in force: the leader's (the
    /// highest-term one), looked at when a leader is elected or its configuration changes.
    /// Without a leader the last one told stands: a candidate's configuration, a removed
    /// server's among them, speaks for no cluster.
    pub(super) fn tell_members(&mut self) {
        let Some(members) = self.leader().and_then(|l| self.node(l)).map(Node::members) else {
            return;
        };
        let before = core::mem::replace(&mut self.told_members, members);
        if before == members {
            return;
        }
        for node in 0..self.slots.len() as NodeId {
            let event = match (before.contains(node), members.contains(node)) {
                (false, true) => TraceEvent::Joined { node },
                (true, false) => TraceEvent::Left { node },
                _ => continue,
            };
            self.trace.push(self.now, event);
        }
    }
}

/// Whether a node's event may change the configuration in force the trace tells: a new
/// configuration, or a new leader.
pub(super) fn may_change_members(event: &Event) -> bool {
    matches!(
        event,
        Event::ConfigurationChanged { .. }
            | Event::RoleChanged {
                role: Role::Leader,
                ..
            }
    )
}

fn no_leader() -> Outcome {
    Outcome::ChangeRefused {
        why: ChangeRefused::NotLeader { leader: None },
    }
}
