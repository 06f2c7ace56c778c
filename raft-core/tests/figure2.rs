//! Figure 2 of the Raft paper (Ongaro and Ousterhout, "In Search of an Understandable Consensus
//! Algorithm", 2014), rule by rule, against single `Node`s driven by hand: messages in, messages
//! and events out. Each test cites the section it checks. A last group covers the extensions the
//! node implements: the no-op of §8, pre-vote (thesis §9.6) and CheckQuorum (thesis §6.2).
//!
//! Servers are S1, S2, … in prose and ids 0, 1, … in code.

use raft_core::event::{AppendRefusal, Event, RoleReason, VoteRefusal};
use raft_core::message::{
    AppendEntries, AppendEntriesResponse, Body, Conflict, Message, RequestVote, VoteResponse,
};
use raft_core::quorum::VoteResult;
use raft_core::rng;
use raft_core::state::TimerKind;
use raft_core::types::{Index, NodeId, Term, Time, MS};
use raft_core::{
    Backtracking, Command, Config, Entry, Input, Log, Node, NotLeader, Persistent, Role,
    UnsafeSwitches,
};

// ----- fixtures -------------------------------------------------------------------------------

mod common;
use common::by_hand::{config, deliver, elect, step, success, vote, Out, HEARTBEAT, MAX, MIN};

/// Entries with the given terms; each carries a value naming its term and index, so entries of
/// equal term at different places still differ.
fn entries_from(first_index: Index, terms: &[Term]) -> Vec<Entry> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &term)| Entry {
            term,
            command: Command::Value(term * 1000 + first_index + i as u64),
        })
        .collect()
}

fn state(term: Term, voted_for: Option<NodeId>, log_terms: &[Term]) -> Persistent {
    Persistent {
        current_term: term,
        voted_for,
        log: Log::from_entries(entries_from(1, log_terms)),
    }
}

fn terms(node: &Node) -> Vec<Term> {
    node.log().entries().iter().map(|e| e.term).collect()
}

/// A server of an `n`-server cluster, started at time 0 with `config` and `persistent`, its
/// start-up events drained.
fn server_with(id: NodeId, n: u8, config: Config, persistent: Persistent) -> Node {
    let mut node = Node::new(id, n, config, persistent, rng::seeded(2014, id as u64), 0);
    node.take_events();
    node.take_messages();
    node
}

fn server(id: NodeId, n: u8, persistent: Persistent) -> Node {
    server_with(id, n, config(), persistent)
}

fn request_vote(last_log_index: Index, last_log_term: Term) -> Body {
    Body::RequestVote(RequestVote {
        last_log_index,
        last_log_term,
        transfer: false,
    })
}

fn pre_vote(last_log_index: Index, last_log_term: Term) -> Body {
    Body::PreVote(RequestVote {
        last_log_index,
        last_log_term,
        transfer: false,
    })
}

fn append(prev_log_index: Index, prev_log_term: Term, terms: &[Term], commit: Index) -> Body {
    Body::AppendEntries(AppendEntries {
        prev_log_index,
        prev_log_term,
        entries: entries_from(prev_log_index + 1, terms),
        leader_commit: commit,
    })
}

fn heartbeat(prev_log_index: Index, prev_log_term: Term, commit: Index) -> Body {
    append(prev_log_index, prev_log_term, &[], commit)
}

fn rejection(prev_log_index: Index, conflict: Option<Conflict>) -> Body {
    Body::AppendEntriesResponse(AppendEntriesResponse {
        success: false,
        prev_log_index,
        match_index: 0,
        conflict,
    })
}

fn append_entries(m: &Message) -> (Index, Term, Vec<Term>, Index) {
    match &m.body {
        Body::AppendEntries(AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        }) => (
            *prev_log_index,
            *prev_log_term,
            entries.iter().map(|e| e.term).collect(),
            *leader_commit,
        ),
        other => panic!("expected AppendEntries, got {other:?}"),
    }
}

// ----- §5.1: terms ----------------------------------------------------------------------------

/// §5.1, Figure 2 "Rules for Servers, All Servers": "If RPC request or response contains term
/// T > currentTerm: set currentTerm = T, convert to follower". The vote belonged to the old
/// term and is forgotten. Checked for a leader receiving each kind of message.
#[test]
fn any_message_with_a_higher_term_makes_the_receiver_a_follower_of_that_term() {
    let bodies = [
        request_vote(0, 0),
        vote(false),
        heartbeat(0, 0, 0),
        rejection(0, None),
    ];
    for body in bodies {
        let mut s1 = server(0, 3, state(0, None, &[]));
        elect(&mut s1, 3, 0);
        assert_eq!((s1.term(), s1.voted_for()), (1, Some(0)));
        let out = deliver(&mut s1, 10 * MS, 2, 5, body.clone());
        assert_eq!(s1.role(), Role::Follower, "{body:?}");
        assert_eq!(s1.term(), 5, "{body:?}");
        assert!(out.has(Event::TermChanged { from: 1, to: 5 }));
        assert!(out.has(Event::RoleChanged {
            role: Role::Follower,
            term: 5,
            reason: RoleReason::HigherTerm
        }));
        // The term-1 vote for itself is gone; a RequestVote of term 5 may take the new one.
        match body {
            Body::RequestVote { .. } => assert_eq!(s1.voted_for(), Some(2)),
            _ => assert_eq!(s1.voted_for(), None, "{body:?}"),
        }
        // A deposed leader runs an election timer again, not the heartbeat.
        assert_eq!(s1.timer().kind, TimerKind::Election);
        // Only AppendEntries names the new leader.
        let expected = matches!(body, Body::AppendEntries { .. }).then_some(2);
        assert_eq!(s1.leader_hint(), expected, "{body:?}");
    }
}

/// §5.1: "If a server receives a request with a stale term number, it rejects the request."
/// RequestVote receiver rule 1: "Reply false if term < currentTerm". The reply carries the
/// receiver's term so the stale candidate can update itself.
#[test]
fn a_stale_request_vote_is_refused_with_the_receivers_term() {
    let mut s1 = server(0, 3, state(3, None, &[1]));
    let deadline = s1.next_timer_at();
    let out = deliver(&mut s1, MS, 1, 2, request_vote(5, 2));
    assert_eq!(
        out.events(),
        [Event::VoteRefused {
            to: 1,
            term: 2,
            pre_vote: false,
            reason: VoteRefusal::StaleTerm {
                term: 2,
                current: 3
            }
        }]
    );
    let reply = out.reply_to(1);
    assert_eq!((reply.term, &reply.body), (3, &vote(false)));
    assert_eq!((s1.term(), s1.voted_for()), (3, None));
    assert_eq!(
        s1.next_timer_at(),
        deadline,
        "a refusal is no reason to wait longer"
    );
}

