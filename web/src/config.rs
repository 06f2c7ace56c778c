//! The constructor's config object: read field by field, each field checked with a message
//! that names it, then turned into the simulator's [`SimConfig`] (milliseconds → microseconds).

use raft_core::sim::{SimConfig, MAX_NODES};
use raft_core::{Backtracking, Time};

use crate::convert::{describe_number, describe_us_as_ms, MAX_EXACT};

/// The most milliseconds any timing field may hold (one hour).
pub const MAX_CONFIG_MS: f64 = 3_600_000.0;
/// The most entries one AppendEntries may carry.
pub const MAX_ENTRIES_PER_APPEND: f64 = 1_000_000.0;

/// Any JSON-like value, kept as it came so the check can say what was wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// A number (possibly NaN or infinite).
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(String),
    /// null or undefined: the field takes its default.
    Null,
    /// Anything else, described ("an array", "an object").
    Other(&'static str),
}

impl Raw {
    /// How an error message names this value.
    pub fn describe(&self) -> String {
        match self {
            Raw::Num(x) => describe_number(*x),
            Raw::Bool(b) => format!("{b}"),
            Raw::Str(s) => format!("the string \"{s}\""),
            Raw::Null => String::from("null"),
            Raw::Other(what) => String::from(*what),
        }
    }
}

/// The config object's fields, each as it came; absent ones take the simulator's defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawConfig {
    /// Number of nodes, 1–9.
    pub nodes: Option<Raw>,
    /// The seed of every PRNG; a random one when absent.
    pub seed: Option<Raw>,
    /// Least election timeout, ms.
    pub election_timeout_min_ms: Option<Raw>,
    /// Most election timeout, ms.
    pub election_timeout_max_ms: Option<Raw>,
    /// Heartbeat interval, ms.
    pub heartbeat_ms: Option<Raw>,
    /// Least one-way latency, ms.
    pub latency_min_ms: Option<Raw>,
    /// Most one-way latency, ms.
    pub latency_max_ms: Option<Raw>,
    /// Probability of losing any one message.
    pub loss: Option<Raw>,
    /// 'one-by-one' or 'by-conflict-term'.
    pub backtracking: Option<Raw>,
    /// PreVote on or off.
    pub pre_vote: Option<Raw>,
    /// CheckQuorum on or off.
    pub check_quorum: Option<Raw>,
    /// A new leader's no-op entry on or off.
    pub leader_noop: Option<Raw>,
    /// Most entries per AppendEntries.
    pub max_entries_per_append: Option<Raw>,
}

/// The field names the constructor knows, as JavaScript spells them.
pub const FIELDS: [&str; 13] = [
    "nodes",
    "seed",
    "electionTimeoutMinMs",
    "electionTimeoutMaxMs",
    "heartbeatMs",
    "latencyMinMs",
    "latencyMaxMs",
    "loss",
    "backtracking",
    "preVote",
    "checkQuorum",
    "leaderNoop",
    "maxEntriesPerAppend",
];

/// [`FIELDS`] as one line, for the error message.
const KNOWN: &str = "nodes, seed, electionTimeoutMinMs, electionTimeoutMaxMs, heartbeatMs, \
    latencyMinMs, latencyMaxMs, loss, backtracking, preVote, checkQuorum, leaderNoop, \
    maxEntriesPerAppend";

impl RawConfig {
    /// Collects the object's (key, value) pairs; an unknown key is an error naming it, a null
    /// or undefined value counts as absent.
    ///
    pub fn from_entries(entries: impl IntoIterator<Item = (String, Raw)>) -> Result<Self, String> {
        let mut c = RawConfig::default();
        for (key, value) in entries {
            let slot = match key.as_str() {
                "nodes" => &mut c.nodes,
                "seed" => &mut c.seed,
                "electionTimeoutMinMs" => &mut c.election_timeout_min_ms,
                "electionTimeoutMaxMs" => &mut c.election_timeout_max_ms,
                "heartbeatMs" => &mut c.heartbeat_ms,
                "latencyMinMs" => &mut c.latency_min_ms,
                "latencyMaxMs" => &mut c.latency_max_ms,
                "loss" => &mut c.loss,
                "backtracking" => &mut c.backtracking,
                "preVote" => &mut c.pre_vote,
                "checkQuorum" => &mut c.check_quorum,
                "leaderNoop" => &mut c.leader_noop,
                "maxEntriesPerAppend" => &mut c.max_entries_per_append,
                _ => return Err(format!("unknown config field '{key}' (known: {KNOWN})")),
            };
            *slot = (value != Raw::Null).then_some(value);
        }
        Ok(c)
    }
}

