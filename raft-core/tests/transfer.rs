//! Leadership transfer, Ongaro's dissertation §3.10, rule by rule against single `Node`s driven
//! by hand, in the style of `figure2.rs`. §3.10 in short: "the prior leader stops accepting new
//! client requests", "brings the target server's log up to date", then "sends it a TimeoutNow
//! request", which makes the target "start a new election"; if the transfer "does not complete
//! within an election timeout, the prior leader aborts the transfer and resumes accepting
//! client requests". Then the cases of etcd's raft tests (`TestLeaderTransfer*`) that apply.
//!
//! Servers are S1, S2, … in prose and ids 0, 1, … in code.

use raft_core::event::{Event, RoleReason, VoteRefusal};
use raft_core::message::{AppendEntries, Body, RequestVote};
use raft_core::rng;
use raft_core::types::{Index, NodeId, Term, MS};
use raft_core::{
    Command, Config, Entry, Input, Log, Node, NotLeader, Persistent, Role, TransferRefusal,
    UnsafeSwitches,
};

mod common;
use common::by_hand::{config, deliver, elect, success, Out, MAX};

fn log_of(terms: &[Term]) -> Log {
    Log::from_entries(
        terms
            .iter()
            .enumerate()
            .map(|(i, &term)| Entry {
                term,
                command: Command::Value(term * 1000 + 1 + i as u64),
            })
            .collect(),
    )
}

fn server_with(id: NodeId, n: u8, config: Config, term: Term, log: &[Term]) -> Node {
    let persistent = Persistent {
        current_term: term,
        voted_for: None,
        log: log_of(log),
    };
    let mut node = Node::new(id, n, config, persistent, rng::seeded(310, id as u64), 0);
    node.take_events();
    node.take_messages();
    node
}

/// S1 leads term 2 of three servers holding `[1, 1, 1]`; `followers_match` are the matchIndex
/// values S2 and S3 report (a follower that reports less lags behind).
fn leader_with_followers_at(s2_match: Index, s3_match: Index) -> Node {
    let mut s1 = server_with(0, 3, config(), 1, &[1, 1, 1]);
    elect(&mut s1, 3, 0);
    for (peer, matched) in [(1, s2_match), (2, s3_match)] {
        if matched > 0 {
            deliver(&mut s1, MS, peer, 2, success(matched, matched));
        }
    }
    Out::drained(&mut s1);
    s1
}

// ----- §3.10, step 1: stop accepting client requests ---------------------------------------

/// §3.10: "The prior leader stops accepting new client requests" while it transfers. A
/// refused proposal says why (a reason code) and points the client at the server about to lead.
#[test]
fn a_transferring_leader_refuses_proposals_with_a_reason() {
    let mut s1 = leader_with_followers_at(3, 3);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    Out::drained(&mut s1);
    let before = s1.log().last_index();
    let refused = s1.propose(11 * MS, Command::Value(7));
    assert_eq!(refused, Err(NotLeader { leader: Some(2) }));
    assert_eq!(s1.log().last_index(), before, "nothing appended");
    assert!(Out::drained(&mut s1).has(Event::ProposalRefusedInTransfer { to: 2 }));
}

// ----- §3.10, step 2: bring the target up to date ------------------------------------------

/// §3.10: "the prior leader sends it any missing entries" first. Against a lagging target the
/// leader sends AppendEntries, not TimeoutNow; TimeoutNow goes as soon as the target's
/// matchIndex reaches the leader's last index, and not before.
#[test]
fn a_lagging_target_is_brought_up_to_date_before_it_is_told_to_time_out() {
    let mut s1 = leader_with_followers_at(3, 1);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    let out = Out::drained(&mut s1);
    assert!(out.has(Event::TransferStarted { to: 2 }));
    assert!(!out.sent_timeout_now_to(2), "S3 lags: no TimeoutNow yet");
    let appends = out.appends_to(2);
    assert!(!appends.is_empty(), "S3 is sent its missing entries");
    // S3 stores up to index 2 only: still behind the leader's last index 3.
    let out = deliver(&mut s1, 20 * MS, 2, 2, success(1, 2));
    assert!(!out.sent_timeout_now_to(2));
    // Now S3 holds index 3: TimeoutNow goes at once.
    let out = deliver(&mut s1, 30 * MS, 2, 2, success(2, 3));
    assert!(out.sent_timeout_now_to(2));
    assert_eq!(s1.transferring_to(), Some(2), "still blocking proposals");
}

// ----- §3.10, step 3: TimeoutNow ------------------------------------------------------------

/// §3.10: with an up-to-date target, "the prior leader sends it a TimeoutNow request" at once.
#[test]
fn an_up_to_date_target_is_told_to_time_out_at_once() {
    let mut s1 = leader_with_followers_at(3, 3);
    s1.transfer_leadership(10 * MS, 1).unwrap();
    let out = Out::drained(&mut s1);
    assert!(out.has(Event::TransferStarted { to: 1 }));
    assert!(out.sent_timeout_now_to(1));
    assert_eq!(s1.transferring_to(), Some(1));
    assert_eq!(s1.transfer_deadline(), Some(10 * MS + MAX));
}

