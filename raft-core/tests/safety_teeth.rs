//! The safety checker has teeth: each unsafe switch, in a scenario built to exercise the rule it
//! breaks, makes the checker report the property of Figure 3 that the paper says would fail;
//! the same scenario with the switch off stays safe, and the rule the switch disables is seen
//! doing its work. A last group feeds the checker impossible histories directly.
//!
//! The stories run with slow election timers (1–2 s), so only the forced timeouts of the story
//! start elections; each is run over many seeds, which vary latencies and timers.

use raft_core::check::{Breach, Cause, Checker, EntryAt, NodeView, Property};
use raft_core::event::{Event, RoleReason, VoteRefusal};
use raft_core::sim::{Action, Cluster, SimConfig, Target};
use raft_core::trace::TraceEvent;
use raft_core::types::{Name, NodeId, Term, MS};
use raft_core::{Command, Config, Entry, Log, Persistent, Role, UnsafeSwitch, UnsafeSwitches};

const SEEDS: u64 = 200;

fn config(switches: UnsafeSwitches) -> Config {
    Config {
        election_timeout_min: 1000 * MS,
        election_timeout_max: 2000 * MS,
        unsafe_switches: switches,
        ..Config::default()
    }
}

fn sim(nodes: u8, switches: UnsafeSwitches) -> SimConfig {
    SimConfig {
        nodes,
        node: config(switches),
        ..SimConfig::default()
    }
}

fn act(c: &mut Cluster, action: Action) {
    let text = format!("{action:?}");
    c.apply(action)
        .unwrap_or_else(|e| panic!("{text} refused: {e}"));
}

fn force(c: &mut Cluster, node: NodeId) {
    act(c, Action::ForceTimeout { node });
}

fn term(c: &Cluster, id: NodeId) -> Term {
    c.node(id).expect("node up").term()
}

fn role(c: &Cluster, id: NodeId) -> Role {
    c.node(id).expect("node up").role()
}

/// Every event node `id` reported so far.
fn events_of(c: &Cluster, id: NodeId) -> Vec<Event> {
    c.trace()
        .records()
        .filter_map(|r| match r.event {
            TraceEvent::Node { node, event } if node == id => Some(event),
            _ => None,
        })
        .collect()
}

/// Runs until `done` holds or `limit` ms pass, acting as a client: whenever a leader has no
/// entry of its own term yet, it gets a fresh value, since without one it cannot commit the
/// entries of earlier terms it holds (§5.4.2).
fn settle(c: &mut Cluster, limit_ms: u64, done: impl Fn(&Cluster) -> bool) -> bool {
    let limit = c.now() + limit_ms * MS;
    let mut value = 1000;
    while c.now() < limit {
        if done(c) {
            return true;
        }
        if let Some(l) = c.leader() {
            let node = c.node(l).unwrap();
            if node.log().last_term() < node.term() {
                value += 1;
                act(
                    c,
                    Action::Propose {
                        to: Target::Node(l),
                        value,
                    },
                );
            }
        }
        c.advance_by(50 * MS);
    }
    done(c)
}

fn terms_of(log: &Log) -> Vec<Term> {
    log.entries().iter().map(|e| e.term).collect()
}

fn log(terms: &[Term]) -> Log {
    Log::from_entries(
        terms
            .iter()
            .enumerate()
            .map(|(i, &term)| Entry {
                term,
                command: Command::Value(100 * term + i as u64),
            })
            .collect(),
    )
}

fn switch_set(f: impl FnOnce(&mut UnsafeSwitches)) -> UnsafeSwitches {
    let mut s = UnsafeSwitches::default();
    f(&mut s);
    s
}

// ---------------------------------------------------------------------------------------------
// §5.4.1, the election restriction.
// ---------------------------------------------------------------------------------------------

