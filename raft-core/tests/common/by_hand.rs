//! Fixtures of the rule tests that drive single `Node`s by hand (`figure2.rs`, `transfer.rs`,
//! `compaction.rs`): the timing they assume, one input in and what it made the node do out,
//! the replies a leader reads, and an election won by forced timeout and granted votes.

use raft_core::event::Event;
use raft_core::message::{AppendEntries, AppendEntriesResponse, Body, Message, VoteResponse};
use raft_core::types::{Index, NodeId, Term, Time, MS};
use raft_core::{Config, Input, Node, Role};

/// The least election timeout of these tests.
pub const MIN: Time = 150 * MS;
/// The greatest election timeout.
pub const MAX: Time = 300 * MS;
/// The leader's heartbeat interval.
pub const HEARTBEAT: Time = 50 * MS;

/// The default node configuration with the timing above.
pub fn config() -> Config {
    Config {
        election_timeout_min: MIN,
        election_timeout_max: MAX,
        heartbeat_interval: HEARTBEAT,
        ..Config::default()
    }
}

/// What one input made a node do.
pub struct Out {
    /// The messages it sent.
    pub messages: Vec<Message>,
    /// The events it reported.
    pub events: Vec<Event>,
}

impl Out {
    /// Takes what `node` produced since it was last drained.
    pub fn drained(node: &mut Node) -> Out {
        Out {
            messages: node.take_messages(),
            events: node.take_events(),
        }
    }
    /// The events without the timer resets, whose deadlines are random.
    pub fn events(&self) -> Vec<Event> {
        self.events
            .iter()
            .copied()
            .filter(|e| !matches!(e, Event::TimerReset { .. }))
            .collect()
    }
    /// True when `event` was reported.
    pub fn has(&self, event: Event) -> bool {
        self.events.contains(&event)
    }
    /// The single message sent, which must go to `to`.
    pub fn reply_to(&self, to: NodeId) -> &Message {
        assert_eq!(self.messages.len(), 1, "one reply: {:?}", self.messages);
        assert_eq!(self.messages[0].to, to);
        &self.messages[0]
    }
    /// True when a timer was (re)armed.
    pub fn timer_reset(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e, Event::TimerReset { .. }))
    }
    /// True when a `TimeoutNow` went to `to`.
    pub fn sent_timeout_now_to(&self, to: NodeId) -> bool {
        self.messages
            .iter()
            .any(|m| m.to == to && m.body == Body::TimeoutNow)
    }
    /// The AppendEntries sent to `to`.
    pub fn appends_to(&self, to: NodeId) -> Vec<&AppendEntries> {
        appends_to(&self.messages, to)
    }
}

/// The AppendEntries among `messages` that go to `to`.
pub fn appends_to(messages: &[Message], to: NodeId) -> Vec<&AppendEntries> {
    messages
        .iter()
        .filter(|m| m.to == to)
        .filter_map(|m| match &m.body {
            Body::AppendEntries(a) => Some(a),
            _ => None,
        })
        .collect()
}

/// Feeds `node` one input (not a proposal) at `now`.
pub fn step(node: &mut Node, now: Time, input: Input) -> Out {
    node.step(now, input).expect("not a proposal");
    Out::drained(node)
}

/// Delivers `node` a message of `term` from `from`.
pub fn deliver(node: &mut Node, now: Time, from: NodeId, term: Term, body: Body) -> Out {
    let to = node.id();
    step(
        node,
        now,
        Input::Message(Message {
            from,
            to,
            term,
            body,
        }),
    )
}

/// A vote granted or refused.
pub fn vote(granted: bool) -> Body {
    Body::RequestVoteResponse(VoteResponse { granted })
}

/// A follower's success for the AppendEntries after `prev_log_index`, holding up to
/// `match_index`.
pub fn success(prev_log_index: Index, match_index: Index) -> Body {
    Body::AppendEntriesResponse(AppendEntriesResponse {
        success: true,
        prev_log_index,
        match_index,
        conflict: None,
    })
}

/// Makes `node` (of an `n`-server cluster) the leader of its next term at `now`: a forced
/// timeout, then granted votes until it wins. Drains what it produced.
pub fn elect(node: &mut Node, n: u8, now: Time) {
    step(node, now, Input::ForceTimeout);
    let term = node.term();
    let id = node.id();
    for peer in (0..n).filter(|&p| p != id) {
        if node.role() == Role::Leader {
            break;
        }
        deliver(node, now, peer, term, vote(true));
    }
    assert_eq!(node.role(), Role::Leader);
    Out::drained(node);
}
