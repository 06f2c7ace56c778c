//! One-click scenarios, one per idea of Raft a newcomer meets: each is a recording (seed,
//! configuration, starting states, timed actions) with captions timed to what happens.
//!
//! A scenario is scripted against a live cluster (for example "crash whoever leads once a
//! leader exists") and the script's actions are kept as the recording, so the scenario is plain
//! data that replays exactly. The tests in `tests/scenarios.rs` replay each one and check the
//! outcome its captions promise.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::config::{Backtracking, Config, UnsafeSwitches};
use crate::log::{Command, Entry, Log};
use crate::sim::{Action, Cluster, NetworkConfig, Recording, SimConfig, Target};
use crate::state::{Persistent, Role};
use crate::types::{Name, NodeId, Term, Time, MS, SECOND};

#[cfg(feature = "serde")]
use serde::Serialize;

mod membership;
mod transfer;

/// A caption shown from `at` on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Caption {
    /// Virtual time, µs.
    pub at: Time,
    /// The text.
    pub text: String,
}

/// A scenario.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Scenario {
    /// Stable id, for links and tests.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Captions in time order.
    pub captions: Vec<Caption>,
    /// The run.
    pub recording: Recording,
    /// How long the story takes, µs.
    pub duration: Time,
}

/// The ids of every scenario, in teaching order: the ones named `break-…` break a rule of Raft
/// on purpose (an unsafe switch is on in their config) and end in a safety violation.
pub const IDS: [&str; 24] = [
    "roles-timers",
    "election",
    "leader-crash",
    "split-vote",
    "stale-term",
    "replication",
    "partition",
    "backtracking",
    "backtracking-fast",
    "election-restriction",
    "figure-8",
    "snapshot-catch-up",
    "leadership-transfer",
    "add-server",
    "add-server-snapshot",
    "remove-leader",
    "removed-disrupts",
    "removed-pre-vote",
    "break-old-term-commit",
    "break-forgotten-vote",
    "break-election-restriction",
    "break-snapshot-past-commit",
    "break-transfer",
    "break-early-change",
];

/// Builds the scenario `id`.
pub fn build(id: &str) -> Option<Scenario> {
    Some(match id {
        "roles-timers" => roles_timers(),
        "election" => election(),
        "leader-crash" => leader_crash(),
        "split-vote" => split_vote(),
        "stale-term" => stale_term(),
        "replication" => replication(),
        "partition" => partition(),
        "backtracking" => backtracking(Backtracking::OneByOne),
        "backtracking-fast" => backtracking(Backtracking::ByConflictTerm),
        "election-restriction" => election_restriction(),
        "figure-8" => figure_8(),
        "break-old-term-commit" => break_old_term_commit(),
        "break-forgotten-vote" => break_forgotten_vote(),
        "break-election-restriction" => break_election_restriction(),
        "snapshot-catch-up" => snapshot_catch_up(),
        "break-snapshot-past-commit" => break_snapshot_past_commit(),
        "leadership-transfer" => transfer::leadership_transfer(),
        "break-transfer" => transfer::break_transfer(),
        "add-server" => membership::add_server(),
        "add-server-snapshot" => membership::add_server_by_snapshot(),
        "remove-leader" => membership::remove_leader(),
        "removed-disrupts" => membership::removed_server_disrupts(),
        "removed-pre-vote" => membership::removed_server_pre_vote(),
        "break-early-change" => membership::break_early_change(),
        _ => return None,
    })
}

/// A scenario being scripted against a live cluster.
struct Script {
    cluster: Cluster,
    captions: Vec<Caption>,
}

impl Script {
    fn new(config: SimConfig, seed: u64) -> Self {
        Script {
            cluster: Cluster::new(config, seed).expect("scenario configs are valid"),
            captions: Vec::new(),
        }
    }

