//! Helpers shared by the simulator-level tests: random configurations and random user actions
//! drawn from a seeded PRNG, a fingerprint of a cluster's full state, and the end-of-run
//! liveness check, a busy recording for the time-travel tests; and, in `by_hand`, the fixtures of
//! the rule tests that drive single nodes. Every test binary uses a different subset, hence the
//! `allow`.
#![allow(dead_code)]

pub mod by_hand;

use raft_core::rng::{self, Rng};
use raft_core::sim::{Action, Cluster, LongDelay, NetworkConfig, Recording, SimConfig, Target};
use raft_core::types::{Name, NodeId, Time, MS, SECOND};
use raft_core::{Backtracking, Command, Config, Node, Persistent, Role};

/// A uniform draw from `lo..=hi`.
pub fn between(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    rng::range_inclusive(rng, lo, hi)
}

/// One element of `items`, uniformly.
pub fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[between(rng, 0, items.len() as u64 - 1) as usize]
}

/// A cluster size: mostly 5, sometimes 3, 7 or 9.
pub fn random_size(rng: &mut Rng) -> u8 {
    pick(rng, &[5, 5, 5, 5, 5, 5, 3, 3, 7, 9])
}

/// A valid node configuration with the extensions and backtracking mode drawn at random. The
/// unsafe switches stay off: these runs must be safe.
pub fn random_config(rng: &mut Rng) -> Config {
    let (min, max) = pick(
        rng,
        &[
            (150 * MS, 300 * MS),
            (150 * MS, 300 * MS),
            (100 * MS, 200 * MS),
            (300 * MS, 600 * MS),
        ],
    );
    Config {
        election_timeout_min: min,
        election_timeout_max: max,
        heartbeat_interval: pick(rng, &[30 * MS, 50 * MS]),
        max_entries_per_append: pick(rng, &[1, 4, 64]),
        backtracking: pick(rng, &[Backtracking::OneByOne, Backtracking::ByConflictTerm]),
        pre_vote: rng::chance(rng, 0.5),
        check_quorum: rng::chance(rng, 0.5),
        leader_noop: rng::chance(rng, 0.5),
        // Log compaction (§7) in half the runs: snapshots every few entries, some keeping
        // entries behind them, so followers catch up both ways.
        snapshot_every: pick(rng, &[0, 0, 4, 10]),
        snapshot_threshold: pick(rng, &[0, 0, 3]),
        ..Config::default()
    }
}

/// A simulator configuration around `node`, checker on.
pub fn sim_config(nodes: u8, node: Config, trace_capacity: Option<usize>) -> SimConfig {
    SimConfig {
        nodes,
        node,
        trace_capacity,
        ..SimConfig::default()
    }
}

/// A cluster of `nodes` servers configured as `node`, the simulator's defaults otherwise.
pub fn sim(nodes: u8, node: Config, seed: u64) -> Cluster {
    Cluster::new(sim_config(nodes, node, None), seed).unwrap()
}

/// Runs until a leader has committed an entry of its term, up to 5 s, and returns it: only
/// then may it change the configuration (dissertation §4.1, the 2015 fix to single-server
/// changes).
pub fn settled_leader(c: &mut Cluster) -> NodeId {
    let limit = c.now() + 5 * SECOND;
    let ok = c.run_until(limit, |c| {
        c.leader().and_then(|l| c.node(l)).is_some_and(|l| {
            l.commit_index() > 0 && l.log().term_at(l.commit_index()) == Some(l.term())
        })
    });
    assert!(ok, "no leader committed an entry of its term");
    c.leader().unwrap()
}

/// Like [`sim_config`], but a third of the time some replies are held back for up to two
/// seconds (the lab's "long reordering"), so stale replies reach leaders late.
pub fn random_sim_config(
    rng: &mut Rng,
    nodes: u8,
    node: Config,
    trace_capacity: Option<usize>,
) -> SimConfig {
    let mut config = sim_config(nodes, node, trace_capacity);
    if rng::chance(rng, 1.0 / 3.0) {
        config.network.long_delay = Some(LongDelay {
            probability: between(rng, 5, 30) as f64 / 100.0,
            min: 100 * MS,
            max: between(rng, 300, 2000) * MS,
        });
    }
    config
}

