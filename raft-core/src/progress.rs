//! A leader's view of one follower's log (Figure 2: nextIndex and matchIndex), and the rules
//! that move it, as etcd's `tracker.Progress` keeps them.
//!
//! Flow control, as etcd's progress states: entries flow one batch in flight at a time
//! (`sent_up_to`), or, once a follower needs a discarded entry, the follower waits on one
//! InstallSnapshot ([`PendingSnapshot`], etcd's `StateSnapshot`/`PendingSnapshot`) and the
//! leader sends it nothing more than heartbeats until the reply, or a retry timeout, ends
//! the wait.

use crate::types::{Index, Time};

/// Replication progress of one follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Progress {
    /// Index of the next entry to send; starts just past the leader's last entry.
    ///
    /// Invariant: `match_index < next_index` (the follower is never sent less than it is
    /// known to hold), and `next_index ≥ 1`. A rejection moves it back, never below
    /// `match_index + 1`; a success moves it past the new match.
    pub next_index: Index,
    /// Highest index known to be replicated on the follower; 0 until a success says more.
    ///
    /// Invariant: never decreases while this leader leads (replies older than the current
    /// match change nothing).
    pub match_index: Index,
    /// The last index carried by an AppendEntries that is out and not yet acknowledged (0:
    /// none). While entries are in flight, new proposals and stale replies do not send them
    /// again; the acknowledgement (or, if it is lost, the next heartbeat) sends what follows.
    ///
    /// Invariant: 0, or an index above `match_index` when it was set.
    pub sent_up_to: Index,
    /// When the follower last answered this leader (CheckQuorum).
    pub last_heard: Option<Time>,
    /// The InstallSnapshot out to this follower and not yet answered, if any. While it is out
    /// the leader sends no AppendEntries with entries and no second snapshot (only
    /// heartbeats), so a large message is not repeated every heartbeat.
    ///
    /// Invariant: `Some` only while `sent_up_to` is 0 (entries and a snapshot are never in
    /// flight together).
    pub pending_snapshot: Option<PendingSnapshot>,
}

/// An InstallSnapshot in flight to one follower (etcd's `StateSnapshot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PendingSnapshot {
    /// The snapshot's last included index.
    pub index: Index,
    /// When it was (last) sent: with no answer that lets entries flow again within the retry
    /// window, it is presumed lost and sent again.
    pub sent_at: Time,
    /// The follower had not answered for an election timeout when this copy went out: it may
    /// have been down, and the copy dropped. Its next heartbeat answer shows it is back and
    /// still waiting, so the copy is presumed lost then, without waiting for the retry window.
    pub to_silent_follower: bool,
}

/// How a leader steps back after a rejection (§5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepBack {
    /// Figure 2: "decrement nextIndex and retry".
    OneByOne,
    /// The end of §5.3: skip to where the follower's conflicting term begins, or past the
    /// leader's own last entry of that term (computed by the leader from its log).
    To(Index),
}

impl Progress {
    /// Progress as a new leader initialises it: optimistic nextIndex, nothing matched yet.
    pub fn new(last_index: Index) -> Self {
        let progress = Progress {
            next_index: last_index + 1,
            match_index: 0,
            sent_up_to: 0,
            last_heard: None,
            pending_snapshot: None,
        };
        progress.check();
        progress
    }

    /// The AppendEntries to send next starts after this index (its prevLogIndex).
    pub fn prev_index(&self) -> Index {
        self.next_index - 1
    }

    /// True when nothing is out unacknowledged (no entries, no snapshot), so new entries may
    /// be sent at once.
    pub fn is_idle(&self) -> bool {
        self.sent_up_to == 0 && self.pending_snapshot.is_none()
    }

    /// True while an InstallSnapshot is out and unanswered: replication to this follower is
    /// paused (etcd's `IsPaused` in `StateSnapshot`).
    pub fn is_waiting_for_snapshot(&self) -> bool {
        self.pending_snapshot.is_some()
    }

    /// True when the snapshot in flight has gone unanswered for `retry_after` by `now` while
    /// the follower answered something else since it went out (a heartbeat): the follower is
    /// up and reachable, so the copy or its answer was lost, and it may be sent again. A
    /// follower heard from not at all since is down or cut off, and a copy would only be lost
    /// too: its first answer brings the retry instead.
    pub fn snapshot_retry_due(&self, now: Time, retry_after: Time) -> bool {
        self.pending_snapshot.is_some_and(|p| {
            now >= p.sent_at.saturating_add(retry_after)
                && self.last_heard.is_some_and(|heard| heard > p.sent_at)
        })
    }

