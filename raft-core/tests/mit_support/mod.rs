//! A port of the MIT 6.5840 (formerly 6.824) Raft lab's tester, `raft/config.go`, onto the
//! deterministic simulator. See the top of `mit_6824.rs` for how the lab maps onto it.
//!
//! The lab's tester runs real goroutines against wall-clock time; here everything runs in
//! virtual time. The test body is ordinary straight-line code whose waits go through
//! [`Lab::sleep`]; the lab's goroutines become background [`Task`]s that the harness polls at
//! their own virtual wake-up times whenever the test body sleeps, so "concurrent" clients
//! interleave with the test and with each other exactly as scheduled, and every run is a pure
//! function of its seed.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;

use raft_core::rng::{self, Rng};
use raft_core::sim::{Action, Cluster, LongDelay, NetworkConfig, Outcome, SimConfig, Target};
use raft_core::types::{Index, NodeId, Term, Time, MS, SECOND};
use raft_core::{Backtracking, Command, Config, Role};

/// The lab's `RaftElectionTimeout`: the tester "generously allows solutions to complete
/// elections in one second".
pub const RAFT_ELECTION_TIMEOUT: Time = SECOND;

/// Which of the lab's networks a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Net {
    /// `make_config(.., unreliable = false, ..)`.
    Reliable,
    /// `make_config(.., unreliable = true, ..)`.
    Unreliable,
    /// Unreliable plus `setlongreordering(true)`.
    UnreliableLongReordering,
}

/// The node configuration the lab asks of a solution: at most ten heartbeats a second, an
/// election timeout large enough for that but small enough to elect within five seconds, and
/// the accelerated backtracking the lab's Backup and Figure 8 (unreliable) tests require.
/// `leader_noop` stays off: the lab's index expectations (BasicAgree's 1, 2, 3) assume it.
pub fn lab_node_config() -> Config {
    Config {
        election_timeout_min: 300 * MS,
        election_timeout_max: 600 * MS,
        heartbeat_interval: 100 * MS,
        backtracking: Backtracking::ByConflictTerm,
        leader_noop: false,
        pre_vote: false,
        check_quorum: false,
        ..Config::default()
    }
}

/// labrpc's reliable network: no loss, a few milliseconds of scheduling latency.
pub fn reliable_network() -> NetworkConfig {
    NetworkConfig {
        latency_min: MS,
        latency_max: 5 * MS,
        loss: 0.0,
        long_delay: None,
    }
}

/// labrpc's unreliable network: requests wait 0–26 ms (here 1–27 ms both ways, latency must
/// be positive), every request and every reply is lost with probability 10%.
pub fn unreliable_network() -> NetworkConfig {
    NetworkConfig {
        latency_min: MS,
        latency_max: 27 * MS,
        loss: 0.1,
        long_delay: None,
    }
}

/// labrpc's long reordering: a reply is held back with probability 600/900 by 200 ms plus up
/// to 2000 ms.
pub fn long_reordering() -> LongDelay {
    LongDelay {
        probability: 600.0 / 900.0,
        min: 200 * MS,
        max: 2200 * MS,
    }
}

/// The simulator configuration of `make_config(servers, unreliable, false)`.
pub fn lab_sim_config(servers: u8, net: Net) -> SimConfig {
    let network = match net {
        Net::Reliable => reliable_network(),
        Net::Unreliable => unreliable_network(),
        Net::UnreliableLongReordering => NetworkConfig {
            long_delay: Some(long_reordering()),
            ..unreliable_network()
        },
    };
    SimConfig {
        nodes: servers,
        node: lab_node_config(),
        network,
        // Keep a tail for diagnosis (MIT_TRACE=1 prints it on failure); the checker and the
        // digest see every record regardless.
        trace_capacity: Some(400),
        check: true,
    }
}

/// What a background task wants after one poll.
pub enum Poll {
    /// Poll me again after this much virtual time.
    Sleep(Time),
    /// Finished.
    Done,
}

/// A lab goroutine: a state machine polled at its virtual wake-up times. `poll` must not call
/// [`Lab::sleep`] (or anything that sleeps); it returns [`Poll::Sleep`] instead.
pub trait Task {
    /// Runs until the task would block; says how long it sleeps, or that it finished.
    fn poll(&mut self, lab: &mut Lab) -> Poll;
}

