//! The safety properties of the Raft paper (Figure 3), checked incrementally as a run goes:
//! Election Safety, Leader Append-Only, Log Matching, Leader Completeness and State Machine
//! Safety, plus "terms never decrease" and "a commit index never decreases" for each node.
//!
//! The checker follows node events. Logs are summarised by prefix hashes (the hash of entry i
//! covers entries 1..=i), so "these two logs agree up to i" is one comparison, and the work per
//! event stays proportional to what the event changed.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::chunked::Chunked;
use crate::config::UnsafeSwitch;
use crate::event::{Event, RoleReason};
use crate::log::Log;
use crate::membership::Membership;
use crate::state::Role;
use crate::trace::fnv_mix;
use crate::types::{Index, Name, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A property of Figure 3, or one of the per-node monotonicity rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Property {
    /// At most one leader can be elected in a given term (§5.2).
    ElectionSafety,
    /// A leader never overwrites or deletes entries in its log (§5.3).
    LeaderAppendOnly,
    /// If two logs contain an entry with the same index and term, the logs are identical in
    /// all entries up through that index (§5.3).
    LogMatching,
    /// If an entry is committed in a term, it is present in the logs of the leaders of all
    /// higher terms (§5.4).
    LeaderCompleteness,
    /// If a server has applied an entry at an index, no other server ever applies a different
    /// entry for that index (§5.4.3).
    StateMachineSafety,
    /// A server's current term never decreases.
    MonotonicTerm,
    /// A server's commit index never decreases while it is up.
    MonotonicCommit,
}

/// A log entry a violation is about: on which server, at which index, of which term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct EntryAt {
    /// The server holding it.
    pub node: NodeId,
    /// Its index.
    pub index: Index,
    /// Its term.
    pub term: Term,
}

/// What exactly broke: the property's failure, with the servers, terms and entries involved.
/// Plain data, so the page can phrase it (and highlight it) in its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum Breach {
    /// Election Safety: `first` and then `second` became leader of `term`.
    TwoLeaders {
        /// The term.
        term: Term,
        /// The leader seen first.
        first: NodeId,
        /// The second leader.
        second: NodeId,
    },
    /// Leader Append-Only: `leader` deleted `count` entries of its own log from `from` on.
    LeaderDeleted {
        /// The leader.
        leader: NodeId,
        /// First deleted index.
        from: Index,
        /// How many.
        count: u64,
    },
    /// Log Matching: `node` holds an entry of `term` at `index`, as `other` does, but the
    /// entries before it differ.
    LogsDiverge {
        /// The server whose log broke the property.
        node: NodeId,
        /// A server holding the same (index, term) after different entries.
        other: NodeId,
        /// The index.
        index: Index,
        /// The term of both entries.
        term: Term,
    },
    /// Leader Completeness: `leader` of `term` lacks the entry at `index` (of `entry_term`),
    /// which `committed_by` committed in `committed_in`. `found` is the term of the leader's
    /// own entry there, if it has one.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    LeaderMissingEntry {
        /// The new leader.
        leader: NodeId,
        /// Its term.
        term: Term,
        /// The first committed index its log lacks.
        index: Index,
        /// The committed entry's term.
        entry_term: Term,
        /// The server that committed it first.
        committed_by: NodeId,
        /// The term that server was in.
        committed_in: Term,
        /// The term of the leader's own entry at `index`, if any.
        found: Option<Term>,
    },
    /// State Machine Safety: `node` committed an entry of `term` at `index` where `other` had
    /// committed an entry of `other_term`.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    DifferentCommit {
        /// The server committing second.
        node: NodeId,
        /// The server that committed first.
        other: NodeId,
        /// The index.
        index: Index,
        /// The term of `node`'s entry.
        term: Term,
        /// The term of `other`'s entry.
        other_term: Term,
    },
    /// State Machine Safety: `node` deleted the entry at `index`, which it had committed
    /// (its commit index was `commit_index`).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    CommittedDeleted {
        /// The server.
        node: NodeId,
        /// First deleted index.
        index: Index,
        /// Its commit index then.
        commit_index: Index,
    },
    /// State Machine Safety: `node` moved its commit index to `index`, past its log.
    CommittedBeyondLog {
        /// The server.
        node: NodeId,
        /// The index.
        index: Index,
    },
    /// Monotonic term: `node`'s term went from `from` back to `to`.
    TermWentBack {
        /// The server.
        node: NodeId,
        /// Its term before.
        from: Term,
        /// Its term after.
        to: Term,
    },
    /// Monotonic commit: `node`'s commit index went from `from` back to `to`.
    CommitWentBack {
        /// The server.
        node: NodeId,
        /// Its commit index before.
        from: Index,
        /// Its commit index after.
        to: Index,
    },
    /// State Machine Safety, with log compaction (§7): `node` took a snapshot up to `index`,
    /// past its commit index `commit_index`, so it applied entries that were not committed.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    SnapshotUncommitted {
        /// The server.
        node: NodeId,
        /// The snapshot's last included index.
        index: Index,
        /// Its commit index then.
        commit_index: Index,
    },
    /// State Machine Safety: `node` and `other` both applied every entry up to `index`, yet
    /// their state machines differ there.
    AppliedStateDiffers {
        /// The server seen second.
        node: NodeId,
        /// The server seen first.
        other: NodeId,
        /// The applied index.
        index: Index,
    },
    /// Election Safety under changing configurations (dissertation §4.1): `leader` won
    /// `term` with the votes of only `votes` members of its configuration, which needs
    /// `needed`.
    ElectedWithoutMajority {
        /// The leader.
        leader: NodeId,
        /// Its term.
        term: Term,
        /// Members of its configuration that voted for it.
        votes: u32,
        /// A majority of that configuration.
        needed: u32,
    },
    /// State Machine Safety under changing configurations (§4.1): `leader` committed `index`
    /// held by only `holders` members of its configuration, which needs `needed`.
    CommittedWithoutMajority {
        /// The leader.
        leader: NodeId,
        /// The index it committed.
        index: Index,
        /// Members of its configuration holding that entry.
        holders: u32,
        /// A majority of that configuration.
        needed: u32,
    },
}

