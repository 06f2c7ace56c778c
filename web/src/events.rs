//! Trace records as the page reads them from `events(sinceSeq)`: one flat object per record,
//! `{seq, at, kind, ...fields}`, times in virtual ms, refusal reasons as text. Timer resets are
//! left out (one per message received: noise for a feed).
//!
//! The fields are written through [`Sink`], so the same code fills a JS object (lib.rs) and a
//! JSON map (the native tests), with no serialization framework in the wasm.

use alloc::string::String;

use raft_core::event::{Event, RoleReason, VoteRefusal};
use raft_core::trace::{DropReason, MessageKind, TraceEvent, TraceRecord};
use raft_core::{text, NodeId, Role};

use crate::convert::us_to_ms;

/// The most records one `events` call returns.
pub const MAX_EVENTS_PER_CALL: usize = 200;

/// Where one record's fields go.
pub trait Sink {
    /// A number field.
    fn num(&mut self, key: &'static str, value: f64);
    /// A boolean field.
    fn flag(&mut self, key: &'static str, value: bool);
    /// A string field.
    fn text(&mut self, key: &'static str, value: &str);

    /// A node id field.
    fn node(&mut self, key: &'static str, id: NodeId) {
        self.num(key, f64::from(id));
    }
    /// A term, index or count field.
    fn int(&mut self, key: &'static str, value: u64) {
        self.num(key, value as f64);
    }
}

/// Every `kind` a record can carry.
pub const KINDS: [&str; 21] = [
    "roleChanged",
    "termChanged",
    "voteGranted",
    "voteRefused",
    "voteReceived",
    "electionLost",
    "appendRefused",
    "appended",
    "truncated",
    "nextIndexBack",
    "matchAdvanced",
    "commitAdvanced",
    "proposalAccepted",
    "proposalRefused",
    "messageSent",
    "messageDelivered",
    "messageDropped",
    "crashed",
    "restarted",
    "action",
    "violation",
];

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::PreCandidate => "precandidate",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

fn reason_name(reason: RoleReason) -> &'static str {
    match reason {
        RoleReason::Start => "start",
        RoleReason::Timeout => "timeout",
        RoleReason::Forced => "forced",
        RoleReason::WonPreVote => "wonPreVote",
        RoleReason::WonElection => "wonElection",
        RoleReason::HigherTerm => "higherTerm",
        RoleReason::LeaderOfTerm => "leaderOfTerm",
        RoleReason::LostQuorum => "lostQuorum",
    }
}

fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::RequestVote => "requestVote",
        MessageKind::RequestVoteResponse => "requestVoteResponse",
        MessageKind::PreVote => "preVote",
        MessageKind::PreVoteResponse => "preVoteResponse",
        MessageKind::AppendEntries => "appendEntries",
        MessageKind::AppendEntriesResponse => "appendEntriesResponse",
    }
}

fn drop_name(reason: DropReason) -> &'static str {
    match reason {
        DropReason::Loss => "loss",
        DropReason::Partition => "partition",
        DropReason::LinkCut => "linkCut",
        DropReason::NodeDown => "nodeDown",
    }
}

fn vote_reason(reason: VoteRefusal, term: u64) -> String {
    let text = reason.describe();
    match reason {
        VoteRefusal::AlreadyVoted { .. } => text!(&text, " in term ", term),
        _ => text,
    }
}

/// True for the records the page gets (all but timer resets).
pub fn shown(record: &TraceRecord) -> bool {
    !matches!(
        record.event,
        TraceEvent::Node {
            event: Event::TimerReset { .. },
            ..
        }
    )
}