/// A checked configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The simulator's configuration (trace capacity and checker not set here).
    pub sim: SimConfig,
    /// The seed, when the config named one.
    pub seed: Option<u64>,
}

fn number(field: &str, v: &Raw) -> Result<f64, String> {
    match v {
        Raw::Num(x) if x.is_finite() => Ok(*x),
        Raw::Num(x) => Err(format!(
            "{field} must be a finite number, got {}",
            describe_number(*x)
        )),
        other => Err(format!(
            "{field} must be a number, got {}",
            other.describe()
        )),
    }
}

fn integer(field: &str, v: &Raw, min: f64, max: f64) -> Result<u64, String> {
    let x = number(field, v)?;
    if x.fract() != 0.0 || x < min || x > max {
        return Err(format!(
            "{field} must be an integer from {} to {}, got {}",
            describe_number(min),
            describe_number(max),
            describe_number(x)
        ));
    }
    Ok(x as u64)
}

/// A positive duration in milliseconds (at most an hour), as whole microseconds (at least 1).
fn millis(field: &str, v: &Raw) -> Result<Time, String> {
    let x = number(field, v)?;
    let us = (x * 1000.0).round();
    if x <= 0.0 || x > MAX_CONFIG_MS || us < 1.0 {
        return Err(format!(
            "{field} must be a positive number of milliseconds (0.001 to 3600000), got {}",
            describe_number(x)
        ));
    }
    Ok(us as Time)
}

fn boolean(field: &str, v: &Raw) -> Result<bool, String> {
    match v {
        Raw::Bool(b) => Ok(*b),
        other => Err(format!(
            "{field} must be true or false, got {}",
            other.describe()
        )),
    }
}

fn ms(us: Time) -> String {
    describe_us_as_ms(us)
}