/// What the run did that safe Raft never does, seen by the checker before the violation:
/// the broken rule that allowed it. Each names one unsafe switch ([`Cause::switch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum Cause {
    /// `voter` voted for `first` and then for `second` in `term`: it forgot its vote on a
    /// restart (Figure 2: votedFor is persistent state).
    VotedTwice {
        /// The server that voted twice.
        voter: NodeId,
        /// The term.
        term: Term,
        /// Its first vote.
        first: NodeId,
        /// Its second vote.
        second: NodeId,
    },
    /// `voter` voted for `candidate` in `term` although its own log was more up-to-date
    /// (the election restriction, §5.4.1, was off).
    VotedForStaleLog {
        /// The voter.
        voter: NodeId,
        /// The candidate it voted for.
        candidate: NodeId,
        /// The term.
        term: Term,
    },
    /// `leader` of `term` committed `index`, an entry of the earlier `entry_term`, by
    /// counting its replicas (§5.4.2 forbids it; Figure 8 shows why).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    CountedOldTerm {
        /// The leader.
        leader: NodeId,
        /// Its term.
        term: Term,
        /// The index it committed.
        index: Index,
        /// The term of the entry there.
        entry_term: Term,
    },
    /// `node` snapshotted up to `index` past its commit index `commit_index` (§7: snapshots
    /// cover committed entries only).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    SnapshotPastCommit {
        /// The server.
        node: NodeId,
        /// The snapshot's last included index.
        index: Index,
        /// Its commit index then.
        commit_index: Index,
    },
    /// `voter` voted for `candidate`, which campaigned in `term` on a leader's TimeoutNow,
    /// although its own log was more up-to-date: it trusted a transfer candidate's log
    /// (dissertation §3.10 keeps the log check of §5.4.1 for transfers).
    TrustedTransferCandidate {
        /// The voter.
        voter: NodeId,
        /// The transfer candidate it voted for.
        candidate: NodeId,
        /// The term.
        term: Term,
    },
    /// `leader` of `term` appended the configuration entry at `index` before committing an
    /// entry of its own term (the 2015 fix to single-server changes, dissertation §4.2).
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    EarlyChange {
        /// The leader.
        leader: NodeId,
        /// Its term.
        term: Term,
        /// The configuration entry's index.
        index: Index,
    },
}

impl Cause {
    /// The unsafe switch that allows this.
    pub fn switch(&self) -> UnsafeSwitch {
        match self {
            Cause::VotedTwice { .. } => UnsafeSwitch::ForgetVoteOnRestart,
            Cause::VotedForStaleLog { .. } => UnsafeSwitch::NoElectionRestriction,
            Cause::CountedOldTerm { .. } => UnsafeSwitch::CommitPreviousTerms,
            Cause::SnapshotPastCommit { .. } => UnsafeSwitch::SnapshotPastCommit,
            Cause::TrustedTransferCandidate { .. } => UnsafeSwitch::TrustTransferTarget,
            Cause::EarlyChange { .. } => UnsafeSwitch::ChangeBeforeOwnTermCommit,
        }
    }
}

/// The first violation found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Violation {
    /// Which property.
    pub property: Property,
    /// Position of the offending record in the trace.
    pub position: u64,
    /// Virtual time.
    pub at: Time,
    /// What exactly broke.
    pub breach: Breach,
    /// The broken rule that allowed it, when the checker saw one.
    pub cause: Option<Cause>,
}

impl Property {
    /// The property's name as written in this enum ("ElectionSafety").
    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "ElectionSafety",
            Property::LeaderAppendOnly => "LeaderAppendOnly",
            Property::LogMatching => "LogMatching",
            Property::LeaderCompleteness => "LeaderCompleteness",
            Property::StateMachineSafety => "StateMachineSafety",
            Property::MonotonicTerm => "MonotonicTerm",
            Property::MonotonicCommit => "MonotonicCommit",
        }
    }

    /// Every property, in the order of Figure 3 and then the per-node rules.
    pub const ALL: [Property; 7] = [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
        Property::LeaderCompleteness,
        Property::StateMachineSafety,
        Property::MonotonicTerm,
        Property::MonotonicCommit,
    ];
}