fn node_event(node: NodeId, event: &Event, out: &mut impl Sink) {
    let kind = match *event {
        Event::RoleChanged { .. } => "roleChanged",
        Event::TermChanged { .. } => "termChanged",
        Event::VoteGranted { .. } => "voteGranted",
        Event::VoteRefused { .. } => "voteRefused",
        Event::VoteReceived { .. } => "voteReceived",
        Event::ElectionLost { .. } => "electionLost",
        Event::AppendRefused { .. } => "appendRefused",
        Event::Appended { .. } => "appended",
        Event::Truncated { .. } => "truncated",
        Event::NextIndexBack { .. } => "nextIndexBack",
        Event::MatchAdvanced { .. } => "matchAdvanced",
        Event::CommitAdvanced { .. } => "commitAdvanced",
        Event::ProposalAccepted { .. } => "proposalAccepted",
        Event::ProposalRefused { .. } => "proposalRefused",
        Event::TimerReset { .. } => "timerReset",
    };
    out.text("kind", kind);
    out.node("node", node);
    match *event {
        Event::RoleChanged { role, term, reason } => {
            out.text("role", role_name(role));
            out.int("term", term);
            out.text("reason", reason_name(reason));
        }
        Event::TermChanged { from, to } | Event::CommitAdvanced { from, to } => {
            out.int("from", from);
            out.int("to", to);
        }
        Event::VoteGranted { to, term, pre_vote } => {
            out.node("to", to);
            out.int("term", term);
            out.flag("preVote", pre_vote);
        }
        Event::VoteRefused {
            to,
            term,
            pre_vote,
            reason,
        } => {
            out.node("to", to);
            out.int("term", term);
            out.flag("preVote", pre_vote);
            out.text("reason", &vote_reason(reason, term));
        }
        Event::VoteReceived {
            from,
            term,
            granted,
            pre_vote,
        } => {
            out.node("from", from);
            out.int("term", term);
            out.flag("granted", granted);
            out.flag("preVote", pre_vote);
        }
        Event::ElectionLost {
            term,
            granted,
            refused,
            needed,
        } => {
            out.int("term", term);
            out.num("granted", f64::from(granted));
            out.num("refused", f64::from(refused));
            out.num("needed", f64::from(needed));
        }
        Event::AppendRefused {
            leader,
            term,
            reason,
        } => {
            out.node("leader", leader);
            out.int("term", term);
            out.text("reason", &reason.describe());
        }
        Event::Appended { from, count } | Event::Truncated { from, count } => {
            out.int("from", from);
            out.int("count", count);
        }
        Event::NextIndexBack { peer, from, to } => {
            out.node("leader", node);
            out.node("peer", peer);
            out.int("from", from);
            out.int("to", to);
        }
        Event::MatchAdvanced { peer, match_index } => {
            out.node("leader", node);
            out.node("peer", peer);
            out.int("matchIndex", match_index);
        }
        Event::ProposalAccepted { index, term } => {
            out.int("index", index);
            out.int("term", term);
        }
        Event::ProposalRefused { leader } => {
            out.num("leader", leader.map_or(-1.0, f64::from));
        }
        Event::TimerReset { deadline, .. } => out.num("deadline", us_to_ms(deadline)),
    }
}

/// Writes one record as the page sees it: `seq`, `at` (ms), `kind` and the kind's fields.
pub fn write(record: &TraceRecord, out: &mut impl Sink) {
    out.int("seq", record.seq);
    out.num("at", us_to_ms(record.at));
    match &record.event {
        TraceEvent::Node { node, event } => node_event(*node, event, out),
        TraceEvent::MessageSent {
            id,
            message,
            arrive_at,
        } => {
            out.text("kind", "messageSent");
            out.int("id", *id);
            out.node("from", message.from);
            out.node("to", message.to);
            out.text("msgKind", kind_name(message.kind));
            out.int("term", message.term);
            out.num("entries", f64::from(message.entries));
            out.flag("ok", message.ok);
            out.num("arriveAt", us_to_ms(*arrive_at));
        }
        TraceEvent::MessageDelivered { id } => {
            out.text("kind", "messageDelivered");
            out.int("id", *id);
        }
        TraceEvent::MessageDropped { id, reason } => {
            out.text("kind", "messageDropped");
            out.int("id", *id);
            out.text("reason", drop_name(*reason));
        }
        TraceEvent::Crashed { node } => {
            out.text("kind", "crashed");
            out.node("node", *node);
        }
        TraceEvent::Restarted { node } => {
            out.text("kind", "restarted");
            out.node("node", *node);
        }
        TraceEvent::Action { text } => {
            out.text("kind", "action");
            out.text("text", text);
        }
        TraceEvent::Violation { text } => {
            out.text("kind", "violation");
            out.text("text", text);
        }
    }
}

/// The kept records from `since` on that the page gets, at most [`MAX_EVENTS_PER_CALL`].
pub fn page<'a>(
    records: impl Iterator<Item = &'a TraceRecord> + 'a,
) -> impl Iterator<Item = &'a TraceRecord> + 'a {
    records.filter(|r| shown(r)).take(MAX_EVENTS_PER_CALL)
}

#[cfg(test)]
#[path = "../unit/events.rs"]
pub(crate) mod tests;
