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