/// S1 leads term 1 with S2 and commits three values on {S1, S2}; S3 was cut off and has an empty
/// log. S1 crashes; S3 campaigns alone until its term passes S2's, then the network heals and S3
/// campaigns once more. Returns the cluster just after that last campaign had time to finish.
fn election_restriction_story(seed: u64, switches: UnsafeSwitches) -> Cluster {
    let mut c = Cluster::new(sim(3, switches), seed).unwrap();
    act(
        &mut c,
        Action::SetPartition {
            groups: vec![vec![0, 1], vec![2]],
        },
    );
    force(&mut c, 0);
    c.advance_by(100 * MS);
    assert_eq!(c.leader(), Some(0), "seed {seed}: S1 leads term 1");
    for value in 1..=3 {
        act(
            &mut c,
            Action::Propose {
                to: Target::Leader,
                value,
            },
        );
    }
    c.advance_by(200 * MS);
    assert_eq!(c.node(0).unwrap().commit_index(), 3, "seed {seed}");
    assert_eq!(c.node(1).unwrap().log().last_index(), 3, "seed {seed}");
    act(&mut c, Action::Crash { node: 0 });
    while term(&c, 2) <= term(&c, 1) {
        force(&mut c, 2);
        c.advance_by(50 * MS);
    }
    act(&mut c, Action::Heal);
    force(&mut c, 2);
    c.advance_by(150 * MS);
    c
}

/// §5.4.1: "the voter denies its vote if its own log is more up-to-date than that of the
/// candidate". Without that rule S2 votes for S3, whose log is empty, and S3 leads a term
/// without the three committed entries: Leader Completeness fails.
#[test]
fn no_election_restriction_elects_a_leader_missing_committed_entries() {
    let switches = switch_set(|s| s.no_election_restriction = true);
    for seed in 0..SEEDS {
        let c = election_restriction_story(seed, switches);
        assert_eq!(role(&c, 2), Role::Leader, "seed {seed}: S3 won");
        assert!(c.node(2).unwrap().log().last_index() < 3);
        let v = c.violation().expect("the checker noticed");
        assert!(
            matches!(
                v.property,
                Property::LeaderCompleteness | Property::StateMachineSafety
            ),
            "seed {seed}: {v}"
        );
        assert_eq!(v.property, Property::LeaderCompleteness, "seed {seed}: {v}");
        // What broke, and the broken rule the checker saw: S2 voted for S3's empty log.
        assert!(
            matches!(
                v.breach,
                Breach::LeaderMissingEntry {
                    leader: 2,
                    index: 1,
                    entry_term: 1,
                    committed_by: 0,
                    committed_in: 1,
                    found: None,
                    ..
                }
            ),
            "seed {seed}: {v}"
        );
        assert!(
            matches!(
                v.cause,
                Some(Cause::VotedForStaleLog {
                    voter: 1,
                    candidate: 2,
                    ..
                })
            ),
            "seed {seed}: {v}"
        );
        assert_eq!(
            v.cause.map(|c| c.switch()),
            Some(UnsafeSwitch::NoElectionRestriction)
        );
        assert_eq!(
            v.nodes(),
            [2, 0, 1],
            "seed {seed}: leader, committer, voter"
        );
        assert_eq!(
            v.entries(),
            [EntryAt {
                node: 0,
                index: 1,
                term: 1
            }]
        );
    }
}

/// The same story with the election restriction: S2 refuses S3 because S3's log is behind, S3
/// cannot win, and later S2 leads with every committed entry.
#[test]
fn election_restriction_refuses_the_candidate_with_the_shorter_log() {
    for seed in 0..SEEDS {
        let mut c = election_restriction_story(seed, UnsafeSwitches::default());
        assert_ne!(role(&c, 2), Role::Leader, "seed {seed}");
        let refused = events_of(&c, 1).into_iter().any(|e| {
            matches!(
                e,
                Event::VoteRefused {
                    to: 2,
                    pre_vote: false,
                    reason: VoteRefusal::LogBehind {
                        candidate_last_index: 0,
                        own_last_index: 3,
                        own_last_term: 1,
                        ..
                    },
                    ..
                }
            )
        });
        assert!(refused, "seed {seed}: S2 refused S3 with LogBehind");
        // Left alone, S2 times out and wins; S1 comes back; everyone ends with the 3 values.
        act(&mut c, Action::Restart { node: 0 });
        let done = settle(&mut c, 10_000, |c| {
            (0..3).all(|i| c.committed_at(i, 3) == Some(Command::Value(3)))
        });
        assert!(
            done,
            "seed {seed}: committed entries survive on all servers"
        );
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    }
}

