//! A deterministic discrete-event simulator of a Raft cluster.
//!
//! Events (message arrivals and losses, node timers) run in order of (virtual time, sequence
//! number); ties between a message and a timer go to the message. Nothing reads a clock and all
//! randomness comes from PRNGs derived from one seed, so the same seed, configuration and
//! actions give the same trace, byte for byte.

mod action;
mod checkpoint_cost;
mod compaction;
mod footprint;
mod growth;
pub mod history;
mod inspect;
mod journey;
mod marks;
mod membership;
pub mod message_detail;
mod network;
mod opening;
mod pursuit;
mod reasons;
mod recording;
mod timeline;
mod transfer;

pub use action::{Action, ActionError, Outcome, Target, TimedAction};
pub use footprint::Footprint;
pub use inspect::{inspect, Inspection, PeerProgress, TermRun, LOG_TAIL};
pub use journey::Journey;
pub use marks::{Marks, MarksIter};
pub use network::{InFlight, LongDelay, Network, NetworkConfig};
pub use opening::Opening;
pub use pursuit::{Progress, Pursuit, Unreachable};
pub use reasons::{AppendWhy, NodeReasons, Reasons, VoteWhy};
pub use recording::{Recording, ReplayError};
pub use timeline::{Mark, MarkKind, Timeline, Until};

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::check::{Checker, NodeView, Violation};
use crate::config::{check_range, Config, ConfigError, Setting};
use crate::election::Elections;
use crate::event::Event;
use crate::limits;
use crate::log::Command;
use crate::message::Message;
use crate::node::{Input, Node};
use crate::rng::{self, Rng};
use crate::state::{Persistent, Role};
use crate::trace::{DropReason, MessageSummary, Trace, TraceEvent};
use crate::types::{Index, Name, NodeId, Time};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The most nodes a cluster may have.
pub use crate::limits::MAX_NODES;

/// Everything that shapes a simulated run, besides the seed and the actions.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
pub struct SimConfig {
    /// Number of nodes, 1..=9.
    pub nodes: u8,
    /// Every node's configuration.
    pub node: Config,
    /// The network.
    pub network: NetworkConfig,
    /// Keep at most this many trace records (`None`: all). The digest covers all regardless.
    pub trace_capacity: Option<usize>,
    /// Run the safety checker after every event.
    pub check: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            nodes: 5,
            node: Config::default(),
            network: NetworkConfig::default(),
            trace_capacity: None,
            check: true,
        }
    }
}

/// A simulator configuration that cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfigError(pub String);

impl core::fmt::Display for SimConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ConfigError> for SimConfigError {
    fn from(e: ConfigError) -> Self {
        SimConfigError(alloc::format!("{e}"))
    }
}

impl SimConfig {
    /// Checks every setting against [`crate::limits`] and the relations between them: the one
    /// check the simulator, the share-link decoder and the browser binding all make.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range(
            Setting::Nodes,
            u64::from(self.nodes),
            u64::from(limits::MIN_NODES),
            u64::from(MAX_NODES),
        )?;
        self.node.validate()?;
        self.network.validate()
    }
}

/// A node slot: running, or down with what survives a crash.
// Slots are up nearly always: boxing the node would add an indirection to every step.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Slot {
    Up(Node),
    Down {
        persistent: Persistent,
        rng: Rng,
        /// The configuration it started with, to restart it with (dissertation §4.1).
        bootstrap: crate::membership::Membership,
    },
}

/// What one call to [`Cluster::step`] ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stepped {
    /// A message arrived.
    Delivered(u64),
    /// A message was lost.
    Dropped(u64),
    /// A node's timer fired.
    Timer(NodeId),
}

/// The simulated cluster.
#[derive(Debug)]
pub struct Cluster {
    config: SimConfig,
    seed: u64,
    now: Time,
    slots: Vec<Slot>,
    network: Network,
    /// Messages on the wire, in id order. A handful at a time, so the next message event is
    /// found by a scan ordered by (event time, id): ids grow with sending order, so they also
    /// order simultaneous events deterministically. (A Vec also keeps the wasm small.)
    in_flight: Vec<InFlight>,
    next_message_id: u64,
    trace: Trace,
    checker: Option<Checker>,
    /// Every term's candidates, to tell when a term ends without a leader, and why.
    elections: Elections,
    /// The configuration in force the trace last told (its `Joined` and `Left` records).
    told_members: crate::membership::Membership,
    /// Why each server's last vote and append went as they did (the node inspector).
    reasons: Reasons,
    /// The actions applied, when this cluster keeps its own tape (see [`Cluster::keep_no_tape`]).
    actions: Vec<TimedAction>,
    /// How many actions were applied, tape or not.
    applied: usize,
    /// False on a timeline: its recording is the one tape, so checkpoints copy no action list.
    keeps_tape: bool,
    initial: Option<Vec<Persistent>>,
    /// Messages sent and bytes sent, for the tests that bound traffic.
    pub stats: Stats,
    // Reused buffers, so stepping does not allocate in the steady state.
    scratch_messages: Vec<Message>,
    scratch_events: Vec<Event>,
}

