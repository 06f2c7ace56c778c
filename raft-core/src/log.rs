//! The replicated log (§5.3): entries numbered from 1, each stamped with the term in which a
//! leader created it. After log compaction (§7) the log holds only a suffix: the entries up to
//! its offset were discarded, and only the term of the last discarded one is kept, so the
//! consistency check of AppendEntries still works at the boundary.

use alloc::vec::Vec;

use crate::chunked::Chunked;
use crate::membership::Membership;
use crate::snapshot::Snapshot;
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

/// A log: a sequence of entries, index 1 first, of which the entries after
/// [`Log::offset`] are held.
///
/// Invariant: entry terms never decrease along the log (a leader only appends entries of its
/// own term, which is at least the term of anything it holds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Log {
    /// The entries after `offset`, the first at index `offset + 1`. Chunked, so that a copy of
    /// the log (a timeline's checkpoint) shares all but the newest entries with the original.
    entries: Chunked<Entry>,
    /// The index of the last discarded entry (0: nothing discarded). Not in links.
    #[cfg_attr(feature = "serde", serde(default, with = "crate::link_compat"))]
    offset: Index,
    /// The term of the entry at `offset` (0 when nothing was discarded).
    #[cfg_attr(feature = "serde", serde(default, with = "crate::link_compat"))]
    offset_term: Term,
    /// The latest snapshot (§7): the state the discarded prefix amounted to, and what the
    /// log needs to go on without it. Persistent, with the log. Not in links (a run never
    /// starts from one).
    #[cfg_attr(feature = "serde", serde(default, with = "crate::link_compat"))]
    snapshot: Option<Snapshot>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Log::default()
    }

    /// A log holding `entries`, index 1 first.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Log {
            entries: entries.into(),
            offset: 0,
            offset_term: 0,
            snapshot: None,
        }
    }

    /// The latest snapshot taken or installed, if any.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// Records `snapshot` as the latest (the caller compacts the log).
    pub fn set_snapshot(&mut self, snapshot: Snapshot) {
        self.snapshot = Some(snapshot);
    }

    /// The index of the last discarded entry: 0 until the log is compacted (§7).
    pub fn offset(&self) -> Index {
        self.offset
    }

    /// The term of the entry at [`Log::offset`].
    pub fn offset_term(&self) -> Term {
        self.offset_term
    }

    /// The first index whose entry the log holds (or would hold next, when it holds none).
    pub fn first_index(&self) -> Index {
        self.offset + 1
    }

    /// The index of the last entry (the offset when nothing follows it), 0 when empty.
    pub fn last_index(&self) -> Index {
        self.offset + self.entries.len() as Index
    }

    /// The term of the last entry, 0 when empty.
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(self.offset_term, |e| e.term)
    }

    /// The term of the entry at `index`; `Some(0)` for index 0 of an uncompacted log, the
    /// kept term at the offset, `None` past the end or before the offset (discarded).
    pub fn term_at(&self, index: Index) -> Option<Term> {
        if index == self.offset {
            return Some(self.offset_term);
        }
        self.entry(index).map(|e| e.term)
    }

    /// The entry at `index` (1-based), if the log holds it (not past the end, not discarded).
    pub fn entry(&self, index: Index) -> Option<&Entry> {
        if index <= self.offset {
            return None;
        }
        self.entries.get((index - self.offset - 1) as usize)
    }

    /// Copies of the entries from `from` (1-based, at least [`Log::first_index`]) on, at most
    /// `max` of them (a copy: the entries are not one contiguous slice).
    pub fn slice(&self, from: Index, max: usize) -> Vec<Entry> {
        let start = (from.max(self.first_index()) - self.first_index()) as usize;
        let count = self.entries.len().saturating_sub(start).min(max);
        let mut entries = Vec::with_capacity(count);
        entries.extend(self.entries.iter_from(start).take(count).copied());
        entries
    }

    /// The entries held, the first at [`Log::first_index`] (index 1 until compacted).
    pub fn entries(&self) -> &Chunked<Entry> {
        &self.entries
    }

    /// Heap bytes the entries hold.
    pub fn heap_bytes(&self) -> usize {
        self.entries.heap_bytes()
    }

    /// Heap bytes the entries hold that `before` (an earlier copy of this log) does not share.
    pub fn heap_bytes_beyond(&self, before: &Log) -> usize {
        self.entries.heap_bytes_beyond(&before.entries)
    }

    /// Appends one entry and returns its index.
    pub fn push(&mut self, entry: Entry) -> Index {
        self.entries.push(entry);
        self.last_index()
    }

    /// Removes the entries from `index` on; returns how many were removed. Discarded entries
    /// stay discarded: a compacted prefix is committed and never conflicts.
    pub fn truncate_from(&mut self, index: Index) -> usize {
        let keep = (index.max(self.first_index()) - self.first_index()) as usize;
        let removed = self.entries.len().saturating_sub(keep);
        self.entries.truncate(keep);
        removed
    }

    /// Log compaction (§7): discards the entries up to `index`, keeping the term of the entry
    /// there, `term`. Past the end, the whole log goes and the log continues after `index`
    /// (a follower installing a snapshot it has nothing of). Returns how many entries went.
    pub fn compact_to(&mut self, index: Index, term: Term) -> usize {
        if index <= self.offset {
            return 0;
        }
        let drop = ((index - self.offset) as usize).min(self.entries.len());
        self.entries.drop_prefix(drop);
        self.offset = index;
        self.offset_term = term;
        drop
    }

    /// The last configuration entry at or before `index`: its index and members, if any.
    pub fn last_config_at_or_before(&self, index: Index) -> Option<(Index, Membership)> {
        let end = (index.saturating_sub(self.offset) as usize).min(self.entries.len());
        let held = (0..end)
            .rev()
            .find_map(|i| match self.entries.get(i)?.command {
                Command::Config(members) => Some((self.offset + i as Index + 1, members)),
                _ => None,
            });
        // A configuration entry compaction discarded lives on in the snapshot (§7 keeps the
        // latest configuration in it, as membership changes need).
        held.or_else(|| {
            self.snapshot
                .as_ref()
                .filter(|s| s.last_included_index <= index)
                .map(|s| (s.last_included_index, s.membership))
        })
    }

    /// The first index holding an entry of `term` at or before `index`, walking back over that
    /// term's run. Used by the follower to answer with a conflict term (§5.3, fast backtracking).
    pub fn first_index_of_term_run(&self, index: Index, term: Term) -> Index {
        let mut i = index;
        while i > self.first_index() && self.term_at(i - 1) == Some(term) {
            i -= 1;
        }
        i
    }

    /// The last index holding an entry of `term`, if the log has any.
    pub fn last_index_of_term(&self, term: Term) -> Option<Index> {
        // Terms never decrease along the log, so scan back only while terms are >= term.
        let mut i = self.last_index();
        while i > 0 && i >= self.offset {
            let t = self.term_at(i)?;
            if t == term {
                return Some(i);
            }
            if t < term || i == self.offset {
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
