//! One server's Raft state machine: the rules of Figure 2, sans-IO.
//!
//! Everything enters through [`Node::step`] with the current virtual time. What the node wants
//! done comes out as messages ([`Node::take_messages`]) and observable events
//! ([`Node::take_events`]). The node arms one timer; its owner calls `step(now, Input::Timer)`
//! once `now` reaches [`Node::next_timer_at`].

use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

use crate::config::{Backtracking, Config};
use crate::event::{AppendRefusal, Event, RoleReason, SnapshotRetry, VoteRefusal};
use crate::log::{Command, Entry, Log};
use crate::membership::{Membership, MAX_SERVERS};
use crate::message::{
    AppendEntries, AppendEntriesResponse, Body, Conflict, Message, RequestVote, VoteResponse,
};
use crate::progress::{Progress, StepBack};
use crate::quorum::{self, VoteResult};
use crate::rng::{self, Rng};
use crate::state::{LeaderState, Persistent, Role, RoleState, Timer, TimerKind, Volatile, Votes};
use crate::types::{Index, NodeId, Term, Time};

pub mod transfer;
pub use transfer::TransferRefusal;

/// Everything that can happen to a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The armed timer's deadline has been reached.
    Timer,
    /// A message arrived.
    Message(Message),
    /// A client asks to append a command.
    Propose(Command),
    /// A user forces the election timeout now (a teaching control, not part of the paper).
    ForceTimeout,
}

/// A proposal reached a server that is not the leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLeader {
    /// The leader this server knows of in its current term, to redirect the client (§8).
    pub leader: Option<NodeId>,
}

/// A Raft server.
///
/// Nodes compare and hash by their state, so a model checker can tell states apart (see
/// the `Hash` impl for the two fields it leaves out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub(crate) id: NodeId,
    /// The configuration this server was started with, before any configuration entry: every
    /// starting server for the first ones, none for a server added later (dissertation §4.1).
    pub(crate) bootstrap: Membership,
    /// The configuration in force: the latest configuration entry in the log, appended
    /// whether committed or not, else `bootstrap` (§4.1). Derived from the log, kept at hand.
    pub(crate) members: Membership,
    /// The index of the configuration entry in force (0: the bootstrap configuration).
    pub(crate) members_index: Index,
    pub(crate) config: Config,
    pub(crate) persistent: Persistent,
    pub(crate) volatile: Volatile,
    rng: Rng,
    pub(crate) outbox: Vec<Message>,
    pub(crate) events: Vec<Event>,
}

impl Hash for Node {
    /// Everything but the PRNG, whose generator type offers no `Hash`, and the events not yet
    /// drained, which record the past rather than decide the future. Equal nodes still hash
    /// equal, as `Hash` requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.bootstrap.hash(state);
        self.members.hash(state);
        self.members_index.hash(state);
        self.config.hash(state);
        self.persistent.hash(state);
        self.volatile.hash(state);
        self.outbox.hash(state);
    }
}

impl Node {
    /// A server of a cluster started with servers `0..cluster_size`, starting (or restarting)
    /// at `now` from `persistent`, as a follower (§5.2).
    pub fn new(
        id: NodeId,
        cluster_size: u8,
        config: Config,
        persistent: Persistent,
        rng: Rng,
        now: Time,
    ) -> Self {
        assert!(
            (1..=MAX_SERVERS).contains(&cluster_size) && id < cluster_size,
            "node id out of range"
        );
        Self::with_bootstrap(
            id,
            Membership::first(cluster_size),
            config,
            persistent,
            rng,
            now,
        )
    }

    /// A server whose configuration before any configuration entry is `bootstrap`: the
    /// starting servers' first configuration, or [`Membership::none`] for a server added to a
    /// running cluster, which learns its configuration from the leader's log (§4.2.1).
    pub fn with_bootstrap(
        id: NodeId,
        bootstrap: Membership,
        config: Config,
        persistent: Persistent,
        rng: Rng,
        now: Time,
    ) -> Self {
        assert!(id < MAX_SERVERS, "node id out of range");
        let (members_index, members) = persistent
            .log
            .last_config_at_or_before(persistent.log.last_index())
            .unwrap_or((0, bootstrap));
        let mut node = Node {
            id,
            bootstrap,
            members,
            members_index,
            config,
            persistent,
            volatile: Volatile {
                role: RoleState::Follower,
                commit_index: 0,
                leader: None,
                last_leader_contact: None,
                timer: Timer {
                    kind: TimerKind::Election,
                    armed_at: now,
                    deadline: now,
                },
                last_applied: 0,
                machine: Default::default(),
            },
            rng,
            outbox: Vec::new(),
            events: Vec::new(),
        };
        node.events.push(Event::RoleChanged {
            role: Role::Follower,
            term: node.persistent.current_term,
            reason: RoleReason::Start,
        });
        node.restore_snapshot();
        node.reset_election_timer(now);
        node
    }

