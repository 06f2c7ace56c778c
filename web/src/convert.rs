//! Checks and conversions of the plain numbers that come from JavaScript (node ids, values,
//! durations, probabilities), each with a message that says what was wrong.

use alloc::string::String;

use raft_core::sim::Until;
use raft_core::text;
use raft_core::text::{push_decimal, push_digits, Piece};
use raft_core::{NodeId, Time};

use crate::config::Raw;

/// 2^53: every integer up to here is exact in an f64 (a JS number).
pub const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
/// The most virtual time one `advance` call may run (one hour), in ms.
pub const MAX_ADVANCE_MS: f64 = 3_600_000.0;
/// The largest latency `setLatency` accepts (one minute), in ms.
pub const MAX_LATENCY_MS: f64 = 60_000.0;

/// `f64::trunc`, which `core` lacks (up to the sign of a zero).
pub fn trunc(x: f64) -> f64 {
    // From 2^52 on every f64 is whole (and NaN and the infinities stay as they are).
    if x.abs() < 4_503_599_627_370_496.0 {
        (x as i64) as f64
    } else {
        x
    }
}

/// `f64::fract`.
pub fn fract(x: f64) -> f64 {
    x - trunc(x)
}

/// `f64::floor`.
pub fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// `f64::round`: halfway cases away from zero (wasm's own `nearest` rounds them to even).
pub fn round(x: f64) -> f64 {
    let t = trunc(x);
    // Exact: below 2^52 the fraction is representable, above it is 0.
    let d = x - t;
    if d.abs() >= 0.5 {
        t + d.signum()
    } else {
        t
    }
}

/// A number in an error message: whole numbers exactly, others to six decimals, and the odd
/// ones as JavaScript spells them ("NaN", "Infinity"). Written by hand so that the wasm carries
/// no float formatting (about 14 KB).
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl Piece for Num {
    fn push_to(self, out: &mut String) {
        let x = self.0;
        if x.is_nan() {
            return out.push_str("NaN");
        }
        if x < 0.0 {
            out.push('-');
        }
        let a = x.abs();
        if a.is_infinite() {
            return out.push_str("Infinity");
        }
        if a >= 1e18 {
            return out.push_str("1e18 or more in size");
        }
        let mut whole = trunc(a) as u64;
        let mut micros = round((a - trunc(a)) * 1e6) as u64;
        if micros == 1_000_000 {
            whole += 1;
            micros = 0;
        }
        push_decimal(out, whole);
        push_fraction(out, micros, 6);
    }
}

/// Whole microseconds as a millisecond count in a message ("150", "0.5").
#[derive(Clone, Copy, Debug)]
pub struct Ms(pub Time);

impl Piece for Ms {
    fn push_to(self, out: &mut String) {
        push_decimal(out, self.0 / 1000);
        push_fraction(out, self.0 % 1000, 3);
    }
}

/// Appends the fraction `digits / 10^width` as ".ddd" without trailing zeros; nothing for 0.
fn push_fraction(out: &mut String, mut digits: u64, mut width: u32) {
    if digits == 0 {
        return;
    }
    while digits % 10 == 0 {
        digits /= 10;
        width -= 1;
    }
    out.push('.');
    push_digits(out, digits, width);
}

/// [`Num`] as a string.
pub fn describe_number(x: f64) -> String {
    text!(Num(x))
}

/// [`Ms`] as a string.
pub fn describe_us_as_ms(us: Time) -> String {
    text!(Ms(us))
}

/// Virtual microseconds as milliseconds.
pub fn us_to_ms(t: Time) -> f64 {
    t as f64 / 1000.0
}

/// A node id from JS: a whole number in `0..n`.
pub fn node_id(x: f64, n: usize) -> Result<NodeId, String> {
    if !x.is_finite() || fract(x) != 0.0 {
        return Err(text!("node id must be a whole number, got ", Num(x)));
    }
    if x < 0.0 || x >= n as f64 {
        return Err(text!(
            "unknown node id ",
            Num(x),
            " (this cluster has ids 0 to ",
            n.saturating_sub(1),
            ")"
        ));
    }
    Ok(x as NodeId)
}

/// A client value: a whole number from 0 to 2^53.
pub fn value(x: f64) -> Result<u64, String> {
    if !x.is_finite() || fract(x) != 0.0 || !(0.0..=MAX_EXACT).contains(&x) {
        return Err(text!(
            "value must be a whole number from 0 to 2^53, got ",
            Num(x)
        ));
    }
    Ok(x as u64)
}

/// A trace position: a whole number from 0 to 2^53.
pub fn seq(x: f64) -> Result<u64, String> {
    if !x.is_finite() || fract(x) != 0.0 || !(0.0..=MAX_EXACT).contains(&x) {
        return Err(text!(
            "sinceSeq must be a whole number from 0 to 2^53, got ",
            Num(x)
        ));
    }
    Ok(x as u64)
}