/// Up to `n` distinct node ids in random groups (1 to 3 groups; possibly one node alone).
fn random_groups(rng: &mut Rng, n: u8) -> Vec<Vec<NodeId>> {
    let k = between(rng, 1, 3) as usize;
    let mut groups = vec![Vec::new(); k];
    for id in 0..n {
        groups[between(rng, 0, k as u64 - 1) as usize].push(id);
    }
    // Sometimes leave one group unnamed: its nodes form a group of their own.
    if k > 1 && rng::chance(rng, 0.3) {
        groups.pop();
    }
    groups
}

/// A random action suited to the cluster as it is now. Mostly valid, but an occasional action
/// may be refused (a proposal to a node that is down, say); the caller ignores refusals.
pub fn random_action(rng: &mut Rng, c: &Cluster, next_value: &mut u64) -> Action {
    let n = c.len() as u8;
    let up: Vec<NodeId> = (0..n).filter(|&i| c.is_up(i)).collect();
    let down: Vec<NodeId> = (0..n).filter(|&i| !c.is_up(i)).collect();
    let any = |rng: &mut Rng| between(rng, 0, n as u64 - 1) as NodeId;
    let roll = between(rng, 0, 99);
    let mut value = || {
        *next_value += 1;
        *next_value
    };
    match roll {
        0..=24 => Action::Propose {
            to: Target::Leader,
            value: value(),
        },
        25..=34 => Action::Propose {
            to: Target::Node(if up.is_empty() {
                any(rng)
            } else {
                pick(rng, &up)
            }),
            value: value(),
        },
        41..=42 => Action::TimeoutFollowers,
        35..=40 => Action::ForceTimeout {
            node: if up.is_empty() {
                any(rng)
            } else {
                pick(rng, &up)
            },
        },
        43..=52 => Action::SetPartition {
            groups: random_groups(rng, n),
        },
        53..=59 => Action::Heal,
        60..=65 => {
            let from = any(rng);
            let to = (from + between(rng, 1, n as u64 - 1) as NodeId) % n;
            Action::CutLink { from, to }
        }
        66..=69 => {
            let from = any(rng);
            let to = (from + between(rng, 1, n as u64 - 1) as NodeId) % n;
            Action::RestoreLink { from, to }
        }
        70..=77 if !up.is_empty() => Action::Crash {
            node: pick(rng, &up),
        },
        78..=85 if !down.is_empty() => Action::Restart {
            node: pick(rng, &down),
        },
        70..=85 => Action::Propose {
            to: Target::Leader,
            value: value(),
        },
        94..=95 if !up.is_empty() => Action::Snapshot {
            node: pick(rng, &up),
        },
        96..=97 => Action::TransferLeadership {
            to: if up.is_empty() {
                any(rng)
            } else {
                pick(rng, &up)
            },
        },
        86..=93 => Action::SetLoss {
            // Whole per-mille values: exact through JSON and easy to read in a report.
            probability: between(rng, 0, 300) as f64 / 1000.0,
        },
        _ => {
            let min = between(rng, 1, 20) * MS;
            Action::SetLatency {
                min,
                max: min + between(rng, 0, 60) * MS,
            }
        }
    }
}

/// Applies random actions at random times until `until`, stopping early on a violation.
pub fn random_run(rng: &mut Rng, c: &mut Cluster, until: Time, gap_max: Time) {
    let mut value = 0u64;
    loop {
        let at = c.now() + between(rng, MS, gap_max);
        if at >= until || c.violation().is_some() {
            break;
        }
        c.advance_to(at);
        let action = random_action(rng, c, &mut value);
        let _ = c.apply(action);
    }
    c.advance_to(until);
}

/// Everything observable about the cluster's state, for comparing two runs.
#[derive(Debug, PartialEq)]
pub struct Fingerprint {
    now: Time,
    digest: u64,
    trace_len: u64,
    nodes: Vec<NodeFingerprint>,
    in_flight: Vec<(u64, Time, Option<Time>)>,
    groups: Vec<u8>,
    messages_sent: u64,
    events: u64,
}

/// One node's state.
#[derive(Debug, PartialEq)]
pub struct NodeFingerprint {
    persistent: Persistent,
    running: Option<RunningState>,
}

