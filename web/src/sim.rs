//! The playground without JavaScript types: every method of the wasm `Playground`, taking and
//! returning plain numbers, with errors as text. Native tests drive it directly; lib.rs only
//! wraps it for wasm-bindgen.
//!
//! The cluster lives on a [`Timeline`]: a run is its recording (seed, config, timed actions),
//! so the cursor moves back (a checkpoint restored and re-simulated) as well as forward, acting
//! in the past forks the run, and the recording is what a share link carries.

use alloc::string::String;
use alloc::vec::Vec;

use raft_core::share;
use raft_core::sim::{
    Action, ActionError, Cluster, Mark, Outcome, Recording, SimConfig, Target, Timeline,
};
use raft_core::text;
use raft_core::text::Name;
use raft_core::trace::TraceRecord;
use raft_core::{Backtracking, NodeId, Time};

use crate::config::{Parsed, Raw};
use crate::convert::{self, us_to_ms};
use crate::events::{self, Sink};
use crate::view::{self, LogVersions};

/// Trace records kept for `events(sinceSeq)`: several seconds of a busy cluster.
pub const TRACE_CAPACITY: usize = 4096;

/// "S3" for node id 2.
pub fn name(id: NodeId) -> String {
    text!(Name(id))
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
    marks: Vec<f64>,
}

impl Sim {
    /// A cold cluster from a checked config; `seed` is used when the config names none.
    pub fn new(parsed: Parsed, seed: u64) -> Result<Sim, String> {
        let recording = Recording::new(parsed.sim, parsed.seed.unwrap_or(seed));
        Sim::start(recording, None)
    }

    /// The run a share link holds, at the moment it names. Every failure is the link module's
    /// message for people ("the link is damaged or truncated", ...).
    pub fn from_link(text: &str) -> Result<Sim, String> {
        let shared = share::decode(text).map_err(|e| e.0)?;
        Sim::start(shared.recording, Some(shared.cursor))
    }

