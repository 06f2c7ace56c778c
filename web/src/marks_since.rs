//! Reading the timeline's marks a piece at a time. The run keeps one mark per commit, term and
//! action, so they grow with the session: a reader that fetched all of them whenever one was
//! added would do work (and make garbage) growing with the run in every frame. Marks are only
//! appended to between two changes of `Timeline::marks_rewrites` (the epoch), and they are in
//! time order, so a reader keeps a count and an epoch and asks only for what lies past its count.
//!
//! A read of many marks (every one after a fork, or `marks()`) is still written out in pieces
//! of [`PIECE`] marks: the wasm side never lays out more than one piece at a time, so no buffer
//! there grows with the session (wasm memory never shrinks, and a buffer for 50,000 marks was
//! 1.6 MB).

use core::ops::Range;

use js_sys::Float64Array;
use raft_core::sim::Timeline;

use crate::convert::{not_whole, us_to_ms};
use crate::failure::Failure;
use crate::in_pieces;
use crate::view::{self, MARK_STRIDE};

/// Marks laid out at a time: 256 × 4 numbers, an 8 KB buffer.
pub const PIECE: usize = 256;

/// Changes whenever marks already read may have been dropped or removed: then read afresh.
pub fn epoch(timeline: &Timeline) -> f64 {
    f64::from(timeline.marks_rewrites())
}

/// How many marks lie at or before `to_ms` (+Infinity: all of them; NaN: none).
pub fn up_to(timeline: &Timeline, to_ms: f64) -> f64 {
    count_up_to(timeline, to_ms) as f64
}

/// The positions of marks `from`, `from + 1`, … that lie at or before `to_ms`.
pub fn since(timeline: &Timeline, from: f64, to_ms: f64) -> Result<Range<usize>, Failure> {
    if !from.is_finite() || from.fract() != 0.0 || from < 0.0 {
        return Err(not_whole("from", from));
    }
    let end = count_up_to(timeline, to_ms);
    // A count past the end (the marks were dropped since) reads nothing, as a count at the end does.
    let start = (from.min(end as f64)) as usize;
    Ok(start..end)
}

/// Lays out the marks at `range`, `MarkCol.Stride` numbers each, a piece at a time: `write`
/// gets each piece with its offset (in numbers) in the whole.
pub fn write(timeline: &Timeline, range: Range<usize>, mut write: impl FnMut(usize, &[f64])) {
    let mut piece = Vec::with_capacity(PIECE * MARK_STRIDE);
    let mut offset = 0;
    for start in range.clone().step_by(PIECE) {
        let end = (start + PIECE).min(range.end);
        view::fill_marks(&mut piece, timeline.marks().range(start..end));
        write(offset, &piece);
        offset += piece.len();
    }
}

/// The marks at `range` in a new JS array, written into it a piece at a time.
pub fn to_array(timeline: &Timeline, range: Range<usize>) -> Float64Array {
    in_pieces::to_array(range.len() * MARK_STRIDE, |piece| {
        write(timeline, range, piece)
    })
}

/// Marks are in time order; a NaN bound admits none (every comparison with it is false).
fn count_up_to(timeline: &Timeline, to_ms: f64) -> usize {
    timeline
        .marks()
        .partition_point(|m| us_to_ms(m.at) <= to_ms)
}

#[cfg(test)]
#[path = "../unit/marks_since.rs"]
mod tests;