// ---------------------------------------------------------------------------------------------
// §5.4.2, Figure 8: committing entries from previous terms.
// ---------------------------------------------------------------------------------------------

/// The servers of Figure 8 as panel (b) leaves them (S1..S5 are ids 0..4). In (a) S1 led term 2
/// and replicated the entry at index 2 to S2 only; then S1 crashed and S5 won term 3 with the
/// votes of S3, S4 and itself, and accepted a different entry at index 2.
fn figure8_b() -> Vec<Persistent> {
    let server = |term, voted_for, terms: &[Term]| Persistent {
        current_term: term,
        voted_for: Some(voted_for),
        log: log(terms),
    };
    vec![
        server(2, 0, &[1, 2]),
        server(2, 0, &[1, 2]),
        server(3, 4, &[1]),
        server(3, 4, &[1]),
        server(3, 4, &[1, 3]),
    ]
}

/// Panels (b) → (c): S5 crashes; S1 restarts and is elected in term 4 (its first try, term 3,
/// fails: S3 and S4 already voted for S5 in term 3); it replicates its term-2 entry to S2 and
/// S3, a majority. The link S1 → S4 is cut for term 4, so S4 keeps only entry 1 and stays in
/// term 3, as in the figure.
fn figure8_c(seed: u64, switches: UnsafeSwitches) -> Cluster {
    let mut c = Cluster::with_states(sim(5, switches), seed, figure8_b()).unwrap();
    act(&mut c, Action::Crash { node: 4 });
    force(&mut c, 0);
    c.advance_by(100 * MS);
    assert_eq!(term(&c, 0), 3, "seed {seed}");
    assert_ne!(
        role(&c, 0),
        Role::Leader,
        "seed {seed}: S3, S4 voted S5 in term 3"
    );
    let refusals = events_of(&c, 2)
        .into_iter()
        .chain(events_of(&c, 3))
        .filter(|e| {
            matches!(
                e,
                Event::VoteRefused {
                    to: 0,
                    term: 3,
                    reason: VoteRefusal::AlreadyVoted { voted_for: 4 },
                    ..
                }
            )
        })
        .count();
    assert_eq!(refusals, 2, "seed {seed}");
    act(&mut c, Action::CutLink { from: 0, to: 3 });
    force(&mut c, 0);
    c.advance_by(250 * MS);
    assert_eq!(c.leader(), Some(0), "seed {seed}: S1 leads term 4");
    assert_eq!(term(&c, 0), 4);
    let progress = c.node(0).unwrap().progress().unwrap().to_vec();
    assert_eq!(progress[1].match_index, 2, "seed {seed}: S2 holds index 2");
    assert_eq!(progress[2].match_index, 2, "seed {seed}: S3 holds index 2");
    assert_eq!(terms_of(c.node(2).unwrap().log()), [1, 2]);
    assert_eq!(terms_of(c.node(3).unwrap().log()), [1]);
    c
}

/// Panel (d): S1 crashes; S5 restarts, is elected (term 5, after a first try in term 4 that
/// S2 and S3 refuse: they voted for S1) with the votes of S2, S3 and S4, since its last term 3
/// beats their 2 and 1, and overwrites index 2 everywhere.
fn figure8_d(seed: u64, c: &mut Cluster) {
    act(c, Action::Crash { node: 0 });
    act(c, Action::RestoreLink { from: 0, to: 3 });
    act(c, Action::Restart { node: 4 });
    force(c, 4);
    c.advance_by(100 * MS);
    assert_ne!(
        role(c, 4),
        Role::Leader,
        "seed {seed}: term 4 votes went to S1"
    );
    force(c, 4);
    c.advance_by(150 * MS);
    assert_eq!(c.leader(), Some(4), "seed {seed}: S5 leads term 5");
}