/// AppendEntries receiver rule 1: "Reply false if term < currentTerm". Nothing else happens:
/// the log is untouched, the stale sender is not taken as leader, the timer keeps running.
#[test]
fn a_stale_append_entries_is_refused_with_the_receivers_term() {
    let mut s1 = server(0, 3, state(3, None, &[1, 1]));
    let deadline = s1.next_timer_at();
    let out = deliver(&mut s1, MS, 1, 2, append(2, 1, &[2], 2));
    assert_eq!(
        out.events(),
        [Event::AppendRefused {
            leader: 1,
            term: 2,
            reason: AppendRefusal::StaleTerm {
                term: 2,
                current: 3
            }
        }]
    );
    let reply = out.reply_to(1);
    assert_eq!((reply.term, &reply.body), (3, &rejection(2, None)));
    assert_eq!(terms(&s1), [1, 1]);
    assert_eq!(s1.commit_index(), 0);
    assert_eq!(s1.leader_hint(), None);
    assert_eq!(s1.next_timer_at(), deadline);
}

/// The stale leader learns the term from that reply and steps down (§5.1).
#[test]
fn a_stale_leader_steps_down_on_the_reply() {
    let mut s1 = server(0, 3, state(0, None, &[]));
    elect(&mut s1, 3, 0);
    let out = deliver(&mut s1, MS, 1, 3, rejection(0, None));
    assert_eq!((s1.role(), s1.term()), (Role::Follower, 3));
    assert!(out.messages.is_empty());
}

/// Replies of an older term are ignored (§5.1): a vote granted in an earlier election is not
/// counted, and an old term's AppendEntries success moves no matchIndex.
#[test]
fn replies_from_an_older_term_are_ignored() {
    let mut s1 = server(0, 5, state(2, None, &[1]));
    step(&mut s1, 0, Input::ForceTimeout);
    assert_eq!(s1.term(), 3);
    let out = deliver(&mut s1, MS, 1, 2, vote(true));
    assert!(out.events.is_empty() && out.messages.is_empty());
    assert_eq!(s1.votes().unwrap().granted_count(), 1);

    for peer in 1..=2 {
        deliver(&mut s1, MS, peer, 3, vote(true));
    }
    assert_eq!(s1.role(), Role::Leader);
    s1.take_events();
    let out = deliver(&mut s1, 2 * MS, 3, 2, success(1, 1));
    assert!(out.events.is_empty() && out.messages.is_empty());
    assert_eq!(s1.progress().unwrap()[3].match_index, 0);
}

// ----- §5.2: leader election ------------------------------------------------------------------

/// §5.2, Figure 2 "Followers": "If election timeout elapses without receiving AppendEntries
/// RPC from current leader or granting vote to candidate: convert to candidate". "Candidates":
/// "increment currentTerm, vote for self, reset election timer, send RequestVote RPCs to all
/// other servers".
#[test]
fn a_follower_times_out_and_becomes_a_candidate() {
    let mut s3 = server(2, 5, state(1, Some(0), &[1, 1]));
    let deadline = s3.next_timer_at();
    assert!((MIN..=MAX).contains(&deadline), "first timeout {deadline}");
    // Not yet.
    let out = step(&mut s3, deadline - 1, Input::Timer);
    assert!(out.events.is_empty() && out.messages.is_empty());
    assert_eq!(s3.role(), Role::Follower);

    let out = step(&mut s3, deadline, Input::Timer);
    assert_eq!(s3.role(), Role::Candidate);
    assert_eq!((s3.term(), s3.voted_for()), (2, Some(2)));
    assert_eq!(
        out.events(),
        [
            Event::TermChanged { from: 1, to: 2 },
            Event::RoleChanged {
                role: Role::Candidate,
                term: 2,
                reason: RoleReason::Timeout
            }
        ]
    );
    let timer = s3.timer();
    assert_eq!(timer.kind, TimerKind::Election);
    assert!(
        (deadline + MIN..=deadline + MAX).contains(&timer.deadline),
        "timer reset within [min, max]"
    );
    let mut to: Vec<NodeId> = out.messages.iter().map(|m| m.to).collect();
    to.sort_unstable();
    assert_eq!(to, [0, 1, 3, 4]);
    for m in &out.messages {
        assert_eq!((m.from, m.term, &m.body), (2, 2, &request_vote(2, 1)));
    }
    assert_eq!(
        s3.votes().unwrap().granted_count(),
        1,
        "it voted for itself"
    );
}

/// §5.2: "A server remains in follower state as long as it receives valid RPCs from a leader
/// or candidate": each AppendEntries of the current term resets the election timer.
#[test]
fn append_entries_from_the_leader_resets_the_election_timer() {
    let mut s1 = server(0, 3, state(1, None, &[]));
    let mut now = 0;
    for _ in 0..10 {
        let deadline = s1.next_timer_at();
        now = deadline - MS;
        let out = deliver(&mut s1, now, 1, 1, heartbeat(0, 0, 0));
        assert!(out.timer_reset());
        assert!(s1.next_timer_at() >= now + MIN);
        // The old deadline passes without an election.
        assert!(step(&mut s1, deadline, Input::Timer).messages.is_empty());
        assert_eq!(s1.role(), Role::Follower);
    }
    assert_eq!(s1.leader_hint(), Some(1));
    assert!(now > 5 * MIN);
}

/// Figure 2 "Followers": granting a vote resets the election timer; refusing one does not,
/// even when the request brings a higher term (otherwise a candidate that cannot win could
/// keep everyone from timing out).
#[test]
fn granting_a_vote_resets_the_timer_and_refusing_does_not() {
    let mut s1 = server(0, 3, state(1, None, &[1, 1]));
    let deadline = s1.next_timer_at();
    let out = deliver(&mut s1, 10 * MS, 1, 2, request_vote(0, 0));
    assert!(!out.timer_reset());
    assert_eq!(s1.next_timer_at(), deadline);
    assert_eq!(s1.term(), 2, "the term is adopted all the same");

    let out = deliver(&mut s1, 20 * MS, 2, 2, request_vote(2, 1));
    assert!(out.has(Event::VoteGranted {
        to: 2,
        term: 2,
        pre_vote: false
    }));
    assert!(out.timer_reset());
    assert!(s1.next_timer_at() >= 20 * MS + MIN);
}

/// §5.2: "Each server will vote for at most one candidate in a given term, on a
/// first-come-first-served basis". RequestVote receiver rule 2: grant "if votedFor is null or
/// candidateId" — so a candidate asking again (a retry) gets the same answer.
#[test]
fn one_vote_per_term_first_come_first_served() {
    let mut s1 = server(0, 5, state(1, None, &[]));
    let out = deliver(&mut s1, MS, 1, 2, request_vote(0, 0));
    assert_eq!(out.reply_to(1).body, vote(true));
    assert_eq!(s1.voted_for(), Some(1));

    let out = deliver(&mut s1, 2 * MS, 2, 2, request_vote(0, 0));
    assert_eq!(out.reply_to(2).body, vote(false));
    assert_eq!(
        out.events(),
        [Event::VoteRefused {
            to: 2,
            term: 2,
            pre_vote: false,
            reason: VoteRefusal::AlreadyVoted { voted_for: 1 }
        }]
    );

    let out = deliver(&mut s1, 3 * MS, 1, 2, request_vote(0, 0));
    assert_eq!(out.reply_to(1).body, vote(true), "the same candidate again");

    // A new term brings a new vote.
    let out = deliver(&mut s1, 4 * MS, 2, 3, request_vote(0, 0));
    assert_eq!(out.reply_to(2).body, vote(true));
    assert_eq!((s1.term(), s1.voted_for()), (3, Some(2)));
}

