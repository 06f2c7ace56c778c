//! The space-time diagram's data as the page reads it: raft-core's history (message flights and
//! lane changes up to the horizon) over a window, as flat tables (`DiagramCol`, `LaneCol`),
//! and one message looked at closely (`MessageDetailView`, through serde).
//!
//! Only conversion: which flights cross a window, each server's state as the window opens, a
//! message's body and the receiver's answer are raft-core's (`sim::history`, `sim::message_detail`).

use alloc::vec::Vec;

use js_sys::Float64Array;
use raft_core::event::Event;
use raft_core::message::Body;
use raft_core::sim::history::{Fate, History, LaneChange, LaneEvent, Span};
use raft_core::sim::message_detail::{self, Handling};
use raft_core::sim::Timeline;
use raft_core::{Index, NodeId, Term};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::convert::{ms_to_us, us_to_ms};
use crate::events::MessageKindName;
use crate::failure::{Failure, FailureView};
use crate::in_pieces;
// The node inspector's entry (index, term, value): one type of that name in the seam.
use crate::inspect::EntryView;
use crate::refusals::RefusalView;
use crate::view::{msg_kind_code, DropCode, RoleCode};

/// Columns of `diagram(fromMs, toMs)`: one row per message flight crossing the window, in send
/// order.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagramCol {
    /// The message's id.
    Id = 0,
    /// Sender.
    From = 1,
    /// Receiver.
    To = 2,
    /// Its kind (`MsgKindCode`).
    Kind = 3,
    /// The term it carries.
    Term = 4,
    /// AppendEntries: entries carried (0: a heartbeat).
    EntryCount = 5,
    /// Replies: 1 granted / success, 0 refused.
    Ok = 6,
    /// When it was sent, virtual ms.
    SentAt = 7,
    /// When it would arrive, virtual ms.
    ArriveAt = 8,
    /// When it arrived or was lost, virtual ms (`ArriveAt` while in flight at the horizon).
    EndAt = 9,
    /// What became of it ([`FateCode`]).
    Fate = 10,
    /// Why it was lost (`DropCode`; None unless lost).
    DropReason = 11,
    /// Numbers per row.
    Stride = 12,
}

/// What became of a message, in `DiagramCol.Fate`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FateCode {
    /// On the wire at the horizon.
    InFlight = 0,
    /// Delivered at `EndAt`.
    Delivered = 1,
    /// Lost at `EndAt`.
    Dropped = 2,
}

/// Columns of `lanes(fromMs, toMs)`: one row per lane change; first each server's latest
/// change at or before the window's start, then the changes inside it, in time order.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneCol {
    /// When, virtual ms.
    At = 0,
    /// The server.
    Node = 1,
    /// What ([`LaneCode`]).
    Code = 2,
    /// For a role: the server's term then; else -1.
    Term = 3,
    /// Numbers per row.
    Stride = 4,
}

/// Lane changes in `LaneCol.Code`: the four roles as `RoleCode` numbers them, then crash and
/// restart, then a new server's start and its joining and leaving the configuration in force.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneCode {
    /// Became a follower.
    Follower = 0,
    /// Became a pre-candidate.
    PreCandidate = 1,
    /// Became a candidate.
    Candidate = 2,
    /// Became the leader.
    Leader = 3,
    /// Crashed (a gap on its lane).
    Crashed = 4,
    /// Restarted.
    Restarted = 5,
    /// A new server started (§4.2.1): its lane begins.
    Started = 6,
    /// Joined the configuration in force (§4.1).
    Joined = 7,
    /// Left the configuration in force (§4.2.2): its lane runs on, greyed.
    Left = 8,
}

const DIAGRAM_STRIDE: usize = DiagramCol::Stride as usize;
const LANE_STRIDE: usize = LaneCol::Stride as usize;

