//! Log compaction and InstallSnapshot (§7 of the paper, chapter 5 of the dissertation), as an
//! `impl Node` beside the rules of Figure 2.
//!
//! - Applying: committed entries are applied to the state machine in order (Figure 2:
//!   "If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied]").
//! - Snapshotting: a server snapshots its applied state on its own (every
//!   [`Config::snapshot_every`](crate::Config::snapshot_every) entries, or when asked) and
//!   discards the log up to the snapshot, keeping
//!   [`Config::snapshot_threshold`](crate::Config::snapshot_threshold) entries behind it.
//! - InstallSnapshot (Figure 13): a leader that no longer holds the entry a follower needs
//!   sends its snapshot instead; the follower keeps the entries after the snapshot when its log
//!   matches there, else discards its log, and resets its state machine to the snapshot's.
//! - Restarting: the snapshot is persistent state; a restarted server's state machine starts
//!   from it, and the entries it covers count as committed.

use crate::event::{Event, SnapshotRetry};
use crate::message::{AppendEntries, Body, InstallSnapshot, InstallSnapshotResponse};
use crate::node::Node;
use crate::snapshot::Snapshot;
use crate::state::RoleState;
use crate::state_machine::StateMachine;
use crate::types::{Index, NodeId, Term, Time};
use alloc::vec::Vec;

impl Node {
    /// Figure 2's lastApplied: the highest index applied to the state machine.
    pub fn last_applied(&self) -> Index {
        self.volatile.last_applied
    }

    /// The state machine, as of [`Node::last_applied`].
    pub fn state_machine(&self) -> &StateMachine {
        &self.volatile.machine
    }

