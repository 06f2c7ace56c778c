//! How each term's election ended, decided once for the whole cluster (§5.2).
//!
//! One node cannot tell a split vote from a lost one: it knows its own tally, not who else
//! ran. The simulator sees every node, so it feeds their events to [`Elections`], which
//! reports a term that ended without a leader once every candidate of that term is done (it
//! timed out, stepped down or crashed) and none won. With two or more candidates that is a
//! split vote; with one, a lone candidate that could not reach a majority (cut off in a
//! minority, or too many servers down). The page only phrases the verdict.

use alloc::vec::Vec;

use crate::event::Event;
use crate::quorum;
use crate::state::{Role, Votes};
use crate::types::{NodeId, Term};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// One candidate's votes when its candidacy ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct CandidateVotes {
    /// The candidate.
    pub node: NodeId,
    /// Votes granted to it, its own included.
    pub granted: u32,
}

/// Why a term ended without a leader.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum FailedElection {
    /// §5.2: "votes could be split so that no candidate obtains a majority". Two or more
    /// candidates ran in the term.
    SplitVote {
        /// Every candidate of the term, by node id.
        candidates: Vec<CandidateVotes>,
        /// Votes a majority needs.
        needed: u32,
    },
    /// One candidate ran alone and could not reach a majority: the others did not answer
    /// (partitioned, down, messages lost) or refused it.
    LoneCandidate {
        /// The candidate.
        node: NodeId,
        /// Votes granted to it, its own included.
        granted: u32,
        /// Votes a majority needs.
        needed: u32,
    },
}

impl FailedElection {
    /// True for a split vote.
    pub fn is_split_vote(&self) -> bool {
        matches!(self, FailedElection::SplitVote { .. })
    }
}

/// A node's campaign in one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Candidacy {
    node: NodeId,
    term: Term,
    votes: Votes,
}

/// Settled terms remembered, so late news of them is recognised. Older terms are below the
/// highest term by then, which is enough to ignore them.
const SETTLED_KEPT: usize = 16;

/// Watches the candidates of every term and reports the terms that end without a leader.
#[derive(Clone, Debug)]
pub struct Elections {
    cluster_size: u8,
    /// The highest term any node has reached. A candidacy in a lower term is a straggler's
    /// (a server back from a crash or a partition), not a new election of the cluster's.
    highest_term: Term,
    /// Candidacies still running, at most one per node.
    running: Vec<Candidacy>,
    /// Candidacies over, in terms that still have one running.
    over: Vec<Candidacy>,
    /// Recent terms that got a leader or were reported: they take no more news.
    settled: Vec<Term>,
}

impl Elections {
    /// A rough count of the bytes held, for memory budgets.
    pub fn approx_bytes(&self) -> usize {
        (self.running.capacity() + self.over.capacity()) * core::mem::size_of::<Candidacy>()
            + self.settled.capacity() * core::mem::size_of::<Term>()
    }

    /// Watches a cluster of `cluster_size` servers whose highest starting term is
    /// `highest_term`.
    pub fn new(cluster_size: u8, highest_term: Term) -> Self {
        Elections {
            cluster_size,
            highest_term,
            running: Vec::new(),
            over: Vec::new(),
            settled: Vec::new(),
        }
    }

    /// The configuration changed (dissertation §4.1): majorities are of `cluster_size` now.
    pub fn set_cluster_size(&mut self, cluster_size: u8) {
        self.cluster_size = cluster_size;
    }

    /// Takes in one event of `node`; returns the term it ended without a leader, if it did.
    pub fn observe(&mut self, node: NodeId, event: &Event) -> Option<(Term, FailedElection)> {
        match *event {
            Event::TermChanged { to, .. } => {
                self.highest_term = self.highest_term.max(to);
                self.end(node)
            }
            Event::RoleChanged {
                role: Role::Candidate,
                term,
                ..
            } => {
                let ended = self.end(node);
                self.highest_term = self.highest_term.max(term);
                if term >= self.highest_term && !self.settled.contains(&term) {
                    let mut votes = Votes::default();
                    votes.record(node, true);
                    self.running.push(Candidacy { node, term, votes });
                }
                ended
            }
            Event::RoleChanged {
                role: Role::Leader,
                term,
                ..
            } => {
                // §5.2: the term has its leader; the other candidates' news is moot.
                self.running.retain(|c| c.node != node);
                self.over.retain(|c| c.term != term);
                self.settle(term);
                None
            }
            // Any other role (follower, pre-candidate) ends a campaign, as does the election
            // timer firing (the next term or pre-vote follows at once).
            Event::RoleChanged { .. } | Event::ElectionLost { .. } => self.end(node),
            Event::VoteReceived {
                from,
                term,
                granted,
                pre_vote: false,
                ..
            } => {
                if let Some(c) = self
                    .running
                    .iter_mut()
                    .find(|c| c.node == node && c.term == term)
                {
                    c.votes.record(from, granted);
                }
                None
            }
            _ => None,
        }
    }

