//! The run's history as a space-time diagram draws it: every message's flight (sent, arrived or
//! lost) and every lane change (role, crash, restart), kept up to the timeline's horizon.
//!
//! The cluster's trace is bounded and a seek back restores a checkpoint with only a short tail
//! of it, so the trace alone cannot show the minute around a cursor in the past. The timeline
//! feeds this history the records it runs past its horizon (once each: the run is deterministic,
//! so re-simulating a stretch adds nothing) and cuts it back when the run forks. Memory is
//! bounded: past [`MAX_SPANS`] flights or [`MAX_LANE_CHANGES`] lane changes the oldest go, and
//! [`History::kept_from`] says from when the history is whole.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::event::Event;
use crate::state::Role;
use crate::trace::{DropReason, MessageSummary, Trace, TraceEvent};
use crate::types::{NodeId, Term, Time};

/// The most message flights kept, 2.3 MB: about a hundred seconds of a nine-server cluster's
/// heartbeats at the default interval (320 messages a second), five minutes of a five-server
/// one with a user acting several times a second. The diagram's widest window is a minute, so
/// that is enough around any cursor in the recent past; twice as many took a five-server soak
/// past twenty minutes to fill, so its memory was still growing at thirty.
pub const MAX_SPANS: usize = 1 << 15;
/// The most lane changes kept (role changes, crashes, restarts), 320 KB: a busy session makes
/// about twenty a second, so several minutes, as for the flights.
pub const MAX_LANE_CHANGES: usize = 1 << 13;

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Still on the wire at the horizon.
    InFlight,
    /// It reached its receiver at `end_at`.
    Delivered,
    /// It was lost at `end_at`.
    Dropped(DropReason),
}

/// One message's flight: a line on the diagram from (sent_at, from) towards (arrive_at, to),
/// ending at `end_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The message's id in this run (ids rise in send order).
    pub id: u64,
    /// What it is.
    pub message: MessageSummary,
    /// When it left its sender.
    pub sent_at: Time,
    /// When it would arrive, if delivered.
    pub arrive_at: Time,
    /// When it arrived or was lost; `arrive_at` while in flight.
    pub end_at: Time,
    /// What became of it.
    pub fate: Fate,
    /// The trace position of its send, and of its end (`u64::MAX` while in flight).
    pub sent_seq: u64,
    /// See `sent_seq`.
    pub end_seq: u64,
}

impl Span {
    /// True when the message is on the wire at `t`: sent, and not yet arrived or lost. (A cursor
    /// at `t` has run every event at or before `t`.)
    pub fn in_flight_at(&self, t: Time) -> bool {
        self.sent_at <= t && (self.fate == Fate::InFlight || self.end_at > t)
    }
}

/// A change on a server's lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneChange {
    /// It took a role (in a term).
    Role {
        /// The new role.
        role: Role,
        /// Its term then.
        term: Term,
    },
    /// It crashed: its lane has a gap until it restarts.
    Crashed,
    /// It restarted from its persistent state (as a follower).
    Restarted,
    /// A new server's process started (§4.2.1): its lane begins here.
    Started,
    /// The configuration in force now names it (§4.1).
    Joined,
    /// The configuration in force no longer names it: its lane runs on, apart (§4.2.2).
    Left,
}

/// What a lane change says: a role, up or down, in or out of the configuration.
const ROLE: usize = 0;
const UP: usize = 1;
const MEMBER: usize = 2;

/// Which of a lane's states a change sets (a start sets two: up, and outside any configuration).
fn lane_kinds(change: LaneChange) -> &'static [usize] {
    match change {
        LaneChange::Role { .. } => &[ROLE],
        LaneChange::Crashed | LaneChange::Restarted => &[UP],
        LaneChange::Started => &[UP, MEMBER],
        LaneChange::Joined | LaneChange::Left => &[MEMBER],
    }
}

/// A lane change, when and on whose lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaneEvent {
    /// When.
    pub at: Time,
    /// The server.
    pub node: NodeId,
    /// What.
    pub change: LaneChange,
    /// Its trace position.
    pub seq: u64,
}

