//! How the session's tape grows, which a long session keeps whole (the marks, the other such
//! store, are kept in fixed-size chunks: sim/marks.rs). A `Vec` doubles when full, so after
//! 32,768 marks (0.8 MB) the next one asked for 1.6 MB; the
//! page's allocator never grows a block in place, so it takes fresh memory for it while the old
//! block is still held, and wasm memory never shrinks. In the 30-minute soak those doublings were
//! the largest steps once everything else was bounded. Growing by half instead keeps the spare
//! capacity, and each step, at a third of what is held; the copying stays amortised O(1).

use alloc::vec::Vec;

/// Makes room for `more` items in `list`: when it is full, grows its capacity by half (by
/// `more` at least, and never by fewer than 16 items).
pub(super) fn reserve_by_half<T>(list: &mut Vec<T>, more: usize) {
    if list.capacity() - list.len() < more {
        list.reserve_exact(more.max(list.len() / 2).max(16));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_vector_grows_by_half_and_keeps_every_item() {
        let mut list: Vec<u64> = Vec::new();
        for i in 0..100_000u64 {
            reserve_by_half(&mut list, 1);
            list.push(i);
            // Spare room stays within half of what is held (and the 16 items of the least step).
            assert!(list.capacity() <= list.len() * 3 / 2 + 16);
        }
        assert!(list.iter().copied().eq(0..100_000));
    }
}