/// With the unsafe switch S1 counts replicas of its term-2 entry and commits it in (c); S5 then
/// becomes leader in (d) without it: Leader Completeness fails (and once S5 overwrites it,
/// State Machine Safety would too).
#[test]
fn commit_previous_terms_reproduces_figure_8() {
    let switches = switch_set(|s| s.commit_previous_terms = true);
    for seed in 0..SEEDS {
        let mut c = figure8_c(seed, switches);
        assert_eq!(
            c.node(0).unwrap().commit_index(),
            2,
            "seed {seed}: the unsafe leader committed index 2 by counting replicas"
        );
        assert!(c.violation().is_none(), "seed {seed}: nothing wrong yet");
        figure8_d(seed, &mut c);
        let v = c.violation().expect("the checker noticed");
        assert!(
            matches!(
                v.property,
                Property::LeaderCompleteness | Property::StateMachineSafety
            ),
            "seed {seed}: {v}"
        );
        // S1 counted replicas of its term-2 entry while leading term 4.
        assert_eq!(
            v.cause,
            Some(Cause::CountedOldTerm {
                leader: 0,
                term: 4,
                index: 2,
                entry_term: 2
            }),
            "seed {seed}: {v}"
        );
        assert_eq!(
            v.cause.map(|c| c.switch()),
            Some(UnsafeSwitch::CommitPreviousTerms)
        );
    }
}

/// The rule of §5.4.2: "Raft never commits log entries from previous terms by counting
/// replicas". S1 leaves index 2 uncommitted in (c), so S5 overwriting it in (d) is legal.
#[test]
fn figure_8_without_the_switch_is_safe() {
    for seed in 0..SEEDS {
        let mut c = figure8_c(seed, UnsafeSwitches::default());
        assert_eq!(c.node(0).unwrap().commit_index(), 0, "seed {seed}");
        figure8_d(seed, &mut c);
        c.advance_by(200 * MS);
        for id in 1..4 {
            assert_eq!(
                terms_of(c.node(id).unwrap().log()),
                [1, 3],
                "seed {seed}: {} took S5's entry",
                Name(id)
            );
        }
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    }
}

/// Panel (e): if S1 replicates an entry of its own term 4 to a majority before crashing, that
/// entry commits, and with it index 2 (Log Matching); S5 cannot win an election any more,
/// because S2 and S3 now hold a log whose last term (4) beats S5's (3).
#[test]
fn figure_8_e_an_entry_of_the_current_term_protects_earlier_ones() {
    for seed in 0..SEEDS {
        let mut c = figure8_c(seed, UnsafeSwitches::default());
        let outcome = c
            .apply(Action::Propose {
                to: Target::Node(0),
                value: 44,
            })
            .unwrap();
        assert_eq!(
            outcome,
            raft_core::sim::Outcome::Proposed {
                node: 0,
                index: 3,
                term: 4
            }
        );
        c.advance_by(150 * MS);
        assert_eq!(c.node(0).unwrap().commit_index(), 3, "seed {seed}");
        act(&mut c, Action::Crash { node: 0 });
        act(&mut c, Action::Restart { node: 4 });
        for _ in 0..3 {
            force(&mut c, 4);
            c.advance_by(100 * MS);
            assert_ne!(role(&c, 4), Role::Leader, "seed {seed}: S5 cannot win");
        }
        for id in [1, 2] {
            assert!(
                events_of(&c, id).into_iter().any(|e| matches!(
                    e,
                    Event::VoteRefused {
                        to: 4,
                        reason: VoteRefusal::LogBehind {
                            candidate_last_term: 3,
                            own_last_term: 4,
                            ..
                        },
                        ..
                    }
                )),
                "seed {seed}: {} refused S5",
                Name(id)
            );
        }
        act(&mut c, Action::Restart { node: 0 });
        act(&mut c, Action::RestoreLink { from: 0, to: 3 });
        let done = settle(&mut c, 10_000, |c| {
            (0..5).all(|i| c.committed_at(i, 3) == Some(Command::Value(44)))
        });
        assert!(done, "seed {seed}: index 3 commits everywhere");
        for id in 0..5 {
            assert_eq!(
                terms_of(c.node(id).unwrap().log())[..3],
                [1, 2, 4],
                "seed {seed}"
            );
        }
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    }
}