struct Background {
    wake: Time,
    /// Breaks ties between tasks due at the same instant: first scheduled, first polled.
    order: u64,
    task: Box<dyn Task>,
}

/// The lab's `config`: a cluster, the tester's view of who is connected, and the history of
/// what each server applied.
pub struct Lab {
    /// The simulated cluster.
    pub cluster: Cluster,
    /// The tester's PRNG (the lab's `rand`), seeded from the test seed.
    pub rng: Rng,
    n: usize,
    connected: Vec<bool>,
    /// What each server has applied, by index (`cfg.logs`): survives crashes, as in the lab,
    /// where a restarted server re-applies from index 1 and must agree with its old self.
    logs: Vec<BTreeMap<Index, Command>>,
    /// The highest index each server has applied since it (re)started (`cfg.lastApplied`).
    applied: Vec<Index>,
    background: Vec<Background>,
    next_order: u64,
    /// The lab's `applierSnap` (3D): the service snapshots every [`SNAPSHOT_INTERVAL`]
    /// applied entries, and ingests the snapshots Raft hands it.
    snapshots: bool,
    /// Snapshots the services ingested (installed from a leader, or read back on restart).
    pub ingested: u64,
}

/// The lab's `SnapShotInterval`: the service asks Raft to snapshot every ten applied entries.
pub const SNAPSHOT_INTERVAL: Index = 10;
/// The lab's `MAXLOGSIZE`: the persisted Raft state must stay below 2000 bytes once
/// snapshots trim the log.
pub const MAX_LOG_SIZE: usize = 2000;

impl Lab {
    /// `make_config(servers, unreliable, false)`: all servers started and connected.
    pub fn new(servers: u8, net: Net, seed: u64) -> Self {
        Self::with_config(lab_sim_config(servers, net), seed)
    }

    /// A lab over any simulator configuration (e.g. one keeping the whole trace).
    pub fn with_config(config: SimConfig, seed: u64) -> Self {
        let n = config.nodes as usize;
        let cluster = Cluster::new(config, seed).expect("lab config");
        Lab {
            cluster,
            rng: rng::seeded(seed, 1000),
            n,
            connected: vec![true; n],
            logs: vec![BTreeMap::new(); n],
            applied: vec![0; n],
            background: Vec::new(),
            next_order: 0,
            snapshots: false,
            ingested: 0,
        }
    }

    /// `make_config(.., snapshot = true)`: servers run with the lab's `applierSnap`.
    pub fn with_snapshots(mut self) -> Self {
        self.snapshots = true;
        self
    }

    /// `cfg.LogSize()`: the largest persisted Raft state of any server, up or down (term,
    /// vote, and the entries its log still holds).
    pub fn log_size(&self) -> usize {
        (0..self.n)
            .filter_map(|i| self.cluster.persistent(Self::id(i)))
            .map(|p| 24 + p.log.entries().len() * raft_core::Entry::WIRE_BYTES)
            .max()
            .unwrap_or(0)
    }

    /// Number of servers.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Current virtual time.
    pub fn now(&self) -> Time {
        self.cluster.now()
    }

    // ----- the lab's rand -----

    /// `rand.Int()`: a non-negative 63-bit value.
    pub fn rand_int(&mut self) -> u64 {
        rng::range_inclusive(&mut self.rng, 0, i64::MAX as u64)
    }

    /// `rand.Int() % n`.
    pub fn rand_below(&mut self, n: u64) -> u64 {
        rng::range_inclusive(&mut self.rng, 0, n - 1)
    }

    // ----- time -----

    fn advance_to(&mut self, t: Time) {
        self.cluster.advance_to(t);
        if self.snapshots {
            // The lab's applier goroutines apply (and snapshot) as soon as entries commit.
            self.sync_all();
        }
        if let Some(v) = self.cluster.violation() {
            panic!("safety violation: {v}");
        }
    }

