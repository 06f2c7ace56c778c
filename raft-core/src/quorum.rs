//! Majorities, the one piece of arithmetic both halves of Raft stand on: a candidate wins with
//! the votes of a majority (§5.2), a leader commits what a majority stores (§5.3). As in etcd's
//! `quorum` package, the rules live here once and the node asks.

use crate::types::Index;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The most servers a cluster may have (the vote tallies are 16-bit sets).
const MAX_VOTERS: usize = 16;

/// Servers needed for a majority of `cluster_size`: more than half.
pub fn majority(cluster_size: u32) -> u32 {
    cluster_size / 2 + 1
}

/// Where an election stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum VoteResult {
    /// A majority granted: the candidate wins (§5.2).
    Won,
    /// Neither yet: enough servers have not answered to go either way.
    Pending,
    /// So many refused that a majority can no longer be reached, whoever answers next. The
    /// candidate waits for its election timeout all the same (§5.2), but it cannot win this
    /// term.
    Lost,
}

/// The result of an election in a cluster of `cluster_size` servers, given the votes granted
/// (the candidate's own included) and refused so far.
pub fn vote_result(granted: u32, refused: u32, cluster_size: u32) -> VoteResult {
    let needed = majority(cluster_size);
    let unanswered = cluster_size.saturating_sub(granted + refused);
    if granted >= needed {
        VoteResult::Won
    } else if granted + unanswered < needed {
        VoteResult::Lost
    } else {
        VoteResult::Pending
    }
}

/// Figure 2, Leaders: the highest N such that a majority of `match_indexes` are ≥ N (0 when the
/// list is empty). The leader's own entry is its last index. Whether N may be committed (its
/// entry is of the leader's term, §5.4.2) is the leader's question, not this one.
///
/// # Panics
/// With more than 16 indexes (a cluster larger than the node allows).
pub fn committed_index(match_indexes: impl IntoIterator<Item = Index>) -> Index {
    let mut sorted = [0 as Index; MAX_VOTERS];
    let mut n = 0;
    for index in match_indexes {
        sorted[n] = index;
        n += 1;
    }
    if n == 0 {
        return 0;
    }
    let sorted = &mut sorted[..n];
    // Highest first: the majority-th one is held by a majority (it and every one before it).
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted[majority(n as u32) as usize - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_majority_is_more_than_half() {
        assert_eq!(majority(1), 1);
        assert_eq!(majority(2), 2);
        assert_eq!(majority(3), 2);
        assert_eq!(majority(4), 3);
        assert_eq!(majority(5), 3);
    }

    /// §5.2: a candidate wins with a majority; it has lost once the refusals leave too few
    /// servers to make one.
    #[test]
    fn vote_results_in_five_servers() {
        assert_eq!(vote_result(1, 0, 5), VoteResult::Pending);
        assert_eq!(vote_result(3, 0, 5), VoteResult::Won);
        assert_eq!(vote_result(2, 2, 5), VoteResult::Pending);
        assert_eq!(vote_result(2, 3, 5), VoteResult::Lost);
        assert_eq!(vote_result(1, 2, 5), VoteResult::Pending);
        assert_eq!(vote_result(1, 3, 5), VoteResult::Lost);
        // A single server is a majority of itself.
        assert_eq!(vote_result(1, 0, 1), VoteResult::Won);
        // Two servers need both.
        assert_eq!(vote_result(1, 1, 2), VoteResult::Lost);
    }

    /// Figure 2: commitIndex may rise to the highest N a majority of matchIndex reaches.
    #[test]
    fn committed_index_is_what_a_majority_holds() {
        assert_eq!(committed_index([]), 0);
        assert_eq!(committed_index([7]), 7);
        // Leader at 9, followers at 9, 4, 4, 2: three of five hold 4.
        assert_eq!(committed_index([9, 9, 4, 4, 2]), 4);
        assert_eq!(committed_index([2, 4, 9, 4, 9]), 4);
        // Three of five hold 6 here.
        assert_eq!(committed_index([9, 6, 8, 1, 0]), 6);
        // Four servers need three.
        assert_eq!(committed_index([5, 5, 3, 0]), 3);
    }
}
