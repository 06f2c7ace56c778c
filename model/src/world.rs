//! The world the model checker explores: three real `Node`s, the messages they sent, and the
//! history the safety properties are stated over.
//!
//! Time. The node never reads a clock, and its only use of time that matters for safety is
//! *when* a timer fires. The model configures every timeout as 0 and steps every node at
//! virtual time 0, so each timer is always due and the checker alone decides when, and whether,
//! it fires: before a heartbeat arrives, after, or never. The extensions that read elapsed time
//! to refuse a vote (the CheckQuorum lease, pre-vote's "heard from a leader recently") then
//! never refuse; they only add refusals, so safety is checked for the case that grants most.
//!
//! The network is the set of every message sent so far. Any of them may be delivered at any
//! moment, any number of times, in any order, or never: that is a network that drops,
//! duplicates and reorders, as stateright's own `UnorderedDuplicating` network models it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use raft_core::event::Event;
use raft_core::message::Body;
use raft_core::rng;
use raft_core::state::Role;
use raft_core::{Command, Config, Entry, Input, Message, Node, NodeId, Persistent, Term};
use stateright::{Model, Property};

use crate::properties;

/// How far the model checker looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Servers in the cluster.
    pub servers: u8,
    /// States where any server's term exceeds this are not explored.
    pub max_term: Term,
    /// Client entries proposed in all (values 1, 2, …).
    pub max_entries: u8,
    /// Crashes in all; a crashed server may restart at any moment.
    pub max_crashes: u8,
}

impl Default for Bounds {
    /// The bounds: 3 servers, terms ≤ 3, ≤ 2 client entries, one crash.
    fn default() -> Self {
        Bounds {
            servers: 3,
            max_term: 3,
            max_entries: 2,
            max_crashes: 1,
        }
    }
}

/// A server: running, or crashed with only its persistent state left (Figure 2).
// Most servers are up most of the time, so boxing the node would cost an allocation per
// state explored for a saving only down servers make.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Server {
    /// Running.
    Up(Node),
    /// Crashed: term, vote and log survive on stable storage.
    Down(Persistent),
}

impl Server {
    /// The running node, if up.
    pub fn node(&self) -> Option<&Node> {
        match self {
            Server::Up(node) => Some(node),
            Server::Down(_) => None,
        }
    }
    /// The persistent state, up or down.
    pub fn persistent(&self) -> &Persistent {
        match self {
            Server::Up(node) => node.persistent(),
            Server::Down(p) => p,
        }
    }
}

/// Variables that record the past, as the TLA+ specification's `elections` and `allLogs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct History {
    /// For each term (index), the set of servers (bits) that became leader in it.
    pub elected: Vec<u16>,
    /// The committed entries, index 1 first, each with the term of the first server that
    /// counted it committed (the leader that committed it).
    pub committed: Vec<(Entry, Term)>,
    /// The first time a leader lost or changed an entry of its log while it led: (leader,
    /// term, index).
    pub leader_rewrote: Option<(NodeId, Term, u64)>,
}

/// One state of the world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    /// The servers, by id.
    pub servers: Vec<Server>,
    /// Every message sent so far, in a canonical order (see [`State::send`]).
    pub network: Vec<Message>,
    /// Client entries proposed so far.
    pub proposed: u8,
    /// Crashes so far.
    pub crashes: u8,
    /// What the properties are stated over.
    pub history: History,
}

impl State {
    /// Adds `message` to the network unless it is already there. The network is kept sorted
    /// by a fixed hash of each message, so two states that sent the same set of messages in
    /// a different order are one state.
    fn send(&mut self, message: Message) {
        let key = message_key(&message);
        let at = self.network.partition_point(|m| message_key(m) < key);
        if self.network[at..]
            .iter()
            .take_while(|m| message_key(m) == key)
            .any(|m| *m == message)
        {
            return;
        }
        self.network.insert(at, message);
    }

    /// Removes the replies no delivery can ever act on: a vote or AppendEntries reply is read
    /// only in the term it was sent in (`Node` ignores it otherwise), and terms never go back,
    /// not even across a crash. Sets that differ only in such replies are one state.
    fn forget_dead_replies(&mut self) {
        let terms: Vec<Term> = self
            .servers
            .iter()
            .map(|s| s.persistent().current_term)
            .collect();
        self.network.retain(|m| {
            let dead = m.term < terms[m.to as usize]
                && matches!(
                    m.body,
                    Body::RequestVoteResponse(_) | Body::AppendEntriesResponse(_)
                );
            !dead
        });
    }

    /// The running nodes.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.servers.iter().filter_map(Server::node)
    }
}

fn message_key(message: &Message) -> u64 {
    let mut h = DefaultHasher::new();
    message.hash(&mut h);
    h.finish()
}

/// Something that can happen next.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The server's timer fires (election timeout, or a leader's heartbeat).
    Timer(NodeId),
    /// A message sent earlier arrives (again, perhaps).
    Deliver(Message),
    /// A client proposes the next value to the server, a leader.
    Propose(NodeId, u64),
    /// The server crashes, losing its volatile state.
    Crash(NodeId),
    /// The crashed server starts again from its persistent state.
    Restart(NodeId),
}

/// The model: a node configuration (options and unsafe switches) and the bounds.
#[derive(Clone, Debug)]
pub struct RaftModel {
    /// Every server's configuration; its timeouts are set to 0 (see the module notes).
    pub config: Config,
    /// How far to look.
    pub bounds: Bounds,
    /// Where the servers start (empty logs at term 0 by default), as the paper's figures
    /// start from given logs.
    pub start: Vec<Persistent>,
}