    /// `time.Sleep(d)`: runs the cluster for `d` of virtual time, polling every background
    /// task that comes due meanwhile, in order of wake-up time.
    pub fn sleep(&mut self, d: Time) {
        let target = self.now() + d;
        loop {
            let due = self
                .background
                .iter()
                .enumerate()
                .filter(|(_, b)| b.wake <= target)
                .min_by_key(|(_, b)| (b.wake, b.order))
                .map(|(i, _)| i);
            let Some(i) = due else { break };
            let mut b = self.background.swap_remove(i);
            self.advance_to(b.wake.max(self.now()));
            match b.task.poll(self) {
                Poll::Sleep(d) => {
                    b.wake = self.now() + d;
                    b.order = self.next_order;
                    self.next_order += 1;
                    self.background.push(b);
                }
                Poll::Done => {}
            }
        }
        self.advance_to(target);
    }

    /// `go f()`: starts a background task, first polled now (at the next sleep).
    pub fn spawn(&mut self, task: impl Task + 'static) {
        self.background.push(Background {
            wake: self.now(),
            order: self.next_order,
            task: Box::new(task),
        });
        self.next_order += 1;
    }

    /// `wg.Wait()`: sleeps until every background task has finished.
    pub fn join_background(&mut self) {
        while let Some(wake) = self.background.iter().map(|b| b.wake).min() {
            let now = self.now();
            self.sleep(wake.saturating_sub(now));
        }
    }

    /// Runs `task` in the foreground (the test's own goroutine) to completion.
    pub fn run<T: Task>(&mut self, task: &mut T) {
        loop {
            match task.poll(self) {
                Poll::Sleep(d) => self.sleep(d),
                Poll::Done => return,
            }
        }
    }

    // ----- servers and the network -----

    fn id(i: usize) -> NodeId {
        i as NodeId
    }

    fn act(&mut self, action: Action) -> Outcome {
        let text = action.describe();
        match self.cluster.apply(action) {
            Ok(outcome) => outcome,
            Err(e) => panic!("harness action `{text}` refused: {e}"),
        }
    }

    /// `cfg.connected[i]`.
    pub fn connected(&self, i: usize) -> bool {
        self.connected[i]
    }

    /// `cfg.rafts[i] != nil`.
    pub fn is_up(&self, i: usize) -> bool {
        self.cluster.is_up(Self::id(i))
    }

    /// `disconnect(i)`: cut every link of server i, both ways.
    pub fn disconnect(&mut self, i: usize) {
        self.connected[i] = false;
        for j in (0..self.n).filter(|&j| j != i) {
            let (a, b) = (Self::id(i), Self::id(j));
            if !self.cluster.network().is_cut(a, b) {
                self.act(Action::CutLink { from: a, to: b });
            }
            if !self.cluster.network().is_cut(b, a) {
                self.act(Action::CutLink { from: b, to: a });
            }
        }
    }

    /// `connect(i)`: restore the links between server i and every connected server.
    pub fn connect(&mut self, i: usize) {
        self.connected[i] = true;
        for j in 0..self.n {
            if j == i || !self.connected[j] {
                continue;
            }
            let (a, b) = (Self::id(i), Self::id(j));
            if self.cluster.network().is_cut(a, b) {
                self.act(Action::RestoreLink { from: a, to: b });
            }
            if self.cluster.network().is_cut(b, a) {
                self.act(Action::RestoreLink { from: b, to: a });
            }
        }
    }

    /// `crash1(i)`: disconnect and kill server i; its persisted state survives.
    pub fn crash1(&mut self, i: usize) {
        self.disconnect(i);
        if self.is_up(i) {
            // What it applied stays applied (the lab's applier already saw it).
            self.sync(i);
            self.act(Action::Crash { node: Self::id(i) });
        }
    }

    /// `start1(i)`: kill server i if it runs, then start it again from its persisted state.
    /// Like the lab, it stays disconnected until `connect(i)`.
    pub fn start1(&mut self, i: usize) {
        self.crash1(i);
        self.act(Action::Restart { node: Self::id(i) });
        self.applied[i] = 0;
    }

    /// `setunreliable(unrel)`.
    pub fn set_unreliable(&mut self, unreliable: bool) {
        let net = if unreliable {
            unreliable_network()
        } else {
            reliable_network()
        };
        self.act(Action::SetLoss {
            probability: net.loss,
        });
        self.act(Action::SetLatency {
            min: net.latency_min,
            max: net.latency_max,
        });
    }

