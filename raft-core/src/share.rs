//! Share links: a run (its recording) and a moment in it, as a compact, versioned text that
//! fits in a URL fragment. Opening a link replays the run to the same moment, bit for bit.
//!
//! Format `r2.<base64url>`: the version tag, a dot, then the [postcard] bytes of [`Shared`]
//! (the crate's serde derives: varints for integers, one byte for a tag, IEEE-754 bits for
//! the probabilities) in URL-safe base64 without padding. The tag is the only version marker:
//! it names the byte layout, so a change to any derived type that moves bytes bumps it.
//!
//! Decoding treats its input as hostile, and every step refuses rather than guesses:
//! - the text is capped at [`MAX_LINK_LEN`] before anything is decoded;
//! - base64 must be canonical (no padding, no stray bits in the last symbol);
//! - postcard pre-allocates a sequence only when its claimed length fits in the bytes left,
//!   and serde caps any pre-allocation at 1 MiB, so memory stays bounded by the input;
//! - the payload must end where the input ends, and must be the one byte form its run
//!   encodes to (postcard would also read over-long varints);
//! - every field is then validated against [`crate::limits`] ([`validate`]), and [`open`]
//!   replays the run once, refusing it at the first action that does not apply.
//!
//! So a link opens as it was made, or fails with a clear message; it never panics.
//!
//! The leniencies are the ones a pasted link needs and nothing more: a leading `#` and
//! surrounding whitespace are ignored.

#[cfg(test)]
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::limits::{HORIZON, MAX_EXACT, MAX_NODES};
use crate::log::Command;
use crate::sim::{Action, NetworkConfig, Recording, ReplayError, Target, Timeline};
use crate::types::{Name, NodeId, Time};

/// The version tag this build writes and reads.
pub const VERSION: &str = "r2";
/// The version tags of earlier builds, whose links this one recognises but cannot read.
const OLDER_VERSIONS: &[&str] = &["r1"];
pub use crate::limits::{MAX_ACTIONS, MAX_INITIAL_ENTRIES, MAX_LINK_LEN};
/// The latest moment a shared run may reach: replaying it must stay quick.
pub const MAX_TIME: Time = HORIZON;
/// The most trace records a decoded run may ask to keep. ([`open`] keeps far fewer whatever
/// the link says; this bounds what a direct user of [`decode`] would allocate.)
const MAX_TRACE_CAPACITY: usize = 1_000_000;
/// The trace kept by the replay in [`open`].
const OPEN_TRACE_CAPACITY: usize = 4096;

/// A run and a moment in it: the payload of a link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// The run.
    pub recording: Recording,
    /// The moment, µs.
    pub cursor: Time,
}

/// [`Shared`] by reference, for encoding without a copy of the recording. Same fields in the
/// same order, so the same bytes (a unit test holds the two together).
#[derive(Serialize)]
struct SharedRef<'a> {
    recording: &'a Recording,
    cursor: Time,
}

