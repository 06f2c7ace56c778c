//! The safety properties of the Raft paper (Figure 3), checked incrementally as a run goes:
//! Election Safety, Leader Append-Only, Log Matching, Leader Completeness and State Machine
//! Safety, plus "terms never decrease" and "a commit index never decreases" for each node.
//!
//! The checker follows node events. Logs are summarised by prefix hashes (the hash of entry i
//! covers entries 1..=i), so "these two logs agree up to i" is one comparison, and the work per
//! event stays proportional to what the event changed.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::event::Event;
use crate::log::Log;
use crate::state::Role;
use crate::trace::fnv_mix;
use crate::types::{Index, Name, NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A property of Figure 3, or one of the per-node monotonicity rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// The first violation found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Violation {
    /// Which property.
    pub property: Property,
    /// Position of the offending record in the trace.
    pub position: u64,
    /// Virtual time.
    pub at: Time,
    /// What exactly.
    pub detail: String,
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
}

impl Violation {
    /// The violation for people: which property, where, when and what exactly. The same text
    /// as `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
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
            self.detail
        )
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
}

#[derive(Clone, Copy, Debug)]
struct Committed {
    prefix: u64,
    term: Term,
}

/// The incremental checker.
#[derive(Clone, Debug)]
pub struct Checker {
    /// Election Safety: the leader of each term, sorted by term.
    leaders: Vec<(Term, NodeId)>,
    /// Per node: prefix hash of each entry, index 1 at position 0.
    prefixes: Vec<Vec<u64>>,
    /// Log Matching: the prefix hash first seen for each (index, term), sorted by key. New
    /// keys almost always land at the end, so a sorted Vec costs what a map would.
    seen: Vec<((Index, Term), u64)>,
    /// Committed entries by index (from 1): their prefix hash and the term they were first
    /// known committed in.
    committed: Vec<Committed>,
    /// Per node: last term and commit index observed.
    terms: Vec<Term>,
    commits: Vec<Index>,
    violation: Option<Violation>,
    /// Checks run (for benchmarks and to show the checker is alive).
    pub checks: u64,
}

impl Checker {
    /// A rough count of the bytes held besides the per-entry tables (which grow with the
    /// logs): the leader of every term, which grows with the terms.
    pub fn approx_term_bytes(&self) -> usize {
        self.leaders.capacity() * core::mem::size_of::<(Term, NodeId)>()
    }

    /// A checker for `n` nodes that start from `logs` (empty logs when starting cold).
    pub fn new(logs: &[&Log], terms: &[Term]) -> Self {
        let mut c = Checker {
            leaders: Vec::new(),
            prefixes: vec![Vec::new(); logs.len()],
            seen: Vec::new(),
            committed: Vec::new(),
            terms: terms.to_vec(),
            commits: vec![0; logs.len()],
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
                    let other = self.leaders[i].1;
                    if other != node.id {
                        self.fail(
                            Property::ElectionSafety,
                            position,
                            at,
                            format!(
                                "{} and {} both leaders of term {term}",
                                Name(other),
                                Name(node.id)
                            ),
                        );
                    }
                }
                if let Err(i) = slot {
                    self.leaders.insert(i, (term, node.id));
                }
                self.check_leader_completeness(position, at, node, term);
            }
            Event::TermChanged { from, to } => {
                if to < from || to < self.terms[id] {
                    self.fail(
                        Property::MonotonicTerm,
                        position,
                        at,
                        format!(
                            "{} term went from {} to {to}",
                            Name(node.id),
                            self.terms[id]
                        ),
                    );
                }
                self.terms[id] = to;
            }
            Event::Truncated { from, count } => {
                if node.role == Role::Leader {
                    self.fail(
                        Property::LeaderAppendOnly,
                        position,
                        at,
                        format!(
                            "leader {} deleted {count} entries from index {from}",
                            Name(node.id)
                        ),
                    );
                }
                if from <= self.commits[id] {
                    self.fail(
                        Property::StateMachineSafety,
                        position,
                        at,
                        format!(
                            "{} deleted entry {from}, which it had committed (commit index {})",
                            Name(node.id),
                            self.commits[id]
                        ),
                    );
                }
                self.prefixes[id].truncate((from - 1) as usize);
            }
            Event::Appended { from, .. } => {
                self.rehash_from(id, node.log, from, position, at);
            }
            Event::CommitAdvanced { from, to } => {
                if to < from || from < self.commits[id] {
                    self.fail(
                        Property::MonotonicCommit,
                        position,
                        at,
                        format!("{} commit index went back to {to}", Name(node.id)),
                    );
                }
                self.check_commits(position, at, node, from, to);
                self.commits[id] = to;
            }
            _ => {}
        }
    }

    fn rehash_from(&mut self, id: usize, log: &Log, from: Index, position: u64, at: Time) {
        let prefixes = &mut self.prefixes[id];
        prefixes.truncate((from.max(1) - 1) as usize);
        for index in from.max(1)..=log.last_index() {
            let Some(entry) = log.entry(index) else { break };
            let before = prefixes.last().copied().unwrap_or(0);
            let h = fnv_mix(before, entry);
            prefixes.push(h);
            let key = (index, entry.term);
            match self.seen.binary_search_by_key(&key, |(k, _)| *k) {
                Ok(i) if self.seen[i].1 != h => {
                    if self.violation.is_none() {
                        self.violation = Some(Violation {
                            property: Property::LogMatching,
                            position,
                            at,
                            detail: format!("{} holds an entry of term {} at index {index} whose preceding entries differ from another server's", Name(id as NodeId), entry.term),
                        });
                    }
                }
                Ok(_) => {}
                Err(i) => self.seen.insert(i, (key, h)),
            }
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
        for index in from + 1..=to {
            let Some(&prefix) = self.prefixes[id].get((index - 1) as usize) else {
                self.fail(
                    Property::StateMachineSafety,
                    position,
                    at,
                    format!("{} committed index {index} beyond its log", Name(node.id)),
                );
                return;
            };
            match self.committed.get((index - 1) as usize) {
                Some(c) if c.prefix != prefix => {
                    self.fail(
                        Property::StateMachineSafety,
                        position,
                        at,
                        format!("{} committed a different entry at index {index} than another server did", Name(node.id)),
                    );
                    return;
                }
                Some(_) => {}
                None => self.committed.push(Committed {
                    prefix,
                    term: node.term,
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
        let Some(index) = self.committed.iter().rposition(|c| c.term < term) else {
            return;
        };
        let expected = self.committed[index].prefix;
        let has = self.prefixes[node.id as usize].get(index) == Some(&expected);
        if !has {
            self.fail(
                Property::LeaderCompleteness,
                position,
                at,
                format!(
                    "{} became leader of term {term} without committed entry {}",
                    Name(node.id),
                    index + 1
                ),
            );
        }
    }

    fn fail(&mut self, property: Property, position: u64, at: Time, detail: String) {
        if self.violation.is_none() {
            self.violation = Some(Violation {
                property,
                position,
                at,
                detail,
            });
        }
    }
}
