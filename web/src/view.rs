//! The per-frame view: flat f64 tables with the strides and columns of www/src/view.ts.
//! Each function refills a caller-owned buffer, so a frame allocates nothing on this side.

use alloc::vec;
use alloc::vec::Vec;

use raft_core::event::Event;
use raft_core::message::Body;
use raft_core::sim::{Cluster, InFlight, Mark, MarkKind};
use raft_core::state::TimerKind;
use raft_core::trace::{DropReason, MessageKind, TraceEvent};
use raft_core::{Command, NodeId, Role};

use crate::convert::us_to_ms;

/// Numbers per row of `nodes()` (view.ts `NODE_STRIDE`).
pub const NODE_STRIDE: usize = 15;
/// Numbers per row of `messages()` (view.ts `MSG_STRIDE`).
pub const MSG_STRIDE: usize = 12;
/// Numbers per row of `progress()` (view.ts `PROGRESS_STRIDE`).
pub const PROGRESS_STRIDE: usize = 2;
/// Numbers per entry of `log(id)` (view.ts `LOG_STRIDE`).
pub const LOG_STRIDE: usize = 2;
/// Numbers per mark of `marks()` (view.ts `MARK_STRIDE`).
pub const MARK_STRIDE: usize = 4;

/// "None" for an id or a time.
const NONE: f64 = -1.0;

fn role_code(role: Role) -> f64 {
    match role {
        Role::Follower => 0.0,
        Role::PreCandidate => 1.0,
        Role::Candidate => 2.0,
        Role::Leader => 3.0,
    }
}

fn opt_id(id: Option<NodeId>) -> f64 {
    id.map_or(NONE, f64::from)
}

/// view.ts `MsgKind`.
pub fn msg_kind_code(kind: MessageKind) -> f64 {
    match kind {
        MessageKind::RequestVote => 0.0,
        MessageKind::RequestVoteResponse => 1.0,
        MessageKind::PreVote => 2.0,
        MessageKind::PreVoteResponse => 3.0,
        MessageKind::AppendEntries => 4.0,
        MessageKind::AppendEntriesResponse => 5.0,
    }
}

/// view.ts `DropReason`.
fn drop_code(reason: DropReason) -> f64 {
    match reason {
        DropReason::Loss => 1.0,
        DropReason::Partition => 2.0,
        DropReason::LinkCut => 3.0,
        DropReason::NodeDown => 4.0,
    }
}

/// A counter per node that moves whenever that node's log changes, read from the trace (every
/// log change is an `Appended` or `Truncated` event of the node).
#[derive(Clone, Debug)]
pub struct LogVersions {
    versions: Vec<f64>,
    /// The next trace position not yet looked at.
    cursor: u64,
}

impl LogVersions {
    /// All nodes at version 0.
    pub fn new(nodes: usize) -> Self {
        LogVersions {
            versions: vec![0.0; nodes],
            cursor: 0,
        }
    }

    /// Counts every log as changed and starts reading the trace from its end: for a cluster
    /// that replaced the one read so far (a checkpoint restored by a seek or a step back).
    pub fn reset(&mut self, cluster: &Cluster) {
        self.versions.iter_mut().for_each(|v| *v += 1.0);
        self.cursor = cluster.trace().len();
    }

    /// Reads the trace records added since the last call.
    pub fn sync(&mut self, cluster: &Cluster) {
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
        }
        for record in trace.since(self.cursor) {
            if let TraceEvent::Node {
                node,
                event: Event::Appended { .. } | Event::Truncated { .. },
            } = record.event
            {
                if let Some(v) = self.versions.get_mut(node as usize) {
                    *v += 1.0;
                }
            }
        }
        self.cursor = trace.len();
    }

    /// Node `id`'s version (0 for an unknown id).
    pub fn get(&self, id: usize) -> f64 {
        self.versions.get(id).copied().unwrap_or(0.0)
    }
}

