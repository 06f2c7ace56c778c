//! The timeline's marks, kept in fixed-size chunks.
//!
//! A long session keeps every mark (one per action, leader, term rise, leaderless term, commit
//! rise and crash: about 2.3 per action in the page's soak), so they are one of the few stores
//! that grow with the session. In one `Vec` each growth asked for a bigger block while the old
//! one was still held, and the page's wasm memory never shrinks: the marks' steps were among the
//! last that kept the 30-minute soak climbing. Here no block is ever bigger than one chunk
//! (4 KB), growing never copies what is held, and the spare room is at most the last chunk.
//!
//! A mark is also packed: its time, one 64-bit number and a 16-bit tag (the kind, and the node,
//! the split-vote flag or the property), 18 bytes where a [`Mark`] takes 24. The packing is
//! lossless for every value the types allow, so readers see exactly the marks that were taken.
//!
//! The store appends, cuts its end (a fork) and, rarely, withdraws marks (a leaderless term
//! that a straggler won after all). Readers go through [`Marks`], in time order, by index or by
//! iterator.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use super::{Mark, MarkKind};
use crate::check::Property;
use crate::types::Time;

/// Marks per chunk: 224 × 18 bytes is 4,032 bytes, one block of at most 4 KB.
pub(super) const CHUNK: usize = 224;

/// One chunk: the marks' times, numbers and tags, side by side (no padding between them).
struct Chunk {
    at: [Time; CHUNK],
    value: [u64; CHUNK],
    tag: [u16; CHUNK],
}

impl Chunk {
    fn empty() -> Box<Chunk> {
        Box::new(Chunk {
            at: [0; CHUNK],
            value: [0; CHUNK],
            tag: [0; CHUNK],
        })
    }
}

// The kind's code, in the tag's low byte.
const TERM: u16 = 0;
const LEADER: u16 = 1;
const COMMIT: u16 = 2;
const NO_LEADER: u16 = 3;
const CRASH: u16 = 4;
const ACTION: u16 = 5;
const VIOLATION: u16 = 6;

/// A mark's kind as (number, tag): the tag's low byte says the kind, its high byte holds the
/// kind's small field (a node, the split-vote flag, the property's position in `Property::ALL`).
fn pack(kind: MarkKind) -> (u64, u16) {
    let with = |code: u16, small: u8| code | (u16::from(small) << 8);
    match kind {
        MarkKind::Term { term } => (term, TERM),
        MarkKind::Leader { node, term } => (term, with(LEADER, node)),
        MarkKind::Commit { index } => (index, COMMIT),
        MarkKind::NoLeader { term, split_vote } => (term, with(NO_LEADER, u8::from(split_vote))),
        MarkKind::Crash { node } => (0, with(CRASH, node)),
        MarkKind::Action { index } => (u64::from(index), ACTION),
        MarkKind::Violation { property } => {
            let position = Property::ALL
                .iter()
                .position(|p| *p == property)
                .unwrap_or(0);
            (0, with(VIOLATION, position as u8))
        }
    }
}

fn unpack(value: u64, tag: u16) -> MarkKind {
    let small = (tag >> 8) as u8;
    match tag & 0xff {
        TERM => MarkKind::Term { term: value },
        LEADER => MarkKind::Leader {
            node: small,
            term: value,
        },
        COMMIT => MarkKind::Commit { index: value },
        NO_LEADER => MarkKind::NoLeader {
            term: value,
            split_vote: small != 0,
        },
        CRASH => MarkKind::Crash { node: small },
        ACTION => MarkKind::Action {
            index: value as u32,
        },
        _ => MarkKind::Violation {
            property: Property::ALL
                .get(usize::from(small))
                .copied()
                .unwrap_or(Property::ElectionSafety),
        },
    }
}

/// The marks of a timeline, in time order, in chunks of [`CHUNK`].
#[derive(Default)]
pub(super) struct MarkStore {
    /// Each chunk its own block, on purpose: a `Vec<Chunk>` would be one block growing with the
    /// session, which is what the chunks are for avoiding. The list is 8 bytes per chunk.
    #[allow(clippy::vec_box)]
    chunks: Vec<Box<Chunk>>,
    len: usize,
    /// Leaderless-term marks held: a leader's mark only looks for one to withdraw when some are.
    no_leader: usize,
}

