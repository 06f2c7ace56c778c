//! The per-frame view: flat f64 tables, written into caller-owned buffers so a frame allocates
//! nothing on this side. Their layouts (columns, strides) and codes are defined here once, as
//! `#[wasm_bindgen]` enums: the generated module exports them to the page (www/src/view.ts reads
//! them), and the rows below are written through the same names.

use alloc::vec;
use alloc::vec::Vec;

use raft_core::event::Event;
use raft_core::message::Body;
use raft_core::sim::{Cluster, InFlight, Mark, MarkKind};
use raft_core::state::TimerKind;
use raft_core::trace::{DropReason, MessageKind, TraceEvent};
use raft_core::{Command, NodeId, Role};
use wasm_bindgen::prelude::*;

use crate::convert::us_to_ms;

/// Columns of `nodes()`: one row per node, `Stride` numbers a row.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeCol {
    /// The node's id.
    Id = 0,
    /// Its role ([`RoleCode`]).
    Role = 1,
    /// Its current term.
    Term = 2,
    /// Whom it voted for in this term; -1 for no one.
    VotedFor = 3,
    /// 1 running, 0 crashed.
    Up = 4,
    /// When the current timer was (re)armed, virtual ms.
    TimerStart = 5,
    /// When it fires, virtual ms.
    TimerDeadline = 6,
    /// Which timer ([`TimerCode`]).
    TimerKind = 7,
    /// Its commit index.
    CommitIndex = 8,
    /// Its last log index.
    LastIndex = 9,
    /// The leader it believes in; -1 if none.
    LeaderHint = 10,
    /// Candidate or pre-candidate: votes received so far (itself included).
    VotesGranted = 11,
    /// Candidate or pre-candidate: votes refused so far.
    VotesRefused = 12,
    /// Its partition group (0 when the network is whole).
    Group = 13,
    /// Changes whenever its log changes: refetch `log(id)` only then.
    LogVersion = 14,
    /// The last index its log discarded (§7): `log(id)`'s first row is entry `LogOffset + 1`.
    LogOffset = 15,
    /// Its snapshot's last included index; 0 without a snapshot.
    SnapshotIndex = 16,
    /// Its snapshot's last included term; 0 without a snapshot.
    SnapshotTerm = 17,
    /// lastApplied: the last index applied to its state machine (-1 when crashed).
    LastApplied = 18,
    /// Its state machine: the sum of the values applied (-1 when crashed).
    MachineSum = 19,
    /// Its state machine: how many values were applied (-1 when crashed).
    MachineCount = 20,
    /// Numbers per row.
    Stride = 21,
}

/// Columns of `messages()`: one row per message on the wire (or bursting), in id order.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgCol {
    /// The message's id.
    Id = 0,
    /// Sender.
    From = 1,
    /// Receiver.
    To = 2,
    /// Its kind ([`MsgKindCode`]).
    Kind = 3,
    /// The sender's term.
    Term = 4,
    /// When it was sent, virtual ms.
    SentAt = 5,
    /// When it would arrive, virtual ms.
    ArriveAt = 6,
    /// -1 when it will be delivered; else when it is lost, virtual ms.
    DropAt = 7,
    /// Why it is lost ([`DropCode`]).
    DropReason = 8,
    /// AppendEntries: entries carried (0: a heartbeat).
    EntryCount = 9,
    /// Responses: 1 granted / success, 0 refused / rejected.
    Ok = 10,
    /// AppendEntries: prevLogIndex; its response: the index it answers about; else -1.
    PrevIndex = 11,
    /// Numbers per row.
    Stride = 12,
}

/// Columns of `progress()`: one row per node, the current leader's view of it (-1 when there is
/// no leader, and for the leader itself).
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressCol {
    /// nextIndex.
    NextIndex = 0,
    /// matchIndex.
    MatchIndex = 1,
    /// Numbers per row.
    Stride = 2,
}

/// Columns of `log(id)`: one row per entry, index 1 first.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogCol {
    /// The entry's term.
    Term = 0,
    /// The client's value; -1 for a leader's no-op.
    Value = 1,
    /// Numbers per row.
    Stride = 2,
}

/// Columns of `marks()`: one row per mark, in time order.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkCol {
    /// When, virtual ms.
    At = 0,
    /// What ([`MarkCode`]).
    Kind = 1,
    /// The first number of the mark (see [`MarkCode`]).
    A = 2,
    /// The second number; -1 where a kind has only one.
    B = 3,
    /// Numbers per row.
    Stride = 4,
}

