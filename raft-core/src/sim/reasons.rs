//! Why a server's last vote and last append went as they did, for the node inspector.
//!
//! A voter knows why it refused a candidate; the candidate only learns "refused". A follower
//! knows why it refused an AppendEntries; the leader only sees the rejection and steps
//! nextIndex back. The simulator sees both sides, so it pairs them here, from the node events it
//! already stamps into the trace. This is part of the cluster's state (checkpoints clone it), not
//! a search of the bounded trace: the answer at a moment is the same however the cursor got
//! there, played forward or sought back.

use alloc::vec::Vec;

use crate::event::{AppendRefusal, Event, VoteRefusal};
use crate::types::{Index, NodeId, Term, Time};

/// A vote answered: who asked whom, in which term, and the voter's reason when it refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteWhy {
    /// When the voter answered, µs.
    pub at: Time,
    /// The voter.
    pub voter: NodeId,
    /// The candidate.
    pub candidate: NodeId,
    /// The term of the election.
    pub term: Term,
    /// True for a pre-vote (thesis §9.6).
    pub pre_vote: bool,
    /// `None`: granted. Otherwise the voter's reason (§5.1, §5.2, §5.4.1).
    pub refusal: Option<VoteRefusal>,
}

/// An AppendEntries refused: by whom, to whom, why, and how the leader stepped back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppendWhy {
    /// When the follower refused, µs (for the leader's side: when it stepped back).
    pub at: Time,
    /// The follower that refused.
    pub follower: NodeId,
    /// The leader that sent it.
    pub leader: NodeId,
    /// The request's term.
    pub term: Term,
    /// The follower's reason (§5.1, §5.3); `None` on the leader's side when the follower's
    /// reason for this very rejection is no longer the follower's latest.
    pub reason: Option<AppendRefusal>,
    /// On the leader's side: nextIndex before and after stepping back (§5.3).
    pub next_index: Option<(Index, Index)>,
}

/// One server's latest answers and refusals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeReasons {
    /// The last vote it answered as a voter, granted or refused.
    pub vote_cast: Option<VoteWhy>,
    /// The last refusal it got as a candidate, with the voter's reason when known.
    pub vote_refused_to_it: Option<VoteWhy>,
    /// The last AppendEntries it refused as a follower.
    pub append_refused: Option<AppendWhy>,
    /// The last rejection that made it, as leader, step a follower's nextIndex back.
    pub append_refused_to_it: Option<AppendWhy>,
}

/// Refusals a follower keeps for pairing: messages can overtake each other, so the rejection a
/// leader acts on is not always the follower's latest refusal.
const RECENT_REFUSALS: usize = 8;

/// Every server's [`NodeReasons`], kept up to date from node events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reasons {
    nodes: Vec<NodeReasons>,
    /// Per follower, its last few refused AppendEntries, oldest first.
    recent_refusals: Vec<Vec<AppendWhy>>,
}

/// The prevLogIndex a refusal is about (none for a stale term).
fn refused_prev(reason: AppendRefusal) -> Option<Index> {
    match reason {
        AppendRefusal::StaleTerm { .. } => None,
        AppendRefusal::NoEntry { index, .. } | AppendRefusal::TermMismatch { index, .. } => {
            Some(index)
        }
    }
}

impl Reasons {
    /// Nothing known yet, for `n` servers.
    pub fn new(n: usize) -> Self {
        Reasons {
            nodes: alloc::vec![NodeReasons::default(); n],
            recent_refusals: alloc::vec![Vec::new(); n],
        }
    }

    /// Makes room for a server added to the run.
    pub fn grow(&mut self, n: usize) {
        if n > self.nodes.len() {
            self.nodes.resize(n, NodeReasons::default());
            self.recent_refusals.resize(n, Vec::new());
        }
    }

    /// Server `id`'s reasons (default for an unknown id).
    pub fn of(&self, id: NodeId) -> NodeReasons {
        self.nodes.get(id as usize).copied().unwrap_or_default()
    }