/// Figure 2, "Persistent state on all servers (updated on stable storage before responding to
/// RPCs)": currentTerm, votedFor and the log survive a crash; commitIndex is volatile.
#[test]
fn voted_for_survives_a_crash_and_restart() {
    let mut s1 = server(0, 3, state(1, None, &[1]));
    deliver(&mut s1, MS, 1, 2, request_vote(1, 1));
    deliver(&mut s1, 2 * MS, 1, 2, heartbeat(1, 1, 1));
    assert_eq!(s1.commit_index(), 1);

    let (persistent, rng) = s1.crash();
    assert_eq!(persistent, state(2, Some(1), &[1]));
    let mut s1 = Node::new(0, 3, config(), persistent, rng, 500 * MS);
    let out = Out::drained(&mut s1);
    assert_eq!(
        out.events(),
        [Event::RoleChanged {
            role: Role::Follower,
            term: 2,
            reason: RoleReason::Start
        }]
    );
    assert_eq!(
        (s1.term(), s1.voted_for(), s1.commit_index()),
        (2, Some(1), 0)
    );
    assert_eq!(terms(&s1), [1]);
    assert!(s1.next_timer_at() >= 500 * MS + MIN);

    let out = deliver(&mut s1, 501 * MS, 2, 2, request_vote(1, 1));
    assert_eq!(out.reply_to(2).body, vote(false));
    assert!(out.has(Event::VoteRefused {
        to: 2,
        term: 2,
        pre_vote: false,
        reason: VoteRefusal::AlreadyVoted { voted_for: 1 }
    }));
}

/// The unsafe switch `forget_vote_on_restart` drops votedFor at a crash, and the restarted
/// server votes a second time in the same term (what tests/safety_teeth.rs turns into two
/// leaders of one term).
#[test]
fn unsafe_forget_vote_on_restart_votes_twice() {
    let unsafe_config = Config {
        unsafe_switches: UnsafeSwitches {
            forget_vote_on_restart: true,
            ..UnsafeSwitches::default()
        },
        ..config()
    };
    let mut s1 = server_with(0, 3, unsafe_config.clone(), state(1, None, &[]));
    deliver(&mut s1, MS, 1, 2, request_vote(0, 0));
    let (persistent, rng) = s1.crash();
    assert_eq!((persistent.current_term, persistent.voted_for), (2, None));
    let mut s1 = Node::new(0, 3, unsafe_config, persistent, rng, 10 * MS);
    let out = deliver(&mut s1, 11 * MS, 2, 2, request_vote(0, 0));
    assert_eq!(out.reply_to(2).body, vote(true));
}

/// §5.2: "A candidate wins an election if it receives votes from a majority of the servers in
/// the full cluster for the same term". Refusals and repeated grants do not add up to one.
/// Figure 2 "Leaders": "Upon election: send initial empty AppendEntries RPCs (heartbeat) to
/// each server; repeat during idle periods".
#[test]
fn a_candidate_with_a_majority_becomes_leader_and_sends_heartbeats_at_once() {
    let mut s1 = server(0, 5, state(1, Some(0), &[1, 1]));
    step(&mut s1, 100 * MS, Input::ForceTimeout);
    assert_eq!(s1.term(), 2);
    let out = deliver(&mut s1, 110 * MS, 1, 2, vote(true));
    assert_eq!(
        out.events(),
        [Event::VoteReceived {
            from: 1,
            term: 2,
            granted: true,
            pre_vote: false,
            result: VoteResult::Pending,
        }]
    );
    deliver(&mut s1, 111 * MS, 1, 2, vote(true));
    deliver(&mut s1, 112 * MS, 2, 2, vote(false));
    let votes = s1.votes().unwrap();
    assert_eq!((votes.granted_count(), votes.refused_count()), (2, 1));
    assert_eq!(s1.role(), Role::Candidate, "2 of 5 is not a majority");

    let out = deliver(&mut s1, 120 * MS, 3, 2, vote(true));
    assert_eq!(s1.role(), Role::Leader);
    assert!(out.has(Event::RoleChanged {
        role: Role::Leader,
        term: 2,
        reason: RoleReason::WonElection
    }));
    assert_eq!(s1.leader_hint(), Some(0));
    let mut to: Vec<NodeId> = out.messages.iter().map(|m| m.to).collect();
    to.sort_unstable();
    assert_eq!(to, [1, 2, 3, 4], "a heartbeat to every other server");
    for m in &out.messages {
        assert_eq!(m.term, 2);
        assert_eq!(append_entries(m), (2, 1, vec![], 0));
    }
    assert_eq!(s1.timer().kind, TimerKind::Heartbeat);
    assert_eq!(s1.next_timer_at(), 120 * MS + HEARTBEAT);

    // "repeat during idle periods to prevent election timeouts".
    let out = step(&mut s1, 120 * MS + HEARTBEAT, Input::Timer);
    assert_eq!(out.messages.len(), 4);
    assert_eq!(s1.next_timer_at(), 120 * MS + 2 * HEARTBEAT);
}

/// §5.2: a candidate "wins an election if it receives votes from a majority of the servers".
/// Once refusals leave too few servers to make a majority, it cannot win this term: its tally
/// says Lost at once. It still waits for its election timeout, as the paper's candidate does.
#[test]
fn a_candidate_refused_by_a_majority_has_lost_but_waits_for_its_timeout() {
    let mut s1 = server(0, 5, state(1, Some(0), &[1]));
    step(&mut s1, 100 * MS, Input::ForceTimeout);
    assert_eq!(s1.vote_result(), Some(VoteResult::Pending));
    deliver(&mut s1, 110 * MS, 1, 2, vote(false));
    deliver(&mut s1, 111 * MS, 2, 2, vote(false));
    assert_eq!(
        s1.vote_result(),
        Some(VoteResult::Pending),
        "two refusals of five: the three others could still make a majority"
    );
    let out = deliver(&mut s1, 112 * MS, 3, 2, vote(false));
    assert_eq!(
        out.events(),
        [Event::VoteReceived {
            from: 3,
            term: 2,
            granted: false,
            pre_vote: false,
            result: VoteResult::Lost,
        }]
    );
    // A late grant cannot undo it: two votes of five at most.
    deliver(&mut s1, 113 * MS, 4, 2, vote(true));
    assert_eq!(s1.vote_result(), Some(VoteResult::Lost));
    assert_eq!((s1.role(), s1.term()), (Role::Candidate, 2));
}

/// A one-server cluster is its own majority: it wins at once and commits its own entries.
#[test]
fn a_single_server_is_its_own_majority() {
    let mut s1 = server(0, 1, state(0, None, &[]));
    let deadline = s1.next_timer_at();
    step(&mut s1, deadline, Input::Timer);
    assert_eq!((s1.role(), s1.term()), (Role::Leader, 1));
    assert_eq!(s1.propose(deadline, Command::Value(7)), Ok((1, 1)));
    assert_eq!(s1.commit_index(), 1);
}