    fn with_states(config: SimConfig, seed: u64, states: Vec<Persistent>) -> Self {
        Script {
            cluster: Cluster::with_states(config, seed, states)
                .expect("scenario configs are valid"),
            captions: Vec::new(),
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.captions.push(Caption {
            at: self.cluster.now(),
            text: text.into(),
        });
    }

    fn act(&mut self, action: Action) {
        self.cluster
            .apply(action)
            .expect("scenario actions are valid");
    }

    fn wait(&mut self, d: Time) {
        self.cluster.advance_by(d);
    }

    /// Runs until `done` (at most 30 s of virtual time).
    fn until(&mut self, done: impl FnMut(&Cluster) -> bool) {
        let limit = self.cluster.now() + 30 * SECOND;
        self.cluster.run_until(limit, done);
    }

    fn leader(&self) -> NodeId {
        self.cluster
            .leader()
            .expect("the script waited for a leader")
    }

    fn finish(mut self, id: &'static str, title: &'static str, tail: Time) -> Scenario {
        self.cluster.advance_by(tail);
        Scenario {
            id,
            title,
            captions: self.captions,
            recording: self.cluster.recording(),
            duration: self.cluster.now(),
        }
    }
}

fn page_config(nodes: u8) -> SimConfig {
    SimConfig {
        nodes,
        trace_capacity: Some(4096),
        ..SimConfig::default()
    }
}

fn first_candidate(c: &Cluster) -> Option<NodeId> {
    (0..c.len() as NodeId).find(|id| c.node(*id).is_some_and(|n| n.role() == Role::Candidate))
}

fn roles_timers() -> Scenario {
    let mut s = Script::new(page_config(5), 21);
    s.say("A server is a follower, a candidate or a leader (§5.1). All five start as followers. A follower only answers; each runs an election timer (the arc) set to a random 150–300 ms.");
    s.until(|c| c.leader().is_some());
    s.wait(150 * MS);
    let leader = s.leader();
    s.say(format!(
        "{} timed out first, ran and won: it is the leader. A leader has no election timer. Every 50 ms its heartbeat timer fires and it sends an empty AppendEntries to each follower.",
        Name(leader)
    ));
    s.wait(150 * MS);
    s.say("Each heartbeat that arrives resets the follower's election timer, so its arc starts full again: while the leader is alive and heard, no follower times out (§5.2).");
    s.wait(200 * MS);
    s.act(Action::Crash { node: leader });
    s.say(format!(
        "{} crashes. No more heartbeats: every follower's arc runs down with nothing to reset it.",
        Name(leader)
    ));
    s.until(|c| first_candidate(c).is_some());
    let candidate = first_candidate(&s.cluster).unwrap_or(0);
    s.say(format!(
        "{}'s timer ran out first. Its role changes: it becomes a candidate and asks the others for their votes. Random timeouts make it likely one server asks well before the rest.",
        Name(candidate)
    ));
    s.until(|c| c.leader().is_some());
    let new = s.leader();
    s.say(format!(
        "{} is the new leader; its heartbeats reset the followers' timers again. Three roles, two timers: that is the whole machinery of leader election.",
        Name(new)
    ));
    s.finish("roles-timers", "Roles and timers", 400 * MS)
}

fn election() -> Scenario {
    // A seed whose first candidate wins alone, as the captions tell it.
    let mut s = Script::new(page_config(5), 13);
    s.say("Five servers start as followers of term 0. Each waits for a leader's heartbeat for a random election timeout (the arcs), 150–300 ms (§5.2).");
    s.until(|c| first_candidate(c).is_some());
    let candidate = first_candidate(&s.cluster).unwrap_or(0);
    s.say(format!(
        "{}'s timer ran out first: it becomes a candidate for term 1, votes for itself and asks every other server for its vote (RequestVote).",
        Name(candidate)
    ));
    s.until(|c| c.leader().is_some());
    let leader = s.leader();
    s.say(format!(
        "A majority (3 of 5) granted their vote, so {} is the leader of term 1. It sends empty AppendEntries as heartbeats, which keep resetting the followers' timers.",
        Name(leader)
    ));
    s.finish("election", "A leader is elected", 600 * MS)
}

fn leader_crash() -> Scenario {
    let mut s = Script::new(page_config(5), 12);
    s.say("A leader is elected and sends heartbeats.");
    s.until(|c| c.leader().is_some());
    s.wait(400 * MS);
    let old = s.leader();
    s.act(Action::Crash { node: old });
    s.say(format!(
        "{} crashes. Its heartbeats stop, so the followers' election timers run out.",
        Name(old)
    ));
    s.until(|c| c.leader().is_some());
    let new = s.leader();
    let term = s.cluster.node(new).map_or(0, |n| n.term());
    s.say(format!(
        "{} timed out first and won a majority: it leads term {term}. A majority of 5 is 3, so the cluster works on with one server down.",
        Name(new)
    ));
    s.wait(500 * MS);
    s.act(Action::Restart { node: old });
    s.say(format!(
        "{} restarts as a follower with its term and log from disk, hears the new leader's higher term and follows it.",
        Name(old)
    ));
    s.finish("leader-crash", "The leader crashes", 600 * MS)
}

fn split_vote() -> Scenario {
    let mut s = Script::new(page_config(4), 13);
    s.say("Four servers. A majority is 3 votes.");
    s.wait(20 * MS);
    // Each candidate's request reaches only one voter first, so each gets exactly two votes.
    s.act(Action::CutLink { from: 0, to: 3 });
    s.act(Action::CutLink { from: 2, to: 1 });
    s.act(Action::ForceTimeout { node: 0 });
    s.act(Action::ForceTimeout { node: 2 });
    s.say("S1 and S3 time out at the same moment and both become candidates for term 1. S2 votes for S1, S4 for S3: one vote per term each, first come first served (§5.2).");
    s.wait(60 * MS);
    s.act(Action::RestoreLink { from: 0, to: 3 });
    s.act(Action::RestoreLink { from: 2, to: 1 });
    s.say("Two votes each, three needed: nobody wins term 1. The candidates wait for their election timeouts to run out again.");
    s.until(|c| c.leader().is_some());
    let leader = s.leader();
    let term = s.cluster.node(leader).map_or(0, |n| n.term());
    s.say(format!(
        "Election timeouts are random, so one server times out well before the others, asks for votes in term {term} and wins: {} leads. That is how Raft makes split votes rare and short.",
        Name(leader)
    ));
    s.finish("split-vote", "A split vote", 500 * MS)
}

fn stale_term() -> Scenario {
    let mut s = Script::new(page_config(5), 14);
    s.until(|c| c.leader().is_some());
    s.wait(300 * MS);
    let old = s.leader();
    s.act(Action::SetPartition {
        groups: vec![vec![old]],
    });
    s.say(format!(
        "{} leads term 1, then the network cuts it off from everyone else. It still believes it is the leader.",
        Name(old)
    ));
    s.until(|c| c.leader().is_some_and(|l| l != old));
    let new = s.leader();
    let term = s.cluster.node(new).map_or(0, |n| n.term());
    s.say(format!(
        "The others stop hearing heartbeats and elect {} in term {term}. {} is away and its term is stale.",
        Name(new),
        Name(old)
    ));
    s.wait(500 * MS);
    s.act(Action::Heal);
    s.say(format!(
        "The network heals. As soon as {} sees a message with the higher term {term}, it steps down and becomes a follower: every message carries its sender's term (§5.1).",
        Name(old)
    ));
    s.finish("stale-term", "A stale leader returns", 800 * MS)
}

fn replication() -> Scenario {
    let mut s = Script::new(page_config(5), 15);
    s.until(|c| c.leader().is_some());
    s.wait(200 * MS);
    let leader = s.leader();
    s.say(format!(
        "{} leads term 1. A client submits values to it.",
        Name(leader)
    ));
    for value in 1..=3 {
        s.act(Action::Propose {
            to: Target::Leader,
            value,
        });
        s.wait(250 * MS);
    }
    s.say("The leader appends each value to its log and sends it in AppendEntries. Once a majority stores an entry, the leader marks it committed (solid) and tells followers in later messages (§5.3).");
    s.wait(400 * MS);
    s.say("Every server now holds the three values, committed. A committed entry is durable: it will be in the log of every future leader (§5.4).");
    s.finish("replication", "Replication and commit", 400 * MS)
}

fn partition() -> Scenario {
    let mut s = Script::new(page_config(5), 16);
    s.until(|c| c.leader().is_some());
    s.wait(300 * MS);
    let old = s.leader();
    let buddy = (old + 1) % 5;
    s.act(Action::SetPartition {
        groups: vec![vec![old, buddy]],
    });
    s.say(format!(
        "The network splits: {} (the leader) and {} on one side, three servers on the other.",
        Name(old),
        Name(buddy)
    ));
    for value in [10, 11] {
        s.act(Action::Propose {
            to: Target::Node(old),
            value,
        });
        s.wait(100 * MS);
    }
    s.say(format!(
        "{} still accepts values, but with 2 of 5 it can never reach a majority: its new entries stay uncommitted (hollow).",
        Name(old)
    ));
    s.until(|c| c.leader().is_some_and(|l| l != old && l != buddy));
    let new = s.leader();
    s.wait(200 * MS);
    for value in [20, 21] {
        s.act(Action::Propose {
            to: Target::Node(new),
            value,
        });
        s.wait(150 * MS);
    }
    s.say(format!(
        "The majority side elects {} in a higher term, and its entries commit.",
        Name(new)
    ));
    s.wait(300 * MS);
    s.act(Action::Heal);
    s.say(format!(
        "The partition heals. {} steps down on seeing the higher term, and the new leader's AppendEntries overwrite the entries that never committed.",
        Name(old)
    ));
    s.finish("partition", "Leader stranded in a minority", 1500 * MS)
}

/// Logs as terms, index 1 first.
fn log_of(terms: &[Term]) -> Log {
    Log::from_entries(
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| Entry {
                term: *t,
                command: Command::Value(i as u64 + 1),
            })
            .collect(),
    )
}

