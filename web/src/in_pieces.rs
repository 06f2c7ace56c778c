//! Long row lists handed to the page a bounded piece at a time.
//!
//! A list that grows with the session (every mark after a fork, say) laid out whole in one wasm
//! buffer would make that buffer, and so wasm memory, which never shrinks, grow with the
//! session too. Instead the JS array is made at its full size and each piece is copied into it
//! as soon as it is laid out, so the wasm side holds one piece at most.

use js_sys::Float64Array;

/// A JS array of `len` numbers, filled by `fill`, which hands each piece over with its offset
/// (in numbers) in the whole.
pub fn to_array(len: usize, fill: impl FnOnce(&mut dyn FnMut(usize, &[f64]))) -> Float64Array {
    let array = Float64Array::new_with_length(len as u32);
    fill(&mut |offset, piece| {
        let part = array.subarray(offset as u32, (offset + piece.len()) as u32);
        // Always the piece's length when `fill` keeps within `len`; checked, never a trap.
        if part.length() as usize == piece.len() {
            part.copy_from(piece);
        }
    });
    array
}

/// Rows laid out at a time: 256 rows (of 12 numbers at most, a 24 KB buffer).
pub const PIECE_ROWS: usize = 256;

/// Lays out the rows `make` yields, `STRIDE` numbers each, [`PIECE_ROWS`] at a time: `write`
/// gets each piece with its offset (in numbers) in the whole.
pub fn rows<const STRIDE: usize>(
    rows: impl Iterator<Item = [f64; STRIDE]>,
    write: &mut dyn FnMut(usize, &[f64]),
) {
    let mut piece = Vec::with_capacity(PIECE_ROWS * STRIDE);
    let mut offset = 0;
    for row in rows {
        piece.extend_from_slice(&row);
        if piece.len() == PIECE_ROWS * STRIDE {
            write(offset, &piece);
            offset += piece.len();
            piece.clear();
        }
    }
    if !piece.is_empty() {
        write(offset, &piece);
    }
}

/// The rows `make` yields in a new JS array, laid out a piece at a time. `make` is called
/// twice: once to count the rows, once to lay them out (it must yield the same rows).
pub fn rows_to_array<const STRIDE: usize, I: Iterator<Item = [f64; STRIDE]>>(
    make: impl Fn() -> I,
) -> Float64Array {
    to_array(make().count() * STRIDE, |write| rows(make(), write))
}

#[cfg(test)]
#[path = "../unit/in_pieces.rs"]
mod tests;