/// The volatile state of a running node.
#[derive(Debug, PartialEq)]
pub struct RunningState {
    role: Role,
    commit_index: u64,
    last_applied: u64,
    machine: raft_core::StateMachine,
    leader: Option<NodeId>,
    timer: (Time, Time),
    votes: Option<(u32, u32)>,
    progress: Option<Vec<(u64, u64)>>,
}

/// Takes the fingerprint of `c`.
pub fn fingerprint(c: &Cluster) -> Fingerprint {
    let nodes = (0..c.len() as NodeId)
        .map(|id| NodeFingerprint {
            persistent: c.persistent(id).expect("node exists").clone(),
            running: c.node(id).map(|node| RunningState {
                role: node.role(),
                commit_index: node.commit_index(),
                last_applied: node.last_applied(),
                machine: *node.state_machine(),
                leader: node.leader_hint(),
                timer: (node.timer().armed_at, node.timer().deadline),
                votes: node.votes().map(|v| (v.granted_count(), v.refused_count())),
                progress: node
                    .progress()
                    .map(|p| p.iter().map(|p| (p.next_index, p.match_index)).collect()),
            }),
        })
        .collect();
    Fingerprint {
        now: c.now(),
        digest: c.trace().digest(),
        trace_len: c.trace().len(),
        nodes,
        in_flight: c
            .in_flight()
            .map(|f| (f.id, f.arrive_at, f.drop.map(|d| d.0)))
            .collect(),
        groups: c.network().groups().to_vec(),
        messages_sent: c.stats.messages_sent,
        events: c.stats.events,
    }
}

/// Ends the faults: heals the network, restarts every node, sets loss to 0 and the default
/// latency. Returns the time at which it did so.
pub fn end_faults(c: &mut Cluster) {
    c.apply(Action::Heal).expect("heal");
    for id in 0..c.len() as NodeId {
        if !c.is_up(id) {
            c.apply(Action::Restart { node: id }).expect("restart");
        }
    }
    c.apply(Action::SetLoss { probability: 0.0 })
        .expect("set loss");
    let net = NetworkConfig::default();
    c.apply(Action::SetLatency {
        min: net.latency_min,
        max: net.latency_max,
    })
    .expect("set latency");
}

/// True when `value` is committed on node `id` (at any index up to its commit index): held
/// in its log there, or in the prefix its snapshot replaced (§7), where some server still holds
/// the value.
pub fn committed_on(c: &Cluster, id: NodeId, value: u64) -> bool {
    let held_at = |node: &Node| {
        let log = node.log();
        (log.first_index()..=log.last_index()).find(|&i| {
            log.entry(i)
                .is_some_and(|e| e.command == Command::Value(value))
        })
    };
    c.node(id).is_some_and(|node| {
        if held_at(node).is_some_and(|i| i <= node.commit_index()) {
            return true;
        }
        (0..c.len() as NodeId)
            .filter_map(|other| c.node(other))
            .filter_map(held_at)
            .any(|i| i <= node.log().offset() && i <= node.commit_index())
    })
}

/// After [`end_faults`]: proposes `value` to the leader (again whenever a leader lacks it, or
/// has no entry of its own term yet) and
/// runs until it is committed on every node, exactly one node leads the highest term, and all
/// committed prefixes agree. Returns a description of what is still wrong at `within`.
pub fn converge(c: &mut Cluster, value: u64, within: Time) -> Result<(), String> {
    let deadline = c.now() + within;
    loop {
        if let Some(leader) = c.leader() {
            let node = c.node(leader).expect("leader is up");
            let has_value = node
                .log()
                .entries()
                .iter()
                .any(|e| e.command == Command::Value(value));
            // Without the no-op of §8 a leader cannot commit an earlier term's entry until it
            // has one of its own (§5.4.2), so a client retrying its value is what gets the
            // value committed then; a duplicate is harmless.
            if !has_value || node.log().last_term() < node.term() {
                let _ = c.apply(Action::Propose {
                    to: Target::Node(leader),
                    value,
                });
            }
        }
        if let Some(v) = c.violation() {
            return Err(format!("safety violation: {v}"));
        }
        let problem = convergence_problem(c, value);
        if problem.is_none() || c.now() >= deadline {
            return problem.map_or(Ok(()), Err);
        }
        c.advance_by(10 * MS);
    }
}