fn backtracking(mode: Backtracking) -> Scenario {
    let mut config = page_config(5);
    config.node = Config {
        backtracking: mode,
        ..Config::default()
    };
    // Figure 7's follower (f): it led terms 2 and 3 and kept entries nobody else has.
    let leader_log = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    let follower_log = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3];
    let states = (0..5)
        .map(|id| {
            if id == 1 {
                Persistent {
                    current_term: 3,
                    voted_for: None,
                    log: log_of(&follower_log),
                }
            } else {
                Persistent {
                    current_term: 6,
                    voted_for: None,
                    log: log_of(&leader_log),
                }
            }
        })
        .collect();
    let (id, title, seed) = match mode {
        Backtracking::OneByOne => ("backtracking", "Log backtracking, one entry at a time", 17),
        Backtracking::ByConflictTerm => (
            "backtracking-fast",
            "Log backtracking, one term at a time",
            17,
        ),
    };
    let mut s = Script::with_states(config, seed, states);
    s.say("S2 once led terms 2 and 3 and kept entries no one else has (the paper's Figure 7, follower f). The others agree up to index 10.");
    s.wait(10 * MS);
    s.act(Action::ForceTimeout { node: 0 });
    s.say("S1 becomes leader of term 7. It starts with nextIndex = 11 for every follower, just past its own log.");
    s.until(|c| c.leader() == Some(0));
    match mode {
        Backtracking::OneByOne => s.say("S2 rejects: it has no matching entry at index 10 (term 6). The leader moves nextIndex back by one and retries, entry by entry, until the logs agree at index 3 (§5.3)."),
        Backtracking::ByConflictTerm => s.say("S2 rejects and names the conflicting term and the first index it holds for it, so the leader skips a whole term per round trip: two rejections instead of seven."),
    }
    s.until(|c| {
        c.node(1).is_some_and(|n| match c.node(0) {
            Some(l) => n.log().entries() == l.log().entries(),
            None => n.log().entries().is_empty(),
        })
    });
    s.say("The logs match at index 3. S2 deletes its conflicting entries from index 4 on and takes the leader's: its log now equals the leader's.");
    s.wait(100 * MS);
    s.say("Still every server shows commit 0. All ten entries are from terms 1–6, and a leader never commits an entry of an earlier term by counting replicas (§5.4.2): it waits for an entry of its own term 7.");
    s.wait(200 * MS);
    // Value 11 at index 11, as the starting logs hold value i at index i.
    s.act(Action::Propose {
        to: Target::Node(0),
        value: 11,
    });
    s.say("A client's value reaches S1, which appends it at index 11 in term 7 and sends it to every follower.");
    s.until(|c| {
        (0..c.len() as NodeId).all(|id| c.node(id).is_some_and(|n| n.commit_index() == 11))
    });
    s.say("A majority stores index 11, so S1 commits it, and with it every entry before it: logs that match at index 11 match at every earlier index (§5.3). The next AppendEntries carry commit 11 to every server, S2 included.");
    s.finish(id, title, 400 * MS)
}