/// §5.2: "If the leader's term (included in its RPC) is at least as large as the candidate's
/// current term, then the candidate recognizes the leader as legitimate and returns to
/// follower state." A stale one is rejected and the candidate carries on.
#[test]
fn a_candidate_steps_down_on_append_entries_of_its_own_term() {
    let mut s1 = server(0, 3, state(1, None, &[]));
    step(&mut s1, 0, Input::ForceTimeout);
    assert_eq!((s1.role(), s1.term()), (Role::Candidate, 2));

    let out = deliver(&mut s1, MS, 2, 1, heartbeat(0, 0, 0));
    assert_eq!(
        s1.role(),
        Role::Candidate,
        "a stale leader is not legitimate"
    );
    assert_eq!(out.reply_to(2).body, rejection(0, None));

    let out = deliver(&mut s1, 2 * MS, 1, 2, heartbeat(0, 0, 0));
    assert_eq!((s1.role(), s1.term()), (Role::Follower, 2));
    assert!(out.has(Event::RoleChanged {
        role: Role::Follower,
        term: 2,
        reason: RoleReason::LeaderOfTerm
    }));
    assert_eq!(s1.leader_hint(), Some(1));
    assert_eq!(s1.voted_for(), Some(0), "its own vote in term 2 stands");
    assert_eq!(out.reply_to(1).body, success(0, 0));
}

/// §5.2: "If many followers become candidates at the same time, votes could be split … each
/// candidate will time out and start a new election by incrementing its term". The node
/// reports the election it lost with its tally.
#[test]
fn a_candidate_that_times_out_starts_a_new_election_and_reports_the_lost_one() {
    let mut s1 = server(0, 5, state(3, None, &[2]));
    step(&mut s1, 0, Input::ForceTimeout);
    deliver(&mut s1, MS, 1, 4, vote(true));
    deliver(&mut s1, MS, 2, 4, vote(false));
    let deadline = s1.next_timer_at();
    let out = step(&mut s1, deadline, Input::Timer);
    assert_eq!(
        out.events(),
        [
            Event::ElectionLost {
                term: 4,
                granted: 2,
                refused: 1,
                needed: 3
            },
            Event::TermChanged { from: 4, to: 5 },
            Event::RoleChanged {
                role: Role::Candidate,
                term: 5,
                reason: RoleReason::Timeout
            }
        ]
    );
    assert_eq!((s1.term(), s1.voted_for()), (5, Some(0)));
    let votes = s1.votes().unwrap();
    assert_eq!((votes.granted_count(), votes.refused_count()), (1, 0));
    assert_eq!(out.messages.len(), 4);
    assert!(out.messages.iter().all(|m| m.term == 5));
}

/// §5.2: "Raft uses randomized election timeouts … chosen randomly from a fixed interval (e.g.,
/// 150–300ms)". Different servers draw different timeouts, each within the interval, and one
/// server's successive timeouts differ too.
#[test]
fn election_timeouts_are_randomized_within_the_interval() {
    let firsts: std::collections::BTreeSet<Time> = (0..5)
        .map(|id| server(id, 5, state(0, None, &[])).next_timer_at())
        .collect();
    assert!(firsts.len() >= 4, "five servers, timeouts {firsts:?}");

    let mut s1 = server(0, 5, state(0, None, &[]));
    let mut drawn = Vec::new();
    let mut now = 0;
    for _ in 0..200 {
        now += 10 * MS;
        deliver(&mut s1, now, 1, 0, heartbeat(0, 0, 0));
        drawn.push(s1.next_timer_at() - now);
    }
    assert!(drawn.iter().all(|t| (MIN..=MAX).contains(t)));
    let (lo, hi) = (drawn.iter().min().unwrap(), drawn.iter().max().unwrap());
    assert!(hi - lo > (MAX - MIN) * 8 / 10, "spread {lo}..{hi}");
}

// ----- §5.4.1: the election restriction ---------------------------------------------------------

/// Asks a fresh voter whose log has `voter_terms` (and term 5) for a vote in term 6 from a
/// candidate whose log ends at (`last_index`, `last_term`); returns the refusal, if any.
fn ask(
    voter_terms: &[Term],
    last_index: Index,
    last_term: Term,
    config: Config,
) -> Option<VoteRefusal> {
    let mut voter = server_with(0, 3, config, state(5, None, voter_terms));
    let out = deliver(&mut voter, MS, 1, 6, request_vote(last_index, last_term));
    let granted = out.reply_to(1).body == vote(true);
    let refusal = out.events.iter().find_map(|e| match e {
        Event::VoteRefused { reason, .. } => Some(*reason),
        _ => None,
    });
    assert_eq!(granted, refusal.is_none());
    refusal
}

/// §5.4.1: "If the logs have last entries with different terms, then the log with the later
/// term is more up-to-date" — whatever the lengths.
#[test]
fn election_restriction_compares_last_terms_first() {
    assert_eq!(
        ask(&[1, 1, 2], 5, 1, config()),
        Some(VoteRefusal::LogBehind {
            candidate_last_term: 1,
            candidate_last_index: 5,
            own_last_term: 2,
            own_last_index: 3
        }),
        "longer, but ends in an older term"
    );
    assert_eq!(
        ask(&[1, 1, 2], 2, 3, config()),
        None,
        "shorter, but ends in a later term"
    );
    assert!(ask(&[1, 1, 2], 0, 0, config()).is_some(), "empty");
}

/// §5.4.1: "If the logs end with the same term, then whichever log is longer is more
/// up-to-date"; a log exactly as up-to-date is good enough ("at least as up-to-date").
#[test]
fn election_restriction_compares_lengths_when_last_terms_agree() {
    assert_eq!(
        ask(&[1, 2, 2], 2, 2, config()),
        Some(VoteRefusal::LogBehind {
            candidate_last_term: 2,
            candidate_last_index: 2,
            own_last_term: 2,
            own_last_index: 3
        })
    );
    assert_eq!(ask(&[1, 2, 2], 3, 2, config()), None, "equal logs");
    assert_eq!(ask(&[1, 2, 2], 9, 2, config()), None, "longer");
    assert_eq!(ask(&[], 0, 0, config()), None, "both empty");
}

/// A voter that refuses for LogBehind still adopts the higher term (§5.1) and keeps its vote
/// for a better candidate of that term.
#[test]
fn a_log_behind_refusal_adopts_the_term_but_keeps_the_vote() {
    let mut voter = server(0, 3, state(5, None, &[1, 5]));
    deliver(&mut voter, MS, 1, 6, request_vote(1, 1));
    assert_eq!((voter.term(), voter.voted_for()), (6, None));
    let out = deliver(&mut voter, 2 * MS, 2, 6, request_vote(2, 5));
    assert_eq!(out.reply_to(2).body, vote(true));
}

