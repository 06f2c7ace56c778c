//! Log compaction and InstallSnapshot (§7 and Figure 13 of the Raft paper; chapter 5 of
//! Ongaro's dissertation), rule by rule, against single `Node`s driven by hand, then in the
//! simulator: a follower that was down for long is brought back by a snapshot, a crash keeps
//! the snapshot, and the checker catches a snapshot taken past the commit index.
//!
//! Servers are S1, S2, … in prose and ids 0, 1, … in code.

use raft_core::event::{Event, SnapshotRetry};
use raft_core::message::{
    AppendEntries, AppendEntriesResponse, Body, InstallSnapshot, InstallSnapshotResponse, Message,
    RequestVote, VoteResponse,
};
use raft_core::rng;
use raft_core::sim::{Action, ActionError, Cluster, NetworkConfig, SimConfig, Target};
use raft_core::types::{Index, NodeId, Term, Time, MS, SECOND};
use raft_core::{
    Command, Config, Entry, Input, Log, Membership, Node, Persistent, Role, Snapshot, StateMachine,
};

// ----- fixtures -------------------------------------------------------------------------------

mod common;
use common::by_hand::{appends_to, config, deliver, step, success, Out, MIN};

fn values(first: u64, count: u64) -> Vec<Entry> {
    (first..first + count)
        .map(|v| Entry {
            term: 1,
            command: Command::Value(v),
        })
        .collect()
}

/// S1 of an `n`-server cluster, elected in term 1 with S2's vote, holding the values
/// `1..=count` (term 1), all committed because S2 acknowledged them.
fn leader(n: u8, count: u64, config: Config) -> Node {
    let mut s1 = Node::new(0, n, config, Persistent::default(), rng::seeded(7, 0), 0);
    step(&mut s1, 0, Input::ForceTimeout);
    deliver(
        &mut s1,
        MS,
        1,
        1,
        Body::RequestVoteResponse(VoteResponse { granted: true }),
    );
    if n > 3 {
        deliver(
            &mut s1,
            MS,
            2,
            1,
            Body::RequestVoteResponse(VoteResponse { granted: true }),
        );
    }
    assert_eq!(s1.role(), Role::Leader);
    for v in 1..=count {
        s1.propose(2 * MS, Command::Value(v)).unwrap();
    }
    for peer in 1..n.min(3) {
        deliver(
            &mut s1,
            3 * MS,
            peer,
            1,
            Body::AppendEntriesResponse(AppendEntriesResponse {
                success: true,
                prev_log_index: 0,
                match_index: count,
                conflict: None,
            }),
        );
    }
    s1.take_messages();
    s1.take_events();
    assert_eq!(s1.commit_index(), count);
    s1
}

/// A follower (S2 of 3) holding `log` in term `term`.
fn follower(term: Term, log: Log) -> Node {
    let persistent = Persistent {
        current_term: term,
        voted_for: None,
        log,
    };
    let mut node = Node::new(1, 3, config(), persistent, rng::seeded(7, 1), 0);
    node.take_events();
    node
}

fn sum(values: impl IntoIterator<Item = u64>) -> StateMachine {
    let mut m = StateMachine::default();
    for v in values {
        m.apply(&Command::Value(v));
    }
    m
}

/// A snapshot of a three-server cluster.
fn snapshot_at(index: Index, term: Term, state: StateMachine) -> Snapshot {
    Snapshot {
        last_included_index: index,
        last_included_term: term,
        membership: Membership::first(3),
        state,
    }
}

fn of_five(snapshot: Snapshot) -> Snapshot {
    Snapshot {
        membership: Membership::first(5),
        ..snapshot
    }
}

// ----- applying -------------------------------------------------------------------------------

/// Figure 2, All Servers: "If commitIndex > lastApplied: increment lastApplied, apply
/// log[lastApplied] to state machine". The state machine sums the values; no-ops add nothing.
#[test]
fn committed_entries_are_applied_in_order() {
    let s1 = leader(
        3,
        4,
        Config {
            leader_noop: false,
            ..config()
        },
    );
    assert_eq!(s1.last_applied(), 4);
    assert_eq!(*s1.state_machine(), StateMachine { sum: 10, count: 4 });
}

/// Figure 2: an entry that is not committed is not applied.
#[test]
fn uncommitted_entries_are_not_applied() {
    let mut s1 = leader(3, 2, config());
    s1.propose(4 * MS, Command::Value(100)).unwrap();
    assert_eq!((s1.commit_index(), s1.last_applied()), (2, 2));
    assert_eq!(s1.state_machine().sum, 3);
}

// ----- snapshotting (§7, Figure 12) --------------------------------------------------------------