/// Node roles in `NodeCol.Role`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleCode {
    /// Follower.
    Follower = 0,
    /// Pre-candidate (PreVote).
    PreCandidate = 1,
    /// Candidate.
    Candidate = 2,
    /// Leader.
    Leader = 3,
}

/// Timers in `NodeCol.TimerKind`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerCode {
    /// The election timeout (followers and candidates).
    Election = 0,
    /// The heartbeat interval (leaders).
    Heartbeat = 1,
}

/// Message kinds in `MsgCol.Kind`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgKindCode {
    /// RequestVote.
    RequestVote = 0,
    /// Its response.
    RequestVoteResponse = 1,
    /// PreVote.
    PreVote = 2,
    /// Its response.
    PreVoteResponse = 3,
    /// AppendEntries (0 entries: a heartbeat).
    AppendEntries = 4,
    /// Its response.
    AppendEntriesResponse = 5,
    /// InstallSnapshot (Figure 13).
    InstallSnapshot = 6,
    /// Its response.
    InstallSnapshotResponse = 7,
    /// TimeoutNow (leadership transfer, §3.10).
    TimeoutNow = 8,
}

/// Why a message is (or will be) lost, in `MsgCol.DropReason`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropCode {
    /// Not lost.
    None = 0,
    /// Random loss.
    Loss = 1,
    /// A partition.
    Partition = 2,
    /// A cut link.
    LinkCut = 3,
    /// The receiver is down.
    NodeDown = 4,
}

/// Mark kinds in `MarkCol.Kind`, with what A and B hold.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkCode {
    /// A = the new highest term.
    Term = 0,
    /// A = node, B = term.
    Leader = 1,
    /// A = the new highest commit index.
    Commit = 2,
    /// A = term.
    SplitVote = 3,
    /// A = node.
    Crash = 4,
    /// A = index of the action in the recording.
    Action = 5,
    /// A = term: it ended without a leader, and not by a split vote (a lone candidate could
    /// not reach a majority).
    NoLeader = 6,
    /// The run's first safety violation. A = the property, its position in raft-core's
    /// `Property::ALL` (the order of `PropertyName`).
    Violation = 7,
}

/// Numbers per row of `nodes()`.
pub const NODE_STRIDE: usize = NodeCol::Stride as usize;
/// Numbers per row of `messages()`.
pub const MSG_STRIDE: usize = MsgCol::Stride as usize;
/// Numbers per row of `progress()`.
pub const PROGRESS_STRIDE: usize = ProgressCol::Stride as usize;
/// Numbers per entry of `log(id)`.
pub const LOG_STRIDE: usize = LogCol::Stride as usize;
/// Numbers per mark of `marks()`.
pub const MARK_STRIDE: usize = MarkCol::Stride as usize;

/// "None" for an id or a time.
const NONE: f64 = -1.0;

/// A code as the table holds it.
fn code(c: impl Into<u32>) -> f64 {
    f64::from(c.into())
}

impl From<Role> for RoleCode {
    fn from(role: Role) -> Self {
        match role {
            Role::Follower => RoleCode::Follower,
            Role::PreCandidate => RoleCode::PreCandidate,
            Role::Candidate => RoleCode::Candidate,
            Role::Leader => RoleCode::Leader,
        }
    }
}

impl From<MessageKind> for MsgKindCode {
    fn from(kind: MessageKind) -> Self {
        match kind {
            MessageKind::RequestVote => MsgKindCode::RequestVote,
            MessageKind::RequestVoteResponse => MsgKindCode::RequestVoteResponse,
            MessageKind::PreVote => MsgKindCode::PreVote,
            MessageKind::PreVoteResponse => MsgKindCode::PreVoteResponse,
            MessageKind::AppendEntries => MsgKindCode::AppendEntries,
            MessageKind::AppendEntriesResponse => MsgKindCode::AppendEntriesResponse,
            MessageKind::InstallSnapshot => MsgKindCode::InstallSnapshot,
            MessageKind::InstallSnapshotResponse => MsgKindCode::InstallSnapshotResponse,
            MessageKind::TimeoutNow => MsgKindCode::TimeoutNow,
        }
    }
}

impl From<DropReason> for DropCode {
    fn from(reason: DropReason) -> Self {
        match reason {
            DropReason::Loss => DropCode::Loss,
            DropReason::Partition => DropCode::Partition,
            DropReason::LinkCut => DropCode::LinkCut,
            DropReason::NodeDown => DropCode::NodeDown,
        }
    }
}

impl From<TimerKind> for TimerCode {
    fn from(kind: TimerKind) -> Self {
        match kind {
            TimerKind::Election => TimerCode::Election,
            TimerKind::Heartbeat => TimerCode::Heartbeat,
        }
    }
}

