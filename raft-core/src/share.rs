//! Share links: a run (its recording) and a moment in it, as a compact, versioned text that
//! fits in a URL fragment. Opening a link replays the run to the same moment, bit for bit.
//!
//! Format `r1.<base64url>`: the version tag, then the postcard encoding of [`Shared`]. Decoding
//! treats its input as hostile: the length is capped before anything is decoded, every field
//! is validated, and the replay cost is bounded, so a link can fail only with a clear message.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::sim::{Action, Recording, Target, MAX_NODES};
use crate::types::{Time, SECOND};

/// The version tag this build writes.
pub const VERSION: &str = "r1";
/// The longest link text accepted (characters after any `#`).
pub const MAX_LINK_LEN: usize = 64 * 1024;
/// The most actions a shared run may hold.
pub const MAX_ACTIONS: usize = 20_000;
/// The most entries a starting log may hold.
pub const MAX_INITIAL_ENTRIES: usize = 10_000;
/// The latest moment a shared run may reach: replaying it must stay quick.
pub const MAX_TIME: Time = 3600 * SECOND;

/// A run and a moment in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// The run.
    pub recording: Recording,
    /// The moment, µs.
    pub cursor: Time,
}

/// Why a link could not be read. The text is meant for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError(pub String);

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(text: impl Into<String>) -> LinkError {
    LinkError(text.into())
}

/// Encodes a run and a moment as link text (without `#`).
pub fn encode(shared: &Shared) -> String {
    // Serializing plain data into a Vec cannot fail; an empty payload would be refused on
    // decoding, never misread.
    let bytes = postcard::to_allocvec(shared).unwrap_or_default();
    format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Decodes and validates link text (a leading `#` is allowed).
pub fn decode(text: &str) -> Result<Shared, LinkError> {
    let text = text.strip_prefix('#').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(err("the link is empty"));
    }
    if text.len() > MAX_LINK_LEN {
        return Err(err(format!(
            "the link is too long ({} characters; at most {MAX_LINK_LEN})",
            text.len()
        )));
    }
    let Some((version, payload)) = text.split_once('.') else {
        return Err(err("this is not a Raft Playground link (no version tag)"));
    };
    if version != VERSION {
        let newer = version
            .strip_prefix('r')
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v > 1);
        return Err(err(if newer {
            format!("this link was made by a newer version of the playground (format {version}); this one reads {VERSION}")
        } else {
            String::from("this is not a Raft Playground link (unknown version tag)")
        }));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| err("the link is damaged (not valid base64url)"))?;
    let (shared, rest): (Shared, &[u8]) =
        postcard::take_from_bytes(&bytes).map_err(|_| err("the link is damaged or truncated"))?;
    if !rest.is_empty() {
        return Err(err("the link has trailing data"));
    }
    validate(&shared)?;
    Ok(shared)
}

/// Checks everything a replay relies on, so a valid run replays without surprises.
pub fn validate(shared: &Shared) -> Result<(), LinkError> {
    let r = &shared.recording;
    r.config
        .validate()
        .map_err(|e| err(format!("bad configuration: {e}")))?;
    let nodes = r.config.nodes;
    if r.config.node.election_timeout_max > 60 * SECOND {
        return Err(err("bad configuration: election timeout above 60 s"));
    }
    if r.config.network.latency_max > 60 * SECOND {
        return Err(err("bad configuration: latency above 60 s"));
    }
    if let Some(long) = r.config.network.long_delay {
        if !(0.0..=1.0).contains(&long.probability) || long.max < long.min || long.max > 60 * SECOND
        {
            return Err(err("bad configuration: long delay out of range"));
        }
    }
    if let Some(cap) = r.config.trace_capacity {
        if cap > 1_000_000 {
            return Err(err("bad configuration: trace capacity too large"));
        }
    }
    if let Some(states) = &r.initial {
        if states.len() != nodes as usize {
            return Err(err(format!(
                "{} starting states for {nodes} nodes",
                states.len()
            )));
        }
        for (i, s) in states.iter().enumerate() {
            let entries = s.log.entries();
            if entries.len() > MAX_INITIAL_ENTRIES {
                return Err(err(format!("S{}'s starting log is too long", i + 1)));
            }
            if s.voted_for.is_some_and(|v| v >= nodes) {
                return Err(err(format!("S{} voted for an unknown node", i + 1)));
            }
            // Terms along a log never decrease and never exceed the server's term.
            let mut last = 0;
            for e in entries {
                if e.term < last || e.term > s.current_term || e.term == 0 {
                    return Err(err(format!(
                        "S{}'s starting log has impossible terms",
                        i + 1
                    )));
                }
                last = e.term;
            }
        }
    }
    if r.actions.len() > MAX_ACTIONS {
        return Err(err(format!(
            "too many actions ({}; at most {MAX_ACTIONS})",
            r.actions.len()
        )));
    }
    let mut previous = 0;
    let node_ok = |n: u8| n < nodes && n < MAX_NODES;
    for (i, timed) in r.actions.iter().enumerate() {
        let n = i + 1;
        if timed.at < previous {
            return Err(err(format!("action {n} is out of time order")));
        }
        if timed.at > MAX_TIME {
            return Err(err(format!("action {n} is later than one hour")));
        }
        previous = timed.at;
        let ok = match &timed.action {
            Action::Propose { to, .. } => match to {
                Target::Node(id) => node_ok(*id),
                Target::Leader => true,
            },
            Action::Crash { node } | Action::Restart { node } | Action::ForceTimeout { node } => {
                node_ok(*node)
            }
            Action::SetPartition { groups } => {
                let mut seen = 0u32;
                groups.len() <= nodes as usize
                    && groups.iter().flatten().all(|id| {
                        let fresh = node_ok(*id) && seen & (1 << id) == 0;
                        seen |= 1 << (*id).min(31);
                        fresh
                    })
            }
            Action::Heal => true,
            Action::CutLink { from, to } | Action::RestoreLink { from, to } => {
                node_ok(*from) && node_ok(*to)
            }
            Action::SetLoss { probability } => (0.0..=1.0).contains(probability),
            Action::SetLatency { min, max } => *min > 0 && min <= max && *max <= 60 * SECOND,
        };
        if !ok {
            return Err(err(format!(
                "action {n} ({}) is invalid",
                timed.action.describe()
            )));
        }
    }
    if shared.cursor > MAX_TIME {
        return Err(err("the link's moment is later than one hour"));
    }
    // Some actions are valid only in context (restart a node that is down): replay to check.
    r.replay(previous)
        .map_err(|e| err(format!("the run cannot be replayed: {e}")))?;
    Ok(())
}

/// Bytes of the encoded run (for size figures).
pub fn encoded_len(shared: &Shared) -> usize {
    postcard::to_allocvec(shared).map_or(0, |v: Vec<u8>| v.len())
}