/// §7, Figure 12: "a server replaces the committed entries in its log (indexes 1 through 5)
/// with a new snapshot, which stores just the current state"; the snapshot keeps the last
/// included index and term, so the log goes on from there.
#[test]
fn a_snapshot_replaces_the_applied_prefix_of_the_log() {
    let mut s1 = leader(3, 5, config());
    assert!(s1.snapshot_now());
    let events = s1.take_events();
    assert!(events.contains(&Event::SnapshotTaken {
        index: 5,
        term: 1,
        discarded_to: 5,
        commit_index: 5
    }));
    let snap = *s1.snapshot().expect("a snapshot");
    assert_eq!(snap, snapshot_at(5, 1, sum(1..=5)));
    assert_eq!(snap.membership, Membership::first(3));
    // The log holds nothing, yet still knows where it ends and in which term.
    assert!(s1.log().entries().is_empty());
    assert_eq!((s1.log().last_index(), s1.log().last_term()), (5, 1));
    assert_eq!(s1.log().term_at(5), Some(1));
    assert_eq!(s1.log().entry(3), None, "discarded");
    // New entries continue the numbering.
    assert_eq!(s1.propose(5 * MS, Command::Value(6)).unwrap(), (6, 1));
    // Nothing applied since: a second snapshot now has nothing to add.
    assert!(!s1.snapshot_now());
}

/// §7: "each server takes snapshots independently, covering just the committed entries in its
/// log". The uncommitted tail stays in the log.
#[test]
fn a_snapshot_covers_only_committed_entries() {
    let mut s1 = leader(3, 3, config());
    s1.propose(4 * MS, Command::Value(40)).unwrap();
    s1.propose(4 * MS, Command::Value(50)).unwrap();
    assert!(s1.snapshot_now());
    assert_eq!(s1.snapshot_index(), 3);
    assert_eq!(s1.log().first_index(), 4);
    assert_eq!(s1.log().entries().len(), 2);
    assert_eq!(s1.snapshot().unwrap().state, sum(1..=3));
}

/// The option: snapshot once `snapshot_every` entries were applied since the last snapshot
/// (dissertation §5.1.3, "when to snapshot").
#[test]
fn a_server_snapshots_every_n_applied_entries() {
    let s1 = leader(
        3,
        10,
        Config {
            snapshot_every: 4,
            ..config()
        },
    );
    // Entries were committed all at once (one acknowledgement up to 10): one snapshot at 10.
    assert_eq!(s1.snapshot_index(), 10);
    let mut s1 = leader(
        3,
        0,
        Config {
            snapshot_every: 4,
            ..config()
        },
    );
    for v in 1..=9 {
        s1.propose(4 * MS, Command::Value(v)).unwrap();
        deliver(
            &mut s1,
            5 * MS,
            1,
            1,
            Body::AppendEntriesResponse(AppendEntriesResponse {
                success: true,
                prev_log_index: v - 1,
                match_index: v,
                conflict: None,
            }),
        );
    }
    // Taken with the input after the 4th and the 8th: the 5th proposal and the 9th.
    assert_eq!(s1.snapshot_index(), 8, "at 4 and at 8");
    assert_eq!(s1.log().first_index(), 9);
}

/// The threshold: a snapshot keeps that many entries behind it, so a follower only a little
/// behind still catches up with AppendEntries (dissertation §5.1.3).
#[test]
fn the_threshold_keeps_entries_behind_the_snapshot() {
    let mut s1 = leader(
        3,
        10,
        Config {
            snapshot_threshold: 3,
            ..config()
        },
    );
    assert!(s1.snapshot_now());
    assert_eq!(s1.snapshot_index(), 10);
    assert_eq!(s1.log().offset(), 7);
    assert_eq!(s1.log().entries().len(), 3);
    assert_eq!(s1.log().term_at(7), Some(1));
}

// ----- InstallSnapshot, the leader (Figure 13) -------------------------------------------------

/// §7: "the leader must occasionally send snapshots to followers that lag behind. This happens
/// when the leader has already discarded the next log entry that it needs to send to a
/// follower." The event says why: the follower's nextIndex and the leader's first entry.
#[test]
fn a_leader_sends_its_snapshot_when_it_discarded_the_next_entry() {
    let mut s1 = leader(5, 6, config());
    assert!(s1.snapshot_now());
    // S4 (id 3) never answered: its nextIndex is still what the leader set at its election,
    // 1, so its heartbeat needs entry 1, which is gone.
    let Out { messages, events } = step(&mut s1, 60 * MS, Input::Timer);
    let to_s4: Vec<_> = messages.iter().filter(|m| m.to == 3).collect();
    assert_eq!(to_s4.len(), 1);
    assert_eq!(
        to_s4[0].body,
        Body::InstallSnapshot(InstallSnapshot {
            snapshot: of_five(snapshot_at(6, 1, sum(1..=6)))
        })
    );
    assert!(events.contains(&Event::SnapshotSent {
        to: 3,
        next_index: 1,
        first_index: 7,
        index: 6,
        term: 1,
        retry: None,
    }));
    // S2 acknowledged everything: it gets an ordinary heartbeat.
    assert!(messages
        .iter()
        .any(|m| m.to == 1 && matches!(m.body, Body::AppendEntries(_))));
}