// ---------------------------------------------------------------------------------------------
// Figure 2, persistent state: votedFor survives a crash.
// ---------------------------------------------------------------------------------------------

/// S1 wins term 1 with S3's vote while S2 is cut off; S3 crashes and restarts at once; then S1
/// is cut off from {S2, S3} and S2 campaigns, in term 1 too since it never heard of term 1.
fn vote_story(seed: u64, switches: UnsafeSwitches) -> Cluster {
    let mut c = Cluster::new(sim(3, switches), seed).unwrap();
    act(
        &mut c,
        Action::SetPartition {
            groups: vec![vec![0, 2], vec![1]],
        },
    );
    force(&mut c, 0);
    c.advance_by(100 * MS);
    assert_eq!(c.leader(), Some(0), "seed {seed}");
    assert_eq!(c.persistent(2).unwrap().voted_for, Some(0));
    act(&mut c, Action::Crash { node: 2 });
    act(&mut c, Action::Restart { node: 2 });
    act(
        &mut c,
        Action::SetPartition {
            groups: vec![vec![0], vec![1, 2]],
        },
    );
    assert_eq!(term(&c, 1), 0, "seed {seed}: S2 never heard of term 1");
    force(&mut c, 1);
    c.advance_by(100 * MS);
    assert_eq!(term(&c, 1), 1, "seed {seed}");
    c
}

/// Without votedFor on stable storage, S3 votes again in term 1 and term 1 gets two leaders:
/// Election Safety fails.
#[test]
fn forget_vote_on_restart_elects_two_leaders_in_one_term() {
    let switches = switch_set(|s| s.forget_vote_on_restart = true);
    for seed in 0..SEEDS {
        let c = vote_story(seed, switches);
        assert_eq!(role(&c, 0), Role::Leader);
        assert_eq!(role(&c, 1), Role::Leader);
        let v = c.violation().expect("the checker noticed");
        assert_eq!(v.property, Property::ElectionSafety, "seed {seed}: {v}");
        assert_eq!(
            v.breach,
            Breach::TwoLeaders {
                term: 1,
                first: 0,
                second: 1
            }
        );
        // S3 voted for S1, restarted without its vote, and voted for S2 in the same term.
        assert_eq!(
            v.cause,
            Some(Cause::VotedTwice {
                voter: 2,
                term: 1,
                first: 0,
                second: 1
            }),
            "seed {seed}: {v}"
        );
        assert_eq!(v.nodes(), [1, 0, 2]);
    }
}

/// With votedFor persisted S3 remembers its term-1 vote and refuses S2 (AlreadyVoted).
#[test]
fn a_persisted_vote_is_not_cast_twice() {
    for seed in 0..SEEDS {
        let mut c = vote_story(seed, UnsafeSwitches::default());
        assert_ne!(role(&c, 1), Role::Leader, "seed {seed}");
        assert!(events_of(&c, 2).into_iter().any(|e| matches!(
            e,
            Event::VoteRefused {
                to: 1,
                term: 1,
                reason: VoteRefusal::AlreadyVoted { voted_for: 0 },
                ..
            }
        )));
        // Later terms are legal: S2 or S3 times out into term 2 and wins it, while S1 still
        // believes it leads term 1 on its side of the partition.
        let done = c.run_until(c.now() + 20_000 * MS, |c| {
            [1, 2].iter().any(|&i| role(c, i) == Role::Leader)
        });
        assert!(done, "seed {seed}");
        assert!(term(&c, 1) >= 2 && term(&c, 2) >= 2, "seed {seed}");
        assert_eq!((role(&c, 0), term(&c, 0)), (Role::Leader, 1), "seed {seed}");
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
    }
}

