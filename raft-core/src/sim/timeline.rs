//! Time travel over a deterministic run.
//!
//! A run is its recording: seed, configuration and a tape of timed actions. The timeline keeps
//! the cluster at a cursor, plus checkpoints (clones of the cluster) spaced through the run.
//! Seeking restores the nearest checkpoint at or before the target and re-simulates from
//! there, applying taped actions as they fall due. When the checkpoints grow past a bound,
//! every other one is dropped and the spacing doubles, so memory stays bounded however long the
//! run while a seek never re-simulates more than one spacing.
//!
//! Acting while the cursor is in the past forks: the taped actions after the cursor are
//! dropped, and the run goes on from the new action.

use alloc::vec::Vec;

use super::growth;
use super::history::History;
use super::marks::{MarkStore, Marks};
use super::{
    Action, ActionError, Cluster, Footprint, Journey, Opening, Outcome, Progress, Pursuit,
    Recording, ReplayError, TimedAction,
};
use crate::check::Property;
use crate::event::Event;
use crate::state::Role;
use crate::trace::TraceEvent;
use crate::types::{Index, NodeId, Term, Time, SECOND};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Something worth a mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "camelCase"))]
pub enum MarkKind {
    /// The highest term in the cluster rose to `term` (term bands start here).
    Term {
        /// The new highest term.
        term: Term,
    },
    /// A node became leader.
    Leader {
        /// The node.
        node: NodeId,
        /// Its term.
        term: Term,
    },
    /// The highest commit index in the cluster rose.
    Commit {
        /// The new highest commit index.
        index: Index,
    },
    /// A term ended without a leader: every candidate of it is done and none won (§5.2). The
    /// trace's `NoLeader` record says who ran and the votes each got.
    #[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
    NoLeader {
        /// The term.
        term: Term,
        /// True for a split vote (two or more candidates); false for a lone candidate that
        /// could not reach a majority.
        split_vote: bool,
    },
    /// A node crashed.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A user action was applied (its position on the tape).
    Action {
        /// Index in the recording's actions.
        index: u32,
    },
    /// The safety checker found the run's first violation (only unsafe switches allow one).
    Violation {
        /// The property that broke.
        property: Property,
    },
}

/// A mark: when, and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Mark {
    /// Virtual time, µs.
    pub at: Time,
    /// What.
    pub kind: MarkKind,
}

/// What to fast-forward to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// A node becomes leader.
    LeaderChange,
    /// The cluster's commit index rises.
    Commit,
    /// A term ends in a split vote (not a lone candidate's failure).
    SplitVote,
}

impl Until {
    pub(super) fn matches(self, kind: &MarkKind) -> bool {
        matches!(
            (self, kind),
            (Until::LeaderChange, MarkKind::Leader { .. })
                | (Until::Commit, MarkKind::Commit { .. })
                | (
                    Until::SplitVote,
                    MarkKind::NoLeader {
                        split_vote: true,
                        ..
                    }
                )
        )
    }
}

/// Trace records a checkpoint keeps: enough for a feed after a seek, not the history (a seek
/// re-simulates up to a spacing of steps after it, which traces far more). 10 KB of each
/// checkpoint; 256 of them were half of a checkpoint of a run with few proposals.
const CHECKPOINT_TRACE: usize = 128;
/// The memory checkpoints may hold before they are thinned, each counted as what the one before
/// it does not share ([`Cluster::approx_bytes_beyond`]: the logs and the checker's per-entry
/// tables share their sealed chunks, so a checkpoint costs about 60 KB however long the logs,
/// where a full copy cost 290 KB after the 30-minute soak). 16 MB, counted without the
/// checker's tables, let the page's 30-minute soak hold about 18 MB of checkpoints; with the
/// trace kept per checkpoint halved, 12 MB keeps seeks as cheap as 16 MB did
/// (tests/memory.rs).
const DEFAULT_CHECKPOINT_BYTES: usize = 12 << 20;