/// Figure 13 and Figure 2: once the follower has the snapshot, the leader's matchIndex and
/// nextIndex move past it and the rest of the log follows as AppendEntries.
#[test]
fn the_reply_moves_match_index_and_the_rest_follows_as_entries() {
    let mut s1 = leader(5, 6, config());
    assert!(s1.snapshot_now());
    s1.propose(10 * MS, Command::Value(7)).unwrap();
    step(&mut s1, 60 * MS, Input::Timer);
    let Out { messages, events } = deliver(
        &mut s1,
        70 * MS,
        3,
        1,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 6 }),
    );
    assert!(events.contains(&Event::MatchAdvanced {
        peer: 3,
        match_index: 6
    }));
    assert_eq!(s1.progress().unwrap()[3].next_index, 7);
    assert_eq!(messages.len(), 1);
    match &messages[0].body {
        Body::AppendEntries(a) => {
            assert_eq!((a.prev_log_index, a.prev_log_term), (6, 1));
            assert_eq!(a.entries, values(7, 1));
        }
        other => panic!("expected AppendEntries, got {other:?}"),
    }
}

/// With the threshold, a follower only a little behind gets entries, not the snapshot.
#[test]
fn a_follower_within_the_threshold_gets_entries() {
    let mut s1 = leader(
        3,
        10,
        Config {
            snapshot_threshold: 5,
            ..config()
        },
    );
    assert!(s1.snapshot_now());
    // S2 claims it lost entries after 6: nextIndex goes back to 7, which is still held.
    deliver(
        &mut s1,
        10 * MS,
        1,
        1,
        Body::AppendEntriesResponse(AppendEntriesResponse {
            success: false,
            prev_log_index: 10,
            match_index: 0,
            conflict: None,
        }),
    );
    let Out { messages, .. } = step(&mut s1, 60 * MS, Input::Timer);
    let to_s2 = messages.iter().find(|m| m.to == 1).unwrap();
    assert!(matches!(to_s2.body, Body::AppendEntries(_)), "{to_s2:?}");
}

// ----- InstallSnapshot flow control (etcd's StateSnapshot) --------------------------------------
//
// A snapshot is the largest message a leader sends, and Figure 13 leaves open when to send it
// again. As etcd's raft does (tracker/progress.go, `StateSnapshot` and `PendingSnapshot`), the
// leader sends one copy and waits: no AppendEntries with entries and no second copy, only
// heartbeats, until the reply, or a sign that the copy was lost.

fn installs_to(messages: &[Message], to: NodeId) -> usize {
    messages
        .iter()
        .filter(|m| m.to == to && matches!(m.body, Body::InstallSnapshot(_)))
        .count()
}

/// S1 leads five servers holding the values 1..=6, snapshots them all, and at 60 ms sends S4
/// (id 3), which answered a heartbeat at 5 ms but holds none of them, its snapshot.
fn leader_waiting_on_s4() -> Node {
    let mut s1 = leader(5, 6, config());
    deliver(&mut s1, 5 * MS, 3, 1, success(0, 0));
    assert!(s1.snapshot_now());
    let Out { messages, .. } = step(&mut s1, 60 * MS, Input::Timer);
    assert_eq!(installs_to(&messages, 3), 1);
    assert!(s1.progress().unwrap()[3].is_waiting_for_snapshot());
    s1
}

/// Figure 13, with etcd's flow control: one InstallSnapshot, then nothing but heartbeats until
/// the reply. A proposal meanwhile sends S4 nothing; each heartbeat sends it an empty
/// AppendEntries, not the snapshot again, though it still lacks entry 1.
#[test]
fn a_leader_sends_one_snapshot_and_no_second_before_the_reply() {
    let mut s1 = leader_waiting_on_s4();
    let Out { messages, .. } = step(&mut s1, 70 * MS, Input::Propose(Command::Value(7)));
    assert!(messages.iter().all(|m| m.to != 3), "{messages:?}");
    for tick in [110, 160] {
        let Out { messages, events } = step(&mut s1, tick * MS, Input::Timer);
        assert_eq!(installs_to(&messages, 3), 0, "at {tick} ms");
        assert!(!events
            .iter()
            .any(|e| matches!(e, Event::SnapshotSent { .. })));
        let heartbeats = appends_to(&messages, 3);
        assert_eq!(heartbeats.len(), 1, "at {tick} ms");
        assert!(heartbeats[0].entries.is_empty());
        // S4 answers; the answer says nothing about the snapshot, so the wait goes on.
        let Out { messages, .. } = deliver(&mut s1, (tick + 5) * MS, 3, 1, success(0, 0));
        assert!(messages.is_empty(), "{messages:?}");
    }
    assert!(s1.progress().unwrap()[3].is_waiting_for_snapshot());
}

