//! The playground without JavaScript types: every method of the wasm `Playground`, taking plain
//! numbers and returning numbers or the page's view types (serde + tsify, turned into JS objects
//! by lib.rs), with errors as text. Native tests drive it directly; lib.rs only wraps it for
//! wasm-bindgen.
//!
//! The cluster lives on a [`Timeline`]: a run is its recording (seed, config, timed actions),
//! so the cursor moves back (a checkpoint restored and re-simulated) as well as forward, acting
//! in the past forks the run, and the recording is what a share link carries.

use crate::membership::ChangeAnswer;
use raft_core::config::Setting;
use raft_core::sim::{
    Action, ActionError, Cluster, Mark, NetworkConfig, Opening, Outcome, Recording, SimConfig,
    Target, Timeline,
};
use raft_core::{share, NodeId, Time, UnsafeSwitches};
use serde::Serialize;
use tsify::Tsify;

use crate::action_words::ActionWhat;
use crate::config::{describe, Parsed, RunOptions};
use crate::convert::{self, ms_to_us, us_to_ms, UntilKind};
use crate::events::{self, TraceEventView};
use crate::failure::{self, Failure, FailureView};
use crate::fast_forward::{FastForward, RunSlice};
use crate::inspect::NodeInspection;
use crate::marks_since;
use crate::safety::ViolationView;
use crate::seeking::{SeekSlice, Seeking};
use crate::view::{self, LogVersions};

/// Trace records kept for `events(sinceSeq)`: several seconds of a busy cluster.
pub const TRACE_CAPACITY: usize = 4096;

/// "S3" for node id 2: servers are numbered from 1, as in the paper's figures.
pub fn name(id: NodeId) -> String {
    format!("S{}", u32::from(id) + 1)
}

/// The network settings in force: `network()`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NetworkView {
    /// Probability of losing any one message.
    pub loss: f64,
    /// Least one-way latency, ms.
    pub latency_min_ms: f64,
    /// Most one-way latency, ms.
    pub latency_max_ms: f64,
}

/// A recorded action: `actions()`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    /// When, virtual ms.
    pub at_ms: f64,
    /// What, for people, in English (raft-core's description).
    pub text: String,
    /// What, as data, for the page to phrase in the reader's language.
    pub what: ActionWhat,
}

/// Where a proposal went: `proposeToLeader()`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
pub struct Proposal {
    /// The leader that took it.
    pub node: NodeId,
    /// The log index it got.
    pub index: f64,
}

/// The config every run of the page gets, whatever its source: a bounded trace for the feed
/// and the safety checker on. Neither changes what the nodes do, so a recording replays the
/// same with it.
fn page_config(config: SimConfig) -> SimConfig {
    SimConfig {
        trace_capacity: Some(TRACE_CAPACITY),
        check: true,
        ..config
    }
}

/// Marks are only ever appended, except that a split-vote mark gives way to the leader mark of
/// its term (also appended) and a fork drops the later ones (and counts a fork): so the count,
/// the last mark and the fork count together change whenever the marks do.
type MarksSeen = (usize, Option<Mark>, u32);

/// A taped action, described for the page.
fn action_view(a: &raft_core::sim::TimedAction) -> ActionView {
    ActionView {
        at_ms: us_to_ms(a.at),
        text: a.action.describe(),
        what: ActionWhat::from(&a.action),
    }
}

/// A timeline and the buffers its per-frame views are written into.
#[derive(Debug)]
pub struct Sim {
    timeline: Timeline,
    /// Sub-microsecond remainder of `advance`, so fractional frames add up exactly.
    carry_us: f64,
    versions: LogVersions,
    marks_seen: MarksSeen,
    marks_version: f64,
    nodes: Vec<f64>,
    messages: Vec<f64>,
    progress: Vec<f64>,
    log: Vec<f64>,
    /// A `runUntil` in slices, between `beginRunUntil` and its last slice.
    fast_forward: Option<FastForward>,
    /// A seek or an advance in slices, between `beginSeek`/`beginAdvance` and its last slice.
    seeking: Option<Seeking>,
}