    /// Records that an AppendEntries carrying `count` entries after `prev_index()` went out.
    pub fn sent(&mut self, count: usize) {
        self.sent_up_to = if count == 0 {
            0
        } else {
            self.prev_index() + count as Index
        };
    }

    /// Records that InstallSnapshot carrying everything up to `index` went out at `now`: the
    /// follower waits on it, and the leader sends it nothing but heartbeats until an answer
    /// or the retry timeout (etcd's `BecomeSnapshot`). `silence` is how long a follower may
    /// go unheard before it counts as possibly down (an election timeout); one never heard
    /// by this leader counts as silent.
    pub fn sent_snapshot(&mut self, index: Index, now: Time, silence: Time) {
        let to_silent_follower = self
            .last_heard
            .is_none_or(|heard| now.saturating_sub(heard) >= silence);
        self.sent_up_to = 0;
        self.pending_snapshot = Some(PendingSnapshot {
            index,
            sent_at: now,
            to_silent_follower,
        });
    }

    /// Called when a heartbeat's answer did not end the wait: true when the snapshot in flight
    /// went to a follower that was silent then, so this answer is the follower back and still
    /// needing it (the copy was dropped while it was down).
    pub fn snapshot_lost_while_silent(&self) -> bool {
        self.pending_snapshot.is_some_and(|p| p.to_silent_follower)
    }

    /// Ends the wait on a snapshot once the follower's known match lets the leader's log carry
    /// on from it (`match_index + 1 ≥ first_index`, the first entry the leader still holds),
    /// whichever snapshot or reply brought it there: the answer to the snapshot in flight, to
    /// an earlier copy, or a heartbeat's (etcd's rule, which ignores the pending index for the
    /// same reason). nextIndex then follows the match. Returns true when the wait ended.
    pub fn resume_after_snapshot(&mut self, first_index: Index) -> bool {
        if self.pending_snapshot.is_none() || self.match_index + 1 < first_index {
            return false;
        }
        self.pending_snapshot = None;
        self.next_index = self.match_index + 1;
        self.check();
        true
    }

    /// Figure 2: "If successful: update nextIndex and matchIndex for follower". A reply older
    /// than what is known moves nothing back. Returns true when `match_index` rose.
    pub fn accept_match(&mut self, match_index: Index) -> bool {
        let advanced = match_index > self.match_index;
        if advanced {
            self.match_index = match_index;
        }
        self.next_index = self.next_index.max(self.match_index + 1);
        if self.match_index >= self.sent_up_to {
            self.sent_up_to = 0;
        }
        self.check();
        advanced
    }

    /// True when the leader has entries past what was sent (its log ends at `last_index`) and
    /// none are in flight: the success that just arrived should send the next batch.
    pub fn wants_more(&self, last_index: Index) -> bool {
        self.next_index <= last_index && self.is_idle()
    }

    /// Figure 2: "If AppendEntries fails because of log inconsistency: decrement nextIndex and
    /// retry". `rejected_prev` is the rejected request's prevLogIndex. A rejection about an
    /// older nextIndex than the current one is stale and ignored, as is one at the very start
    /// of the log. Otherwise nextIndex moves back (never forward, never below 1 or the known
    /// match) and the in-flight mark clears so the retry goes at once. Returns the old and new
    /// nextIndex when it moved.
    ///
    /// While a snapshot is out, every rejection is stale (a heartbeat then checks only the
    /// empty prefix, which no log refuses) and changes nothing: the snapshot's answer decides.
    pub fn step_back(&mut self, rejected_prev: Index, how: StepBack) -> Option<(Index, Index)> {
        if self.is_waiting_for_snapshot()
            || rejected_prev + 1 != self.next_index
            || self.next_index <= 1
        {
            return None;
        }
        self.sent_up_to = 0;
        let old = self.next_index;
        let proposed = match how {
            StepBack::OneByOne => old - 1,
            StepBack::To(index) => index,
        };
        self.next_index = proposed.min(old - 1).max(self.match_index + 1).max(1);
        self.check();
        Some((old, self.next_index))
    }