/// §3.10: "This request has the same effect as the target server's election timer firing: the
/// target server starts a new election (incrementing its term)". It campaigns at once, without
/// a pre-vote round (the pre-vote would be refused: everyone just heard from the leader), and
/// its RequestVotes say they come from a transfer.
#[test]
fn timeout_now_starts_an_election_at_once_in_a_higher_term() {
    let pre_vote = Config {
        pre_vote: true,
        ..config()
    };
    let mut s3 = server_with(2, 3, pre_vote, 2, &[1, 1, 1]);
    let out = deliver(&mut s3, 10 * MS, 0, 2, Body::TimeoutNow);
    assert_eq!(s3.role(), Role::Candidate);
    assert_eq!(s3.term(), 3);
    assert!(out.has(Event::RoleChanged {
        role: Role::Candidate,
        term: 3,
        reason: RoleReason::TimeoutNow
    }));
    let requests: Vec<_> = out
        .messages
        .iter()
        .filter_map(|m| match m.body {
            Body::RequestVote(r) => Some((m.to, m.term, r)),
            _ => None,
        })
        .collect();
    assert_eq!(requests.len(), 2);
    for (_, term, request) in requests {
        assert_eq!(term, 3);
        assert!(request.transfer);
        assert_eq!((request.last_log_index, request.last_log_term), (3, 1));
    }
}

/// A TimeoutNow of an older term is stale: a leader of that term no longer speaks for the
/// cluster, so it changes nothing (§5.1).
#[test]
fn a_stale_timeout_now_changes_nothing() {
    let mut s3 = server_with(2, 3, config(), 4, &[1, 1, 1]);
    let out = deliver(&mut s3, 10 * MS, 0, 2, Body::TimeoutNow);
    assert_eq!((s3.role(), s3.term()), (Role::Follower, 4));
    assert!(out.messages.is_empty());
}

/// The leader lease of CheckQuorum (thesis §4.2.3) makes followers ignore a candidate while
/// they hear from a leader. The leader itself asked for this election, so the lease does not
/// apply (etcd's campaign transfer), but the log check of §5.4.1 still does.
#[test]
fn voters_set_aside_the_leader_lease_for_a_transfer_candidate_but_not_the_log_check() {
    let check_quorum = Config {
        check_quorum: true,
        ..config()
    };
    let transfer_vote = |last_log_index, last_log_term, transfer| {
        Body::RequestVote(RequestVote {
            last_log_index,
            last_log_term,
            transfer,
        })
    };
    // S2 heard from leader S1 in term 2 just now.
    let fresh_follower = || {
        let mut s2 = server_with(1, 3, check_quorum.clone(), 2, &[1, 1, 1]);
        let heartbeat = Body::AppendEntries(AppendEntries {
            prev_log_index: 3,
            prev_log_term: 1,
            entries: Vec::new(),
            leader_commit: 3,
        });
        deliver(&mut s2, 10 * MS, 0, 2, heartbeat);
        s2
    };
    // An ordinary candidate is ignored under the lease.
    let mut s2 = fresh_follower();
    let out = deliver(&mut s2, 20 * MS, 2, 3, transfer_vote(3, 1, false));
    assert!(out.has(Event::VoteRefused {
        to: 2,
        term: 3,
        pre_vote: false,
        reason: VoteRefusal::LeaderAlive { leader: 0 }
    }));
    assert_eq!(s2.term(), 2);
    // A transfer candidate with an up-to-date log gets the vote.
    let mut s2 = fresh_follower();
    let out = deliver(&mut s2, 20 * MS, 2, 3, transfer_vote(3, 1, true));
    assert!(out.has(Event::VoteGranted {
        to: 2,
        term: 3,
        pre_vote: false
    }));
    // A transfer candidate whose log is behind is still refused (§5.4.1).
    let mut s2 = fresh_follower();
    let out = deliver(&mut s2, 20 * MS, 2, 3, transfer_vote(2, 1, true));
    assert!(out.events.iter().any(|e| matches!(
        e,
        Event::VoteRefused {
            reason: VoteRefusal::LogBehind { .. },
            ..
        }
    )));
}

// ----- §3.10: abandoning a transfer ----------------------------------------------------------

/// §3.10: "If the transfer does not complete within an election timeout, the prior leader
/// aborts the transfer and resumes accepting client requests." (etcd: a transfer to a crashed
/// follower times out.) Here the target never answers.
#[test]
fn a_transfer_that_does_not_complete_within_an_election_timeout_is_abandoned() {
    let mut s1 = leader_with_followers_at(3, 1);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    Out::drained(&mut s1);
    let deadline = s1.transfer_deadline().unwrap();
    // Heartbeats before the deadline keep the transfer.
    while s1.next_timer_at() < deadline {
        let now = s1.next_timer_at();
        s1.step(now, Input::Timer).unwrap();
        assert_eq!(s1.transferring_to(), Some(2), "at {now}");
    }
    Out::drained(&mut s1);
    s1.step(s1.next_timer_at(), Input::Timer).unwrap();
    let out = Out::drained(&mut s1);
    assert!(out.has(Event::TransferAbandoned {
        to: 2,
        superseded: false
    }));
    assert_eq!(s1.transferring_to(), None);
    assert_eq!(s1.role(), Role::Leader, "the leader resumes");
    let (index, _) = s1.propose(deadline + MS, Command::Value(9)).unwrap();
    assert_eq!(index, 4, "proposals are accepted again");
}

