//! The constructor's config object: read field by field, each field checked with a message
//! that names it, then turned into the simulator's [`SimConfig`] (milliseconds → microseconds).

use alloc::string::String;

use raft_core::sim::{SimConfig, MAX_NODES};
use raft_core::{Backtracking, Time};

use raft_core::text;
use raft_core::text::Piece;

use crate::convert::{fract, round, Ms, Num, MAX_EXACT};

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
        text!(self)
    }
}

/// As [`Raw::describe`] names it.
impl Piece for &Raw {
    fn push_to(self, out: &mut String) {
        match self {
            Raw::Num(x) => Num(*x).push_to(out),
            Raw::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Raw::Str(s) => {
                out.push_str("the string \"");
                out.push_str(s);
                out.push('"');
            }
            Raw::Null => out.push_str("null"),
            Raw::Other(what) => out.push_str(what),
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
                _ => {
                    return Err(text!(
                        "unknown config field '",
                        &key,
                        "' (known: ",
                        KNOWN,
                        ")"
                    ))
                }
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
        Raw::Num(x) => Err(text!(field, " must be a finite number, got ", Num(*x))),
        other => Err(text!(field, " must be a number, got ", other)),
    }
}

fn integer(field: &str, v: &Raw, min: f64, max: f64) -> Result<u64, String> {
    let x = number(field, v)?;
    if fract(x) != 0.0 || x < min || x > max {
        return Err(text!(
            field,
            " must be an integer from ",
            Num(min),
            " to ",
            Num(max),
            ", got ",
            Num(x)
        ));
    }
    Ok(x as u64)
}

/// A positive duration in milliseconds (at most an hour), as whole microseconds (at least 1).
fn millis(field: &str, v: &Raw) -> Result<Time, String> {
    let x = number(field, v)?;
    let us = round(x * 1000.0);
    if x <= 0.0 || x > MAX_CONFIG_MS || us < 1.0 {
        return Err(text!(
            field,
            " must be a positive number of milliseconds (0.001 to 3600000), got ",
            Num(x)
        ));
    }
    Ok(us as Time)
}

fn boolean(field: &str, v: &Raw) -> Result<bool, String> {
    match v {
        Raw::Bool(b) => Ok(*b),
        other => Err(text!(field, " must be true or false, got ", other)),
    }
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
                return Err(text!(
                    "backtracking must be 'one-by-one' or 'by-conflict-term', got ",
                    other
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
            return Err(text!(
                "loss must be a probability from 0 to 1, got ",
                Num(p)
            ));
        }
        net.loss = p;
    }

    let node = &sim.node;
    if node.election_timeout_min > node.election_timeout_max {
        return Err(text!(
            "electionTimeoutMinMs (",
            Ms(node.election_timeout_min),
            ") must not exceed electionTimeoutMaxMs (",
            Ms(node.election_timeout_max),
            ")"
        ));
    }
    if node.heartbeat_interval >= node.election_timeout_min {
        return Err(text!(
            "heartbeatMs (",
            Ms(node.heartbeat_interval),
            ") must be shorter than electionTimeoutMinMs (",
            Ms(node.election_timeout_min),
            "), or followers time out under a healthy leader"
        ));
    }
    let net = &sim.network;
    if net.latency_min > net.latency_max {
        return Err(text!(
            "latencyMinMs (",
            Ms(net.latency_min),
            ") must not exceed latencyMaxMs (",
            Ms(net.latency_max),
            ")"
        ));
    }
    // Whatever the simulator itself refuses (nothing, after the checks above).
    sim.validate()
        .map_err(|e| text!("invalid config: ", &e.0))?;
    Ok(Parsed { sim, seed })
}

#[cfg(test)]
#[path = "../unit/config.rs"]
mod tests;