/// The unsafe switch `no_election_restriction` grants the vote regardless of the log.
#[test]
fn unsafe_no_election_restriction_grants_a_candidate_with_a_shorter_log() {
    let unsafe_config = Config {
        unsafe_switches: UnsafeSwitches {
            no_election_restriction: true,
            ..UnsafeSwitches::default()
        },
        ..config()
    };
    assert_eq!(ask(&[1, 2, 2], 0, 0, unsafe_config), None);
}

// ----- §5.3: log replication, the follower's side -----------------------------------------------

/// AppendEntries receiver rule 2: "Reply false if log doesn't contain an entry at prevLogIndex
/// whose term matches prevLogTerm" — here, no entry at all. With fast backtracking (end of
/// §5.3) the reply says where the follower's log ends.
#[test]
fn append_entries_is_refused_when_the_log_has_no_entry_at_prev_log_index() {
    for (backtracking, conflict) in [
        (Backtracking::OneByOne, None),
        (
            Backtracking::ByConflictTerm,
            Some(Conflict {
                term: None,
                first_index: 3,
            }),
        ),
    ] {
        let c = Config {
            backtracking,
            ..config()
        };
        let mut s2 = server_with(1, 3, c, state(1, None, &[1, 1]));
        let out = deliver(&mut s2, MS, 0, 1, append(5, 1, &[1], 0));
        assert_eq!(
            out.events(),
            [Event::AppendRefused {
                leader: 0,
                term: 1,
                reason: AppendRefusal::NoEntry {
                    index: 5,
                    last_index: 2
                }
            }]
        );
        assert_eq!(out.reply_to(0).body, rejection(5, conflict));
        assert_eq!(terms(&s2), [1, 1]);
        // The leader is legitimate even if the logs do not match yet.
        assert_eq!(s2.leader_hint(), Some(0));
        assert!(out.timer_reset());
    }
}

/// Rule 2 again, with an entry of another term at prevLogIndex. Fast backtracking names that
/// term and the first index of its run in the follower's log. Nothing is deleted yet: only
/// entries after a matching prefix are ever replaced.
#[test]
fn append_entries_is_refused_when_the_term_at_prev_log_index_differs() {
    for (backtracking, conflict) in [
        (Backtracking::OneByOne, None),
        (
            Backtracking::ByConflictTerm,
            Some(Conflict {
                term: Some(2),
                first_index: 2,
            }),
        ),
    ] {
        let c = Config {
            backtracking,
            ..config()
        };
        let mut s2 = server_with(1, 3, c, state(3, None, &[1, 2, 2, 2]));
        let out = deliver(&mut s2, MS, 0, 3, append(4, 3, &[3], 0));
        assert_eq!(
            out.events(),
            [Event::AppendRefused {
                leader: 0,
                term: 3,
                reason: AppendRefusal::TermMismatch {
                    index: 4,
                    expected: 3,
                    found: 2
                }
            }]
        );
        assert_eq!(out.reply_to(0).body, rejection(4, conflict));
        assert_eq!(terms(&s2), [1, 2, 2, 2]);
    }
}

/// AppendEntries receiver rule 3: "If an existing entry conflicts with a new one (same index
/// but different terms), delete the existing entry and all that follow it". Entries that match
/// are skipped; the deletion starts at the first conflict. Rule 4: "Append any new entries not
/// already in the log".
#[test]
fn conflicting_entries_are_deleted_and_replaced() {
    let mut s2 = server(1, 3, state(2, None, &[1, 1, 2, 2]));
    let out = deliver(&mut s2, MS, 0, 3, append(1, 1, &[1, 3, 3], 0));
    assert_eq!(terms(&s2), [1, 1, 3, 3]);
    assert_eq!(
        out.events(),
        [
            Event::TermChanged { from: 2, to: 3 },
            Event::Truncated { from: 3, count: 2 },
            Event::Appended { from: 3, count: 2 }
        ]
    );
    assert_eq!(
        s2.log().entries().to_vec()[2..],
        entries_from(3, &[3, 3])[..]
    );
    assert_eq!(out.reply_to(0).body, success(1, 4));
}

/// Rule 3 deletes only on a conflict. §5.5: "Raft RPCs are idempotent … if a follower receives
/// an AppendEntries request that includes log entries already present in its log, it ignores
/// those entries in the new request." A delayed, shorter AppendEntries arriving after a longer
/// one must not cut the log back, or acknowledged entries would vanish. The reply vouches only
/// for what it carried.
#[test]
fn matching_entries_are_never_deleted_by_a_stale_append_entries() {
    let mut s2 = server(1, 3, state(1, None, &[]));
    let long = append(0, 0, &[1, 1, 1, 1], 0);
    let short = append(0, 0, &[1, 1], 0);
    let out = deliver(&mut s2, MS, 0, 1, long);
    assert_eq!(out.reply_to(0).body, success(0, 4));
    let out = deliver(&mut s2, 2 * MS, 0, 1, short);
    assert_eq!(terms(&s2), [1, 1, 1, 1]);
    assert!(
        !out.events
            .iter()
            .any(|e| matches!(e, Event::Truncated { .. } | Event::Appended { .. })),
        "{:?}",
        out.events
    );
    assert_eq!(out.reply_to(0).body, success(0, 2));

    // The same with a reordered middle piece.
    let out = deliver(&mut s2, 3 * MS, 0, 1, append(1, 1, &[1, 1], 0));
    assert_eq!(terms(&s2), [1, 1, 1, 1]);
    assert_eq!(out.reply_to(0).body, success(1, 3));
}

/// A heartbeat appends nothing; new entries are appended after a matching prefix.
#[test]
fn new_entries_are_appended_and_heartbeats_append_nothing() {
    let mut s2 = server(1, 3, state(1, None, &[1]));
    let out = deliver(&mut s2, MS, 0, 1, heartbeat(1, 1, 0));
    assert_eq!(out.events(), []);
    assert_eq!(out.reply_to(0).body, success(1, 1));
    let out = deliver(&mut s2, 2 * MS, 0, 1, append(1, 1, &[1, 1], 0));
    assert_eq!(out.events(), [Event::Appended { from: 2, count: 2 }]);
    assert_eq!(terms(&s2), [1, 1, 1]);
}

/// AppendEntries receiver rule 5: "If leaderCommit > commitIndex, set commitIndex =
/// min(leaderCommit, index of last new entry)". The last new entry is the last one this request
/// vouches for, not the end of the follower's log: here the follower's tail (indexes 3–5, of
/// term 1) is not the leader's (term 2) and must not be marked committed.
#[test]
fn commit_index_is_the_min_of_leader_commit_and_the_last_new_entry() {
    let mut s2 = server(1, 3, state(1, None, &[1, 1, 1, 1, 1]));
    let out = deliver(&mut s2, MS, 0, 2, append(1, 1, &[1], 5));
    assert_eq!(s2.commit_index(), 2, "not 5: entries 3–5 were not checked");
    assert!(out.has(Event::CommitAdvanced { from: 0, to: 2 }));

    // A heartbeat vouches for its prefix only.
    deliver(&mut s2, 2 * MS, 0, 2, heartbeat(2, 1, 5));
    assert_eq!(s2.commit_index(), 2);

    // The leader's entries replace the stale tail; now leaderCommit is the smaller one.
    deliver(&mut s2, 3 * MS, 0, 2, append(2, 1, &[2, 2, 2, 2], 4));
    assert_eq!(terms(&s2), [1, 1, 2, 2, 2, 2]);
    assert_eq!(s2.commit_index(), 4);

    // A smaller leaderCommit (an old, delayed request) never lowers the commit index.
    let out = deliver(&mut s2, 4 * MS, 0, 2, heartbeat(1, 1, 1));
    assert_eq!(s2.commit_index(), 4);
    assert!(!out
        .events
        .iter()
        .any(|e| matches!(e, Event::CommitAdvanced { .. })));
}