// ---------------------------------------------------------------------------------------------
// The checker on its own, fed impossible histories.
// ---------------------------------------------------------------------------------------------

fn view(id: NodeId, role: Role, term: Term, log: &Log, commit_index: u64) -> NodeView<'_> {
    NodeView {
        id,
        role,
        term,
        log,
        commit_index,
        // These histories apply nothing: the state-machine check stays out of them.
        last_applied: 0,
        applied_digest: 0,
        members: None,
    }
}

fn leader_event(term: Term) -> Event {
    Event::RoleChanged {
        role: Role::Leader,
        term,
        reason: RoleReason::WonElection,
    }
}

/// Election Safety (§5.2): two leaders of one term. A second leader of a later term is fine.
#[test]
fn checker_reports_two_leaders_in_one_term() {
    let empty = Log::new();
    let mut k = Checker::new(&[&empty, &empty, &empty], &[1, 1, 1]);
    k.observe(
        1,
        10,
        &view(0, Role::Leader, 1, &empty, 0),
        &leader_event(1),
    );
    k.observe(
        2,
        20,
        &view(1, Role::Leader, 2, &empty, 0),
        &leader_event(2),
    );
    // The same leader announcing itself again is not a second leader.
    k.observe(
        3,
        30,
        &view(1, Role::Leader, 2, &empty, 0),
        &leader_event(2),
    );
    assert!(k.violation().is_none(), "{:?}", k.violation());
    k.observe(
        4,
        40,
        &view(2, Role::Leader, 1, &empty, 0),
        &leader_event(1),
    );
    let v = k.violation().expect("reported");
    assert_eq!(v.property, Property::ElectionSafety);
    assert_eq!((v.position, v.at), (4, 40));
}

/// Leader Append-Only (§5.3): a leader deleting entries from its log.
#[test]
fn checker_reports_a_leader_truncating_its_log() {
    let full = log(&[1, 1, 1]);
    let cut = log(&[1]);
    let mut k = Checker::new(&[&full, &full, &full], &[1, 1, 1]);
    // A follower truncating (uncommitted) entries is normal.
    k.observe(
        1,
        10,
        &view(1, Role::Follower, 1, &cut, 0),
        &Event::Truncated { from: 2, count: 2 },
    );
    assert!(k.violation().is_none());
    k.observe(2, 20, &view(0, Role::Leader, 1, &full, 0), &leader_event(1));
    k.observe(
        3,
        30,
        &view(0, Role::Leader, 1, &cut, 0),
        &Event::Truncated { from: 2, count: 2 },
    );
    assert_eq!(
        k.violation().expect("reported").property,
        Property::LeaderAppendOnly
    );
}

/// State Machine Safety (§5.4.3): two servers commit different entries at index 1.
#[test]
fn checker_reports_different_entries_committed_at_one_index() {
    let a = log(&[1]);
    let b = log(&[2]);
    let mut k = Checker::new(&[&a, &b, &Log::new()], &[2, 2, 2]);
    assert!(k.violation().is_none());
    let commit = Event::CommitAdvanced { from: 0, to: 1 };
    k.observe(1, 10, &view(0, Role::Follower, 2, &a, 1), &commit);
    assert!(k.violation().is_none());
    k.observe(2, 20, &view(1, Role::Follower, 2, &b, 1), &commit);
    let v = k.violation().expect("reported");
    assert_eq!(v.property, Property::StateMachineSafety);
    assert_eq!(v.position, 2);
}

/// State Machine Safety: a server deleting an entry it has committed.
#[test]
fn checker_reports_a_committed_entry_deleted() {
    let a = log(&[1, 1]);
    let mut k = Checker::new(&[&a, &a, &a], &[1, 1, 1]);
    k.observe(
        1,
        10,
        &view(1, Role::Follower, 1, &a, 2),
        &Event::CommitAdvanced { from: 0, to: 2 },
    );
    let shorter = log(&[1]);
    k.observe(
        2,
        20,
        &view(1, Role::Follower, 2, &shorter, 2),
        &Event::Truncated { from: 2, count: 1 },
    );
    assert_eq!(
        k.violation().expect("reported").property,
        Property::StateMachineSafety
    );
}