/// Heartbeats keep flowing to a follower waiting on a snapshot (§5.2: they keep it from
/// campaigning). Its matchIndex lies before what the leader's log still holds, so the leader
/// cannot name the term there: each checks only the empty prefix (index 0), never refused; it
/// carries the commit index, which the follower takes only as far as what the request vouches
/// for (Figure 2, AppendEntries receiver step 5), as etcd's heartbeat carries
/// min(match, committed).
#[test]
fn heartbeats_to_a_waiting_follower_check_only_the_empty_prefix() {
    let mut s1 = leader_waiting_on_s4();
    let Out { messages, .. } = step(&mut s1, 110 * MS, Input::Timer);
    let heartbeat = appends_to(&messages, 3)[0].clone();
    assert_eq!((heartbeat.prev_log_index, heartbeat.prev_log_term), (0, 0));
    assert_eq!(heartbeat.leader_commit, 6);
    // S4, holding nothing, accepts it and commits nothing it does not hold.
    let mut s4 = Node::new(3, 5, config(), Persistent::default(), rng::seeded(7, 3), 0);
    s4.take_events();
    let Out {
        messages: replies, ..
    } = deliver(&mut s4, 115 * MS, 0, 1, Body::AppendEntries(heartbeat));
    assert_eq!(
        replies[0].body,
        Body::AppendEntriesResponse(AppendEntriesResponse {
            success: true,
            prev_log_index: 0,
            match_index: 0,
            conflict: None,
        })
    );
    assert_eq!(s4.commit_index(), 0);
    assert_eq!(s4.leader_hint(), Some(0));
}

/// Figure 13 and Figure 2: the reply ends the wait. matchIndex and nextIndex move past the
/// snapshot and the entries after it (here the value proposed while S4 waited) follow at once.
#[test]
fn the_reply_ends_the_wait_and_the_entries_after_the_snapshot_follow() {
    let mut s1 = leader_waiting_on_s4();
    step(&mut s1, 70 * MS, Input::Propose(Command::Value(7)));
    let Out { messages, events } = deliver(
        &mut s1,
        80 * MS,
        3,
        1,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 6 }),
    );
    assert!(events.contains(&Event::MatchAdvanced {
        peer: 3,
        match_index: 6
    }));
    let progress = s1.progress().unwrap()[3];
    assert!(!progress.is_waiting_for_snapshot());
    assert_eq!((progress.match_index, progress.next_index), (6, 7));
    let appends = appends_to(&messages, 3);
    assert_eq!(appends.len(), 1);
    assert_eq!(
        (appends[0].prev_log_index, appends[0].prev_log_term),
        (6, 1)
    );
    assert_eq!(appends[0].entries, values(7, 1));
    // From now on S4 is replicated to as any follower: its acknowledgement goes through.
    deliver(
        &mut s1,
        90 * MS,
        3,
        1,
        Body::AppendEntriesResponse(AppendEntriesResponse {
            success: true,
            prev_log_index: 6,
            match_index: 7,
            conflict: None,
        }),
    );
    assert_eq!(s1.progress().unwrap()[3].match_index, 7);
}

/// A snapshot or its reply that is lost: S4 goes on answering heartbeats, so it is up and
/// reachable, yet no reply came. After an election timeout (by §5.6, broadcastTime ≪
/// electionTimeout, the reply would have come) the next heartbeat sends the snapshot again,
/// once, and the wait starts over.
#[test]
fn a_lost_snapshot_is_sent_again_after_an_election_timeout() {
    let mut s1 = leader_waiting_on_s4();
    let mut copies = Vec::new();
    for tick in (110..=460).step_by(50) {
        let Out { messages, events } = step(&mut s1, tick * MS, Input::Timer);
        if installs_to(&messages, 3) > 0 {
            copies.push(tick * MS);
            // The trace says why it went again.
            assert!(events.iter().any(|e| matches!(
                e,
                Event::SnapshotSent {
                    to: 3,
                    retry: Some(SnapshotRetry::NoAnswer),
                    ..
                }
            )));
        }
        deliver(&mut s1, (tick + 5) * MS, 3, 1, success(0, 0));
    }
    // Sent at 60 ms: again at the first heartbeat at or after 60 + 150 ms, then 150 ms later.
    assert_eq!(copies, vec![60 * MS + MIN, 60 * MS + 2 * MIN]);
}

/// A follower that answers nothing (down, or cut off) gets no second copy at all: it would
/// be lost too. Its first answer shows it is back, still without the snapshot, and the
/// snapshot goes at once, without waiting out the retry timeout. Before, such a follower was
/// sent the snapshot with every heartbeat for as long as it was down.
#[test]
fn a_silent_follower_gets_the_snapshot_again_on_its_first_answer() {
    let mut s1 = leader(5, 6, config());
    assert!(s1.snapshot_now());
    // S5 (id 4) never answered this leader.
    let Out { messages, .. } = step(&mut s1, 60 * MS, Input::Timer);
    assert_eq!(installs_to(&messages, 4), 1);
    for tick in (110..=2_000).step_by(50) {
        let Out { messages, .. } = step(&mut s1, tick * MS, Input::Timer);
        assert_eq!(installs_to(&messages, 4), 0, "at {tick} ms");
        assert_eq!(
            appends_to(&messages, 4).len(),
            1,
            "a heartbeat at {tick} ms"
        );
    }
    let Out { messages, events } = deliver(&mut s1, 2_010 * MS, 4, 1, success(0, 0));
    assert_eq!(installs_to(&messages, 4), 1);
    assert!(events.contains(&Event::SnapshotSent {
        to: 4,
        next_index: 1,
        first_index: 7,
        index: 6,
        term: 1,
        retry: Some(SnapshotRetry::FollowerBack),
    }));
    // That copy went to a follower just heard from: the next answer does not resend it.
    let Out { messages, .. } = deliver(&mut s1, 2_020 * MS, 4, 1, success(0, 0));
    assert!(messages.is_empty(), "{messages:?}");
}

