//! Why a vote or an AppendEntries was refused, as data: a `code` and the values the sentence
//! needs, so the page phrases it in the reader's language (www/src/i18n: `refusal.*`). The English
//! text built in raft-core (`reason`) still travels beside it for callers that read it.

use raft_core::event::{AppendRefusal, VoteRefusal};
use raft_core::{Index, NodeId, Term};
use serde::Serialize;
use tsify::Tsify;

/// A refusal's reason: which rule refused, and the values it compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum RefusalView {
    /// The request's term is older than the receiver's (§5.1).
    StaleTerm { term: Term, current: Term },
    /// The voter already voted for another candidate in this term (§5.2).
    #[serde(rename_all = "camelCase")]
    AlreadyVoted { voted_for: NodeId, term: Term },
    /// The candidate's last entry has an older term than the voter's (§5.4.1).
    #[serde(rename_all = "camelCase")]
    LogBehindTerm {
        candidate_last_term: Term,
        own_last_term: Term,
    },
    /// Same last term, but the candidate's log is shorter (§5.4.1).
    #[serde(rename_all = "camelCase")]
    LogBehindIndex {
        candidate_last_index: Index,
        own_last_index: Index,
        term: Term,
    },
    /// The voter heard from a leader less than an election timeout ago.
    LeaderAlive { leader: NodeId },
    /// The follower has no entry at prevLogIndex (§5.3).
    #[serde(rename_all = "camelCase")]
    NoEntry { index: Index, last_index: Index },
    /// The follower's entry at prevLogIndex has another term (§5.3).
    TermMismatch {
        index: Index,
        expected: Term,
        found: Term,
    },
}

impl RefusalView {
    /// A vote refusal in `term` (the term "already voted" refers to).
    pub fn vote(reason: VoteRefusal, term: Term) -> Self {
        match reason {
            VoteRefusal::StaleTerm { term, current } => Self::StaleTerm { term, current },
            VoteRefusal::AlreadyVoted { voted_for } => Self::AlreadyVoted { voted_for, term },
            VoteRefusal::LogBehind {
                candidate_last_term,
                candidate_last_index,
                own_last_term,
                own_last_index,
            } => {
                if candidate_last_term != own_last_term {
                    Self::LogBehindTerm {
                        candidate_last_term,
                        own_last_term,
                    }
                } else {
                    Self::LogBehindIndex {
                        candidate_last_index,
                        own_last_index,
                        term: own_last_term,
                    }
                }
            }
            VoteRefusal::LeaderAlive { leader } => Self::LeaderAlive { leader },
        }
    }

    /// An AppendEntries refusal.
    pub fn append(reason: AppendRefusal) -> Self {
        match reason {
            AppendRefusal::StaleTerm { term, current } => Self::StaleTerm { term, current },
            AppendRefusal::NoEntry { index, last_index } => Self::NoEntry { index, last_index },
            AppendRefusal::TermMismatch {
                index,
                expected,
                found,
            } => Self::TermMismatch {
                index,
                expected,
                found,
            },
        }
    }
}

#[cfg(test)]
#[path = "../unit/refusals.rs"]
mod tests;