    /// `rf.GetState()`: (term, is leader). Server i must be up.
    pub fn get_state(&self, i: usize) -> (Term, bool) {
        let node = self
            .cluster
            .node(Self::id(i))
            .unwrap_or_else(|| panic!("GetState on crashed server {i}"));
        (node.term(), node.role() == Role::Leader)
    }

    /// `rf.Start(cmd)`: (index if accepted, the server's term). Server i must be up.
    pub fn start(&mut self, i: usize, cmd: u64) -> (Option<Index>, Term) {
        let outcome = self.act(Action::Propose {
            to: Target::Node(Self::id(i)),
            value: cmd,
        });
        let term = self.get_state(i).0;
        match outcome {
            Outcome::Proposed { index, .. } => (Some(index), term),
            _ => (None, term),
        }
    }

    /// Total bytes sent so far (`cfg.bytesTotal()`), by `Message::wire_bytes`.
    pub fn bytes_total(&self) -> u64 {
        self.cluster.stats.bytes_sent
    }

    /// Total messages sent so far, requests and replies (one RPC is two messages).
    pub fn messages_total(&self) -> u64 {
        self.cluster.stats.messages_sent
    }

    // ----- applying, as the lab's applier goroutines do -----

    /// Feeds server i's newly committed entries to its "applier", checking them as the lab's
    /// `checkLogs` does against everything any server (itself included) applied before.
    fn sync(&mut self, i: usize) {
        let Some(node) = self.cluster.node(Self::id(i)) else {
            return;
        };
        let commit = node.commit_index();
        let snapshot = node.snapshot().copied();
        if let Some(snapshot) = snapshot.filter(|s| s.last_included_index > self.applied[i]) {
            self.ingest_snap(i, snapshot);
        }
        let mut snapshot_due = false;
        while self.applied[i] < commit {
            let index = self.applied[i] + 1;
            let cmd = self
                .cluster
                .committed_at(Self::id(i), index)
                .unwrap_or_else(|| panic!("server {i} committed {index} but has no entry"));
            for (j, log) in self.logs.iter().enumerate() {
                if let Some(old) = log.get(&index) {
                    if *old != cmd {
                        panic!(
                            "apply error: commit index={index} server={i} {cmd:?} != server={j} {old:?}"
                        );
                    }
                }
            }
            self.logs[i].insert(index, cmd);
            self.applied[i] = index;
            snapshot_due |= self.snapshots && (index + 1) % SNAPSHOT_INTERVAL == 0;
        }
        if snapshot_due {
            // `rf.Snapshot(index, ..)`: refused only when Raft already holds a snapshot that
            // far (one it installed), which the lab's Raft would ignore too.
            let _ = self.cluster.apply(Action::Snapshot { node: Self::id(i) });
        }
    }

    /// `ingestSnap`: server i's Raft handed its service a snapshot (installed from the leader,
    /// or its own read back after a restart). The service's applied history now reaches the
    /// snapshot's index; the lab's snapshot holds the commands themselves, ours the state they
    /// sum to, so the harness takes the commands from what the servers applied and checks that
    /// they sum to the snapshot's state.
    fn ingest_snap(&mut self, i: usize, snapshot: raft_core::Snapshot) {
        let upto = snapshot.last_included_index;
        let mut state = raft_core::StateMachine::default();
        for index in 1..=upto {
            let cmd = self.logs[i]
                .get(&index)
                .or_else(|| self.logs.iter().find_map(|log| log.get(&index)))
                .copied()
                .unwrap_or_else(|| {
                    panic!("server {i}'s snapshot covers index {index}, which no server applied")
                });
            state.apply(&cmd);
            self.logs[i].insert(index, cmd);
        }
        assert_eq!(
            state, snapshot.state,
            "server {i}'s snapshot at {upto} is not the state of the applied commands"
        );
        self.applied[i] = upto;
        self.ingested += 1;
    }

    fn sync_all(&mut self) {
        for i in 0..self.n {
            self.sync(i);
        }
    }

    // ----- the lab's checks -----

