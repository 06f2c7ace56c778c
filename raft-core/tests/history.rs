//! The space-time diagram's data: the timeline's history of message flights and lane changes
//! agrees with the cluster at every cursor, survives seeking (the trace does not: it is bounded
//! and a seek back keeps only a checkpoint's tail), is cut back by a fork, and a message looked
//! at closely has the fields Figure 2 gives it and the receiver's answer in the trace's words.

mod common;

use raft_core::event::Event;
use raft_core::message::Body;
use raft_core::sim::history::{Fate, LaneChange};
use raft_core::sim::{message_detail, Action, Cluster, Recording, SimConfig, Timeline};
use raft_core::trace::MessageKind;
use raft_core::types::{MS, SECOND};
use raft_core::Role;

/// The history tests' busy run: 6 s, the partition, heal, crash and restart early on.
fn busy_recording(seed: u64) -> Recording {
    let config = SimConfig {
        trace_capacity: Some(4096),
        ..SimConfig::default()
    };
    common::busy_run(config, seed, 24, [6, 10, 12, 16])
}

/// The ids of the messages on the wire at the cursor, as the cluster holds them.
fn wire(timeline: &Timeline) -> Vec<u64> {
    timeline.cluster().in_flight().map(|f| f.id).collect()
}

/// The ids the history says are on the wire at the cursor.
fn history_wire(timeline: &Timeline) -> Vec<u64> {
    let now = timeline.now();
    timeline
        .history()
        .spans(now, now)
        .filter(|s| s.in_flight_at(now))
        .map(|s| s.id)
        .collect()
}

#[test]
fn the_history_and_the_wire_agree_at_every_cursor_forward_and_back() {
    for seed in 1..=3 {
        let mut timeline = Timeline::new(busy_recording(seed)).unwrap();
        timeline.seek(6 * SECOND);
        // Backwards (restored checkpoints), then forwards inside the known run.
        for t in [5_900, 4_321, 3_000, 1_250, 333, 2_000, 5_555, 6_000] {
            timeline.seek(t * MS);
            assert_eq!(
                history_wire(&timeline),
                wire(&timeline),
                "seed {seed}, t {t} ms"
            );
        }
    }
}