impl Breach {
    /// The property this breaks.
    pub fn property(&self) -> Property {
        match self {
            Breach::TwoLeaders { .. } | Breach::ElectedWithoutMajority { .. } => {
                Property::ElectionSafety
            }
            Breach::LeaderDeleted { .. } => Property::LeaderAppendOnly,
            Breach::LogsDiverge { .. } => Property::LogMatching,
            Breach::LeaderMissingEntry { .. } => Property::LeaderCompleteness,
            Breach::DifferentCommit { .. }
            | Breach::CommittedDeleted { .. }
            | Breach::CommittedBeyondLog { .. }
            | Breach::SnapshotUncommitted { .. }
            | Breach::AppliedStateDiffers { .. }
            | Breach::CommittedWithoutMajority { .. } => Property::StateMachineSafety,
            Breach::TermWentBack { .. } => Property::MonotonicTerm,
            Breach::CommitWentBack { .. } => Property::MonotonicCommit,
        }
    }
}

impl Violation {
    /// The servers involved, the one at fault first, each once: the breach's, then the cause's.
    pub fn nodes(&self) -> Vec<NodeId> {
        let mut nodes = Vec::with_capacity(4);
        let mut add = |n: NodeId| {
            if !nodes.contains(&n) {
                nodes.push(n);
            }
        };
        match self.breach {
            Breach::TwoLeaders { first, second, .. } => {
                add(second);
                add(first);
            }
            Breach::LeaderDeleted { leader: n, .. }
            | Breach::CommittedDeleted { node: n, .. }
            | Breach::CommittedBeyondLog { node: n, .. }
            | Breach::SnapshotUncommitted { node: n, .. }
            | Breach::TermWentBack { node: n, .. }
            | Breach::CommitWentBack { node: n, .. }
            | Breach::ElectedWithoutMajority { leader: n, .. }
            | Breach::CommittedWithoutMajority { leader: n, .. } => add(n),
            Breach::LogsDiverge { node, other, .. }
            | Breach::DifferentCommit { node, other, .. }
            | Breach::AppliedStateDiffers { node, other, .. } => {
                add(node);
                add(other);
            }
            Breach::LeaderMissingEntry {
                leader,
                committed_by,
                ..
            } => {
                add(leader);
                add(committed_by);
            }
        }
        match self.cause {
            Some(Cause::VotedTwice { voter, .. })
            | Some(Cause::VotedForStaleLog { voter, .. })
            | Some(Cause::TrustedTransferCandidate { voter, .. }) => add(voter),
            Some(Cause::CountedOldTerm { leader, .. })
            | Some(Cause::EarlyChange { leader, .. }) => add(leader),
            Some(Cause::SnapshotPastCommit { node, .. }) => add(node),
            None => {}
        }
        nodes
    }

    /// The log entries involved, as the servers held them when it broke.
    pub fn entries(&self) -> Vec<EntryAt> {
        let at = |node, index, term| EntryAt { node, index, term };
        match self.breach {
            Breach::LogsDiverge {
                node,
                other,
                index,
                term,
            } => vec![at(other, index, term), at(node, index, term)],
            Breach::LeaderMissingEntry {
                leader,
                index,
                entry_term,
                committed_by,
                found,
                ..
            } => {
                let mut list = vec![at(committed_by, index, entry_term)];
                list.extend(found.map(|t| at(leader, index, t)));
                list
            }
            Breach::DifferentCommit {
                node,
                other,
                index,
                term,
                other_term,
            } => vec![at(other, index, other_term), at(node, index, term)],
            _ => Vec::new(),
        }
    }