    /// `checkOneLeader()`: up to ten times, sleep 450–550 ms and look for leaders among the
    /// connected servers; fail if a term has two; return the leader of the latest term.
    pub fn check_one_leader(&mut self) -> usize {
        for _ in 0..10 {
            let ms = 450 + self.rand_below(100);
            self.sleep(ms * MS);
            let mut leaders: BTreeMap<Term, Vec<usize>> = BTreeMap::new();
            for i in 0..self.n {
                if self.connected[i] && self.is_up(i) {
                    let (term, leader) = self.get_state(i);
                    if leader {
                        leaders.entry(term).or_default().push(i);
                    }
                }
            }
            for (term, ls) in &leaders {
                if ls.len() > 1 {
                    panic!("term {term} has {} (>1) leaders: {ls:?}", ls.len());
                }
            }
            if let Some((_, ls)) = leaders.last_key_value() {
                return ls[0];
            }
        }
        panic!("expected one leader, got none");
    }

    /// `checkTerms()`: every connected server is in the same term; returns it.
    pub fn check_terms(&self) -> Term {
        let mut term = None;
        for i in 0..self.n {
            if self.connected[i] && self.is_up(i) {
                let xterm = self.get_state(i).0;
                match term {
                    None => term = Some(xterm),
                    Some(t) if t != xterm => panic!("servers disagree on term: {t} vs {xterm}"),
                    _ => {}
                }
            }
        }
        term.expect("no connected server")
    }

    /// `checkNoLeader()`: no connected server thinks it leads.
    pub fn check_no_leader(&self) {
        for i in 0..self.n {
            if self.connected[i] && self.is_up(i) && self.get_state(i).1 {
                panic!("expected no leader among connected servers, but {i} claims to be leader");
            }
        }
    }

    /// `nCommitted(index)`: how many servers have applied an entry at `index`, and which one
    /// (they must agree).
    pub fn n_committed(&mut self, index: Index) -> (usize, Option<Command>) {
        self.sync_all();
        let mut count = 0;
        let mut cmd = None;
        for log in &self.logs {
            if let Some(c) = log.get(&index) {
                if count > 0 && cmd != Some(*c) {
                    panic!("committed values do not match: index {index}, {cmd:?}, {c:?}");
                }
                count += 1;
                cmd = Some(*c);
            }
        }
        (count, cmd)
    }

    /// `wait(index, n, startTerm)`: wait (10 ms, doubling to 1 s, 30 times) for at least `n`
    /// servers to commit `index`. `None` is the lab's -1: with `start_term` given, some server
    /// moved past it, so success can no longer be expected.
    pub fn wait(&mut self, index: Index, n: usize, start_term: Option<Term>) -> Option<Command> {
        let mut to = 10 * MS;
        for _ in 0..30 {
            if self.n_committed(index).0 >= n {
                break;
            }
            self.sleep(to);
            if to < SECOND {
                to *= 2;
            }
            if let Some(start) = start_term {
                let moved = (0..self.n).any(|i| self.is_up(i) && self.get_state(i).0 > start);
                if moved {
                    return None;
                }
            }
        }
        let (nd, cmd) = self.n_committed(index);
        if nd < n {
            panic!("only {nd} decided for index {index}; wanted {n}");
        }
        cmd
    }

    /// `one(cmd, expectedServers, retry)`: a complete agreement, in the foreground.
    pub fn one(&mut self, cmd: u64, expected: usize, retry: bool) -> Index {
        let mut task = One::new(self.now(), cmd, expected, retry);
        self.run(&mut task);
        task.index.expect("one() finished without an index")
    }

    /// `go cfg.one(cmd, expectedServers, retry)`.
    pub fn spawn_one(&mut self, cmd: u64, expected: usize, retry: bool) {
        let task = One::new(self.now(), cmd, expected, retry);
        self.spawn(task);
    }