// ----- §5.3: log replication, the leader's side ------------------------------------------------

/// Figure 2, "Volatile state on leaders (reinitialized after election)": nextIndex "initialized
/// to leader last log index + 1", matchIndex "initialized to 0".
#[test]
fn a_new_leader_sets_next_index_past_its_log_and_match_index_to_zero() {
    let mut s1 = server(0, 3, state(1, None, &[1, 1, 1]));
    step(&mut s1, 0, Input::ForceTimeout);
    let out = deliver(&mut s1, MS, 1, 2, vote(true));
    for peer in [1, 2] {
        let p = s1.progress().unwrap()[peer];
        assert_eq!((p.next_index, p.match_index), (4, 0));
    }
    for m in &out.messages {
        assert_eq!(append_entries(m), (3, 1, vec![], 0));
    }
}

/// Figure 2 "Leaders": "If command received from client: append entry to local log" — and
/// replicate it at once to followers.
#[test]
fn a_leader_appends_a_proposal_and_replicates_it() {
    let mut s1 = server(0, 3, state(0, None, &[]));
    elect(&mut s1, 3, 0);
    assert_eq!(s1.propose(MS, Command::Value(9)), Ok((1, 1)));
    let events = s1.take_events();
    assert!(events.contains(&Event::Appended { from: 1, count: 1 }));
    assert!(events.contains(&Event::ProposalAccepted { index: 1, term: 1 }));
    let messages = s1.take_messages();
    assert_eq!(messages.len(), 2);
    for m in &messages {
        assert_eq!(append_entries(m), (0, 0, vec![1], 0));
    }
    // Proposals while a batch is unanswered wait for the reply or the next heartbeat.
    s1.propose(2 * MS, Command::Value(10)).unwrap();
    assert!(s1.take_messages().is_empty());
}

/// §8: "If the client contacts a follower, the follower rejects the client's request and
/// supplies information about the most recent leader it has heard from." A candidate knows of
/// none.
#[test]
fn proposals_to_non_leaders_are_refused_naming_the_leader() {
    let mut s2 = server(1, 3, state(1, None, &[]));
    assert_eq!(
        s2.propose(MS, Command::Value(1)),
        Err(NotLeader { leader: None })
    );
    deliver(&mut s2, 2 * MS, 2, 1, heartbeat(0, 0, 0));
    s2.take_events();
    assert_eq!(
        s2.step(3 * MS, Input::Propose(Command::Value(1))),
        Err(NotLeader { leader: Some(2) })
    );
    assert_eq!(
        s2.take_events(),
        [Event::ProposalRefused { leader: Some(2) }]
    );
    assert!(s2.log().entries().is_empty());
    assert!(s2.take_messages().is_empty());

    // A candidate knows no leader.
    step(&mut s2, 4 * MS, Input::ForceTimeout);
    assert_eq!(
        s2.propose(5 * MS, Command::Value(1)),
        Err(NotLeader { leader: None })
    );
}

/// Figure 2 "Leaders": "If AppendEntries fails because of log inconsistency: decrement
/// nextIndex and retry" — by exactly one in the basic mode, whatever the reply suggests.
#[test]
fn a_rejection_moves_next_index_back_by_one() {
    let mut s1 = server(0, 3, state(1, None, &[1, 1, 1]));
    elect(&mut s1, 3, 0);
    let out = deliver(&mut s1, MS, 1, 2, rejection(3, None));
    assert_eq!(
        out.events(),
        [Event::NextIndexBack {
            peer: 1,
            from: 4,
            to: 3
        }]
    );
    assert_eq!(append_entries(out.reply_to(1)), (2, 1, vec![1], 0));
    // A hint is ignored in this mode.
    let hint = Some(Conflict {
        term: None,
        first_index: 1,
    });
    let out = deliver(&mut s1, 2 * MS, 1, 2, rejection(2, hint));
    assert_eq!(s1.progress().unwrap()[1].next_index, 2);
    assert_eq!(append_entries(out.reply_to(1)), (1, 1, vec![1, 1], 0));
}

/// The optimisation at the end of §5.3: "the follower can include the term of the conflicting
/// entry and the first index it stores for that term. With this information, the leader can
/// decrement nextIndex to bypass all of the conflicting entries in that term".
#[test]
fn a_rejection_with_a_conflict_term_skips_the_whole_term() {
    let fast = Config {
        backtracking: Backtracking::ByConflictTerm,
        ..config()
    };
    // The leader's log: index 1..=7 with terms 1 1 3 3 4 4 4; it leads term 5.
    let leader = || {
        let mut s1 = server_with(0, 3, fast.clone(), state(4, None, &[1, 1, 3, 3, 4, 4, 4]));
        elect(&mut s1, 3, 0);
        assert_eq!(s1.progress().unwrap()[1].next_index, 8);
        s1
    };
    let cases = [
        // The follower has term 3 at index 7, from index 3 on: the leader also has term 3 and
        // resumes just after its own last entry of that term.
        (Some(3), 3, 5),
        // The follower has term 2 at index 7, from index 2 on: the leader has no term 2 and
        // skips the follower's whole run.
        (Some(2), 2, 2),
        // The follower's log ends at index 4.
        (None, 5, 5),
    ];
    for (term, first_index, expected) in cases {
        let mut s1 = leader();
        let out = deliver(
            &mut s1,
            MS,
            1,
            5,
            rejection(7, Some(Conflict { term, first_index })),
        );
        assert_eq!(
            out.events(),
            [Event::NextIndexBack {
                peer: 1,
                from: 8,
                to: expected
            }],
            "{term:?} from {first_index}"
        );
        let (prev, prev_term, _, _) = append_entries(out.reply_to(1));
        assert_eq!(
            (prev, Some(prev_term)),
            (expected - 1, s1.log().term_at(expected - 1))
        );
    }
}

/// Rejections that answer an older request than the last one sent (delayed or duplicated)
/// must not move nextIndex again, or the leader would skip back too far.
#[test]
fn stale_rejections_are_ignored() {
    let mut s1 = server(0, 3, state(1, None, &[1, 1, 1]));
    elect(&mut s1, 3, 0);
    deliver(&mut s1, MS, 1, 2, rejection(3, None));
    assert_eq!(s1.progress().unwrap()[1].next_index, 3);
    let out = deliver(&mut s1, 2 * MS, 1, 2, rejection(3, None));
    assert!(out.events.is_empty() && out.messages.is_empty());
    assert_eq!(s1.progress().unwrap()[1].next_index, 3);

    // Once the follower matched, an old rejection cannot undo it.
    deliver(&mut s1, 3 * MS, 1, 2, success(2, 3));
    let p = s1.progress().unwrap()[1];
    assert_eq!((p.next_index, p.match_index), (4, 3));
    deliver(&mut s1, 4 * MS, 1, 2, rejection(2, None));
    let p = s1.progress().unwrap()[1];
    assert_eq!((p.next_index, p.match_index), (4, 3));
}

