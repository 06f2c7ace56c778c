//! What a user can do to a running cluster. Actions are values with a virtual timestamp, so a
//! run is `seed + config + actions` and replays exactly.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::membership_change::ChangeRefused;
use crate::node::TransferRefusal;
use crate::types::{Index, Name, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Where a proposal goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Target {
    /// A given node, leader or not.
    Node(NodeId),
    /// Whichever running node leads the highest term right now.
    Leader,
}

/// A user action.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
// Externally tagged (the serde default), so compact binary formats can carry it too.
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Action {
    /// Submit a client value.
    Propose {
        /// Where.
        to: Target,
        /// The value.
        value: u64,
    },
    /// Crash a node: volatile state lost, messages flying to it dropped.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// Restart a crashed node from its persistent state.
    Restart {
        /// The node.
        node: NodeId,
    },
    /// Make a node's election timer fire now.
    ForceTimeout {
        /// The node.
        node: NodeId,
    },
    /// Split the network into groups; nodes not named form one more group together.
    SetPartition {
        /// The groups.
        groups: Vec<Vec<NodeId>>,
    },
    /// Join all groups and restore all links.
    Heal,
    /// Cut the link from → to (one direction).
    CutLink {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Restore the link from → to.
    RestoreLink {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Set the probability of losing any one message.
    SetLoss {
        /// In [0, 1].
        probability: f64,
    },
    /// Set the latency range.
    SetLatency {
        /// Least latency, µs.
        min: Time,
        /// Most latency, µs.
        max: Time,
    },
    /// Make the election timer of every running server that is not a leader fire now, all at
    /// once (RaftScope's `A` key). Several candidates of one term at the same moment is how
    /// votes split (§5.2). Kept last, so the variants before it keep their tags in share links.
    TimeoutFollowers,
    /// Make a server snapshot its applied state now and compact its log (§7).
    Snapshot {
        /// The server.
        node: NodeId,
    },
    /// The leader hands leadership to `to` (dissertation §3.10): it stops taking proposals,
    /// brings `to` up to date and tells it to time out now.
    TransferLeadership {
        /// The server to lead next.
        to: NodeId,
    },
    /// Add a server (dissertation §4.2): the leader proposes the configuration with it. A new
    /// id starts a new server process with an empty log that knows no configuration and
    /// catches up from the leader; a removed server's id brings that process back in.
    AddServer {
        /// The server: the next unused id, or a server removed earlier.
        node: NodeId,
    },
    /// Remove a server (dissertation §4.2): the leader proposes the configuration without it.
    /// The process keeps running, outside the configuration, until it is crashed.
    RemoveServer {
        /// The server.
        node: NodeId,
    },
}

impl Action {
    /// The bytes it holds on the heap besides itself: a partition's groups (the rest hold none).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Action::SetPartition { groups } => {
                groups.capacity() * core::mem::size_of::<Vec<NodeId>>()
                    + groups.iter().map(Vec::capacity).sum::<usize>()
            }
            _ => 0,
        }
    }

    /// A short description for feeds and traces ("crash S2"). The same text as `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Propose {
                to: Target::Node(n),
                value,
            } => write!(f, "propose {value} to {}", Name(*n)),
            Action::Propose {
                to: Target::Leader,
                value,
            } => write!(f, "propose {value} to the leader"),
            Action::Crash { node } => write!(f, "crash {}", Name(*node)),
            Action::Restart { node } => write!(f, "restart {}", Name(*node)),
            Action::ForceTimeout { node } => write!(f, "force timeout on {}", Name(*node)),
            Action::SetPartition { groups } => {
                f.write_str("partition ")?;
                for (i, group) in groups.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    f.write_str("{")?;
                    for (j, node) in group.iter().enumerate() {
                        if j > 0 {
                            f.write_str(" ")?;
                        }
                        write!(f, "{}", Name(*node))?;
                    }
                    f.write_str("}")?;
                }
                Ok(())
            }
            Action::Heal => f.write_str("heal the network"),
            Action::CutLink { from, to } => write!(f, "cut link {} → {}", Name(*from), Name(*to)),
            Action::RestoreLink { from, to } => {
                write!(f, "restore link {} → {}", Name(*from), Name(*to))
            }
            Action::SetLoss { probability } => {
                // In tenths of a percent, rounded half up: "12.5%", and "0.0%" rather than a
                // float's shortest form.
                let permille = (probability.clamp(0.0, 1.0) * 1000.0 + 0.5) as u64;
                write!(f, "set loss to {}.{}%", permille / 10, permille % 10)
            }
            Action::SetLatency { min, max } => write!(f, "set latency to {min}–{max} µs"),
            Action::TimeoutFollowers => f.write_str("time out all followers"),
            Action::Snapshot { node } => write!(f, "snapshot {}", Name(*node)),
            Action::TransferLeadership { to } => {
                write!(f, "transfer leadership to {}", Name(*to))
            }
            Action::AddServer { node } => write!(f, "add server {}", Name(*node)),
            Action::RemoveServer { node } => write!(f, "remove server {}", Name(*node)),
        }
    }
}

/// An action and when it was taken.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct TimedAction {
    /// Virtual time, µs.
    pub at: Time,
    /// The action.
    pub action: Action,
}