fn election_restriction() -> Scenario {
    // Everyone is in term 2. S1–S3 hold index 3 (term 2), which a majority stores and the
    // leader of term 2 committed; S4 and S5 missed it.
    let full = [1, 1, 2];
    let short = [1, 1];
    let states = (0..5)
        .map(|id| Persistent {
            current_term: 2,
            voted_for: None,
            log: log_of(if id < 3 { &full } else { &short }),
        })
        .collect();
    let mut s = Script::with_states(page_config(5), 22, states);
    s.say("Term 2's leader is gone. It had stored index 3 on S1, S2 and S3, a majority, so index 3 is committed. S4 and S5 missed it: their logs end at index 2.");
    s.wait(10 * MS);
    s.act(Action::ForceTimeout { node: 3 });
    s.say("S4 times out first and asks for votes in term 3. Its RequestVote says: my last entry is index 2, term 1.");
    s.wait(60 * MS);
    s.say("S1, S2 and S3 refuse: their last entry (index 3, term 2) is more up to date than S4's. A voter never votes for a candidate whose log is behind its own (§5.4.1). S5 grants; two votes are not a majority.");
    s.until(|c| c.leader().is_some());
    let leader = s.leader();
    s.say(format!(
        "{} wins: its log holds index 3, so every voter finds it at least as up to date. Any majority that elects a leader overlaps the majority that stored a committed entry, so every leader holds every committed entry (Leader Completeness, §5.4).",
        Name(leader)
    ));
    s.wait(200 * MS);
    s.say(format!(
        "{} brings S4 and S5 up to date. Without the restriction, S4 could have won and overwritten index 3: a committed entry lost.",
        Name(leader)
    ));
    s.finish("election-restriction", "The election restriction", 400 * MS)
}