/// Figure 2 "Leaders": "If successful: update nextIndex and matchIndex for follower"; "If
/// there exists an N such that N > commitIndex, a majority of matchIndex[i] ≥ N, and
/// log[N].term == currentTerm: set commitIndex = N". Followers learn it with the next
/// AppendEntries (leaderCommit).
#[test]
fn match_index_and_commit_index_advance_on_a_majority() {
    let mut s1 = server(0, 5, state(0, None, &[]));
    elect(&mut s1, 5, 0);
    s1.propose(MS, Command::Value(1)).unwrap();
    s1.propose(MS, Command::Value(2)).unwrap();
    s1.take_events();
    s1.take_messages();

    let out = deliver(&mut s1, 2 * MS, 1, 1, success(0, 2));
    assert_eq!(
        out.events(),
        [Event::MatchAdvanced {
            peer: 1,
            match_index: 2
        }]
    );
    assert_eq!(s1.commit_index(), 0, "2 of 5");
    let out = deliver(&mut s1, 3 * MS, 2, 1, success(0, 1));
    assert_eq!(
        s1.commit_index(),
        1,
        "index 1 is on 3 of 5, index 2 on 2 of 5"
    );
    assert!(out.has(Event::CommitAdvanced { from: 0, to: 1 }));
    // The follower still lacks index 2, so it gets it right away.
    assert_eq!(append_entries(out.reply_to(2)), (1, 1, vec![1], 1));
    deliver(&mut s1, 4 * MS, 2, 1, success(1, 2));
    assert_eq!(s1.commit_index(), 2);

    // A delayed success for less changes nothing.
    deliver(&mut s1, 5 * MS, 1, 1, success(0, 1));
    assert_eq!(s1.progress().unwrap()[1].match_index, 2);

    let out = step(&mut s1, HEARTBEAT, Input::Timer);
    for m in &out.messages {
        assert_eq!(
            append_entries(m).3,
            2,
            "leaderCommit in every AppendEntries"
        );
    }
}

// ----- §5.4.2, Figure 8: committing entries from previous terms --------------------------------

/// A leader of term 4 holding an entry of term 2 at index 2 (Figure 8 (c)), with four of five
/// servers answering. Returns it with S2 and S3 confirmed to hold index 2.
fn figure8_leader(config: Config) -> Node {
    let mut s1 = server_with(0, 5, config, state(3, None, &[1, 2]));
    elect(&mut s1, 5, 0);
    assert_eq!(s1.term(), 4);
    for peer in [1, 2] {
        deliver(&mut s1, MS, peer, 4, success(2, 2));
    }
    s1
}

/// §5.4.2: "Raft never commits log entries from previous terms by counting replicas. Only log
/// entries from the leader's current term are committed by counting replicas; once an entry
/// from the current term has been committed in this way, then all prior entries are committed
/// indirectly because of the Log Matching Property."
#[test]
fn figure_8_a_leader_does_not_commit_an_earlier_terms_entry_by_counting_replicas() {
    let mut s1 = figure8_leader(config());
    assert_eq!(
        s1.commit_index(),
        0,
        "index 2 is on S1, S2 and S3, but of term 2"
    );
    assert_eq!(s1.propose(2 * MS, Command::Value(4)), Ok((3, 4)));
    deliver(&mut s1, 3 * MS, 1, 4, success(2, 3));
    assert_eq!(s1.commit_index(), 0);
    let out = deliver(&mut s1, 3 * MS, 2, 4, success(2, 3));
    assert_eq!(
        s1.commit_index(),
        3,
        "the term-4 entry commits, and index 2 with it"
    );
    assert!(out.has(Event::CommitAdvanced { from: 0, to: 3 }));
}

/// The unsafe switch `commit_previous_terms` commits the term-2 entry by counting — the mistake
/// Figure 8 (d) punishes (see tests/safety_teeth.rs).
#[test]
fn unsafe_commit_previous_terms_commits_by_counting_replicas() {
    let unsafe_config = Config {
        unsafe_switches: UnsafeSwitches {
            commit_previous_terms: true,
            ..UnsafeSwitches::default()
        },
        ..config()
    };
    let s1 = figure8_leader(unsafe_config);
    assert_eq!(s1.commit_index(), 2);
}

/// §8: "Raft handles this by having each leader commit a blank no-op entry into the log at the
/// start of its term." With `leader_noop` the first AppendEntries already carry it, and its
/// replication commits the earlier terms' entries.
#[test]
fn leader_noop_appends_an_entry_of_the_new_term_on_election() {
    let with_noop = Config {
        leader_noop: true,
        ..config()
    };
    let mut s1 = server_with(0, 3, with_noop, state(1, None, &[1, 1]));
    step(&mut s1, 0, Input::ForceTimeout);
    let out = deliver(&mut s1, MS, 1, 2, vote(true));
    assert_eq!(
        s1.log().entries()[2],
        Entry {
            term: 2,
            command: Command::Noop
        }
    );
    assert!(out.has(Event::Appended { from: 3, count: 1 }));
    assert_eq!(out.messages.len(), 2);
    for m in &out.messages {
        assert_eq!(append_entries(m), (2, 1, vec![2], 0));
    }
    deliver(&mut s1, 2 * MS, 1, 2, success(2, 3));
    assert_eq!(s1.commit_index(), 3);
}

// ----- Extensions: pre-vote (thesis §9.6) -------------------------------------------------------

fn pre_vote_config() -> Config {
    Config {
        pre_vote: true,
        ..config()
    }
}

/// Thesis §9.6: with pre-vote, a server that times out first asks whether it could win, without
/// incrementing its term or voting; the PreVote carries the term it would campaign in.
#[test]
fn a_pre_candidate_does_not_increment_its_term() {
    let mut s1 = server_with(0, 3, pre_vote_config(), state(2, Some(1), &[1, 2]));
    let deadline = s1.next_timer_at();
    let out = step(&mut s1, deadline, Input::Timer);
    assert_eq!(s1.role(), Role::PreCandidate);
    assert_eq!((s1.term(), s1.voted_for()), (2, Some(1)));
    assert_eq!(
        out.events(),
        [Event::RoleChanged {
            role: Role::PreCandidate,
            term: 2,
            reason: RoleReason::Timeout
        }]
    );
    assert_eq!(out.messages.len(), 2);
    for m in &out.messages {
        assert_eq!((m.term, &m.body), (3, &pre_vote(2, 2)));
    }
    // Losing pre-vote rounds over and over (cut off from everyone) leaves the term alone.
    for _ in 0..5 {
        let deadline = s1.next_timer_at();
        step(&mut s1, deadline, Input::Timer);
    }
    assert_eq!((s1.role(), s1.term()), (Role::PreCandidate, 2));
}