/// Stale answers: a rejection while the snapshot is out moves nothing, and the reply to an
/// older copy that leaves the follower still behind the leader's log (the leader compacted
/// further meanwhile) only raises matchIndex; the wait goes on for the latest copy. etcd's
/// rule ends the wait on any answer that lets the log carry on, whichever copy it answers.
#[test]
fn stale_answers_do_not_end_the_wait() {
    let mut s1 = leader_waiting_on_s4();
    // A rejection of an AppendEntries sent before the snapshot.
    let Out { messages, events } = deliver(
        &mut s1,
        65 * MS,
        3,
        1,
        Body::AppendEntriesResponse(AppendEntriesResponse {
            success: false,
            prev_log_index: 0,
            match_index: 0,
            conflict: None,
        }),
    );
    assert!(
        messages.is_empty()
            && !events
                .iter()
                .any(|e| matches!(e, Event::NextIndexBack { .. }))
    );
    // The leader commits two more values and compacts them too.
    for v in 7..=8 {
        s1.propose(70 * MS, Command::Value(v)).unwrap();
    }
    for peer in 1..=2 {
        deliver(
            &mut s1,
            75 * MS,
            peer,
            1,
            Body::AppendEntriesResponse(AppendEntriesResponse {
                success: true,
                prev_log_index: 6,
                match_index: 8,
                conflict: None,
            }),
        );
    }
    assert!(s1.snapshot_now());
    assert_eq!(s1.log().first_index(), 9);
    // The reply to the copy of index 6 arrives: S4 still needs entry 7, which is gone.
    let Out { messages, .. } = deliver(
        &mut s1,
        80 * MS,
        3,
        1,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 6 }),
    );
    assert!(messages.is_empty(), "{messages:?}");
    let progress = s1.progress().unwrap()[3];
    assert_eq!(progress.match_index, 6);
    assert!(progress.is_waiting_for_snapshot());
    // The retry sends the latest snapshot, and its reply ends the wait.
    let mut retried = false;
    for tick in (110..=260).step_by(50) {
        let Out { messages, .. } = step(&mut s1, tick * MS, Input::Timer);
        if let Some(m) = messages.iter().find(|m| m.to == 3) {
            if let Body::InstallSnapshot(InstallSnapshot { snapshot }) = &m.body {
                assert_eq!(snapshot.last_included_index, 8);
                retried = true;
            }
        }
        deliver(&mut s1, (tick + 5) * MS, 3, 1, success(0, 0));
    }
    assert!(retried);
    deliver(
        &mut s1,
        270 * MS,
        3,
        1,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 8 }),
    );
    let progress = s1.progress().unwrap()[3];
    assert!(!progress.is_waiting_for_snapshot());
    assert_eq!((progress.match_index, progress.next_index), (8, 9));
}

// ----- InstallSnapshot, the follower (Figure 13) ------------------------------------------------

fn install(node: &mut Node, term: Term, snapshot: Snapshot) -> Out {
    deliver(
        node,
        10 * MS,
        0,
        term,
        Body::InstallSnapshot(InstallSnapshot { snapshot }),
    )
}

/// Figure 13, receiver 1: "Reply immediately if term < currentTerm".
#[test]
fn a_stale_snapshot_is_refused_with_the_current_term() {
    let mut s2 = follower(3, Log::new());
    let Out {
        messages: replies, ..
    } = install(&mut s2, 2, snapshot_at(5, 2, sum(1..=5)));
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].term, 3);
    assert!(s2.snapshot().is_none());
    assert_eq!(s2.commit_index(), 0);
}

/// Figure 13, receiver 6: "If existing log entry has same index and term as snapshot's last
/// included entry, retain log entries following it and reply".
#[test]
fn a_follower_keeps_the_entries_after_a_matching_snapshot() {
    let mut s2 = follower(1, Log::from_entries(values(1, 8)));
    let Out {
        messages: replies,
        events,
    } = install(&mut s2, 1, snapshot_at(5, 1, sum(1..=5)));
    assert!(events.contains(&Event::SnapshotInstalled {
        leader: 0,
        index: 5,
        term: 1,
        kept: 3
    }));
    assert_eq!(s2.log().first_index(), 6);
    assert_eq!(s2.log().last_index(), 8);
    assert_eq!(
        replies[0].body,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 5 })
    );
    // 8. "Reset state machine using snapshot contents": applied up to 5, committed up to 5.
    assert_eq!((s2.last_applied(), s2.commit_index()), (5, 5));
    assert_eq!(*s2.state_machine(), sum(1..=5));
}

