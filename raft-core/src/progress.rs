//! A leader's view of one follower's log (Figure 2: nextIndex and matchIndex), and the rules
//! that move it, as etcd's `tracker.Progress` keeps them.

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
        };
        progress.check();
        progress
    }

    /// The AppendEntries to send next starts after this index (its prevLogIndex).
    pub fn prev_index(&self) -> Index {
        self.next_index - 1
    }

    /// True when no entries are out unacknowledged, so new ones may be sent at once.
    pub fn is_idle(&self) -> bool {
        self.sent_up_to == 0
    }

    /// Records that an AppendEntries carrying `count` entries after `prev_index()` went out.
    pub fn sent(&mut self, count: usize) {
        self.sent_up_to = if count == 0 {
            0
        } else {
            self.prev_index() + count as Index
        };
    }

    /// Records that InstallSnapshot carrying everything up to `index` went out: in flight, so
    /// proposals wait for its reply (or the next heartbeat) rather than send it again.
    pub fn sent_snapshot(&mut self, index: Index) {
        self.sent_up_to = index;
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
    pub fn step_back(&mut self, rejected_prev: Index, how: StepBack) -> Option<(Index, Index)> {
        if rejected_prev + 1 != self.next_index || self.next_index <= 1 {
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

    #[test]
    fn nothing_before_the_first_entry() {
        let mut p = Progress::new(0);
        assert_eq!(p.step_back(0, StepBack::OneByOne), None);
        assert_eq!(p.next_index, 1);
    }
}
