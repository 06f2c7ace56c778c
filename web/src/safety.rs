//! Safety as the page reads it: the checked properties, the unsafe switches, and the first
//! violation as data (`violation()` and the trace's `violation` records). The binding names
//! things and converts units; the page phrases them (no sentence is built here), highlights
//! the servers and entries listed, and marks the timeline.

use raft_core::check::{Breach, Cause, EntryAt, Property, Violation};
use raft_core::{Index, NodeId, Term, UnsafeSwitch};
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;

/// A checked property: the paper's five (Figure 3) and the two per-server monotonicity rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum PropertyName {
    /// At most one leader per term (§5.2).
    ElectionSafety,
    /// A leader never overwrites or deletes its entries (§5.3).
    LeaderAppendOnly,
    /// Same index and term: same log up to there (§5.3).
    LogMatching,
    /// A committed entry is in every later leader's log (§5.4).
    LeaderCompleteness,
    /// No two servers apply different entries at one index (§5.4.3).
    StateMachineSafety,
    /// A server's term never decreases.
    MonotonicTerm,
    /// A server's commit index never decreases while it is up.
    MonotonicCommit,
}

impl From<Property> for PropertyName {
    fn from(p: Property) -> Self {
        match p {
            Property::ElectionSafety => PropertyName::ElectionSafety,
            Property::LeaderAppendOnly => PropertyName::LeaderAppendOnly,
            Property::LogMatching => PropertyName::LogMatching,
            Property::LeaderCompleteness => PropertyName::LeaderCompleteness,
            Property::StateMachineSafety => PropertyName::StateMachineSafety,
            Property::MonotonicTerm => PropertyName::MonotonicTerm,
            Property::MonotonicCommit => PropertyName::MonotonicCommit,
        }
    }
}

/// The position of a property in [`Property::ALL`]: the number a violation mark carries.
pub fn property_code(p: Property) -> f64 {
    Property::ALL.iter().position(|q| *q == p).unwrap_or(0) as f64
}

/// One of raft-core's unsafe switches, by the config field's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum SwitchName {
    /// Votes ignore the candidate's log (§5.4.1 dropped).
    NoElectionRestriction,
    /// A leader commits earlier terms' entries by counting replicas (§5.4.2, Figure 8).
    CommitPreviousTerms,
    /// votedFor is lost on a restart (Figure 2, persistent state).
    ForgetVoteOnRestart,
    /// A snapshot reaches past the commit index (§7).
    SnapshotPastCommit,
    /// A transfer skips the catch-up and voters trust its candidate's log (§3.10, §5.4.1).
    TrustTransferTarget,
    /// A leader changes the configuration before committing an entry of its term (§4.2).
    ChangeBeforeOwnTermCommit,
}

impl From<UnsafeSwitch> for SwitchName {
    fn from(s: UnsafeSwitch) -> Self {
        match s {
            UnsafeSwitch::NoElectionRestriction => SwitchName::NoElectionRestriction,
            UnsafeSwitch::CommitPreviousTerms => SwitchName::CommitPreviousTerms,
            UnsafeSwitch::ForgetVoteOnRestart => SwitchName::ForgetVoteOnRestart,
            UnsafeSwitch::SnapshotPastCommit => SwitchName::SnapshotPastCommit,
            UnsafeSwitch::TrustTransferTarget => SwitchName::TrustTransferTarget,
            UnsafeSwitch::ChangeBeforeOwnTermCommit => SwitchName::ChangeBeforeOwnTermCommit,
        }
    }
}

/// What broke (raft-core's `Breach`), by `kind`.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum BreachView {
    TwoLeaders {
        term: Term,
        first: NodeId,
        second: NodeId,
    },
    LeaderDeleted {
        leader: NodeId,
        from: Index,
        count: u64,
    },
    LogsDiverge {
        node: NodeId,
        other: NodeId,
        index: Index,
        term: Term,
    },
    #[serde(rename_all = "camelCase")]
    LeaderMissingEntry {
        leader: NodeId,
        term: Term,
        index: Index,
        entry_term: Term,
        committed_by: NodeId,
        committed_in: Term,
        /// The term of the leader's own entry there; absent when it has none.
        found: Option<Term>,
    },
    #[serde(rename_all = "camelCase")]
    DifferentCommit {
        node: NodeId,
        other: NodeId,
        index: Index,
        term: Term,
        other_term: Term,
    },
    #[serde(rename_all = "camelCase")]
    CommittedDeleted {
        node: NodeId,
        index: Index,
        commit_index: Index,
    },
    CommittedBeyondLog {
        node: NodeId,
        index: Index,
    },
    TermWentBack {
        node: NodeId,
        from: Term,
        to: Term,
    },
    CommitWentBack {
        node: NodeId,
        from: Index,
        to: Index,
    },
    #[serde(rename_all = "camelCase")]
    SnapshotUncommitted {
        node: NodeId,
        index: Index,
        commit_index: Index,
    },
    AppliedStateDiffers {
        node: NodeId,
        other: NodeId,
        index: Index,
    },
    ElectedWithoutMajority {
        leader: NodeId,
        term: Term,
        votes: u32,
        needed: u32,
    },
    CommittedWithoutMajority {
        leader: NodeId,
        index: Index,
        holders: u32,
        needed: u32,
    },
}