    /// The latest snapshot, if this server took or installed one.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.persistent.log.snapshot()
    }

    /// The last index the latest snapshot covers, 0 without one.
    pub fn snapshot_index(&self) -> Index {
        self.snapshot().map_or(0, |s| s.last_included_index)
    }

    /// Snapshots the applied state now and compacts the log (the "snapshot now" action).
    /// Returns false, changing nothing, when nothing was applied since the last snapshot.
    pub fn snapshot_now(&mut self) -> bool {
        self.take_snapshot()
    }

    /// A restarted server's state machine starts from its snapshot (§7): everything up to the
    /// last included index was committed when the snapshot was taken.
    pub(crate) fn restore_snapshot(&mut self) {
        let Some(&snapshot) = self.persistent.log.snapshot() else {
            return;
        };
        self.volatile.machine = snapshot.state;
        self.volatile.last_applied = snapshot.last_included_index;
        self.volatile.commit_index = snapshot.last_included_index;
        self.events.push(Event::SnapshotRestored {
            index: snapshot.last_included_index,
            term: snapshot.last_included_term,
        });
    }

    /// Applies the entries committed since the last call.
    pub(crate) fn apply_committed(&mut self) {
        let commit = self.volatile.commit_index;
        self.apply_through(commit);
    }

    /// Takes the snapshot the option asks for once `snapshot_every` entries were applied since
    /// the last one. Called before each input rather than as entries apply, so the entries an
    /// input appended and committed are still in the log when its owner looks at what that
    /// input did (the checker hashes them); the snapshot comes with the next input.
    pub(crate) fn snapshot_if_due(&mut self) {
        let every = self.config.snapshot_every;
        if every > 0 && self.volatile.last_applied >= self.snapshot_index() + every {
            self.take_snapshot();
        }
    }

    fn apply_through(&mut self, to: Index) {
        while self.volatile.last_applied < to {
            let index = self.volatile.last_applied + 1;
            if let Some(entry) = self.persistent.log.entry(index) {
                self.volatile.machine.apply(&entry.command);
            }
            self.volatile.last_applied = index;
        }
    }

    fn take_snapshot(&mut self) -> bool {
        if self.config.unsafe_switches.snapshot_past_commit {
            // The broken rule: apply (and snapshot) entries nobody has committed yet.
            let last = self.persistent.log.last_index();
            self.apply_through(last);
        }
        let index = self.volatile.last_applied;
        if index <= self.snapshot_index() {
            return false;
        }
        // The configuration as of the snapshot's last entry (dissertation §5.1): later
        // configuration entries stay in the log.
        let membership = self
            .persistent
            .log
            .last_config_at_or_before(index)
            .map_or(self.bootstrap, |(_, members)| members);
        let log = &mut self.persistent.log;
        let Some(term) = log.term_at(index) else {
            return false;
        };
        log.set_snapshot(Snapshot {
            last_included_index: index,
            last_included_term: term,
            membership,
            state: self.volatile.machine,
        });
        // Keep the threshold's entries behind the snapshot for followers that are only a
        // little behind; never un-discard what an earlier compaction dropped.
        let discard_to = index
            .saturating_sub(self.config.snapshot_threshold)
            .max(log.offset());
        let discard_term = log.term_at(discard_to).unwrap_or(term);
        log.compact_to(discard_to, discard_term);
        self.events.push(Event::SnapshotTaken {
            index,
            term,
            discarded_to: discard_to,
            commit_index: self.volatile.commit_index,
        });
        true
    }

    // ----- the leader -----

    /// Whether `peer` waits on a snapshot this leader sent it (replication to it is paused).
    pub(crate) fn waiting_for_snapshot(&self, peer: NodeId) -> bool {
        let RoleState::Leader(leader) = &self.volatile.role else {
            return false;
        };
        leader
            .progress
            .get(peer as usize)
            .is_some_and(|p| p.is_waiting_for_snapshot())
    }

    /// Whether `peer` needs an entry this leader has discarded, so only a snapshot will do.
    pub(crate) fn needs_snapshot(&self, peer: NodeId) -> bool {
        let RoleState::Leader(leader) = &self.volatile.role else {
            return false;
        };
        let offset = self.persistent.log.offset();
        offset > 0 && leader.progress[peer as usize].next_index <= offset
    }

    /// Sends `peer` this leader's snapshot (Figure 13), saying why in the trace, and pauses
    /// replication to it until the answer or the retry timeout ([`Progress::sent_snapshot`]).
    ///
    /// One chunk, not Figure 13's `offset`/`data`/`done` series: the state machine is a running
    /// sum and count, a few bytes, so chunks would be a fiction at this size. What Figure 13
    /// chunks for (a snapshot too large for one message) this playground never has; what it
    /// does have, a large message repeated every heartbeat, the wait on the reply prevents.
    ///
    /// [`Progress::sent_snapshot`]: crate::progress::Progress::sent_snapshot
    pub(crate) fn send_snapshot(&mut self, now: Time, peer: NodeId, retry: Option<SnapshotRetry>) {
        let Some(&snapshot) = self.persistent.log.snapshot() else {
            return;
        };
        let first_index = self.persistent.log.first_index();
        let term = self.term();
        let silence = self.config.election_timeout_min;
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        let Some(progress) = leader.progress.get_mut(peer as usize) else {
            return;
        };
        let next_index = progress.next_index;
        progress.sent_snapshot(snapshot.last_included_index, now, silence);
        self.events.push(Event::SnapshotSent {
            to: peer,
            next_index,
            first_index,
            index: snapshot.last_included_index,
            term: snapshot.last_included_term,
            retry,
        });
        self.send(
            peer,
            term,
            Body::InstallSnapshot(InstallSnapshot { snapshot }),
        );
    }

    /// The heartbeat to a follower waiting on a snapshot, or the snapshot again once it went
    /// unanswered for an election timeout.
    ///
    /// Heartbeats keep flowing while the snapshot is out, as etcd's do: they keep the follower
    /// from campaigning (§5.2) and its answers keep the leader's CheckQuorum count. Each is an
    /// empty AppendEntries after index 0, the empty prefix every log shares: the follower's
    /// matchIndex lies before the leader's first entry, so the leader no longer knows the term
    /// there to check it against. The follower accepts it without a refusal and takes the
    /// commit index only as far as what the request vouches for (Figure 2, receiver step 5: the
    /// index of the last new entry), nothing new; etcd's heartbeat likewise carries
    /// `min(match, committed)`. The snapshot, once installed, brings the commit index with it.
    ///
    /// The snapshot goes again in two cases, each a sign that the copy in flight is lost:
    /// - an election timeout (the minimum) without its answer, though the follower answered
    ///   heartbeats meanwhile: by the timing requirement of §5.6 (broadcastTime ≪
    ///   electionTimeout) the answer would have come, so the snapshot or its answer was lost;
    /// - the first heartbeat answer of a follower that had been silent when the copy went out
    ///   (it was down or cut off, so the copy was dropped; it is back and still needs it: see
    ///   `handle_append_entries_response`).
    ///
    /// A follower that stays silent gets no copies at all, where before it got one every
    /// heartbeat. etcd leaves both signs to the transport (`ReportUnreachable`,
    /// `ReportSnapshot`); here the leader is its own transport.
    pub(crate) fn heartbeat_waiting_follower(&mut self, now: Time, peer: NodeId) {
        let retry_after = self.config.election_timeout_min;
        let term = self.term();
        let leader_commit = self.commit_index();
        let RoleState::Leader(leader) = &self.volatile.role else {
            return;
        };
        let Some(progress) = leader.progress.get(peer as usize) else {
            return;
        };
        if progress.snapshot_retry_due(now, retry_after) {
            return self.send_snapshot(now, peer, Some(SnapshotRetry::NoAnswer));
        }
        self.send(
            peer,
            term,
            Body::AppendEntries(AppendEntries {
                prev_log_index: 0,
                prev_log_term: 0,
                entries: Vec::new(),
                leader_commit,
            }),
        );
    }

    /// The leader's side of the reply: the follower now holds everything up to the match
    /// index, so matchIndex and nextIndex move (and maybe the commit index), the wait on the
    /// snapshot ends, and the rest of the log follows as AppendEntries. A reply to an older
    /// copy that leaves the follower still behind the leader's log changes only the match:
    /// the wait goes on until the answer to the latest copy, or the retry.
    pub(crate) fn handle_install_snapshot_response(
        &mut self,
        now: Time,
        from: NodeId,
        reply: &InstallSnapshotResponse,
    ) {
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        let Some(progress) = leader.progress.get_mut(from as usize) else {
            return;
        };
        progress.last_heard = Some(now);
        self.acknowledged(now, from, reply.match_index);
    }

    // ----- the follower -----

    /// InstallSnapshot receiver, Figure 13.
    pub(crate) fn handle_install_snapshot(
        &mut self,
        now: Time,
        leader: NodeId,
        term: Term,
        request: &InstallSnapshot,
    ) {
        // 1. "Reply immediately if term < currentTerm": the reply's term tells the stale leader.
        if term < self.term() {
            self.reply_install(leader, 0);
            return;
        }
        self.become_follower_of(now, leader);
        let snapshot = request.snapshot;
        let index = snapshot.last_included_index;
        // Already committed that far: the snapshot has nothing new, and a committed prefix is
        // never replaced (a delayed, older snapshot must not roll the state machine back).
        if index <= self.volatile.commit_index {
            self.reply_install(leader, self.volatile.commit_index);
            return;
        }
        let log = &mut self.persistent.log;
        // 6. "If existing log entry has same index and term as snapshot's last included entry,
        // retain log entries following it and reply". 7. "Discard the entire log" otherwise.
        if log.term_at(index) != Some(snapshot.last_included_term) {
            log.truncate_from(log.first_index());
        }
        log.compact_to(index, snapshot.last_included_term);
        let kept = log.last_index() - index;
        // 8. "Reset state machine using snapshot contents (and load snapshot's cluster
        // configuration)".
        log.set_snapshot(snapshot);
        self.volatile.machine = snapshot.state;
        self.volatile.last_applied = index;
        // The snapshot's configuration is in force unless a configuration entry kept after it
        // says otherwise (dissertation §4.1, Figure 13 step 8).
        self.refresh_members();
        self.events.push(Event::SnapshotInstalled {
            leader,
            index,
            term: snapshot.last_included_term,
            kept,
        });
        self.advance_commit(index);
        self.reply_install(leader, index);
    }

    fn reply_install(&mut self, leader: NodeId, match_index: Index) {
        self.send(
            leader,
            self.term(),
            Body::InstallSnapshotResponse(InstallSnapshotResponse { match_index }),
        );
    }

    /// An AppendEntries that starts inside this follower's discarded prefix: those entries
    /// are committed, so they match the leader's; the request is read from the end of the
    /// prefix on. `None` when the request starts at or after it.
    pub(crate) fn trim_compacted(&self, request: &AppendEntries) -> Option<AppendEntries> {
        let log = &self.persistent.log;
        let offset = log.offset();
        if request.prev_log_index >= offset {
            return None;
        }
        let skip = ((offset - request.prev_log_index) as usize).min(request.entries.len());
        Some(AppendEntries {
            prev_log_index: offset,
            prev_log_term: log.offset_term(),
            entries: request.entries[skip..].to_vec(),
            leader_commit: request.leader_commit,
        })
    }
}
