//! The playground without JavaScript types: every method of the wasm `Playground`, taking and
//! returning plain numbers, with errors as text. Native tests drive it directly; lib.rs only
//! wraps it for wasm-bindgen.

use raft_core::sim::{Action, ActionError, Cluster, Outcome, SimConfig, Target};
use raft_core::{NodeId, Time};

use crate::config::Parsed;
use crate::convert::{self, us_to_ms};
use crate::events;
use crate::view::{self, LogVersions};
use raft_core::trace::TraceRecord;

/// Trace records kept for `events(sinceSeq)`: several seconds of a busy cluster.
pub const TRACE_CAPACITY: usize = 4096;

/// "S3" for node id 2.
pub fn name(id: NodeId) -> String {
    format!("S{}", u32::from(id) + 1)
}

/// A cluster and the buffers its per-frame views are written into.
#[derive(Debug)]
pub struct Sim {
    cluster: Cluster,
    /// Sub-microsecond remainder of `advance`, so fractional frames add up exactly.
    carry_us: f64,
    versions: LogVersions,
    nodes: Vec<f64>,
    messages: Vec<f64>,
    progress: Vec<f64>,
    log: Vec<f64>,
}

impl Sim {
    /// A cold cluster from a checked config; `seed` is used when the config names none.
    pub fn new(parsed: Parsed, seed: u64) -> Result<Sim, String> {
        let config = SimConfig {
            trace_capacity: Some(TRACE_CAPACITY),
            check: true,
            ..parsed.sim
        };
        let cluster = Cluster::new(config, parsed.seed.unwrap_or(seed))
            .map_err(|e| format!("invalid config: {e}"))?;
        let n = cluster.len();
        let mut sim = Sim {
            cluster,
            carry_us: 0.0,
            versions: LogVersions::new(n),
            nodes: Vec::with_capacity(n * view::NODE_STRIDE),
            messages: Vec::new(),
            progress: Vec::with_capacity(n * view::PROGRESS_STRIDE),
            log: Vec::new(),
        };
        sim.versions.sync(&sim.cluster);
        Ok(sim)
    }

    /// The simulated cluster (read only).
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.cluster.len()
    }

    /// The seed, as a JS number (seeds are at most 2^53).
    pub fn seed(&self) -> f64 {
        self.cluster.seed() as f64
    }

    /// Virtual time, ms.
    pub fn now(&self) -> f64 {
        us_to_ms(self.cluster.now())
    }

    /// Runs `ms` more virtual milliseconds (0 to one hour).
    pub fn advance(&mut self, ms: f64) -> Result<(), String> {
        let total = convert::advance_us(ms)? + self.carry_us;
        let whole = total.floor();
        self.carry_us = total - whole;
        self.cluster.advance_by(whole as Time);
        self.versions.sync(&self.cluster);
        Ok(())
    }

    /// Runs exactly one event; returns its virtual time in ms.
    pub fn step(&mut self) -> Result<f64, String> {
        if self.cluster.step().is_none() {
            return Err(String::from(
                "no event pending: every node is down and no message is in flight",
            ));
        }
        self.versions.sync(&self.cluster);
        Ok(self.now())
    }

    /// When the next event is due, ms; -1 when none is pending.
    pub fn next_event_at(&self) -> f64 {
        self.cluster.next_event_at().map_or(-1.0, us_to_ms)
    }

    fn node(&self, id: f64) -> Result<NodeId, String> {
        convert::node_id(id, self.cluster.len())
    }

    fn apply(&mut self, action: Action) -> Result<Outcome, String> {
        let outcome = self
            .cluster
            .apply(action)
            .map_err(|e: ActionError| e.to_string());
        self.versions.sync(&self.cluster);
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
        self.versions.sync(&self.cluster);
        view::fill_nodes(&mut self.nodes, &self.cluster, &self.versions);
        &self.nodes
    }

    /// The message table (view.ts `MsgCol`).
    pub fn messages(&mut self) -> &[f64] {
        view::fill_messages(&mut self.messages, &self.cluster);
        &self.messages
    }

    /// The leader's progress table (view.ts `ProgressCol`).
    pub fn progress(&mut self) -> &[f64] {
        view::fill_progress(&mut self.progress, &self.cluster);
        &self.progress
    }

    /// Node `id`'s log, [term, value] per entry.
    pub fn log(&mut self, id: f64) -> Result<&[f64], String> {
        let id = self.node(id)?;
        if !view::fill_log(&mut self.log, &self.cluster, id) {
            return Err(format!("unknown node id {id}"));
        }
        Ok(&self.log)
    }

    /// The running leader with the highest term, or -1.
    pub fn leader(&self) -> f64 {
        self.cluster.leader().map_or(-1.0, f64::from)
    }

    /// The first safety violation, described.
    pub fn violation(&self) -> Option<String> {
        self.cluster.violation().map(|v| v.to_string())
    }

    /// Kept trace records with seq ≥ `since` that the page gets (timer resets skipped), at
    /// most 200; [`events::write`] turns each into the page's shape.
    pub fn events(&self, since: f64) -> Result<impl Iterator<Item = &TraceRecord> + '_, String> {
        let since = convert::seq(since)?;
        Ok(events::page(self.cluster.trace().since(since)))
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
    use crate::events::tests::to_json;
    use crate::view::{LOG_STRIDE, MSG_STRIDE, NODE_STRIDE, PROGRESS_STRIDE};

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
}
