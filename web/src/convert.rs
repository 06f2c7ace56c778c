//! Unit conversions between the page and raft-core (virtual ms as JS numbers ↔ whole
//! microseconds; JS numbers ↔ node ids, values, trace positions), each refusing what does not
//! convert with a message that says what was wrong. What is *allowed* is raft-core's
//! (`raft_core::limits`); the horizon checks here only read those limits.

use std::fmt;

use raft_core::limits;
use raft_core::sim::Until;
use raft_core::{NodeId, Time};
use serde::Deserialize;
use tsify::Tsify;

use crate::failure::{Failure, FailureView};

/// A number in a message, printed as JavaScript prints it: "NaN", "Infinity", "12", "0.5".
#[derive(Clone, Copy, Debug)]
pub struct JsNum(pub f64);

impl fmt::Display for JsNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.is_nan() {
            f.write_str("NaN")
        } else if x.is_infinite() {
            f.write_str(if x > 0.0 { "Infinity" } else { "-Infinity" })
        } else if x.abs() >= 1e21 {
            // JavaScript switches to exponent notation here, with an explicit '+' (the
            // exponent is positive here). Split at the 'e' rather than `replacen`, whose
            // substring search the wasm would carry for this one use.
            let text = format!("{x:e}");
            let (digits, exponent) = text.split_once('e').unwrap_or((&text, "0"));
            write!(f, "{digits}e+{exponent}")
        } else {
            // Rust's shortest round-trip digits are JavaScript's too, without the "-0".
            write!(f, "{}", if x == 0.0 { 0.0 } else { x })
        }
    }
}

/// Virtual microseconds as milliseconds.
pub fn us_to_ms(t: Time) -> f64 {
    t as f64 / 1000.0
}

/// Milliseconds as whole microseconds, rounded half away from zero. Saturates below 0 and
/// above `u64::MAX` (NaN gives 0): raft-core's range checks then refuse the result.
pub fn ms_to_us(ms: f64) -> Time {
    (ms * 1000.0).round() as Time
}

/// A node id from JS: a whole number in `0..n`.
pub fn node_id(x: f64, n: usize) -> Result<NodeId, Failure> {
    if !x.is_finite() || x.fract() != 0.0 {
        return Err(Failure::new(
            FailureView::NodeIdNotWhole { got: x },
            format!("node id must be a whole number, got {}", JsNum(x)),
        ));
    }
    if x < 0.0 || x >= n as f64 {
        return Err(Failure::new(
            FailureView::NodeIdOutOfRange {
                got: x,
                nodes: u32::try_from(n).unwrap_or(u32::MAX),
            },
            format!(
                "unknown node id {} (this cluster has ids 0 to {})",
                JsNum(x),
                n.saturating_sub(1)
            ),
        ));
    }
    Ok(x as NodeId)
}

/// `what` (a config field or an argument) is not a whole number from 0 to 2^53.
pub fn not_whole(what: &str, x: f64) -> Failure {
    Failure::new(
        FailureView::NotWhole {
            field: what.into(),
            got: x,
        },
        format!(
            "{what} must be a whole number from 0 to 2^53, got {}",
            JsNum(x)
        ),
    )
}

/// A whole number from 0 to 2^53 (what a JS number holds exactly).
fn exact(what: &str, x: f64) -> Result<u64, Failure> {
    if !x.is_finite() || x.fract() != 0.0 || !(0.0..=limits::MAX_EXACT as f64).contains(&x) {
        return Err(not_whole(what, x));
    }
    Ok(x as u64)
}

/// A client value: a whole number from 0 to 2^53.
pub fn value(x: f64) -> Result<u64, Failure> {
    exact("value", x)
}

/// A trace position: a whole number from 0 to 2^53.
pub fn seq(x: f64) -> Result<u64, Failure> {
    exact("sinceSeq", x)
}

/// The horizon of one call, ms.
fn horizon_ms() -> f64 {
    us_to_ms(limits::HORIZON)
}