/// What an action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Done,
    /// A leader appended the value.
    Proposed {
        /// The leader.
        node: NodeId,
        /// Its index.
        index: Index,
        /// Its term.
        term: Term,
    },
    /// The node asked is not the leader (or no leader is known).
    NotLeader {
        /// The node asked, if any was.
        node: Option<NodeId>,
        /// The leader it knows of.
        leader: Option<NodeId>,
    },
    /// A membership change was not proposed: no leader, or the leader's rules refused it
    /// (dissertation §4.1–4.2). Like a proposal to a follower, the request is recorded and
    /// replays to the same answer, so a run replays under other switches too.
    ChangeRefused {
        /// Why.
        why: ChangeRefused,
    },
    /// The election timers of these servers fired (every running server but the leaders).
    TimedOut {
        /// Bit `i` set: node `i` timed out (the same bit set as a vote tally's).
        nodes: u16,
    },
    /// The leader asked is handing leadership to `to` and takes no proposal until that ends
    /// (dissertation §3.10).
    Transferring {
        /// The leader asked.
        node: NodeId,
        /// The server about to lead.
        to: NodeId,
    },
}

impl Outcome {
    /// The servers a [`Action::TimeoutFollowers`] timed out, in id order (none for any other
    /// outcome).
    pub fn timed_out(&self) -> impl Iterator<Item = NodeId> {
        let nodes = match *self {
            Outcome::TimedOut { nodes } => nodes,
            _ => 0,
        };
        (0..16u8).filter(move |id| nodes & (1 << id) != 0)
    }
}

/// An action that cannot be applied; nothing changed and nothing was recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// No such node.
    UnknownNode(u32),
    /// The node is down.
    NodeDown(NodeId),
    /// The node is already up.
    NodeUp(NodeId),
    /// A forced timeout asked of a leader, which runs a heartbeat timer, not an election
    /// timeout: nothing would happen.
    LeaderHasNoTimeout(NodeId),
    /// "Time out all followers" with no running server but leaders.
    NoFollowerRunning,
    /// A partition names a node twice, or is otherwise malformed.
    BadPartition(String),
    /// A probability outside [0, 1] or not a number.
    BadProbability,
    /// A latency range that is empty or zero.
    BadLatency,
    /// A timestamp before the cluster's current time.
    InThePast {
        /// The action's time.
        at: Time,
        /// The cluster's time.
        now: Time,
    },
    /// "Snapshot now" on a server that applied nothing since its last snapshot.
    NothingToSnapshot(NodeId),
    /// A leadership transfer with no running leader to hand leadership over.
    NoLeader,
    /// The leader refused the transfer, and said why (dissertation §3.10).
    TransferRefused(TransferRefusal),
    /// A new server beyond the most processes a run may have, or not the next unused id.
    NoRoomFor(NodeId),
}

impl ActionError {
    /// Why, for people ("S2 is down"). The same text as `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::UnknownNode(n) => write!(f, "unknown node id {n}"),
            ActionError::NodeDown(n) => write!(f, "{} is down", Name(*n)),
            ActionError::NodeUp(n) => write!(f, "{} is already running", Name(*n)),
            ActionError::LeaderHasNoTimeout(n) => write!(
                f,
                "{} is the leader: a leader has no election timeout (it sends heartbeats); time out a follower instead",
                Name(*n)
            ),
            ActionError::NoFollowerRunning => f.write_str("no running follower to time out"),
            ActionError::BadPartition(why) => write!(f, "bad partition: {why}"),
            ActionError::BadProbability => f.write_str("loss must be a probability in [0, 1]"),
            ActionError::BadLatency => f.write_str("latency needs 0 < min ≤ max (microseconds)"),
            ActionError::InThePast { at, now } => {
                write!(f, "action at {at} µs is before the current time {now} µs")
            }
            ActionError::NothingToSnapshot(n) => write!(
                f,
                "{} applied nothing since its last snapshot: there is nothing to compact",
                Name(*n)
            ),
            ActionError::NoLeader => {
                f.write_str("no leader: only a leader can hand over leadership")
            }
            ActionError::TransferRefused(why) => write!(f, "transfer refused: {why}"),
            ActionError::NoRoomFor(n) => write!(
                f,
                "cannot start {}: new servers take the next unused id, up to {}",
                Name(*n),
                Name(crate::limits::MAX_NODES - 1)
            ),

        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn actions_read_as_before() {
        let said = |a: Action| a.describe();
        assert_eq!(
            said(Action::Propose {
                to: Target::Node(1),
                value: 7
            }),
            "propose 7 to S2"
        );
        assert_eq!(
            said(Action::SetPartition {
                groups: vec![vec![0, 1], vec![2]]
            }),
            "partition {S1 S2} | {S3}"
        );
        assert_eq!(
            said(Action::SetLoss { probability: 0.125 }),
            "set loss to 12.5%"
        );
        assert_eq!(
            said(Action::SetLoss { probability: 0.0 }),
            "set loss to 0.0%"
        );
        assert_eq!(said(Action::CutLink { from: 0, to: 4 }), "cut link S1 → S5");
        assert_eq!(
            said(Action::SetLatency { min: 5, max: 20 }),
            "set latency to 5–20 µs"
        );
        assert_eq!(said(Action::TimeoutFollowers), "time out all followers");
        assert_eq!(ActionError::NodeDown(3).to_string(), "S4 is down");
        assert_eq!(
            ActionError::LeaderHasNoTimeout(2).to_string(),
            "S3 is the leader: a leader has no election timeout (it sends heartbeats); time out a follower instead"
        );
        assert_eq!(
            ActionError::NoFollowerRunning.to_string(),
            "no running follower to time out"
        );
        let outcome = Outcome::TimedOut { nodes: 0b1_0110 };
        assert_eq!(outcome.timed_out().collect::<Vec<_>>(), vec![1, 2, 4]);
        assert_eq!(Outcome::Done.timed_out().count(), 0);
        assert_eq!(
            ActionError::InThePast { at: 1, now: 2 }.to_string(),
            "action at 1 µs is before the current time 2 µs"
        );
    }
}
