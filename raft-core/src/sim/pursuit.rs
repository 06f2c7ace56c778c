//! Fast-forward to the next leader change, commit or split vote, in slices.
//!
//! A [`Pursuit`] runs a [`Timeline`] towards its target at most so many events per call, so a
//! page can run an hour of virtual time without freezing: it draws and listens between slices,
//! and can stop. It also stops as soon as the target can no longer come: no taped action is
//! ahead, and either the network delivers nothing (every message is lost) or a majority of
//! servers is down with no vote of theirs still usable (§5.2: a leader needs the votes of a
//! majority, and only a leader advances the commit index, §5.3). Both are read from the cluster
//! as it is, never guessed: what could still happen is always run.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Cluster, Mark, Timeline, Until};
use crate::quorum::majority;
use crate::state::Role;
use crate::types::{NodeId, Time};

/// Why the target can no longer come, whatever the time left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// No message will be delivered again: every message in flight is lost, and so is every
    /// message sent from now on (loss 100%, or every server cut off from every other).
    NothingDelivered,
    /// Fewer servers are up than a majority, none of the servers down can restart (no taped
    /// action is ahead), and no vote a crashed server gave can still count.
    MajorityDown {
        /// Servers up.
        up: u8,
        /// The majority a leader needs.
        needed: u8,
    },
}

impl Unreachable {
    /// Why, for people.
    pub fn describe(&self, what: Until) -> String {
        let target = match what {
            Until::LeaderChange => "no server can become leader",
            Until::Commit => "no entry can commit",
            Until::SplitVote => "no election can end",
        };
        match *self {
            Unreachable::NothingDelivered => {
                alloc::format!("{target}: every message is lost, so no vote or reply arrives")
            }
            Unreachable::MajorityDown { up, needed } => alloc::format!(
                "{target}: only {up} servers are up and a leader needs the votes of {needed}"
            ),
        }
    }
}

/// How far a pursuit got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Its budget ran out before the target or the limit: call again.
    Running,
    /// The target came: the cursor is on it.
    Found,
    /// The limit came first: the cursor is at the limit.
    NotFound,
    /// The target can no longer come: the cursor stays where that became known.
    Unreachable(Unreachable),
}

impl Progress {
    /// True once the pursuit is over.
    pub fn is_done(&self) -> bool {
        !matches!(self, Progress::Running)
    }
}

/// Events between two checks of whether the target can still come (the check reads every
/// server and message; an event is much cheaper).
const CHECK_EVERY: u64 = 16;

/// A run towards the next `what`, within a limit, in slices of events.
#[derive(Clone, Debug)]
pub struct Pursuit {
    what: Until,
    /// The cursor's time when the pursuit began.
    from: Time,
    deadline: Time,
    /// Marks of the target kind at or after `from` before the pursuit began: a mark is new when
    /// it is not one of these (marks can be withdrawn, so positions do not tell).
    known: Vec<Mark>,
    started: bool,
    outcome: Option<Progress>,
}

impl Pursuit {
    /// A pursuit of the next `what` within `limit` µs of the timeline's cursor.
    pub fn new(timeline: &Timeline, what: Until, limit: Time) -> Self {
        let from = timeline.now();
        Pursuit {
            what,
            from,
            deadline: from.saturating_add(limit),
            known: timeline
                .marks_from(from)
                .filter(|m| what.matches(&m.kind))
                .collect(),
            started: false,
            outcome: None,
        }
    }

    /// The virtual time the pursuit gives up at.
    pub fn deadline(&self) -> Time {
        self.deadline
    }

    /// What it looks for.
    pub fn target(&self) -> Until {
        self.what
    }

    /// Runs at most `budget` more events (`u64::MAX`: to the end). Once done it answers the
    /// same without running anything.
    pub fn run(&mut self, timeline: &mut Timeline, budget: u64) -> Progress {
        if let Some(outcome) = self.outcome {
            return outcome;
        }
        let outcome = self.slice(timeline, budget);
        if outcome.is_done() {
            self.outcome = Some(outcome);
        }
        outcome
    }