/// How far `advance` may run: finite, not negative, at most [`limits::HORIZON`]. Returns
/// microseconds (fractional: `advance` carries the remainder).
pub fn advance_us(ms: f64) -> Result<f64, Failure> {
    if !ms.is_finite() || !(0.0..=horizon_ms()).contains(&ms) {
        return Err(Failure::new(
            FailureView::AdvanceOutOfRange {
                max_ms: horizon_ms(),
                got: ms,
            },
            format!(
                "advance(ms) needs a number of milliseconds from 0 to {} (one hour), got {}",
                JsNum(horizon_ms()),
                JsNum(ms)
            ),
        ));
    }
    Ok(ms * 1000.0)
}

/// Where `seek` may go: finite, not negative, at most [`limits::HORIZON`] past the horizon
/// (what has been simulated already). Returns whole microseconds.
pub fn seek_us(ms: f64, horizon: Time) -> Result<Time, Failure> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(Failure::new(
            FailureView::SeekNegative { got: ms },
            format!(
                "seek(ms) needs a number of milliseconds from 0, got {}",
                JsNum(ms)
            ),
        ));
    }
    let limit = us_to_ms(horizon) + horizon_ms();
    if ms > limit {
        return Err(Failure::new(
            FailureView::SeekTooFar {
                ahead_ms: horizon_ms(),
                limit_ms: limit,
                got: ms,
            },
            format!(
                "seek(ms) goes at most one hour ({} ms) past the simulated horizon, so at most \
                 {} here, got {}",
                JsNum(horizon_ms()),
                JsNum(limit),
                JsNum(ms)
            ),
        ));
    }
    Ok(ms_to_us(ms))
}

/// What `runUntil` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum UntilKind {
    /// The next leader change.
    Leader,
    /// The next commit.
    Commit,
    /// The next split vote.
    Split,
}

impl From<UntilKind> for Until {
    fn from(kind: UntilKind) -> Self {
        match kind {
            UntilKind::Leader => Until::LeaderChange,
            UntilKind::Commit => Until::Commit,
            UntilKind::Split => Until::SplitVote,
        }
    }
}

/// How far `runUntil` may run: finite, not negative, at most [`limits::HORIZON`]. Returns
/// microseconds.
pub fn run_limit_us(ms: f64) -> Result<Time, Failure> {
    if !ms.is_finite() || !(0.0..=horizon_ms()).contains(&ms) {
        return Err(Failure::new(
            FailureView::RunLimitOutOfRange {
                max_ms: horizon_ms(),
                got: ms,
            },
            format!(
                "runUntil limitMs needs a number of milliseconds from 0 to {} (one hour), got {}",
                JsNum(horizon_ms()),
                JsNum(ms)
            ),
        ));
    }
    Ok(ms_to_us(ms))
}

/// The most events one slice (`runUntilSlice`, `seekSlice`, `LinkOpening.step`) may run: far more than a
/// frame's worth.
pub const MAX_SLICE_EVENTS: f64 = 1e7;