impl Sim {
    /// A cold cluster from a checked config; `seed` is used when the config names none.
    pub fn new(parsed: Parsed, seed: u64) -> Result<Sim, Failure> {
        let recording = Recording::new(parsed.sim, parsed.seed.unwrap_or(seed));
        Sim::start(recording, None)
    }

    /// The run a share link holds, at the moment it names. Every failure is the link module's
    /// message for people ("the link is damaged or truncated", ...).
    pub fn from_link(text: &str) -> Result<Sim, Failure> {
        let shared = share::decode(text)?;
        Sim::start(shared.recording, Some(shared.cursor))
    }

    /// A timeline for `recording`; with a cursor, opened there by one strict replay that also
    /// refuses a run whose actions do not all apply (bounded trace: the page config).
    fn start(mut recording: Recording, cursor: Option<Time>) -> Result<Sim, Failure> {
        recording.config = page_config(recording.config);
        let timeline = match cursor {
            Some(at) => Timeline::open(recording, at).map_err(failure::replay)?,
            None => Timeline::new(recording).map_err(|e| {
                let message = format!("invalid config: {e}");
                Failure::new(FailureView::from(&e), message)
            })?,
        };
        Ok(Sim::on(timeline))
    }

    /// Begins opening a share link in slices ([`Opening`]); [`Sim::opened`] makes the
    /// playground once it is done. The same checks and messages as [`Sim::from_link`].
    pub fn begin_link(text: &str) -> Result<Opening, Failure> {
        let mut shared = share::decode(text)?;
        shared.recording.config = page_config(shared.recording.config);
        Opening::new(shared.recording, shared.cursor).map_err(failure::replay)
    }

    /// The playground of a finished opening.
    pub fn opened(opening: Opening) -> Result<Sim, Failure> {
        Ok(Sim::on(opening.finish().map_err(failure::replay)?))
    }

    /// A playground over `timeline`, its views caught up.
    fn on(timeline: Timeline) -> Sim {
        let n = timeline.cluster().len();
        let mut sim = Sim {
            timeline,
            carry_us: 0.0,
            versions: LogVersions::new(n),
            marks_seen: (0, None, 0),
            marks_version: 0.0,
            nodes: Vec::with_capacity(n * view::NODE_STRIDE),
            messages: Vec::new(),
            progress: Vec::with_capacity(n * view::PROGRESS_STRIDE),
            log: Vec::new(),
            fast_forward: None,
            seeking: None,
        };
        sim.sync();
        sim
    }

    /// Catches up with the cluster after anything moved it: log versions and marks.
    fn sync(&mut self) {
        self.versions.sync(self.timeline.cluster());
        let marks = self.timeline.marks();
        let seen = (marks.len(), marks.last(), self.timeline.forks());
        if seen != self.marks_seen {
            self.marks_seen = seen;
            self.marks_version += 1.0;
        }
    }

    /// After the cursor moved back: the cluster is a restored checkpoint, re-simulated.
    fn went_back(&mut self) {
        self.carry_us = 0.0;
        self.versions.reset(self.timeline.cluster());
        self.sync();
    }

    /// The simulated cluster at the cursor (read only).
    pub fn cluster(&self) -> &Cluster {
        self.timeline.cluster()
    }