    /// The violation for people: which property, where, when and what exactly. The same text
    /// as `Display`. For Rust tests and debugging: the page phrases violations itself.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Breach::TwoLeaders {
                term,
                first,
                second,
            } => write!(f, "{} and {} both leaders of term {term}", Name(first), Name(second)),
            Breach::LeaderDeleted {
                leader,
                from,
                count,
            } => write!(
                f,
                "leader {} deleted {count} entries from index {from}",
                Name(leader)
            ),
            Breach::LogsDiverge {
                node,
                other,
                index,
                term,
            } => write!(
                f,
                "{} holds an entry of term {term} at index {index} whose preceding entries differ from {}'s",
                Name(node),
                Name(other)
            ),
            Breach::LeaderMissingEntry {
                leader,
                term,
                index,
                ..
            } => write!(
                f,
                "{} became leader of term {term} without committed entry {index}",
                Name(leader)
            ),
            Breach::DifferentCommit {
                node, other, index, ..
            } => write!(
                f,
                "{} committed a different entry at index {index} than {} did",
                Name(node),
                Name(other)
            ),
            Breach::CommittedDeleted {
                node,
                index,
                commit_index,
            } => write!(
                f,
                "{} deleted entry {index}, which it had committed (commit index {commit_index})",
                Name(node)
            ),
            Breach::CommittedBeyondLog { node, index } => {
                write!(f, "{} committed index {index} beyond its log", Name(node))
            }
            Breach::TermWentBack { node, from, to } => {
                write!(f, "{} term went from {from} to {to}", Name(node))
            }
            Breach::CommitWentBack { node, from, to } => {
                write!(f, "{} commit index went back from {from} to {to}", Name(node))
            }
            Breach::SnapshotUncommitted {
                node,
                index,
                commit_index,
            } => write!(
                f,
                "{} snapshotted up to index {index}, past its commit index {commit_index}",
                Name(node)
            ),
            Breach::AppliedStateDiffers { node, other, index } => write!(
                f,
                "{} and {} applied up to index {index} but their state machines differ",
                Name(node),
                Name(other)
            ),
            Breach::ElectedWithoutMajority {
                leader,
                term,
                votes,
                needed,
            } => write!(
                f,
                "{} became leader of term {term} with {votes} votes of its configuration, which needs {needed}",
                Name(leader)
            ),
            Breach::CommittedWithoutMajority {
                leader,
                index,
                holders,
                needed,
            } => write!(
                f,
                "{} committed index {index} held by {holders} servers of its configuration, which needs {needed}",
                Name(leader)
            ),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Cause::VotedTwice {
                voter,
                term,
                first,
                second,
            } => write!(
                f,
                "{} voted for {} and then {} in term {term}",
                Name(voter),
                Name(first),
                Name(second)
            ),
            Cause::VotedForStaleLog {
                voter,
                candidate,
                term,
            } => write!(
                f,
                "{} voted for {} in term {term} although its own log was more up-to-date",
                Name(voter),
                Name(candidate)
            ),
            Cause::CountedOldTerm {
                leader,
                term,
                index,
                entry_term,
            } => write!(
                f,
                "{} (term {term}) committed index {index} of term {entry_term} by counting replicas",
                Name(leader)
            ),
            Cause::SnapshotPastCommit {
                node,
                index,
                commit_index,
            } => write!(
                f,
                "{} snapshotted up to index {index} with commit index {commit_index}",
                Name(node)
            ),
            Cause::TrustedTransferCandidate {
                voter,
                candidate,
                term,
            } => write!(
                f,
                "{} voted for transfer candidate {} in term {term} although its own log was more up-to-date",
                Name(voter),
                Name(candidate)
            ),
            Cause::EarlyChange {
                leader,
                term,
                index,
            } => write!(
                f,
                "{} (term {term}) appended configuration entry {index} before committing an entry of its term",
                Name(leader)
            ),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violated at trace position {} (t = {} µs): {}",
            self.property.name(),
            self.position,
            self.at,
            self.breach
        )?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause})")?;
        }
        Ok(())
    }
}

/// What the checker needs to see of a node after one of its events.
pub struct NodeView<'a> {
    /// The node.
    pub id: NodeId,
    /// Its role now.
    pub role: Role,
    /// Its term now.
    pub term: Term,
    /// Its log now.
    pub log: &'a Log,
    /// Its commit index now.
    pub commit_index: Index,
    /// The last index it applied to its state machine (lastApplied).
    pub last_applied: Index,
    /// Its state machine's digest ([`crate::StateMachine::digest`]) as of `last_applied`.
    pub applied_digest: u64,
    /// Its configuration in force, when the observer knows configurations: then leaders are
    /// checked to be elected, and to commit, by majorities of it (dissertation §4.1).
    pub members: Option<Membership>,
}

#[derive(Clone, Copy, Debug)]
struct Committed {
    prefix: u64,
    /// The term of the server that committed it first, and that server.
    term: Term,
    node: NodeId,
    /// The entry's own term.
    entry_term: Term,
    /// Committed by a leader counting replicas of an entry from an earlier term.
    counted: bool,
}

/// A server's latest vote: the term and the candidate.
#[derive(Clone, Copy, Debug)]
struct Vote {
    term: Term,
    candidate: NodeId,
}

/// Causes kept per kind: enough to explain the violation that follows, bounded however long
/// an unsafe run goes on.
const MAX_CAUSES: usize = 16;

