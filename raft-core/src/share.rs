//! Share links: a run (its recording) and a moment in it, as a compact, versioned text that
//! fits in a URL fragment. Opening a link replays the run to the same moment, bit for bit.
//!
//! Format `r1.<base64url>`: the version tag, then a byte encoding of [`Shared`] made of
//! LEB128 varints (times as deltas), tags and IEEE-754 bits for the two probabilities. The
//! codec is written out here rather than derived through a serialization framework because
//! the page ships it in its wasm, where the derived code cost several times its size.
//! Decoding treats its input as hostile: the length is capped before anything is decoded,
//! every count is checked against the bytes left before anything is allocated, every field is
//! validated (and [`open`] refuses a run whose actions do not all apply), so a link can fail
//! only with a clear message.

use alloc::string::String;
use alloc::vec::Vec;

use crate::config::{Backtracking, Config, UnsafeSwitches};
use crate::log::{Command, Entry, Log};
use crate::sim::{
    Action, LongDelay, NetworkConfig, Recording, SimConfig, Target, TimedAction, MAX_NODES,
};
use crate::state::Persistent;
use crate::text;
use crate::text::Name;
use crate::types::{Time, SECOND};

/// The version tag this build writes.
pub const VERSION: &str = "r1";
pub use crate::limits::{MAX_ACTIONS, MAX_INITIAL_ENTRIES, MAX_LINK_LEN};
/// The latest moment a shared run may reach: replaying it must stay quick.
pub const MAX_TIME: Time = crate::limits::HORIZON;

/// A run and a moment in it.
#[derive(Clone, Debug, PartialEq)]
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
    encode_run(&shared.recording, shared.cursor)
}

/// [`encode`] for a run and a moment that are not together in a [`Shared`] (no copy made).
pub fn encode_run(recording: &Recording, cursor: Time) -> String {
    let mut w = Writer(Vec::new());
    w.shared(recording, cursor);
    text!(VERSION, ".", &base64url_encode(&w.0))
}

/// Decodes and validates link text (a leading `#` is allowed).
pub fn decode(text: &str) -> Result<Shared, LinkError> {
    let text = text.strip_prefix('#').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(err("the link is empty"));
    }
    if text.len() > MAX_LINK_LEN {
        return Err(err(text!(
            "the link is too long (",
            text.len(),
            " characters; at most ",
            MAX_LINK_LEN,
            ")"
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
            text!(
                "this link was made by a newer version of the playground (format ",
                version,
                "); this one reads ",
                VERSION
            )
        } else {
            String::from("this is not a Raft Playground link (unknown version tag)")
        }));
    }
    let bytes = base64url_decode(payload)
        .ok_or_else(|| err("the link is damaged (not valid base64url)"))?;
    let mut r = Reader::new(&bytes);
    let shared = r
        .shared()
        .ok_or_else(|| err("the link is damaged or truncated"))?;
    if r.at != bytes.len() {
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
        .map_err(|e| err(alloc::format!("bad configuration: {e}")))?;
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
            return Err(err(text!(
                states.len(),
                " starting states for ",
                nodes,
                " nodes"
            )));
        }
        for (i, s) in states.iter().enumerate() {
            let entries = s.log.entries();
            if entries.len() > MAX_INITIAL_ENTRIES {
                return Err(err(text!(Name(i as u8), "'s starting log is too long")));
            }
            if s.voted_for.is_some_and(|v| v >= nodes) {
                return Err(err(text!(Name(i as u8), " voted for an unknown node")));
            }
            // Terms along a log never decrease and never exceed the server's term.
            let mut last = 0;
            for e in entries {
                if e.term < last || e.term > s.current_term || e.term == 0 {
                    return Err(err(text!(
                        Name(i as u8),
                        "'s starting log has impossible terms"
                    )));
                }
                last = e.term;
            }
        }
    }
    if r.actions.len() > MAX_ACTIONS {
        return Err(err(text!(
            "too many actions (",
            r.actions.len(),
            "; at most ",
            MAX_ACTIONS,
            ")"
        )));
    }
    let mut previous = 0;
    let node_ok = |n: u8| n < nodes && n < MAX_NODES;
    for (i, timed) in r.actions.iter().enumerate() {
        let n = i + 1;
        if timed.at < previous {
            return Err(err(text!("action ", n, " is out of time order")));
        }
        if timed.at > MAX_TIME {
            return Err(err(text!("action ", n, " is later than one hour")));
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
            return Err(err(text!(
                "action ",
                n,
                " (",
                &timed.action.describe(),
                ") is invalid"
            )));
        }
    }
    if shared.cursor > MAX_TIME {
        return Err(err("the link's moment is later than one hour"));
    }
    // Some actions are valid only in context (restart a node that is down): that is checked
    // by the one replay that opens the run (`Timeline::open`), not here.
    Ok(())
}