/// The servers of Figure 8 just after panel (b).
fn figure_8_states() -> Vec<Persistent> {
    // From just after panel (b): S1 led term 2 and put index 2 on S2 only; S5 led term 3 and
    // put its own index 2 on itself only.
    vec![
        Persistent {
            current_term: 2,
            voted_for: Some(0),
            log: log_of(&[1, 2]),
        },
        Persistent {
            current_term: 2,
            voted_for: Some(0),
            log: log_of(&[1, 2]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log_of(&[1]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log_of(&[1]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log_of(&[1, 3]),
        },
    ]
}

fn figure_8() -> Scenario {
    let states = figure_8_states();
    let mut config = page_config(5);
    config.network = NetworkConfig::default();
    let mut s = Script::with_states(config, 18, states);
    s.say("The paper's Figure 8. (a)–(b): S1 led term 2 and copied index 2 to S2; then S5 led term 3 and wrote a different index 2 only on itself.");
    s.wait(5 * MS);
    // S4 is down too while S1 leads, so only S3 receives S1's index 2 and S4 can still vote
    // for S5 later.
    s.act(Action::Crash { node: 4 });
    s.act(Action::Crash { node: 3 });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("(c) S5 (and S4) are down. S1 is elected in term 4 by S2 and S3, and copies its index 2 (term 2) to S3: now a majority (S1, S2, S3) stores it.");
    s.until(|c| {
        c.node(2)
            .is_some_and(|n| n.log().term_at(2) == Some(2) && n.term() == 4)
    });
    s.wait(30 * MS);
    s.say("But S1 must NOT count it as committed: it is from an earlier term. A leader only commits entries of its own term by counting replicas (§5.4.2).");
    s.wait(200 * MS);
    s.act(Action::Crash { node: 0 });
    s.act(Action::Restart { node: 3 });
    s.act(Action::Restart { node: 4 });
    s.act(Action::ForceTimeout { node: 4 });
    s.say("(d) S1 crashes; S4 and S5 come back. S5 runs for term 4, but S2 and S3 already voted in term 4.");
    s.wait(50 * MS);
    s.act(Action::ForceTimeout { node: 4 });
    s.say("S5 tries again in term 5. Its last entry is from term 3, newer than the others' term 2, so S2, S3 and S4 vote for it.");
    s.until(|c| c.leader() == Some(4));
    s.say("S5 leads and overwrites index 2 everywhere with its own term-3 entry. Had S1 counted index 2 as committed, a committed entry would now be lost: that is the danger Figure 8 shows.");
    s.finish(
        "figure-8",
        "Figure 8: why old terms don't commit by counting",
        800 * MS,
    )
}

/// A config for the "break Raft" stories: one unsafe switch on, and election timeouts of
/// 1–2 s, so only the story's forced timeouts start elections while it is told.
fn unsafe_config(nodes: u8, switches: UnsafeSwitches) -> SimConfig {
    let mut config = page_config(nodes);
    config.node = Config {
        election_timeout_min: 1000 * MS,
        election_timeout_max: 2000 * MS,
        unsafe_switches: switches,
        ..Config::default()
    };
    config
}

/// Figure 8 again, with the unsafe switch that lets a leader commit an entry of an earlier
/// term by counting its replicas: the committed entry is then missing from the next leader.
fn break_old_term_commit() -> Scenario {
    let switches = UnsafeSwitches {
        commit_previous_terms: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::with_states(unsafe_config(5, switches), 18, figure_8_states());
    s.say("Break Raft: a leader may commit entries of earlier terms by counting replicas (switch on). The start is Figure 8 (b): S1 led term 2 and copied index 2 to S2; S5 led term 3 and wrote a different index 2 only on itself. Election timeouts are 1–2 s here, so the story decides who campaigns.");
    s.wait(5 * MS);
    s.act(Action::Crash { node: 4 });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("S5 crashes. S1 runs for term 3, but S3 and S4 already voted for S5 in term 3: only S2 grants.");
    s.wait(100 * MS);
    // S4 misses term 4 altogether, as in the figure, so it can still vote for S5 later.
    s.act(Action::CutLink { from: 0, to: 3 });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("(c) S1 runs again, in term 4 (its messages to S4 are cut). S2 and S3 elect it, and it copies its index 2 (term 2) to S3: a majority (S1, S2, S3) now stores it.");
    s.until(|c| c.node(0).is_some_and(|n| n.commit_index() >= 2));
    s.say("The broken rule: S1 counts those three replicas and commits index 2, an entry of term 2, while it leads term 4. Safe Raft only commits entries of the leader's own term by counting (§5.4.2). S1's next AppendEntries tell S2 and S3 that index 2 is committed.");
    s.wait(150 * MS);
    s.act(Action::Crash { node: 0 });
    s.act(Action::RestoreLink { from: 0, to: 3 });
    s.act(Action::Restart { node: 4 });
    s.act(Action::ForceTimeout { node: 4 });
    s.say("(d) S1 crashes and S5 comes back. S5 runs for term 4, but S2 and S3 already voted in term 4.");
    s.wait(100 * MS);
    s.act(Action::ForceTimeout { node: 4 });
    s.say("S5 tries again in term 5. Its last entry is from term 3, newer than the others' term 2 and 1, so S2, S3 and S4 vote for it: the election restriction holds, but it cannot protect an entry committed the wrong way.");
    s.until(|c| c.leader() == Some(4));
    s.say("S5 leads term 5 without committed index 2: Leader Completeness is broken, and the safety panel says so. Press Play: S5's AppendEntries overwrite the committed entry on S2 and S3.");
    s.finish(
        "break-old-term-commit",
        "Break Raft: commit old-term entries by counting (Figure 8)",
        800 * MS,
    )
}

/// Two leaders in one term: a voter that forgets its vote on restart votes again in the same
/// term.
fn break_forgotten_vote() -> Scenario {
    let switches = UnsafeSwitches {
        forget_vote_on_restart: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::new(unsafe_config(5, switches), 21);
    s.say("Break Raft: a server forgets its vote when it restarts, as if votedFor were not on stable storage (switch on). Election timeouts are 1–2 s here, so the story decides who campaigns.");
    s.wait(10 * MS);
    s.act(Action::SetPartition {
        groups: vec![vec![0, 1, 2], vec![3, 4]],
    });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("The network splits S4 and S5 off. S1 times out and asks for votes in term 1; S2 and S3 grant theirs: 3 of 5, S1 leads term 1.");
    s.until(|c| c.leader() == Some(0));
    s.wait(100 * MS);
    s.act(Action::Crash { node: 2 });
    s.act(Action::Restart { node: 2 });
    s.say("S3 crashes and restarts at once. Figure 2 says votedFor must survive a crash; with the switch on, S3 comes back in term 1 with no vote recorded.");
    s.wait(50 * MS);
    s.act(Action::SetPartition {
        groups: vec![vec![0, 1], vec![2, 3, 4]],
    });
    s.act(Action::ForceTimeout { node: 3 });
    s.say("Now S3 is with S4 and S5, who never heard of term 1. S4 times out and asks for votes in term 1. S5 grants, and so does S3: it has forgotten that it voted for S1 in term 1.");
    s.until(|c| c.node(3).is_some_and(|n| n.role() == Role::Leader));
    s.say("S4 has 3 of 5 votes and leads term 1 too: two leaders in one term, Election Safety is broken (§5.2). Each could commit different entries at the same index.");
    s.finish(
        "break-forgotten-vote",
        "Break Raft: forget the vote on restart",
        600 * MS,
    )
}

/// A committed entry lost: without the election restriction a server with an empty log wins
/// an election, and its log overwrites the committed entries.
fn break_election_restriction() -> Scenario {
    let switches = UnsafeSwitches {
        no_election_restriction: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::new(unsafe_config(3, switches), 22);
    s.say("Break Raft: servers vote without comparing logs, dropping the election restriction of §5.4.1 (switch on). Election timeouts are 1–2 s here, so the story decides who campaigns.");
    s.wait(10 * MS);
    s.act(Action::SetPartition {
        groups: vec![vec![0, 1], vec![2]],
    });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("S3 is cut off. S1 wins term 1 with S2's vote (2 of 3 is a majority).");
    s.until(|c| c.leader() == Some(0));
    for value in 1..=3 {
        s.act(Action::Propose {
            to: Target::Node(0),
            value,
        });
    }
    s.say("A client submits three values. S1 and S2 store them, a majority, so S1 commits all three. S3 still has an empty log.");
    s.until(|c| c.node(0).is_some_and(|n| n.commit_index() == 3));
    s.wait(50 * MS);
    s.act(Action::Crash { node: 0 });
    s.act(Action::Heal);
    s.act(Action::ForceTimeout { node: 2 });
    s.say("S1 crashes and the network heals. S3 runs for term 1, but S2 already voted in term 1 and refuses.");
    s.wait(50 * MS);
    s.act(Action::ForceTimeout { node: 2 });
    s.say("S3 runs again, in term 2. S2's log (three entries of term 1) is more up-to-date than S3's empty one, so safe Raft would refuse; with the switch off, S2 grants its vote.");
    s.until(|c| c.leader() == Some(2));
    s.say("S3 leads term 2 without the three committed entries: Leader Completeness is broken (§5.4). Press Play to see them lost.");
    s.wait(50 * MS);
    s.act(Action::Propose {
        to: Target::Node(2),
        value: 9,
    });
    s.say("A client's value 9 goes to S3 at index 1. Its AppendEntries make S2 delete the committed entries 1–3 and take value 9: what a majority stored and S1 reported committed is gone.");
    s.wait(150 * MS);
    s.act(Action::Restart { node: 0 });
    s.say("S1 restarts, hears the leader of term 2 and loses its copies too. No server holds the values 1, 2, 3 any more.");
    s.finish(
        "break-election-restriction",
        "Break Raft: drop the election restriction",
        400 * MS,
    )
}

/// Log compaction (§7) and InstallSnapshot (Figure 13): a follower down for long comes back
/// after the leader discarded the entries it missed, and catches up from the leader's snapshot.
fn snapshot_catch_up() -> Scenario {
    let mut config = page_config(3);
    config.node.snapshot_every = 5;
    let mut s = Script::new(config, 31);
    s.say("Log compaction (§7): every 5 applied entries, each server snapshots its state machine (the sum and count of the values it applied) and discards its log up to there.");
    s.until(|c| c.leader().is_some());
    s.wait(200 * MS);
    let leader = s.leader();
    let victim = (leader + 1) % 3;
    s.act(Action::Crash { node: victim });
    s.say(format!(
        "{} crashes and stays down for a long time. The other two are still a majority of 3.",
        Name(victim)
    ));
    s.wait(300 * MS);
    s.say("A client submits twelve values. The leader and the follower left commit and apply them, snapshot at 5 and at 10, and discard those entries: the block at the start of their logs.");
    for value in 1..=12 {
        s.act(Action::Propose {
            to: Target::Leader,
            value,
        });
        s.wait(150 * MS);
    }
    s.wait(300 * MS);
    s.act(Action::Restart { node: victim });
    s.say(format!(
        "{} restarts with its old log. It needs entry 1 next, but {} has discarded it: only the snapshot holds what those entries amounted to. So {} sends InstallSnapshot (Figure 13).",
        Name(victim),
        Name(leader),
        Name(leader)
    ));
    s.until(|c| c.node(victim).is_some_and(|n| n.snapshot_index() > 0));
    s.say(format!(
        "{} installs the snapshot: its state machine jumps to the snapshot's sum, its log starts after it, and the entries after the snapshot follow as AppendEntries. All three now hold the same sum, 78.",
        Name(victim)
    ));
    s.finish(
        "snapshot-catch-up",
        "A follower catches up by snapshot",
        800 * MS,
    )
}

/// A snapshot past the commit index: a server applies and snapshots an entry nobody committed,
/// which a new leader then replaces with another.
fn break_snapshot_past_commit() -> Scenario {
    let switches = UnsafeSwitches {
        snapshot_past_commit: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::new(unsafe_config(3, switches), 23);
    s.say("Break Raft: a server snapshots up to the end of its log instead of its last applied entry (switch on); §7 says a snapshot covers only committed entries. Election timeouts are 1–2 s here, so the story decides who campaigns.");
    s.wait(10 * MS);
    s.act(Action::ForceTimeout { node: 0 });
    s.until(|c| c.leader() == Some(0));
    for value in 1..=2 {
        s.act(Action::Propose {
            to: Target::Node(0),
            value,
        });
    }
    s.say("S1 leads term 1. A client submits 1 and 2; all three servers store, commit and apply them: every sum is 3.");
    s.until(|c| (0..3).all(|id| c.node(id).is_some_and(|n| n.commit_index() == 2)));
    s.wait(50 * MS);
    s.act(Action::SetPartition {
        groups: vec![vec![0], vec![1, 2]],
    });
    s.act(Action::Propose {
        to: Target::Node(0),
        value: 7,
    });
    s.say("The network cuts S1 off. A client's 7 reaches S1, which appends it at index 3; no majority stores it, so it is not committed.");
    s.wait(100 * MS);
    s.act(Action::Snapshot { node: 0 });
    s.say("S1 is asked to snapshot. With the switch on it applies and snapshots its whole log, index 3 included: its state machine now counts a value nobody committed. State Machine Safety is broken, and the safety panel says so.");
    s.wait(100 * MS);
    s.act(Action::ForceTimeout { node: 1 });
    s.until(|c| c.leader() == Some(1));
    s.act(Action::Propose {
        to: Target::Node(1),
        value: 30,
    });
    s.say("S2 leads term 2 and commits a different value, 30, at index 3 with S3. S1's snapshot says index 3 held 7: its sum can never agree with theirs again.");
    s.wait(200 * MS);
    s.act(Action::Heal);
    s.finish(
        "break-snapshot-past-commit",
        "Break Raft: snapshot past the commit index",
        500 * MS,
    )
}

/// Every scenario as a JSON catalogue for the page: `[{id, title, durationMs, link, captions:
/// [{atMs, text}]}]`. The page loads it lazily and opens each scenario through its share link,
/// so the scenario scripts never ship in the wasm. `www/src/scenarios.json` holds this text;
/// a test fails when the two drift apart.
#[cfg(feature = "share")]
pub fn catalog_json() -> String {
    use crate::share::{encode, Shared};
    let mut out = String::from("[\n");
    for (i, id) in IDS.iter().enumerate() {
        let Some(s) = build(id) else { continue };
        let link = encode(&Shared {
            recording: s.recording,
            cursor: 0,
        });
        out.push_str(&format!(
            "  {{\n    \"id\": {},\n    \"title\": {},\n    \"durationMs\": {},\n    \"link\": {},\n    \"captions\": [\n",
            json_string(s.id),
            json_string(s.title),
            s.duration / MS,
            json_string(&link)
        ));
        for (j, c) in s.captions.iter().enumerate() {
            out.push_str(&format!(
                "      {{ \"atMs\": {}, \"text\": {} }}{}\n",
                c.at as f64 / MS as f64,
                json_string(&c.text),
                if j + 1 < s.captions.len() { "," } else { "" }
            ));
        }
        out.push_str(if i + 1 < IDS.len() {
            "    ]\n  },\n"
        } else {
            "    ]\n  }\n"
        });
    }
    out.push_str("]\n");
    out
}

#[cfg(feature = "share")]
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