/// Why a link could not be read, or a run not shared: what went wrong and the values that say
/// how, so a page can phrase it in its reader's language. `Display` says it in English (for
/// developers and tests).
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// [`link`]: the cursor or an action is past the first hour.
    PastFirstHour {
        /// The last moment a link holds, ms.
        max_ms: Time,
    },
    /// [`link`]: more actions, or more characters, than a link holds.
    RunTooBig {
        /// The most actions a link holds.
        max_actions: usize,
        /// The most characters a link holds.
        max_chars: usize,
    },
    /// Nothing but whitespace (and `#`).
    Empty,
    /// Longer than [`MAX_LINK_LEN`].
    TooLong {
        /// Its length, characters.
        length: usize,
        /// [`MAX_LINK_LEN`].
        max: usize,
    },
    /// No `r<N>.` tag: not one of ours.
    NoVersion,
    /// A tag of an earlier format, which this build cannot read.
    OlderVersion {
        /// The link's tag.
        version: String,
        /// The tag this build reads.
        ours: &'static str,
    },
    /// A tag of a later format.
    NewerVersion {
        /// The link's tag.
        version: String,
        /// The tag this build reads.
        ours: &'static str,
    },
    /// A tag that is no format of ours.
    UnknownVersion,
    /// The text after the tag is not canonical base64url.
    NotBase64,
    /// The bytes are not a run (or are cut short).
    Truncated,
    /// Bytes left over after the run.
    TrailingData,
    /// A run, but not in the one byte form it encodes to.
    NotCanonical,
    /// The run's configuration cannot work.
    BadConfig(ConfigError),
    /// The run asks to keep more trace records than anyone would.
    TraceTooLarge,
    /// The seed is above 2^53, which a JS number cannot hold.
    SeedTooLarge {
        /// 2^53.
        max: u64,
    },
    /// Not one starting state per server.
    StateCount {
        /// Starting states given.
        states: usize,
        /// Servers.
        nodes: u8,
    },
    /// A server's starting log is longer than [`MAX_INITIAL_ENTRIES`].
    StartLogTooLong {
        /// The server.
        server: NodeId,
    },
    /// A server's starting vote names no server of the cluster.
    StartVoteUnknown {
        /// The server.
        server: NodeId,
    },
    /// A server's starting log has terms that no run could give (§5.3).
    StartLogTerms {
        /// The server.
        server: NodeId,
    },
    /// A server's starting log holds a value above 2^53.
    StartLogValue {
        /// The server.
        server: NodeId,
        /// 2^53.
        max: u64,
    },
    /// More actions than [`MAX_ACTIONS`].
    TooManyActions {
        /// The actions in the link.
        actions: usize,
        /// [`MAX_ACTIONS`].
        max: usize,
    },
    /// Action `number` (from 1) comes before the one ahead of it.
    ActionOutOfOrder {
        /// The action's position, from 1.
        number: usize,
    },
    /// Action `number` (from 1) is past the first hour.
    ActionTooLate {
        /// The action's position, from 1.
        number: usize,
    },
    /// Action `number` (from 1) names what the run does not have, or a value out of range.
    ActionInvalid {
        /// The action's position, from 1.
        number: usize,
        /// The action.
        action: Action,
    },
    /// The link's moment is past the first hour.
    CursorTooLate,
    /// [`open`]: the replay refused an action.
    Replay(ReplayError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::PastFirstHour { max_ms } => write!(
                f,
                "a link holds at most the first hour of a run: seek back before {max_ms} ms (and \
                 act no later) to share it"
            ),
            LinkError::RunTooBig {
                max_actions,
                max_chars,
            } => write!(
                f,
                "this run has too many actions for a link (a link holds at most {max_actions} \
                 actions in {max_chars} characters)"
            ),
            LinkError::Empty => f.write_str("the link is empty"),
            LinkError::TooLong { length, max } => {
                write!(
                    f,
                    "the link is too long ({length} characters; at most {max})"
                )
            }
            LinkError::NoVersion => {
                f.write_str("this is not a Raft Playground link (no version tag)")
            }
            LinkError::OlderVersion { version, ours } => write!(
                f,
                "this link was made by an older version of the playground (format {version}) \
                 and cannot be opened by this one, which reads {ours}"
            ),
            LinkError::NewerVersion { version, ours } => write!(
                f,
                "this link was made by a newer version of the playground (format {version}); \
                 this one reads {ours}"
            ),
            LinkError::UnknownVersion => {
                f.write_str("this is not a Raft Playground link (unknown version tag)")
            }
            LinkError::NotBase64 => f.write_str("the link is damaged (not valid base64url)"),
            LinkError::Truncated => f.write_str("the link is damaged or truncated"),
            LinkError::TrailingData => f.write_str("the link has trailing data"),
            LinkError::NotCanonical => f.write_str("the link is damaged (not in canonical form)"),
            LinkError::BadConfig(e) => write!(f, "bad configuration: {e}"),
            LinkError::TraceTooLarge => f.write_str("bad configuration: trace capacity too large"),
            LinkError::SeedTooLarge { max } => write!(f, "the seed is above {max}"),
            LinkError::StateCount { states, nodes } => {
                write!(f, "{states} starting states for {nodes} nodes")
            }
            LinkError::StartLogTooLong { server } => {
                write!(f, "{}'s starting log is too long", Name(*server))
            }
            LinkError::StartVoteUnknown { server } => {
                write!(f, "{} voted for an unknown node", Name(*server))
            }
            LinkError::StartLogTerms { server } => {
                write!(f, "{}'s starting log has impossible terms", Name(*server))
            }
            LinkError::StartLogValue { server, max } => write!(
                f,
                "{}'s starting log holds a value above {max}",
                Name(*server)
            ),
            LinkError::TooManyActions { actions, max } => {
                write!(f, "too many actions ({actions}; at most {max})")
            }
            LinkError::ActionOutOfOrder { number } => {
                write!(f, "action {number} is out of time order")
            }
            LinkError::ActionTooLate { number } => {
                write!(f, "action {number} is later than one hour")
            }
            LinkError::ActionInvalid { number, action } => {
                write!(f, "action {number} ({action}) is invalid")
            }
            LinkError::CursorTooLate => f.write_str("the link's moment is later than one hour"),
            LinkError::Replay(e) => write!(f, "the run cannot be replayed: {e}"),
        }
    }
}