/// The incremental checker.
#[derive(Clone, Debug)]
pub struct Checker {
    /// Election Safety: the leader of each term, sorted by term.
    leaders: Vec<(Term, NodeId)>,
    /// Per node: prefix hash of each entry, index 1 at position 0. The per-entry tables are
    /// chunked so that a checkpoint's copy of the checker shares all but their newest part.
    prefixes: Vec<Chunked<u64>>,
    /// Per node: the term of its last entry (0 for an empty log).
    last_terms: Vec<Term>,
    /// Log Matching: the prefix hash first seen for each (index, term), and the server it was
    /// seen on, sorted by key. New keys almost always land at the end, so a sorted Vec costs
    /// what a map would.
    seen: Chunked<((Index, Term), u64, NodeId)>,
    /// Committed entries by index (from 1).
    committed: Chunked<Committed>,
    /// Per node: last term and commit index observed.
    terms: Vec<Term>,
    commits: Vec<Index>,
    /// Per node: its latest vote (a candidate's for itself included).
    votes: Vec<Option<Vote>>,
    /// Rules seen broken, latest last: votes cast twice in a term, votes for stale logs,
    /// configuration changes before an entry of the leader's term committed.
    double_votes: Vec<Cause>,
    stale_votes: Vec<Cause>,
    /// Snapshots seen past a commit index (the unsafe switch of §7).
    past_commit: Vec<Cause>,
    /// The state machine's digest first seen at each applied index (from 1), and the server
    /// it was seen on; a digest of 0 marks an index nobody was seen at yet.
    applied: Chunked<(u64, NodeId)>,
    /// The campaigns started by a leader's TimeoutNow (§3.10), as (term, candidate): a stale
    /// vote for one of them is blamed on trusting the transfer, not on the election restriction.
    transfer_campaigns: Vec<(Term, NodeId)>,
    early_changes: Vec<Cause>,
    /// Per candidate: the votes of its latest candidacy, as (term, voters as a bit set). A
    /// server can only win the term it campaigns in now, so older candidacies need no keeping;
    /// a winner's votes are counted against its configuration.
    ballots: Vec<(Term, u16)>,
    violation: Option<Violation>,
    /// Checks run (for benchmarks and to show the checker is alive).
    pub checks: u64,
}

fn keep_latest<T>(list: &mut Vec<T>, cause: T) {
    if list.len() == MAX_CAUSES {
        list.remove(0);
    }
    list.push(cause);
}

impl Checker {
    /// A rough count of the bytes held besides the per-entry tables (which grow with the
    /// logs): the leader of every term, which grows with the terms.
    pub fn approx_term_bytes(&self) -> usize {
        self.leaders.capacity() * core::mem::size_of::<(Term, NodeId)>()
    }

    /// The bytes its tables hold on the heap, counted from their capacities: the per-entry
    /// tables (a prefix hash per entry per server, and per index what was committed, applied
    /// and first seen) grow with the logs and outweigh the logs themselves, so a checkpoint's
    /// budget that left them out was not honest.
    pub fn heap_bytes(&self) -> usize {
        self.heap_bytes_beyond(None)
    }

    /// The bytes its tables hold on the heap that `before` (an earlier copy of this checker,
    /// if any) does not share with it: what one more checkpoint's copy costs.
    pub fn heap_bytes_beyond(&self, before: Option<&Checker>) -> usize {
        fn bytes<T>(list: &Vec<T>) -> usize {
            list.capacity() * core::mem::size_of::<T>()
        }
        fn beyond<T>(list: &Chunked<T>, before: Option<&Chunked<T>>) -> usize {
            before.map_or(list.heap_bytes(), |b| list.heap_bytes_beyond(b))
        }
        let prefixes: usize = self
            .prefixes
            .iter()
            .enumerate()
            .map(|(id, p)| beyond(p, before.and_then(|b| b.prefixes.get(id))))
            .sum();
        bytes(&self.leaders)
            + bytes(&self.prefixes)
            + prefixes
            + bytes(&self.last_terms)
            + beyond(&self.seen, before.map(|b| &b.seen))
            + beyond(&self.committed, before.map(|b| &b.committed))
            + bytes(&self.terms)
            + bytes(&self.commits)
            + bytes(&self.votes)
            + bytes(&self.double_votes)
            + bytes(&self.stale_votes)
            + bytes(&self.past_commit)
            + beyond(&self.applied, before.map(|b| &b.applied))
            + bytes(&self.transfer_campaigns)
            + bytes(&self.early_changes)
            + bytes(&self.ballots)
    }

    /// A checker for `n` nodes that start from `logs` (empty logs when starting cold).
    pub fn new(logs: &[&Log], terms: &[Term]) -> Self {
        let mut c = Checker {
            leaders: Vec::new(),
            prefixes: vec![Chunked::new(); logs.len()],
            last_terms: logs.iter().map(|l| l.last_term()).collect(),
            seen: Chunked::new(),
            committed: Chunked::new(),
            terms: terms.to_vec(),
            commits: vec![0; logs.len()],
            votes: vec![None; logs.len()],
            double_votes: Vec::new(),
            stale_votes: Vec::new(),
            past_commit: Vec::new(),
            applied: Chunked::new(),
            transfer_campaigns: Vec::new(),
            early_changes: Vec::new(),
            ballots: vec![(0, 0); logs.len()],
            violation: None,
            checks: 0,
        };
        for (id, log) in logs.iter().enumerate() {
            c.rehash_from(id, log, 1, 0, 0);
        }
        c
    }

