//! The record of everything observable in a simulated run: a stable, serializable enum with a
//! position (`seq`) and a virtual time on every record.
//!
//! The trace can keep every record (tests, exports) or only the most recent ones (the page, long
//! runs); either way it keeps a running digest of all of them (feature `digest`), so two runs
//! can be compared byte for byte without holding their whole history.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

use crate::check::Violation;
use crate::election::FailedElection;
use crate::event::Event;
use crate::message::{Body, Message};
use crate::types::{NodeId, Term, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The kind of a message, without its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum MessageKind {
    /// RequestVote.
    RequestVote,
    /// Reply to RequestVote.
    RequestVoteResponse,
    /// PreVote.
    PreVote,
    /// Reply to PreVote.
    PreVoteResponse,
    /// AppendEntries (a heartbeat when it carries no entries).
    AppendEntries,
    /// Reply to AppendEntries.
    AppendEntriesResponse,
    /// InstallSnapshot (Figure 13).
    InstallSnapshot,
    /// Reply to InstallSnapshot.
    InstallSnapshotResponse,
    /// TimeoutNow (leadership transfer, dissertation §3.10).
    TimeoutNow,
}

impl MessageKind {
    /// The kind of `m`.
    pub fn of(m: &Message) -> Self {
        match m.body {
            Body::RequestVote(_) => MessageKind::RequestVote,
            Body::RequestVoteResponse(_) => MessageKind::RequestVoteResponse,
            Body::PreVote(_) => MessageKind::PreVote,
            Body::PreVoteResponse(_) => MessageKind::PreVoteResponse,
            Body::AppendEntries(_) => MessageKind::AppendEntries,
            Body::AppendEntriesResponse(_) => MessageKind::AppendEntriesResponse,
            Body::InstallSnapshot(_) => MessageKind::InstallSnapshot,
            Body::InstallSnapshotResponse(_) => MessageKind::InstallSnapshotResponse,
            Body::TimeoutNow => MessageKind::TimeoutNow,
        }
    }
}

/// Why the network lost a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum DropReason {
    /// Random loss.
    Loss,
    /// Sender and receiver are in different partition groups.
    Partition,
    /// The link from sender to receiver is cut.
    LinkCut,
    /// The receiver is down (crashed before or while the message flew).
    NodeDown,
}

/// A message's summary as the trace keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct MessageSummary {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Kind.
    pub kind: MessageKind,
    /// The term it carries.
    pub term: Term,
    /// Entries carried (AppendEntries).
    pub entries: u32,
    /// For replies: granted / success.
    pub ok: bool,
}

impl MessageSummary {
    /// Summarises `m`.
    pub fn of(m: &Message) -> Self {
        let (entries, ok) = match &m.body {
            Body::AppendEntries(request) => (request.entries.len() as u32, false),
            Body::RequestVoteResponse(reply) | Body::PreVoteResponse(reply) => (0, reply.granted),
            Body::AppendEntriesResponse(reply) => (0, reply.success),
            _ => (0, false),
        };
        MessageSummary {
            from: m.from,
            to: m.to,
            kind: MessageKind::of(m),
            term: m.term,
            entries,
            ok,
        }
    }
}

/// One observable happening.
#[derive(Clone, Debug, PartialEq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "camelCase"))]
pub enum TraceEvent {
    /// A node's own event.
    Node {
        /// The node.
        node: NodeId,
        /// What it reported.
        event: Event,
    },
    /// A message left its sender.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    MessageSent {
        /// The message's id in this run.
        id: u64,
        /// What it is.
        message: MessageSummary,
        /// When it will arrive, if delivered.
        arrive_at: Time,
    },
    /// A message reached its receiver.
    MessageDelivered {
        /// The message's id.
        id: u64,
    },
    /// A message was lost.
    MessageDropped {
        /// The message's id.
        id: u64,
        /// Why.
        reason: DropReason,
    },
    /// A node crashed (by user action).
    Crashed {
        /// The node.
        node: NodeId,
    },
    /// A node restarted from its persistent state.
    Restarted {
        /// The node.
        node: NodeId,
    },
    /// A new server's process started (dissertation §4.2.1): an empty log, term 0, and no
    /// configuration until a leader's log gives it one. Not a restart: it never ran before.
    Started {
        /// The node.
        node: NodeId,
    },
    /// The configuration in force in the cluster (the leader's, §4.1) now names `node`.
    Joined {
        /// The node.
        node: NodeId,
    },
    /// The configuration in force in the cluster no longer names `node`; its process may run
    /// on, outside the configuration (§4.2.2).
    Left {
        /// The node.
        node: NodeId,
    },
    /// A user action was applied; its text says which (for feeds and exports).
    Action {
        /// The action, described.
        text: String,
    },
    /// A term ended without a leader: every candidate of it is done and none won (§5.2). The
    /// simulator decides this, seeing every node; see [`crate::election`].
    NoLeader {
        /// The term.
        term: Term,
        /// A split vote or a lone candidate, with the votes each candidate got.
        outcome: FailedElection,
    },
    /// The safety checker found a violation.
    Violation {
        /// Which property, what broke and why (boxed: it is rare, and as large as three
        /// ordinary records, which would all grow to its size).
        violation: Box<Violation>,
    },
}