/// `nodes()`: NODE_STRIDE numbers per node. A crashed node shows its persistent state (term,
/// vote, log length) with up = 0 and no timer, role, commit index, leader or votes.
pub fn fill_nodes(out: &mut Vec<f64>, cluster: &Cluster, versions: &LogVersions) {
    out.clear();
    let groups = cluster.network().groups();
    for i in 0..cluster.len() {
        let id = i as NodeId;
        let group = groups.get(i).map_or(0.0, |g| f64::from(*g));
        let version = versions.get(i);
        if let Some(node) = cluster.node(id) {
            let timer = node.timer();
            let votes = node.votes().unwrap_or_default();
            out.extend_from_slice(&[
                f64::from(id),
                role_code(node.role()),
                node.term() as f64,
                opt_id(node.voted_for()),
                1.0,
                us_to_ms(timer.armed_at),
                us_to_ms(timer.deadline),
                match timer.kind {
                    TimerKind::Election => 0.0,
                    TimerKind::Heartbeat => 1.0,
                },
                node.commit_index() as f64,
                node.log().last_index() as f64,
                opt_id(node.leader_hint()),
                f64::from(votes.granted_count()),
                f64::from(votes.refused_count()),
                group,
                version,
            ]);
        } else {
            let (term, voted_for, last_index) =
                cluster.persistent(id).map_or((0.0, NONE, 0.0), |p| {
                    (
                        p.current_term as f64,
                        opt_id(p.voted_for),
                        p.log.last_index() as f64,
                    )
                });
            out.extend_from_slice(&[
                f64::from(id),
                role_code(Role::Follower),
                term,
                voted_for,
                0.0,
                NONE,
                NONE,
                0.0,
                0.0,
                last_index,
                NONE,
                0.0,
                0.0,
                group,
                version,
            ]);
        }
    }
}

fn message_row(out: &mut Vec<f64>, f: &InFlight, receiver_up: bool) {
    let m = &f.message;
    let (entries, ok, prev) = match &m.body {
        Body::AppendEntries {
            prev_log_index,
            entries,
            ..
        } => (entries.len() as f64, false, *prev_log_index as f64),
        Body::AppendEntriesResponse {
            success,
            prev_log_index,
            ..
        } => (0.0, *success, *prev_log_index as f64),
        Body::RequestVoteResponse { granted } | Body::PreVoteResponse { granted } => {
            (0.0, *granted, NONE)
        }
        Body::RequestVote { .. } | Body::PreVote { .. } => (0.0, false, NONE),
    };
    // A message flying to a crashed node is lost when it arrives, unless the node is back by
    // then: shown as lost at its arrival for as long as the receiver is down.
    let (drop_at, drop_reason) = match f.drop {
        Some((t, r)) => (us_to_ms(t), drop_code(r)),
        None if !receiver_up => (us_to_ms(f.arrive_at), drop_code(DropReason::NodeDown)),
        None => (NONE, 0.0),
    };
    out.extend_from_slice(&[
        f.id as f64,
        f64::from(m.from),
        f64::from(m.to),
        msg_kind_code(MessageKind::of(m)),
        m.term as f64,
        us_to_ms(f.sent_at),
        us_to_ms(f.arrive_at),
        drop_at,
        drop_reason,
        entries,
        if ok { 1.0 } else { 0.0 },
        prev,
    ]);
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
        match p {
            Some(p) => out.extend_from_slice(&[p.next_index as f64, p.match_index as f64]),
            None => out.extend_from_slice(&[NONE, NONE]),
        }
    }
}

/// `log(id)`: [term, value] per entry, index 1 first; value -1 for a no-op. Works for a crashed
/// node too (its log survives). Returns false for an unknown id.
pub fn fill_log(out: &mut Vec<f64>, cluster: &Cluster, id: NodeId) -> bool {
    out.clear();
    let Some(p) = cluster.persistent(id) else {
        return false;
    };
    for e in p.log.entries() {
        let value = match e.command {
            Command::Value(v) => v as f64,
            Command::Noop => NONE,
        };
        out.extend_from_slice(&[e.term as f64, value]);
    }
    true
}

/// view.ts `MarkKindCode`, and the mark's two numbers (-1 where a kind has only one).
pub fn mark_row(kind: &MarkKind) -> [f64; 3] {
    match *kind {
        MarkKind::Term { term } => [0.0, term as f64, NONE],
        MarkKind::Leader { node, term } => [1.0, f64::from(node), term as f64],
        MarkKind::Commit { index } => [2.0, index as f64, NONE],
        MarkKind::SplitVote { term } => [3.0, term as f64, NONE],
        MarkKind::Crash { node } => [4.0, f64::from(node), NONE],
        MarkKind::Action { index } => [5.0, f64::from(index), NONE],
    }
}

/// `marks()`: MARK_STRIDE numbers per mark, [at (ms), kind, a, b], in time order.
pub fn fill_marks(out: &mut Vec<f64>, marks: &[Mark]) {
    out.clear();
    out.reserve(marks.len() * MARK_STRIDE);
    for m in marks {
        let [kind, a, b] = mark_row(&m.kind);
        out.extend_from_slice(&[us_to_ms(m.at), kind, a, b]);
    }
}

#[cfg(test)]
#[path = "../unit/view.rs"]
mod tests;
