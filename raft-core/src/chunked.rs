//! A persistent, append-mostly sequence: sealed chunks of a fixed size shared between copies,
//! and an owned tail of less than one chunk.
//!
//! Why: the timeline's checkpoints copy the cluster, and a log (or a checker's per-entry
//! table) copied whole costs a block as long as the log, slightly longer each time. In the
//! page's wasm, whose memory never shrinks, every freed copy leaves a hole too small for the
//! next one, so memory climbed with every checkpoint although the live bytes hardly grew.
//! Here a copy shares every sealed chunk (one `Arc` count each) and copies only the tail; every
//! chunk is one block of about [`CHUNK_BYTES`], a size the allocator reuses.
//!
//! Equality, hashing, debugging and serde go by content, as for a `Vec`: serialized, a
//! `Chunked` is the same sequence as the `Vec` it replaced (share links are unchanged).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::hash::{Hash, Hasher};

/// The size of a sealed chunk in bytes, whatever the item (at least one item a chunk).
pub const CHUNK_BYTES: usize = 4096;

/// A sequence of `T` that copies cheaply: see the module documentation.
pub struct Chunked<T> {
    /// Full chunks of [`Chunked::chunk_len`] items each, shared with copies.
    sealed: Vec<Arc<[T]>>,
    /// Items of the first sealed chunk that are no longer part of the sequence (a prefix
    /// dropped by compaction). Zero when nothing is sealed.
    skip: usize,
    /// The items after the sealed chunks, fewer than a chunk, owned.
    tail: Vec<T>,
}

impl<T> Chunked<T> {
    /// Items a chunk holds: [`CHUNK_BYTES`] worth, at least one.
    pub const fn chunk_len() -> usize {
        let size = core::mem::size_of::<T>();
        if size == 0 || size >= CHUNK_BYTES {
            1
        } else {
            CHUNK_BYTES / size
        }
    }

    /// An empty sequence (allocates nothing).
    pub const fn new() -> Self {
        Chunked {
            sealed: Vec::new(),
            skip: 0,
            tail: Vec::new(),
        }
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.sealed.len() * Self::chunk_len() + self.tail.len() - self.skip
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `index`, if any.
    pub fn get(&self, index: usize) -> Option<&T> {
        let at = index.checked_add(self.skip)?;
        let chunk = at / Self::chunk_len();
        match self.sealed.get(chunk) {
            Some(sealed) => sealed.get(at % Self::chunk_len()),
            None => self.tail.get(at - self.sealed.len() * Self::chunk_len()),
        }
    }

    /// The last item, if any.
    pub fn last(&self) -> Option<&T> {
        match self.tail.last() {
            Some(item) => Some(item),
            None => self.sealed.last().and_then(|c| c.last()),
        }
    }

    /// The items from `from` on.
    pub fn iter_from(&self, from: usize) -> Iter<'_, T> {
        let at = from.saturating_add(self.skip);
        let first = at / Self::chunk_len();
        let remaining = self.len().saturating_sub(from);
        match self.sealed.get(first) {
            Some(chunk) => Iter {
                current: chunk[at % Self::chunk_len()..].iter(),
                chunks: self.sealed[first + 1..].iter(),
                tail: Some(&self.tail),
                remaining,
            },
            None => {
                let in_tail = (at - self.sealed.len() * Self::chunk_len()).min(self.tail.len());
                Iter {
                    current: self.tail[in_tail..].iter(),
                    chunks: [].iter(),
                    tail: None,
                    remaining,
                }
            }
        }
    }