    fn slice(&mut self, timeline: &mut Timeline, budget: u64) -> Progress {
        let what = self.what;
        if !self.started {
            self.started = true;
            // In the past the marks already know (one seek, not a run).
            let (from, deadline) = (self.from, self.deadline);
            if let Some(at) = timeline
                .marks_from(from)
                .find(|m| m.at > from && m.at <= deadline && what.matches(&m.kind))
                .map(|m| m.at)
            {
                timeline.seek(at);
                return Progress::Found;
            }
        }
        let mut events = 0u64;
        // Never step past the deadline: look at the next event's time first.
        while timeline
            .cluster()
            .next_event_at()
            .is_some_and(|next| next <= self.deadline)
        {
            if events % CHECK_EVERY == 0 {
                if let Some(why) = unreachable(timeline, what) {
                    return Progress::Unreachable(why);
                }
            }
            if events >= budget {
                return Progress::Running;
            }
            if !timeline.step_forward() {
                break;
            }
            events += 1;
            if self.came(timeline) {
                return Progress::Found;
            }
        }
        let now = timeline.now();
        timeline.advance_by(self.deadline.saturating_sub(now));
        Progress::NotFound
    }

    /// Whether a mark of the target, not known before, is among the latest marks.
    fn came(&self, timeline: &Timeline) -> bool {
        timeline
            .marks()
            .iter()
            .rev()
            .take_while(|m| m.at >= self.from)
            .any(|m| self.what.matches(&m.kind) && !self.known.contains(&m))
    }
}

/// Why `what` can no longer come on this timeline, if that is certain; `None` when it still
/// could (or cannot be told). Only with no taped action ahead: a restart or a heal on the tape
/// changes everything.
pub fn unreachable(timeline: &Timeline, what: Until) -> Option<Unreachable> {
    if timeline.cluster().applied_actions() < timeline.recording().actions.len() {
        return None;
    }
    let cluster = timeline.cluster();
    let can_elect = match elections_over(cluster) {
        Some(why) => Err(why),
        None => Ok(()),
    };
    match (what, can_elect) {
        (Until::LeaderChange, Err(why)) => Some(why),
        // Only a leader raises the highest commit index, on acknowledgements from a majority
        // (§5.3): with nothing delivered none comes; with a majority down a sitting leader may
        // still hear from a crashed server's reply in flight, so only without a leader.
        (Until::Commit, Err(why @ Unreachable::NothingDelivered)) => Some(why),
        (Until::Commit, Err(why)) if cluster.leader().is_none() => Some(why),
        _ => None,
    }
}

/// Why no server can win an election from now on, if that is certain.
fn elections_over(cluster: &Cluster) -> Option<Unreachable> {
    let n = cluster.len();
    let needed = majority(n as u32) as u8;
    if n >= 2 && nothing_delivered(cluster) {
        // A candidate wins on a vote it receives (its own is never a majority of two or more).
        return Some(Unreachable::NothingDelivered);
    }
    let ids = || 0..n as NodeId;
    let up = ids().filter(|&id| cluster.is_up(id)).count() as u8;
    if up >= needed {
        return None;
    }
    // A crashed server voted, if at all, in a term no later than its own: the highest such
    // term bounds the terms in which a crashed server's vote can still count.
    let down_term = ids()
        .filter(|&id| !cluster.is_up(id))
        .filter_map(|id| cluster.persistent(id).map(|p| p.current_term))
        .max()
        .unwrap_or(0);
    // A server up can still win only in a term where crashed servers' votes may count: as a
    // candidate of such a term now, or by reaching one later (it is below it).
    let could_win = ids().filter_map(|id| cluster.node(id)).any(|node| {
        node.term() < down_term || (node.term() == down_term && node.role() == Role::Candidate)
    });
    (!could_win).then_some(Unreachable::MajorityDown { up, needed })
}

/// True when no message will arrive again: every one in flight is lost, and the network loses
/// every message sent from now on.
fn nothing_delivered(cluster: &Cluster) -> bool {
    let network = cluster.network();
    let n = cluster.len() as NodeId;
    let all_lost = network.config.loss >= 1.0
        || (0..n).all(|a| (0..n).all(|b| a == b || network.blocked(a, b).is_some()));
    all_lost && cluster.in_flight().all(|f| f.drop.is_some())
}