/// What one step at one server did: the events it reported, for the history and the replay.
pub struct Stepped {
    /// The server that stepped.
    pub node: NodeId,
    /// Its events, in order.
    pub events: Vec<Event>,
    /// True when the step was a restart (its commit index starts again from 0).
    pub restarted: bool,
}

impl RaftModel {
    /// A model of servers configured as `config` (timeouts aside), within `bounds`.
    pub fn new(config: Config, bounds: Bounds) -> Self {
        let config = Config {
            election_timeout_min: 0,
            election_timeout_max: 0,
            heartbeat_interval: 0,
            ..config
        };
        let start = vec![Persistent::default(); usize::from(bounds.servers)];
        RaftModel {
            config,
            bounds,
            start,
        }
    }

    /// The model starting from the given persistent states (one per server) instead.
    pub fn starting_from(mut self, start: Vec<Persistent>) -> Self {
        assert_eq!(start.len(), usize::from(self.bounds.servers));
        self.start = start;
        self
    }

    fn boot(&self, id: NodeId, persistent: Persistent) -> Node {
        let mut node = Node::new(
            id,
            self.bounds.servers,
            self.config.clone(),
            persistent,
            // Never drawn from: with equal timeout bounds the node takes the bound as is.
            rng::seeded(0, u64::from(id)),
            0,
        );
        node.take_events();
        node
    }

    /// Applies `action` to `state`: the next state and what the stepping server reported, or
    /// `None` when the action cannot happen there.
    pub fn apply(&self, state: &State, action: &Action) -> Option<(State, Stepped)> {
        let mut next = state.clone();
        let (id, input) = match action {
            Action::Timer(id) => (*id, Input::Timer),
            Action::Deliver(m) => (m.to, Input::Message(m.clone())),
            Action::Propose(id, value) => {
                next.proposed += 1;
                (*id, Input::Propose(Command::Value(*value)))
            }
            Action::Crash(id) => {
                let Server::Up(node) = &state.servers[*id as usize] else {
                    return None;
                };
                let (persistent, _) = node.clone().crash();
                next.servers[*id as usize] = Server::Down(persistent);
                next.crashes += 1;
                let stepped = Stepped {
                    node: *id,
                    events: Vec::new(),
                    restarted: false,
                };
                return Some((next, stepped));
            }
            Action::Restart(id) => {
                let Server::Down(persistent) = &state.servers[*id as usize] else {
                    return None;
                };
                next.servers[*id as usize] = Server::Up(self.boot(*id, persistent.clone()));
                let stepped = Stepped {
                    node: *id,
                    events: Vec::new(),
                    restarted: true,
                };
                return Some((next, stepped));
            }
        };
        let Server::Up(node) = &mut next.servers[id as usize] else {
            return None;
        };
        let before = node.clone();
        // A refused proposal is not an action the model offers, so the result is always Ok.
        node.step(0, input).ok()?;
        let messages = node.take_messages();
        let events = node.take_events();
        let after = node.clone();
        for m in messages {
            next.send(m);
        }
        next.forget_dead_replies();
        record(&mut next.history, &before, &after, &events);
        // Commitment is read from every running server: the first to count an index
        // committed fixes the entry that index holds for ever (State Machine Safety).
        let committed_len = next.history.committed.len() as u64;
        if after.commit_index() > committed_len {
            for index in committed_len + 1..=after.commit_index() {
                if let Some(entry) = after.log().entry(index) {
                    next.history.committed.push((*entry, after.term()));
                }
            }
        }
        let stepped = Stepped {
            node: id,
            events,
            restarted: false,
        };
        Some((next, stepped))
    }
}

/// Updates the history with one step of one node.
fn record(history: &mut History, before: &Node, after: &Node, events: &[Event]) {
    for event in events {
        if let Event::RoleChanged {
            role: Role::Leader,
            term,
            ..
        } = *event
        {
            let term = term as usize;
            if history.elected.len() <= term {
                history.elected.resize(term + 1, 0);
            }
            history.elected[term] |= 1 << after.id();
        }
    }
    // Leader Append-Only: a server that led before and after the step, in the same term,
    // must hold every entry it held, unchanged.
    let led_throughout = before.role() == Role::Leader
        && after.role() == Role::Leader
        && before.term() == after.term();
    if led_throughout && history.leader_rewrote.is_none() {
        let old = before.log().entries();
        let new = after.log().entries();
        let kept = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        if kept < old.len() {
            history.leader_rewrote = Some((after.id(), after.term(), kept as u64 + 1));
        }
    }
}

impl Model for RaftModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let servers = (0..self.bounds.servers)
            .map(|id| Server::Up(self.boot(id, self.start[usize::from(id)].clone())))
            .collect();
        vec![State {
            servers,
            network: Vec::new(),
            proposed: 0,
            crashes: 0,
            history: History::default(),
        }]
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        for (id, server) in state.servers.iter().enumerate() {
            let id = id as NodeId;
            match server {
                Server::Up(node) => {
                    actions.push(Action::Timer(id));
                    if node.role() == Role::Leader && state.proposed < self.bounds.max_entries {
                        actions.push(Action::Propose(id, u64::from(state.proposed) + 1));
                    }
                    if state.crashes < self.bounds.max_crashes {
                        actions.push(Action::Crash(id));
                    }
                }
                Server::Down(_) => actions.push(Action::Restart(id)),
            }
        }
        for m in &state.network {
            if matches!(state.servers[m.to as usize], Server::Up(_)) {
                actions.push(Action::Deliver(m.clone()));
            }
        }
    }

    fn next_state(&self, state: &State, action: Action) -> Option<State> {
        self.apply(state, &action).map(|(next, _)| next)
    }

    fn within_boundary(&self, state: &State) -> bool {
        state
            .servers
            .iter()
            .all(|s| s.persistent().current_term <= self.bounds.max_term)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        properties::all()
    }
}