impl Clone for MarkStore {
    fn clone(&self) -> Self {
        let mut copy = MarkStore::default();
        copy.extend(self.view().iter());
        copy
    }
}

impl fmt::Debug for MarkStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MarkStore({} marks)", self.len)
    }
}

impl MarkStore {
    /// The marks, to read.
    pub(super) fn view(&self) -> Marks<'_> {
        Marks { store: self }
    }

    /// Appends a mark (after every mark held: marks are taken in time order).
    pub(super) fn push(&mut self, mark: Mark) {
        let slot = self.len % CHUNK;
        if slot == 0 && self.chunks.len() * CHUNK == self.len {
            self.chunks.push(Chunk::empty());
        }
        let (value, tag) = pack(mark.kind);
        if let Some(chunk) = self.chunks.get_mut(self.len / CHUNK) {
            chunk.at[slot] = mark.at;
            chunk.value[slot] = value;
            chunk.tag[slot] = tag;
            self.len += 1;
            if tag & 0xff == NO_LEADER {
                self.no_leader += 1;
            }
        }
    }

    /// Appends marks in order.
    pub(super) fn extend(&mut self, marks: impl IntoIterator<Item = Mark>) {
        for mark in marks {
            self.push(mark);
        }
    }

    /// Keeps the first `len` marks, freeing the chunks no longer used.
    pub(super) fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let dropped = self
            .view()
            .range(len..self.len)
            .filter(|m| matches!(m.kind, MarkKind::NoLeader { .. }))
            .count();
        self.no_leader -= dropped;
        self.len = len;
        self.chunks.truncate(len.div_ceil(CHUNK));
    }

    /// Withdraws every mark `withdraw` picks; returns how many. The marks after the first one
    /// picked are written again, in order; nothing is touched when none is picked.
    pub(super) fn withdraw(&mut self, withdraw: impl Fn(&Mark) -> bool) -> usize {
        let Some(first) = self.view().iter().position(|m| withdraw(&m)) else {
            return 0;
        };
        let kept: Vec<Mark> = self
            .view()
            .range(first..self.len)
            .filter(|m| !withdraw(m))
            .collect();
        let before = self.len;
        self.truncate(first);
        self.extend(kept);
        before - self.len
    }

    /// Whether a leaderless-term mark is held.
    pub(super) fn has_no_leader(&self) -> bool {
        self.no_leader > 0
    }

    /// Bytes held: the chunks and the list of them.
    pub(super) fn heap_bytes(&self) -> usize {
        self.chunks.len() * core::mem::size_of::<Chunk>()
            + self.chunks.capacity() * core::mem::size_of::<Box<Chunk>>()
    }

    fn get(&self, i: usize) -> Option<Mark> {
        if i >= self.len {
            return None;
        }
        let chunk = self.chunks.get(i / CHUNK)?;
        let slot = i % CHUNK;
        Some(Mark {
            at: chunk.at[slot],
            kind: unpack(chunk.value[slot], chunk.tag[slot]),
        })
    }
}

/// A timeline's marks up to the horizon, in time order: read by index or iterator.
#[derive(Clone, Copy)]
pub struct Marks<'a> {
    store: &'a MarkStore,
}

impl<'a> Marks<'a> {
    /// How many marks.
    pub fn len(&self) -> usize {
        self.store.len
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.store.len == 0
    }
    /// The `i`-th mark.
    pub fn get(&self, i: usize) -> Option<Mark> {
        self.store.get(i)
    }
    /// The last mark.
    pub fn last(&self) -> Option<Mark> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// Every mark, in time order (from either end).
    pub fn iter(&self) -> MarksIter<'a> {
        self.range(0..self.len())
    }
    /// The marks at positions `range` (clamped to those held), in time order.
    pub fn range(&self, range: core::ops::Range<usize>) -> MarksIter<'a> {
        let end = range.end.min(self.len());
        MarksIter {
            store: self.store,
            next: range.start.min(end),
            end,
        }
    }
    /// How many marks from the start satisfy `before` (which must hold for a prefix and then
    /// never again, as time order makes `at <= t`): found by bisection.
    pub fn partition_point(&self, before: impl Fn(&Mark) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            if self.get(mid).is_some_and(|m| before(&m)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
    /// The marks, copied.
    pub fn to_vec(&self) -> Vec<Mark> {
        self.iter().collect()
    }
}

impl PartialEq for Marks<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Marks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Marks<'a> {
    type Item = Mark;
    type IntoIter = MarksIter<'a>;
    fn into_iter(self) -> MarksIter<'a> {
        self.iter()
    }
}