/// Message flights and lane changes up to the horizon, oldest first.
#[derive(Clone, Debug, Default)]
pub struct History {
    spans: VecDeque<Span>,
    lanes: VecDeque<LaneEvent>,
    /// Trace position up to which records were taken.
    seen_seq: u64,
    /// The longest flight seen (send to arrival): how far back a window looks for lines
    /// crossing it.
    longest: Time,
    /// Before this time, flights or lane changes were let go (0: nothing was).
    kept_from: Time,
    /// Servers (a bit each) with a role change, and with a crash or restart, among the lane
    /// changes taken (a superset of those kept). A window's opening states are found walking
    /// back from it: the walk stops once it met each of them, instead of going back to the
    /// first change kept, which in a long run made every frame's look grow with the run.
    role_nodes: u64,
    up_nodes: u64,
    /// Servers with a membership change (a start, joined or left), likewise.
    member_nodes: u64,
    /// A server id too large for a bit was seen: walk back all the way.
    wide: bool,
    /// False for a throwaway copy of a run (a look ahead, a replay), which keeps no history.
    off: bool,
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        History::default()
    }

    /// A history that keeps nothing: for a throwaway copy of a run, whose flights nobody draws
    /// (a look ahead over minutes would otherwise fill it for nothing).
    pub fn off() -> Self {
        History {
            off: true,
            ..History::default()
        }
    }

    /// Takes the trace records not seen yet (each record once).
    pub fn take(&mut self, trace: &Trace) {
        if self.off {
            return;
        }
        for record in trace.since(self.seen_seq) {
            if record.seq < self.seen_seq {
                continue;
            }
            let (at, seq) = (record.at, record.seq);
            match &record.event {
                TraceEvent::MessageSent {
                    id,
                    message,
                    arrive_at,
                } => self.sent(Span {
                    id: *id,
                    message: *message,
                    sent_at: at,
                    arrive_at: *arrive_at,
                    end_at: *arrive_at,
                    fate: Fate::InFlight,
                    sent_seq: seq,
                    end_seq: u64::MAX,
                }),
                TraceEvent::MessageDelivered { id } => self.ended(*id, at, seq, Fate::Delivered),
                TraceEvent::MessageDropped { id, reason } => {
                    self.ended(*id, at, seq, Fate::Dropped(*reason))
                }
                TraceEvent::Node {
                    node,
                    event: Event::RoleChanged { role, term, .. },
                } => self.lane(
                    at,
                    *node,
                    seq,
                    LaneChange::Role {
                        role: *role,
                        term: *term,
                    },
                ),
                TraceEvent::Crashed { node } => self.lane(at, *node, seq, LaneChange::Crashed),
                TraceEvent::Restarted { node } => self.lane(at, *node, seq, LaneChange::Restarted),
                TraceEvent::Started { node } => self.lane(at, *node, seq, LaneChange::Started),
                TraceEvent::Joined { node } => self.lane(at, *node, seq, LaneChange::Joined),
                TraceEvent::Left { node } => self.lane(at, *node, seq, LaneChange::Left),
                _ => {}
            }
        }
        self.seen_seq = self.seen_seq.max(trace.len());
    }

    fn sent(&mut self, span: Span) {
        // A flight ends by its arrival time at the latest: counting it now keeps a long one
        // still on the wire in the windows it crosses.
        self.longest = self
            .longest
            .max(span.arrive_at.saturating_sub(span.sent_at));
        if self.spans.len() >= MAX_SPANS {
            if let Some(old) = self.spans.pop_front() {
                self.kept_from = self.kept_from.max(old.sent_at);
            }
        }
        self.spans.push_back(span);
    }

    /// The position of flight `id`: ids rise by one per message sent (a fork cuts the tail and
    /// the new branch goes on numbering from there), so it is the offset from the first kept;
    /// a search is the fallback should that ever not hold.
    fn position(&self, id: u64) -> Option<usize> {
        let first = self.spans.front()?.id;
        let guess = usize::try_from(id.checked_sub(first)?).ok()?;
        if self.spans.get(guess).is_some_and(|s| s.id == id) {
            return Some(guess);
        }
        self.spans.binary_search_by_key(&id, |s| s.id).ok()
    }

    fn ended(&mut self, id: u64, at: Time, seq: u64, fate: Fate) {
        if let Some(i) = self.position(id) {
            let span = &mut self.spans[i];
            span.end_at = at;
            span.end_seq = seq;
            span.fate = fate;
        }
    }

    fn lane(&mut self, at: Time, node: NodeId, seq: u64, change: LaneChange) {
        if self.lanes.len() >= MAX_LANE_CHANGES {
            if let Some(old) = self.lanes.pop_front() {
                self.kept_from = self.kept_from.max(old.at);
            }
        }
        let bit = 1u64.checked_shl(u32::from(node)).unwrap_or(0);
        self.wide |= bit == 0;
        for &kind in lane_kinds(change) {
            match kind {
                ROLE => self.role_nodes |= bit,
                UP => self.up_nodes |= bit,
                _ => self.member_nodes |= bit,
            }
        }
        self.lanes.push_back(LaneEvent {
            at,
            node,
            change,
            seq,
        });
    }

    /// The run forked at trace position `seq`: what the old tape did from there on is undone
    /// (flights sent later go; flights that ended later are in flight again).
    pub fn fork(&mut self, seq: u64) {
        while self.spans.back().is_some_and(|s| s.sent_seq >= seq) {
            self.spans.pop_back();
        }
        for span in self.spans.iter_mut().rev() {
            if span.end_seq >= seq && span.fate != Fate::InFlight {
                span.fate = Fate::InFlight;
                span.end_at = span.arrive_at;
                span.end_seq = u64::MAX;
            }
        }
        while self.lanes.back().is_some_and(|l| l.seq >= seq) {
            self.lanes.pop_back();
        }
        self.seen_seq = seq;
    }

    /// Before this time the history may have let flights or lane changes go (0: it is whole).
    pub fn kept_from(&self) -> Time {
        self.kept_from
    }

    /// How many flights are kept.
    pub fn span_count(&self) -> usize {
        self.spans.len()
    }

    /// How many lane changes are kept.
    pub fn lane_count(&self) -> usize {
        self.lanes.len()
    }

    /// The bytes its flights and lane changes hold on the heap, counted from capacities.
    pub fn heap_bytes(&self) -> usize {
        self.spans.capacity() * core::mem::size_of::<Span>()
            + self.lanes.capacity() * core::mem::size_of::<LaneEvent>()
    }

    /// The flights a window `[from, to]` shows: sent by `to`, and not ended before `from`, in
    /// send order. Only the flights near the window are looked at.
    pub fn spans(&self, from: Time, to: Time) -> impl Iterator<Item = &Span> {
        let look_from = from.saturating_sub(self.longest);
        let first = self.spans.partition_point(|s| s.sent_at < look_from);
        self.spans
            .range(first..)
            .take_while(move |s| s.sent_at <= to)
            .filter(move |s| s.fate == Fate::InFlight || s.end_at >= from)
    }

    /// One flight by message id.
    pub fn span(&self, id: u64) -> Option<&Span> {
        self.position(id).and_then(|i| self.spans.get(i))
    }

    /// The lane changes a window `[from, to]` shows: for each server, the last change at or
    /// before `from` (its state as the window opens), then every change up to `to`, in time
    /// order.
    pub fn lanes(&self, from: Time, to: Time) -> Vec<LaneEvent> {
        let first = self.lanes.partition_point(|l| l.at <= from);
        let mut out: Vec<LaneEvent> = Vec::new();
        // The state at `from`: the latest role change, the latest crash, restart or start, and
        // the latest membership change, per server (a crash does not end a role change's term;
        // a restart says follower).
        // A start is both: the process came up, outside any configuration.
        let mut seen: [Vec<NodeId>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut bits = [0u64; 3];
        let all = [self.role_nodes, self.up_nodes, self.member_nodes];
        for l in self.lanes.range(..first).rev() {
            if !self.wide && bits == all {
                break;
            }
            let bit = 1u64.checked_shl(u32::from(l.node)).unwrap_or(0);
            let mut news = false;
            for &kind in lane_kinds(l.change) {
                bits[kind] |= bit;
                if !seen[kind].contains(&l.node) {
                    seen[kind].push(l.node);
                    news = true;
                }
            }
            if news {
                out.push(*l);
            }
        }
        out.reverse();
        out.extend(
            self.lanes
                .range(first..)
                .take_while(|l| l.at <= to)
                .copied(),
        );
        out
    }
}