/// Encodes a run and a moment as link text (without `#`).
pub fn encode(shared: &Shared) -> String {
    encode_run(&shared.recording, shared.cursor)
}

/// [`encode`] for a run and a moment that are not together in a [`Shared`] (no copy made).
pub fn encode_run(recording: &Recording, cursor: Time) -> String {
    let bytes = payload(recording, cursor);
    let mut text = String::with_capacity(VERSION.len() + 1 + bytes.len().div_ceil(3) * 4);
    text.push_str(VERSION);
    text.push('.');
    URL_SAFE_NO_PAD.encode_string(&bytes, &mut text);
    text
}

/// The link of a run at a moment, or why the run cannot be shared: a link holds only what
/// [`decode`] accepts, so the encoder refuses what the decoder would (the first hour of a run,
/// at most [`MAX_ACTIONS`] actions in [`MAX_LINK_LEN`] characters).
pub fn link(recording: &Recording, cursor: Time) -> Result<String, LinkError> {
    let too_late = |t: Time| t > MAX_TIME;
    if too_late(cursor) || recording.actions.iter().any(|a| too_late(a.at)) {
        return Err(LinkError::PastFirstHour {
            max_ms: MAX_TIME / 1000,
        });
    }
    let text = (recording.actions.len() <= MAX_ACTIONS)
        .then(|| encode_run(recording, cursor))
        .filter(|text| text.len() <= MAX_LINK_LEN);
    text.ok_or(LinkError::RunTooBig {
        max_actions: MAX_ACTIONS,
        max_chars: MAX_LINK_LEN,
    })
}

/// The settings a link carries after its base layout: those added to the configuration since
/// `r2` was fixed, which the base layout writes as nothing ([`crate::link_compat`]). Written
/// after the cursor, and only when one differs from its default, so every link made before
/// them reads, and encodes back, as it was. New settings go at the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Extension {
    snapshot_every: u64,
    snapshot_threshold: u64,
    snapshot_past_commit: bool,
}

impl Extension {
    fn of(recording: &Recording) -> Self {
        let node = &recording.config.node;
        Extension {
            snapshot_every: node.snapshot_every,
            snapshot_threshold: node.snapshot_threshold,
            snapshot_past_commit: node.unsafe_switches.snapshot_past_commit,
        }
    }

    fn apply_to(self, recording: &mut Recording) {
        let node = &mut recording.config.node;
        node.snapshot_every = self.snapshot_every;
        node.snapshot_threshold = self.snapshot_threshold;
        node.unsafe_switches.snapshot_past_commit = self.snapshot_past_commit;
    }
}

/// The postcard bytes of a run and a moment.
fn payload(recording: &Recording, cursor: Time) -> Vec<u8> {
    // Postcard fails only for a sequence of unknown length (derived types have none) or a
    // full fixed buffer (a Vec grows): this cannot fail. Were it to, the empty payload
    // would be refused on opening as a damaged link, not accepted as some other run.
    let mut bytes = postcard::to_allocvec(&SharedRef { recording, cursor }).unwrap_or_default();
    let extension = Extension::of(recording);
    if extension != Extension::default() {
        bytes.extend(postcard::to_allocvec(&extension).unwrap_or_default());
    }
    bytes
}