    /// Stops the server: the volatile state is lost, the persistent state and the PRNG are
    /// handed back so the owner can restart it later.
    pub fn crash(self) -> (Persistent, Rng) {
        let mut persistent = self.persistent;
        if self.config.unsafe_switches.forget_vote_on_restart {
            persistent.voted_for = None;
        }
        (persistent, self.rng)
    }

    // ----- what the owner reads -----

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// Current role.
    pub fn role(&self) -> Role {
        match self.volatile.role {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate(_) => Role::PreCandidate,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }
    /// Current term.
    pub fn term(&self) -> Term {
        self.persistent.current_term
    }
    /// The vote cast in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.persistent.voted_for
    }
    /// The log.
    pub fn log(&self) -> &Log {
        &self.persistent.log
    }
    /// The persistent state.
    pub fn persistent(&self) -> &Persistent {
        &self.persistent
    }
    /// Highest index known committed.
    pub fn commit_index(&self) -> Index {
        self.volatile.commit_index
    }
    /// The leader this server believes in for its current term.
    pub fn leader_hint(&self) -> Option<NodeId> {
        if self.role() == Role::Leader {
            Some(self.id)
        } else {
            self.volatile.leader
        }
    }
    /// The armed timer.
    pub fn timer(&self) -> Timer {
        self.volatile.timer
    }
    /// When the owner must next deliver `Input::Timer`.
    pub fn next_timer_at(&self) -> Time {
        self.volatile.timer.deadline
    }
    /// The vote tally while campaigning (pre-vote or vote).
    pub fn votes(&self) -> Option<Votes> {
        match &self.volatile.role {
            RoleState::PreCandidate(v) | RoleState::Candidate(v) => Some(*v),
            _ => None,
        }
    }
    /// A leader's progress for each server (its own entry is meaningless).
    pub fn progress(&self) -> Option<&[Progress]> {
        match &self.volatile.role {
            RoleState::Leader(l) => Some(&l.progress),
            _ => None,
        }
    }
    /// Where the current (pre-)election stands, while campaigning: `Lost` once the refusals
    /// leave no majority to win.
    pub fn vote_result(&self) -> Option<VoteResult> {
        self.votes().map(|v| v.result_in(self.members))
    }
    /// Votes needed to win: a strict majority of the configuration in force (§4.1).
    pub fn quorum(&self) -> u32 {
        self.members.majority()
    }