/// How far `advance` may run: finite, not negative, at most an hour. Returns microseconds.
pub fn advance_us(ms: f64) -> Result<f64, String> {
    if !ms.is_finite() || !(0.0..=MAX_ADVANCE_MS).contains(&ms) {
        return Err(text!(
            "advance(ms) needs a number of milliseconds from 0 to 3600000 (one hour), got ",
            Num(ms)
        ));
    }
    Ok(ms * 1000.0)
}

/// Where `seek` may go: finite, not negative, at most an hour past the horizon (what has been
/// simulated already). Returns whole microseconds.
pub fn seek_us(ms: f64, horizon: Time) -> Result<Time, String> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(text!(
            "seek(ms) needs a number of milliseconds from 0, got ",
            Num(ms)
        ));
    }
    let limit = us_to_ms(horizon) + MAX_ADVANCE_MS;
    if ms > limit {
        return Err(text!(
            "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at most ",
            Num(limit),
            " here, got ",
            Num(ms)
        ));
    }
    Ok(round(ms * 1000.0) as Time)
}

/// What `runUntil` looks for: 'leader', 'commit' or 'split'.
pub fn until(kind: &Raw) -> Result<Until, String> {
    match kind {
        Raw::Str(s) if s == "leader" => Ok(Until::LeaderChange),
        Raw::Str(s) if s == "commit" => Ok(Until::Commit),
        Raw::Str(s) if s == "split" => Ok(Until::SplitVote),
        other => Err(text!(
            "runUntil(kind) takes 'leader', 'commit' or 'split', got ",
            other
        )),
    }
}

/// How far `runUntil` may run: finite, not negative, at most an hour. Returns microseconds.
pub fn run_limit_us(ms: f64) -> Result<Time, String> {
    if !ms.is_finite() || !(0.0..=MAX_ADVANCE_MS).contains(&ms) {
        return Err(text!(
            "runUntil limitMs needs a number of milliseconds from 0 to 3600000 (one hour), got ",
            Num(ms)
        ));
    }
    Ok(round(ms * 1000.0) as Time)
}

/// A loss probability in [0, 1].
pub fn probability(p: f64) -> Result<f64, String> {
    if !(0.0..=1.0).contains(&p) {
        return Err(text!(
            "loss must be a probability from 0 to 1, got ",
            Num(p)
        ));
    }
    Ok(p)
}