/// A window in ms as µs, refusing what is not a window.
fn window_us(from_ms: f64, to_ms: f64) -> Result<(u64, u64), Failure> {
    if !from_ms.is_finite() || !to_ms.is_finite() || from_ms > to_ms {
        return Err(Failure::new(
            FailureView::DiagramWindow {
                from: from_ms,
                to: to_ms,
            },
            format!(
                "a diagram window needs finite times with from ≤ to, got {from_ms} and {to_ms}"
            ),
        ));
    }
    Ok((ms_to_us(from_ms.max(0.0)), ms_to_us(to_ms.max(0.0))))
}

/// `diagram(fromMs, toMs)`: the flights crossing the window.
pub fn fill_spans(
    out: &mut Vec<f64>,
    history: &History,
    from_ms: f64,
    to_ms: f64,
) -> Result<(), Failure> {
    let (from, to) = window_us(from_ms, to_ms)?;
    out.clear();
    for s in history.spans(from, to) {
        out.extend_from_slice(&span_row(s));
    }
    Ok(())
}

/// `diagram(fromMs, toMs)` for the page, laid out a piece at a time (a busy minute is 10,000
/// flights: a megabyte in one buffer).
pub fn spans_array(history: &History, from_ms: f64, to_ms: f64) -> Result<Float64Array, Failure> {
    let (from, to) = window_us(from_ms, to_ms)?;
    Ok(in_pieces::rows_to_array(|| {
        history.spans(from, to).map(span_row)
    }))
}

/// A flight's row.
fn span_row(s: &Span) -> [f64; DIAGRAM_STRIDE] {
    let (fate, drop) = match s.fate {
        Fate::InFlight => (FateCode::InFlight, DropCode::None),
        Fate::Delivered => (FateCode::Delivered, DropCode::None),
        Fate::Dropped(reason) => (FateCode::Dropped, DropCode::from(reason)),
    };
    let mut row = [0.0; DIAGRAM_STRIDE];
    row[DiagramCol::Id as usize] = s.id as f64;
    row[DiagramCol::From as usize] = f64::from(s.message.from);
    row[DiagramCol::To as usize] = f64::from(s.message.to);
    row[DiagramCol::Kind as usize] = msg_kind_code(s.message.kind);
    row[DiagramCol::Term as usize] = s.message.term as f64;
    row[DiagramCol::EntryCount as usize] = f64::from(s.message.entries);
    row[DiagramCol::Ok as usize] = if s.message.ok { 1.0 } else { 0.0 };
    row[DiagramCol::SentAt as usize] = us_to_ms(s.sent_at);
    row[DiagramCol::ArriveAt as usize] = us_to_ms(s.arrive_at);
    row[DiagramCol::EndAt as usize] = us_to_ms(s.end_at);
    row[DiagramCol::Fate as usize] = f64::from(fate as u32);
    row[DiagramCol::DropReason as usize] = f64::from(drop as u32);
    row
}

/// `lanes(fromMs, toMs)`: each server's state as the window opens, then its changes.
pub fn fill_lanes(
    out: &mut Vec<f64>,
    history: &History,
    from_ms: f64,
    to_ms: f64,
) -> Result<(), Failure> {
    let (from, to) = window_us(from_ms, to_ms)?;
    out.clear();
    for l in history.lanes(from, to) {
        out.extend_from_slice(&lane_row(&l));
    }
    Ok(())
}

/// `lanes(fromMs, toMs)` for the page, laid out a piece at a time.
pub fn lanes_array(history: &History, from_ms: f64, to_ms: f64) -> Result<Float64Array, Failure> {
    let (from, to) = window_us(from_ms, to_ms)?;
    let lanes = history.lanes(from, to);
    Ok(in_pieces::rows_to_array(|| lanes.iter().map(lane_row)))
}