fn convergence_problem(c: &Cluster, value: u64) -> Option<String> {
    let n = c.len() as NodeId;
    let nodes: Vec<_> = (0..n).map(|id| c.node(id).expect("all up")).collect();
    let top = nodes.iter().map(|x| x.term()).max().unwrap_or(0);
    let leaders: Vec<NodeId> = nodes
        .iter()
        .filter(|x| x.role() == Role::Leader && x.term() == top)
        .map(|x| x.id())
        .collect();
    if leaders.len() != 1 {
        return Some(format!(
            "{} leaders in the highest term {top}: {leaders:?}",
            leaders.len()
        ));
    }
    let min_commit = nodes.iter().map(|x| x.commit_index()).min().unwrap_or(0);
    // Compare what every log still holds (§7: a snapshot replaces a committed prefix; the
    // checker compares the state machines there).
    let held_from = nodes
        .iter()
        .map(|x| x.log().first_index())
        .max()
        .unwrap_or(1);
    let prefix = |x: &Node| {
        (held_from..=min_commit)
            .map(|i| x.log().entry(i).copied())
            .collect::<Vec<_>>()
    };
    let reference = prefix(nodes[0]);
    for x in &nodes {
        if x.log().last_index() < min_commit || prefix(x) != reference {
            return Some(format!(
                "{} disagrees with S1 below the common commit index {min_commit}",
                Name(x.id())
            ));
        }
    }
    for x in &nodes {
        if !committed_on(c, x.id(), value) {
            return Some(format!(
                "{} has not committed the final value (commit index {}, log {} entries, term {}, {:?})",
                Name(x.id()),
                x.commit_index(),
                x.log().last_index(),
                x.term(),
                x.role()
            ));
        }
    }
    None
}