    /// `cfg.end()`: the run must not have broken any of the paper's safety properties.
    /// With `MIT_VERBOSE` set, prints the lab's summary line: virtual seconds, servers,
    /// messages, bytes and the highest index applied.
    pub fn end(&mut self) {
        self.sync_all();
        if let Some(v) = self.cluster.violation() {
            panic!("safety violation: {v}");
        }
        if std::env::var_os("MIT_VERBOSE").is_some() {
            let max_index = self
                .logs
                .iter()
                .filter_map(|l| l.keys().next_back())
                .max()
                .copied()
                .unwrap_or(0);
            eprintln!(
                "  ... Passed -- seed {:>4} {:6.1}s {} {:6} msgs {:8} bytes {:5} cmds {:8} events",
                self.cluster.seed(),
                self.now() as f64 / SECOND as f64,
                self.n,
                self.messages_total(),
                self.bytes_total(),
                max_index,
                self.cluster.stats.events
            );
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if std::thread::panicking() && std::env::var_os("MIT_TRACE").is_some() {
            eprintln!(
                "--- last trace records (t = {} µs, seed {}) ---",
                self.now(),
                self.cluster.seed()
            );
            for r in self.cluster.trace().records() {
                eprintln!("{:>12} {:?}", r.at, r.event);
            }
        }
    }
}

/// `cfg.one(...)` as a state machine: find a connected server that accepts the command, wait
/// up to 2 s (polling every 20 ms) for `expected` servers to commit it at that index, retry
/// for up to 10 s when `retry`.
pub struct One {
    cmd: u64,
    expected: usize,
    retry: bool,
    t0: Time,
    starts: usize,
    waiting: Option<(Index, Time)>,
    /// The index agreed on, once done.
    pub index: Option<Index>,
}

impl One {
    /// A new agreement attempt starting at `now`.
    pub fn new(now: Time, cmd: u64, expected: usize, retry: bool) -> Self {
        One {
            cmd,
            expected,
            retry,
            t0: now,
            starts: 0,
            waiting: None,
            index: None,
        }
    }
}

impl Task for One {
    fn poll(&mut self, lab: &mut Lab) -> Poll {
        loop {
            if let Some((index, t1)) = self.waiting {
                if lab.now() - t1 < 2 * SECOND {
                    let (nd, cmd1) = lab.n_committed(index);
                    if nd > 0 && nd >= self.expected && cmd1 == Some(Command::Value(self.cmd)) {
                        self.index = Some(index);
                        return Poll::Done;
                    }
                    return Poll::Sleep(20 * MS);
                }
                if !self.retry {
                    panic!("one({}) failed to reach agreement", self.cmd);
                }
                self.waiting = None;
            }
            if lab.now() - self.t0 >= 10 * SECOND {
                panic!("one({}) failed to reach agreement", self.cmd);
            }
            // Try all the servers, maybe one is the leader.
            for _ in 0..lab.n() {
                self.starts = (self.starts + 1) % lab.n();
                if lab.connected(self.starts) && lab.is_up(self.starts) {
                    if let (Some(index), _) = lab.start(self.starts, self.cmd) {
                        self.waiting = Some((index, lab.now()));
                        break;
                    }
                }
            }
            if self.waiting.is_none() {
                return Poll::Sleep(50 * MS);
            }
        }
    }
}

/// A flag shared between the test and its background tasks (`atomic.Int32 stop`).
pub type Flag = Rc<Cell<bool>>;
/// A result slot a background task fills (`chan []int`).
pub type Slot<T> = Rc<RefCell<Option<T>>>;

// ----- running a test over many seeds -----

/// The seeds to run: `MIT_SEED=k` runs only k; otherwise 1..=`MIT_SEEDS` (default 20).
pub fn seeds() -> Vec<u64> {
    if let Some(seed) = std::env::var("MIT_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return vec![seed];
    }
    let count: u64 = std::env::var("MIT_SEEDS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(20);
    (1..=count).collect()
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("(non-text panic)")
    }
}

/// Runs `test` once per seed; fails naming the test, the first failing seed and its message,
/// and every failing seed, so a failure can be rerun alone with `MIT_SEED=<seed>`.
pub fn run_seeds(name: &str, test: impl Fn(u64)) {
    let seeds = seeds();
    let mut failures: Vec<(u64, String)> = Vec::new();
    for &seed in &seeds {
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| test(seed))) {
            failures.push((seed, panic_text(payload.as_ref())));
        }
    }
    if let Some((seed, text)) = failures.first() {
        let all: Vec<String> = failures.iter().map(|(s, _)| s.to_string()).collect();
        panic!(
            "{name} failed for seed {seed}: {text}\n(failing seeds: {} of {} run; rerun one with MIT_SEED=<seed>)",
            all.join(", "),
            seeds.len()
        );
    }
}