/// Decodes link text and opens the run at its moment, checking that every action applies.
/// The replay keeps a bounded trace whatever the link asks for.
pub fn open(text: &str) -> Result<crate::sim::Timeline, LinkError> {
    let mut shared = decode(text)?;
    let cap = shared
        .recording
        .config
        .trace_capacity
        .unwrap_or(4096)
        .min(4096);
    shared.recording.config.trace_capacity = Some(cap);
    crate::sim::Timeline::open(shared.recording, shared.cursor)
        .map_err(|e| err(text!("the run cannot be replayed: ", &e.describe())))
}

/// Bytes of the encoded run (for size figures).
pub fn encoded_len(shared: &Shared) -> usize {
    let mut w = Writer(Vec::new());
    w.shared(&shared.recording, shared.cursor);
    w.0.len()
}

// ----- the byte format -----

const TAG_PROPOSE_NODE: u8 = 0;
const TAG_PROPOSE_LEADER: u8 = 1;
const TAG_CRASH: u8 = 2;
const TAG_RESTART: u8 = 3;
const TAG_FORCE_TIMEOUT: u8 = 4;
const TAG_PARTITION: u8 = 5;
const TAG_HEAL: u8 = 6;
const TAG_CUT: u8 = 7;
const TAG_RESTORE: u8 = 8;
const TAG_LOSS: u8 = 9;
const TAG_LATENCY: u8 = 10;

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn var(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
    }
    fn opt(&mut self, v: Option<u64>) {
        // 0 for none, value + 1 otherwise.
        self.var(v.map_or(0, |x| x.saturating_add(1)));
    }

    fn shared(&mut self, r: &Recording, cursor: Time) {
        let c = &r.config;
        self.u8(c.nodes);
        let n = &c.node;
        self.var(n.election_timeout_min);
        self.var(n.election_timeout_max);
        self.var(n.heartbeat_interval);
        self.var(n.max_entries_per_append as u64);
        self.u8(match n.backtracking {
            Backtracking::OneByOne => 0,
            Backtracking::ByConflictTerm => 1,
        });
        let u = &n.unsafe_switches;
        let flags = [
            n.pre_vote,
            n.check_quorum,
            n.leader_noop,
            u.no_election_restriction,
            u.commit_previous_terms,
            u.forget_vote_on_restart,
            c.check,
        ]
        .iter()
        .enumerate()
        .fold(0u8, |acc, (i, on)| acc | (u8::from(*on) << i));
        self.u8(flags);
        let net = &c.network;
        self.var(net.latency_min);
        self.var(net.latency_max);
        self.f64(net.loss);
        match net.long_delay {
            None => self.u8(0),
            Some(l) => {
                self.u8(1);
                self.f64(l.probability);
                self.var(l.min);
                self.var(l.max);
            }
        }
        self.opt(c.trace_capacity.map(|x| x as u64));
        self.var(r.seed);
        match &r.initial {
            None => self.u8(0),
            Some(states) => {
                self.u8(1);
                for p in states {
                    self.var(p.current_term);
                    self.opt(p.voted_for.map(u64::from));
                    self.var(p.log.last_index());
                    for e in p.log.entries() {
                        self.var(e.term);
                        match e.command {
                            Command::Noop => self.u8(0),
                            Command::Value(v) => {
                                self.u8(1);
                                self.var(v);
                            }
                        }
                    }
                }
            }
        }
        self.var(r.actions.len() as u64);
        let mut previous = 0;
        for timed in &r.actions {
            // Deltas keep times short; an out-of-order time (refused on decoding anyway)
            // is written as a zero delta rather than wrapping.
            self.var(timed.at.saturating_sub(previous));
            previous = previous.max(timed.at);
            self.action(&timed.action);
        }
        self.var(cursor);
    }

    fn action(&mut self, a: &Action) {
        match a {
            Action::Propose {
                to: Target::Node(id),
                value,
            } => {
                self.u8(TAG_PROPOSE_NODE);
                self.u8(*id);
                self.var(*value);
            }
            Action::Propose {
                to: Target::Leader,
                value,
            } => {
                self.u8(TAG_PROPOSE_LEADER);
                self.var(*value);
            }
            Action::Crash { node } => {
                self.u8(TAG_CRASH);
                self.u8(*node);
            }
            Action::Restart { node } => {
                self.u8(TAG_RESTART);
                self.u8(*node);
            }
            Action::ForceTimeout { node } => {
                self.u8(TAG_FORCE_TIMEOUT);
                self.u8(*node);
            }
            Action::SetPartition { groups } => {
                self.u8(TAG_PARTITION);
                self.var(groups.len() as u64);
                for g in groups {
                    self.var(g.len() as u64);
                    for id in g {
                        self.u8(*id);
                    }
                }
            }
            Action::Heal => self.u8(TAG_HEAL),
            Action::CutLink { from, to } => {
                self.u8(TAG_CUT);
                self.u8(*from);
                self.u8(*to);
            }
            Action::RestoreLink { from, to } => {
                self.u8(TAG_RESTORE);
                self.u8(*from);
                self.u8(*to);
            }
            Action::SetLoss { probability } => {
                self.u8(TAG_LOSS);
                self.f64(*probability);
            }
            Action::SetLatency { min, max } => {
                self.u8(TAG_LATENCY);
                self.var(*min);
                self.var(*max);
            }
        }
    }
}