/// A latency range in ms, as whole microseconds: 0 < min ≤ max ≤ one minute.
pub fn latency(min_ms: f64, max_ms: f64) -> Result<(Time, Time), String> {
    let one = |name: &str, x: f64| -> Result<Time, String> {
        let us = round(x * 1000.0);
        if !x.is_finite() || x <= 0.0 || x > MAX_LATENCY_MS || us < 1.0 {
            return Err(text!(
                "latency ",
                name,
                " must be a positive number of milliseconds (0.001 to 60000), got ",
                Num(x)
            ));
        }
        Ok(us as Time)
    };
    let min = one("min", min_ms)?;
    let max = one("max", max_ms)?;
    if min > max {
        return Err(text!(
            "latency min (",
            Num(min_ms),
            ") must not exceed max (",
            Num(max_ms),
            ")"
        ));
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_as_the_standard_library_does() {
        for x in [
            0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            1.234_5,
            -7.75,
            4_503_599_627_370_495.5,
            9_007_199_254_740_993.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(round(x), x.round(), "round({x})");
            assert_eq!(trunc(x), x.trunc(), "trunc({x})");
            assert_eq!(floor(x), x.floor(), "floor({x})");
            if x.is_finite() {
                assert_eq!(fract(x), x.fract(), "fract({x})");
            }
        }
        assert!(round(f64::NAN).is_nan() && trunc(f64::NAN).is_nan());
        assert!(fract(f64::INFINITY).is_nan());
    }

    #[test]
    fn numbers_print_as_in_javascript() {
        assert_eq!(describe_number(f64::NAN), "NaN");
        assert_eq!(describe_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(describe_number(f64::INFINITY), "Infinity");
        assert_eq!(describe_number(12.0), "12");
        assert_eq!(describe_number(0.0), "0");
        assert_eq!(describe_number(-0.5), "-0.5");
        assert_eq!(describe_number(2.25), "2.25");
        assert_eq!(describe_number(0.1), "0.1");
        assert_eq!(describe_number(0.3), "0.3");
        assert_eq!(describe_number(1.0 / 3.0), "0.333333");
        assert_eq!(describe_number(1.9999999), "2");
        assert_eq!(describe_number(9_007_199_254_740_993.0), "9007199254740992");
        assert_eq!(describe_number(1e300), "1e18 or more in size");
        assert_eq!(describe_number(-1e300), "-1e18 or more in size");
    }

    #[test]
    fn microseconds_print_as_milliseconds() {
        assert_eq!(describe_us_as_ms(150_000), "150");
        assert_eq!(describe_us_as_ms(500), "0.5");
        assert_eq!(describe_us_as_ms(400_250), "400.25");
        assert_eq!(describe_us_as_ms(1), "0.001");
    }

    #[test]
    fn node_ids() {
        assert_eq!(node_id(0.0, 5), Ok(0));
        assert_eq!(node_id(4.0, 5), Ok(4));
        assert_eq!(
            node_id(12.0, 5),
            Err(String::from(
                "unknown node id 12 (this cluster has ids 0 to 4)"
            ))
        );
        assert!(node_id(5.0, 5)
            .unwrap_err()
            .starts_with("unknown node id 5"));
        assert!(node_id(-1.0, 5)
            .unwrap_err()
            .starts_with("unknown node id -1"));
        assert_eq!(
            node_id(1.5, 5),
            Err(String::from("node id must be a whole number, got 1.5"))
        );
        assert!(node_id(f64::NAN, 5).unwrap_err().ends_with("got NaN"));
        assert!(node_id(f64::INFINITY, 5).is_err());
        assert!(node_id(1e300, 5).is_err());
    }

    #[test]
    fn values_and_positions() {
        assert_eq!(value(0.0), Ok(0));
        assert_eq!(value(MAX_EXACT), Ok(1 << 53));
        assert!(value(-1.0).is_err());
        assert!(value(0.5).is_err());
        assert!(value(f64::NAN).is_err());
        assert!(value(MAX_EXACT * 2.0).is_err());
        assert_eq!(seq(7.0), Ok(7));
        assert!(seq(-1.0).unwrap_err().starts_with("sinceSeq must be"));
    }

    #[test]
    fn limits_are_the_ones_the_messages_name() {
        assert_eq!(MAX_ADVANCE_MS, 3_600_000.0);
        assert_eq!(MAX_LATENCY_MS, 60_000.0);
        assert_eq!(crate::config::MAX_CONFIG_MS, 3_600_000.0);
        assert_eq!(MAX_EXACT, 2f64.powi(53));
    }

    #[test]
    fn advance_limits() {
        assert_eq!(advance_us(0.0), Ok(0.0));
        assert_eq!(advance_us(16.5), Ok(16_500.0));
        assert_eq!(advance_us(MAX_ADVANCE_MS), Ok(3_600_000_000.0));
        for bad in [f64::NAN, -1.0, f64::INFINITY, MAX_ADVANCE_MS + 1.0] {
            assert!(advance_us(bad)
                .unwrap_err()
                .starts_with("advance(ms) needs"));
        }
    }

    #[test]
    fn seek_and_run_limits() {
        assert_eq!(seek_us(0.0, 0), Ok(0));
        assert_eq!(seek_us(1.2345, 0), Ok(1_235));
        assert_eq!(seek_us(MAX_ADVANCE_MS + 5.0, 5_000), Ok(3_600_005_000));
        assert_eq!(
            seek_us(MAX_ADVANCE_MS + 5.5, 5_000),
            Err(String::from(
                "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at \
                 most 3600005 here, got 3600005.5"
            ))
        );
        for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(seek_us(bad, 0)
                .unwrap_err()
                .starts_with("seek(ms) needs a number of milliseconds from 0, got "));
        }
        assert_eq!(run_limit_us(2.5), Ok(2_500));
        assert_eq!(run_limit_us(MAX_ADVANCE_MS), Ok(3_600_000_000));
        for bad in [f64::NAN, -1.0, f64::INFINITY, MAX_ADVANCE_MS + 1.0] {
            assert!(run_limit_us(bad)
                .unwrap_err()
                .starts_with("runUntil limitMs needs"));
        }
        let s = |t: &str| Raw::Str(String::from(t));
        assert_eq!(until(&s("leader")), Ok(Until::LeaderChange));
        assert_eq!(until(&s("commit")), Ok(Until::Commit));
        assert_eq!(until(&s("split")), Ok(Until::SplitVote));
        assert_eq!(
            until(&s("Leader")),
            Err(String::from(
                "runUntil(kind) takes 'leader', 'commit' or 'split', got the string \"Leader\""
            ))
        );
        assert!(until(&Raw::Num(1.0)).unwrap_err().ends_with("got 1"));
        assert!(until(&Raw::Null).unwrap_err().ends_with("got null"));
    }

    #[test]
    fn loss_and_latency() {
        assert_eq!(probability(0.3), Ok(0.3));
        assert!(probability(f64::NAN).unwrap_err().ends_with("got NaN"));
        assert!(probability(-0.1).is_err());
        assert!(probability(1.1).is_err());
        assert_eq!(latency(5.0, 5.0), Ok((5_000, 5_000)));
        assert_eq!(latency(0.5, 20.25), Ok((500, 20_250)));
        assert!(latency(0.0, 5.0)
            .unwrap_err()
            .starts_with("latency min must be"));
        assert!(latency(5.0, f64::NAN)
            .unwrap_err()
            .starts_with("latency max must be"));
        assert_eq!(
            latency(30.0, 10.0),
            Err(String::from("latency min (30) must not exceed max (10)"))
        );
        assert!(latency(1.0, 1e9).is_err());
    }
}