impl From<Breach> for BreachView {
    fn from(b: Breach) -> Self {
        match b {
            Breach::TwoLeaders {
                term,
                first,
                second,
            } => BreachView::TwoLeaders {
                term,
                first,
                second,
            },
            Breach::LeaderDeleted {
                leader,
                from,
                count,
            } => BreachView::LeaderDeleted {
                leader,
                from,
                count,
            },
            Breach::LogsDiverge {
                node,
                other,
                index,
                term,
            } => BreachView::LogsDiverge {
                node,
                other,
                index,
                term,
            },
            Breach::LeaderMissingEntry {
                leader,
                term,
                index,
                entry_term,
                committed_by,
                committed_in,
                found,
            } => BreachView::LeaderMissingEntry {
                leader,
                term,
                index,
                entry_term,
                committed_by,
                committed_in,
                found,
            },
            Breach::DifferentCommit {
                node,
                other,
                index,
                term,
                other_term,
            } => BreachView::DifferentCommit {
                node,
                other,
                index,
                term,
                other_term,
            },
            Breach::CommittedDeleted {
                node,
                index,
                commit_index,
            } => BreachView::CommittedDeleted {
                node,
                index,
                commit_index,
            },
            Breach::CommittedBeyondLog { node, index } => {
                BreachView::CommittedBeyondLog { node, index }
            }
            Breach::TermWentBack { node, from, to } => BreachView::TermWentBack { node, from, to },
            Breach::CommitWentBack { node, from, to } => {
                BreachView::CommitWentBack { node, from, to }
            }
            Breach::SnapshotUncommitted {
                node,
                index,
                commit_index,
            } => BreachView::SnapshotUncommitted {
                node,
                index,
                commit_index,
            },
            Breach::AppliedStateDiffers { node, other, index } => {
                BreachView::AppliedStateDiffers { node, other, index }
            }
            Breach::ElectedWithoutMajority {
                leader,
                term,
                votes,
                needed,
            } => BreachView::ElectedWithoutMajority {
                leader,
                term,
                votes,
                needed,
            },
            Breach::CommittedWithoutMajority {
                leader,
                index,
                holders,
                needed,
            } => BreachView::CommittedWithoutMajority {
                leader,
                index,
                holders,
                needed,
            },
        }
    }
}

/// The broken rule the checker saw (raft-core's `Cause`), by `kind`.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CauseView {
    VotedTwice {
        voter: NodeId,
        term: Term,
        first: NodeId,
        second: NodeId,
    },
    VotedForStaleLog {
        voter: NodeId,
        candidate: NodeId,
        term: Term,
    },
    #[serde(rename_all = "camelCase")]
    CountedOldTerm {
        leader: NodeId,
        term: Term,
        index: Index,
        entry_term: Term,
    },
    #[serde(rename_all = "camelCase")]
    SnapshotPastCommit {
        node: NodeId,
        index: Index,
        commit_index: Index,
    },
    TrustedTransferCandidate {
        voter: NodeId,
        candidate: NodeId,
        term: Term,
    },
    EarlyChange {
        leader: NodeId,
        term: Term,
        index: Index,
    },
}

impl From<Cause> for CauseView {
    fn from(c: Cause) -> Self {
        match c {
            Cause::VotedTwice {
                voter,
                term,
                first,
                second,
            } => CauseView::VotedTwice {
                voter,
                term,
                first,
                second,
            },
            Cause::VotedForStaleLog {
                voter,
                candidate,
                term,
            } => CauseView::VotedForStaleLog {
                voter,
                candidate,
                term,
            },
            Cause::SnapshotPastCommit {
                node,
                index,
                commit_index,
            } => CauseView::SnapshotPastCommit {
                node,
                index,
                commit_index,
            },
            Cause::CountedOldTerm {
                leader,
                term,
                index,
                entry_term,
            } => CauseView::CountedOldTerm {
                leader,
                term,
                index,
                entry_term,
            },
            Cause::TrustedTransferCandidate {
                voter,
                candidate,
                term,
            } => CauseView::TrustedTransferCandidate {
                voter,
                candidate,
                term,
            },
            Cause::EarlyChange {
                leader,
                term,
                index,
            } => CauseView::EarlyChange {
                leader,
                term,
                index,
            },
        }
    }
}

/// A log entry to highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct EntryAtView {
    /// The server.
    pub node: NodeId,
    /// The index, from 1.
    pub index: Index,
    /// The entry's term.
    pub term: Term,
}

impl From<EntryAt> for EntryAtView {
    fn from(e: EntryAt) -> Self {
        EntryAtView {
            node: e.node,
            index: e.index,
            term: e.term,
        }
    }
}

/// The run's first safety violation: `violation()`, and the trace's `violation` record.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ViolationView {
    /// The property broken.
    pub property: PropertyName,
    /// When, virtual ms.
    pub at_ms: f64,
    /// The trace position of the event that broke it.
    pub seq: u64,
    /// What broke.
    pub breach: BreachView,
    /// The broken rule that allowed it; absent when the checker saw none.
    pub cause: Option<CauseView>,
    /// The unsafe switch that rule belongs to; absent with the cause.
    pub switch: Option<SwitchName>,
    /// The servers involved, the one at fault first.
    pub nodes: Vec<NodeId>,
    /// The log entries involved.
    pub entries: Vec<EntryAtView>,
}

impl ViolationView {
    /// The page's view of a violation.
    pub fn of(v: &Violation) -> Self {
        ViolationView {
            property: v.property.into(),
            at_ms: us_to_ms(v.at),
            seq: v.position,
            breach: v.breach.into(),
            cause: v.cause.map(Into::into),
            switch: v.cause.map(|c| c.switch().into()),
            nodes: v.nodes(),
            entries: v.entries().into_iter().map(Into::into).collect(),
        }
    }
}

#[cfg(test)]
#[path = "../unit/safety.rs"]
mod tests;