/// Steps (events and taped actions) between checkpoints at first: a seek anywhere re-simulates
/// at most this many until the byte limit thins the checkpoints. Busy stretches (a burst of
/// actions, a storm of messages) pack many steps into little virtual time, so spacing by time
/// alone let a seek's cost grow with the session.
const CHECKPOINT_STEPS: u64 = 512;
/// The most checkpoints [`Timeline::new`] keeps: the byte limit is what bounds them; this only
/// bounds the scan of a seek.
const DEFAULT_MAX_CHECKPOINTS: usize = 4096;

/// A run with a cursor that can move both ways.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// Configuration, seed, initial states, and the tape of every action.
    recording: Recording,
    /// The cluster at the cursor.
    current: Cluster,
    /// Clones of the cluster, in time order; the first is at time 0 before any action.
    checkpoints: Vec<Cluster>,
    /// Virtual time between checkpoints.
    spacing: Time,
    max_checkpoints: usize,
    /// Estimated bytes held by the checkpoints, and the most they may hold.
    checkpoint_bytes: usize,
    max_checkpoint_bytes: usize,
    /// The first taped action that failed to apply, if any (a damaged import).
    pub(super) tape_error: Option<(usize, ActionError)>,
    /// The furthest point simulated on this tape: (time, events run).
    horizon: (Time, u64),
    /// Marks up to the horizon, in time order (in fixed-size chunks: they grow with the session).
    marks: MarkStore,
    /// Trace position up to which marks were taken.
    marked_seq: u64,
    /// Highest term / commit index seen up to the horizon (for marks).
    top_term: Term,
    top_commit: Index,
    forks: u32,
    /// Times marks already taken were dropped or removed (not merely appended to).
    marks_rewrites: u32,
    /// Message flights and lane changes up to the horizon (the space-time diagram's data).
    history: History,
    /// Steps (events run and taped actions applied) between checkpoints at most: bounds what a
    /// seek re-simulates, whatever the virtual time they span.
    step_spacing: u64,
    /// Steps simulated by this timeline in all, re-simulation after a seek included.
    simulated: u64,
}

impl Timeline {
    /// A timeline at time 0 of `recording`; its actions are the tape played as time passes.
    pub fn new(recording: Recording) -> Result<Self, ReplayError> {
        Self::with_limits(recording, 2 * SECOND, DEFAULT_MAX_CHECKPOINTS)
    }

    /// Opens a run to watch from `cursor`, applying every taped action strictly: a run whose
    /// actions cannot all be applied (a damaged or hostile import) is refused with the first
    /// failing action, rather than silently cut short. One replay does both the check and the
    /// positioning. [`Opening`] does the same in slices.
    pub fn open(recording: Recording, cursor: Time) -> Result<Self, ReplayError> {
        let mut opening = Opening::new(recording, cursor)?;
        while !opening.run(u64::MAX) {}
        opening.finish()
    }

    /// As [`Timeline::new`], with the initial checkpoint spacing and the most checkpoints kept.
    pub fn with_limits(
        recording: Recording,
        spacing: Time,
        max_checkpoints: usize,
    ) -> Result<Self, ReplayError> {
        let mut start = recording.start()?;
        // The recording is the one tape: the cluster and its checkpoints only count actions.
        start.keep_no_tape();
        let mut timeline = Timeline {
            recording,
            checkpoints: Vec::new(),
            spacing: spacing.max(1),
            max_checkpoints: max_checkpoints.max(2),
            checkpoint_bytes: 0,
            max_checkpoint_bytes: DEFAULT_CHECKPOINT_BYTES,
            tape_error: None,
            horizon: (0, 0),
            marks: MarkStore::default(),
            marked_seq: 0,
            top_term: 0,
            top_commit: 0,
            forks: 0,
            marks_rewrites: 0,
            history: History::new(),
            step_spacing: CHECKPOINT_STEPS,
            simulated: 0,
            current: start,
        };
        timeline.checkpoint();
        timeline.take_marks();
        timeline.history.take(timeline.current.trace());
        Ok(timeline)
    }

