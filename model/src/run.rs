//! One model-checking run with its figures: the shared entry of the tests and the deep run.

use std::time::{Duration, Instant};

use raft_core::{Backtracking, Config};
use stateright::{Checker, HasDiscoveries, Model};

use crate::properties::SAFETY;
use crate::replay::{replay, Replay};
use crate::world::{Action, Bounds, RaftModel};

/// How the checker walks the state space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// Breadth first: counterexamples are shortest.
    Bfs,
    /// Depth first: less memory.
    Dfs,
}

/// What a run found.
pub struct Outcome {
    /// What was checked, for the report line.
    pub label: String,
    /// Distinct states explored.
    pub unique_states: usize,
    /// States generated, repeats included.
    pub states: usize,
    /// Longest path explored.
    pub max_depth: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// The safety properties violated, each with its path replayed.
    pub violations: Vec<(&'static str, Vec<Action>, Replay)>,
    /// The examples (`sometimes` properties) found.
    pub examples: Vec<&'static str>,
}

impl Outcome {
    /// The report line: what, states, depth, time.
    pub fn line(&self) -> String {
        format!(
            "{:<58} {:>10} states ({:>10} generated, depth {:>3}) in {:>6.1} s",
            self.label,
            self.unique_states,
            self.states,
            self.max_depth,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A short label for a configuration.
pub fn label(config: &Config, bounds: &Bounds) -> String {
    let switches = config.unsafe_switches;
    let mut unsafe_on = Vec::new();
    if switches.no_election_restriction {
        unsafe_on.push("no-election-restriction");
    }
    if switches.commit_previous_terms {
        unsafe_on.push("commit-previous-terms");
    }
    if switches.forget_vote_on_restart {
        unsafe_on.push("forget-vote-on-restart");
    }
    format!(
        "{} {} terms≤{} entries≤{} crashes≤{}{}{}",
        match config.backtracking {
            Backtracking::OneByOne => "one-by-one",
            Backtracking::ByConflictTerm => "by-term",
        },
        if config.pre_vote {
            "prevote"
        } else {
            "no-prevote"
        },
        bounds.max_term,
        bounds.max_entries,
        bounds.max_crashes,
        if unsafe_on.is_empty() { "" } else { " UNSAFE " },
        unsafe_on.join("+"),
    )
}

/// Checks `config` within `bounds`. With `stop_at_violation` the run ends at the first
/// safety violation (the unsafe switches); otherwise it explores every state.
pub fn check(config: Config, bounds: Bounds, search: Search, stop_at_violation: bool) -> Outcome {
    check_up_to(config, bounds, search, stop_at_violation, Limits::default())
}

/// Where a run stops besides the bounds of the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Stop after about this many states (a partial check).
    pub max_states: Option<usize>,
    /// Explore paths of at most this many steps (every interleaving up to that depth).
    pub max_depth: Option<usize>,
}

/// As [`check`], within `limits`.
pub fn check_up_to(
    config: Config,
    bounds: Bounds,
    search: Search,
    stop_at_violation: bool,
    limits: Limits,
) -> Outcome {
    check_model(
        RaftModel::new(config, bounds),
        search,
        stop_at_violation,
        limits,
    )
}

/// Checks `model` (which may start from given logs).
pub fn check_model(
    model: RaftModel,
    search: Search,
    stop_at_violation: bool,
    limits: Limits,
) -> Outcome {
    let (config, bounds) = (model.config.clone(), model.bounds);
    let from_given_logs = model.start.iter().any(|p| *p != Default::default());
    let label = format!(
        "{}{}{} {}",
        label(&config, &bounds),
        if from_given_logs {
            " from-given-logs"
        } else {
            ""
        },
        limits
            .max_depth
            .map_or(String::new(), |d| format!(" depth≤{d}")),
        match search {
            Search::Bfs => "bfs",
            Search::Dfs => "dfs",
        }
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut builder = model.clone().checker().threads(threads);
    if let Some(n) = limits.max_states {
        builder = builder.target_state_count(n);
    }
    if let Some(n) = limits.max_depth {
        builder = builder.target_max_depth(n);
    }
    if stop_at_violation {
        builder = builder.finish_when(HasDiscoveries::AnyFailures);
    }
    let started = Instant::now();
    match search {
        Search::Bfs => outcome(&model, builder.spawn_bfs().join(), started, label),
        Search::Dfs => outcome(&model, builder.spawn_dfs().join(), started, label),
    }
}

fn outcome(
    model: &RaftModel,
    checker: impl Checker<RaftModel>,
    started: Instant,
    label: String,
) -> Outcome {
    let elapsed = started.elapsed();
    let mut violations = Vec::new();
    let mut examples = Vec::new();
    for property in model.properties() {
        let Some(path) = checker.discovery(property.name) else {
            continue;
        };
        if SAFETY.iter().any(|p| p.name() == property.name) {
            let actions = path.into_actions();
            let replayed = replay(model, &actions);
            violations.push((property.name, actions, replayed));
        } else {
            examples.push(property.name);
        }
    }
    Outcome {
        label,
        unique_states: checker.unique_state_count(),
        states: checker.state_count(),
        max_depth: checker.max_depth(),
        elapsed,
        violations,
        examples,
    }
}
