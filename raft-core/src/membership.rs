//! Who is in the cluster (dissertation §4.1): the set of voting servers a configuration names.
//! Majorities for elections and commitment are counted over the configuration in force, never
//! over every process that happens to run.
//!
//! This is the seam type the membership, compaction and transfer work share: a snapshot
//! records the configuration at its last included index (§5.1), a configuration entry carries
//! one, and the checker counts majorities of it.

use crate::quorum::majority;
use crate::types::NodeId;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The most servers a configuration can name: ids `0..MAX_SERVERS`.
pub const MAX_SERVERS: u8 = 16;

/// A set of voting servers, as a bit per id.
///
/// Invariant: only bits `0..MAX_SERVERS` are ever set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Membership(u16);

impl Membership {
    /// The configuration of a cluster started with servers `0..size`.
    pub fn first(size: u8) -> Self {
        let size = size.min(MAX_SERVERS);
        if size == MAX_SERVERS {
            Membership(u16::MAX)
        } else {
            Membership((1u16 << size) - 1)
        }
    }

    /// The empty configuration: a server that has not been told of any yet.
    pub fn none() -> Self {
        Membership(0)
    }

    /// Whether `id` is a voting member.
    pub fn contains(self, id: NodeId) -> bool {
        id < MAX_SERVERS && self.0 & (1 << id) != 0
    }

    /// This configuration with `id` added (one-server change, §4.2).
    pub fn with(self, id: NodeId) -> Self {
        if id < MAX_SERVERS {
            Membership(self.0 | (1 << id))
        } else {
            self
        }
    }

    /// This configuration with `id` removed (one-server change, §4.2).
    pub fn without(self, id: NodeId) -> Self {
        if id < MAX_SERVERS {
            Membership(self.0 & !(1 << id))
        } else {
            self
        }
    }

    /// How many servers vote.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether no server votes.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Servers needed for a majority of this configuration.
    pub fn majority(self) -> u32 {
        majority(self.len())
    }

    /// The members, lowest id first.
    pub fn iter(self) -> impl Iterator<Item = NodeId> {
        (0..MAX_SERVERS).filter(move |&id| self.contains(id))
    }

    /// Whether the servers in `acks` (a bit per id) include a majority of this configuration.
    /// Servers outside the configuration do not count (§4.1).
    pub fn is_quorum(self, acks: u16) -> bool {
        (acks & self.0).count_ones() >= self.majority()
    }

    /// The raw bit set, for compact views and hashing.
    pub fn bits(self) -> u16 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_configuration_names_every_starting_server() {
        let c = Membership::first(5);
        assert_eq!(c.len(), 5);
        assert!(c.contains(4) && !c.contains(5));
        assert_eq!(c.majority(), 3);
        assert_eq!(Membership::first(16).len(), 16);
    }

    /// §4.1: a majority is of the configuration, not of whoever answers.
    #[test]
    fn acks_from_non_members_do_not_make_a_majority() {
        let c = Membership::first(3).without(0).with(5);
        assert!(!c.is_quorum(0b0000_0011)); // S1 is no longer a member
        assert!(c.is_quorum(0b0010_0010));
        assert_eq!(c.iter().collect::<alloc::vec::Vec<_>>(), [1, 2, 5]);
    }
}