/// Figure 13, receiver 7: "Discard the entire log" when it does not match the snapshot, and
/// 8: reset the state machine.
#[test]
fn a_follower_discards_a_log_that_does_not_match() {
    let mut conflicting = values(1, 3);
    conflicting.extend((0..4).map(|i| Entry {
        term: 1,
        command: Command::Value(900 + i),
    }));
    // Its entry 5 is of term 1, the snapshot's of term 2.
    let mut s2 = follower(2, Log::from_entries(conflicting));
    install(&mut s2, 2, snapshot_at(5, 2, sum([1, 2, 3, 4, 5])));
    assert!(s2.log().entries().is_empty());
    assert_eq!((s2.log().last_index(), s2.log().last_term()), (5, 2));
    assert_eq!(*s2.state_machine(), sum([1, 2, 3, 4, 5]));
    // A follower far behind (shorter log) also ends up with just the snapshot.
    let mut s3 = follower(1, Log::from_entries(values(1, 2)));
    install(&mut s3, 1, snapshot_at(5, 1, sum(1..=5)));
    assert_eq!((s3.log().first_index(), s3.log().last_index()), (6, 5));
}

/// A delayed snapshot older than what the follower committed must not roll its state back.
#[test]
fn an_older_snapshot_changes_nothing() {
    let mut s2 = follower(1, Log::from_entries(values(1, 8)));
    install(&mut s2, 1, snapshot_at(7, 1, sum(1..=7)));
    let Out {
        messages: replies, ..
    } = install(&mut s2, 1, snapshot_at(4, 1, sum(1..=4)));
    assert_eq!(s2.snapshot_index(), 7);
    assert_eq!(*s2.state_machine(), sum(1..=7));
    assert_eq!(
        replies[0].body,
        Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index: 7 })
    );
}

