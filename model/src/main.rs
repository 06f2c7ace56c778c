//! The deep model check, by hand:
//!
//! ```text
//! cargo run -p raft-model --release -- [--terms N] [--entries N] [--crashes N] [--dfs|--bfs] [--depth N] [--max-states N]
//!                                      [--prevote on|off] [--backtracking one|term]
//!                                      [--unsafe no-election-restriction|commit-previous-terms|forget-vote-on-restart]
//! ```
//!
//! Without `--prevote`/`--backtracking` every combination runs in turn, in both search orders
//! unless one is named. Each prints its states, depth and time, and any counterexample's path.

use std::process::ExitCode;

use raft_core::{Backtracking, Config, UnsafeSwitches};
use raft_model::run::{check_up_to, Limits, Search};
use raft_model::Bounds;

fn main() -> ExitCode {
    let mut bounds = Bounds::default();
    let mut searches = vec![Search::Bfs, Search::Dfs];
    let mut prevotes = vec![false, true];
    let mut backtrackings = vec![Backtracking::OneByOne, Backtracking::ByConflictTerm];
    let mut switches = UnsafeSwitches::default();
    let mut limits = Limits::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        let number = |v: String| v.parse::<u8>().unwrap_or_else(|_| usage(&arg));
        match arg.as_str() {
            "--terms" => bounds.max_term = number(value()).into(),
            "--entries" => bounds.max_entries = number(value()),
            "--crashes" => bounds.max_crashes = number(value()),
            "--max-states" => {
                limits.max_states = Some(value().parse().unwrap_or_else(|_| usage(&arg)))
            }
            "--depth" => limits.max_depth = Some(value().parse().unwrap_or_else(|_| usage(&arg))),
            "--bfs" => searches = vec![Search::Bfs],
            "--dfs" => searches = vec![Search::Dfs],
            "--prevote" => prevotes = vec![value() == "on"],
            "--backtracking" => {
                backtrackings = vec![match value().as_str() {
                    "one" => Backtracking::OneByOne,
                    "term" => Backtracking::ByConflictTerm,
                    _ => usage(&arg),
                }]
            }
            "--unsafe" => match value().as_str() {
                "no-election-restriction" => switches.no_election_restriction = true,
                "commit-previous-terms" => switches.commit_previous_terms = true,
                "forget-vote-on-restart" => switches.forget_vote_on_restart = true,
                _ => usage(&arg),
            },
            _ => usage(&arg),
        }
    }
    let stop_at_violation = switches != UnsafeSwitches::default();
    let mut failed = false;
    for &backtracking in &backtrackings {
        for &pre_vote in &prevotes {
            for &search in &searches {
                let config = Config {
                    backtracking,
                    pre_vote,
                    unsafe_switches: switches,
                    ..Config::default()
                };
                let outcome = check_up_to(config, bounds, search, stop_at_violation, limits);
                println!("{}", outcome.line());
                for (property, _, replay) in &outcome.violations {
                    failed = true;
                    println!("  {property} violated; path:\n{}", replay.text);
                    if let Some(v) = &replay.violation {
                        println!("  raft-core's checker on the same path: {v}");
                    }
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(arg: &str) -> ! {
    eprintln!("unexpected argument {arg:?}; see the comment at the top of model/src/main.rs");
    std::process::exit(2)
}
