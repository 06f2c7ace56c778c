//! The scalar types every module shares.

/// A server's identity: its position in the cluster, `0..n`.
pub type NodeId = u8;
/// A Raft term (§5.1). Term 0 is the term before any election.
pub type Term = u64;
/// A log index (§5.3). Entries are numbered from 1; index 0 is the empty prefix.
pub type Index = u64;
/// Virtual time in microseconds. The node never reads a clock; its owner passes this in.
pub type Time = u64;

/// Microseconds in one millisecond, for configuration written in milliseconds.
pub const MS: Time = 1_000;
/// Microseconds in one second.
pub const SECOND: Time = 1_000_000;

/// A server's name for people: `S1` for id 0, as the paper numbers servers from 1. Every text
/// that names a server prints it through this one type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Name(pub NodeId);

impl core::fmt::Display for Name {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "S{}", u16::from(self.0) + 1)
    }
}
