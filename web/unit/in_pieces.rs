//! Unit tests of web/src/in_pieces.rs.

use super::*;

#[test]
fn rows_come_in_bounded_pieces_back_to_back_and_read_as_one_list() {
    for count in [0, 1, PIECE_ROWS - 1, PIECE_ROWS, 3 * PIECE_ROWS + 5] {
        let all: Vec<[f64; 3]> = (0..count).map(|i| [i as f64, -1.0, 0.5]).collect();
        let (mut whole, mut largest) = (Vec::new(), 0);
        rows(all.iter().copied(), &mut |offset, piece| {
            assert_eq!(offset, whole.len(), "pieces come in order, back to back");
            largest = largest.max(piece.len());
            whole.extend_from_slice(piece);
        });
        // However many rows, what is laid out at a time is one piece.
        assert!(largest <= PIECE_ROWS * 3);
        assert_eq!(whole, all.concat());
    }
}