    /// The timeline (read only).
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.cluster().len()
    }

    /// The seed, as a JS number (seeds are at most 2^53).
    pub fn seed(&self) -> f64 {
        self.cluster().seed() as f64
    }

    /// Virtual time, ms.
    pub fn now(&self) -> f64 {
        us_to_ms(self.timeline.now())
    }

    /// Runs `ms` more virtual milliseconds (0 to one hour).
    pub fn advance(&mut self, ms: f64) -> Result<(), Failure> {
        let total = convert::advance_us(ms)? + self.carry_us;
        let whole = total.floor();
        self.carry_us = total - whole;
        self.timeline.advance_by(whole as Time);
        self.sync();
        Ok(())
    }

    /// Runs exactly one event; returns its virtual time in ms.
    pub fn step(&mut self) -> Result<f64, Failure> {
        if !self.timeline.step_forward() {
            return Err(Failure::new(
                FailureView::NoEventPending,
                String::from("no event pending: every node is down and no message is in flight"),
            ));
        }
        self.sync();
        Ok(self.now())
    }

    /// When the next event is due, ms; -1 when none is pending.
    pub fn next_event_at(&self) -> f64 {
        self.cluster().next_event_at().map_or(-1.0, us_to_ms)
    }

    // ----- time travel -----

    /// The furthest virtual time simulated on the current tape, ms.
    pub fn horizon(&self) -> f64 {
        us_to_ms(self.timeline.horizon())
    }

    /// True when the cursor is behind the horizon (acting now forks).
    pub fn in_past(&self) -> bool {
        self.timeline.in_past()
    }

    /// How many times this run forked.
    pub fn forks(&self) -> f64 {
        f64::from(self.timeline.forks())
    }

    /// Moves the cursor to `ms`: back by restoring a checkpoint, forward by simulating (at most
    /// an hour past the horizon).
    pub fn seek(&mut self, ms: f64) -> Result<(), Failure> {
        let t = convert::seek_us(ms, self.timeline.horizon())?;
        let back = t < self.timeline.now();
        self.timeline.seek(t);
        if back {
            self.went_back();
        } else {
            self.carry_us = 0.0;
            self.sync();
        }
        Ok(())
    }

    /// Begins a seek in slices ([`Seeking`]) to `ms`, within `seek`'s bounds; replaces one in
    /// progress. Going back, the cursor is at once on the checkpoint it re-simulates from.
    pub fn begin_seek(&mut self, ms: f64) -> Result<(), Failure> {
        let to = convert::seek_us(ms, self.timeline.horizon())?;
        self.begin_journey(to, 0.0);
        Ok(())
    }

    /// Begins an advance of `ms` in slices, within `advance`'s bounds.
    pub fn begin_advance(&mut self, ms: f64) -> Result<(), Failure> {
        let total = convert::advance_us(ms)? + self.carry_us;
        let whole = total.floor();
        let to = self.timeline.now().saturating_add(whole as Time);
        self.begin_journey(to, total - whole);
        Ok(())
    }

    fn begin_journey(&mut self, to: Time, carry_after: f64) {
        let back = to < self.timeline.now();
        self.seeking = Some(Seeking::begin(&mut self.timeline, to, carry_after));
        if back {
            self.went_back();
        } else {
            self.carry_us = 0.0;
            self.sync();
        }
    }

    /// Runs the seek or advance begun by `begin_seek`/`begin_advance` at most `max_events`
    /// more events.
    pub fn seek_slice(&mut self, max_events: f64) -> Result<SeekSlice, Failure> {
        let budget = convert::event_budget(max_events)?;
        let Some(seeking) = self.seeking.as_mut() else {
            return Err(Failure::new(
                FailureView::NoSeek,
                String::from(
                    "seekSlice: no seek in progress (call beginSeek or beginAdvance first)",
                ),
            ));
        };
        let slice = seeking.slice(&mut self.timeline, budget);
        self.carry_us = match &slice {
            Ok(s) if s.done => seeking.carry_after(),
            _ => 0.0,
        };
        if slice.as_ref().map_or(true, |s| s.done) {
            self.seeking = None;
        }
        self.sync();
        slice
    }

    /// Drops the seek or advance in progress, if any: the cursor stays where it got.
    pub fn cancel_seek(&mut self) {
        self.seeking = None;
    }

    /// Drops the taped future at the cursor (a fork without an action); whether it forked.
    pub fn fork_here(&mut self) -> bool {
        let forked = self.timeline.fork_here();
        self.sync();
        forked
    }

    /// One event back; false at the start of the run.
    pub fn step_back(&mut self) -> bool {
        let moved = self.timeline.step_back();
        if moved {
            self.went_back();
        }
        moved
    }

    /// Runs to the next leader change, commit or split vote, at most `limit_ms`; whether one
    /// was found.
    pub fn run_until(&mut self, kind: UntilKind, limit_ms: f64) -> Result<bool, Failure> {
        let limit = convert::run_limit_us(limit_ms)?;
        let found = self.timeline.run_until(kind.into(), limit);
        self.carry_us = 0.0;
        self.sync();
        Ok(found)
    }

    /// Begins a `runUntil` in slices (see [`FastForward`]); replaces one in progress.
    pub fn begin_run_until(&mut self, kind: UntilKind, limit_ms: f64) -> Result<(), Failure> {
        let limit = convert::run_limit_us(limit_ms)?;
        self.fast_forward = Some(FastForward::new(&self.timeline, kind.into(), limit));
        Ok(())
    }

    /// Runs the fast-forward begun by `begin_run_until` at most `max_events` more events.
    pub fn run_until_slice(&mut self, max_events: f64) -> Result<RunSlice, Failure> {
        let budget = convert::event_budget(max_events)?;
        let Some(fast_forward) = self.fast_forward.as_mut() else {
            return Err(Failure::new(
                FailureView::NoFastForward,
                String::from(
                    "runUntilSlice: no fast-forward in progress (call beginRunUntil first)",
                ),
            ));
        };
        let slice = fast_forward.slice(&mut self.timeline, budget);
        if slice.as_ref().map_or(true, |s| s.done) {
            self.fast_forward = None;
        }
        self.carry_us = 0.0;
        self.sync();
        slice
    }

    /// Drops the fast-forward in progress, if any: the cursor stays where it got.
    pub fn cancel_run_until(&mut self) {
        self.fast_forward = None;
    }

    /// Whether the next leader change, commit or split vote comes within `limit_ms`, asked
    /// without moving the cursor or the horizon.
    pub fn look_ahead(&self, kind: UntilKind, limit_ms: f64) -> Result<bool, Failure> {
        let limit = convert::run_limit_us(limit_ms)?;
        Ok(self.timeline.look_ahead(kind.into(), limit))
    }

    /// Changes whenever marks were added or dropped.
    pub fn marks_version(&self) -> f64 {
        self.marks_version
    }

    /// Every mark up to the horizon, `MarkCol.Stride` numbers each (`MarkCol`, `MarkCode`), in
    /// one buffer made for the call (the binding writes them to the page in pieces instead).
    pub fn marks(&self) -> Vec<f64> {
        let mut all = Vec::new();
        marks_since::write(
            &self.timeline,
            0..self.timeline.marks().len(),
            |_, piece| all.extend_from_slice(piece),
        );
        all
    }

    /// The share link of the run, at the cursor: the whole tape (actions past the cursor
    /// too) and the cursor's moment.
    pub fn link(&self) -> Result<String, Failure> {
        Ok(share::link(self.timeline.recording(), self.timeline.now())?)
    }

    /// The options of this run.
    pub fn options(&self) -> RunOptions {
        let recording = self.timeline.recording();
        RunOptions::of(&recording.config, recording.seed)
    }

    /// The network settings in force at the cursor (loss and latency change by action, so they
    /// follow seeks and forks).
    pub fn network(&self) -> NetworkView {
        let net = &self.timeline.cluster().network().config;
        NetworkView {
            loss: net.loss,
            latency_min_ms: us_to_ms(net.latency_min),
            latency_max_ms: us_to_ms(net.latency_max),
        }
    }

    /// Every recorded action (before and after the cursor), described.
    pub fn actions(&self) -> Vec<ActionView> {
        let tape = &self.timeline.recording().actions;
        tape.iter().map(action_view).collect()
    }

    /// The recorded action at `index`, as in [`Sim::actions`]; none for anything but the index
    /// of a taped action. Describing every action costs milliseconds in a long session: the
    /// timeline names a few in each tick's title.
    pub fn action(&self, index: f64) -> Option<ActionView> {
        if !(index.is_finite() && index >= 0.0 && index.fract() == 0.0) {
            return None;
        }
        let tape = &self.timeline.recording().actions;
        tape.get(index as usize).map(action_view)
    }

    // ----- actions -----

    fn node(&self, id: f64) -> Result<NodeId, Failure> {
        convert::node_id(id, self.cluster().len())
    }

    /// Applies an action at the cursor; in the past this forks the run.
    fn apply(&mut self, action: Action) -> Result<Outcome, Failure> {
        let outcome = self
            .timeline
            .act(action)
            .map(|(outcome, _forked)| outcome)
            .map_err(|e: ActionError| Failure::from(e));
        self.sync();
        outcome
    }
    /// Proposes `value` to node `node`; the index it got, or why not.
    pub fn propose(&mut self, node: f64, value: f64) -> Result<f64, Failure> {
        let id = self.node(node)?;
        let value = convert::value(value)?;
        let outcome = self.apply(Action::Propose {
            to: Target::Node(id),
            value,
        })?;
        proposed(outcome).map(|p| p.index)
    }

    /// Proposes `value` to the current leader; where it went, or why not.
    pub fn propose_to_leader(&mut self, value: f64) -> Result<Proposal, Failure> {
        let value = convert::value(value)?;
        let outcome = self.apply(Action::Propose {
            to: Target::Leader,
            value,
        })?;
        proposed(outcome)
    }

    /// Crashes a running node.
    pub fn crash(&mut self, node: f64) -> Result<(), Failure> {
        let node = self.node(node)?;
        self.apply(Action::Crash { node }).map(drop)
    }

    /// Restarts a crashed node.
    pub fn restart(&mut self, node: f64) -> Result<(), Failure> {
        let node = self.node(node)?;
        self.apply(Action::Restart { node }).map(drop)
    }

    /// Makes a running node snapshot its applied state and compact its log now (§7).
    pub fn snapshot(&mut self, node: f64) -> Result<(), Failure> {
        let node = self.node(node)?;
        self.apply(Action::Snapshot { node }).map(drop)
    }

    /// Has the leader add server `node` (dissertation §4.2): the next unused id starts a new
    /// empty server; a removed server's id brings it back. The index the change got, or why not.
    pub fn add_server(&mut self, node: f64) -> Result<ChangeAnswer, Failure> {
        let node = convert::node_id(node, raft_core::limits::MAX_NODES as usize)?;
        let outcome = self.apply(Action::AddServer { node })?;
        ChangeAnswer::of(outcome).ok_or_else(|| {
            Failure::new(
                FailureView::ProposalNotTaken,
                String::from("no change was proposed"),
            )
        })
    }

    /// Has the leader remove server `node` (§4.2); its process keeps running, apart.
    pub fn remove_server(&mut self, node: f64) -> Result<ChangeAnswer, Failure> {
        let node = self.node(node)?;
        let outcome = self.apply(Action::RemoveServer { node })?;
        ChangeAnswer::of(outcome).ok_or_else(|| {
            Failure::new(
                FailureView::ProposalNotTaken,
                String::from("no change was proposed"),
            )
        })
    }

    /// The configuration in force (the leader's, else the highest term's), a bit per id.
    pub fn members(&self) -> u16 {
        self.cluster().members().bits()
    }

    /// Makes a running node's election timer fire now.
    pub fn force_timeout(&mut self, node: f64) -> Result<(), Failure> {
        let node = self.node(node)?;
        self.apply(Action::ForceTimeout { node }).map(drop)
    }

    /// Asks the leader to hand leadership to `to` (dissertation §3.10).
    pub fn transfer_leadership(&mut self, to: f64) -> Result<(), Failure> {
        let to = self.node(to)?;
        self.apply(Action::TransferLeadership { to }).map(drop)
    }

    /// Makes every running follower's election timer fire at once (the split-vote key); the
    /// ids it timed out, in order.
    pub fn timeout_followers(&mut self) -> Result<Vec<NodeId>, Failure> {
        let outcome = self.apply(Action::TimeoutFollowers)?;
        Ok(outcome.timed_out().collect())
    }

    /// Splits the network into `groups`; nodes not named form one more group.
    pub fn set_partition(&mut self, groups: &[Vec<f64>]) -> Result<(), Failure> {
        // Loops rather than `collect` into a `Result`: the same, in less wasm.
        let mut checked = Vec::with_capacity(groups.len());
        for group in groups {
            let mut ids = Vec::with_capacity(group.len());
            for id in group {
                ids.push(self.node(*id)?);
            }
            checked.push(ids);
        }
        let groups = checked;
        self.apply(Action::SetPartition { groups }).map(drop)
    }

    /// Joins all groups and restores all links.
    pub fn heal(&mut self) -> Result<(), Failure> {
        self.apply(Action::Heal).map(drop)
    }

    /// Cuts the link from → to (one direction).
    pub fn cut_link(&mut self, from: f64, to: f64) -> Result<(), Failure> {
        let (from, to) = (self.node(from)?, self.node(to)?);
        self.apply(Action::CutLink { from, to }).map(drop)
    }

    /// Restores the link from → to.
    pub fn restore_link(&mut self, from: f64, to: f64) -> Result<(), Failure> {
        let (from, to) = (self.node(from)?, self.node(to)?);
        self.apply(Action::RestoreLink { from, to }).map(drop)
    }

    /// Sets the probability of losing any one message (raft-core's check, its message).
    pub fn set_loss(&mut self, probability: f64) -> Result<(), Failure> {
        NetworkConfig::validate_loss(probability)
            .map_err(|e| describe(&e, &|_| probability, &|_| "loss"))?;
        self.apply(Action::SetLoss { probability }).map(drop)
    }

    /// Sets the latency range, ms (raft-core's check, in the page's words).
    pub fn set_latency(&mut self, min_ms: f64, max_ms: f64) -> Result<(), Failure> {
        let (min, max) = (ms_to_us(min_ms), ms_to_us(max_ms));
        let given = |s: Setting| {
            if s == Setting::LatencyMin {
                min_ms
            } else {
                max_ms
            }
        };
        let name = |s: Setting| {
            if s == Setting::LatencyMin {
                "latency min"
            } else {
                "latency max"
            }
        };
        NetworkConfig::validate_latency(min, max).map_err(|e| describe(&e, &given, &name))?;
        self.apply(Action::SetLatency { min, max }).map(drop)
    }

    /// The node table (`NodeCol`).
    pub fn nodes(&mut self) -> &[f64] {
        self.versions.sync(self.timeline.cluster());
        view::fill_nodes(&mut self.nodes, self.timeline.cluster(), &self.versions);
        &self.nodes
    }

    /// The message table (`MsgCol`).
    pub fn messages(&mut self) -> &[f64] {
        view::fill_messages(&mut self.messages, self.timeline.cluster());
        &self.messages
    }

    /// The leader's progress table (`ProgressCol`).
    pub fn progress(&mut self) -> &[f64] {
        view::fill_progress(&mut self.progress, self.timeline.cluster());
        &self.progress
    }

    /// Node `id`'s log, [term, value] per entry.
    pub fn log(&mut self, id: f64) -> Result<&[f64], Failure> {
        let id = self.node(id)?;
        if !view::fill_log(&mut self.log, self.timeline.cluster(), id) {
            return Err(unknown_node(id));
        }
        Ok(&self.log)
    }

    /// Node `id`'s log epoch: while it stays, its log only grew (see `LogVersions`).
    pub fn log_epoch(&self, id: f64) -> Result<f64, Failure> {
        let id = self.node(id)?;
        Ok(self.versions.epoch(usize::from(id)))
    }

    /// Node `id`'s log entries past the first `from`, `LogCol.Stride` numbers each.
    pub fn log_since(&mut self, id: f64, from: f64) -> Result<&[f64], Failure> {
        let id = self.node(id)?;
        if !from.is_finite() || from.fract() != 0.0 || from < 0.0 {
            return Err(convert::not_whole("from", from));
        }
        // Saturates: a count past the end reads nothing.
        if !view::fill_log_since(&mut self.log, self.timeline.cluster(), id, from as usize) {
            return Err(unknown_node(id));
        }
        Ok(&self.log)
    }

    /// The running leader with the highest term, or -1.
    pub fn leader(&self) -> f64 {
        self.cluster().leader().map_or(-1.0, f64::from)
    }

    /// Server `id` at the cursor, for the node inspector.
    pub fn inspect(&self, id: f64) -> Result<NodeInspection, Failure> {
        let id = self.node(id)?;
        raft_core::sim::inspect(self.cluster(), id)
            .map(NodeInspection::from)
            .ok_or_else(|| unknown_node(id))
    }

    /// The first safety violation at the cursor, as data for the page to phrase.
    pub fn violation(&self) -> Option<ViolationView> {
        self.cluster().violation().map(ViolationView::of)
    }

    /// When the first violation at the cursor happened, ms; -1 when none (cheap: per frame).
    pub fn violation_at(&self) -> f64 {
        self.cluster().violation().map_or(-1.0, |v| us_to_ms(v.at))
    }

    /// The same run (seed, starting states, every recorded action) under other unsafe
    /// switches, replayed from its start to the same moment: a switch changes how the servers
    /// behave from time 0, so it starts the run again rather than acting in the middle.
    pub fn with_switches(&self, switches: UnsafeSwitches) -> Result<Sim, Failure> {
        let mut recording = self.timeline.recording().clone();
        recording.config.node.unsafe_switches = switches;
        Sim::start(recording, Some(self.timeline.now()))
    }

    /// Kept trace records with seq ≥ `since` that the page gets (timer resets skipped), at
    /// most [`limits::EVENTS_PAGE`], in the page's shape.
    pub fn events(&self, since: f64) -> Result<Vec<TraceEventView>, Failure> {
        let since = convert::seq(since)?;
        Ok(events::page(self.cluster().trace().since(since)).collect())
    }
}