/// Decodes and validates link text (a leading `#` and surrounding whitespace are allowed).
pub fn decode(text: &str) -> Result<Shared, LinkError> {
    let text = text.strip_prefix('#').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    if text.len() > MAX_LINK_LEN {
        return Err(LinkError::TooLong {
            length: text.len(),
            max: MAX_LINK_LEN,
        });
    }
    let Some((version, encoded)) = text.split_once('.') else {
        return Err(LinkError::NoVersion);
    };
    check_version(version)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| LinkError::NotBase64)?;
    let (mut shared, mut rest) =
        postcard::take_from_bytes::<Shared>(&bytes).map_err(|_| LinkError::Truncated)?;
    if !rest.is_empty() {
        // An extension is written only when it says something: all defaults is mere trailing
        // data.
        let (extension, after) = postcard::take_from_bytes::<Extension>(rest)
            .ok()
            .filter(|(e, _)| *e != Extension::default())
            .ok_or(LinkError::TrailingData)?;
        extension.apply_to(&mut shared.recording);
        rest = after;
    }
    if !rest.is_empty() {
        return Err(LinkError::TrailingData);
    }
    if payload(&shared.recording, shared.cursor) != bytes {
        return Err(LinkError::NotCanonical);
    }
    validate(&shared)?;
    Ok(shared)
}

/// Accepts this build's tag; says which way an other playground's tag points.
fn check_version(version: &str) -> Result<(), LinkError> {
    if version == VERSION {
        return Ok(());
    }
    if OLDER_VERSIONS.contains(&version) {
        return Err(LinkError::OlderVersion {
            version: String::from(version),
            ours: VERSION,
        });
    }
    let number = |tag: &str| tag.strip_prefix('r').and_then(|n| n.parse::<u32>().ok());
    let newer = matches!((number(version), number(VERSION)), (Some(v), Some(ours)) if v > ours);
    Err(if newer {
        LinkError::NewerVersion {
            version: String::from(version),
            ours: VERSION,
        }
    } else {
        LinkError::UnknownVersion
    })
}

/// Checks everything a replay relies on against [`crate::limits`], so a valid run replays
/// without surprises.
pub fn validate(shared: &Shared) -> Result<(), LinkError> {
    let r = &shared.recording;
    let config = &r.config;
    config.validate().map_err(LinkError::BadConfig)?;
    // Every bound of the configuration is checked by `SimConfig::validate` against
    // `crate::limits`; what follows is what only a link can get wrong.
    let nodes = config.nodes;
    if config
        .trace_capacity
        .is_some_and(|cap| cap > MAX_TRACE_CAPACITY)
    {
        return Err(LinkError::TraceTooLarge);
    }
    // The page holds seeds and client values as JS numbers, exact up to 2^53.
    if r.seed > MAX_EXACT {
        return Err(LinkError::SeedTooLarge { max: MAX_EXACT });
    }
    if let Some(states) = &r.initial {
        if states.len() != usize::from(nodes) {
            return Err(LinkError::StateCount {
                states: states.len(),
                nodes,
            });
        }
        for (i, s) in states.iter().enumerate() {
            // `i` < nodes ≤ MAX_NODES, so it fits a node id.
            let server = i as NodeId;
            let entries = s.log.entries();
            if entries.len() > MAX_INITIAL_ENTRIES {
                return Err(LinkError::StartLogTooLong { server });
            }
            if s.voted_for.is_some_and(|v| v >= nodes) {
                return Err(LinkError::StartVoteUnknown { server });
            }
            // Terms along a log never decrease and never exceed the server's term (§5.3).
            let mut last = 0;
            for e in entries {
                if e.term < last || e.term > s.current_term || e.term == 0 {
                    return Err(LinkError::StartLogTerms { server });
                }
                last = e.term;
                if matches!(e.command, Command::Value(v) if v > MAX_EXACT) {
                    return Err(LinkError::StartLogValue {
                        server,
                        max: MAX_EXACT,
                    });
                }
            }
        }
    }
    if r.actions.len() > MAX_ACTIONS {
        return Err(LinkError::TooManyActions {
            actions: r.actions.len(),
            max: MAX_ACTIONS,
        });
    }
    let mut previous = 0;
    // Servers added during the run (dissertation §4.2) make more ids valid from then on.
    let mut known = nodes;
    for (i, timed) in r.actions.iter().enumerate() {
        let n = i + 1;
        if timed.at < previous {
            return Err(LinkError::ActionOutOfOrder { number: n });
        }
        if timed.at > MAX_TIME {
            return Err(LinkError::ActionTooLate { number: n });
        }
        previous = timed.at;
        let node_ok = |n: NodeId| n < known && n < MAX_NODES;
        let ok = match &timed.action {
            Action::Propose { to, value } => {
                *value <= MAX_EXACT
                    && match to {
                        Target::Node(id) => node_ok(*id),
                        Target::Leader => true,
                    }
            }
            Action::Crash { node }
            | Action::Restart { node }
            | Action::ForceTimeout { node }
            | Action::Snapshot { node } => node_ok(*node),
            Action::TransferLeadership { to } => node_ok(*to),
            Action::SetPartition { groups } => {
                // Each node in at most one group, each named once.
                let mut seen = 0u32;
                groups.len() <= usize::from(known)
                    && groups.iter().flatten().all(|id| {
                        let fresh = node_ok(*id) && seen & (1 << id) == 0;
                        seen |= 1 << (*id).min(31);
                        fresh
                    })
            }
            Action::Heal | Action::TimeoutFollowers => true,
            Action::CutLink { from, to } | Action::RestoreLink { from, to } => {
                node_ok(*from) && node_ok(*to)
            }
            Action::SetLoss { probability } => NetworkConfig::validate_loss(*probability).is_ok(),
            Action::SetLatency { min, max } => NetworkConfig::validate_latency(*min, *max).is_ok(),
            Action::AddServer { node } => {
                let ok = *node < MAX_NODES && *node <= known;
                known = known.max(node.saturating_add(1));
                ok
            }
            Action::RemoveServer { node } => node_ok(*node),
        };
        if !ok {
            return Err(LinkError::ActionInvalid {
                number: n,
                action: timed.action.clone(),
            });
        }
    }
    if shared.cursor > MAX_TIME {
        return Err(LinkError::CursorTooLate);
    }
    // Some actions are valid only in context (restart a node that is down): that is checked
    // by the one replay that opens the run (`Timeline::open`), not here.
    Ok(())
}