macro_rules! as_u32 {
    ($($t:ty),*) => {$(
        impl From<$t> for u32 {
            fn from(c: $t) -> u32 {
                c as u32
            }
        }
    )*};
}
as_u32!(RoleCode, TimerCode, MsgKindCode, DropCode, MarkCode);

fn opt_id(id: Option<NodeId>) -> f64 {
    id.map_or(NONE, f64::from)
}

/// A message kind's code in `MsgCol.Kind`.
pub fn msg_kind_code(kind: MessageKind) -> f64 {
    code(MsgKindCode::from(kind))
}

/// A counter per node that moves whenever that node's log changes, read from the trace (every
/// log change is an `Appended` or `Truncated` event of the node).
#[derive(Clone, Debug)]
pub struct LogVersions {
    versions: Vec<f64>,
    /// Per node, a counter that moves whenever entries already in its log may have been
    /// erased or replaced (a truncation, another cluster, records dropped unseen): between two
    /// moves the log only grows, so the page reads just the entries past what it has.
    epochs: Vec<f64>,
    /// The next trace position not yet looked at.
    cursor: u64,
}

impl LogVersions {
    /// All nodes at version 0.
    pub fn new(nodes: usize) -> Self {
        LogVersions {
            versions: vec![0.0; nodes],
            epochs: vec![0.0; nodes],
            cursor: 0,
        }
    }

    /// Counts every log as changed and starts reading the trace from its end: for a cluster
    /// that replaced the one read so far (a checkpoint restored by a seek or a step back).
    pub fn reset(&mut self, cluster: &Cluster) {
        self.versions.iter_mut().for_each(|v| *v += 1.0);
        self.epochs.iter_mut().for_each(|e| *e += 1.0);
        self.cursor = cluster.trace().len();
    }

    /// Reads the trace records added since the last call.
    pub fn sync(&mut self, cluster: &Cluster) {
        // Servers added during the run (dissertation §4.2) get a version of their own.
        if self.versions.len() < cluster.len() {
            self.versions.resize(cluster.len(), 0.0);
        }
        let trace = cluster.trace();
        if trace.len() < self.cursor {
            // The trace went back: another cluster took this one's place.
            self.reset(cluster);
            return;
        }
        let first_kept = trace.records().next().map_or(trace.len(), |r| r.seq);
        if first_kept > self.cursor {
            // Records were dropped unseen (more than the trace keeps since the last look):
            // count every log as changed, so the page refetches them all.
            self.versions.iter_mut().for_each(|v| *v += 1.0);
            self.epochs.iter_mut().for_each(|e| *e += 1.0);
        }
        for record in trace.since(self.cursor) {
            if let TraceEvent::Node { node, event } = &record.event {
                let (changed, erased) = match event {
                    Event::Appended { .. } => (true, false),
                    Event::Truncated { .. } => (true, true),
                    // Compaction moves where the held entries start (§7): read the log afresh.
                    Event::SnapshotTaken { .. } | Event::SnapshotInstalled { .. } => (true, true),
                    _ => (false, false),
                };
                if let Some(v) = self.versions.get_mut(*node as usize).filter(|_| changed) {
                    *v += 1.0;
                }
                if let Some(e) = self.epochs.get_mut(*node as usize).filter(|_| erased) {
                    *e += 1.0;
                }
            }
        }
        self.cursor = trace.len();
    }

    /// Node `id`'s version (0 for an unknown id).
    pub fn get(&self, id: usize) -> f64 {
        self.versions.get(id).copied().unwrap_or(0.0)
    }

    /// Node `id`'s log epoch (0 for an unknown id).
    pub fn epoch(&self, id: usize) -> f64 {
        self.epochs.get(id).copied().unwrap_or(0.0)
    }
}

/// A row of `N` numbers, written by column name.
struct Row<const N: usize>([f64; N]);

impl<const N: usize> Row<N> {
    fn new() -> Self {
        Row([0.0; N])
    }
    fn set(&mut self, col: impl Into<u32>, value: f64) -> &mut Self {
        // Every column enum has its stride as the last variant, so an index is always < N.
        if let Some(slot) = self.0.get_mut(col.into() as usize) {
            *slot = value;
        }
        self
    }
}

as_u32!(NodeCol, MsgCol, ProgressCol, LogCol, MarkCol);