/// A lane change's row.
fn lane_row(l: &LaneEvent) -> [f64; LANE_STRIDE] {
    let (code, term) = match l.change {
        LaneChange::Role { role, term } => (RoleCode::from(role) as u32, term as f64),
        LaneChange::Crashed => (LaneCode::Crashed as u32, -1.0),
        LaneChange::Restarted => (LaneCode::Restarted as u32, -1.0),
        LaneChange::Started => (LaneCode::Started as u32, -1.0),
        LaneChange::Joined => (LaneCode::Joined as u32, -1.0),
        LaneChange::Left => (LaneCode::Left as u32, -1.0),
    };
    let mut row = [0.0; LANE_STRIDE];
    row[LaneCol::At as usize] = us_to_ms(l.at);
    row[LaneCol::Node as usize] = f64::from(l.node);
    row[LaneCol::Code as usize] = f64::from(code);
    row[LaneCol::Term as usize] = term;
    row
}

/// The fields of a message, by kind (Figure 2).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MessageFields {
    /// RequestVote or PreVote arguments: the candidate is `from`.
    #[serde(rename_all = "camelCase")]
    Vote {
        pre_vote: bool,
        last_log_index: Index,
        last_log_term: Term,
    },
    /// A vote (or pre-vote) reply.
    #[serde(rename_all = "camelCase")]
    VoteReply { pre_vote: bool, granted: bool },
    /// AppendEntries arguments: the leader is `from`. `entries` lists at most the first 64.
    #[serde(rename_all = "camelCase")]
    Append {
        prev_log_index: Index,
        prev_log_term: Term,
        entry_count: u32,
        entries: Vec<EntryView>,
        leader_commit: Index,
    },
    /// An AppendEntries reply.
    #[serde(rename_all = "camelCase")]
    AppendReply {
        success: bool,
        prev_log_index: Index,
        match_index: Index,
        /// Fast backtracking: the follower's term at prevLogIndex (-1: its log is shorter).
        conflict_term: Option<i64>,
        conflict_index: Option<Index>,
    },
    /// InstallSnapshot arguments (Figure 13): the snapshot's last included entry and the state
    /// machine it holds.
    #[serde(rename_all = "camelCase")]
    Snapshot {
        last_included_index: Index,
        last_included_term: Term,
        sum: u64,
        count: u64,
    },
    /// An InstallSnapshot reply: the follower holds everything up to `match_index`.
    #[serde(rename_all = "camelCase")]
    SnapshotReply { match_index: Index },
    /// TimeoutNow (§3.10): no arguments; the leader `from` hands leadership to `to`.
    TimeoutNow,
}

/// What a server did with a message in one step.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HandlingView {
    /// Its refusal as a code and values, for the page to phrase in the reader's language
    /// (null: none).
    pub why: Option<RefusalView>,
    /// The reply it sent back, if any.
    pub reply_id: Option<u64>,
    /// That reply: granted / success.
    pub reply_ok: Option<bool>,
    /// That reply's term.
    pub reply_term: Option<Term>,
    /// The message it had just received (what a reply answers).
    pub received_id: Option<u64>,
}

/// One message looked at closely: `messageDetail(id)`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MessageDetailView {
    /// The message's id.
    pub id: u64,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Kind, as the feed names it.
    pub msg_kind: MessageKindName,
    /// The sender's term (a pre-vote: the term it would campaign in).
    pub term: Term,
    /// When sent, would arrive, and arrived or was lost, virtual ms.
    pub sent_at: f64,
    /// See `sent_at`.
    pub arrive_at: f64,
    /// See `sent_at`.
    pub end_at: f64,
    /// "inFlight", "delivered" or "dropped".
    pub fate: &'static str,
    /// Why it was lost, as the feed names it (null unless lost).
    pub drop_reason: Option<crate::events::DropReasonName>,
    /// Its fields.
    pub fields: MessageFields,
    /// The sender's step: for a reply, the request it answers and its refusal.
    pub sent: HandlingView,
    /// The receiver's step (null while in flight or when lost).
    pub delivered: Option<HandlingView>,
}

/// The refusal's code and values (refusals.rs), as the feed's events carry them.
fn refusal_why(event: &Event) -> Option<RefusalView> {
    match *event {
        Event::VoteRefused { term, reason, .. } => Some(RefusalView::vote(reason, term)),
        Event::AppendRefused { reason, .. } => Some(RefusalView::append(reason)),
        _ => None,
    }
}

