//! One message looked at closely: its whole body (the request's or reply's fields of Figure 2)
//! and what the servers did about it, in the trace's words.
//!
//! The history keeps only a message's summary; its body (prevLogIndex, the entries, ...) lived
//! in the network queue. The run is deterministic, so a throwaway copy replays from the
//! checkpoint before the send to the step that sent it, and on to the step that delivered it:
//! that step's records say whether the receiver refused, why, and which reply it sent.

use crate::event::Event;
use crate::message::Message;
use crate::trace::{MessageSummary, TraceEvent, TraceRecord};
use crate::types::NodeId;

use super::history::{Fate, Span};
use super::Timeline;

/// What a server did with a message it received, or decided when it sent a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Handling {
    /// The refusal it recorded (`AppendRefused` or `VoteRefused`), with the trace's reason.
    pub refusal: Option<Event>,
    /// The reply it sent back to the sender in the same step: its id and summary.
    pub reply: Option<(u64, MessageSummary)>,
    /// The message it had just received in that step (what a reply answers).
    pub received: Option<u64>,
}

/// A message's fields and its story.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageDetail {
    /// Its flight, as the history keeps it.
    pub span: Span,
    /// The message as sent, body and all.
    pub message: Message,
    /// The sender's step that sent it: for a reply, the request it answers and the refusal
    /// (if any) it carries.
    pub sent: Handling,
    /// The receiver's step that took it in (None while in flight or when lost).
    pub delivered: Option<Handling>,
}

/// What `node` did in the step whose records are `records`, towards `peer`.
fn handling(records: &[TraceRecord], node: NodeId, peer: NodeId) -> Handling {
    let mut out = Handling {
        refusal: None,
        reply: None,
        received: None,
    };
    for record in records {
        match &record.event {
            TraceEvent::Node { node: n, event } if *n == node => match event {
                Event::AppendRefused { leader, .. } if *leader == peer => {
                    out.refusal = Some(*event)
                }
                Event::VoteRefused { to, .. } if *to == peer => out.refusal = Some(*event),
                _ => {}
            },
            TraceEvent::MessageSent { id, message, .. }
                if message.from == node && message.to == peer && out.reply.is_none() =>
            {
                out.reply = Some((*id, *message));
            }
            TraceEvent::MessageDelivered { id } => out.received = Some(*id),
            _ => {}
        }
    }
    out
}

/// Steps `probe` until its trace passes position `seq`; the records of that last step.
fn step_past(probe: &mut Timeline, seq: u64) -> Option<alloc::vec::Vec<TraceRecord>> {
    loop {
        let before = probe.cluster().trace().len();
        if before > seq {
            return None; // already past: the step was missed
        }
        if !probe.step_forward() {
            return None;
        }
        let trace = probe.cluster().trace();
        if trace.len() > seq {
            return Some(trace.since(before).cloned().collect());
        }
    }
}

/// Message `id` of the run, looked at closely; None when the history no longer holds it.
pub fn message(timeline: &Timeline, id: u64) -> Option<MessageDetail> {
    let span = *timeline.history().span(id)?;
    let mut probe = timeline.probe_before(span.sent_seq);
    let sent_step = step_past(&mut probe, span.sent_seq)?;
    let message = probe
        .cluster()
        .in_flight()
        .find(|f| f.id == id)?
        .message
        .clone();
    // A reply answers the message received in its step; only a reply carries a refusal
    // decided then (the receiver of a request records one when it refuses).
    let mut sent = handling(&sent_step, message.from, message.to);
    sent.reply = None;
    if !message.is_response() {
        sent.refusal = None;
        sent.received = None;
    }
    let delivered = match span.fate {
        Fate::Delivered => {
            let step = step_past(&mut probe, span.end_seq)?;
            let mut h = handling(&step, message.to, message.from);
            h.received = Some(id);
            if message.is_response() {
                h.reply = None;
                h.refusal = None;
            }
            Some(h)
        }
        Fate::InFlight | Fate::Dropped(_) => None,
    };
    Some(MessageDetail {
        span,
        message,
        sent,
        delivered,
    })
}