    /// All items, first to last.
    pub fn iter(&self) -> Iter<'_, T> {
        self.iter_from(0)
    }

    /// The index of the last item satisfying `matches`, searching back from the end.
    pub fn rposition(&self, mut matches: impl FnMut(&T) -> bool) -> Option<usize> {
        (0..self.len())
            .rev()
            .find(|&i| self.get(i).is_some_and(&mut matches))
    }

    /// Binary search of a sorted sequence by a key, as `slice::binary_search_by_key`: `Ok` with
    /// the index of a match, or `Err` with where the key would be inserted.
    pub fn binary_search_by_key<K: Ord>(
        &self,
        key: &K,
        mut key_of: impl FnMut(&T) -> K,
    ) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.get(mid).map(&mut key_of) {
                Some(k) if k < *key => low = mid + 1,
                Some(k) if k == *key => return Ok(mid),
                _ => high = mid,
            }
        }
        Err(low)
    }

    /// Keeps the first `len` items (nothing happens if it holds no more). A cut inside a
    /// sealed chunk copies that chunk's kept part into the tail; later chunks are let go.
    pub fn truncate(&mut self, len: usize)
    where
        T: Clone,
    {
        if len >= self.len() {
            return;
        }
        let at = len + self.skip;
        let chunk = at / Self::chunk_len();
        if chunk >= self.sealed.len() {
            self.tail
                .truncate(at - self.sealed.len() * Self::chunk_len());
            return;
        }
        let start = if chunk == 0 { self.skip } else { 0 };
        let mut tail = Vec::with_capacity(Self::chunk_len());
        tail.extend_from_slice(&self.sealed[chunk][start..at % Self::chunk_len()]);
        self.sealed.truncate(chunk);
        if self.sealed.is_empty() {
            self.skip = 0;
        }
        self.tail = tail;
    }

    /// Drops the first `count` items (log compaction): whole chunks are let go, a partial one
    /// is skipped into until it goes too.
    pub fn drop_prefix(&mut self, count: usize) {
        let count = count.min(self.len());
        let at = self.skip + count;
        let whole = (at / Self::chunk_len()).min(self.sealed.len());
        self.sealed.drain(..whole);
        self.skip = at - whole * Self::chunk_len();
        if self.sealed.is_empty() {
            self.tail.drain(..self.skip);
            self.skip = 0;
        }
    }

    /// Replaces the item at `index`, copying its chunk first if a copy shares it. Returns
    /// false (and changes nothing) past the end.
    pub fn set(&mut self, index: usize, item: T) -> bool
    where
        T: Clone,
    {
        let at = index + self.skip;
        if index >= self.len() {
            return false;
        }
        let chunk = at / Self::chunk_len();
        match self.sealed.get_mut(chunk) {
            Some(sealed) => {
                // Copy on write. Not `Arc::make_mut`: it brings its own copy path and the
                // weak-count handling (no `Weak` of a chunk is ever made) once per item type,
                // about 180 bytes gzip of the page's wasm; this copies as sealing does.
                if Arc::get_mut(sealed).is_none() {
                    *sealed = Arc::from(&sealed[..]);
                }
                if let Some(slot) =
                    Arc::get_mut(sealed).and_then(|c| c.get_mut(at % Self::chunk_len()))
                {
                    *slot = item;
                }
            }
            None => self.tail[at - self.sealed.len() * Self::chunk_len()] = item,
        }
        true
    }

    /// Heap bytes it holds, shared chunks included.
    pub fn heap_bytes(&self) -> usize {
        self.sealed.len() * Self::chunk_heap_bytes() + self.fixed_heap_bytes()
    }

    /// Heap bytes it holds that `before` does not share with it: its chunks `before` does not
    /// also hold, and its own tail and list of chunks. What a copy costs next to the previous
    /// copy.
    pub fn heap_bytes_beyond(&self, before: &Self) -> usize {
        // Chunks are only ever appended or dropped from the front, so a shared chunk lines up
        // with `before`'s after a shift by the chunks either side dropped since.
        let shift = self
            .sealed
            .first()
            .and_then(|first| before.sealed.iter().position(|c| Arc::ptr_eq(c, first)));
        // A chunk written to since (copy on write) is no longer shared; those after it may be.
        let shared = match shift {
            Some(shift) => self
                .sealed
                .iter()
                .zip(&before.sealed[shift..])
                .filter(|(a, b)| Arc::ptr_eq(a, b))
                .count(),
            None => 0,
        };
        (self.sealed.len() - shared) * Self::chunk_heap_bytes() + self.fixed_heap_bytes()
    }

    /// A sealed chunk's block: the items and the `Arc`'s two counts.
    fn chunk_heap_bytes() -> usize {
        Self::chunk_len() * core::mem::size_of::<T>() + 2 * core::mem::size_of::<usize>()
    }

    /// The blocks every copy owns: the list of chunks and the tail.
    fn fixed_heap_bytes(&self) -> usize {
        self.sealed.capacity() * core::mem::size_of::<Arc<[T]>>()
            + self.tail.capacity() * core::mem::size_of::<T>()
    }
}