/// `nodes()`: NODE_STRIDE numbers per node. A crashed node shows its persistent state (term,
/// vote, log length) with up = 0 and no timer, role, commit index, leader or votes.
pub fn fill_nodes(out: &mut Vec<f64>, cluster: &Cluster, versions: &LogVersions) {
    use NodeCol as C;
    out.clear();
    let groups = cluster.network().groups();
    for i in 0..cluster.len() {
        let id = i as NodeId;
        let mut row = Row::<NODE_STRIDE>::new();
        if let Some(p) = cluster.persistent(id) {
            let snapshot = p.log.snapshot();
            row.set(C::LogOffset, p.log.offset() as f64)
                .set(
                    C::SnapshotIndex,
                    snapshot.map_or(0.0, |s| s.last_included_index as f64),
                )
                .set(
                    C::SnapshotTerm,
                    snapshot.map_or(0.0, |s| s.last_included_term as f64),
                );
        }
        row.set(C::LastApplied, NONE)
            .set(C::MachineSum, NONE)
            .set(C::MachineCount, NONE);
        row.set(C::Id, f64::from(id))
            .set(C::Group, groups.get(i).map_or(0.0, |g| f64::from(*g)))
            .set(C::LogVersion, versions.get(i));
        if let Some(node) = cluster.node(id) {
            let timer = node.timer();
            let votes = node.votes().unwrap_or_default();
            row.set(C::Role, code(RoleCode::from(node.role())))
                .set(C::Term, node.term() as f64)
                .set(C::VotedFor, opt_id(node.voted_for()))
                .set(C::Up, 1.0)
                .set(C::TimerStart, us_to_ms(timer.armed_at))
                .set(C::TimerDeadline, us_to_ms(timer.deadline))
                .set(C::TimerKind, code(TimerCode::from(timer.kind)))
                .set(C::CommitIndex, node.commit_index() as f64)
                .set(C::LastIndex, node.log().last_index() as f64)
                .set(C::LeaderHint, opt_id(node.leader_hint()))
                .set(C::VotesGranted, f64::from(votes.granted_count()))
                .set(C::VotesRefused, f64::from(votes.refused_count()))
                .set(C::LastApplied, node.last_applied() as f64)
                .set(C::MachineSum, node.state_machine().sum as f64)
                .set(C::MachineCount, node.state_machine().count as f64);
        } else {
            let (term, voted_for, last_index) =
                cluster.persistent(id).map_or((0.0, NONE, 0.0), |p| {
                    (
                        p.current_term as f64,
                        opt_id(p.voted_for),
                        p.log.last_index() as f64,
                    )
                });
            row.set(C::Role, code(RoleCode::Follower))
                .set(C::Term, term)
                .set(C::VotedFor, voted_for)
                .set(C::Up, 0.0)
                .set(C::TimerStart, NONE)
                .set(C::TimerDeadline, NONE)
                .set(C::TimerKind, code(TimerCode::Election))
                .set(C::LastIndex, last_index)
                .set(C::LeaderHint, NONE);
        }
        out.extend_from_slice(&row.0);
    }
}

fn message_row(out: &mut Vec<f64>, f: &InFlight, receiver_up: bool) {
    use MsgCol as C;
    let m = &f.message;
    let (entries, ok, prev) = match &m.body {
        Body::AppendEntries(a) => (a.entries.len() as f64, false, a.prev_log_index as f64),
        Body::AppendEntriesResponse(r) => (0.0, r.success, r.prev_log_index as f64),
        Body::RequestVoteResponse(r) | Body::PreVoteResponse(r) => (0.0, r.granted, NONE),
        Body::RequestVote(_) | Body::PreVote(_) | Body::TimeoutNow => (0.0, false, NONE),
        // A snapshot's last included index stands where an append's prevLogIndex would.
        Body::InstallSnapshot(i) => (0.0, false, i.snapshot.last_included_index as f64),
        Body::InstallSnapshotResponse(_) => (0.0, true, NONE),
    };
    // A message flying to a crashed node is lost when it arrives, unless the node is back by
    // then: shown as lost at its arrival for as long as the receiver is down.
    let (drop_at, drop_reason) = match f.drop {
        Some((t, r)) => (us_to_ms(t), DropCode::from(r)),
        None if !receiver_up => (us_to_ms(f.arrive_at), DropCode::NodeDown),
        None => (NONE, DropCode::None),
    };
    let mut row = Row::<MSG_STRIDE>::new();
    row.set(C::Id, f.id as f64)
        .set(C::From, f64::from(m.from))
        .set(C::To, f64::from(m.to))
        .set(C::Kind, msg_kind_code(MessageKind::of(m)))
        .set(C::Term, m.term as f64)
        .set(C::SentAt, us_to_ms(f.sent_at))
        .set(C::ArriveAt, us_to_ms(f.arrive_at))
        .set(C::DropAt, drop_at)
        .set(C::DropReason, code(drop_reason))
        .set(C::EntryCount, entries)
        .set(C::Ok, if ok { 1.0 } else { 0.0 })
        .set(C::PrevIndex, prev);
    out.extend_from_slice(&row.0);
}

