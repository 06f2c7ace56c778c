//! Every interleaving, not only random ones: raft-core's real `Node`, three servers, a network
//! that drops, duplicates and reorders, timers that fire at any moment, a crash and restart.
//!
//! `npm test` runs the bounded check: every path of up to `MODEL_DEPTH` steps (10 unless told)
//! within terms ≤ 3, ≤ 2 client entries and ≤ 1 crash, breadth first and depth first, with
//! PreVote off and on and both backtracking rules. The deep check is by hand:
//! `cargo run -p raft-model --release -- --depth 14` (see model/src/main.rs), or
//! `MODEL_DEPTH=13 cargo test -p raft-model --release`.
//!
//! Teeth: with each unsafe switch on, the checker finds the property of Figure 3 the paper
//! says would fail, prints the path, and raft-core's own checker agrees on that path.

use raft_core::check::Property;
use raft_core::{Backtracking, Command, Config, Entry, Log, Persistent, UnsafeSwitches};
use raft_model::properties::{ALL_COMMITTED, LEADER_ELECTED};
use raft_model::run::{check_model, check_up_to, Limits, Outcome, Search};
use raft_model::{Bounds, RaftModel};

fn depth() -> usize {
    std::env::var("MODEL_DEPTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

fn print(outcome: &Outcome) {
    println!("{}", outcome.line());
    for (property, _, replay) in &outcome.violations {
        println!("  {property} violated; path:\n{}", replay.text);
        match &replay.violation {
            Some(v) => println!("  raft-core's checker on the same path: {v}"),
            None => println!("  raft-core's checker on the same path: no violation"),
        }
    }
}

/// Figure 3 holds on every path of the bounded model, for every option the page offers that
/// bears on safety, in both search orders.
#[test]
fn figure_3_holds_on_every_interleaving() {
    let limits = Limits {
        max_depth: Some(depth()),
        ..Limits::default()
    };
    for backtracking in [Backtracking::OneByOne, Backtracking::ByConflictTerm] {
        for pre_vote in [false, true] {
            for search in [Search::Bfs, Search::Dfs] {
                let config = Config {
                    backtracking,
                    pre_vote,
                    ..Config::default()
                };
                let outcome = check_up_to(config, Bounds::default(), search, false, limits);
                print(&outcome);
                assert!(
                    outcome.violations.is_empty(),
                    "{}: a safety property failed",
                    outcome.label
                );
                // Not vacuous: the explored space holds elections and commits.
                assert!(
                    outcome.examples.contains(&LEADER_ELECTED),
                    "{}",
                    outcome.label
                );
                assert!(outcome.unique_states > 10_000, "{}", outcome.label);
            }
        }
    }
}

/// Without bounds on depth, a smaller world is explored to its end: one term, one entry, one
/// crash. Every entry commits somewhere in it, and nothing unsafe happens anywhere. (With
/// PreVote the same world is about ten times larger: pre-vote rounds repeat within a term.)
#[test]
fn one_term_is_explored_to_the_end() {
    let bounds = Bounds {
        max_term: 1,
        max_entries: 1,
        ..Bounds::default()
    };
    let outcome = check_up_to(
        Config::default(),
        bounds,
        Search::Bfs,
        false,
        Limits::default(),
    );
    print(&outcome);
    assert!(outcome.violations.is_empty(), "{}", outcome.label);
    assert!(
        outcome.examples.contains(&ALL_COMMITTED),
        "{}",
        outcome.label
    );
}

fn entry(term: u64, value: u64) -> Entry {
    Entry {
        term,
        command: Command::Value(value),
    }
}

fn at_term_2(voted_for: Option<u8>, entries: Vec<Entry>) -> Persistent {
    Persistent {
        current_term: 2,
        voted_for,
        log: Log::from_entries(entries),
    }
}

/// §5.3: logs that diverged under earlier leaders (S1 holds three entries of term 1, S2 one of
/// term 1 then two of term 2, S3 only the first) are repaired by whoever leads next,
/// backtracking one entry at a time or a term at a time, and Figure 3 holds on every path.
#[test]
fn divergent_logs_are_repaired_safely_with_either_backtracking() {
    let start = vec![
        at_term_2(None, vec![entry(1, 1), entry(1, 2), entry(1, 5)]),
        at_term_2(Some(1), vec![entry(1, 1), entry(2, 3), entry(2, 4)]),
        at_term_2(Some(1), vec![entry(1, 1)]),
    ];
    let bounds = Bounds {
        max_term: 4,
        max_entries: 1,
        max_crashes: 0,
        ..Bounds::default()
    };
    let limits = Limits {
        max_depth: Some(depth() + 1),
        ..Limits::default()
    };
    for backtracking in [Backtracking::OneByOne, Backtracking::ByConflictTerm] {
        for pre_vote in [false, true] {
            let config = Config {
                backtracking,
                pre_vote,
                ..Config::default()
            };
            let model = RaftModel::new(config, bounds).starting_from(start.clone());
            let outcome = check_model(model, Search::Bfs, false, limits);
            print(&outcome);
            assert!(outcome.violations.is_empty(), "{}", outcome.label);
            assert!(
                outcome.examples.contains(&LEADER_ELECTED),
                "{}",
                outcome.label
            );
        }
    }
}

fn switches(f: impl FnOnce(&mut UnsafeSwitches)) -> Config {
    let mut s = UnsafeSwitches::default();
    f(&mut s);
    Config {
        unsafe_switches: s,
        ..Config::default()
    }
}

/// Runs `model` breadth first until a violation, prints it, and checks it is `expected` and
/// that raft-core's checker reports a violation on the same path.
fn find(model: RaftModel, expected: Property, depth: Option<usize>) {
    let limits = Limits {
        max_depth: depth,
        ..Limits::default()
    };
    let outcome = check_model(model.clone(), Search::Bfs, true, limits);
    print(&outcome);
    let (property, actions, replay) = outcome
        .violations
        .first()
        .unwrap_or_else(|| panic!("{}: no counterexample found", outcome.label));
    assert_eq!(*property, expected.name(), "{}", outcome.label);
    assert!(!actions.is_empty());
    assert!(
        replay.violation.is_some(),
        "raft-core's checker saw nothing wrong on the path:\n{}",
        replay.text
    );
    // The same search with the switch off finds nothing.
    let safe = RaftModel {
        config: Config {
            unsafe_switches: UnsafeSwitches::default(),
            ..model.config.clone()
        },
        ..model
    };
    let outcome = check_model(safe, Search::Bfs, false, limits);
    print(&outcome);
    assert!(outcome.violations.is_empty(), "{}", outcome.label);
}

/// Figure 2: votedFor is persistent. A server that forgets it on restart votes twice in one
/// term, and two leaders of that term follow (Election Safety, §5.2).
#[test]
fn forgetting_the_vote_on_restart_elects_two_leaders() {
    let config = switches(|s| s.forget_vote_on_restart = true);
    let bounds = Bounds {
        max_term: 1,
        max_entries: 0,
        max_crashes: 1,
        ..Bounds::default()
    };
    find(
        RaftModel::new(config, bounds),
        Property::ElectionSafety,
        None,
    );
}

/// §5.4.1: without the election restriction a server that lacks a committed entry can win an
/// election, and the new leader misses it (Leader Completeness).
#[test]
fn no_election_restriction_elects_a_leader_without_a_committed_entry() {
    let config = switches(|s| s.no_election_restriction = true);
    let bounds = Bounds {
        max_term: 2,
        max_entries: 1,
        max_crashes: 0,
        ..Bounds::default()
    };
    find(
        RaftModel::new(config, bounds),
        Property::LeaderCompleteness,
        Some(12),
    );
}

/// Figure 8 (§5.4.2), in three servers: S1 holds an entry of term 1, S2 one of term 2, S3
/// nothing. If the leader of term 3 (S1) counts replicas of its term-1 entry, it commits it
/// on S1 and S3; S2 can still win term 4 with its later last term and lead without it.
#[test]
fn committing_an_earlier_term_by_counting_replicas_loses_it() {
    let config = switches(|s| s.commit_previous_terms = true);
    let bounds = Bounds {
        max_term: 4,
        max_entries: 0,
        max_crashes: 0,
        ..Bounds::default()
    };
    let start = vec![
        at_term_2(None, vec![entry(1, 1)]),
        at_term_2(Some(1), vec![entry(2, 2)]),
        at_term_2(Some(1), vec![]),
    ];
    find(
        RaftModel::new(config, bounds).starting_from(start),
        Property::LeaderCompleteness,
        Some(14),
    );
}