/// A node the cluster does not have (past the id check: a bug, said as raft-core says it).
fn unknown_node(id: NodeId) -> Failure {
    Failure::from(ActionError::UnknownNode(u32::from(id)))
}

/// A proposal's outcome, or the redirect as a failure.
fn proposed(outcome: Outcome) -> Result<Proposal, Failure> {
    match outcome {
        Outcome::Proposed { node, index, .. } => Ok(Proposal {
            node,
            index: index as f64,
        }),
        Outcome::NotLeader {
            node: Some(node),
            leader,
        } => Err(Failure::new(
            FailureView::NotLeader { node, leader },
            match leader {
                Some(leader) => format!(
                    "{} is not the leader; it knows {}",
                    name(node),
                    name(leader)
                ),
                None => format!("{} is not the leader; it knows no leader", name(node)),
            },
        )),
        Outcome::NotLeader { node: None, .. } => Err(Failure::new(
            FailureView::NoLeader,
            String::from("no leader: no running node leads right now (wait for an election)"),
        )),
        Outcome::Done | Outcome::TimedOut { .. } | Outcome::ChangeRefused { .. } => {
            Err(Failure::new(
                FailureView::ProposalNotTaken,
                String::from("the proposal was not taken"),
            ))
        }
        Outcome::Transferring { node, to } => Err(Failure::new(
            FailureView::Transferring { node, to },
            format!(
                "{} is handing leadership to {} and takes no entries until it is done",
                name(node),
                name(to)
            ),
        )),
    }
}

#[cfg(test)]
#[path = "../unit/sim.rs"]
mod tests;