    /// The cluster at the cursor.
    pub fn cluster(&self) -> &Cluster {
        &self.current
    }
    /// The cursor's virtual time.
    pub fn now(&self) -> Time {
        self.current.now()
    }
    /// The furthest time simulated on the current tape.
    pub fn horizon(&self) -> Time {
        self.horizon.0
    }
    /// True when the cursor is behind the horizon (acting now would fork).
    pub fn in_past(&self) -> bool {
        (self.current.now(), self.current.stats.events) < self.horizon
            || self.current.applied_actions() < self.recording.actions.len()
    }
    /// How many times the run forked.
    pub fn forks(&self) -> u32 {
        self.forks
    }
    /// Marks up to the horizon.
    pub fn marks(&self) -> Marks<'_> {
        self.marks.view()
    }
    /// The marks at or after `at`, in time order: found by bisection, not by reading the
    /// marks before.
    pub fn marks_from(&self, at: Time) -> super::MarksIter<'_> {
        let marks = self.marks();
        marks.range(marks.partition_point(|m| m.at < at)..marks.len())
    }
    /// Changes whenever marks already taken were dropped or removed; between two changes the
    /// marks are only appended to, so a reader can take just the ones past its count.
    pub fn marks_rewrites(&self) -> u32 {
        self.marks_rewrites
    }
    /// Message flights and lane changes up to the horizon.
    pub fn history(&self) -> &History {
        &self.history
    }
    /// The recording: config, seed, initial states and every taped action.
    pub fn recording(&self) -> &Recording {
        &self.recording
    }
    /// Checkpoints held now (memory is bounded by this).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    // ----- moving the cursor -----

    /// Moves the cursor to time `t`: forward by simulating, backward by restoring a checkpoint
    /// and simulating from it.
    /// [`Journey`] does the same in slices.
    pub fn seek(&mut self, t: Time) {
        Journey::begin(self, t).run(self, u64::MAX);
    }

    /// Where a seek to `t` re-simulates from: back, or forward over a checkpoint of the known
    /// run, it restores the latest checkpoint on the way (a copy, no simulation).
    pub(super) fn restore_for_seek(&mut self, t: Time) {
        let (now, events) = (self.current.now(), self.current.stats.events);
        if t < now {
            self.restore(|c| c.now() <= t);
        } else if self
            .checkpoints
            .iter()
            .any(|c| c.now() <= t && (c.now(), c.stats.events) > (now, events))
        {
            // Forward within the known run: jump to the latest checkpoint on the way.
            self.restore(|c| c.now() <= t);
        }
    }

    /// Whether an event or a taped action is still due at or before `t`.
    pub(super) fn due_by(&self, t: Time) -> bool {
        let next_event = self.current.next_event_at().is_some_and(|e| e <= t);
        let next_action = self
            .recording
            .actions
            .get(self.current.applied_actions())
            .is_some_and(|a| a.at <= t);
        next_event || next_action
    }

    /// Runs forward by `d` µs.
    pub fn advance_by(&mut self, d: Time) {
        let t = self.current.now().saturating_add(d);
        self.forward(t, u64::MAX);
    }

    /// Runs exactly one more event (and any actions due before it). False if none is pending.
    pub fn step_forward(&mut self) -> bool {
        let target = self.current.stats.events + 1;
        self.forward(Time::MAX, target);
        self.current.stats.events == target
    }

    /// Moves back to just after the previous event. False at the start of the run.
    pub fn step_back(&mut self) -> bool {
        let events = self.current.stats.events;
        if events == 0 {
            return false;
        }
        let target = events - 1;
        self.restore(|c| c.stats.events <= target);
        self.forward(Time::MAX, target);
        true
    }

    /// Runs until the next `what` (from the marks when the cursor is in the past), but at most
    /// `limit` µs, or until it can no longer come (see [`Pursuit`]: then the cursor stays where
    /// that became known). Returns whether it was found.
    pub fn run_until(&mut self, what: Until, limit: Time) -> bool {
        Pursuit::new(self, what, limit).run(self, u64::MAX) == Progress::Found
    }

    /// Whether the next `what` comes within `limit` µs of the cursor, without moving the cursor
    /// or the horizon: marks already known answer at once; otherwise a throwaway copy of the run
    /// (without the checkpoints, which only serve going back) runs ahead. So "skip to the next
    /// split vote" can say "none in the next ten minutes" and leave the run as it was.
    pub fn look_ahead(&self, what: Until, limit: Time) -> bool {
        let now = self.current.now();
        let deadline = now.saturating_add(limit);
        if self
            .marks_from(now)
            .any(|m| m.at > now && m.at <= deadline && what.matches(&m.kind))
        {
            return true;
        }
        self.probe().run_until(what, limit)
    }

    /// A throwaway copy of the run from the cursor on, to look ahead without moving the cursor
    /// or the horizon: no checkpoints (they only serve going back) and no marks.
    pub fn probe(&self) -> Timeline {
        self.throwaway(self.current.clone(), self.tape_error.clone())
    }

    /// A throwaway copy of the run at the latest checkpoint whose trace ends at or before trace
    /// position `seq` (without checkpoints, marks or history of its own): to replay a stretch of
    /// the past and look at it closely (a message's fields), leaving this run as it is.
    pub fn probe_before(&self, seq: u64) -> Timeline {
        let index = self
            .checkpoints
            .iter()
            .rposition(|c| c.trace().len() <= seq)
            .unwrap_or(0);
        let current = self.checkpoints.get(index).unwrap_or(&self.current).clone();
        self.throwaway(current, None)
    }

    /// This run's tape and settings around `current`, keeping nothing to go back with: no
    /// checkpoints, marks or history, and its own count of steps simulated.
    fn throwaway(&self, current: Cluster, tape_error: Option<(usize, ActionError)>) -> Timeline {
        Timeline {
            recording: self.recording.clone(),
            current,
            checkpoints: Vec::new(),
            spacing: self.spacing,
            max_checkpoints: 2,
            checkpoint_bytes: 0,
            max_checkpoint_bytes: self.max_checkpoint_bytes,
            tape_error,
            horizon: self.horizon,
            marks: MarkStore::default(),
            marked_seq: self.marked_seq,
            top_term: self.top_term,
            top_commit: self.top_commit,
            forks: self.forks,
            marks_rewrites: self.marks_rewrites,
            history: History::off(),
            step_spacing: self.step_spacing,
            simulated: 0,
        }
    }

    /// Applies a user action at the cursor. In the past this forks: the taped actions after the
    /// cursor are dropped first. Returns the outcome and whether it forked.
    pub fn act(&mut self, action: Action) -> Result<(Outcome, bool), ActionError> {
        let forked = self.in_past();
        if forked {
            // Check before cutting the tape: an invalid action must not lose the future.
            self.current.clone().apply(action.clone())?;
            self.fork();
        }
        let at = self.current.now();
        let outcome = self.current.apply(action.clone())?;
        growth::reserve_by_half(&mut self.recording.actions, 1);
        self.recording.actions.push(TimedAction { at, action });
        self.after_progress();
        // The cursor is the frontier (a fork made it so): the action's mark is due now, not
        // when the next event happens to run.
        self.take_marks();
        // An action at the horizon (a crash losing messages) is history at once, not at the
        // next event.
        self.history.take(self.current.trace());
        Ok((outcome, forked))
    }

    /// Hands the run over at the cursor: when the cursor is in the past, forks without acting
    /// (the taped actions after the cursor are dropped), so the run goes on from this moment
    /// with no script (a tour's "try it yourself"). Returns whether it forked.
    pub fn fork_here(&mut self) -> bool {
        if !self.in_past() {
            return false;
        }
        self.fork();
        true
    }

    fn fork(&mut self) {
        let now = self.current.now();
        let events = self.current.stats.events;
        self.recording
            .actions
            .truncate(self.current.applied_actions());
        self.checkpoints
            .retain(|c| c.now() <= now && c.stats.events <= events);
        self.checkpoint_bytes = Cluster::chain_bytes(&self.checkpoints);
        // Marks are in time order: those after the cursor are the end of the store.
        let kept = self.marks().partition_point(|m| m.at <= now);
        if kept != self.marks().len() {
            self.marks.truncate(kept);
            self.marks_rewrites += 1;
        }
        self.horizon = (now, events);
        self.marked_seq = self.current.trace().len();
        self.history.fork(self.marked_seq);
        self.recompute_tops();
        self.forks += 1;
    }

    fn recompute_tops(&mut self) {
        self.top_term = 0;
        self.top_commit = 0;
        for m in self.marks.view() {
            match m.kind {
                MarkKind::Term { term } => self.top_term = self.top_term.max(term),
                MarkKind::Commit { index } => self.top_commit = self.top_commit.max(index),
                _ => {}
            }
        }
    }

    /// Restores the latest checkpoint satisfying `ok` (the first always does).
    fn restore(&mut self, ok: impl Fn(&Cluster) -> bool) {
        let index = self.checkpoints.iter().rposition(ok).unwrap_or(0);
        if let Some(checkpoint) = self.checkpoints.get(index) {
            self.current = checkpoint.clone();
        }
    }

    /// Simulates up to time `t` or until `events` events have run, applying taped actions
    /// when they fall due (events at an action's time run before it, as in `apply_at`).
    pub(super) fn forward(&mut self, t: Time, events: u64) {
        loop {
            if self.current.stats.events >= events {
                break;
            }
            let next_event = self.current.next_event_at();
            let next_action = self
                .recording
                .actions
                .get(self.current.applied_actions())
                .map(|a| a.at);
            match (next_action, next_event) {
                (Some(a), e) if a <= t && e.is_none_or(|e| a < e) => {
                    let TimedAction { at, action } =
                        self.recording.actions[self.current.applied_actions()].clone();
                    self.current.advance_to(at);
                    self.simulated += 1;
                    if let Err(error) = self.current.apply(action) {
                        // A tape that cannot be applied (a damaged import) ends here;
                        // `open` reports it.
                        let index = self.current.applied_actions();
                        self.tape_error.get_or_insert((index, error));
                        self.recording.actions.truncate(index);
                    }
                }
                (_, Some(e)) if e <= t => {
                    self.current.step();
                    self.simulated += 1;
                }
                _ => break,
            }
            self.after_progress();
        }
        if events == u64::MAX && t != Time::MAX {
            self.current.advance_to(t);
            self.after_progress();
        }
    }

    /// Bookkeeping after the cursor moved forward: checkpoints and, past the horizon, marks.
    fn after_progress(&mut self) {
        let now = self.current.now();
        let events = self.current.stats.events;
        if (now, events) > self.horizon {
            self.horizon = (now, events);
            self.take_marks();
            self.history.take(self.current.trace());
        }
        let steps = Self::steps(&self.current);
        let due = self.checkpoints.last().is_none_or(|c| {
            now >= c.now() + self.spacing || steps >= Self::steps(c) + self.step_spacing
        });
        if due && self.horizon == (now, events) {
            self.checkpoint();
        }
    }

    fn checkpoint(&mut self) {
        let snapshot = self.current.snapshot(CHECKPOINT_TRACE);
        // It costs what the checkpoint before it does not share (their logs share chunks).
        self.checkpoint_bytes += snapshot.approx_bytes_beyond(self.checkpoints.last());
        self.checkpoints.push(snapshot);
        while self.checkpoints.len() > 2
            && (self.checkpoints.len() > self.max_checkpoints
                || self.checkpoint_bytes > self.max_checkpoint_bytes)
        {
            // Keep the first and every other one: half the memory, twice the spacing.
            let mut keep = 0usize;
            self.checkpoints.retain(|_| {
                keep += 1;
                keep % 2 == 1
            });
            self.spacing = self.spacing.saturating_mul(2);
            self.step_spacing = self.step_spacing.saturating_mul(2);
            self.checkpoint_bytes = Cluster::chain_bytes(&self.checkpoints);
        }
    }

    /// Steps (events run and taped actions applied) this timeline has simulated in all, those
    /// re-simulated to reach a seek's target included: the work a cursor move costs, counted
    /// rather than timed (deterministic).
    pub fn steps_simulated(&self) -> u64 {
        self.simulated
    }

    /// Steps a cluster has taken since time 0: events run and actions applied.
    fn steps(cluster: &Cluster) -> u64 {
        cluster.stats.events + cluster.applied_actions() as u64
    }

    /// Estimated bytes the checkpoints hold now.
    pub fn checkpoint_bytes(&self) -> usize {
        self.checkpoint_bytes
    }

    /// Bytes each store holds now (see [`Footprint`]). Walks the tape: for tests and tools,
    /// not for every frame.
    pub fn footprint(&self) -> Footprint {
        let tape = self.recording.actions.capacity() * core::mem::size_of::<TimedAction>()
            + self
                .recording
                .actions
                .iter()
                .map(|a| a.action.heap_bytes())
                .sum::<usize>();
        Footprint {
            tape,
            marks: self.marks.heap_bytes(),
            history: self.history.heap_bytes(),
            checkpoints: self.checkpoint_bytes,
            cluster: self.current.approx_bytes(),
        }
    }

    /// Turns new trace records (past the horizon) into marks.
    pub(super) fn take_marks(&mut self) {
        let from = self.marked_seq;
        // Several actions can be taped at one instant before their records are read: each
        // record names its own action, counted back from the last one applied.
        let unread_actions = self
            .current
            .trace()
            .since(from)
            .filter(|r| matches!(r.event, TraceEvent::Action { .. }))
            .count();
        let mut next_action = self
            .current
            .applied_actions()
            .saturating_sub(unread_actions);
        let mut new_marks = Vec::new();
        for record in self.current.trace().since(from) {
            let at = record.at;
            match &record.event {
                TraceEvent::Node { node, event } => match *event {
                    Event::TermChanged { to, .. } if to > self.top_term => {
                        self.top_term = to;
                        new_marks.push(Mark {
                            at,
                            kind: MarkKind::Term { term: to },
                        });
                    }
                    Event::RoleChanged {
                        role: Role::Leader,
                        term,
                        ..
                    } => {
                        // A straggler that campaigned after its term was reported leaderless
                        // can still win it: then the term did have a leader.
                        let no_leader = |m: &Mark| matches!(m.kind, MarkKind::NoLeader { term: t, .. } if t == term);
                        new_marks.retain(|m| !no_leader(m));
                        if self.marks.has_no_leader() && self.marks.withdraw(no_leader) > 0 {
                            self.marks_rewrites += 1;
                        }
                        new_marks.push(Mark {
                            at,
                            kind: MarkKind::Leader { node: *node, term },
                        });
                    }
                    Event::CommitAdvanced { to, .. } if to > self.top_commit => {
                        self.top_commit = to;
                        new_marks.push(Mark {
                            at,
                            kind: MarkKind::Commit { index: to },
                        });
                    }
                    _ => {}
                },
                TraceEvent::NoLeader { term, outcome } => new_marks.push(Mark {
                    at,
                    kind: MarkKind::NoLeader {
                        term: *term,
                        split_vote: outcome.is_split_vote(),
                    },
                }),
                TraceEvent::Crashed { node } => new_marks.push(Mark {
                    at,
                    kind: MarkKind::Crash { node: *node },
                }),
                TraceEvent::Violation { violation } => new_marks.push(Mark {
                    at,
                    kind: MarkKind::Violation {
                        property: violation.property,
                    },
                }),
                TraceEvent::Action { .. } => {
                    new_marks.push(Mark {
                        at,
                        kind: MarkKind::Action {
                            index: next_action as u32,
                        },
                    });
                    next_action += 1;
                }
                _ => {}
            }
        }
        self.marked_seq = self.current.trace().len();
        self.marks.extend(new_marks);
    }
}