/// Reads the byte format. A read past the end or a malformed field marks the reader bad and
/// yields 0, and [`Reader::shared`] then gives `None`: one check at the end instead of an
/// early return (with its clean-up code) after every field, which kept the wasm smaller.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    bad: bool,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            at: 0,
            bad: false,
        }
    }
    fn fail<T: Default>(&mut self) -> T {
        self.bad = true;
        T::default()
    }
    /// `v` if `ok`, else marks the reader bad.
    fn check<T: Default>(&mut self, ok: bool, v: T) -> T {
        if ok {
            v
        } else {
            self.fail()
        }
    }
    fn u8(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                b
            }
            None => self.fail(),
        }
    }
    fn var(&mut self) -> u64 {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8();
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return v;
            }
        }
        self.fail()
    }
    /// `v` as a narrower integer, which it must fit.
    fn narrow<T: TryFrom<u64> + Default>(&mut self, v: u64) -> T {
        match T::try_from(v) {
            Ok(n) => n,
            Err(_) => self.fail(),
        }
    }
    /// A varint that must fit a `usize`.
    fn size(&mut self) -> usize {
        let v = self.var();
        self.narrow(v)
    }
    fn f64(&mut self) -> f64 {
        let end = self.at.saturating_add(8);
        match self.bytes.get(self.at..end) {
            Some(raw) => {
                let mut bits = 0u64;
                for (i, b) in raw.iter().enumerate() {
                    bits |= u64::from(*b) << (8 * i);
                }
                self.at = end;
                f64::from_bits(bits)
            }
            None => self.fail(),
        }
    }
    fn opt(&mut self) -> Option<u64> {
        self.var().checked_sub(1)
    }
    /// A tag that must be at most `max`.
    fn tag(&mut self, max: u8) -> u8 {
        let t = self.u8();
        self.check(t <= max, t)
    }
    /// A count of items of at least one byte each: never more than the bytes left, so a
    /// hostile count cannot make us allocate.
    fn count(&mut self, max: usize) -> usize {
        let n = self.size();
        let ok = n <= max && n <= self.bytes.len() - self.at;
        self.check(ok, n)
    }

    fn shared(&mut self) -> Option<Shared> {
        let nodes = self.u8();
        let election_timeout_min = self.var();
        let election_timeout_max = self.var();
        let heartbeat_interval = self.var();
        let max_entries_per_append = self.size();
        let backtracking = match self.tag(1) {
            0 => Backtracking::OneByOne,
            _ => Backtracking::ByConflictTerm,
        };
        let flags = self.tag(0x7f);
        let f = |i: u8| flags & (1 << i) != 0;
        let latency_min = self.var();
        let latency_max = self.var();
        let loss = self.f64();
        let long_delay = match self.tag(1) {
            0 => None,
            _ => Some(LongDelay {
                probability: self.f64(),
                min: self.var(),
                max: self.var(),
            }),
        };
        let trace_capacity = self.opt().map(|c| self.narrow(c));
        let config = SimConfig {
            nodes,
            node: Config {
                election_timeout_min,
                election_timeout_max,
                heartbeat_interval,
                max_entries_per_append,
                backtracking,
                pre_vote: f(0),
                check_quorum: f(1),
                leader_noop: f(2),
                unsafe_switches: UnsafeSwitches {
                    no_election_restriction: f(3),
                    commit_previous_terms: f(4),
                    forget_vote_on_restart: f(5),
                },
            },
            network: NetworkConfig {
                latency_min,
                latency_max,
                loss,
                long_delay,
            },
            trace_capacity,
            check: f(6),
        };
        let seed = self.var();
        let initial = match self.tag(1) {
            0 => None,
            _ => {
                let mut states = Vec::new();
                for _ in 0..nodes.min(MAX_NODES) {
                    let current_term = self.var();
                    let voted_for = self.opt().map(|v| self.narrow(v));
                    let len = self.count(MAX_INITIAL_ENTRIES);
                    let mut entries = Vec::with_capacity(len);
                    for _ in 0..len {
                        let term = self.var();
                        let command = match self.tag(1) {
                            0 => Command::Noop,
                            _ => Command::Value(self.var()),
                        };
                        entries.push(Entry { term, command });
                    }
                    states.push(Persistent {
                        current_term,
                        voted_for,
                        log: Log::from_entries(entries),
                    });
                }
                Some(states)
            }
        };
        let count = self.count(MAX_ACTIONS);
        let mut actions = Vec::with_capacity(count);
        let mut at: Time = 0;
        for _ in 0..count {
            let delta = self.var();
            at = match at.checked_add(delta) {
                Some(t) => t,
                None => self.fail(),
            };
            let action = self.action();
            actions.push(TimedAction { at, action });
        }
        let cursor = self.var();
        let shared = Shared {
            recording: Recording {
                config,
                seed,
                initial,
                actions,
            },
            cursor,
        };
        (!self.bad).then_some(shared)
    }

    fn action(&mut self) -> Action {
        match self.tag(TAG_LATENCY) {
            TAG_PROPOSE_NODE => Action::Propose {
                to: Target::Node(self.u8()),
                value: self.var(),
            },
            TAG_PROPOSE_LEADER => Action::Propose {
                to: Target::Leader,
                value: self.var(),
            },
            TAG_CRASH => Action::Crash { node: self.u8() },
            TAG_RESTART => Action::Restart { node: self.u8() },
            TAG_FORCE_TIMEOUT => Action::ForceTimeout { node: self.u8() },
            TAG_PARTITION => {
                let n = self.count(MAX_NODES as usize);
                let mut groups = Vec::with_capacity(n);
                for _ in 0..n {
                    let m = self.count(MAX_NODES as usize);
                    let mut group = Vec::with_capacity(m);
                    for _ in 0..m {
                        group.push(self.u8());
                    }
                    groups.push(group);
                }
                Action::SetPartition { groups }
            }
            TAG_HEAL => Action::Heal,
            TAG_CUT => Action::CutLink {
                from: self.u8(),
                to: self.u8(),
            },
            TAG_RESTORE => Action::RestoreLink {
                from: self.u8(),
                to: self.u8(),
            },
            TAG_LOSS => Action::SetLoss {
                probability: self.f64(),
            },
            _ => Action::SetLatency {
                min: self.var(),
                max: self.var(),
            },
        }
    }
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(BASE64URL[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= digit(*c)? << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        // Unused low bits must be zero, so each byte string has exactly one encoding.
        if n & ((1 << (24 - 8 * bytes)) - 1) != 0 {
            return None;
        }
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(250))
                .collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("A"), None);
        assert_eq!(base64url_decode("AB"), None); // low bits set: not canonical
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut w = Writer(Vec::new());
            w.var(v);
            let mut r = Reader::new(&w.0);
            assert_eq!(r.var(), v);
            assert!(!r.bad);
            assert_eq!(r.at, w.0.len());
        }
        let too_long = [0xffu8; 11];
        let mut r = Reader::new(&too_long);
        r.var();
        assert!(r.bad);
        let mut r = Reader::new(&[0x80]);
        r.var();
        assert!(r.bad);
    }
}