impl<T: Clone> Chunked<T> {
    /// Appends `item`, sealing the tail into a shared chunk when it is full.
    pub fn push(&mut self, item: T) {
        if self.tail.len() == Self::chunk_len() {
            self.seal();
        }
        if self.tail.len() == self.tail.capacity() {
            // Double as a Vec does (a short sequence stays small), but never past a chunk's
            // room: the tail's blocks are a few fixed sizes, the largest a chunk's.
            let room = (self.tail.capacity() * 2).clamp(4, Self::chunk_len());
            self.tail.reserve_exact(room - self.tail.len());
        }
        self.tail.push(item);
    }

    /// Seals the full tail into a chunk; the tail's block is kept for the next items.
    fn seal(&mut self) {
        self.sealed.push(Arc::from(&self.tail[..]));
        self.tail.clear();
    }

    /// Inserts `item` at `index` (at most the length), moving the items after it: cheap at
    /// the end, as dear as the items moved anywhere else.
    pub fn insert(&mut self, index: usize, item: T) {
        let after: Vec<T> = self.iter_from(index).cloned().collect();
        self.truncate(index);
        self.push(item);
        self.extend(after);
    }

    /// Makes it `len` items long, cut or filled with `value`.
    pub fn resize(&mut self, len: usize, value: T) {
        self.truncate(len);
        while self.len() < len {
            self.push(value.clone());
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// A `Vec` of the items, first to last.
    pub fn to_vec(&self) -> Vec<T> {
        let mut items = Vec::with_capacity(self.len());
        items.extend(self.iter().cloned());
        items
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> core::ops::Index<usize> for Chunked<T> {
    type Output = T;
    /// The item at `index`; panics past the end, as a slice does (for tests and tools: the
    /// page and the core use [`Chunked::get`]).
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(item) => item,
            None => panic!("index {index} past the end of {} items", self.len()),
        }
    }
}

/// The items of a [`Chunked`] from some index on, chunk by chunk.
#[derive(Clone, Debug)]
pub struct Iter<'a, T> {
    /// The rest of the chunk being read.
    current: core::slice::Iter<'a, T>,
    /// The sealed chunks after it.
    chunks: core::slice::Iter<'a, Arc<[T]>>,
    /// The tail, when it is still to come.
    tail: Option<&'a [T]>,
    remaining: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some(item) = self.current.next() {
                self.remaining -= 1;
                return Some(item);
            }
            self.current = match self.chunks.next() {
                Some(chunk) => chunk.iter(),
                None => self.tail.take()?.iter(),
            };
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<T> core::iter::FusedIterator for Iter<'_, T> {}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked::new()
    }
}

impl<T: Clone> Clone for Chunked<T> {
    /// Shares the sealed chunks and copies the tail (at its length, not a chunk's room: a
    /// checkpoint that is never appended to needs no more).
    fn clone(&self) -> Self {
        Chunked {
            sealed: self.sealed.clone(),
            skip: self.skip,
            tail: self.tail.clone(),
        }
    }
}

impl<T: Clone> Extend<T> for Chunked<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T: Clone> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut chunked = Chunked::new();
        chunked.extend(items);
        chunked
    }
}