/// Thesis §9.6: a server grants a pre-vote only if it has not heard from a leader within the
/// minimum election timeout (and the log is up-to-date, §5.4.1); either way its own term and
/// vote are unchanged.
#[test]
fn a_follower_that_heard_from_a_leader_recently_refuses_a_pre_vote() {
    let mut s2 = server_with(1, 3, pre_vote_config(), state(2, None, &[1, 2]));
    deliver(&mut s2, 100 * MS, 0, 2, heartbeat(2, 2, 0));
    let out = deliver(&mut s2, 150 * MS, 2, 3, pre_vote(2, 2));
    assert_eq!(
        out.events(),
        [Event::VoteRefused {
            to: 2,
            term: 3,
            pre_vote: true,
            reason: VoteRefusal::LeaderAlive { leader: 0 }
        }]
    );
    let reply = out.reply_to(2);
    assert_eq!(
        (reply.term, &reply.body),
        (2, &Body::PreVoteResponse(VoteResponse { granted: false }))
    );

    // An election timeout later the leader counts as gone.
    let out = deliver(&mut s2, 100 * MS + MIN, 2, 3, pre_vote(2, 2));
    assert_eq!(
        out.reply_to(2).body,
        Body::PreVoteResponse(VoteResponse { granted: true })
    );
    assert!(out.has(Event::VoteGranted {
        to: 2,
        term: 3,
        pre_vote: true
    }));
    // A candidate whose log is behind is refused as in a real election.
    let out = deliver(&mut s2, 100 * MS + MIN, 2, 3, pre_vote(5, 1));
    assert_eq!(
        out.reply_to(2).body,
        Body::PreVoteResponse(VoteResponse { granted: false })
    );
    assert_eq!((s2.term(), s2.voted_for()), (2, None));
}

/// Thesis §9.6: only once a pre-candidate has pre-votes from a majority does it increment its
/// term and start a normal election (RoleReason::WonPreVote).
#[test]
fn a_pre_vote_win_leads_to_a_real_election() {
    let mut s1 = server_with(0, 5, pre_vote_config(), state(2, None, &[1]));
    let deadline = s1.next_timer_at();
    step(&mut s1, deadline, Input::Timer);
    let granted = Body::PreVoteResponse(VoteResponse { granted: true });
    deliver(&mut s1, deadline + MS, 1, 3, granted.clone());
    assert_eq!(s1.role(), Role::PreCandidate);
    let out = deliver(&mut s1, deadline + MS, 2, 3, granted);
    assert_eq!(
        (s1.role(), s1.term(), s1.voted_for()),
        (Role::Candidate, 3, Some(0))
    );
    assert!(out.has(Event::RoleChanged {
        role: Role::Candidate,
        term: 3,
        reason: RoleReason::WonPreVote
    }));
    assert_eq!(out.messages.len(), 4);
    assert!(out
        .messages
        .iter()
        .all(|m| (m.term, &m.body) == (3, &request_vote(1, 1))));
}

/// A forced timeout (the teaching control) skips the pre-vote and starts a real election; a
/// leader ignores it.
#[test]
fn a_forced_timeout_starts_a_real_election_and_leaders_ignore_it() {
    let mut s1 = server_with(0, 3, pre_vote_config(), state(2, None, &[]));
    step(&mut s1, MS, Input::ForceTimeout);
    assert_eq!((s1.role(), s1.term()), (Role::Candidate, 3));
    deliver(&mut s1, 2 * MS, 1, 3, vote(true));
    assert_eq!(s1.role(), Role::Leader);
    s1.take_events();
    let out = step(&mut s1, 3 * MS, Input::ForceTimeout);
    assert!(out.events.is_empty() && out.messages.is_empty());
    assert_eq!((s1.role(), s1.term()), (Role::Leader, 3));
}

// ----- Extensions: CheckQuorum (thesis §6.2) ----------------------------------------------------

fn check_quorum_config() -> Config {
    Config {
        check_quorum: true,
        ..config()
    }
}

/// Thesis §6.2: "a leader steps down if an election timeout elapses without a successful round
/// of heartbeats to a majority of its cluster". Its term stays; it simply stops leading.
#[test]
fn check_quorum_a_leader_that_hears_from_no_majority_steps_down() {
    let mut s1 = server_with(0, 3, check_quorum_config(), state(0, None, &[]));
    elect(&mut s1, 3, 0);
    let mut stepped_down = None;
    while s1.role() == Role::Leader {
        let at = s1.next_timer_at();
        assert!(at <= 2 * MAX, "still leading at {at}");
        let out = step(&mut s1, at, Input::Timer);
        if out.has(Event::RoleChanged {
            role: Role::Follower,
            term: 1,
            reason: RoleReason::LostQuorum,
        }) {
            stepped_down = Some(at);
        }
    }
    let at = stepped_down.expect("stepped down for LostQuorum");
    assert!((MAX..MAX + HEARTBEAT).contains(&at), "at {at}");
    assert_eq!((s1.term(), s1.leader_hint()), (1, None));
    assert_eq!(s1.timer().kind, TimerKind::Election);
}

/// The same leader stays while one follower (with itself, a majority of three) answers.
#[test]
fn check_quorum_a_leader_that_hears_from_a_majority_stays() {
    let mut s1 = server_with(0, 3, check_quorum_config(), state(0, None, &[]));
    elect(&mut s1, 3, 0);
    while s1.next_timer_at() < 10 * MAX {
        let at = s1.next_timer_at();
        step(&mut s1, at, Input::Timer);
        deliver(&mut s1, at + MS, 2, 1, success(0, 0));
    }
    assert_eq!(s1.role(), Role::Leader);
}

/// §6 of the paper (and thesis §4.2.3), the lease that comes with CheckQuorum: "if a server
/// receives a RequestVote RPC within the minimum election timeout of hearing from a current
/// leader, it does not update its term or grant its vote", so a server coming back from a
/// partition cannot depose a working leader.
#[test]
fn check_quorum_followers_ignore_a_disruptive_candidate_while_the_leader_is_alive() {
    let mut s2 = server_with(1, 3, check_quorum_config(), state(1, None, &[1]));
    deliver(&mut s2, 100 * MS, 0, 1, heartbeat(1, 1, 1));
    let out = deliver(&mut s2, 120 * MS, 2, 7, request_vote(1, 1));
    assert!(out.messages.is_empty());
    assert_eq!(
        out.events(),
        [Event::VoteRefused {
            to: 2,
            term: 7,
            pre_vote: false,
            reason: VoteRefusal::LeaderAlive { leader: 0 }
        }]
    );
    assert_eq!((s2.term(), s2.leader_hint()), (1, Some(0)));

    // Past the lease the request is handled normally.
    let out = deliver(&mut s2, 100 * MS + MIN, 2, 7, request_vote(1, 1));
    assert_eq!(out.reply_to(2).body, vote(true));
    assert_eq!(s2.term(), 7);
}