    /// A timeline for `recording`; with a cursor, opened there by one strict replay that also
    /// refuses a run whose actions do not all apply (bounded trace: the page config).
    fn start(mut recording: Recording, cursor: Option<Time>) -> Result<Sim, String> {
        recording.config = page_config(recording.config);
        let timeline = match cursor {
            Some(at) => Timeline::open(recording, at)
                .map_err(|e| text!("the run cannot be replayed: ", &e.describe()))?,
            None => {
                Timeline::new(recording).map_err(|e| text!("invalid config: ", &e.describe()))?
            }
        };
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
            marks: Vec::new(),
        };
        sim.sync();
        Ok(sim)
    }

    /// Catches up with the cluster after anything moved it: log versions and marks.
    fn sync(&mut self) {
        self.versions.sync(self.timeline.cluster());
        let marks = self.timeline.marks();
        let seen = (marks.len(), marks.last().copied(), self.timeline.forks());
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
    pub fn advance(&mut self, ms: f64) -> Result<(), String> {
        let total = convert::advance_us(ms)? + self.carry_us;
        let whole = convert::floor(total);
        self.carry_us = total - whole;
        self.timeline.advance_by(whole as Time);
        self.sync();
        Ok(())
    }

    /// Runs exactly one event; returns its virtual time in ms.
    pub fn step(&mut self) -> Result<f64, String> {
        if !self.timeline.step_forward() {
            return Err(String::from(
                "no event pending: every node is down and no message is in flight",
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
    pub fn seek(&mut self, ms: f64) -> Result<(), String> {
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

    /// One event back; false at the start of the run.
    pub fn step_back(&mut self) -> bool {
        let moved = self.timeline.step_back();
        if moved {
            self.went_back();
        }
        moved
    }

    /// Runs to the next leader change, commit or split vote (`kind` 'leader', 'commit',
    /// 'split'), at most `limit_ms`; whether one was found.
    pub fn run_until(&mut self, kind: &Raw, limit_ms: f64) -> Result<bool, String> {
        let what = convert::until(kind)?;
        let limit = convert::run_limit_us(limit_ms)?;
        let found = self.timeline.run_until(what, limit);
        self.carry_us = 0.0;
        self.sync();
        Ok(found)
    }

    /// Changes whenever marks were added or dropped.
    pub fn marks_version(&self) -> f64 {
        self.marks_version
    }

    /// Every mark up to the horizon, MARK_STRIDE numbers each (view.ts `MarkKindCode`).
    pub fn marks(&mut self) -> &[f64] {
        view::fill_marks(&mut self.marks, self.timeline.marks());
        &self.marks
    }

    /// The share link of the run, at the cursor: the whole tape (actions past the cursor
    /// too) and the cursor's moment.
    pub fn link(&self) -> Result<String, String> {
        let recording = self.timeline.recording();
        let cursor = self.timeline.now();
        let too_late = |t: Time| t > share::MAX_TIME;
        if too_late(cursor) || recording.actions.iter().any(|a| too_late(a.at)) {
            return Err(String::from(
                "a link holds at most the first hour of a run: seek back before 3600000 ms \
                 (and act no later) to share it",
            ));
        }
        let text = (recording.actions.len() <= share::MAX_ACTIONS)
            .then(|| share::encode_run(recording, cursor))
            .filter(|text| text.len() <= share::MAX_LINK_LEN);
        text.ok_or_else(|| {
            String::from(
                "this run has too many actions for a link (a link holds at most 20000 actions \
                 in 65536 characters)",
            )
        })
    }

    /// The options of this run, field by field (view.ts `RunOptions`).
    pub fn options(&self, out: &mut impl Sink) {
        let recording = self.timeline.recording();
        let config = &recording.config;
        let (node, net) = (&config.node, &config.network);
        out.num("nodes", f64::from(config.nodes));
        out.num("seed", recording.seed as f64);
        out.num("electionTimeoutMinMs", us_to_ms(node.election_timeout_min));
        out.num("electionTimeoutMaxMs", us_to_ms(node.election_timeout_max));
        out.num("heartbeatMs", us_to_ms(node.heartbeat_interval));
        out.num("latencyMinMs", us_to_ms(net.latency_min));
        out.num("latencyMaxMs", us_to_ms(net.latency_max));
        out.num("loss", net.loss);
        out.text(
            "backtracking",
            match node.backtracking {
                Backtracking::OneByOne => "one-by-one",
                Backtracking::ByConflictTerm => "by-conflict-term",
            },
        );
        out.flag("preVote", node.pre_vote);
        out.flag("checkQuorum", node.check_quorum);
        out.flag("leaderNoop", node.leader_noop);
    }

    /// The network settings in force at the cursor (loss and latency change by action, so they
    /// follow seeks and forks): `{loss, latencyMinMs, latencyMaxMs}`.
    pub fn network(&self, out: &mut impl Sink) {
        let net = &self.timeline.cluster().network().config;
        out.num("loss", net.loss);
        out.num("latencyMinMs", us_to_ms(net.latency_min));
        out.num("latencyMaxMs", us_to_ms(net.latency_max));
    }

    /// Every recorded action (before and after the cursor) as (ms, description).
    pub fn actions(&self) -> impl Iterator<Item = (f64, String)> + '_ {
        self.timeline
            .recording()
            .actions
            .iter()
            .map(|a| (us_to_ms(a.at), a.action.describe()))
    }

    // ----- actions -----

    fn node(&self, id: f64) -> Result<NodeId, String> {
        convert::node_id(id, self.cluster().len())
    }

    /// Applies an action at the cursor; in the past this forks the run.
    fn apply(&mut self, action: Action) -> Result<Outcome, String> {
        let outcome = self
            .timeline
            .act(action)
            .map(|(outcome, _forked)| outcome)
            .map_err(|e: ActionError| e.describe());
        self.sync();
        outcome
    }
    /// Proposes `value` to node `node`; the index it got, or why not.
    pub fn propose(&mut self, node: f64, value: f64) -> Result<f64, String> {
        let id = self.node(node)?;
        let value = convert::value(value)?;
        let outcome = self.apply(Action::Propose {
            to: Target::Node(id),
            value,
        })?;
        proposed(outcome).map(|(_, index)| index)
    }

    /// Proposes `value` to the current leader; (leader, index), or why not.
    pub fn propose_to_leader(&mut self, value: f64) -> Result<(NodeId, f64), String> {
        let value = convert::value(value)?;
        let outcome = self.apply(Action::Propose {
            to: Target::Leader,
            value,
        })?;
        proposed(outcome)
    }

    /// Crashes a running node.
    pub fn crash(&mut self, node: f64) -> Result<(), String> {
        let node = self.node(node)?;
        self.apply(Action::Crash { node }).map(drop)
    }

    /// Restarts a crashed node.
    pub fn restart(&mut self, node: f64) -> Result<(), String> {
        let node = self.node(node)?;
        self.apply(Action::Restart { node }).map(drop)
    }

    /// Makes a running node's election timer fire now.
    pub fn force_timeout(&mut self, node: f64) -> Result<(), String> {
        let node = self.node(node)?;
        self.apply(Action::ForceTimeout { node }).map(drop)
    }

    /// Splits the network into `groups`; nodes not named form one more group.
    pub fn set_partition(&mut self, groups: &[Vec<f64>]) -> Result<(), String> {
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
    pub fn heal(&mut self) -> Result<(), String> {
        self.apply(Action::Heal).map(drop)
    }

    /// Cuts the link from → to (one direction).
    pub fn cut_link(&mut self, from: f64, to: f64) -> Result<(), String> {
        let (from, to) = (self.node(from)?, self.node(to)?);
        self.apply(Action::CutLink { from, to }).map(drop)
    }

    /// Restores the link from → to.
    pub fn restore_link(&mut self, from: f64, to: f64) -> Result<(), String> {
        let (from, to) = (self.node(from)?, self.node(to)?);
        self.apply(Action::RestoreLink { from, to }).map(drop)
    }

    /// Sets the probability of losing any one message.
    pub fn set_loss(&mut self, probability: f64) -> Result<(), String> {
        let probability = convert::probability(probability)?;
        self.apply(Action::SetLoss { probability }).map(drop)
    }

    /// Sets the latency range, ms.
    pub fn set_latency(&mut self, min_ms: f64, max_ms: f64) -> Result<(), String> {
        let (min, max) = convert::latency(min_ms, max_ms)?;
        self.apply(Action::SetLatency { min, max }).map(drop)
    }

    /// The node table (view.ts `NodeCol`).
    pub fn nodes(&mut self) -> &[f64] {
        self.versions.sync(self.timeline.cluster());
        view::fill_nodes(&mut self.nodes, self.timeline.cluster(), &self.versions);
        &self.nodes
    }

    /// The message table (view.ts `MsgCol`).
    pub fn messages(&mut self) -> &[f64] {
        view::fill_messages(&mut self.messages, self.timeline.cluster());
        &self.messages
    }

    /// The leader's progress table (view.ts `ProgressCol`).
    pub fn progress(&mut self) -> &[f64] {
        view::fill_progress(&mut self.progress, self.timeline.cluster());
        &self.progress
    }

    /// Node `id`'s log, [term, value] per entry.
    pub fn log(&mut self, id: f64) -> Result<&[f64], String> {
        let id = self.node(id)?;
        if !view::fill_log(&mut self.log, self.timeline.cluster(), id) {
            return Err(text!("unknown node id ", id));
        }
        Ok(&self.log)
    }

    /// The running leader with the highest term, or -1.
    pub fn leader(&self) -> f64 {
        self.cluster().leader().map_or(-1.0, f64::from)
    }

    /// The first safety violation, described.
    pub fn violation(&self) -> Option<String> {
        self.cluster().violation().map(|v| v.describe())
    }

    /// Kept trace records with seq ≥ `since` that the page gets (timer resets skipped), at
    /// most 200; [`events::write`] turns each into the page's shape.
    pub fn events(&self, since: f64) -> Result<impl Iterator<Item = &TraceRecord> + '_, String> {
        let since = convert::seq(since)?;
        Ok(events::page(self.cluster().trace().since(since)))
    }
}

/// A proposal's outcome as (leader, index), or the redirect as an error text.
fn proposed(outcome: Outcome) -> Result<(NodeId, f64), String> {
    match outcome {
        Outcome::Proposed { node, index, .. } => Ok((node, index as f64)),
        Outcome::NotLeader {
            node: Some(node),
            leader,
        } => Err(match leader {
            Some(leader) => text!(Name(node), " is not the leader; it knows ", Name(leader)),
            None => text!(Name(node), " is not the leader; it knows no leader"),
        }),
        Outcome::NotLeader { node: None, .. } => Err(String::from(
            "no leader: no running node leads right now (wait for an election)",
        )),
        Outcome::Done => Err(String::from("the proposal was not taken")),
    }
}

#[cfg(test)]
#[path = "../unit/sim.rs"]
mod tests;