#[test]
fn a_window_holds_every_flight_that_crosses_it_and_no_other() {
    let mut timeline = Timeline::new(busy_recording(7)).unwrap();
    timeline.seek(6 * SECOND);
    let (from, to) = (2 * SECOND, 3 * SECOND);
    let all: Vec<_> = timeline.history().spans(0, u64::MAX).copied().collect();
    let shown: Vec<u64> = timeline.history().spans(from, to).map(|s| s.id).collect();
    let expected: Vec<u64> = all
        .iter()
        .filter(|s| s.sent_at <= to && s.end_at >= from)
        .map(|s| s.id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
    // A lost message ends before it would have arrived.
    for s in &all {
        assert!(s.end_at <= s.arrive_at, "{s:?}");
        assert!(s.sent_at <= s.end_at, "{s:?}");
    }
}

#[test]
fn lanes_show_each_servers_state_as_the_window_opens_and_its_changes_in_it() {
    let mut timeline = Timeline::new(busy_recording(3)).unwrap();
    timeline.seek(6 * SECOND);
    // S3 (id 2) crashed at 3.25 s and restarted at 4.25 s.
    let crash = 13 * 250 * MS;
    let lanes = timeline.history().lanes(crash + MS, crash + 2 * MS);
    let opening: Vec<_> = lanes.iter().filter(|l| l.node == 2).collect();
    assert!(
        opening
            .iter()
            .any(|l| l.change == LaneChange::Crashed && l.at == crash),
        "the window opens with S3 down: {opening:?}"
    );
    let later = timeline.history().lanes(crash + MS, 5 * SECOND);
    assert!(later
        .iter()
        .any(|l| l.node == 2 && l.change == LaneChange::Restarted));
    // Someone led in the run, and the lanes say so (§5.2).
    let all = timeline.history().lanes(0, 6 * SECOND);
    assert!(all.iter().any(|l| matches!(
        l.change,
        LaneChange::Role {
            role: Role::Leader,
            ..
        }
    )));
}

#[test]
fn a_fork_undoes_the_old_tapes_future_in_the_history() {
    let mut timeline = Timeline::new(busy_recording(5)).unwrap();
    timeline.seek(6 * SECOND);
    let at = 2 * SECOND + 10 * MS;
    timeline.seek(at);
    timeline.act(Action::Crash { node: 4 }).unwrap();
    // Nothing of the old tape after the fork remains; what was in flight then is in flight now.
    let history = timeline.history();
    assert!(history.spans(0, u64::MAX).all(|s| s.sent_at <= at));
    assert_eq!(history_wire(&timeline), wire(&timeline));
    // Run on: the new branch's history matches its wire again.
    timeline.seek(3 * SECOND);
    assert_eq!(history_wire(&timeline), wire(&timeline));
    assert!(timeline
        .history()
        .spans(0, u64::MAX)
        .all(|s| s.fate != Fate::InFlight || s.in_flight_at(timeline.now())));
}

#[test]
fn an_append_looked_at_closely_has_figure_2s_fields_and_its_reply() {
    let mut timeline = Timeline::new(busy_recording(2)).unwrap();
    timeline.seek(6 * SECOND);
    // An AppendEntries carrying entries, delivered: prevLogIndex/Term, entries, leaderCommit.
    let span = *timeline
        .history()
        .spans(0, u64::MAX)
        .find(|s| {
            s.message.kind == MessageKind::AppendEntries
                && s.message.entries > 0
                && s.fate == Fate::Delivered
        })
        .expect("some append carried entries");
    let detail = message_detail::message(&timeline, span.id).expect("the history holds it");
    assert_eq!(detail.span, span);
    let Body::AppendEntries(append) = &detail.message.body else {
        panic!("not an append: {:?}", detail.message);
    };
    assert_eq!(append.entries.len() as u32, span.message.entries);
    assert_eq!(detail.message.term, span.message.term);
    // Entries are never from a later term than the leader's (§5.3).
    assert!(append.entries.iter().all(|e| e.term <= detail.message.term));
    let delivered = detail.delivered.expect("it was delivered");
    let (reply_id, reply) = delivered.reply.expect("the follower answered (§5.3)");
    assert_eq!(reply.kind, MessageKind::AppendEntriesResponse);
    assert_eq!((reply.from, reply.to), (span.message.to, span.message.from));
    // Asking from the reply's side names the request it answers.
    let answer = message_detail::message(&timeline, reply_id).expect("reply kept");
    assert_eq!(answer.sent.received, Some(span.id));
    // The cursor did not move.
    assert_eq!(timeline.now(), 6 * SECOND);
}

#[test]
fn a_refused_vote_carries_the_voters_reason() {
    // Many seeds have refused votes; find one and check the reason travels with the reply.
    for seed in 1..=20 {
        let mut timeline = Timeline::new(busy_recording(seed)).unwrap();
        timeline.seek(6 * SECOND);
        let refused = timeline
            .history()
            .spans(0, u64::MAX)
            .copied()
            .find(|s| s.message.kind == MessageKind::RequestVoteResponse && !s.message.ok);
        let Some(refused) = refused else { continue };
        let detail = message_detail::message(&timeline, refused.id).unwrap();
        assert!(
            matches!(detail.sent.refusal, Some(Event::VoteRefused { to, .. }) if to == refused.message.to),
            "seed {seed}: {:?}",
            detail.sent
        );
        assert!(detail.sent.received.is_some(), "a reply answers a request");
        return;
    }
    panic!("no refused vote in 20 seeds");
}

#[test]
fn a_slow_message_still_on_the_wire_crosses_every_window_of_its_flight() {
    let mut c = Cluster::new(SimConfig::default(), 4).unwrap();
    c.advance_by(SECOND);
    c.apply(Action::SetLatency {
        min: 4 * SECOND,
        max: 5 * SECOND,
    })
    .unwrap();
    let mut timeline = Timeline::new(c.recording()).unwrap();
    let at = 3 * SECOND;
    timeline.seek(at);
    // A window far shorter than the flights: every message on the wire still shows in it.
    let shown: Vec<u64> = timeline
        .history()
        .spans(at - 10 * MS, at)
        .filter(|s| s.in_flight_at(at))
        .map(|s| s.id)
        .collect();
    assert!(shown.len() > 1);
    assert_eq!(shown, wire(&timeline));
}

#[test]
fn memory_is_bounded_the_oldest_flights_go_first_and_the_history_says_from_when() {
    use raft_core::sim::history::MAX_SPANS;
    let config = SimConfig {
        nodes: 9,
        trace_capacity: Some(4096),
        ..SimConfig::default()
    };
    let mut timeline = Timeline::new(Recording::new(config, 1)).unwrap();
    // Nine servers send about 320 messages a second: four minutes overflow the bound.
    let end = 240 * SECOND;
    timeline.seek(end);
    let history = timeline.history();
    assert_eq!(history.span_count(), MAX_SPANS);
    let kept_from = history.kept_from();
    assert!(kept_from > 0 && kept_from < end);
    // Everything after kept_from is whole: the wire still agrees at the end...
    assert_eq!(history_wire(&timeline), wire(&timeline));
    // ...and the flights kept are the latest, in order.
    let ids: Vec<u64> = history.spans(0, u64::MAX).map(|s| s.id).collect();
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1));
    assert!(history
        .spans(0, kept_from.saturating_sub(SECOND))
        .next()
        .is_none());
}

/// The walk back for a window's opening states stops once it has met every server it can
/// meet; what it returns is still each server's last role change and last crash or restart
/// before the window (found here the long way, from every change kept), then the window's own.
#[test]
fn lanes_of_any_window_are_the_opening_states_and_the_changes_in_it() {
    let mut timeline = Timeline::new(busy_recording(5)).unwrap();
    timeline.seek(6 * SECOND);
    let every = timeline.history().lanes(0, 6 * SECOND);
    let is_role = |c: &LaneChange| matches!(c, LaneChange::Role { .. });
    for from in (0..6000).step_by(125).map(|ms| ms * MS) {
        let to = from + 700 * MS;
        let before: Vec<_> = every.iter().filter(|l| l.at <= from).collect();
        let mut expected: Vec<_> = before
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                !before[i + 1..]
                    .iter()
                    .any(|m| m.node == l.node && is_role(&m.change) == is_role(&l.change))
            })
            .map(|(_, l)| **l)
            .collect();
        expected.extend(every.iter().filter(|l| l.at > from && l.at <= to).copied());
        assert_eq!(
            timeline.history().lanes(from, to),
            expected,
            "window from {from}"
        );
    }
}