/// The marks of a [`Marks`] range, in time order (from either end).
#[derive(Clone)]
pub struct MarksIter<'a> {
    store: &'a MarkStore,
    next: usize,
    end: usize,
}

impl Iterator for MarksIter<'_> {
    type Item = Mark;
    fn next(&mut self) -> Option<Mark> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        self.store.get(self.next - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for MarksIter<'_> {
    fn next_back(&mut self) -> Option<Mark> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        self.store.get(self.end)
    }
}

impl ExactSizeIterator for MarksIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind(i: u64) -> MarkKind {
        match i % 8 {
            0 => MarkKind::Term { term: u64::MAX - i },
            1 => MarkKind::Leader {
                node: (i % 256) as u8,
                term: i << 40,
            },
            2 => MarkKind::Commit { index: u64::MAX },
            3 => MarkKind::NoLeader {
                term: i,
                split_vote: true,
            },
            4 => MarkKind::NoLeader {
                term: i,
                split_vote: false,
            },
            5 => MarkKind::Crash { node: 255 },
            6 => MarkKind::Action { index: u32::MAX },
            _ => MarkKind::Violation {
                property: Property::ALL[(i as usize) % Property::ALL.len()],
            },
        }
    }

    fn mark(i: u64) -> Mark {
        Mark {
            at: u64::MAX - 1_000_000 + i,
            kind: every_kind(i),
        }
    }

    #[test]
    fn packing_keeps_every_kind_and_the_extremes_of_its_fields() {
        let mut store = MarkStore::default();
        store.extend((0..1_000).map(mark));
        assert_eq!(store.view().len(), 1_000);
        assert!(store.view().iter().eq((0..1_000).map(mark)));
        assert!(store.view().iter().rev().eq((0..1_000).rev().map(mark)));
    }

    #[test]
    fn chunks_are_fixed_and_the_spare_room_is_at_most_the_last_one() {
        assert!(core::mem::size_of::<Chunk>() <= 4096);
        let mut store = MarkStore::default();
        for i in 0..100_000 {
            store.push(mark(i));
            assert_eq!(store.chunks.len(), (i as usize + 1).div_ceil(CHUNK));
        }
        store.truncate(CHUNK + 1);
        assert_eq!(store.chunks.len(), 2, "a cut frees the chunks past it");
        assert!(store.view().iter().eq((0..CHUNK as u64 + 1).map(mark)));
        store.push(mark(7));
        assert_eq!(store.view().last(), Some(mark(7)));
    }

    #[test]
    fn withdrawing_keeps_the_others_in_order_and_counts_the_leaderless() {
        let mut store = MarkStore::default();
        store.extend((0..2_000).map(mark));
        let leaderless = |m: &Mark| matches!(m.kind, MarkKind::NoLeader { .. });
        let expected: Vec<Mark> = (0..2_000).map(mark).filter(|m| !leaderless(m)).collect();
        assert!(store.has_no_leader());
        assert_eq!(store.withdraw(leaderless), 500);
        assert!(store.view().iter().eq(expected.iter().copied()));
        assert!(!store.has_no_leader());
        assert_eq!(store.withdraw(leaderless), 0);
    }

    #[test]
    fn partition_point_and_range_read_as_a_slice_does() {
        let mut store = MarkStore::default();
        let marks: Vec<Mark> = (0..1_000).map(mark).collect();
        store.extend(marks.iter().copied());
        for cut in [0, 1, 223, 224, 225, 999, 1_000] {
            let t = marks.get(cut).map_or(Time::MAX, |m| m.at);
            let point = |m: &Mark| m.at < t;
            assert_eq!(
                store.view().partition_point(point),
                marks.partition_point(point)
            );
            assert!(store
                .view()
                .range(cut..5_000)
                .eq(marks[cut..].iter().copied()));
        }
    }
}
