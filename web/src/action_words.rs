//! A recorded action as data: which action and the values its sentence needs, so the page
//! phrases it in the reader's language (www/src/i18n/action-words.ts, `action.*`). raft-core's
//! English description (`text`) still travels beside it for callers that read it.

use raft_core::sim::{Action, Target};
use raft_core::NodeId;
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;

/// What a recorded action did: `ActionView.what`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ActionWhat {
    /// A client request with `value`, to `node` (or to whichever server leads, when none is named).
    Propose {
        /// The server it went to; absent when it went to the leader of the moment.
        #[tsify(optional)]
        #[serde(skip_serializing_if = "Option::is_none")]
        node: Option<NodeId>,
        /// The value proposed.
        value: f64,
    },
    /// A server crashed.
    Crash {
        /// The server.
        node: NodeId,
    },
    /// A crashed server restarted.
    Restart {
        /// The server.
        node: NodeId,
    },
    /// A server's election timer was made to fire.
    ForceTimeout {
        /// The server.
        node: NodeId,
    },
    /// The network was split into these groups of servers.
    Partition {
        /// The groups, each a list of server ids.
        groups: Vec<Vec<NodeId>>,
    },
    /// Every server reconnected.
    Heal,
    /// The one-way link `from` → `to` was cut.
    CutLink {
        /// The sender whose messages are lost.
        from: NodeId,
        /// The receiver that no longer hears it.
        to: NodeId,
    },
    /// The one-way link `from` → `to` was restored.
    RestoreLink {
        /// The sender.
        from: NodeId,
        /// The receiver.
        to: NodeId,
    },
    /// Each message is now lost with this probability.
    SetLoss {
        /// From 0 to 1.
        probability: f64,
    },
    /// Messages now take from `min_ms` to `max_ms` to arrive.
    #[serde(rename_all = "camelCase")]
    SetLatency {
        /// The least latency, ms.
        min_ms: f64,
        /// The most latency, ms.
        max_ms: f64,
    },
    /// Every running follower's election timer fired at once.
    TimeoutFollowers,
    /// A server snapshotted its applied state and compacted its log (§7).
    Snapshot {
        /// The server.
        node: NodeId,
    },
    /// The leader was asked to hand leadership to this server (§3.10).
    TransferLeadership {
        /// The server to lead next.
        to: NodeId,
    },
    /// The leader was asked to add a server (dissertation §4.2).
    AddServer { node: NodeId },
    /// The leader was asked to remove a server (§4.2).
    RemoveServer { node: NodeId },
}

impl From<&Action> for ActionWhat {
    fn from(action: &Action) -> Self {
        match action {
            Action::Propose { to, value } => ActionWhat::Propose {
                node: match to {
                    Target::Node(n) => Some(*n),
                    Target::Leader => None,
                },
                // Values are small counters in practice; f64 keeps them a JS number.
                value: *value as f64,
            },
            Action::Crash { node } => ActionWhat::Crash { node: *node },
            Action::Restart { node } => ActionWhat::Restart { node: *node },
            Action::ForceTimeout { node } => ActionWhat::ForceTimeout { node: *node },
            Action::SetPartition { groups } => ActionWhat::Partition {
                groups: groups.clone(),
            },
            Action::Heal => ActionWhat::Heal,
            Action::CutLink { from, to } => ActionWhat::CutLink {
                from: *from,
                to: *to,
            },
            Action::RestoreLink { from, to } => ActionWhat::RestoreLink {
                from: *from,
                to: *to,
            },
            Action::SetLoss { probability } => ActionWhat::SetLoss {
                probability: *probability,
            },
            Action::SetLatency { min, max } => ActionWhat::SetLatency {
                min_ms: us_to_ms(*min),
                max_ms: us_to_ms(*max),
            },
            Action::TimeoutFollowers => ActionWhat::TimeoutFollowers,
            Action::Snapshot { node } => ActionWhat::Snapshot { node: *node },
            Action::TransferLeadership { to } => ActionWhat::TransferLeadership { to: *to },
            Action::AddServer { node } => ActionWhat::AddServer { node: *node },
            Action::RemoveServer { node } => ActionWhat::RemoveServer { node: *node },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_keeps_its_values() {
        assert_eq!(
            ActionWhat::from(&Action::Propose {
                to: Target::Leader,
                value: 7
            }),
            ActionWhat::Propose {
                node: None,
                value: 7.0
            }
        );
        assert_eq!(
            ActionWhat::from(&Action::Propose {
                to: Target::Node(2),
                value: 3
            }),
            ActionWhat::Propose {
                node: Some(2),
                value: 3.0
            }
        );
        assert_eq!(
            ActionWhat::from(&Action::SetPartition {
                groups: vec![vec![0], vec![1, 2]]
            }),
            ActionWhat::Partition {
                groups: vec![vec![0], vec![1, 2]]
            }
        );
        assert_eq!(
            ActionWhat::from(&Action::SetLatency {
                min: 5_000,
                max: 20_000
            }),
            ActionWhat::SetLatency {
                min_ms: 5.0,
                max_ms: 20.0
            }
        );
    }
}
