//! A randomized fault sweep over the simulator, with the safety checker watching every event.
//!
//! Each seed draws a cluster size, a node configuration (pre-vote, CheckQuorum, leader no-op,
//! both backtracking modes) and a stream of timed faults: partitions into arbitrary groups, cut
//! and restored links, crashes and restarts, loss up to 30 %, latency changes, proposals to the
//! leader and to random servers, forced timeouts. Safety (Figure 3 of the paper) must hold at
//! every step of every run. Then the faults end and liveness is required: within a bounded
//! virtual time one leader leads the highest term, a final value is committed everywhere, and
//! all committed prefixes agree (§5.4.3, State Machine Safety).
//!
//! `SWEEP_SEEDS=N` sets the number of seeds (default 1000, about a second in release on two
//! cores); a failure names its seed, and
//! `SWEEP_FROM=seed SWEEP_SEEDS=1` reruns just that one.

mod common;

use std::time::Instant;

use common::{
    between, converge, end_faults, random_config, random_run, random_run_with_membership,
    random_sim_config, random_size, readmit_all, trace_tail,
};
use raft_core::check::Property;
use raft_core::rng;
use raft_core::sim::Cluster;
use raft_core::types::{MS, SECOND};
use raft_core::{Config, UnsafeSwitches};

/// Runs one seed; returns the events it ran, or a description of the failure.
fn sweep_one_with(seed: u64, switches: UnsafeSwitches) -> Result<u64, String> {
    sweep_one_as(seed, switches, false)
}

/// One seed; with `membership`, servers are also added and removed among the faults
/// (dissertation §4.2), and every process is a member again before the end converges.
fn sweep_one_as(seed: u64, switches: UnsafeSwitches, membership: bool) -> Result<u64, String> {
    let mut rng = rng::seeded(seed, 0x5eed);
    let nodes = random_size(&mut rng);
    let config = Config {
        unsafe_switches: switches,
        ..random_config(&mut rng)
    };
    let sim = random_sim_config(&mut rng, nodes, config.clone(), Some(48));
    let long_delay = sim.network.long_delay;
    let mut c = Cluster::new(sim, seed).map_err(|e| format!("{e}"))?;
    let duration = between(&mut rng, 30, 60) * SECOND;
    let gap_max = between(&mut rng, 100, 1500) * MS;
    if membership {
        random_run_with_membership(&mut rng, &mut c, duration, gap_max);
    } else {
        random_run(&mut rng, &mut c, duration, gap_max);
    }
    let describe = |c: &Cluster, what: &str| {
        format!(
            "seed {seed} ({nodes} nodes, {config:?}, long delays {long_delay:?}): {what}\nlast trace records:\n{}",
            trace_tail(c, 48)
        )
    };
    if let Some(v) = c.violation() {
        return Err(describe(&c, &format!("safety violation: {v}")));
    }
    end_faults(&mut c);
    if membership {
        if let Err(problem) = readmit_all(&mut c, 30 * SECOND) {
            return Err(describe(
                &c,
                &format!("not every server was added back within 30 s: {problem}"),
            ));
        }
    }
    let final_value = u64::MAX - seed;
    if let Err(problem) = converge(&mut c, final_value, 30 * SECOND) {
        let states: Vec<String> = (0..c.len() as raft_core::NodeId)
            .filter_map(|id| c.node(id))
            .map(|n| {
                format!(
                    "S{} term {} {:?} members {:#b}@{} last {}/{} commit {}",
                    n.id() + 1,
                    n.term(),
                    n.role(),
                    n.members().bits(),
                    n.members_index(),
                    n.log().last_index(),
                    n.log().last_term(),
                    n.commit_index()
                )
            })
            .collect();
        return Err(describe(
            &c,
            &format!(
                "no convergence within 30 s after the faults ended: {problem}\n{}",
                states.join("\n")
            ),
        ));
    }
    // Safety must still hold after the run settled.
    c.advance_by(SECOND);
    if let Some(v) = c.violation() {
        return Err(describe(&c, &format!("safety violation: {v}")));
    }
    Ok(c.stats.events)
}

/// Runs seeds `from + shard, from + shard + shards, …` below `from + count`.
fn sweep(shard: u64, shards: u64) {
    sweep_as(shard, shards, false)
}

fn sweep_as(shard: u64, shards: u64, membership: bool) {
    let count: u64 = std::env::var("SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let from: u64 = std::env::var("SWEEP_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let started = Instant::now();
    let (mut events, mut runs) = (0u64, 0u64);
    for seed in (from + shard..from + count).step_by(shards as usize) {
        match sweep_one_as(seed, UnsafeSwitches::default(), membership) {
            Ok(e) => events += e,
            Err(failure) => panic!("fault sweep failed at {failure}\nrerun: SWEEP_FROM={seed} SWEEP_SEEDS=1 cargo test -p raft-core --release --test fault_sweep -- --nocapture"),
        }
        runs += 1;
    }
    let wall = started.elapsed().as_secs_f64();
    println!(
        "fault sweep shard {shard}/{shards}: {runs} seeds, {events} events in {wall:.2} s = {:.0} events/s (checker on)",
        events as f64 / wall.max(1e-9)
    );
}

// Two shards, so the two cores of a small machine both work (tests in one binary run in
// parallel threads).

#[test]
fn fault_sweep_even_seeds() {
    sweep(0, 2);
}

#[test]
fn fault_sweep_odd_seeds() {
    sweep(1, 2);
}

/// The same sweep with servers added and removed among the faults (dissertation §4.2): the
/// checker, configuration-aware, on at every event; every server added back and converged at
/// the end. A quarter of the seeds, as the sweep's time budget allows.
#[test]
fn fault_sweep_with_membership_changes() {
    sweep_as(0, 4, true);
}

/// The sweep has teeth: with the election restriction of §5.4.1 switched off, the same random
/// faults soon produce a leader that lacks committed entries.
#[test]
fn the_sweep_catches_a_missing_election_restriction() {
    let switches = UnsafeSwitches {
        no_election_restriction: true,
        ..UnsafeSwitches::default()
    };
    let caught = (0..40)
        .filter_map(|seed| sweep_one_with(seed, switches).err())
        .filter(|failure| failure.contains("safety violation"))
        .count();
    assert!(caught >= 10, "only {caught} of 40 seeds caught it");
    // And the checker names the property the paper says fails.
    let failure = (0..40)
        .find_map(|seed| sweep_one_with(seed, switches).err())
        .unwrap();
    assert!(
        failure.contains(&format!("{:?}", Property::LeaderCompleteness))
            || failure.contains(&format!("{:?}", Property::StateMachineSafety)),
        "{failure}"
    );
}