    /// The first violation, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref()
    }

    /// A server was added to the run with an empty log (dissertation §4.2).
    pub fn add_node(&mut self) {
        self.prefixes.push(Chunked::new());
        self.last_terms.push(0);
        self.terms.push(0);
        self.commits.push(0);
        self.votes.push(None);
        self.ballots.push((0, 0));
    }

    /// A node restarted: its commit index starts again from 0.
    pub fn restarted(&mut self, node: NodeId) {
        self.commits[node as usize] = 0;
    }

    /// Checks what `event` changed at `node`; `position` and `at` locate it in the trace.
    pub fn observe(&mut self, position: u64, at: Time, node: &NodeView<'_>, event: &Event) {
        self.checks += 1;
        let id = node.id as usize;
        match *event {
            Event::RoleChanged {
                role: Role::Leader,
                term,
                ..
            } => {
                let slot = self.leaders.binary_search_by_key(&term, |(t, _)| *t);
                if let Ok(i) = slot {
                    let first = self.leaders[i].1;
                    if first != node.id {
                        let breach = Breach::TwoLeaders {
                            term,
                            first,
                            second: node.id,
                        };
                        self.fail(position, at, breach);
                    }
                }
                if let Err(i) = slot {
                    self.leaders.insert(i, (term, node.id));
                }
                self.check_elected_by_majority(position, at, node, term);
                self.check_leader_completeness(position, at, node, term);
            }
            // A leader appends configurations only; one it appends before its own term has an
            // entry committed breaks the 2015 rule.
            Event::ConfigurationChanged { index, .. }
                if node.role == Role::Leader
                    && node.log.term_at(node.commit_index) != Some(node.term) =>
            {
                let cause = Cause::EarlyChange {
                    leader: node.id,
                    term: node.term,
                    index,
                };
                keep_latest(&mut self.early_changes, cause);
            }
            Event::RoleChanged {
                role: Role::Candidate,
                term,
                reason,
            } => {
                if reason == RoleReason::TimeoutNow {
                    keep_latest(&mut self.transfer_campaigns, (term, node.id));
                }
                self.voted(node, node.id, term)
            }
            Event::VoteGranted {
                to,
                term,
                pre_vote: false,
            } => self.voted(node, to, term),
            Event::TermChanged { from, to } => {
                if to < from || to < self.terms[id] {
                    let breach = Breach::TermWentBack {
                        node: node.id,
                        from: self.terms[id],
                        to,
                    };
                    self.fail(position, at, breach);
                }
                self.terms[id] = to;
            }
            Event::Truncated { from, count } => {
                if node.role == Role::Leader {
                    let breach = Breach::LeaderDeleted {
                        leader: node.id,
                        from,
                        count,
                    };
                    self.fail(position, at, breach);
                }
                if from <= self.commits[id] {
                    let breach = Breach::CommittedDeleted {
                        node: node.id,
                        index: from,
                        commit_index: self.commits[id],
                    };
                    self.fail(position, at, breach);
                }
                self.prefixes[id].truncate((from - 1) as usize);
                self.last_terms[id] = node.log.last_term();
            }
            Event::Appended { from, .. } => {
                self.rehash_from(id, node.log, from, position, at);
            }
            Event::CommitAdvanced { from, to } => {
                if to < from || from < self.commits[id] {
                    let breach = Breach::CommitWentBack {
                        node: node.id,
                        from: self.commits[id].max(from),
                        to,
                    };
                    self.fail(position, at, breach);
                }
                self.check_commits(position, at, node, from, to);
                if node.role == Role::Leader {
                    self.check_committed_by_majority(position, at, node, to);
                }
                self.commits[id] = to;
                self.check_applied(position, at, node);
            }
            Event::SnapshotTaken {
                index,
                commit_index,
                ..
            } => {
                if index > commit_index {
                    let cause = Cause::SnapshotPastCommit {
                        node: node.id,
                        index,
                        commit_index,
                    };
                    keep_latest(&mut self.past_commit, cause);
                    let breach = Breach::SnapshotUncommitted {
                        node: node.id,
                        index,
                        commit_index,
                    };
                    self.fail(position, at, breach);
                }
                self.check_applied(position, at, node);
            }
            Event::SnapshotInstalled { leader, index, .. } => {
                self.installed(position, at, node, leader, index);
                self.check_applied(position, at, node);
            }
            Event::SnapshotRestored { index, .. } => {
                self.commits[id] = index;
                self.check_applied(position, at, node);
            }
            _ => {}
        }
    }

    /// `node` installed `leader`'s snapshot up to `index` (Figure 13): its log up to there is
    /// now the snapshot's, which covers committed entries only, so the checker's summary of
    /// it is the committed prefix (or, when a snapshot reached past the commit index, the
    /// leader's log as the checker knew it); the entries it kept after the snapshot follow.
    fn installed(
        &mut self,
        position: u64,
        at: Time,
        node: &NodeView<'_>,
        leader: NodeId,
        index: Index,
    ) {
        let id = node.id as usize;
        let upto = index as usize;
        let prefix: Chunked<u64> = if self.committed.len() >= upto {
            self.committed.iter().take(upto).map(|c| c.prefix).collect()
        } else {
            // The leader's table up to there, sharing its chunks.
            let mut from_leader = self.prefixes[leader as usize].clone();
            from_leader.truncate(upto);
            from_leader
        };
        self.prefixes[id] = prefix;
        self.rehash_from(id, node.log, index + 1, position, at);
    }

    /// State Machine Safety for the state machines themselves: every server that applied up
    /// to an index holds the same state there.
    fn check_applied(&mut self, position: u64, at: Time, node: &NodeView<'_>) {
        let index = node.last_applied;
        if index == 0 {
            return;
        }
        let slot = (index - 1) as usize;
        if self.applied.len() <= slot {
            self.applied.resize(slot + 1, (0, 0));
        }
        match self.applied.get(slot).copied().unwrap_or((0, 0)) {
            (0, _) => {
                self.applied.set(slot, (node.applied_digest, node.id));
            }
            (digest, other) if digest != node.applied_digest => {
                let breach = Breach::AppliedStateDiffers {
                    node: node.id,
                    other,
                    index,
                };
                self.fail(position, at, breach);
            }
            _ => {}
        }
    }

    /// `node` cast its vote of `term` for `candidate` (itself, as a candidate): notes a second
    /// vote in one term, and a vote for a log less up-to-date than the voter's (§5.4.1).
    fn voted(&mut self, node: &NodeView<'_>, candidate: NodeId, term: Term) {
        let id = node.id as usize;
        let Some(&candidate_last_term) = self.last_terms.get(candidate as usize) else {
            return;
        };
        let candidate_last_index = self.prefixes[candidate as usize].len() as Index;
        if let Some(previous) = self.votes[id] {
            if previous.term == term && previous.candidate != candidate {
                let cause = Cause::VotedTwice {
                    voter: node.id,
                    term,
                    first: previous.candidate,
                    second: candidate,
                };
                keep_latest(&mut self.double_votes, cause);
            }
        }
        if !node
            .log
            .is_up_to_date(candidate_last_term, candidate_last_index)
        {
            let by_transfer = self.transfer_campaigns.contains(&(term, candidate));
            let cause = if by_transfer {
                Cause::TrustedTransferCandidate {
                    voter: node.id,
                    candidate,
                    term,
                }
            } else {
                Cause::VotedForStaleLog {
                    voter: node.id,
                    candidate,
                    term,
                }
            };
            keep_latest(&mut self.stale_votes, cause);
        }
        self.votes[id] = Some(Vote { term, candidate });
        let bit = 1u16.checked_shl(u32::from(node.id)).unwrap_or(0);
        if let Some(ballot) = self.ballots.get_mut(candidate as usize) {
            if term > ballot.0 {
                *ballot = (term, bit);
            } else if term == ballot.0 {
                ballot.1 |= bit;
            }
        }
    }

    /// §4.1: a leader is elected by a majority of its configuration in force.
    fn check_elected_by_majority(
        &mut self,
        position: u64,
        at: Time,
        node: &NodeView<'_>,
        term: Term,
    ) {
        let Some(members) = node.members else {
            return;
        };
        let voters = match self.ballots.get(node.id as usize) {
            Some(&(t, voters)) if t == term => voters,
            _ => 0,
        };
        if !members.is_quorum(voters) {
            let breach = Breach::ElectedWithoutMajority {
                leader: node.id,
                term,
                votes: (voters & members.bits()).count_ones(),
                needed: members.majority(),
            };
            self.fail(position, at, breach);
        }
    }

    /// §4.1: what a leader commits is held by a majority of its configuration in force.
    fn check_committed_by_majority(
        &mut self,
        position: u64,
        at: Time,
        node: &NodeView<'_>,
        index: Index,
    ) {
        let Some(members) = node.members else {
            return;
        };
        let Some(&prefix) = self.prefixes[node.id as usize].get((index as usize).wrapping_sub(1))
        else {
            return;
        };
        let holders = members
            .iter()
            .filter(|&m| {
                self.prefixes
                    .get(m as usize)
                    .and_then(|p| p.get(index as usize - 1))
                    == Some(&prefix)
            })
            .fold(0u16, |set, m| set | 1 << m);
        if !members.is_quorum(holders) {
            let breach = Breach::CommittedWithoutMajority {
                leader: node.id,
                index,
                holders: holders.count_ones(),
                needed: members.majority(),
            };
            self.fail(position, at, breach);
        }
    }

    fn rehash_from(&mut self, id: usize, log: &Log, from: Index, position: u64, at: Time) {
        self.last_terms[id] = log.last_term();
        let prefixes = &mut self.prefixes[id];
        prefixes.truncate((from.max(1) - 1) as usize);
        let mut diverged = None;
        for index in from.max(1)..=log.last_index() {
            let Some(entry) = log.entry(index) else { break };
            let before = prefixes.last().copied().unwrap_or(0);
            let h = fnv_mix(before, entry);
            prefixes.push(h);
            let key = (index, entry.term);
            match self.seen.binary_search_by_key(&key, |(k, _, _)| *k) {
                Ok(i) if self.seen.get(i).is_some_and(|s| s.1 != h) => {
                    diverged.get_or_insert(Breach::LogsDiverge {
                        node: id as NodeId,
                        other: self.seen.get(i).map_or(0, |s| s.2),
                        index,
                        term: entry.term,
                    });
                }
                Ok(_) => {}
                Err(i) => self.seen.insert(i, (key, h, id as NodeId)),
            }
        }
        if let Some(breach) = diverged {
            self.fail(position, at, breach);
        }
    }

    fn check_commits(
        &mut self,
        position: u64,
        at: Time,
        node: &NodeView<'_>,
        from: Index,
        to: Index,
    ) {
        let id = node.id as usize;
        // Safe Raft's leader only ever moves its commit index onto an entry of its own term
        // (§5.4.2); landing on an older one means it counted replicas of that entry.
        let counted = node.role == Role::Leader && node.log.term_at(to) < Some(node.term);
        for index in from + 1..=to {
            let Some(&prefix) = self.prefixes[id].get((index - 1) as usize) else {
                let breach = Breach::CommittedBeyondLog {
                    node: node.id,
                    index,
                };
                self.fail(position, at, breach);
                return;
            };
            let entry_term = node.log.term_at(index).unwrap_or(0);
            match self.committed.get((index - 1) as usize) {
                Some(c) if c.prefix != prefix => {
                    let breach = Breach::DifferentCommit {
                        node: node.id,
                        other: c.node,
                        index,
                        term: entry_term,
                        other_term: c.entry_term,
                    };
                    self.fail(position, at, breach);
                    return;
                }
                Some(_) => {}
                None => self.committed.push(Committed {
                    prefix,
                    term: node.term,
                    node: node.id,
                    entry_term,
                    counted,
                }),
            }
        }
    }

    fn check_leader_completeness(
        &mut self,
        position: u64,
        at: Time,
        node: &NodeView<'_>,
        term: Term,
    ) {
        // The highest entry committed in an earlier term must be in the new leader's log;
        // prefix hashes make that one comparison for all entries up to it.
        let Some(highest) = self.committed.rposition(|c| c.term < term) else {
            return;
        };
        let prefixes = &self.prefixes[node.id as usize];
        let committed_prefix = |i: usize| self.committed.get(i).map(|c| c.prefix);
        if prefixes.get(highest).copied() == committed_prefix(highest) {
            return;
        }
        // Only now, once: the first committed entry the leader lacks.
        let first = (0..=highest)
            .find(|&i| prefixes.get(i).copied() != committed_prefix(i))
            .unwrap_or(highest);
        let Some(&c) = self.committed.get(first) else {
            return;
        };
        let index = first as Index + 1;
        let breach = Breach::LeaderMissingEntry {
            leader: node.id,
            term,
            index,
            entry_term: c.entry_term,
            committed_by: c.node,
            committed_in: c.term,
            found: node.log.term_at(index),
        };
        self.fail(position, at, breach);
    }

    /// The rule seen broken that best explains `breach`: the one about the very term, leader
    /// or entry involved, else the latest seen at all.
    fn cause_of(&self, breach: &Breach) -> Option<Cause> {
        let counted_at = |index: Index| {
            let c = self.committed.get((index as usize).checked_sub(1)?)?;
            c.counted.then_some(Cause::CountedOldTerm {
                leader: c.node,
                term: c.term,
                index,
                entry_term: c.entry_term,
            })
        };
        let double_in = |t: Term| {
            self.double_votes
                .iter()
                .rev()
                .find(|c| matches!(c, Cause::VotedTwice { term, .. } if *term == t))
                .copied()
        };
        let stale_for = |leader: NodeId, t: Term| {
            self.stale_votes
                .iter()
                .rev()
                .find(|c| matches!(c, Cause::VotedForStaleLog { candidate, term, .. } | Cause::TrustedTransferCandidate { candidate, term, .. } if *candidate == leader && *term == t))
                .copied()
        };
        let specific = match *breach {
            Breach::TwoLeaders { term, .. } => double_in(term),
            Breach::LeaderMissingEntry {
                leader,
                term,
                index,
                ..
            } => counted_at(index)
                .or_else(|| stale_for(leader, term))
                .or_else(|| double_in(term)),
            Breach::DifferentCommit { index, .. } | Breach::CommittedDeleted { index, .. } => {
                counted_at(index)
            }
            Breach::SnapshotUncommitted { .. } | Breach::AppliedStateDiffers { .. } => {
                self.past_commit.last().copied()
            }
            _ => None,
        };
        specific.or_else(|| {
            let counted = self.committed.rposition(|c| c.counted);
            counted
                .and_then(|i| counted_at(i as Index + 1))
                .or_else(|| self.early_changes.last().copied())
                .or_else(|| self.stale_votes.last().copied())
                .or_else(|| self.double_votes.last().copied())
                .or_else(|| self.past_commit.last().copied())
        })
    }

    fn fail(&mut self, position: u64, at: Time, breach: Breach) {
        if self.violation.is_none() {
            self.violation = Some(Violation {
                property: breach.property(),
                position,
                at,
                breach,
                cause: self.cause_of(&breach),
            });
        }
    }
}