/// `messages()`: MSG_STRIDE numbers per message on the wire, in id order.
pub fn fill_messages(out: &mut Vec<f64>, cluster: &Cluster) {
    out.clear();
    for f in cluster.in_flight() {
        message_row(out, f, cluster.is_up(f.message.to));
    }
}

/// `progress()`: the current leader's nextIndex and matchIndex for each node; -1 for the leader
/// itself and for everyone when there is no leader.
pub fn fill_progress(out: &mut Vec<f64>, cluster: &Cluster) {
    out.clear();
    let leader = cluster.leader();
    let progress = leader
        .and_then(|l| cluster.node(l))
        .and_then(|n| n.progress());
    for i in 0..cluster.len() {
        let p = progress
            .filter(|_| leader != Some(i as NodeId))
            .and_then(|p| p.get(i));
        let (next, matched) = p.map_or((NONE, NONE), |p| {
            (p.next_index as f64, p.match_index as f64)
        });
        let mut row = Row::<PROGRESS_STRIDE>::new();
        row.set(ProgressCol::NextIndex, next)
            .set(ProgressCol::MatchIndex, matched);
        out.extend_from_slice(&row.0);
    }
}

/// `log(id)`: LOG_STRIDE numbers per entry the log holds, entry `NodeCol.LogOffset + 1` first; value -1 for a no-op. Works for a
/// crashed node too (its log survives). Returns false for an unknown id.
pub fn fill_log(out: &mut Vec<f64>, cluster: &Cluster, id: NodeId) -> bool {
    fill_log_since(out, cluster, id, 0)
}

/// Node `id`'s log entries after the first `skip` (none when it has no more).
pub fn fill_log_since(out: &mut Vec<f64>, cluster: &Cluster, id: NodeId, skip: usize) -> bool {
    out.clear();
    let Some(p) = cluster.persistent(id) else {
        return false;
    };
    let entries = p.log.entries();
    for e in entries.iter_from(skip) {
        let value = match e.command {
            Command::Value(v) => v as f64,
            Command::Noop => NONE,
            // A configuration entry (§4.1): -2 minus its members as a bit per id, so the page
            // tells it from a value and a no-op and can name the servers.
            Command::Config(members) => -2.0 - f64::from(members.bits()),
        };
        let mut row = Row::<LOG_STRIDE>::new();
        row.set(LogCol::Term, e.term as f64)
            .set(LogCol::Value, value);
        out.extend_from_slice(&row.0);
    }
    true
}

/// A mark's code and its two numbers (-1 where a kind has only one).
pub fn mark_row(kind: &MarkKind) -> (MarkCode, f64, f64) {
    match *kind {
        MarkKind::Term { term } => (MarkCode::Term, term as f64, NONE),
        MarkKind::Leader { node, term } => (MarkCode::Leader, f64::from(node), term as f64),
        MarkKind::Commit { index } => (MarkCode::Commit, index as f64, NONE),
        MarkKind::NoLeader {
            term,
            split_vote: true,
        } => (MarkCode::SplitVote, term as f64, NONE),
        MarkKind::NoLeader {
            term,
            split_vote: false,
        } => (MarkCode::NoLeader, term as f64, NONE),
        MarkKind::Crash { node } => (MarkCode::Crash, f64::from(node), NONE),
        MarkKind::Action { index } => (MarkCode::Action, f64::from(index), NONE),
        MarkKind::Violation { property } => (
            MarkCode::Violation,
            crate::safety::property_code(property),
            NONE,
        ),
    }
}

/// `marks()`: MARK_STRIDE numbers per mark, in time order.
pub fn fill_marks(out: &mut Vec<f64>, marks: impl IntoIterator<Item = Mark>) {
    out.clear();
    for m in marks {
        let (kind, a, b) = mark_row(&m.kind);
        let mut row = Row::<MARK_STRIDE>::new();
        row.set(MarkCol::At, us_to_ms(m.at))
            .set(MarkCol::Kind, code(kind))
            .set(MarkCol::A, a)
            .set(MarkCol::B, b);
        out.extend_from_slice(&row.0);
    }
}

#[cfg(test)]
#[path = "../unit/view.rs"]
mod tests;