    fn check(&self) {
        debug_assert!(
            self.match_index < self.next_index,
            "progress invariant broken: match {} ≥ next {}",
            self.match_index,
            self.next_index
        );
        debug_assert!(
            self.pending_snapshot.is_none() || self.sent_up_to == 0,
            "progress invariant broken: entries and a snapshot in flight together"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figure 2: a new leader sets nextIndex just past its log and matchIndex to 0.
    #[test]
    fn a_new_leader_is_optimistic() {
        let p = Progress::new(7);
        assert_eq!((p.next_index, p.match_index), (8, 0));
        assert_eq!(p.prev_index(), 7);
        assert!(p.is_idle());
    }

    #[test]
    fn a_success_moves_match_and_next_forward_only() {
        let mut p = Progress::new(7);
        p.sent(0);
        assert!(p.accept_match(7));
        assert_eq!((p.next_index, p.match_index), (8, 7));
        // A stale success (an older heartbeat's reply) changes nothing.
        assert!(!p.accept_match(3));
        assert_eq!((p.next_index, p.match_index), (8, 7));
    }

    #[test]
    fn in_flight_entries_clear_when_acknowledged() {
        let mut p = Progress::new(4);
        p.accept_match(4);
        p.sent(3);
        assert_eq!(p.sent_up_to, 7);
        assert!(!p.wants_more(9));
        p.accept_match(6);
        assert!(!p.is_idle());
        p.accept_match(7);
        assert!(p.is_idle());
        assert_eq!(p.next_index, 8);
        assert!(p.wants_more(9));
        assert!(!p.wants_more(7));
    }

    /// §5.3: after a rejection nextIndex goes back one entry, or by a whole term with fast
    /// backtracking, but never below what the follower is known to hold.
    #[test]
    fn a_rejection_steps_back() {
        let mut p = Progress::new(10);
        assert_eq!(p.step_back(10, StepBack::OneByOne), Some((11, 10)));
        assert_eq!(p.step_back(9, StepBack::To(4)), Some((10, 4)));
        // Never forward on a rejection.
        assert_eq!(p.step_back(3, StepBack::To(9)), Some((4, 3)));
        // A stale rejection (about an older nextIndex) is ignored.
        assert_eq!(p.step_back(7, StepBack::OneByOne), None);
        p.accept_match(2);
        assert_eq!(p.next_index, 3);
        // Never below the known match.
        p.next_index = 5;
        assert_eq!(p.step_back(4, StepBack::To(1)), Some((5, 3)));
        assert_eq!(p.match_index + 1, p.next_index);
    }

    /// etcd's StateSnapshot: a snapshot out pauses everything, a rejection changes nothing,
    /// and the wait ends only on a match the log can carry on from (here the leader's log
    /// starts at 11).
    #[test]
    fn a_snapshot_out_pauses_the_follower_until_a_match_the_log_carries_on_from() {
        let mut p = Progress::new(12);
        p.last_heard = Some(0);
        assert_eq!(p.step_back(12, StepBack::OneByOne), Some((13, 12)));
        p.next_index = 1;
        p.sent_snapshot(10, 5, 150);
        assert!(p.is_waiting_for_snapshot() && !p.is_idle());
        assert!(!p.wants_more(12));
        assert_eq!(p.step_back(0, StepBack::OneByOne), None);
        // An older snapshot's reply: match 8, still before the log's first entry.
        p.accept_match(8);
        assert!(!p.resume_after_snapshot(11));
        assert!(p.is_waiting_for_snapshot());
        p.accept_match(10);
        assert!(p.resume_after_snapshot(11));
        assert_eq!((p.match_index, p.next_index), (10, 11));
        assert!(p.is_idle() && p.wants_more(12));
    }

    /// The retry: due an election timeout after the copy, and only if the follower was heard
    /// from since; a copy to a follower silent for that long is presumed lost on its answer.
    #[test]
    fn a_snapshot_is_retried_after_the_timeout_if_the_follower_answered_since() {
        let mut p = Progress::new(12);
        p.last_heard = Some(100);
        p.sent_snapshot(10, 200, 150);
        assert!(!p.snapshot_lost_while_silent(), "heard 100 µs before");
        assert!(!p.snapshot_retry_due(400, 150), "not heard from since");
        p.last_heard = Some(250);
        assert!(!p.snapshot_retry_due(349, 150));
        assert!(p.snapshot_retry_due(350, 150));
        p.sent_snapshot(10, 600, 150);
        assert!(p.snapshot_lost_while_silent(), "silent for 350 µs");
        assert!(
            !Progress::new(3).snapshot_retry_due(1_000, 150),
            "nothing out"
        );
    }

    #[test]
    fn nothing_before_the_first_entry() {
        let mut p = Progress::new(0);
        assert_eq!(p.step_back(0, StepBack::OneByOne), None);
        assert_eq!(p.next_index, 1);
    }
}