    /// `node` crashed: its campaign, if any, is over.
    pub fn crashed(&mut self, node: NodeId) -> Option<(Term, FailedElection)> {
        self.end(node)
    }

    /// Ends `node`'s running campaign; reports its term when it was the last one running and
    /// nobody won.
    fn end(&mut self, node: NodeId) -> Option<(Term, FailedElection)> {
        let position = self.running.iter().position(|c| c.node == node)?;
        let candidacy = self.running.swap_remove(position);
        let term = candidacy.term;
        if self.settled.contains(&term) {
            return None;
        }
        self.over.push(candidacy);
        if self.running.iter().any(|c| c.term == term) {
            return None;
        }
        let mut candidates: Vec<CandidateVotes> = self
            .over
            .iter()
            .filter(|c| c.term == term)
            .map(|c| CandidateVotes {
                node: c.node,
                granted: c.votes.granted_count(),
            })
            .collect();
        self.over.retain(|c| c.term != term);
        self.settle(term);
        candidates.sort_unstable_by_key(|c| c.node);
        let needed = quorum::majority(u32::from(self.cluster_size));
        let outcome = match candidates[..] {
            [only] => FailedElection::LoneCandidate {
                node: only.node,
                granted: only.granted,
                needed,
            },
            _ => FailedElection::SplitVote { candidates, needed },
        };
        Some((term, outcome))
    }

    fn settle(&mut self, term: Term) {
        if self.settled.contains(&term) {
            return;
        }
        self.settled.push(term);
        if self.settled.len() > SETTLED_KEPT {
            // Forget the oldest term: it is below every other settled one, so below the
            // highest term, and a candidacy there is ignored anyway.
            if let Some(oldest) = self
                .settled
                .iter()
                .enumerate()
                .min_by_key(|(_, t)| **t)
                .map(|(i, _)| i)
            {
                self.settled.swap_remove(oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::RoleReason;
    use crate::quorum::VoteResult;

    fn candidate(term: Term) -> Event {
        Event::RoleChanged {
            role: Role::Candidate,
            term,
            reason: RoleReason::Timeout,
        }
    }
    fn next_term(from: Term) -> Event {
        Event::TermChanged { from, to: from + 1 }
    }
    fn vote(from: NodeId, term: Term, granted: bool) -> Event {
        Event::VoteReceived {
            from,
            term,
            granted,
            pre_vote: false,
            result: VoteResult::Pending,
        }
    }

    /// §5.2: two candidates of term 1 take two votes each of five; both time out.
    #[test]
    fn two_candidates_without_a_majority_split_the_vote() {
        let mut e = Elections::new(5, 0);
        assert_eq!(e.observe(0, &next_term(0)), None);
        assert_eq!(e.observe(0, &candidate(1)), None);
        assert_eq!(e.observe(2, &next_term(0)), None);
        assert_eq!(e.observe(2, &candidate(1)), None);
        assert_eq!(e.observe(0, &vote(1, 1, true)), None);
        assert_eq!(e.observe(2, &vote(3, 1, true)), None);
        // A repeated answer counts once.
        assert_eq!(e.observe(2, &vote(3, 1, true)), None);
        assert_eq!(e.observe(0, &next_term(1)), None, "S3 is still campaigning");
        let ended = e.observe(2, &next_term(1));
        assert_eq!(
            ended,
            Some((
                1,
                FailedElection::SplitVote {
                    candidates: alloc::vec![
                        CandidateVotes {
                            node: 0,
                            granted: 2
                        },
                        CandidateVotes {
                            node: 2,
                            granted: 2
                        }
                    ],
                    needed: 3,
                }
            ))
        );
    }

    #[test]
    fn a_term_with_a_leader_is_not_reported() {
        let mut e = Elections::new(3, 0);
        e.observe(0, &candidate(1));
        e.observe(1, &candidate(1));
        e.observe(
            0,
            &Event::RoleChanged {
                role: Role::Leader,
                term: 1,
                reason: RoleReason::WonElection,
            },
        );
        assert_eq!(e.observe(1, &next_term(1)), None);
    }

    #[test]
    fn a_crashed_lone_candidate_ends_its_term() {
        let mut e = Elections::new(3, 4);
        e.observe(1, &candidate(5));
        assert_eq!(
            e.crashed(1),
            Some((
                5,
                FailedElection::LoneCandidate {
                    node: 1,
                    granted: 1,
                    needed: 2
                }
            ))
        );
        assert_eq!(e.crashed(1), None);
    }

    /// A server back from a long absence campaigns in a term the cluster left behind: that is
    /// no election of the cluster's, and its failure is not reported.
    #[test]
    fn a_straggler_in_an_old_term_is_not_an_election() {
        let mut e = Elections::new(5, 9);
        e.observe(3, &Event::TermChanged { from: 2, to: 3 });
        e.observe(3, &candidate(3));
        assert_eq!(e.observe(3, &Event::TermChanged { from: 3, to: 9 }), None);
    }
}