/// How many events one slice may run: a whole number from 1 to [`MAX_SLICE_EVENTS`].
pub fn event_budget(x: f64) -> Result<u64, Failure> {
    if !x.is_finite() || x.fract() != 0.0 || !(1.0..=MAX_SLICE_EVENTS).contains(&x) {
        return Err(Failure::new(
            FailureView::EventBudget {
                max: MAX_SLICE_EVENTS,
                got: x,
            },
            format!(
                "maxEvents (runUntilSlice, seekSlice, LinkOpening.step) needs a whole number from 1 to {}, got {}",
                JsNum(MAX_SLICE_EVENTS),
                JsNum(x)
            ),
        ));
    }
    Ok(x as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_in_javascript() {
        let js = |x: f64| JsNum(x).to_string();
        assert_eq!(js(f64::NAN), "NaN");
        assert_eq!(js(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js(f64::INFINITY), "Infinity");
        assert_eq!(js(12.0), "12");
        assert_eq!(js(0.0), "0");
        assert_eq!(js(-0.0), "0");
        assert_eq!(js(-0.5), "-0.5");
        assert_eq!(js(2.25), "2.25");
        assert_eq!(js(0.1), "0.1");
        assert_eq!(js(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(js(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(js(9_007_199_254_740_993.0), "9007199254740992");
        assert_eq!(js(1e300), "1e+300");
        assert_eq!(js(-1.5e21), "-1.5e+21");
    }

    #[test]
    fn milliseconds_and_microseconds() {
        assert_eq!(ms_to_us(150.0), 150_000);
        assert_eq!(
            ms_to_us(0.0005),
            1,
            "half a microsecond rounds away from zero"
        );
        assert_eq!(ms_to_us(1.2345), 1_235);
        assert_eq!(ms_to_us(-5.0), 0, "saturates: raft-core refuses 0");
        assert_eq!(ms_to_us(1e300), u64::MAX);
        assert_eq!(us_to_ms(400_250), 400.25);
    }

    #[test]
    fn node_ids() {
        assert_eq!(node_id(0.0, 5), Ok(0));
        assert_eq!(node_id(4.0, 5), Ok(4));
        assert_eq!(
            node_id(12.0, 5).map_err(|f| f.message),
            Err(String::from(
                "unknown node id 12 (this cluster has ids 0 to 4)"
            ))
        );
        assert!(node_id(5.0, 5)
            .unwrap_err()
            .message
            .starts_with("unknown node id 5"));
        assert!(node_id(-1.0, 5)
            .unwrap_err()
            .message
            .starts_with("unknown node id -1"));
        assert_eq!(
            node_id(1.5, 5).map_err(|f| f.message),
            Err(String::from("node id must be a whole number, got 1.5"))
        );
        assert!(node_id(f64::NAN, 5)
            .unwrap_err()
            .message
            .ends_with("got NaN"));
        assert!(node_id(f64::INFINITY, 5).is_err());
        assert!(node_id(1e300, 5).is_err());
    }

    #[test]
    fn values_and_positions() {
        let max = limits::MAX_EXACT as f64;
        assert_eq!(value(0.0), Ok(0));
        assert_eq!(value(max), Ok(1 << 53));
        assert!(value(-1.0).is_err());
        assert!(value(0.5).is_err());
        assert!(value(f64::NAN).is_err());
        assert!(value(max * 2.0).is_err());
        assert_eq!(seq(7.0), Ok(7));
        assert!(seq(-1.0)
            .unwrap_err()
            .message
            .starts_with("sinceSeq must be"));
    }

    #[test]
    fn the_horizon_is_the_core_limit() {
        assert_eq!(horizon_ms(), 3_600_000.0);
        assert_eq!(limits::MAX_EXACT as f64, 2f64.powi(53));
    }

    #[test]
    fn advance_limits() {
        assert_eq!(advance_us(0.0), Ok(0.0));
        assert_eq!(advance_us(16.5), Ok(16_500.0));
        assert_eq!(advance_us(3_600_000.0), Ok(3_600_000_000.0));
        for bad in [f64::NAN, -1.0, f64::INFINITY, 3_600_001.0] {
            assert!(advance_us(bad)
                .unwrap_err()
                .message
                .starts_with("advance(ms) needs"));
        }
    }

    #[test]
    fn seek_and_run_limits() {
        assert_eq!(seek_us(0.0, 0), Ok(0));
        assert_eq!(seek_us(1.2345, 0), Ok(1_235));
        assert_eq!(seek_us(3_600_005.0, 5_000), Ok(3_600_005_000));
        assert_eq!(
            seek_us(3_600_005.5, 5_000).map_err(|f| f.message),
            Err(String::from(
                "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at \
                 most 3600005 here, got 3600005.5"
            ))
        );
        for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(seek_us(bad, 0)
                .unwrap_err()
                .message
                .starts_with("seek(ms) needs a number of milliseconds from 0, got "));
        }
        assert_eq!(run_limit_us(2.5), Ok(2_500));
        assert_eq!(run_limit_us(3_600_000.0), Ok(3_600_000_000));
        for bad in [f64::NAN, -1.0, f64::INFINITY, 3_600_001.0] {
            assert!(run_limit_us(bad)
                .unwrap_err()
                .message
                .starts_with("runUntil limitMs needs"));
        }
        let kind = |t: &str| serde_json::from_value::<UntilKind>(serde_json::json!(t));
        assert_eq!(
            kind("leader").map(Until::from).ok(),
            Some(Until::LeaderChange)
        );
        assert_eq!(kind("commit").map(Until::from).ok(), Some(Until::Commit));
        assert_eq!(kind("split").map(Until::from).ok(), Some(Until::SplitVote));
        assert!(kind("Leader").is_err());
    }
}