/// Decodes link text and opens the run at its moment, checking that every action applies.
/// The replay keeps a bounded trace whatever the link asks for.
pub fn open(text: &str) -> Result<Timeline, LinkError> {
    let mut shared = decode(text)?;
    let config = &mut shared.recording.config;
    config.trace_capacity = Some(
        config
            .trace_capacity
            .map_or(OPEN_TRACE_CAPACITY, |cap| cap.min(OPEN_TRACE_CAPACITY)),
    );
    Timeline::open(shared.recording, shared.cursor).map_err(LinkError::Replay)
}

/// Bytes of the encoded run before base64 (for size figures).
pub fn encoded_len(shared: &Shared) -> usize {
    payload(&shared.recording, shared.cursor).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SimConfig, TimedAction};
    use alloc::string::ToString;
    use alloc::vec;

    fn run() -> Shared {
        let mut recording = Recording::new(SimConfig::default(), 7);
        recording.actions = vec![
            TimedAction {
                at: 1_000,
                action: Action::Crash { node: 1 },
            },
            TimedAction {
                at: 2_000,
                action: Action::SetPartition {
                    groups: vec![vec![0, 2], vec![3]],
                },
            },
        ];
        Shared {
            recording,
            cursor: 5_000,
        }
    }

    #[test]
    fn the_borrowed_payload_is_the_owned_one() {
        let shared = run();
        assert_eq!(
            payload(&shared.recording, shared.cursor),
            postcard::to_allocvec(&shared).unwrap()
        );
    }

    #[test]
    fn over_long_varints_are_not_canonical() {
        // The cursor is the last field: write 5000 with one needless continuation byte.
        let shared = run();
        let mut bytes = payload(&shared.recording, shared.cursor);
        let last = bytes.len() - 1;
        assert_eq!(bytes[last - 1..], [0x88, 0x27]); // 5000 = 0x27 << 7 | 0x08
        bytes[last] |= 0x80;
        bytes.push(0x00);
        assert_eq!(
            postcard::from_bytes::<Shared>(&bytes).unwrap(),
            shared,
            "postcard reads it"
        );
        let text = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(
            decode(&text).unwrap_err().to_string(),
            "the link is damaged (not in canonical form)"
        );
    }

    #[test]
    fn version_tags() {
        assert_eq!(check_version("r2"), Ok(()));
        assert!(check_version("r1")
            .unwrap_err()
            .to_string()
            .contains("older version"));
        assert!(check_version("r3")
            .unwrap_err()
            .to_string()
            .contains("newer version"));
        assert!(check_version("r0")
            .unwrap_err()
            .to_string()
            .contains("unknown version"));
        assert!(check_version("R2")
            .unwrap_err()
            .to_string()
            .contains("unknown version"));
    }
}
