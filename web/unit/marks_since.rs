//! Unit tests of web/src/marks_since.rs.

use super::*;
use raft_core::sim::{Action, Recording, SimConfig};
use raft_core::types::SECOND;

/// A run with many marks: crashes, restarts and forced timeouts a virtual second apart.
fn busy(marks: usize) -> Timeline {
    let mut timeline = Timeline::new(Recording::new(SimConfig::default(), 3)).unwrap();
    let mut i = 0u8;
    while timeline.marks().len() < marks {
        timeline.advance_by(SECOND);
        let node = i % 5;
        let _ = timeline.act(match i % 3 {
            0 => Action::Crash { node },
            1 => Action::Restart { node },
            _ => Action::ForceTimeout {
                node: (node + 1) % 5,
            },
        });
        i = i.wrapping_add(1);
    }
    timeline
}

#[test]
fn many_marks_are_laid_out_a_bounded_piece_at_a_time_and_read_as_one_list() {
    let timeline = busy(3 * PIECE + 17);
    let all = timeline.marks().len();
    let (mut whole, mut pieces, mut largest) = (Vec::new(), 0, 0);
    write(
        &timeline,
        since(&timeline, 0.0, f64::INFINITY).unwrap(),
        |offset, piece| {
            assert_eq!(offset, whole.len(), "pieces come in order, back to back");
            largest = largest.max(piece.len());
            pieces += 1;
            whole.extend_from_slice(piece);
        },
    );
    // However many marks, the buffer laid out at a time is one piece.
    assert_eq!(largest, PIECE * MARK_STRIDE);
    assert_eq!(pieces, all.div_ceil(PIECE));
    let mut expected = Vec::new();
    view::fill_marks(&mut expected, timeline.marks().iter());
    assert_eq!(whole, expected);
    // A read from a count reads the rest, from its offset 0.
    let mut rest = Vec::new();
    write(
        &timeline,
        since(&timeline, 5.0, f64::INFINITY).unwrap(),
        |_, piece| rest.extend_from_slice(piece),
    );
    assert_eq!(rest, expected[5 * MARK_STRIDE..]);
}