/// Checks every field and the relations between them.
pub fn parse(raw: &RawConfig) -> Result<Parsed, String> {
    let mut sim = SimConfig::default();
    if let Some(v) = &raw.nodes {
        sim.nodes = integer("nodes", v, 1.0, f64::from(MAX_NODES))? as u8;
    }
    let seed = match &raw.seed {
        Some(v) => Some(integer("seed", v, 0.0, MAX_EXACT)?),
        None => None,
    };
    let node = &mut sim.node;
    if let Some(v) = &raw.election_timeout_min_ms {
        node.election_timeout_min = millis("electionTimeoutMinMs", v)?;
    }
    if let Some(v) = &raw.election_timeout_max_ms {
        node.election_timeout_max = millis("electionTimeoutMaxMs", v)?;
    }
    if let Some(v) = &raw.heartbeat_ms {
        node.heartbeat_interval = millis("heartbeatMs", v)?;
    }
    if let Some(v) = &raw.max_entries_per_append {
        node.max_entries_per_append =
            integer("maxEntriesPerAppend", v, 1.0, MAX_ENTRIES_PER_APPEND)? as usize;
    }
    if let Some(v) = &raw.backtracking {
        node.backtracking = match v {
            Raw::Str(s) if s == "one-by-one" => Backtracking::OneByOne,
            Raw::Str(s) if s == "by-conflict-term" => Backtracking::ByConflictTerm,
            other => {
                return Err(format!(
                    "backtracking must be 'one-by-one' or 'by-conflict-term', got {}",
                    other.describe()
                ))
            }
        };
    }
    if let Some(v) = &raw.pre_vote {
        node.pre_vote = boolean("preVote", v)?;
    }
    if let Some(v) = &raw.check_quorum {
        node.check_quorum = boolean("checkQuorum", v)?;
    }
    if let Some(v) = &raw.leader_noop {
        node.leader_noop = boolean("leaderNoop", v)?;
    }
    let net = &mut sim.network;
    if let Some(v) = &raw.latency_min_ms {
        net.latency_min = millis("latencyMinMs", v)?;
    }
    if let Some(v) = &raw.latency_max_ms {
        net.latency_max = millis("latencyMaxMs", v)?;
    }
    if let Some(v) = &raw.loss {
        let p = number("loss", v)?;
        if !(0.0..=1.0).contains(&p) {
            return Err(format!(
                "loss must be a probability from 0 to 1, got {}",
                describe_number(p)
            ));
        }
        net.loss = p;
    }

    let node = &sim.node;
    if node.election_timeout_min > node.election_timeout_max {
        return Err(format!(
            "electionTimeoutMinMs ({}) must not exceed electionTimeoutMaxMs ({})",
            ms(node.election_timeout_min),
            ms(node.election_timeout_max)
        ));
    }
    if node.heartbeat_interval >= node.election_timeout_min {
        return Err(format!(
            "heartbeatMs ({}) must be shorter than electionTimeoutMinMs ({}), or followers time out under a healthy leader",
            ms(node.heartbeat_interval),
            ms(node.election_timeout_min)
        ));
    }
    let net = &sim.network;
    if net.latency_min > net.latency_max {
        return Err(format!(
            "latencyMinMs ({}) must not exceed latencyMaxMs ({})",
            ms(net.latency_min),
            ms(net.latency_max)
        ));
    }
    // Whatever the simulator itself refuses (nothing, after the checks above).
    sim.validate().map_err(|e| format!("invalid config: {e}"))?;
    Ok(Parsed { sim, seed })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lib.rs makes of a JS value, here from JSON.
    fn raw(v: serde_json::Value) -> Raw {
        match v {
            serde_json::Value::Null => Raw::Null,
            serde_json::Value::Bool(b) => Raw::Bool(b),
            serde_json::Value::Number(n) => Raw::Num(n.as_f64().unwrap()),
            serde_json::Value::String(s) => Raw::Str(s),
            serde_json::Value::Array(_) => Raw::Other("an array"),
            serde_json::Value::Object(_) => Raw::Other("an object"),
        }
    }

    fn parse_json(text: &str) -> Result<Parsed, String> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).map_err(|e| format!("{e}"))?;
        parse(&RawConfig::from_entries(
            map.into_iter().map(|(k, v)| (k, raw(v))),
        )?)
    }

    fn err(text: &str) -> String {
        match parse_json(text) {
            Ok(p) => panic!("{text} was accepted: {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn empty_object_gives_the_core_defaults() {
        let p = parse_json("{}").unwrap();
        assert_eq!(p.sim, SimConfig::default());
        assert_eq!(p.seed, None);
        assert_eq!(p.sim.nodes, 5);
    }

    #[test]
    fn every_field_is_read_and_converted_to_microseconds() {
        let p = parse_json(
            r#"{"nodes": 3, "seed": 42, "electionTimeoutMinMs": 200, "electionTimeoutMaxMs": 400.5,
                "heartbeatMs": 20, "latencyMinMs": 1, "latencyMaxMs": 2, "loss": 0.25,
                "backtracking": "by-conflict-term", "preVote": true, "checkQuorum": true,
                "leaderNoop": true, "maxEntriesPerAppend": 8}"#,
        )
        .unwrap();
        assert_eq!(p.seed, Some(42));
        let s = &p.sim;
        assert_eq!(s.nodes, 3);
        assert_eq!(s.node.election_timeout_min, 200_000);
        assert_eq!(s.node.election_timeout_max, 400_500);
        assert_eq!(s.node.heartbeat_interval, 20_000);
        assert_eq!(s.network.latency_min, 1_000);
        assert_eq!(s.network.latency_max, 2_000);
        assert_eq!(s.network.loss, 0.25);
        assert_eq!(s.node.backtracking, Backtracking::ByConflictTerm);
        assert!(s.node.pre_vote && s.node.check_quorum && s.node.leader_noop);
        assert_eq!(s.node.max_entries_per_append, 8);
    }

    #[test]
    fn null_fields_take_defaults() {
        let p = parse_json(r#"{"nodes": null, "seed": null, "loss": null}"#).unwrap();
        assert_eq!(p.sim, SimConfig::default());
        assert_eq!(p.seed, None);
    }

    #[test]
    fn known_fields_line_lists_every_field() {
        assert_eq!(KNOWN, FIELDS.join(", "));
    }

    #[test]
    fn unknown_field_is_named() {
        let e = err(r#"{"node": 3}"#);
        assert!(
            e.starts_with("unknown config field 'node' (known: nodes, seed, "),
            "{e}"
        );
    }

    #[test]
    fn node_count_out_of_range() {
        for text in [r#"{"nodes": 0}"#, r#"{"nodes": 10}"#, r#"{"nodes": 2.5}"#] {
            let e = err(text);
            assert!(e.starts_with("nodes must be an integer from 1 to 9"), "{e}");
        }
        assert!(err(r#"{"nodes": "5"}"#).contains("nodes must be a number, got the string \"5\""));
    }

    #[test]
    fn seed_must_be_a_safe_non_negative_integer() {
        assert!(err(r#"{"seed": -1}"#).starts_with("seed must be an integer from 0 to"));
        assert!(err(r#"{"seed": 1.5}"#).starts_with("seed must be an integer"));
        assert!(err(r#"{"seed": 1e300}"#).starts_with("seed must be an integer"));
        assert_eq!(
            parse_json(r#"{"seed": 9007199254740992}"#).unwrap().seed,
            Some(1 << 53)
        );
        assert_eq!(parse_json(r#"{"seed": 0}"#).unwrap().seed, Some(0));
    }

    #[test]
    fn timing_errors_name_the_field() {
        let nan = parse(&RawConfig {
            heartbeat_ms: Some(Raw::Num(f64::NAN)),
            ..RawConfig::default()
        })
        .unwrap_err();
        assert_eq!(nan, "heartbeatMs must be a finite number, got NaN");
        let inf = parse(&RawConfig {
            latency_max_ms: Some(Raw::Num(f64::INFINITY)),
            ..RawConfig::default()
        })
        .unwrap_err();
        assert_eq!(inf, "latencyMaxMs must be a finite number, got Infinity");
        assert!(err(r#"{"electionTimeoutMinMs": -5}"#)
            .starts_with("electionTimeoutMinMs must be a positive"));
        assert!(err(r#"{"latencyMinMs": 0}"#).starts_with("latencyMinMs must be a positive"));
        assert!(err(r#"{"heartbeatMs": 4000000}"#).starts_with("heartbeatMs must be a positive"));
        assert!(err(r#"{"heartbeatMs": true}"#).contains("heartbeatMs must be a number, got true"));
    }

    #[test]
    fn relations_are_checked_with_both_fields_named() {
        assert_eq!(
            err(r#"{"electionTimeoutMinMs": 300, "electionTimeoutMaxMs": 150}"#),
            "electionTimeoutMinMs (300) must not exceed electionTimeoutMaxMs (150)"
        );
        assert_eq!(
            err(r#"{"latencyMinMs": 40}"#),
            "latencyMinMs (40) must not exceed latencyMaxMs (30)"
        );
        assert!(err(r#"{"heartbeatMs": 150}"#)
            .starts_with("heartbeatMs (150) must be shorter than electionTimeoutMinMs (150)"));
    }

    #[test]
    fn other_fields() {
        assert_eq!(
            err(r#"{"backtracking": "fast"}"#),
            "backtracking must be 'one-by-one' or 'by-conflict-term', got the string \"fast\""
        );
        assert_eq!(
            err(r#"{"preVote": 1}"#),
            "preVote must be true or false, got 1"
        );
        assert_eq!(
            err(r#"{"checkQuorum": [true]}"#),
            "checkQuorum must be true or false, got an array"
        );
        assert_eq!(
            err(r#"{"loss": 1.5}"#),
            "loss must be a probability from 0 to 1, got 1.5"
        );
        assert!(err(r#"{"maxEntriesPerAppend": 0}"#)
            .starts_with("maxEntriesPerAppend must be an integer from 1"));
        assert!(err(r#"{"leaderNoop": {"a": 1}}"#).ends_with("got an object"));
    }
}
