//! Reading the timeline's marks a piece at a time. The run keeps one mark per commit, term and
//! action, so they grow with the session: a reader that fetched all of them whenever one was
//! added would do work (and make garbage) growing with the run in every frame. Marks are only
//! appended to between two changes of `Timeline::marks_rewrites` (the epoch), and they are in
//! time order, so a reader keeps a count and an epoch and asks only for what lies past its count.

use raft_core::sim::Timeline;

use crate::convert::{not_whole, us_to_ms};
use crate::failure::Failure;
use crate::view;

/// Changes whenever marks already read may have been dropped or removed: then read afresh.
pub fn epoch(timeline: &Timeline) -> f64 {
    f64::from(timeline.marks_rewrites())
}

/// How many marks lie at or before `to_ms` (+Infinity: all of them; NaN: none).
pub fn up_to(timeline: &Timeline, to_ms: f64) -> f64 {
    count_up_to(timeline, to_ms) as f64
}

/// Marks `from`, `from + 1`, … that lie at or before `to_ms`, `MarkCol.Stride` numbers each.
pub fn since(
    out: &mut Vec<f64>,
    timeline: &Timeline,
    from: f64,
    to_ms: f64,
) -> Result<(), Failure> {
    if !from.is_finite() || from.fract() != 0.0 || from < 0.0 {
        return Err(not_whole("from", from));
    }
    let end = count_up_to(timeline, to_ms);
    // A count past the end (the marks were dropped since) reads nothing, as a count at the end does.
    let start = (from.min(end as f64)) as usize;
    view::fill_marks(out, &timeline.marks()[start..end]);
    Ok(())
}

/// Marks are in time order; a NaN bound admits none (every comparison with it is false).
fn count_up_to(timeline: &Timeline, to_ms: f64) -> usize {
    timeline
        .marks()
        .partition_point(|m| us_to_ms(m.at) <= to_ms)
}