/// After a snapshot the follower's log starts later than the leader may think: an
/// AppendEntries whose prevLogIndex lies in the discarded prefix still succeeds (those entries
/// were committed, so they match), and the entries past the prefix are appended.
#[test]
fn append_entries_overlapping_the_discarded_prefix_succeed() {
    let mut s2 = follower(1, Log::new());
    install(&mut s2, 1, snapshot_at(5, 1, sum(1..=5)));
    let Out {
        messages: replies, ..
    } = deliver(
        &mut s2,
        20 * MS,
        0,
        1,
        Body::AppendEntries(AppendEntries {
            prev_log_index: 3,
            prev_log_term: 1,
            entries: values(4, 4),
            leader_commit: 7,
        }),
    );
    match replies[0].body {
        Body::AppendEntriesResponse(r) => {
            assert!(r.success);
            assert_eq!(r.match_index, 7);
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(s2.log().last_index(), 7);
    assert_eq!(s2.commit_index(), 7);
    assert_eq!(*s2.state_machine(), sum(1..=7));
}

/// A snapshot changes what a server's log looks like to a candidate: the election restriction
/// (§5.4.1) compares the last index and term, which the snapshot keeps.
#[test]
fn a_compacted_log_still_votes_by_its_last_entry() {
    let mut s2 = follower(1, Log::new());
    install(&mut s2, 1, snapshot_at(5, 1, sum(1..=5)));
    let Out {
        messages: replies, ..
    } = deliver(
        &mut s2,
        SECOND,
        2,
        2,
        Body::RequestVote(RequestVote {
            last_log_index: 4,
            last_log_term: 1,
            transfer: false,
        }),
    );
    assert_eq!(
        replies[0].body,
        Body::RequestVoteResponse(VoteResponse { granted: false })
    );
}

// ----- persistence --------------------------------------------------------------------------

/// The snapshot is persistent state (§7: "the server writes the snapshot to stable
/// storage"): a crash keeps it, and the restarted server's state machine starts from it, with
/// the entries it covers counted as committed.
#[test]
fn a_restart_restores_the_state_machine_from_the_snapshot() {
    let mut s1 = leader(3, 6, config());
    assert!(s1.snapshot_now());
    s1.propose(10 * MS, Command::Value(7)).unwrap();
    let (persistent, rng) = s1.crash();
    let mut again = Node::new(0, 3, config(), persistent, rng, SECOND);
    let events = again.take_events();
    assert!(events.contains(&Event::SnapshotRestored { index: 6, term: 1 }));
    assert_eq!((again.commit_index(), again.last_applied()), (6, 6));
    assert_eq!(*again.state_machine(), sum(1..=6));
    assert_eq!(
        again.log().last_index(),
        7,
        "the tail of the log after it survives too"
    );
}

// ----- in the simulator ----------------------------------------------------------------------

fn sim(nodes: u8, node: Config) -> SimConfig {
    SimConfig {
        nodes,
        node,
        ..SimConfig::default()
    }
}

fn propose_values(c: &mut Cluster, from: u64, count: u64) {
    for v in from..from + count {
        let _ = c.apply(Action::Propose {
            to: Target::Leader,
            value: v,
        });
        c.advance_by(20 * MS);
    }
}

/// Three servers snapshotting every 10 entries over `network`; at `start` a follower crashes,
/// 35 values are committed and compacted without it, and a second later it is still down.
/// The cluster, the leader and the follower, or `None` if no leader was elected by `start`.
fn a_follower_down_while_the_leader_compacts(
    network: NetworkConfig,
    seed: u64,
    start: Time,
) -> Option<(Cluster, NodeId, NodeId)> {
    let config = SimConfig {
        network,
        ..sim(
            3,
            Config {
                snapshot_every: 10,
                ..Config::default()
            },
        )
    };
    let mut c = Cluster::new(config, seed).unwrap();
    c.advance_to(start);
    let leader = c.leader()?;
    let victim = (leader + 1) % 3;
    c.apply(Action::Crash { node: victim }).unwrap();
    propose_values(&mut c, 1, 35);
    c.advance_by(SECOND);
    Some((c, leader, victim))
}

/// The scenario of the page: a follower that was down for a long time comes back; the leader
/// has compacted the entries it missed, so it sends its snapshot, and the follower ends with
/// the same state machine as everyone else.
#[test]
fn a_follower_down_for_long_is_brought_back_by_a_snapshot() {
    let (mut c, leader, victim) =
        a_follower_down_while_the_leader_compacts(NetworkConfig::default(), 11, SECOND)
            .expect("a leader");
    assert!(c.node(leader).unwrap().snapshot_index() >= 30);
    c.apply(Action::Restart { node: victim }).unwrap();
    c.advance_by(2 * SECOND);
    assert!(
        c.trace().records().any(|r| matches!(
            r.event,
            raft_core::trace::TraceEvent::Node {
                node,
                event: Event::SnapshotInstalled { .. }
            } if node == victim
        )),
        "the follower installed a snapshot"
    );
    let expected = sum(1..=35);
    for id in 0..3 {
        let node = c.node(id).unwrap();
        assert_eq!(*node.state_machine(), expected, "S{}", id + 1);
    }
    assert!(c.violation().is_none(), "{:?}", c.violation());
}

/// From `since` on: the InstallSnapshot messages sent to `to`, and how many copies or their
/// replies the network lost at random.
fn snapshot_copies_to(c: &Cluster, to: NodeId, since: Time) -> (usize, usize) {
    use raft_core::trace::{DropReason, MessageKind, TraceEvent};
    let records = || c.trace().records().filter(move |r| r.at >= since);
    let mut copies = 0;
    let mut flights = Vec::new();
    for r in records() {
        if let TraceEvent::MessageSent { id, message, .. } = &r.event {
            let copy = message.to == to && message.kind == MessageKind::InstallSnapshot;
            let reply = message.from == to && message.kind == MessageKind::InstallSnapshotResponse;
            copies += copy as usize;
            if copy || reply {
                flights.push(*id);
            }
        }
    }
    let lost = records()
        .filter(|r| {
            matches!(&r.event, TraceEvent::MessageDropped { id, reason: DropReason::Loss }
                if flights.contains(id))
        })
        .count();
    (copies, lost)
}

/// The page's long-down follower again, counting copies: the leader sends the snapshot once
/// while the follower is down (it cannot tell yet), then nothing but heartbeats, and once more
/// when the follower answers again. Before, it sent one with every heartbeat: 29 while down.
#[test]
fn a_follower_down_for_long_gets_one_snapshot_while_down_and_one_when_back() {
    let (mut c, _, victim) =
        a_follower_down_while_the_leader_compacts(NetworkConfig::default(), 11, SECOND)
            .expect("a leader");
    assert_eq!(
        snapshot_copies_to(&c, victim, 0),
        (1, 0),
        "one copy while down"
    );
    let back = c.now();
    c.apply(Action::Restart { node: victim }).unwrap();
    c.advance_by(2 * SECOND);
    assert_eq!(
        snapshot_copies_to(&c, victim, back),
        (1, 0),
        "one when back"
    );
    assert_eq!(*c.node(victim).unwrap().state_machine(), sum(1..=35));
    assert!(c.violation().is_none(), "{:?}", c.violation());
}

/// Figure 13 over a lossy network (30 % of messages lost): whatever copies or replies are
/// lost, the retries bring the follower the snapshot and the entries after it, and every
/// copy after the first follows a loss.
#[test]
fn over_a_lossy_network_lost_snapshots_are_sent_again_until_one_is_installed() {
    let mut checked = 0;
    let lossy = NetworkConfig {
        loss: 0.3,
        ..NetworkConfig::default()
    };
    for seed in 0..40 {
        let Some((mut c, _, victim)) =
            a_follower_down_while_the_leader_compacts(lossy.clone(), seed, 2 * SECOND)
        else {
            continue;
        };
        let back = c.now();
        c.apply(Action::Restart { node: victim }).unwrap();
        c.advance_by(10 * SECOND);
        assert!(c.violation().is_none(), "seed {seed}: {:?}", c.violation());
        let Some(now_leader) = c.leader() else {
            continue;
        };
        let (copies, lost) = snapshot_copies_to(&c, victim, back);
        if victim == now_leader || copies == 0 {
            continue;
        }
        checked += 1;
        assert_eq!(
            *c.node(victim).unwrap().state_machine(),
            *c.node(now_leader).unwrap().state_machine(),
            "seed {seed}"
        );
        // One copy when the follower is back, one more per copy or reply lost, and one of
        // slack for a copy sent while lost heartbeats made the follower look silent. One per
        // heartbeat until a reply, as before, would be several here.
        assert!(
            copies <= lost + 2,
            "seed {seed}: {copies} copies, {lost} lost"
        );
    }
    assert!(checked >= 20, "only {checked} runs checked");
}

/// "Snapshot now" is an action: recorded, and refused (not recorded) when there is nothing
/// new to snapshot.
#[test]
fn snapshot_now_is_a_recorded_action() {
    let mut c = Cluster::new(sim(3, Config::default()), 5).unwrap();
    c.advance_to(SECOND);
    assert_eq!(
        c.apply(Action::Snapshot { node: 1 }),
        Err(ActionError::NothingToSnapshot(1))
    );
    propose_values(&mut c, 1, 3);
    c.advance_by(SECOND);
    c.apply(Action::Snapshot { node: 1 }).unwrap();
    assert_eq!(c.node(1).unwrap().snapshot_index(), 3);
    assert_eq!(
        c.actions().last().unwrap().action,
        Action::Snapshot { node: 1 }
    );
    let replayed = c.recording().replay(c.now()).unwrap();
    assert_eq!(replayed.trace().digest(), c.trace().digest());
}

/// Teeth (§7): with the unsafe switch, a snapshot reaches past the commit index, so it holds
/// entries that were never committed; the checker says so at once and blames the switch. The
/// same story with the switch off is safe.
#[test]
fn the_checker_catches_a_snapshot_past_the_commit_index() {
    let story = |unsafe_on: bool| {
        let mut node = Config::default();
        node.unsafe_switches.snapshot_past_commit = unsafe_on;
        let mut c = Cluster::new(sim(3, node), 3).unwrap();
        c.advance_to(SECOND);
        let leader = c.leader().unwrap();
        propose_values(&mut c, 1, 2);
        c.advance_by(SECOND);
        // Cut the leader off, so what it appends next cannot commit.
        let others: Vec<NodeId> = (0..3).filter(|&i| i != leader).collect();
        c.apply(Action::SetPartition {
            groups: vec![vec![leader], others],
        })
        .unwrap();
        let _ = c.apply(Action::Propose {
            to: Target::Node(leader),
            value: 99,
        });
        c.advance_by(10 * MS);
        let _ = c.apply(Action::Snapshot { node: leader });
        c
    };
    let safe = story(false);
    assert!(safe.violation().is_none(), "{:?}", safe.violation());
    let broken = story(true);
    let v = broken.violation().expect("the checker catches it");
    assert!(matches!(
        v.breach,
        raft_core::check::Breach::SnapshotUncommitted {
            index: 3,
            commit_index: 2,
            ..
        }
    ));
    assert_eq!(
        v.cause.map(|c| c.switch()),
        Some(raft_core::UnsafeSwitch::SnapshotPastCommit)
    );
}

/// The checker on its own: two servers that applied up to the same index must hold the same
/// state machine there (State Machine Safety, §5.4.3, on the states themselves). A history in
/// which they differ is caught, naming both; equal states pass.
#[test]
fn the_checker_compares_applied_states_at_equal_indexes() {
    use raft_core::check::{Breach, Checker, NodeView, Property};
    let log = Log::from_entries(values(1, 3));
    let view = |id: NodeId, state: StateMachine| NodeView {
        id,
        role: Role::Follower,
        term: 1,
        log: &log,
        commit_index: 3,
        last_applied: 3,
        applied_digest: state.digest(),
        members: None,
    };
    let commit = Event::CommitAdvanced { from: 0, to: 3 };
    let mut k = Checker::new(&[&log, &log, &log], &[1, 1, 1]);
    k.observe(1, 10, &view(0, sum(1..=3)), &commit);
    k.observe(2, 20, &view(1, sum(1..=3)), &commit);
    assert!(k.violation().is_none(), "{:?}", k.violation());
    // S3 applied the same three entries but ended with another state: applied twice, say.
    k.observe(3, 30, &view(2, sum([1, 2, 3, 3])), &commit);
    let v = k.violation().expect("caught");
    assert_eq!(v.property, Property::StateMachineSafety);
    assert_eq!(
        v.breach,
        Breach::AppliedStateDiffers {
            node: 2,
            other: 0,
            index: 3
        }
    );
}