fn handling_view(h: &Handling) -> HandlingView {
    HandlingView {
        why: h.refusal.as_ref().and_then(refusal_why),
        reply_id: h.reply.map(|(id, _)| id),
        reply_ok: h.reply.map(|(_, m)| m.ok),
        reply_term: h.reply.map(|(_, m)| m.term),
        received_id: h.received,
    }
}

/// How many entries a detail lists (an append may carry up to a million).
const ENTRIES_SHOWN: usize = 64;

/// Message `id` looked at closely, or why not.
pub fn detail(timeline: &Timeline, id: f64) -> Result<MessageDetailView, Failure> {
    if !(id.is_finite() && id >= 0.0 && id.fract() == 0.0) {
        return Err(Failure::new(
            FailureView::NotMessageId { got: id },
            format!("messageDetail(id) takes a message id, got {id}"),
        ));
    }
    let d = message_detail::message(timeline, id as u64).ok_or_else(|| {
        Failure::new(
            FailureView::MessageGone { id },
            format!("message {id} is not in the run's history (not sent yet, or too long ago)"),
        )
    })?;
    let fields = match &d.message.body {
        Body::RequestVote(v) | Body::PreVote(v) => MessageFields::Vote {
            pre_vote: matches!(d.message.body, Body::PreVote(_)),
            last_log_index: v.last_log_index,
            last_log_term: v.last_log_term,
        },
        Body::RequestVoteResponse(r) | Body::PreVoteResponse(r) => MessageFields::VoteReply {
            pre_vote: matches!(d.message.body, Body::PreVoteResponse(_)),
            granted: r.granted,
        },
        Body::AppendEntries(a) => MessageFields::Append {
            prev_log_index: a.prev_log_index,
            prev_log_term: a.prev_log_term,
            entry_count: a.entries.len() as u32,
            entries: a
                .entries
                .iter()
                .take(ENTRIES_SHOWN)
                .enumerate()
                .map(|(i, e)| EntryView {
                    index: a.prev_log_index + 1 + i as Index,
                    term: e.term,
                    value: match e.command {
                        raft_core::Command::Value(v) => Some(v),
                        raft_core::Command::Noop | raft_core::Command::Config(_) => None,
                    },
                })
                .collect(),
            leader_commit: a.leader_commit,
        },
        Body::AppendEntriesResponse(r) => MessageFields::AppendReply {
            success: r.success,
            prev_log_index: r.prev_log_index,
            match_index: r.match_index,
            conflict_term: r.conflict.map(|c| c.term.map_or(-1, |t| t as i64)),
            conflict_index: r.conflict.map(|c| c.first_index),
        },
        Body::InstallSnapshot(i) => MessageFields::Snapshot {
            last_included_index: i.snapshot.last_included_index,
            last_included_term: i.snapshot.last_included_term,
            sum: i.snapshot.state.sum,
            count: i.snapshot.state.count,
        },
        Body::InstallSnapshotResponse(r) => MessageFields::SnapshotReply {
            match_index: r.match_index,
        },
        Body::TimeoutNow => MessageFields::TimeoutNow,
    };
    let (fate, drop_reason) = match d.span.fate {
        Fate::InFlight => ("inFlight", None),
        Fate::Delivered => ("delivered", None),
        Fate::Dropped(r) => ("dropped", Some(r.into())),
    };
    Ok(MessageDetailView {
        id: d.span.id,
        from: d.message.from,
        to: d.message.to,
        msg_kind: d.span.message.kind.into(),
        term: d.message.term,
        sent_at: us_to_ms(d.span.sent_at),
        arrive_at: us_to_ms(d.span.arrive_at),
        end_at: us_to_ms(d.span.end_at),
        fate,
        drop_reason,
        fields,
        sent: handling_view(&d.sent),
        delivered: d.delivered.as_ref().map(handling_view),
    })
}

#[cfg(test)]
#[path = "../unit/diagram.rs"]
mod tests;