/// A trace record: position, time, happening.
#[derive(Clone, Debug, PartialEq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct TraceRecord {
    /// Position in the whole trace, from 0.
    pub seq: u64,
    /// Virtual time, microseconds.
    pub at: Time,
    /// What happened.
    pub event: TraceEvent,
}

/// The trace of a run.
#[derive(Clone, Debug)]
pub struct Trace {
    records: VecDeque<TraceRecord>,
    /// Keep at most this many recent records; `None` keeps everything.
    capacity: Option<usize>,
    next_seq: u64,
    #[cfg(feature = "digest")]
    digest: Fnv64,
}

impl Trace {
    /// A trace keeping at most `capacity` records (`None`: all).
    pub fn new(capacity: Option<usize>) -> Self {
        Trace {
            records: VecDeque::new(),
            capacity,
            next_seq: 0,
            #[cfg(feature = "digest")]
            digest: Fnv64::default(),
        }
    }

    /// Appends a record; returns its position.
    pub fn push(&mut self, at: Time, event: TraceEvent) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let record = TraceRecord { seq, at, event };
        #[cfg(feature = "digest")]
        record.hash(&mut self.digest);
        if self.capacity != Some(0) {
            if let Some(cap) = self.capacity {
                while self.records.len() >= cap {
                    self.records.pop_front();
                }
            }
            self.records.push_back(record);
        }
        seq
    }

    /// How many records were ever pushed.
    pub fn len(&self) -> u64 {
        self.next_seq
    }

    /// How many records are kept now.
    pub fn kept(&self) -> usize {
        self.records.len()
    }

    /// True before the first record.
    pub fn is_empty(&self) -> bool {
        self.next_seq == 0
    }

    /// The records still kept, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &TraceRecord> {
        self.records.iter()
    }

    /// Kept records with `seq >= since`.
    pub fn since(&self, since: u64) -> impl Iterator<Item = &TraceRecord> {
        let first = self.records.front().map_or(0, |r| r.seq);
        let skip = since.saturating_sub(first) as usize;
        self.records.iter().skip(skip)
    }

    /// A digest of every record ever pushed: equal digests mean equal traces. (Feature
    /// `digest`: hashing every record is code the page, which never compares runs, goes
    /// without.)
    #[cfg(feature = "digest")]
    pub fn digest(&self) -> u64 {
        self.digest.finish()
    }

    /// A copy holding only the last `keep` records, with the same positions and digest
    /// (checkpoints keep a short tail, not the history).
    pub fn tail(&self, keep: usize) -> Trace {
        let skip = self.records.len().saturating_sub(keep);
        Trace {
            records: self.records.iter().skip(skip).cloned().collect(),
            capacity: self.capacity,
            next_seq: self.next_seq,
            #[cfg(feature = "digest")]
            digest: self.digest,
        }
    }

    /// All kept records as a vector (tests, exports).
    pub fn to_vec(&self) -> Vec<TraceRecord> {
        self.records.iter().cloned().collect()
    }
}

/// FNV-1a, 64 bit: a fixed, platform-independent hash for trace digests (the standard
/// library's hashers are randomly keyed or unstable across versions).
///
/// Byte strings are hashed a byte at a time, as FNV-1a is; integers (nearly everything a trace
/// record holds) a whole word per step. Hashing each of their bytes was half the simulator's
/// time with the checker on, and widening every integer to 64 bits first also makes `usize`
/// (lengths, enum tags) hash alike on 32- and 64-bit targets.
#[derive(Clone, Copy, Debug)]
struct Fnv64(u64);

const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl Fnv64 {
    /// One FNV-1a step over a whole word, then the high half folded down: a multiplication
    /// only carries upwards, and later words must depend on every bit of earlier ones.
    fn mix_word(&mut self, word: u64) {
        let h = (self.0 ^ word).wrapping_mul(FNV_PRIME);
        self.0 = h ^ (h >> 32);
    }
}

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix_word(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.mix_word(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.mix_word(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.mix_word(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix_word(i as u64);
    }
}

/// A fixed hasher for other deterministic digests in the crate (prefix hashes of logs).
pub(crate) fn fnv_mix(seed: u64, value: &impl Hash) -> u64 {
    let mut h = Fnv64(seed ^ 0xcbf2_9ce4_8422_2325);
    value.hash(&mut h);
    h.finish()
}