// By hand, through `snapshot`: one copy of the cloning code (of every node, log and queue) in
// the wasm instead of two.
impl Clone for Cluster {
    fn clone(&self) -> Self {
        self.snapshot(usize::MAX)
    }
}

/// Counters over the whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Messages sent.
    pub messages_sent: u64,
    /// Estimated bytes sent.
    pub bytes_sent: u64,
    /// Events run.
    pub events: u64,
}

impl Cluster {
    /// A cold cluster: every node starts with an empty log in term 0.
    pub fn new(config: SimConfig, seed: u64) -> Result<Self, SimConfigError> {
        let n = config.nodes as usize;
        Self::with_states(config, seed, alloc::vec![Persistent::default(); n])
    }

    /// A cluster whose nodes start from the given persistent states (term, vote, log), e.g. one
    /// of the paper's figures.
    pub fn with_states(
        config: SimConfig,
        seed: u64,
        states: Vec<Persistent>,
    ) -> Result<Self, SimConfigError> {
        config.validate()?;
        if states.len() != config.nodes as usize {
            return Err(SimConfigError(format!(
                "{} initial states for {} nodes",
                states.len(),
                config.nodes
            )));
        }
        let cold = states.iter().all(|s| *s == Persistent::default());
        let n = config.nodes;
        let checker = config.check.then(|| {
            let logs: Vec<&crate::log::Log> = states.iter().map(|s| &s.log).collect();
            let terms: Vec<_> = states.iter().map(|s| s.current_term).collect();
            Checker::new(&logs, &terms)
        });
        let highest_term = states.iter().map(|s| s.current_term).max().unwrap_or(0);
        let mut cluster = Cluster {
            network: Network::new(
                n as usize,
                config.network.clone(),
                rng::seeded(seed, u64::from(MAX_NODES) + 1),
            ),
            trace: Trace::new(config.trace_capacity),
            seed,
            now: 0,
            slots: Vec::with_capacity(n as usize),
            in_flight: Vec::new(),
            next_message_id: 0,
            checker,
            elections: Elections::new(n, highest_term),
            told_members: crate::membership::Membership::first(config.nodes),
            reasons: Reasons::new(n as usize),
            actions: Vec::new(),
            applied: 0,
            keeps_tape: true,
            initial: (!cold).then(|| states.clone()),
            stats: Stats::default(),
            scratch_messages: Vec::new(),
            scratch_events: Vec::new(),
            config,
        };
        for (id, persistent) in states.into_iter().enumerate() {
            let node = Node::new(
                id as NodeId,
                n,
                cluster.config.node.clone(),
                persistent,
                rng::seeded(seed, id as u64),
                0,
            );
            cluster.slots.push(Slot::Up(node));
            cluster.flush(id as NodeId);
        }
        Ok(cluster)
    }