    /// Drains the messages produced since the last call.
    pub fn take_messages(&mut self) -> Vec<Message> {
        core::mem::take(&mut self.outbox)
    }
    /// Drains the events produced since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        core::mem::take(&mut self.events)
    }
    /// Moves produced messages and events into the owner's buffers, keeping allocations.
    pub fn drain_into(&mut self, messages: &mut Vec<Message>, events: &mut Vec<Event>) {
        messages.append(&mut self.outbox);
        events.append(&mut self.events);
    }

    // ----- the one entry point -----

    /// Feeds one input at virtual time `now`. Only a proposal to a non-leader fails.
    pub fn step(&mut self, now: Time, input: Input) -> Result<(), NotLeader> {
        self.snapshot_if_due();
        let result = self.step_input(now, input);
        self.step_down_if_removed(now);
        result
    }

    fn step_input(&mut self, now: Time, input: Input) -> Result<(), NotLeader> {
        match input {
            Input::Timer => {
                if now >= self.volatile.timer.deadline {
                    self.on_timer(now);
                }
                Ok(())
            }
            Input::ForceTimeout => {
                if self.role() != Role::Leader && self.is_member() {
                    self.start_election(now, RoleReason::Forced);
                }
                Ok(())
            }
            Input::Message(m) => {
                self.on_message(now, m);
                Ok(())
            }
            Input::Propose(command) => self.on_propose(now, command),
        }
    }

    /// Convenience for `step(now, Input::Propose(..))`: the (index, term) the command got.
    pub fn propose(&mut self, now: Time, command: Command) -> Result<(Index, Term), NotLeader> {
        self.step(now, Input::Propose(command))?;
        Ok((self.log().last_index(), self.term()))
    }

    // ----- timers -----

    fn on_timer(&mut self, now: Time) {
        match self.volatile.role {
            RoleState::Leader(_) => self.leader_tick(now),
            RoleState::Candidate(votes) => {
                // §5.2: "If election timeout elapses: start new election". The old term ended
                // without this candidate winning: a split or lost vote, worth reporting.
                self.events.push(Event::ElectionLost {
                    term: self.term(),
                    granted: votes.granted_count(),
                    refused: votes.refused_count(),
                    needed: self.quorum(),
                });
                self.start_election(now, RoleReason::Timeout);
            }
            // A server outside its configuration does not campaign: it could win no votes
            // that count, and would only disturb the members' terms (§4.2.1, §4.2.3).
            RoleState::Follower | RoleState::PreCandidate(_) if !self.is_member() => {
                self.reset_election_timer(now)
            }
            RoleState::Follower | RoleState::PreCandidate(_) => {
                self.start_election(now, RoleReason::Timeout)
            }
        }
    }

    pub(crate) fn reset_election_timer(&mut self, now: Time) {
        let timeout = rng::range_inclusive(
            &mut self.rng,
            self.config.election_timeout_min,
            self.config.election_timeout_max,
        );
        self.arm_timer(now, TimerKind::Election, now + timeout);
    }

    fn arm_timer(&mut self, now: Time, kind: TimerKind, deadline: Time) {
        self.volatile.timer = Timer {
            kind,
            armed_at: now,
            deadline,
        };
        self.events.push(Event::TimerReset {
            timer: kind,
            deadline,
        });
    }

    // ----- role changes -----

    pub(crate) fn set_role(&mut self, role: RoleState, reason: RoleReason) {
        self.volatile.role = role;
        self.events.push(Event::RoleChanged {
            role: self.role(),
            term: self.term(),
            reason,
        });
    }

    /// §5.1: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
    /// convert to follower". The vote belongs to the old term and is forgotten.
    fn adopt_term(&mut self, now: Time, term: Term, leader: Option<NodeId>) {
        debug_assert!(term > self.term());
        let from = self.term();
        self.persistent.current_term = term;
        self.persistent.voted_for = None;
        self.volatile.leader = leader;
        self.events.push(Event::TermChanged { from, to: term });
        let was_leader = self.role() == Role::Leader;
        if self.role() != Role::Follower {
            self.set_role(RoleState::Follower, RoleReason::HigherTerm);
        }
        if was_leader {
            // A deposed leader had a heartbeat timer; it now needs an election timer.
            self.reset_election_timer(now);
        }
    }

    pub(crate) fn become_follower_of(&mut self, now: Time, leader: NodeId) {
        if self.role() != Role::Follower {
            self.set_role(RoleState::Follower, RoleReason::LeaderOfTerm);
        }
        self.volatile.leader = Some(leader);
        self.volatile.last_leader_contact = Some(now);
        self.reset_election_timer(now);
    }

    fn start_election(&mut self, now: Time, reason: RoleReason) {
        if self.config.pre_vote && reason != RoleReason::Forced {
            self.start_pre_vote(now, reason);
        } else {
            self.become_candidate(now, reason);
        }
    }

    fn start_pre_vote(&mut self, now: Time, reason: RoleReason) {
        let mut votes = Votes::default();
        votes.record(self.id, true);
        self.volatile.leader = None;
        self.set_role(RoleState::PreCandidate(votes), reason);
        self.reset_election_timer(now);
        if votes.result_in(self.members) == VoteResult::Won {
            self.become_candidate(now, RoleReason::WonPreVote);
            return;
        }
        let request = self.vote_request();
        let term = self.term() + 1;
        for peer in self.peers() {
            self.send(peer, term, Body::PreVote(request));
        }
    }

    /// §5.2: "increment currentTerm, vote for self, reset election timer, send RequestVote RPCs
    /// to all other servers".
    fn become_candidate(&mut self, now: Time, reason: RoleReason) {
        let from = self.term();
        self.persistent.current_term += 1;
        self.persistent.voted_for = Some(self.id);
        self.volatile.leader = None;
        self.events.push(Event::TermChanged {
            from,
            to: self.term(),
        });
        let mut votes = Votes::default();
        votes.record(self.id, true);
        self.set_role(RoleState::Candidate(votes), reason);
        self.reset_election_timer(now);
        if votes.result_in(self.members) == VoteResult::Won {
            self.become_leader(now);
            return;
        }
        let request = RequestVote {
            transfer: reason == RoleReason::TimeoutNow,
            ..self.vote_request()
        };
        for peer in self.peers() {
            self.send(peer, self.term(), Body::RequestVote(request));
        }
    }

    /// What a (pre-)candidate says about its log: its last entry (§5.4.1).
    fn vote_request(&self) -> RequestVote {
        RequestVote {
            last_log_index: self.log().last_index(),
            last_log_term: self.log().last_term(),
            transfer: false,
        }
    }

    /// Figure 2, Leaders: "Upon election: send initial empty AppendEntries RPCs (heartbeat) to
    /// each server". nextIndex starts just past the leader's log, matchIndex at 0.
    fn become_leader(&mut self, now: Time) {
        let last = self.log().last_index();
        let progress = (0..self.progress_slots())
            .map(|_| Progress::new(last))
            .collect();
        self.volatile.leader = Some(self.id);
        self.set_role(
            RoleState::Leader(LeaderState {
                progress,
                quorum_check_at: now + self.config.election_timeout_max,
                transfer: None,
            }),
            RoleReason::WonElection,
        );
        if self.config.leader_noop {
            let index = self.persistent.log.push(Entry {
                term: self.term(),
                command: Command::Noop,
            });
            self.events.push(Event::Appended {
                from: index,
                count: 1,
            });
            // A single-server cluster commits its own entries at once.
            self.leader_maybe_commit();
        }
        self.broadcast_append(now);
    }

    // ----- the leader -----

    fn leader_tick(&mut self, now: Time) {
        self.transfer_expire(now);
        if self.config.check_quorum && !self.leader_check_quorum(now) {
            return;
        }
        self.broadcast_append(now);
    }

    /// CheckQuorum (thesis §6.2): a leader that has not heard from a majority within an
    /// election timeout steps down. Returns whether it is still leader.
    fn leader_check_quorum(&mut self, now: Time) -> bool {
        let window = self.config.election_timeout_max;
        let (id, quorum, members) = (self.id, self.quorum(), self.members);
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return false;
        };
        if now < leader.quorum_check_at {
            return true;
        }
        let heard = leader
            .progress
            .iter()
            .enumerate()
            .filter(|(peer, p)| {
                // Only members count (§4.1); a leader being removed does not count itself.
                members.contains(*peer as NodeId)
                    && (*peer as NodeId == id || p.last_heard.is_some_and(|t| now - t <= window))
            })
            .count() as u32;
        if heard >= quorum {
            leader.quorum_check_at = now + window;
            return true;
        }
        self.volatile.leader = None;
        self.set_role(RoleState::Follower, RoleReason::LostQuorum);
        self.reset_election_timer(now);
        false
    }

    fn broadcast_append(&mut self, now: Time) {
        for peer in self.peers() {
            if self.waiting_for_snapshot(peer) {
                self.heartbeat_waiting_follower(now, peer);
            } else {
                self.send_append(now, peer);
            }
        }
        self.arm_timer(
            now,
            TimerKind::Heartbeat,
            now + self.config.heartbeat_interval,
        );
    }

    /// Sends `peer` an AppendEntries starting at its nextIndex (empty when it is up to date),
    /// or its snapshot when that entry is discarded. Nothing while `peer` waits on a snapshot:
    /// only its answer or the heartbeat's retry sends more (`compaction.rs`).
    pub(crate) fn send_append(&mut self, now: Time, peer: NodeId) {
        if self.waiting_for_snapshot(peer) {
            return;
        }
        if self.needs_snapshot(peer) {
            return self.send_snapshot(now, peer, None);
        }
        let max = self.config.max_entries_per_append;
        let term = self.term();
        let leader_commit = self.commit_index();
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        let Some(progress) = leader.progress.get_mut(peer as usize) else {
            return;
        };
        let prev_log_index = progress.prev_index();
        let log = &self.persistent.log;
        let prev_log_term = log.term_at(prev_log_index).unwrap_or(0);
        let entries: Vec<Entry> = log.slice(progress.next_index, max);
        progress.sent(entries.len());
        self.outbox.push(Message {
            from: self.id,
            to: peer,
            term,
            body: Body::AppendEntries(AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            }),
        });
    }

    fn on_propose(&mut self, now: Time, command: Command) -> Result<(), NotLeader> {
        if self.role() != Role::Leader {
            let leader = self.volatile.leader;
            self.events.push(Event::ProposalRefused { leader });
            return Err(NotLeader { leader });
        }
        // §3.10: a leader handing over its role takes no new entries; the client is pointed
        // at the server about to lead.
        if let Some(to) = self.transfer_blocks_proposal() {
            return Err(NotLeader { leader: Some(to) });
        }
        // Figure 2, Leaders: "If command received from client: append entry to local log".
        let term = self.term();
        let index = self.persistent.log.push(Entry { term, command });
        self.events.push(Event::Appended {
            from: index,
            count: 1,
        });
        self.events.push(Event::ProposalAccepted { index, term });
        self.leader_maybe_commit();
        // Replicate at once to followers that are not already waiting on a batch; the rest get
        // the entry with their reply or the next heartbeat, so nothing is sent twice.
        for peer in self.peers() {
            // Sending to one peer moves only that peer's progress, so each is asked in turn.
            let idle = match &self.volatile.role {
                RoleState::Leader(l) => l.progress.get(peer as usize).is_some_and(|p| p.is_idle()),
                _ => false,
            };
            if idle {
                self.send_append(now, peer);
            }
        }
        Ok(())
    }

    /// The leader's side of AppendEntries: a success advances the follower's progress (and
    /// maybe the commit index), a rejection steps nextIndex back and retries (§5.3).
    fn handle_append_entries_response(
        &mut self,
        now: Time,
        from: NodeId,
        reply: &AppendEntriesResponse,
    ) {
        let backtracking = self.config.backtracking;
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        // A server outside the configuration has no progress to move (§4.2.2).
        let Some(progress) = leader.progress.get_mut(from as usize) else {
            return;
        };
        progress.last_heard = Some(now);
        if reply.success {
            return self.acknowledged(now, from, reply.match_index);
        }
        // ByConflictTerm skips a whole term per round trip (end of §5.3): past the leader's
        // own last entry of the follower's conflicting term, or to where that term begins on
        // the follower when the leader has none of it.
        let how = match (backtracking, reply.conflict) {
            (Backtracking::ByConflictTerm, Some(c)) => StepBack::To(
                c.term
                    .and_then(|t| self.persistent.log.last_index_of_term(t))
                    .map_or(c.first_index, |i| i + 1),
            ),
            _ => StepBack::OneByOne,
        };
        if let Some((old, next)) = progress.step_back(reply.prev_log_index, how) {
            self.events.push(Event::NextIndexBack {
                peer: from,
                from: old,
                to: next,
            });
            self.send_append(now, from);
        }
    }

    /// Figure 2: "If successful: update nextIndex and matchIndex for follower", for an
    /// AppendEntries or an InstallSnapshot that `from` acknowledged up to `match_index`: maybe
    /// commit, end a wait on a snapshot, and send what comes next.
    pub(crate) fn acknowledged(&mut self, now: Time, from: NodeId, match_index: Index) {
        let last_index = self.log().last_index();
        let first_index = self.log().first_index();
        let commit_index = self.commit_index();
        let RoleState::Leader(leader) = &mut self.volatile.role else {
            return;
        };
        let Some(progress) = leader.progress.get_mut(from as usize) else {
            return;
        };
        let advanced = progress.accept_match(match_index);
        // A follower waiting on a snapshot that the log can now carry on from (etcd).
        progress.resume_after_snapshot(first_index);
        // Still waiting, on a copy sent while it was silent: it is back and needs it.
        let resend_snapshot = progress.snapshot_lost_while_silent();
        // More to send, and not already on the wire.
        let more = progress.wants_more(last_index);
        if advanced {
            self.events.push(Event::MatchAdvanced {
                peer: from,
                match_index,
            });
            // Only a match past the commit index can raise it; any other reply (a heartbeat's,
            // a late one, the acknowledgements after the majority's) leaves the answer the
            // last commit check already acted on.
            if match_index > commit_index {
                self.leader_maybe_commit();
            }
            self.transfer_on_match(from);
        }
        if resend_snapshot {
            self.send_snapshot(now, from, Some(SnapshotRetry::FollowerBack));
        } else if more {
            self.send_append(now, from);
        }
    }

    /// Figure 2, Leaders: "If there exists an N such that N > commitIndex, a majority of
    /// matchIndex[i] ≥ N, and log[N].term == currentTerm: set commitIndex = N" (§5.3, §5.4).
    pub(crate) fn leader_maybe_commit(&mut self) {
        let RoleState::Leader(leader) = &self.volatile.role else {
            return;
        };
        let (id, last) = (self.id, self.log().last_index());
        if self.members.is_empty() {
            return;
        }
        // A majority of the configuration in force (§4.1): a leader outside it (being
        // removed) replicates, but does not count itself (§4.2.2).
        let n = quorum::committed_index(self.members.iter().map(|peer| {
            if peer == id {
                last
            } else {
                leader
                    .progress
                    .get(peer as usize)
                    .map_or(0, |p| p.match_index)
            }
        }));
        if n <= self.volatile.commit_index {
            return;
        }
        // Figure 8: counting replicas never commits an entry of an earlier term directly.
        let of_this_term = self.log().term_at(n) == Some(self.term());
        if of_this_term || self.config.unsafe_switches.commit_previous_terms {
            self.advance_commit(n);
        }
    }

    pub(crate) fn advance_commit(&mut self, to: Index) {
        let from = self.volatile.commit_index;
        if to > from {
            self.volatile.commit_index = to;
            self.events.push(Event::CommitAdvanced { from, to });
            self.apply_committed();
        }
    }

    // ----- messages -----

    fn on_message(&mut self, now: Time, m: Message) {
        if m.to != self.id || m.from >= MAX_SERVERS || m.from == self.id {
            return;
        }
        match &m.body {
            // A pre-vote request's term is hypothetical and changes nothing here.
            Body::PreVote(request) => return self.handle_pre_vote(now, m.from, m.term, request),
            // A granted pre-vote echoes the hypothetical term; only a refusal carries the
            // voter's real term, which may be news.
            Body::PreVoteResponse(reply) => {
                if !reply.granted && m.term > self.term() {
                    self.adopt_term(now, m.term, None);
                    self.reset_election_timer(now);
                    return;
                }
                return self.handle_pre_vote_response(now, m.from, m.term, reply);
            }
            _ => {}
        }
        if m.term > self.term() {
            if let Body::RequestVote(request) = m.body {
                // The lease of CheckQuorum (thesis §4.2.3): a server that heard from a leader
                // within the minimum election timeout ignores a disruptive candidate's term,
                // unless that leader handed it leadership (§3.10).
                if let Some(leader) = self.in_leader_lease(now).filter(|_| !request.transfer) {
                    self.events.push(Event::VoteRefused {
                        to: m.from,
                        term: m.term,
                        pre_vote: false,
                        reason: VoteRefusal::LeaderAlive { leader },
                    });
                    return;
                }
            }
            let leader = match m.body {
                Body::AppendEntries(_) | Body::InstallSnapshot(_) => Some(m.from),
                _ => None,
            };
            // A higher term alone is not a heartbeat: the election timer keeps running.
            self.adopt_term(now, m.term, leader);
        }
        match &m.body {
            Body::RequestVote(request) => self.handle_request_vote(now, m.from, m.term, request),
            Body::RequestVoteResponse(reply) => {
                self.handle_vote_response(now, m.from, m.term, reply)
            }
            Body::AppendEntries(request) => match self.trim_compacted(request) {
                Some(trimmed) => self.handle_append_entries(now, m.from, m.term, &trimmed),
                None => self.handle_append_entries(now, m.from, m.term, request),
            },
            Body::AppendEntriesResponse(reply) => {
                if m.term == self.term() {
                    self.handle_append_entries_response(now, m.from, reply);
                }
            }
            Body::InstallSnapshot(request) => {
                self.handle_install_snapshot(now, m.from, m.term, request)
            }
            Body::InstallSnapshotResponse(reply) => {
                if m.term == self.term() {
                    self.handle_install_snapshot_response(now, m.from, reply);
                }
            }
            Body::PreVote(_) | Body::PreVoteResponse(_) => {}
            Body::TimeoutNow => self.handle_timeout_now(now, m.term),
        }
    }

    fn in_leader_lease(&self, now: Time) -> Option<NodeId> {
        if !self.config.check_quorum {
            return None;
        }
        let leader = self.leader_hint()?;
        if leader == self.id {
            return Some(leader);
        }
        let heard = self.volatile.last_leader_contact?;
        (now < heard + self.config.election_timeout_min).then_some(leader)
    }

    /// RequestVote receiver, Figure 2: refuse a stale term; grant if votedFor is null or the
    /// candidate, and the candidate's log is at least as up-to-date (§5.2, §5.4.1).
    fn handle_request_vote(
        &mut self,
        now: Time,
        candidate: NodeId,
        term: Term,
        request: &RequestVote,
    ) {
        let refusal = if term < self.term() {
            Some(VoteRefusal::StaleTerm {
                term,
                current: self.term(),
            })
        } else if let Some(v) = self.persistent.voted_for.filter(|v| *v != candidate) {
            Some(VoteRefusal::AlreadyVoted { voted_for: v })
        } else {
            self.log_refusal(request)
        };
        let granted = refusal.is_none();
        self.report_vote(candidate, term, false, refusal);
        if granted {
            self.persistent.voted_for = Some(candidate);
            // Figure 2, Followers: granting a vote resets the election timer.
            self.reset_election_timer(now);
        }
        self.send(
            candidate,
            self.term(),
            Body::RequestVoteResponse(VoteResponse { granted }),
        );
    }

    fn handle_vote_response(&mut self, now: Time, from: NodeId, term: Term, reply: &VoteResponse) {
        if term != self.term() {
            return;
        }
        let members = self.members;
        let RoleState::Candidate(votes) = &mut self.volatile.role else {
            return;
        };
        votes.record(from, reply.granted);
        let result = votes.result_in(members);
        self.events.push(Event::VoteReceived {
            from,
            term,
            granted: reply.granted,
            pre_vote: false,
            result,
        });
        // §5.2: "If votes received from majority of servers: become leader". A lost election
        // still waits for its timeout: the paper's candidate only ever wins, hears of a leader,
        // or times out.
        if result == VoteResult::Won {
            self.become_leader(now);
        }
    }

    /// Pre-vote (thesis §9.6): grant if the sender's proposed term is ahead of ours, its log is
    /// up-to-date, and we have not heard from a leader within the minimum election timeout.
    fn handle_pre_vote(&mut self, now: Time, from: NodeId, term: Term, request: &RequestVote) {
        let heard_recently = self
            .volatile
            .last_leader_contact
            .is_some_and(|t| now < t + self.config.election_timeout_min);
        let refusal = if term <= self.term() {
            Some(VoteRefusal::StaleTerm {
                term,
                current: self.term(),
            })
        } else if let (true, Some(leader)) = (
            heard_recently || self.role() == Role::Leader,
            self.leader_hint(),
        ) {
            Some(VoteRefusal::LeaderAlive { leader })
        } else {
            self.log_refusal(request)
        };
        let granted = refusal.is_none();
        self.report_vote(from, term, true, refusal);
        let reply_term = if granted { term } else { self.term() };
        self.send(
            from,
            reply_term,
            Body::PreVoteResponse(VoteResponse { granted }),
        );
    }

    /// §5.4.1, the election restriction: refuse a candidate whose log is less up-to-date than
    /// ours (last term first, then length), unless the unsafe switch drops the rule.
    fn log_refusal(&self, request: &RequestVote) -> Option<VoteRefusal> {
        let trusted_transfer =
            request.transfer && self.config.unsafe_switches.trust_transfer_target;
        if self.config.unsafe_switches.no_election_restriction
            || trusted_transfer
            || self
                .log()
                .is_up_to_date(request.last_log_term, request.last_log_index)
        {
            return None;
        }
        Some(VoteRefusal::LogBehind {
            candidate_last_term: request.last_log_term,
            candidate_last_index: request.last_log_index,
            own_last_term: self.log().last_term(),
            own_last_index: self.log().last_index(),
        })
    }

    fn report_vote(
        &mut self,
        to: NodeId,
        term: Term,
        pre_vote: bool,
        refusal: Option<VoteRefusal>,
    ) {
        self.events.push(match refusal {
            Some(reason) => Event::VoteRefused {
                to,
                term,
                pre_vote,
                reason,
            },
            None => Event::VoteGranted { to, term, pre_vote },
        });
    }

    fn handle_pre_vote_response(
        &mut self,
        now: Time,
        from: NodeId,
        term: Term,
        reply: &VoteResponse,
    ) {
        if term != self.term() + 1 && reply.granted {
            return;
        }
        let members = self.members;
        let RoleState::PreCandidate(votes) = &mut self.volatile.role else {
            return;
        };
        votes.record(from, reply.granted);
        let result = votes.result_in(members);
        self.events.push(Event::VoteReceived {
            from,
            term: self.persistent.current_term + 1,
            granted: reply.granted,
            pre_vote: true,
            result,
        });
        if result == VoteResult::Won {
            self.become_candidate(now, RoleReason::WonPreVote);
        }
    }

    /// AppendEntries receiver, Figure 2 (§5.3).
    fn handle_append_entries(
        &mut self,
        now: Time,
        leader: NodeId,
        term: Term,
        request: &AppendEntries,
    ) {
        let AppendEntries {
            prev_log_index,
            prev_log_term,
            ref entries,
            leader_commit,
        } = *request;
        // 1. "Reply false if term < currentTerm": the reply's term tells the stale leader.
        if term < self.term() {
            self.refuse_append(
                leader,
                term,
                prev_log_index,
                AppendRefusal::StaleTerm {
                    term,
                    current: self.term(),
                },
                None,
            );
            return;
        }
        // A leader of our own term exists: candidates step down (§5.2), everyone resets the
        // election timer.
        self.become_follower_of(now, leader);
        // 2. "Reply false if log doesn't contain an entry at prevLogIndex whose term matches
        // prevLogTerm".
        let log = &self.persistent.log;
        match log.term_at(prev_log_index) {
            None => {
                let last_index = log.last_index();
                let conflict = Conflict {
                    term: None,
                    first_index: last_index + 1,
                };
                self.refuse_append(
                    leader,
                    term,
                    prev_log_index,
                    AppendRefusal::NoEntry {
                        index: prev_log_index,
                        last_index,
                    },
                    Some(conflict),
                );
                return;
            }
            Some(found) if found != prev_log_term => {
                let conflict = Conflict {
                    term: Some(found),
                    first_index: log.first_index_of_term_run(prev_log_index, found),
                };
                self.refuse_append(
                    leader,
                    term,
                    prev_log_index,
                    AppendRefusal::TermMismatch {
                        index: prev_log_index,
                        expected: prev_log_term,
                        found,
                    },
                    Some(conflict),
                );
                return;
            }
            Some(_) => {}
        }
        // 3. "If an existing entry conflicts with a new one (same index but different terms),
        // delete the existing entry and all that follow it". Matching entries stay: a delayed
        // AppendEntries must never cut off entries a later one already stored.
        // 4. "Append any new entries not already in the log".
        let count = entries.len() as Index;
        let mut appended_from = None;
        let mut configuration_touched = false;
        for (offset, &entry) in entries.iter().enumerate() {
            let index = prev_log_index + 1 + offset as Index;
            match self.persistent.log.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    let removed = self.persistent.log.truncate_from(index);
                    self.events.push(Event::Truncated {
                        from: index,
                        count: removed as u64,
                    });
                    configuration_touched = true;
                }
                None => {}
            }
            appended_from.get_or_insert(index);
            configuration_touched |= matches!(entry.command, Command::Config(_));
            self.persistent.log.push(entry);
        }
        if let Some(from) = appended_from {
            self.events.push(Event::Appended {
                from,
                count: self.log().last_index() + 1 - from,
            });
        }
        // §4.1: a configuration entry takes effect when appended, and a truncated one is
        // undone: the server falls back to the latest configuration left in its log.
        if configuration_touched {
            self.refresh_members();
        }
        // 5. "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last
        // new entry)": the last entry this request vouches for, not the end of our log.
        let last_new = prev_log_index + count;
        if leader_commit > self.commit_index() {
            self.advance_commit(leader_commit.min(last_new));
        }
        self.send(
            leader,
            self.term(),
            Body::AppendEntriesResponse(AppendEntriesResponse {
                success: true,
                prev_log_index,
                match_index: last_new,
                conflict: None,
            }),
        );
    }

    fn refuse_append(
        &mut self,
        leader: NodeId,
        term: Term,
        prev_log_index: Index,
        reason: AppendRefusal,
        conflict: Option<Conflict>,
    ) {
        self.events.push(Event::AppendRefused {
            leader,
            term,
            reason,
        });
        let conflict = match self.config.backtracking {
            Backtracking::ByConflictTerm => conflict,
            Backtracking::OneByOne => None,
        };
        self.send(
            leader,
            self.term(),
            Body::AppendEntriesResponse(AppendEntriesResponse {
                success: false,
                prev_log_index,
                match_index: 0,
                conflict,
            }),
        );
    }

    // ----- helpers -----

    /// The other servers of the configuration in force (§4.1).
    pub(crate) fn peers(&self) -> impl Iterator<Item = NodeId> {
        let id = self.id;
        self.members.iter().filter(move |p| *p != id)
    }

    pub(crate) fn send(&mut self, to: NodeId, term: Term, body: Body) {
        self.outbox.push(Message {
            from: self.id,
            to,
            term,
            body,
        });
    }
}