impl<T: Clone> From<Vec<T>> for Chunked<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<T: PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Eq> Eq for Chunked<T> {}

impl<T: PartialEq> PartialEq<[T]> for Chunked<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for Chunked<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        *self == other[..]
    }
}

impl<T: Hash> Hash for Chunked<T> {
    /// As a slice hashes: the length, then the items.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for item in self.iter() {
            item.hash(state);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::Chunked;
    use core::fmt;
    use core::marker::PhantomData;
    use serde::de::{SeqAccess, Visitor};
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl<T: Serialize> Serialize for Chunked<T> {
        /// A plain sequence, as a `Vec` serializes.
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(self.len()))?;
            for item in self.iter() {
                seq.serialize_element(item)?;
            }
            seq.end()
        }
    }

    impl<'de, T: Deserialize<'de> + Clone> Deserialize<'de> for Chunked<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Items<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de> + Clone> Visitor<'de> for Items<T> {
                type Value = Chunked<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a sequence")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    // No room reserved from the claimed length: a hostile link claims any.
                    let mut items = Chunked::new();
                    while let Some(item) = seq.next_element()? {
                        items.push(item);
                    }
                    Ok(items)
                }
            }
            deserializer.deserialize_seq(Items(PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// Items of 512 bytes: 8 to a chunk, so a few dozen items cross several chunks.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    struct Big(u64, [u64; 63]);

    fn big(i: u64) -> Big {
        Big(i, [0; 63])
    }

    fn numbers(n: u64) -> Chunked<Big> {
        (0..n).map(big).collect()
    }

    fn ids(c: &Chunked<Big>) -> Vec<u64> {
        c.iter().map(|b| b.0).collect()
    }

    #[test]
    fn a_chunk_holds_four_kilobytes_whatever_the_item() {
        assert_eq!(Chunked::<Big>::chunk_len(), 8);
        assert_eq!(Chunked::<u64>::chunk_len(), 512);
        assert_eq!(Chunked::<[u8; 5000]>::chunk_len(), 1);
    }

    #[test]
    fn get_len_last_and_iteration_cross_chunks() {
        let c = numbers(21);
        assert_eq!(c.len(), 21);
        assert_eq!(c.sealed.len(), 2);
        assert_eq!(c.get(0).map(|b| b.0), Some(0));
        assert_eq!(c.get(8).map(|b| b.0), Some(8));
        assert_eq!(c.get(20).map(|b| b.0), Some(20));
        assert_eq!(c.get(21), None);
        assert_eq!(c.get(usize::MAX), None);
        assert_eq!(c.last().map(|b| b.0), Some(20));
        assert_eq!(ids(&c), (0..21).collect::<Vec<_>>());
        assert_eq!(
            c.iter_from(7).map(|b| b.0).collect::<Vec<_>>(),
            (7..21).collect::<Vec<_>>()
        );
        assert_eq!(c.iter_from(21).count(), 0);
        assert_eq!(c.iter_from(99).count(), 0);
        assert_eq!(c.iter_from(3).len(), 18);
        // A full tail is sealed only by the next push: `last` reads it from the chunk then too.
        let full = numbers(16);
        assert_eq!(full.last().map(|b| b.0), Some(15));
    }

    #[test]
    fn truncate_across_chunk_boundaries() {
        for keep in [0, 1, 7, 8, 9, 16, 17, 20, 21, 30] {
            let mut c = numbers(21);
            c.truncate(keep);
            let kept = keep.min(21) as u64;
            assert_eq!(ids(&c), (0..kept).collect::<Vec<_>>(), "keep {keep}");
            // It goes on growing from the cut.
            c.push(big(100));
            assert_eq!(c.len() as u64, kept + 1);
            assert_eq!(c.last().map(|b| b.0), Some(100));
            assert_eq!(c.get(kept as usize).map(|b| b.0), Some(100));
        }
    }

    #[test]
    fn truncate_leaves_a_copy_untouched() {
        let original = numbers(21);
        let mut copy = original.clone();
        copy.truncate(5);
        copy.extend([big(50), big(51)]);
        assert_eq!(ids(&original), (0..21).collect::<Vec<_>>());
        assert_eq!(ids(&copy), vec![0, 1, 2, 3, 4, 50, 51]);
    }

    #[test]
    fn compaction_drops_a_prefix_chunk_by_chunk() {
        let mut c = numbers(21);
        c.drop_prefix(3);
        assert_eq!(ids(&c), (3..21).collect::<Vec<_>>());
        assert_eq!((c.sealed.len(), c.skip), (2, 3));
        c.drop_prefix(6);
        assert_eq!(ids(&c), (9..21).collect::<Vec<_>>());
        assert_eq!((c.sealed.len(), c.skip), (1, 1), "the first chunk went");
        assert_eq!(c.get(0).map(|b| b.0), Some(9));
        c.truncate(4);
        assert_eq!(ids(&c), vec![9, 10, 11, 12]);
        c.extend((13..30).map(big));
        assert_eq!(ids(&c), (9..30).collect::<Vec<_>>());
        c.drop_prefix(100);
        assert!(c.is_empty());
        c.push(big(7));
        assert_eq!(ids(&c), vec![7]);
        // Compacting a short one drops from the tail itself.
        let mut short = numbers(5);
        short.drop_prefix(2);
        assert_eq!(ids(&short), vec![2, 3, 4]);
    }

    #[test]
    fn a_copy_on_write_set_leaves_the_copy_untouched() {
        let mut c = numbers(21);
        let copy = c.clone();
        assert!(c.set(3, big(300)));
        assert!(c.set(20, big(2000)));
        assert!(!c.set(21, big(0)));
        assert_eq!(c.get(3).map(|b| b.0), Some(300));
        assert_eq!(c.get(20).map(|b| b.0), Some(2000));
        assert_eq!(ids(&copy), (0..21).collect::<Vec<_>>());
        assert!(
            !Arc::ptr_eq(&c.sealed[0], &copy.sealed[0]),
            "the written chunk was copied"
        );
        assert!(
            Arc::ptr_eq(&c.sealed[1], &copy.sealed[1]),
            "the others are still shared"
        );
    }

    #[test]
    fn a_set_on_a_chunk_no_copy_shares_writes_it_in_place() {
        let mut c = numbers(21);
        let before = Arc::as_ptr(&c.sealed[0]);
        assert!(c.set(3, big(300)));
        assert_eq!(
            Arc::as_ptr(&c.sealed[0]),
            before,
            "not copied: nothing shares it"
        );
        assert_eq!(c.get(3).map(|b| b.0), Some(300));
        // Once a copy dropped, the chunk it shared is the writer's alone again.
        let copy = c.clone();
        drop(copy);
        assert!(c.set(4, big(400)));
        assert_eq!(Arc::as_ptr(&c.sealed[0]), before);
        assert_eq!(ids(&c)[..6], [0, 1, 2, 300, 400, 5]);
    }

    #[test]
    fn search_back_and_binary_search() {
        let c: Chunked<Big> = (0..30).map(|i| big(i * 2)).collect();
        assert_eq!(c.rposition(|b| b.0 % 10 == 4), Some(27));
        assert_eq!(c.rposition(|b| b.0 == 1), None);
        for i in 0..30u64 {
            assert_eq!(c.binary_search_by_key(&(i * 2), |b| b.0), Ok(i as usize));
            assert_eq!(
                c.binary_search_by_key(&(i * 2 + 1), |b| b.0),
                Err(i as usize + 1)
            );
        }
        assert_eq!(
            Chunked::<Big>::new().binary_search_by_key(&3, |b| b.0),
            Err(0)
        );
    }

    #[test]
    fn insert_and_resize() {
        let mut c = numbers(10);
        c.insert(10, big(10));
        c.insert(0, big(99));
        c.insert(9, big(98));
        let mut want: Vec<u64> = (0..11).collect();
        want.insert(0, 99);
        want.insert(9, 98);
        assert_eq!(ids(&c), want);
        c.resize(3, big(0));
        assert_eq!(ids(&c), vec![99, 0, 1]);
        c.resize(20, big(5));
        assert_eq!(c.len(), 20);
        assert_eq!(c.get(19).map(|b| b.0), Some(5));
    }

    #[test]
    fn the_tail_grows_to_a_chunks_room_and_no_further() {
        let mut c: Chunked<u64> = Chunked::new();
        c.push(1);
        assert_eq!(c.tail.capacity(), 4, "a short sequence stays small");
        for i in 0..2000 {
            c.push(i);
            assert!(c.tail.capacity() <= Chunked::<u64>::chunk_len());
        }
        assert!(c
            .sealed
            .iter()
            .all(|s| s.len() == Chunked::<u64>::chunk_len()));
    }

    #[test]
    fn a_clone_shares_every_sealed_chunk_and_costs_only_its_tail() {
        let c = numbers(21);
        let copy = c.clone();
        assert!(c
            .sealed
            .iter()
            .zip(&copy.sealed)
            .all(|(a, b)| Arc::ptr_eq(a, b)));
        let fixed = copy.sealed.capacity() * core::mem::size_of::<Arc<[Big]>>()
            + copy.tail.capacity() * core::mem::size_of::<Big>();
        assert_eq!(copy.heap_bytes_beyond(&c), fixed);
        assert_eq!(copy.heap_bytes_beyond(&Chunked::new()), copy.heap_bytes());
        // After compaction on one side, the chunks still shared still count as shared.
        let mut later = c.clone();
        later.drop_prefix(9);
        later.extend((21..40).map(big));
        let unshared_chunks = later.sealed.len() - 1;
        assert_eq!(
            later.heap_bytes_beyond(&c),
            unshared_chunks * Chunked::<Big>::chunk_heap_bytes() + later.fixed_heap_bytes()
        );
    }

    #[test]
    fn equal_content_is_equal_and_hashes_alike_however_it_is_chunked() {
        use core::hash::BuildHasher;
        // Same content, different layouts: one grown, one compacted from a longer run.
        let grown: Chunked<Big> = (5..25).map(big).collect();
        let mut compacted = numbers(25);
        compacted.drop_prefix(5);
        assert_ne!(
            (grown.skip, grown.sealed.len()),
            (compacted.skip, compacted.sealed.len())
        );
        assert_eq!(grown, compacted);
        let hasher = std::hash::RandomState::new();
        assert_eq!(hasher.hash_one(&grown), hasher.hash_one(&compacted));
        // And as the slice of the same items hashes.
        let slice: Vec<Big> = (5..25).map(big).collect();
        assert_eq!(hasher.hash_one(&grown), hasher.hash_one(&slice[..]));
        assert_ne!(grown, numbers(20));
        assert_eq!(
            std::format!("{:?}", numbers(2)),
            std::format!("{:?}", vec![big(0), big(1)])
        );
    }

    #[cfg(feature = "share")]
    #[test]
    fn serialized_it_is_the_vec_it_replaced_byte_for_byte() {
        for n in [0u64, 1, 8, 21, 600] {
            let vec: Vec<u64> = (0..n).map(|i| i * 977).collect();
            let mut chunked: Chunked<u64> = (0..n + 3)
                .map(|i| i.wrapping_sub(3).wrapping_mul(977))
                .collect();
            chunked.drop_prefix(3);
            let bytes = postcard::to_allocvec(&vec).unwrap();
            assert_eq!(postcard::to_allocvec(&chunked).unwrap(), bytes, "{n} items");
            let back: Chunked<u64> = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back, chunked);
            assert_eq!(back.iter().copied().collect::<Vec<_>>(), vec);
        }
    }
}
