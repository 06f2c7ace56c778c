//! The replicated log (§5.3): entries numbered from 1, each stamped with the term in which a
//! leader created it.

use alloc::vec::Vec;

use crate::membership::Membership;
use crate::types::{Index, Term};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// What an entry asks the state machine to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Command {
    /// The empty entry a new leader may append to commit earlier terms' entries (§8).
    Noop,
    /// A client's value.
    Value(u64),
    /// A configuration entry: the voting servers from this entry on (dissertation §4.1). It
    /// takes effect on a server as soon as the server appends it, committed or not.
    Config(Membership),
}

/// One log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Entry {
    /// The term of the leader that created the entry.
    pub term: Term,
    /// The command.
    pub command: Command,
}

impl Entry {
    /// Bytes this entry occupies on the wire, for the message-size accounting of the tests.
    pub const WIRE_BYTES: usize = 16;
}

/// A log: a sequence of entries, index 1 first.
///
/// Invariant: entry terms never decrease along the log (a leader only appends entries of its
/// own term, which is at least the term of anything it holds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Log {
    entries: Vec<Entry>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Log::default()
    }

    /// A log holding `entries`, index 1 first.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Log { entries }
    }

    /// The index of the last entry, 0 when empty.
    pub fn last_index(&self) -> Index {
        self.entries.len() as Index
    }

    /// The term of the last entry, 0 when empty.
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term of the entry at `index`; `Some(0)` for index 0, `None` past the end.
    pub fn term_at(&self, index: Index) -> Option<Term> {
        if index == 0 {
            return Some(0);
        }
        self.entry(index).map(|e| e.term)
    }

    /// The entry at `index` (1-based).
    pub fn entry(&self, index: Index) -> Option<&Entry> {
        if index == 0 {
            return None;
        }
        self.entries.get((index - 1) as usize)
    }

    /// Entries from `from` (1-based) on, at most `max` of them.
    pub fn slice(&self, from: Index, max: usize) -> &[Entry] {
        let start = (from.max(1) - 1) as usize;
        if start >= self.entries.len() {
            return &[];
        }
        let end = (start + max).min(self.entries.len());
        &self.entries[start..end]
    }

    /// All entries, index 1 first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Appends one entry and returns its index.
    pub fn push(&mut self, entry: Entry) -> Index {
        self.entries.push(entry);
        self.last_index()
    }

    /// Removes the entries from `index` on; returns how many were removed.
    pub fn truncate_from(&mut self, index: Index) -> usize {
        let keep = (index.max(1) - 1) as usize;
        let removed = self.entries.len().saturating_sub(keep);
        self.entries.truncate(keep);
        removed
    }

    /// The last configuration entry at or before `index`: its index and members, if any.
    pub fn last_config_at_or_before(&self, index: Index) -> Option<(Index, Membership)> {
        let end = (index as usize).min(self.entries.len());
        self.entries[..end]
            .iter()
            .rposition(|e| matches!(e.command, Command::Config(_)))
            .and_then(|i| match self.entries[i].command {
                Command::Config(members) => Some((i as Index + 1, members)),
                _ => None,
            })
    }

    /// The first index holding an entry of `term` at or before `index`, walking back over that
    /// term's run. Used by the follower to answer with a conflict term (§5.3, fast backtracking).
    pub fn first_index_of_term_run(&self, index: Index, term: Term) -> Index {
        let mut i = index;
        while i > 1 && self.term_at(i - 1) == Some(term) {
            i -= 1;
        }
        i
    }

    /// The last index holding an entry of `term`, if the log has any.
    pub fn last_index_of_term(&self, term: Term) -> Option<Index> {
        // Terms never decrease along the log, so scan back only while terms are >= term.
        let mut i = self.last_index();
        while i > 0 {
            let t = self.entries[(i - 1) as usize].term;
            if t == term {
                return Some(i);
            }
            if t < term {
                return None;
            }
            i -= 1;
        }
        None
    }

    /// §5.4.1: is a log ending in (`last_term`, `last_index`) at least as up-to-date as this one?
    /// Compare last terms first; with equal terms the longer log wins.
    pub fn is_up_to_date(&self, last_term: Term, last_index: Index) -> bool {
        last_term > self.last_term()
            || (last_term == self.last_term() && last_index >= self.last_index())
    }
}
