//! Speed figures for the README (a benchmark, not a test: it prints, it asserts nothing).
//!
//! 1. Propose → commit round trip through the bare state machines, 3 and 5 voters, with
//!    messages routed instantly: the cost of the Raft logic itself, in ns per entry.
//! 2. The simulator: 5 nodes, 50 ms heartbeats, 10 proposals per second, one hour of virtual
//!    time, with the safety checker on and off: events per second and simulated seconds per
//!    wall second. The page fast-forwards with this, so the goal is one hour in under 1 s.

use std::collections::VecDeque;
use std::hint::black_box;
use std::time::Instant;

use raft_core::sim::{Action, Cluster, SimConfig, Target};
use raft_core::types::{MS, SECOND};
use raft_core::{Command, Config, Input, Message, Node, Persistent, Role};

fn round_trip_ns_per_entry(voters: u8, entries: u64) -> f64 {
    let config = Config::default();
    let mut nodes: Vec<Node> = (0..voters)
        .map(|id| {
            Node::new(
                id,
                voters,
                config.clone(),
                Persistent::default(),
                raft_core::rng::seeded(1, id as u64),
                0,
            )
        })
        .collect();
    let mut wire: VecDeque<Message> = VecDeque::new();
    let mut now = 0;
    let deliver = |nodes: &mut Vec<Node>, wire: &mut VecDeque<Message>, now: u64| {
        while let Some(m) = wire.pop_front() {
            let to = m.to as usize;
            let _ = nodes[to].step(now, Input::Message(m));
            wire.extend(nodes[to].take_messages());
            nodes[to].take_events();
        }
    };
    let _ = nodes[0].step(now, Input::ForceTimeout);
    wire.extend(nodes[0].take_messages());
    deliver(&mut nodes, &mut wire, now);
    assert_eq!(nodes[0].role(), Role::Leader);
    let start = Instant::now();
    for value in 0..entries {
        now += 1;
        let (index, _) = nodes[0].propose(now, Command::Value(value)).unwrap();
        wire.extend(nodes[0].take_messages());
        nodes[0].take_events();
        deliver(&mut nodes, &mut wire, now);
        debug_assert_eq!(nodes[0].commit_index(), index);
        // Keep the log from growing without bound in memory terms is not needed: entries are
        // small, and a long log is what a real leader has.
    }
    black_box(nodes[0].commit_index());
    start.elapsed().as_nanos() as f64 / entries as f64
}

fn one_hour(check: bool) -> (f64, u64, u64) {
    let config = SimConfig {
        nodes: 5,
        node: Config {
            heartbeat_interval: 50 * MS,
            ..Config::default()
        },
        trace_capacity: Some(4096),
        check,
        ..SimConfig::default()
    };
    let mut cluster = Cluster::new(config, 42).unwrap();
    let start = Instant::now();
    let mut value = 0;
    // 10 proposals per virtual second, each to whoever leads.
    let mut t = 0;
    while t < 3600 * SECOND {
        t += 100 * MS;
        cluster.advance_to(t);
        value += 1;
        let _ = cluster.apply(Action::Propose {
            to: Target::Leader,
            value,
        });
    }
    let wall = start.elapsed().as_secs_f64();
    assert!(cluster.violation().is_none());
    (
        wall,
        cluster.stats.events,
        cluster.node(0).map_or(0, |n| n.commit_index()),
    )
}

fn main() {
    println!("== propose -> commit round trip (bare state machines, instant network)");
    for voters in [3u8, 5] {
        // Warm up, then measure.
        round_trip_ns_per_entry(voters, 10_000);
        let ns = round_trip_ns_per_entry(voters, 200_000);
        println!("  {voters} voters: {ns:.0} ns per entry");
    }
    println!("== simulator: 5 nodes, 50 ms heartbeats, 10 proposals/s, one hour virtual");
    for check in [true, false] {
        let (wall, events, committed) = one_hour(check);
        println!(
            "  checker {}: {:.3} s wall, {:.2} M events/s, {:.0} simulated s per wall s, {} entries committed",
            if check { "on " } else { "off" },
            wall,
            events as f64 / wall / 1e6,
            3600.0 / wall,
            committed
        );
    }
}