/// Log Matching (§5.3): two logs with an entry of the same index and term but different
/// entries before it.
#[test]
fn checker_reports_logs_that_do_not_match() {
    let a = log(&[1, 2]);
    let mut k = Checker::new(&[&a, &Log::new()], &[2, 2]);
    let b = Log::from_entries(vec![
        Entry {
            term: 1,
            command: Command::Value(7),
        },
        *a.entry(2).unwrap(),
    ]);
    k.observe(
        1,
        10,
        &view(1, Role::Follower, 2, &b, 0),
        &Event::Appended { from: 1, count: 2 },
    );
    assert_eq!(
        k.violation().expect("reported").property,
        Property::LogMatching
    );
}

/// Leader Completeness (§5.4): a leader of a later term without an entry committed earlier.
#[test]
fn checker_reports_a_leader_missing_a_committed_entry() {
    let a = log(&[1]);
    let empty = Log::new();
    let mut k = Checker::new(&[&a, &empty, &a], &[1, 1, 1]);
    k.observe(
        1,
        10,
        &view(0, Role::Leader, 1, &a, 1),
        &Event::CommitAdvanced { from: 0, to: 1 },
    );
    // A leader of the same term that committed it is fine; one of a later term with it too.
    k.observe(2, 20, &view(2, Role::Leader, 2, &a, 0), &leader_event(2));
    assert!(k.violation().is_none(), "{:?}", k.violation());
    k.observe(
        3,
        30,
        &view(1, Role::Leader, 3, &empty, 0),
        &leader_event(3),
    );
    assert_eq!(
        k.violation().expect("reported").property,
        Property::LeaderCompleteness
    );
}

/// A server's term and commit index never go back.
#[test]
fn checker_reports_terms_and_commits_going_back() {
    let a = log(&[1, 1]);
    let mut k = Checker::new(&[&a, &a], &[3, 3]);
    k.observe(
        1,
        10,
        &view(0, Role::Follower, 2, &a, 0),
        &Event::TermChanged { from: 3, to: 2 },
    );
    assert_eq!(k.violation().unwrap().property, Property::MonotonicTerm);

    let mut k = Checker::new(&[&a, &a], &[3, 3]);
    k.observe(
        1,
        10,
        &view(0, Role::Follower, 3, &a, 2),
        &Event::CommitAdvanced { from: 0, to: 2 },
    );
    k.observe(
        2,
        20,
        &view(0, Role::Follower, 3, &a, 1),
        &Event::CommitAdvanced { from: 2, to: 1 },
    );
    assert_eq!(k.violation().unwrap().property, Property::MonotonicCommit);
    // Only the first violation is kept.
    k.observe(
        3,
        30,
        &view(0, Role::Follower, 2, &a, 1),
        &Event::TermChanged { from: 3, to: 2 },
    );
    assert_eq!(k.violation().unwrap().property, Property::MonotonicCommit);
}

/// A restart resets the server's commit index to 0 without complaint (it is volatile).
#[test]
fn checker_accepts_a_commit_index_reset_by_a_restart() {
    let a = log(&[1, 1]);
    let mut k = Checker::new(&[&a, &a], &[1, 1]);
    k.observe(
        1,
        10,
        &view(0, Role::Follower, 1, &a, 2),
        &Event::CommitAdvanced { from: 0, to: 2 },
    );
    k.restarted(0);
    k.observe(
        2,
        20,
        &view(0, Role::Follower, 1, &a, 1),
        &Event::CommitAdvanced { from: 0, to: 1 },
    );
    assert!(k.violation().is_none(), "{:?}", k.violation());
    assert!(k.checks >= 2);
}