/// The last `k` trace records, one per line, for a failure message.
pub fn trace_tail(c: &Cluster, k: usize) -> String {
    let records = c.trace().to_vec();
    let start = records.len().saturating_sub(k);
    records[start..]
        .iter()
        .map(|r| format!("  #{} t={}µs {:?}", r.seq, r.at, r.event))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `SECOND` re-exported for the callers' arithmetic.
pub const S: Time = SECOND;

/// [`random_action`], or now and then a membership change (dissertation §4.2): adding a
/// server that is not a member (a new id while fewer than nine processes run) or removing a
/// member. Some are refused (no leader, a change pending): refusals must change nothing.
pub fn random_action_with_membership(rng: &mut Rng, c: &Cluster, next_value: &mut u64) -> Action {
    if between(rng, 0, 99) >= 12 {
        return random_action(rng, c, next_value);
    }
    let members = c.members();
    let mut outside: Vec<NodeId> = (0..c.len() as NodeId)
        .filter(|&id| !members.contains(id))
        .collect();
    if c.len() < raft_core::limits::MAX_NODES as usize {
        outside.push(c.len() as NodeId);
    }
    let inside: Vec<NodeId> = members.iter().collect();
    if !outside.is_empty() && (inside.len() <= 2 || rng::chance(rng, 0.5)) {
        Action::AddServer {
            node: pick(rng, &outside),
        }
    } else {
        Action::RemoveServer {
            node: pick(rng, &inside),
        }
    }
}

/// [`random_run`] with membership changes among the faults.
pub fn random_run_with_membership(rng: &mut Rng, c: &mut Cluster, until: Time, gap_max: Time) {
    let mut value = 0u64;
    loop {
        let at = c.now() + between(rng, MS, gap_max);
        if at >= until || c.violation().is_some() {
            break;
        }
        c.advance_to(at);
        let action = random_action_with_membership(rng, c, &mut value);
        let _ = c.apply(action);
    }
    c.advance_to(until);
}

/// After [`end_faults`]: adds back every server outside the configuration, one change at a
/// time as the leader allows, until every process is a member. Meanwhile the servers outside
/// it are kept down, as a user would crash them: a removed server that never heard of its
/// removal campaigns and, without PreVote or CheckQuorum, deposes leader after leader
/// (§4.2.3). Each is restarted just as it is added back. Returns what is still wrong at
/// `within`.
pub fn readmit_all(c: &mut Cluster, within: Time) -> Result<(), String> {
    let deadline = c.now() + within;
    let mut added = None;
    loop {
        // The leader's configuration, committed: a stale leader's or a pending one may yet
        // give way to another that lacks someone.
        let members = c.members();
        for id in 0..c.len() as NodeId {
            // Only a leader's configuration says who is out; without one, everyone runs, so
            // the servers of the latest configuration can elect one.
            let out = c.leader().is_some() && !members.contains(id);
            if out && c.is_up(id) {
                c.apply(Action::Crash { node: id }).expect("crash");
            } else if !out && !c.is_up(id) {
                c.apply(Action::Restart { node: id }).expect("restart");
            }
        }
        let missing = (0..c.len() as NodeId).find(|&id| !members.contains(id));
        let leader = c.leader().and_then(|l| c.node(l));
        let settled = leader.is_some_and(|l| l.pending_change().is_none());
        let own_term = leader.is_some_and(|l| l.log().term_at(l.commit_index()) == Some(l.term()));
        match (missing, c.leader()) {
            // Done only under a leader with an entry of its term committed: a configuration
            // seen from a leader that committed nothing yet may still give way to a rival's
            // that lacks someone (an uncommitted removal the new leader had not received).
            (None, _) if settled && own_term => {
                let down: Vec<NodeId> = (0..c.len() as NodeId).filter(|&id| !c.is_up(id)).collect();
                if down.is_empty() {
                    return Ok(());
                }
                for id in down {
                    c.apply(Action::Restart { node: id }).expect("restart");
                }
            }
            (Some(missing), Some(leader)) if settled && own_term => {
                c.apply(Action::Restart { node: missing }).expect("restart");
                added = Some((leader, c.apply(Action::AddServer { node: missing })));
            }
            (_, Some(leader)) if !own_term => {
                // A leader without an entry of its term committed gets one from a client.
                let _ = c.apply(Action::Propose {
                    to: Target::Node(leader),
                    value: 0,
                });
            }
            _ => {}
        }
        if let Some(v) = c.violation() {
            return Err(format!("safety violation: {v}"));
        }
        if c.now() >= deadline {
            return Err(format!(
                "configuration {members:?} is not every server ({added:?})\n{}",
                node_states(c)
            ));
        }
        c.advance_by(50 * MS);
    }
}

/// One line per running server: term, role, configuration in force, log end and commit.
pub fn node_states(c: &Cluster) -> String {
    (0..c.len() as NodeId)
        .map(|id| match c.node(id) {
            Some(n) => format!(
                "{} term {} {:?} members {:#b}@{} last {}/{} commit {} progress {:?}",
                Name(id),
                n.term(),
                n.role(),
                n.members().bits(),
                n.members_index(),
                n.log().last_index(),
                n.log().last_term(),
                n.commit_index(),
                n.progress().map(|p| p
                    .iter()
                    .map(|p| (p.next_index, p.match_index))
                    .collect::<Vec<_>>())
            ),
            None => format!("{} down", Name(id)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A run with elections, a partition, a crash and proposals in its first 10 s, built live:
/// the time-travel tests seek and step through it.
pub fn busy_recording(seed: u64) -> Recording {
    busy_run(SimConfig::default(), seed, 40, [8, 16, 20, 28])
}

/// A busy run of `steps` quarter-seconds, a proposal to the leader each; at the steps `at`
/// names, in turn: S0 and S1 cut off, the partition healed, S2 crashed, S2 restarted.
pub fn busy_run(config: SimConfig, seed: u64, steps: u64, at: [u64; 4]) -> Recording {
    let [partition, heal, crash, restart] = at;
    let mut c = Cluster::new(config, seed).unwrap();
    for step in 0..steps {
        c.advance_by(250 * MS);
        let _ = c.apply(Action::Propose {
            to: Target::Leader,
            value: step + 1,
        });
        let action = if step == partition {
            Some(Action::SetPartition {
                groups: vec![vec![0, 1]],
            })
        } else if step == heal {
            Some(Action::Heal)
        } else if step == crash {
            Some(Action::Crash { node: 2 })
        } else if step == restart {
            Some(Action::Restart { node: 2 })
        } else {
            None
        };
        if let Some(action) = action {
            drop(c.apply(action));
        }
    }
    c.recording()
}