    // ----- reading -----

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Current virtual time, µs.
    pub fn now(&self) -> Time {
        self.now
    }
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.slots.len()
    }
    /// Never true: a cluster has at least one node.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
    /// The running node `id`, or `None` when it is down or unknown.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        match self.slots.get(id as usize)? {
            Slot::Up(node) => Some(node),
            Slot::Down { .. } => None,
        }
    }
    /// True when node `id` is running.
    pub fn is_up(&self, id: NodeId) -> bool {
        self.node(id).is_some()
    }
    /// The persistent state of node `id`, up or down.
    pub fn persistent(&self, id: NodeId) -> Option<&Persistent> {
        match self.slots.get(id as usize)? {
            Slot::Up(node) => Some(node.persistent()),
            Slot::Down { persistent, .. } => Some(persistent),
        }
    }
    /// The running leader with the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Up(n) if n.role() == Role::Leader => Some(n),
                _ => None,
            })
            .max_by_key(|n| n.term())
            .map(|n| n.id())
    }
    /// The network (groups, links, settings).
    pub fn network(&self) -> &Network {
        &self.network
    }
    /// Messages on the wire, in id order.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight> {
        self.in_flight.iter()
    }
    /// The trace.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// Why server `id`'s last vote and last append went as they did.
    pub fn reasons(&self, id: NodeId) -> NodeReasons {
        self.reasons.of(id)
    }
    /// The first safety violation, if the checker found one.
    pub fn violation(&self) -> Option<&Violation> {
        self.checker.as_ref().and_then(|c| c.violation())
    }
    /// The actions applied so far (none once [`Cluster::keep_no_tape`] was called: then the
    /// owner keeps the tape).
    pub fn actions(&self) -> &[TimedAction] {
        &self.actions
    }
    /// How many actions were applied so far, whether or not this cluster keeps them.
    pub fn applied_actions(&self) -> usize {
        self.applied
    }
    /// Stops keeping a copy of every applied action: for an owner that keeps the tape itself
    /// (a [`Timeline`]), so that a checkpoint costs the cluster's state and not the session's
    /// history. Only [`Cluster::applied_actions`] counts on.
    pub fn keep_no_tape(&mut self) {
        self.keeps_tape = false;
        self.actions = Vec::new();
    }
    /// The run so far as a recording (replays to this cluster's trace).
    pub fn recording(&self) -> Recording {
        Recording {
            config: self.config.clone(),
            seed: self.seed,
            initial: self.initial.clone(),
            actions: self.actions.clone(),
        }
    }
    /// A rough count of the bytes this cluster holds (logs dominate), for memory budgets.
    pub fn approx_bytes(&self) -> usize {
        self.approx_bytes_beyond(None)
    }

    /// A copy of the cluster whose trace keeps only its last `keep` records: a checkpoint
    /// costs the cluster's state, not its history.
    pub fn snapshot(&self, keep: usize) -> Cluster {
        Cluster {
            config: self.config.clone(),
            seed: self.seed,
            now: self.now,
            slots: self.slots.clone(),
            network: self.network.clone(),
            in_flight: self.in_flight.clone(),
            next_message_id: self.next_message_id,
            trace: self.trace.tail(keep),
            checker: self.checker.clone(),
            elections: self.elections.clone(),
            told_members: self.told_members,
            reasons: self.reasons.clone(),
            actions: self.actions.clone(),
            applied: self.applied,
            keeps_tape: self.keeps_tape,
            initial: self.initial.clone(),
            stats: self.stats,
            scratch_messages: Vec::new(),
            scratch_events: Vec::new(),
        }
    }

    /// The committed command at `index` on node `id`, if that node is up and has committed it.
    pub fn committed_at(&self, id: NodeId, index: Index) -> Option<Command> {
        let node = self.node(id)?;
        (index <= node.commit_index())
            .then(|| node.log().entry(index).map(|e| e.command))
            .flatten()
    }

    /// When the next event is due, if any is pending.
    pub fn next_event_at(&self) -> Option<Time> {
        self.next_event().map(|(t, _)| t)
    }

    fn next_timer(&self) -> Option<(Time, NodeId)> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Up(n) => Some((n.next_timer_at(), n.id())),
                Slot::Down { .. } => None,
            })
            .min()
    }

    fn next_event(&self) -> Option<(Time, Stepped)> {
        let message = self.in_flight.iter().map(|f| (f.event_time(), f.id)).min();
        let timer = self.next_timer();
        match (message, timer) {
            (Some((tm, id)), Some((tt, _))) if tm <= tt => Some((tm, self.message_step(id))),
            (_, Some((tt, node))) => Some((tt, Stepped::Timer(node))),
            (Some((tm, id)), None) => Some((tm, self.message_step(id))),
            (None, None) => None,
        }
    }

    fn flight_position(&self, id: u64) -> Option<usize> {
        self.in_flight.binary_search_by_key(&id, |f| f.id).ok()
    }

    fn message_step(&self, id: u64) -> Stepped {
        match self
            .flight_position(id)
            .and_then(|i| self.in_flight[i].drop)
        {
            Some(_) => Stepped::Dropped(id),
            None => Stepped::Delivered(id),
        }
    }

    // ----- running -----

    /// Runs exactly one event, if any is pending.
    pub fn step(&mut self) -> Option<Stepped> {
        let (at, what) = self.next_event()?;
        debug_assert!(at >= self.now);
        self.now = at.max(self.now);
        self.stats.events += 1;
        match what {
            Stepped::Timer(id) => {
                if let Some(Slot::Up(node)) = self.slots.get_mut(id as usize) {
                    let _ = node.step(at, Input::Timer);
                }
                self.flush(id);
            }
            Stepped::Delivered(mid) | Stepped::Dropped(mid) => {
                let Some(position) = self.flight_position(mid) else {
                    return Some(what);
                };
                let flight = self.in_flight.remove(position);
                if let Some((_, reason)) = flight.drop {
                    self.trace
                        .push(at, TraceEvent::MessageDropped { id: mid, reason });
                    return Some(Stepped::Dropped(mid));
                }
                let to = flight.message.to;
                match self.slots.get_mut(to as usize) {
                    Some(Slot::Up(node)) => {
                        self.trace
                            .push(at, TraceEvent::MessageDelivered { id: mid });
                        let _ = node.step(at, Input::Message(flight.message));
                        self.flush(to);
                    }
                    _ => {
                        self.trace.push(
                            at,
                            TraceEvent::MessageDropped {
                                id: mid,
                                reason: DropReason::NodeDown,
                            },
                        );
                        return Some(Stepped::Dropped(mid));
                    }
                }
            }
        }
        Some(what)
    }

    /// Runs every event due at or before `t`, then sets the clock to `t`.
    pub fn advance_to(&mut self, t: Time) {
        while let Some(next) = self.next_event_at() {
            if next > t {
                break;
            }
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Runs for `d` more microseconds.
    pub fn advance_by(&mut self, d: Time) {
        self.advance_to(self.now.saturating_add(d));
    }

    /// Runs until `done` holds (checked after every event) or `limit` is reached; returns
    /// whether `done` held.
    pub fn run_until(&mut self, limit: Time, mut done: impl FnMut(&Cluster) -> bool) -> bool {
        loop {
            if done(self) {
                return true;
            }
            match self.next_event_at() {
                Some(t) if t <= limit => {
                    self.step();
                }
                _ => {
                    self.now = self.now.max(limit);
                    return done(self);
                }
            }
        }
    }

    /// Moves a node's output into the network and its events into the trace and checker.
    fn flush(&mut self, id: NodeId) {
        let Some(Slot::Up(node)) = self.slots.get_mut(id as usize) else {
            return;
        };
        let mut messages = core::mem::take(&mut self.scratch_messages);
        let mut events = core::mem::take(&mut self.scratch_events);
        node.drain_into(&mut messages, &mut events);
        let now = self.now;
        let mut membership_news = false;
        for event in events.drain(..) {
            membership_news |= membership::may_change_members(&event);
            let position = self.trace.push(now, TraceEvent::Node { node: id, event });
            if let (Some(checker), Slot::Up(node)) =
                (self.checker.as_mut(), &self.slots[id as usize])
            {
                let had = checker.violation().is_some();
                checker.observe(
                    position,
                    now,
                    &NodeView {
                        id,
                        role: node.role(),
                        term: node.term(),
                        log: node.log(),
                        commit_index: node.commit_index(),
                        last_applied: node.last_applied(),
                        applied_digest: node.state_machine().digest(),
                        members: Some(node.members()),
                    },
                    &event,
                );
                if !had {
                    if let Some(&violation) = checker.violation() {
                        let violation = alloc::boxed::Box::new(violation);
                        self.trace.push(now, TraceEvent::Violation { violation });
                    }
                }
            }
            self.reasons.observe(id, now, &event);
            if let Some((term, outcome)) = self.elections.observe(id, &event) {
                self.trace.push(now, TraceEvent::NoLeader { term, outcome });
            }
        }
        for message in messages.drain(..) {
            self.dispatch(message);
        }
        self.scratch_messages = messages;
        self.scratch_events = events;
        if membership_news {
            self.tell_members();
        }
    }

    fn dispatch(&mut self, message: Message) {
        let id = self.next_message_id;
        self.next_message_id += 1;
        self.stats.messages_sent += 1;
        self.stats.bytes_sent += message.wire_bytes() as u64;
        let summary = MessageSummary::of(&message);
        let flight = self.network.send(id, message, self.now);
        self.trace.push(
            self.now,
            TraceEvent::MessageSent {
                id,
                message: summary,
                arrive_at: flight.arrive_at,
            },
        );
        self.in_flight.push(flight);
    }

    /// Re-decides the fate of every message not yet past its midpoint (after a network change).
    fn redecide_in_flight(&mut self) {
        let now = self.now;
        for flight in self.in_flight.iter_mut() {
            // Fates only ever move to the midpoint or later, which is still ahead of now.
            self.network.decide(flight, now);
        }
    }

    // ----- user actions -----

    /// Applies `action` at the current time and records it. Invalid actions change nothing.
    pub fn apply(&mut self, action: Action) -> Result<Outcome, ActionError> {
        let outcome = self.execute(&action)?;
        let text = action.to_string();
        self.trace.push(self.now, TraceEvent::Action { text });
        self.applied += 1;
        if self.keeps_tape {
            self.actions.push(TimedAction {
                at: self.now,
                action,
            });
        }
        Ok(outcome)
    }

    /// Runs to `at`, then applies `action` there.
    pub fn apply_at(&mut self, at: Time, action: Action) -> Result<Outcome, ActionError> {
        if at < self.now {
            return Err(ActionError::InThePast { at, now: self.now });
        }
        self.advance_to(at);
        self.apply(action)
    }

    fn check_node(&self, id: NodeId) -> Result<(), ActionError> {
        if (id as usize) < self.slots.len() {
            Ok(())
        } else {
            Err(ActionError::UnknownNode(id as u32))
        }
    }

    fn execute(&mut self, action: &Action) -> Result<Outcome, ActionError> {
        match *action {
            Action::Propose { to, value } => {
                let target = match to {
                    Target::Node(id) => {
                        self.check_node(id)?;
                        if !self.is_up(id) {
                            return Err(ActionError::NodeDown(id));
                        }
                        id
                    }
                    Target::Leader => match self.leader() {
                        Some(id) => id,
                        None => {
                            return Ok(Outcome::NotLeader {
                                node: None,
                                leader: None,
                            })
                        }
                    },
                };
                let now = self.now;
                let Some(Slot::Up(node)) = self.slots.get_mut(target as usize) else {
                    return Err(ActionError::NodeDown(target));
                };
                let result = node.propose(now, Command::Value(value));
                let transferring = node.transferring_to();
                self.flush(target);
                Ok(match result {
                    Err(_) if transferring.is_some() => Outcome::Transferring {
                        node: target,
                        to: transferring.unwrap_or(target),
                    },
                    Ok((index, term)) => Outcome::Proposed {
                        node: target,
                        index,
                        term,
                    },
                    Err(e) => Outcome::NotLeader {
                        node: Some(target),
                        leader: e.leader,
                    },
                })
            }
            Action::Crash { node } => {
                self.check_node(node)?;
                self.crash(node)?;
                Ok(Outcome::Done)
            }
            Action::Restart { node } => {
                self.check_node(node)?;
                self.restart(node)?;
                Ok(Outcome::Done)
            }
            Action::ForceTimeout { node } => {
                self.check_node(node)?;
                let now = self.now;
                let Some(Slot::Up(n)) = self.slots.get_mut(node as usize) else {
                    return Err(ActionError::NodeDown(node));
                };
                // The node would ignore it: say why rather than record an action that does
                // nothing.
                if n.role() == Role::Leader {
                    return Err(ActionError::LeaderHasNoTimeout(node));
                }
                let _ = n.step(now, Input::ForceTimeout);
                self.flush(node);
                Ok(Outcome::Done)
            }
            Action::TimeoutFollowers => self.time_out_followers(),
            Action::Snapshot { node } => self.snapshot_now(node),
            Action::TransferLeadership { to } => self.transfer_leadership(to),
            Action::SetPartition { ref groups } => {
                let assignment = self.partition_groups(groups)?;
                self.network.set_groups(assignment);
                self.redecide_in_flight();
                Ok(Outcome::Done)
            }
            Action::Heal => {
                self.network.heal();
                self.redecide_in_flight();
                Ok(Outcome::Done)
            }
            Action::CutLink { from, to } | Action::RestoreLink { from, to } => {
                self.check_node(from)?;
                self.check_node(to)?;
                let cut = matches!(action, Action::CutLink { .. });
                self.network.set_link(from, to, cut);
                self.redecide_in_flight();
                Ok(Outcome::Done)
            }
            Action::SetLoss { probability } => {
                if NetworkConfig::validate_loss(probability).is_err() {
                    return Err(ActionError::BadProbability);
                }
                self.network.config.loss = probability;
                Ok(Outcome::Done)
            }
            Action::SetLatency { min, max } => {
                if NetworkConfig::validate_latency(min, max).is_err() {
                    return Err(ActionError::BadLatency);
                }
                self.network.config.latency_min = min;
                self.network.config.latency_max = max;
                Ok(Outcome::Done)
            }
            Action::AddServer { node } => self.add_server(node),
            Action::RemoveServer { node } => self.remove_server(node),
        }
    }

    /// Fires the election timer of every running non-leader at this one instant. No message
    /// is delivered between them, so each becomes a candidate before hearing of the others.
    /// Each gets the node's forced timeout, as one "force timeout" does: with PreVote on it
    /// campaigns at once, skipping the pre-vote round, so the key works whatever the options.
    fn time_out_followers(&mut self) -> Result<Outcome, ActionError> {
        let followers: u16 = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, Slot::Up(n) if n.role() != Role::Leader))
            .fold(0, |set, (id, _)| set | 1 << id);
        if followers == 0 {
            return Err(ActionError::NoFollowerRunning);
        }
        let now = self.now;
        for id in 0..self.slots.len() as NodeId {
            if followers & (1 << id) == 0 {
                continue;
            }
            if let Some(Slot::Up(n)) = self.slots.get_mut(id as usize) {
                let _ = n.step(now, Input::ForceTimeout);
            }
            self.flush(id);
        }
        Ok(Outcome::TimedOut { nodes: followers })
    }

    fn partition_groups(&self, groups: &[Vec<NodeId>]) -> Result<Vec<u8>, ActionError> {
        let n = self.slots.len();
        let unassigned = u8::MAX;
        let mut assignment = alloc::vec![unassigned; n];
        let mut next_group = 0u8;
        for group in groups.iter().filter(|g| !g.is_empty()) {
            for &id in group {
                self.check_node(id)?;
                if assignment[id as usize] != unassigned {
                    return Err(ActionError::BadPartition(format!(
                        "{} is named in two groups",
                        Name(id)
                    )));
                }
                assignment[id as usize] = next_group;
            }
            next_group += 1;
        }
        // Nodes left out form one more group together.
        for g in assignment.iter_mut().filter(|g| **g == unassigned) {
            *g = next_group;
        }
        Ok(assignment)
    }

    fn crash(&mut self, id: NodeId) -> Result<(), ActionError> {
        let slot = &mut self.slots[id as usize];
        let Slot::Up(_) = slot else {
            return Err(ActionError::NodeDown(id));
        };
        let placeholder = Slot::Down {
            persistent: Persistent::default(),
            rng: rng::seeded(0, 0),
            bootstrap: crate::membership::Membership::none(),
        };
        let Slot::Up(node) = core::mem::replace(slot, placeholder) else {
            return Err(ActionError::NodeDown(id));
        };
        let bootstrap = node.bootstrap();
        let (persistent, rng) = node.crash();
        *slot = Slot::Down {
            persistent,
            rng,
            bootstrap,
        };
        self.trace.push(self.now, TraceEvent::Crashed { node: id });
        if let Some((term, outcome)) = self.elections.crashed(id) {
            self.trace
                .push(self.now, TraceEvent::NoLeader { term, outcome });
        }
        // Messages flying to a crashed server are lost with it.
        let now = self.now;
        let trace = &mut self.trace;
        self.in_flight.retain(|flight| {
            if flight.message.to != id {
                return true;
            }
            let reason = flight.drop.map_or(DropReason::NodeDown, |(_, r)| r);
            trace.push(
                now,
                TraceEvent::MessageDropped {
                    id: flight.id,
                    reason,
                },
            );
            false
        });
        Ok(())
    }

    fn restart(&mut self, id: NodeId) -> Result<(), ActionError> {
        let slot = &mut self.slots[id as usize];
        let Slot::Down {
            persistent,
            rng,
            bootstrap,
        } = slot
        else {
            return Err(ActionError::NodeUp(id));
        };
        let node = Node::with_bootstrap(
            id,
            *bootstrap,
            self.config.node.clone(),
            core::mem::take(persistent),
            rng.clone(),
            self.now,
        );
        *slot = Slot::Up(node);
        self.trace
            .push(self.now, TraceEvent::Restarted { node: id });
        if let Some(c) = self.checker.as_mut() {
            c.restarted(id);
        }
        self.flush(id);
        Ok(())
    }
}
