//! The playground without JavaScript types: every method of the wasm `Playground`, taking and
//! returning plain numbers, with errors as text. Native tests drive it directly; lib.rs only
//! wraps it for wasm-bindgen.
//!
//! The cluster lives on a [`Timeline`]: a run is its recording (seed, config, timed actions),
//! so the cursor moves back (a checkpoint restored and re-simulated) as well as forward, acting
//! in the past forks the run, and the recording is what a share link carries.

use raft_core::share::{self, Shared};
use raft_core::sim::{
    Action, ActionError, Cluster, Mark, Outcome, Recording, SimConfig, Target, Timeline,
};
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
    format!("S{}", u32::from(id) + 1)
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
                .map_err(|e| format!("the run cannot be replayed: {e}"))?,
            None => Timeline::new(recording).map_err(|e| format!("invalid config: {e}"))?,
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
        let whole = total.floor();
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
            .then(|| {
                share::encode(&Shared {
                    recording: recording.clone(),
                    cursor,
                })
            })
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
            .map_err(|e: ActionError| e.to_string());
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
        let groups = groups
            .iter()
            .map(|g| g.iter().map(|id| self.node(*id)).collect())
            .collect::<Result<Vec<Vec<NodeId>>, String>>()?;
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
            return Err(format!("unknown node id {id}"));
        }
        Ok(&self.log)
    }

    /// The running leader with the highest term, or -1.
    pub fn leader(&self) -> f64 {
        self.cluster().leader().map_or(-1.0, f64::from)
    }

    /// The first safety violation, described.
    pub fn violation(&self) -> Option<String> {
        self.cluster().violation().map(|v| v.to_string())
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
        } => Err(format!(
            "{} is not the leader; it knows {}",
            name(node),
            leader.map_or_else(|| String::from("no leader"), name)
        )),
        Outcome::NotLeader { node: None, .. } => Err(String::from(
            "no leader: no running node leads right now (wait for an election)",
        )),
        Outcome::Done => Err(String::from("the proposal was not taken")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse, RawConfig};
    use crate::events::tests::{to_json, Json};
    use crate::view::{LOG_STRIDE, MARK_STRIDE, MSG_STRIDE, NODE_STRIDE, PROGRESS_STRIDE};

    // NodeCol / MsgCol indices (view.ts).
    const ROLE: usize = 1;
    const TERM: usize = 2;
    const UP: usize = 4;
    const TIMER_START: usize = 5;
    const COMMIT: usize = 8;
    const LAST: usize = 9;
    const LEADER_HINT: usize = 10;
    const GROUP: usize = 13;
    const VERSION: usize = 14;

    fn sim(seed: u64) -> Sim {
        Sim::new(parse(&RawConfig::default()).unwrap(), seed).unwrap()
    }

    fn row(s: &mut Sim, id: usize) -> Vec<f64> {
        s.nodes()[id * NODE_STRIDE..(id + 1) * NODE_STRIDE].to_vec()
    }

    fn elect(s: &mut Sim) -> NodeId {
        for _ in 0..50 {
            if s.leader() >= 0.0 {
                return s.leader() as NodeId;
            }
            s.advance(100.0).unwrap();
        }
        panic!("no leader within 5 s");
    }

    #[test]
    fn defaults_and_a_first_leader() {
        let mut s = sim(1);
        assert_eq!(s.node_count(), 5);
        assert_eq!(s.seed(), 1.0);
        assert_eq!(s.nodes().len(), 5 * NODE_STRIDE);
        assert_eq!(s.progress(), &[-1.0; 10][..]);
        let leader = elect(&mut s);
        let r = row(&mut s, leader as usize);
        assert_eq!(r[ROLE], 3.0);
        assert_eq!(r[UP], 1.0);
        assert_eq!(r[LEADER_HINT], f64::from(leader));
        let p = s.progress().to_vec();
        assert_eq!(p.len(), 5 * PROGRESS_STRIDE);
        assert_eq!(
            &p[leader as usize * 2..leader as usize * 2 + 2],
            &[-1.0, -1.0]
        );
        assert!(p
            .iter()
            .enumerate()
            .all(|(i, x)| i / 2 == leader as usize || *x >= 0.0));
    }

    #[test]
    fn proposals_commit_everywhere_and_bump_log_versions() {
        let mut s = sim(2);
        let leader = elect(&mut s);
        s.advance(200.0).unwrap();
        let before: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
        s.advance(200.0).unwrap();
        let idle: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
        assert_eq!(before, idle, "heartbeats do not change logs");
        let (node, index) = s.propose_to_leader(42.0).unwrap();
        assert_eq!((node, index), (leader, 1.0));
        s.advance(500.0).unwrap();
        for (i, old) in before.iter().enumerate() {
            let r = row(&mut s, i);
            assert_eq!(r[COMMIT], 1.0, "node {i}");
            assert_eq!(r[LAST], 1.0);
            assert!(r[VERSION] > *old);
            let log = s.log(i as f64).unwrap();
            assert_eq!(log.len(), LOG_STRIDE);
            assert_eq!(log[1], 42.0);
        }
        let follower = (leader + 1) % 5;
        assert_eq!(
            s.propose(f64::from(follower), 7.0).unwrap_err(),
            format!(
                "{} is not the leader; it knows {}",
                name(follower),
                name(leader)
            )
        );
        assert_eq!(s.propose(f64::from(leader), 7.0), Ok(2.0));
        assert!(s
            .propose(9.0, 1.0)
            .unwrap_err()
            .starts_with("unknown node id 9"));
        assert!(s
            .propose(0.0, -1.0)
            .unwrap_err()
            .starts_with("value must be"));
    }

    #[test]
    fn crash_restart_and_their_errors() {
        let mut s = sim(3);
        let leader = elect(&mut s);
        let id = f64::from(leader);
        s.crash(id).unwrap();
        assert_eq!(
            s.crash(id).unwrap_err(),
            format!("{} is down", name(leader))
        );
        let r = row(&mut s, leader as usize);
        assert_eq!(r[UP], 0.0);
        assert!(r[TERM] >= 1.0, "persistent term kept");
        assert_eq!(r[TIMER_START], -1.0);
        assert!(s.log(id).is_ok(), "a down node's log is readable");
        // Messages sent to it from now on show as lost on arrival (dropReason 4).
        let mut to_down: Vec<Vec<f64>> = Vec::new();
        for _ in 0..100 {
            s.advance(10.0).unwrap();
            to_down.extend(
                s.messages()
                    .chunks(MSG_STRIDE)
                    .filter(|m| m[2] == id)
                    .map(|m| m.to_vec()),
            );
        }
        assert!(!to_down.is_empty(), "candidates ask it for votes");
        for m in &to_down {
            assert_eq!((m[7], m[8]), (m[6], 4.0), "{m:?}");
        }
        assert!(s.propose(id, 1.0).unwrap_err().ends_with("is down"));
        assert!(s.force_timeout(id).unwrap_err().ends_with("is down"));
        let other = f64::from((leader + 1) % 5);
        assert!(s
            .restart(other)
            .unwrap_err()
            .ends_with("is already running"));
        s.restart(id).unwrap();
        assert_eq!(row(&mut s, leader as usize)[UP], 1.0);
        s.force_timeout(other).unwrap();
        assert_eq!(row(&mut s, other as usize)[ROLE], 2.0);
    }

    #[test]
    fn step_with_nothing_pending_is_an_error_and_leaves_it_working() {
        let mut s = sim(4);
        assert!(s.next_event_at() > 0.0);
        let t = s.step().unwrap();
        assert_eq!(t, s.now());
        for i in 0..5 {
            s.crash(f64::from(i)).unwrap();
        }
        assert_eq!(s.next_event_at(), -1.0);
        assert!(s.step().unwrap_err().starts_with("no event pending"));
        s.restart(0.0).unwrap();
        assert!(s.step().is_ok());
    }

    #[test]
    fn advance_errors_change_nothing() {
        let mut s = sim(5);
        s.advance(10.25).unwrap();
        s.advance(10.25).unwrap();
        assert_eq!(s.now(), 20.5);
        for bad in [f64::NAN, -1.0, f64::INFINITY, 3_600_001.0] {
            assert!(s.advance(bad).is_err());
        }
        assert_eq!(s.now(), 20.5);
        // Sub-microsecond steps add up.
        for _ in 0..4 {
            s.advance(0.00025).unwrap();
        }
        assert_eq!(s.now(), 20.501);
    }

    #[test]
    fn network_actions() {
        let mut s = sim(6);
        let leader = elect(&mut s);
        s.set_partition(&[vec![f64::from(leader)]]).unwrap();
        let groups: Vec<f64> = (0..5).map(|i| row(&mut s, i)[GROUP]).collect();
        assert_eq!(groups.iter().filter(|g| **g == 0.0).count(), 1);
        assert_eq!(groups[leader as usize], 0.0);
        let mut dropped = 0;
        for _ in 0..20 {
            s.advance(5.0).unwrap();
            let m = s.messages();
            assert_eq!(m.len() % MSG_STRIDE, 0);
            // dropReason 2 (partition), dropped at the midpoint of the flight.
            dropped += m
                .chunks(MSG_STRIDE)
                .filter(|r| r[8] == 2.0 && r[7] >= r[5] && r[7] <= r[6])
                .count();
        }
        assert!(dropped > 0, "messages across the partition drop there");
        assert!(s
            .set_partition(&[vec![0.0], vec![0.0]])
            .unwrap_err()
            .contains("S1 is named in two groups"));
        assert!(s
            .set_partition(&[vec![0.5]])
            .unwrap_err()
            .contains("whole number"));
        s.heal().unwrap();
        s.cut_link(0.0, 1.0).unwrap();
        s.restore_link(0.0, 1.0).unwrap();
        assert!(s
            .cut_link(0.0, 5.0)
            .unwrap_err()
            .starts_with("unknown node id 5"));
        s.set_loss(0.5).unwrap();
        assert!(s.set_loss(2.0).is_err());
        s.set_latency(1.0, 2.0).unwrap();
        assert!(s.set_latency(2.0, 1.0).is_err());
        assert!(s.cluster().actions().len() >= 6);
    }

    #[test]
    fn same_seed_and_actions_same_view() {
        let run = |seed| {
            let mut s = sim(seed);
            s.advance(1_000.0).unwrap();
            let _ = s.propose_to_leader(5.0);
            s.crash(2.0).unwrap();
            s.advance(1_000.0).unwrap();
            let events: Vec<_> = s.events(0.0).unwrap().map(to_json).collect();
            (s.nodes().to_vec(), s.messages().to_vec(), events)
        };
        assert_eq!(run(9), run(9));
        assert_ne!(run(9).0, run(10).0);
    }

    #[test]
    fn events_page_from_a_position() {
        let mut s = sim(7);
        s.advance(2_000.0).unwrap();
        let page: Vec<u64> = s.events(0.0).unwrap().map(|r| r.seq).collect();
        assert_eq!(page.len(), crate::events::MAX_EVENTS_PER_CALL);
        let last = *page.last().unwrap();
        let next: Vec<u64> = s.events(last as f64).unwrap().map(|r| r.seq).collect();
        assert_eq!(next.first(), Some(&last));
        assert!(next.windows(2).all(|w| w[0] < w[1]));
        assert!(s.events(-1.0).is_err());
        assert!(s.events(0.5).is_err());
        assert_eq!(s.events(1e9).unwrap().count(), 0);
    }

    #[test]
    fn log_versions_survive_a_trace_overflow() {
        let mut s = sim(8);
        let before = row(&mut s, 0)[VERSION];
        // Far more records than the trace keeps, with a log change in them.
        s.advance(1_000.0).unwrap();
        let _ = s.propose_to_leader(1.0);
        s.advance(60_000.0).unwrap();
        assert!(s.cluster().trace().len() > TRACE_CAPACITY as u64);
        assert!(row(&mut s, 0)[VERSION] > before);
    }

    // ----- time travel, links, scenarios -----

    /// Everything the page draws, with each logVersion blanked: versions count changes seen,
    /// so they differ between a run that went back and a fresh one (logs are compared whole).
    type Frame = (f64, Vec<f64>, Vec<f64>, Vec<f64>, Vec<Vec<f64>>, f64);

    fn frame(s: &mut Sim) -> Frame {
        let mut nodes = s.nodes().to_vec();
        for r in nodes.chunks_mut(NODE_STRIDE) {
            r[VERSION] = 0.0;
        }
        let logs = (0..s.node_count())
            .map(|i| s.log(i as f64).unwrap().to_vec())
            .collect();
        (
            s.now(),
            nodes,
            s.messages().to_vec(),
            s.progress().to_vec(),
            logs,
            s.leader(),
        )
    }

    /// A run with actions, cut short at `until` ms (the script's times are 1000, 1500, 2200,
    /// 3000, ending at 4000).
    fn script(seed: u64, until: f64) -> Sim {
        let mut s = sim(seed);
        for at in [1_000.0, 1_500.0, 2_200.0, 3_000.0] {
            if at > until {
                break;
            }
            s.advance(at - s.now()).unwrap();
            match at as u32 {
                1_000 => drop(s.propose_to_leader(5.0)),
                1_500 => s.crash(2.0).unwrap(),
                2_200 => s.set_partition(&[vec![0.0, 1.0]]).unwrap(),
                _ => s.heal().unwrap(),
            }
        }
        s.advance(until.min(4_000.0) - s.now()).unwrap();
        s
    }

    fn described(s: &Sim) -> Vec<(f64, String)> {
        s.actions().collect()
    }

    fn mark_rows(s: &mut Sim) -> Vec<Vec<f64>> {
        s.marks().chunks(MARK_STRIDE).map(<[f64]>::to_vec).collect()
    }

    #[test]
    fn seeking_back_and_forth_gives_the_same_frames_as_a_fresh_run() {
        let mut s = script(20, 4_000.0);
        assert_eq!(s.horizon(), 4_000.0);
        assert!(!s.in_past());
        let end = frame(&mut s);
        assert_eq!(described(&s).len(), 4);
        for t in [1_800.0, 0.0, 2_200.0, 999.5, 3_999.0] {
            s.seek(t).unwrap();
            assert_eq!(s.now(), t);
            assert!(s.in_past(), "{t}");
            assert_eq!(s.horizon(), 4_000.0);
            assert_eq!(frame(&mut s), frame(&mut script(20, t)), "at {t}");
        }
        s.seek(4_000.0).unwrap();
        assert_eq!(frame(&mut s), end);
        assert!(!s.in_past());
        assert_eq!(s.forks(), 0.0);
        assert_eq!(described(&s).len(), 4, "seeking keeps the tape");
    }

    #[test]
    fn log_versions_change_when_the_cursor_goes_back() {
        let mut s = script(21, 3_000.0);
        let before: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
        s.seek(2_000.0).unwrap();
        for (i, v) in before.iter().enumerate() {
            assert_ne!(row(&mut s, i)[VERSION], *v, "node {i}");
        }
        let back: Vec<f64> = (0..5).map(|i| row(&mut s, i)[VERSION]).collect();
        assert!(s.step_back());
        for (i, v) in back.iter().enumerate() {
            assert_ne!(row(&mut s, i)[VERSION], *v, "node {i}");
        }
    }

    #[test]
    fn step_back_then_step_returns_to_the_same_frame() {
        let mut s = script(22, 2_500.0);
        let here = frame(&mut s);
        let t = s.step().unwrap();
        assert!(t >= 2_500.0);
        let next = frame(&mut s);
        assert!(s.step_back());
        // Back to just after the previous event: the same state, one event earlier.
        let back = frame(&mut s);
        assert_eq!(back.1, here.1);
        assert_eq!(back.2, here.2);
        assert_eq!(back.4, here.4);
        assert!(s.in_past());
        assert_eq!(s.step().unwrap(), t);
        assert_eq!(frame(&mut s), next);
        // At the very start there is nothing to step back over.
        let mut s = sim(22);
        assert!(!s.step_back());
        s.step().unwrap();
        assert!(s.step_back());
        assert_eq!(s.now(), 0.0);
        assert!(!s.step_back());
        assert_eq!(frame(&mut s), frame(&mut sim(22)));
    }

    #[test]
    fn events_after_going_back_start_from_the_restored_trace() {
        let mut s = script(23, 3_000.0);
        let end = s.cluster().trace().len();
        assert!(s.events(end as f64 - 1.0).unwrap().count() > 0);
        s.seek(1_000.0).unwrap();
        let restored = s.cluster().trace().len();
        assert!(restored < end, "seq went back");
        assert_eq!(s.events(end as f64 - 1.0).unwrap().count(), 0);
        // Paging from 0 starts at the first record kept, in order, all before the cursor.
        let first_kept = s.cluster().trace().records().next().unwrap().seq;
        let seqs: Vec<u64> = s.events(0.0).unwrap().map(|r| r.seq).collect();
        assert!(seqs[0] >= first_kept);
        assert!(seqs.windows(2).all(|w| w[0] < w[1]));
        let tail: Vec<u64> = s
            .events(restored as f64 - 50.0)
            .unwrap()
            .map(|r| r.seq)
            .collect();
        assert!(!tail.is_empty() && *tail.last().unwrap() < restored);
        assert!(s.events(0.0).unwrap().all(|r| r.at <= 1_000_000));
    }

    #[test]
    fn acting_in_the_past_forks() {
        let mut s = script(24, 4_000.0);
        let version = s.marks_version();
        let full = described(&s);
        assert_eq!(full.len(), 4);
        s.seek(1_800.0).unwrap();
        assert_eq!(s.marks_version(), version, "seeking keeps the marks");
        assert!(s.in_past());
        // A refused action forks nothing.
        assert!(s.crash(2.0).unwrap_err().ends_with("is down"));
        assert_eq!((s.forks(), described(&s).len()), (0.0, 4));
        s.set_loss(0.1).unwrap();
        assert_eq!(s.forks(), 1.0);
        assert!(!s.in_past());
        assert_eq!(s.horizon(), 1_800.0);
        let now = described(&s);
        assert_eq!(now.len(), 3);
        assert_eq!(now[..2], full[..2]);
        assert_eq!(now[2], (1_800.0, String::from("set loss to 10.0%")));
        assert_ne!(s.marks_version(), version, "the fork dropped marks");
        assert!(mark_rows(&mut s).iter().all(|m| m[0] <= 1_800.0));
        // Acting at the horizon does not fork again.
        s.advance(100.0).unwrap();
        s.heal().unwrap();
        assert_eq!(s.forks(), 1.0);
        assert_eq!(described(&s).len(), 4);
    }

    #[test]
    fn run_until_a_leader_and_the_marks() {
        let mut s = sim(25);
        let version = s.marks_version();
        let leader = |k: &str| Raw::Str(String::from(k));
        assert_eq!(s.run_until(&leader("leader"), 5_000.0), Ok(true));
        let id = s.leader();
        assert!(id >= 0.0);
        let at = s.now();
        assert!(at > 0.0 && at <= 5_000.0);
        assert_ne!(s.marks_version(), version);
        let version = s.marks_version();
        assert_eq!(s.marks_version(), version, "reading changes nothing");
        let marks = s.marks().to_vec();
        assert_eq!(marks.len() % MARK_STRIDE, 0);
        let rows = mark_rows(&mut s);
        assert!(rows.windows(2).all(|w| w[0][0] <= w[1][0]), "time order");
        let term = row(&mut s, id as usize)[TERM];
        assert!(rows.contains(&vec![at, 1.0, id, term]), "{rows:?}");
        assert!(rows.iter().any(|m| m[1] == 0.0 && m[2] == term));
        // No proposal, no commit: not found within the limit.
        assert_eq!(s.run_until(&leader("commit"), 300.0), Ok(false));
        assert!(s.now() >= at + 300.0 - 1e-9);
        s.propose_to_leader(9.0).unwrap();
        assert_eq!(s.run_until(&leader("commit"), 1_000.0), Ok(true));
        assert!(mark_rows(&mut s).iter().any(|m| m[1] == 2.0 && m[2] == 1.0));
        assert!(mark_rows(&mut s).iter().any(|m| m[1] == 5.0 && m[2] == 0.0));
        // From the past it lands on the recorded mark.
        s.seek(0.0).unwrap();
        assert_eq!(s.run_until(&leader("leader"), 5_000.0), Ok(true));
        assert_eq!(s.now(), at);
        assert_eq!(s.leader(), id);
        // Bad arguments change nothing.
        for (kind, limit, error) in [
            (
                leader("leaders"),
                10.0,
                "runUntil(kind) takes 'leader', 'commit' or 'split'",
            ),
            (Raw::Null, 10.0, "runUntil(kind) takes"),
            (leader("split"), f64::NAN, "runUntil limitMs needs"),
            (leader("split"), -1.0, "runUntil limitMs needs"),
            (leader("split"), 3_600_001.0, "runUntil limitMs needs"),
        ] {
            assert!(s.run_until(&kind, limit).unwrap_err().starts_with(error));
        }
        assert_eq!(s.now(), at);
    }

    #[test]
    fn seek_checks_its_argument() {
        let mut s = script(26, 1_000.0);
        for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(s
                .seek(bad)
                .unwrap_err()
                .starts_with("seek(ms) needs a number of milliseconds from 0"));
        }
        assert_eq!(
            s.seek(3_601_001.0).unwrap_err(),
            "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at most \
             3601000 here, got 3601001"
        );
        assert_eq!(s.now(), 1_000.0);
        // Forward past the horizon simulates, and moves the horizon.
        s.seek(1_500.25).unwrap();
        assert_eq!((s.now(), s.horizon()), (1_500.25, 1_500.25));
        assert!(!s.in_past());
    }

    #[test]
    fn a_link_reopens_the_run_at_the_same_moment() {
        let mut s = script(27, 4_000.0);
        let link = s.link().unwrap();
        assert!(link.starts_with("r1."), "{link}");
        let mut o = Sim::from_link(&link).unwrap();
        assert_eq!(frame(&mut o), frame(&mut s));
        assert_eq!(described(&o), described(&s));
        assert_eq!(o.seed(), 27.0);
        assert!(!o.in_past());
        // From the past: the link keeps the tape after the cursor too.
        s.seek(2_000.0).unwrap();
        let mut o = Sim::from_link(&format!("#{}", s.link().unwrap())).unwrap();
        assert_eq!(frame(&mut o), frame(&mut s));
        assert!(o.in_past());
        assert_eq!(described(&o).len(), 4);
        o.seek(4_000.0).unwrap();
        s.seek(4_000.0).unwrap();
        assert_eq!(frame(&mut o), frame(&mut s));
    }

    #[test]
    fn bad_links_are_refused_with_their_reason() {
        let link = script(28, 2_000.0).link().unwrap();
        let payload = &link[3..];
        let mut cut = payload.len() / 2;
        if cut % 4 == 1 {
            cut += 1;
        }
        let long = "r1.".to_string() + &"A".repeat(100 * 1024);
        let cases = [
            (String::new(), "the link is empty"),
            (String::from("#"), "the link is empty"),
            (String::from("garbage"), "this is not a Raft Playground link (no version tag)"),
            (
                String::from("r9.AAAA"),
                "this link was made by a newer version of the playground (format r9); this one reads r1",
            ),
            (String::from("x1.AAAA"), "this is not a Raft Playground link (unknown version tag)"),
            (String::from("r1.!!!!"), "the link is damaged (not valid base64url)"),
            (format!("r1.{}", &payload[..cut]), "the link is damaged or truncated"),
            (
                long,
                "the link is too long (102403 characters; at most 65536)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Sim::from_link(&text).unwrap_err(), expected, "{text:.40}");
        }
        // Still fine afterwards.
        let mut s = Sim::from_link(&link).unwrap();
        assert_eq!(s.now(), 2_000.0);
        s.advance(10.0).unwrap();
    }

    #[test]
    fn a_run_past_one_hour_has_no_link() {
        let mut s = sim(29);
        s.advance(3_600_000.0).unwrap();
        assert!(s.link().is_ok());
        s.advance(1.0).unwrap();
        assert!(s
            .link()
            .unwrap_err()
            .starts_with("a link holds at most the first hour of a run"));
        s.seek(3_000_000.0).unwrap();
        assert!(s.link().is_ok());
        // The limits the messages name.
        assert_eq!(share::MAX_TIME, 3_600_000_000);
        assert_eq!(share::MAX_ACTIONS, 20_000);
        assert_eq!(share::MAX_LINK_LEN, 65_536);
    }

    #[test]
    fn a_run_with_too_many_actions_has_no_link() {
        let mut s = sim(30);
        for _ in 0..share::MAX_ACTIONS {
            s.heal().unwrap();
        }
        assert!(s.link().is_ok());
        s.heal().unwrap();
        let too_many = s.link().unwrap_err();
        // Fewer actions, but too long a text.
        let mut s = sim(30);
        for i in 0..8_000 {
            s.set_loss(f64::from(i % 100) / 100.0).unwrap();
        }
        assert_eq!(s.link().unwrap_err(), too_many);
        assert_eq!(
            too_many,
            "this run has too many actions for a link (a link holds at most 20000 actions in \
             65536 characters)"
        );
    }

    /// The page opens scenarios from its catalogue through their links: each opens at its
    /// start and plays to its last caption.
    #[test]
    fn every_catalogue_scenario_opens_from_its_link_and_plays_to_its_last_caption() {
        let catalogue: serde_json::Value =
            serde_json::from_str(include_str!("../../www/src/scenarios.json")).unwrap();
        let list = catalogue.as_array().unwrap();
        assert_eq!(list.len(), raft_core::scenarios::IDS.len());
        for entry in list {
            let id = entry["id"].as_str().unwrap();
            let mut s = Sim::from_link(entry["link"].as_str().unwrap()).unwrap();
            assert_eq!(s.now(), 0.0, "{id}");
            let last = entry["captions"].as_array().unwrap().last().unwrap()["atMs"]
                .as_f64()
                .unwrap();
            s.seek(last).unwrap();
            assert_eq!(s.now(), last, "{id}");
            s.advance(500.0).unwrap();
            assert!(s.marks().len() % MARK_STRIDE == 0);
            assert!(s.violation().is_none(), "{id}");
            // Its link reopens it at the same moment.
            let mut o = Sim::from_link(&s.link().unwrap()).unwrap();
            assert_eq!(frame(&mut o), frame(&mut s), "{id}");
        }
    }

    #[test]
    fn network_follows_actions_and_seeks() {
        struct Fields(Vec<(&'static str, f64)>);
        impl Sink for Fields {
            fn num(&mut self, key: &'static str, value: f64) {
                self.0.push((key, value));
            }
            fn flag(&mut self, _: &'static str, _: bool) {}
            fn text(&mut self, _: &'static str, _: &str) {}
        }
        let read = |s: &Sim| {
            let mut f = Fields(Vec::new());
            s.network(&mut f);
            f.0
        };
        let mut s = Sim::new(parse(&RawConfig::default()).unwrap(), 1).unwrap();
        assert_eq!(
            read(&s),
            vec![
                ("loss", 0.0),
                ("latencyMinMs", 10.0),
                ("latencyMaxMs", 30.0)
            ]
        );
        s.advance(500.0).unwrap();
        s.set_loss(0.25).unwrap();
        s.set_latency(50.0, 150.0).unwrap();
        s.advance(500.0).unwrap();
        assert_eq!(
            read(&s),
            vec![
                ("loss", 0.25),
                ("latencyMinMs", 50.0),
                ("latencyMaxMs", 150.0)
            ]
        );
        s.seek(100.0).unwrap();
        assert_eq!(read(&s)[0], ("loss", 0.0));
    }

    #[test]
    fn options_reflect_the_config() {
        let raw = RawConfig {
            nodes: Some(Raw::Num(3.0)),
            seed: Some(Raw::Num(77.0)),
            election_timeout_min_ms: Some(Raw::Num(200.0)),
            election_timeout_max_ms: Some(Raw::Num(400.5)),
            heartbeat_ms: Some(Raw::Num(20.0)),
            latency_min_ms: Some(Raw::Num(1.0)),
            latency_max_ms: Some(Raw::Num(2.0)),
            loss: Some(Raw::Num(0.25)),
            backtracking: Some(Raw::Str(String::from("by-conflict-term"))),
            pre_vote: Some(Raw::Bool(true)),
            check_quorum: Some(Raw::Bool(true)),
            leader_noop: Some(Raw::Bool(true)),
            max_entries_per_append: None,
        };
        let s = Sim::new(parse(&raw).unwrap(), 1).unwrap();
        let mut out = Json::default();
        s.options(&mut out);
        assert_eq!(
            serde_json::Value::Object(out.0),
            serde_json::json!({
                "nodes": 3.0, "seed": 77.0, "electionTimeoutMinMs": 200.0,
                "electionTimeoutMaxMs": 400.5, "heartbeatMs": 20.0, "latencyMinMs": 1.0,
                "latencyMaxMs": 2.0, "loss": 0.25, "backtracking": "by-conflict-term",
                "preVote": true, "checkQuorum": true, "leaderNoop": true
            })
        );
        let mut out = Json::default();
        sim(5).options(&mut out);
        assert_eq!(out.0["backtracking"], "one-by-one");
        assert_eq!(out.0["seed"], 5.0);
        assert_eq!(out.0["preVote"], false);
        assert_eq!(out.0["electionTimeoutMinMs"], 150.0);
    }
}