    /// Takes in one event of server `id` at `now`.
    pub fn observe(&mut self, id: NodeId, now: Time, event: &Event) {
        if id as usize >= self.nodes.len() {
            return;
        }
        match *event {
            Event::VoteGranted { to, term, pre_vote } => {
                self.nodes[id as usize].vote_cast = Some(VoteWhy {
                    at: now,
                    voter: id,
                    candidate: to,
                    term,
                    pre_vote,
                    refusal: None,
                });
            }
            Event::VoteRefused {
                to,
                term,
                pre_vote,
                reason,
            } => {
                self.nodes[id as usize].vote_cast = Some(VoteWhy {
                    at: now,
                    voter: id,
                    candidate: to,
                    term,
                    pre_vote,
                    refusal: Some(reason),
                });
            }
            Event::VoteReceived {
                from,
                term,
                granted: false,
                pre_vote,
                ..
            } => {
                // The voter's own record of this answer, if it is still its latest.
                let refusal = self
                    .nodes
                    .get(from as usize)
                    .and_then(|v| v.vote_cast)
                    .filter(|v| v.candidate == id && v.term == term && v.pre_vote == pre_vote)
                    .and_then(|v| v.refusal);
                self.nodes[id as usize].vote_refused_to_it = Some(VoteWhy {
                    at: now,
                    voter: from,
                    candidate: id,
                    term,
                    pre_vote,
                    refusal,
                });
            }
            Event::AppendRefused {
                leader,
                term,
                reason,
            } => {
                let refusal = AppendWhy {
                    at: now,
                    follower: id,
                    leader,
                    term,
                    reason: Some(reason),
                    next_index: None,
                };
                self.nodes[id as usize].append_refused = Some(refusal);
                let recent = &mut self.recent_refusals[id as usize];
                if recent.len() == RECENT_REFUSALS {
                    recent.remove(0);
                }
                recent.push(refusal);
            }
            Event::NextIndexBack { peer, from, to } => {
                // A leader steps back only on the rejection of prevLogIndex = nextIndex - 1
                // (`Progress::step_back`): the follower's refusal about that index.
                let refused = self.recent_refusals.get(peer as usize).and_then(|recent| {
                    recent.iter().rev().copied().find(|a| {
                        a.leader == id
                            && a.reason.and_then(refused_prev) == Some(from.saturating_sub(1))
                    })
                });
                self.nodes[id as usize].append_refused_to_it = Some(AppendWhy {
                    at: now,
                    follower: peer,
                    leader: id,
                    term: refused.map_or(0, |a| a.term),
                    reason: refused.and_then(|a| a.reason),
                    next_index: Some((from, to)),
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// §5.2: a voter that already voted tells why; the candidate's side gets the same reason.
    #[test]
    fn a_candidate_learns_the_voters_reason() {
        let mut r = Reasons::new(3);
        let reason = VoteRefusal::AlreadyVoted { voted_for: 2 };
        r.observe(
            1,
            10,
            &Event::VoteRefused {
                to: 0,
                term: 4,
                pre_vote: false,
                reason,
            },
        );
        r.observe(
            0,
            20,
            &Event::VoteReceived {
                from: 1,
                term: 4,
                granted: false,
                pre_vote: false,
                result: crate::quorum::VoteResult::Pending,
            },
        );
        let got = r.of(0).vote_refused_to_it.unwrap();
        assert_eq!((got.voter, got.term, got.refusal), (1, 4, Some(reason)));
        assert_eq!(r.of(1).vote_cast.unwrap().refusal, Some(reason));
    }

    /// §5.3: the leader's step back carries the follower's reason and the nextIndex move.
    #[test]
    fn a_leader_learns_why_it_stepped_back() {
        let mut r = Reasons::new(2);
        let reason = AppendRefusal::TermMismatch {
            index: 10,
            expected: 6,
            found: 3,
        };
        r.observe(
            1,
            5,
            &Event::AppendRefused {
                leader: 0,
                term: 7,
                reason,
            },
        );
        r.observe(
            0,
            9,
            &Event::NextIndexBack {
                peer: 1,
                from: 11,
                to: 10,
            },
        );
        let got = r.of(0).append_refused_to_it.unwrap();
        assert_eq!(got.reason, Some(reason));
        // A later refusal of an older, overtaken heartbeat (index 10 again) does not pass for
        // the reason of the next step back, which is about index 9.
        let about_9 = AppendRefusal::NoEntry {
            index: 9,
            last_index: 3,
        };
        for reason in [about_9, reason] {
            r.observe(
                1,
                12,
                &Event::AppendRefused {
                    leader: 0,
                    term: 7,
                    reason,
                },
            );
        }
        r.observe(
            0,
            14,
            &Event::NextIndexBack {
                peer: 1,
                from: 10,
                to: 9,
            },
        );
        assert_eq!(r.of(0).append_refused_to_it.unwrap().reason, Some(about_9));
        assert_eq!(got.next_index, Some((11, 10)));
        assert_eq!(got.term, 7);
        assert_eq!(r.of(7), NodeReasons::default());
    }
}
