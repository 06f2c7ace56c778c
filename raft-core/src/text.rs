//! The old text builder, [`text!`](crate::text!): appends pieces (strings, integers, node
//! names) to a `String`.
//!
//! The core's own texts are `Display` impls now (`core::fmt`); nothing in it but the share-link
//! codec uses this module, which stays only until that codec and the binding move off it. Node
//! names come from [`crate::types::Name`] either way.

#[doc(hidden)]
pub use alloc::string::String;

/// One piece of a [`text!`](crate::text!).
pub trait Piece {
    /// Appends this piece to `out`.
    fn push_to(self, out: &mut String);
}

impl Piece for &str {
    fn push_to(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for &String {
    fn push_to(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for u64 {
    fn push_to(self, out: &mut String) {
        push_decimal(out, self);
    }
}

impl Piece for u32 {
    fn push_to(self, out: &mut String) {
        push_decimal(out, u64::from(self));
    }
}

impl Piece for u8 {
    fn push_to(self, out: &mut String) {
        push_decimal(out, u64::from(self));
    }
}

impl Piece for usize {
    fn push_to(self, out: &mut String) {
        push_decimal(out, self as u64);
    }
}

/// A node's display name, the one the core defines ([`crate::types::Name`]).
pub use crate::types::Name;

impl Piece for Name {
    fn push_to(self, out: &mut String) {
        use core::fmt::Write;
        // Writing into a String cannot fail.
        let _ = write!(out, "{self}");
    }
}

/// Appends `n` in decimal.
pub fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends exactly `width` decimal digits of `n` (leading zeros kept, higher digits dropped).
pub fn push_digits(out: &mut String, n: u64, width: u32) {
    if width > 1 {
        push_digits(out, n / 10, width - 1);
    }
    if width > 0 {
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

/// The pieces, in order, as a new `String`: `text!("S", 3, " is down")`. Each piece is a
/// [`Piece`]: a `&str`, a `&String`, an unsigned integer or a [`Name`].
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = $crate::text::String::new();
        $($crate::text::Piece::push_to($piece, &mut out);)*
        out
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces() {
        assert_eq!(text!("a", 0u64, "b"), "a0b");
        assert_eq!(text!(u64::MAX), "18446744073709551615");
        assert_eq!(
            text!(Name(0), " ", Name(8), " ", 7u8, " ", 12usize, " ", 40u32),
            "S1 S9 7 12 40"
        );
        let s = String::from("x");
        assert_eq!(text!(&s, "y"), "xy");
    }

    #[test]
    fn digits() {
        let mut s = String::new();
        push_digits(&mut s, 5, 3);
        s.push(' ');
        push_digits(&mut s, 123_456, 6);
        s.push(' ');
        push_digits(&mut s, 0, 0);
        assert_eq!(s, "005 123456 ");
    }
}