// ----- refusals, and etcd's second transfer ---------------------------------------------------

/// Transfer to itself, to a server that does not exist, or by a server that does not lead, is
/// refused with a reason, and nothing changes.
#[test]
fn impossible_transfers_are_refused_with_a_reason() {
    let mut s1 = leader_with_followers_at(3, 3);
    assert_eq!(
        s1.transfer_leadership(10 * MS, 0),
        Err(TransferRefusal::ToSelf)
    );
    assert_eq!(
        s1.transfer_leadership(10 * MS, 3),
        Err(TransferRefusal::UnknownServer { to: 3 })
    );
    assert_eq!(s1.transferring_to(), None);
    let out = Out::drained(&mut s1);
    assert!(out.messages.is_empty() && out.events.is_empty());
    let mut s2 = server_with(1, 3, config(), 2, &[1]);
    assert_eq!(
        s2.transfer_leadership(10 * MS, 2),
        Err(TransferRefusal::NotLeader)
    );
}

/// etcd `TestLeaderTransferSecondTransferToSameNode`: asking again for the same target is
/// refused and does not extend the deadline. etcd `TestLeaderTransferSecondTransferToAnotherNode`:
/// a transfer to another server replaces the pending one.
#[test]
fn a_second_transfer_to_the_same_server_is_refused_and_to_another_replaces_the_first() {
    let mut s1 = leader_with_followers_at(3, 1);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    let deadline = s1.transfer_deadline();
    assert_eq!(
        s1.transfer_leadership(100 * MS, 2),
        Err(TransferRefusal::AlreadyTransferring { to: 2 })
    );
    assert_eq!(s1.transfer_deadline(), deadline, "not extended");
    Out::drained(&mut s1);
    s1.transfer_leadership(100 * MS, 1).unwrap();
    let out = Out::drained(&mut s1);
    assert!(out.has(Event::TransferAbandoned {
        to: 2,
        superseded: true
    }));
    assert!(out.has(Event::TransferStarted { to: 1 }));
    assert!(out.sent_timeout_now_to(1), "S2 is up to date");
    assert_eq!(s1.transferring_to(), Some(1));
    assert_eq!(s1.transfer_deadline(), Some(100 * MS + MAX));
}

/// The transfer ends with the leadership: once the target's RequestVote of the higher term
/// reaches the prior leader, it becomes a follower (§5.1), grants its vote (the target is as
/// up-to-date as it) and has no transfer left.
#[test]
fn the_prior_leader_steps_down_and_votes_for_the_target() {
    let mut s1 = leader_with_followers_at(3, 3);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    Out::drained(&mut s1);
    let out = deliver(
        &mut s1,
        20 * MS,
        2,
        3,
        Body::RequestVote(RequestVote {
            last_log_index: 3,
            last_log_term: 1,
            transfer: true,
        }),
    );
    assert_eq!(
        (s1.role(), s1.term(), s1.voted_for()),
        (Role::Follower, 3, Some(2))
    );
    assert_eq!(s1.transferring_to(), None);
    assert!(out.has(Event::VoteGranted {
        to: 2,
        term: 3,
        pre_vote: false
    }));
}

// ----- the unsafe switch ---------------------------------------------------------------------

/// UNSAFE `trust_transfer_target`: the leader tells a lagging target to time out at once, and
/// voters grant a transfer candidate's vote without comparing logs. Both halves of the rule,
/// one node at a time.
#[test]
fn the_unsafe_switch_skips_the_catch_up_and_the_voters_log_check() {
    let unsafe_config = Config {
        unsafe_switches: UnsafeSwitches {
            trust_transfer_target: true,
            ..UnsafeSwitches::default()
        },
        ..config()
    };
    let mut s1 = server_with(0, 3, unsafe_config.clone(), 1, &[1, 1, 1]);
    elect(&mut s1, 3, 0);
    s1.transfer_leadership(10 * MS, 2).unwrap();
    assert!(Out::drained(&mut s1).sent_timeout_now_to(2), "no catch-up");
    let mut s2 = server_with(1, 3, unsafe_config, 2, &[1, 1, 1]);
    let out = deliver(
        &mut s2,
        20 * MS,
        2,
        3,
        Body::RequestVote(RequestVote {
            last_log_index: 0,
            last_log_term: 0,
            transfer: true,
        }),
    );
    assert!(out.has(Event::VoteGranted {
        to: 2,
        term: 3,
        pre_vote: false
    }));
}
