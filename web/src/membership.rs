//! A membership change's answer as the page sees it (dissertation §4.1–4.2): the index of the
//! configuration entry the leader appended, or why no change was proposed, as a `why` code and
//! the values the sentence needs, so the page phrases it in the reader's language.

use raft_core::sim::Outcome;
use raft_core::{ChangeRefused, Index, NodeId, Term};
use serde::Serialize;
use tsify::Tsify;

/// Why the leader proposed no configuration change (raft-core's `ChangeRefused`), by `why`.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(tag = "why", rename_all = "camelCase")]
pub enum ChangeRefusalView {
    /// No leader, or only a leader changes the configuration; `leader` is -1 when none is known.
    NotLeader {
        leader: i32,
    },
    AlreadyMember {
        node: NodeId,
    },
    NotMember {
        node: NodeId,
    },
    LastMember {
        node: NodeId,
    },
    /// One change at a time: the entry at `index` is not committed yet (§4.1).
    ChangePending {
        index: Index,
    },
    /// The leader has not committed an entry of its term yet (the 2015 fix).
    NoCommitInTerm {
        term: Term,
    },
}

impl From<ChangeRefused> for ChangeRefusalView {
    fn from(why: ChangeRefused) -> Self {
        match why {
            ChangeRefused::NotLeader { leader } => Self::NotLeader {
                leader: leader.map_or(-1, i32::from),
            },
            ChangeRefused::AlreadyMember { node } => Self::AlreadyMember { node },
            ChangeRefused::NotMember { node } => Self::NotMember { node },
            ChangeRefused::LastMember { node } => Self::LastMember { node },
            ChangeRefused::ChangePending { index } => Self::ChangePending { index },
            ChangeRefused::NoCommitInTerm { term } => Self::NoCommitInTerm { term },
        }
    }
}

/// What `addServer()` and `removeServer()` did: the configuration entry's index, or the refusal.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChangeAnswer {
    /// The configuration entry's index; absent when refused.
    pub index: Option<f64>,
    /// Why not; absent when proposed.
    pub refused: Option<ChangeRefusalView>,
}

impl ChangeAnswer {
    /// The answer an action's outcome gives; `None` for an outcome no change gives.
    pub fn of(outcome: Outcome) -> Option<Self> {
        match outcome {
            Outcome::Proposed { index, .. } => Some(ChangeAnswer {
                index: Some(index as f64),
                refused: None,
            }),
            Outcome::ChangeRefused { why } => Some(ChangeAnswer {
                index: None,
                refused: Some(why.into()),
            }),
            _ => None,
        }
    }
}
