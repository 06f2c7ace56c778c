//! One server's state as Figure 2 lays it out, for the node inspector: persistent state (what a
//! crash keeps), volatile state (what it loses), a leader's nextIndex and matchIndex per peer,
//! and why its last vote and append went as they did. Read from the cluster at the cursor, so
//! it follows time travel.

use alloc::vec::Vec;

use super::{Cluster, NodeReasons};
use crate::state::{Role, TimerKind};
use crate::state_machine::StateMachine;
use crate::types::{Index, NodeId, Term, Time};

/// How many of the log's last entries the inspection lists one by one (the rest as term runs).
pub const LOG_TAIL: usize = 24;
/// How many term runs it lists at most (the latest ones).
const MAX_RUNS: usize = 32;

/// A stretch of the log written in one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermRun {
    /// First index of the stretch.
    pub from: Index,
    /// Last index of the stretch.
    pub to: Index,
    /// Its term.
    pub term: Term,
}

/// A leader's view of one peer (Figure 2, "Volatile state on leaders").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerProgress {
    /// The peer.
    pub peer: NodeId,
    /// The next index to send it.
    pub next_index: Index,
    /// The highest index known replicated on it.
    pub match_index: Index,
}

/// One server, inspected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The server.
    pub node: NodeId,
    /// Running (false: crashed; the volatile fields are then what a crash lost: none).
    pub up: bool,
    /// Persistent: currentTerm.
    pub current_term: Term,
    /// Persistent: votedFor in currentTerm.
    pub voted_for: Option<NodeId>,
    /// Persistent: the log's last index.
    pub last_index: Index,
    /// Persistent: the log as stretches of one term each, the latest [`MAX_RUNS`] of them.
    pub term_runs: Vec<TermRun>,
    /// Persistent: the last [`LOG_TAIL`] entries as (index, term, value; `None` for a no-op).
    pub tail: Vec<(Index, Term, Option<u64>)>,
    /// Volatile: the role (`None` while crashed).
    pub role: Option<Role>,
    /// Volatile: commitIndex (0 while crashed: it is rebuilt after a restart).
    pub commit_index: Index,
    /// Volatile: lastApplied. The state machine applies an entry the moment the server learns
    /// it is committed, so it equals commitIndex, unless a snapshot put it further (§7).
    pub last_applied: Index,
    /// Volatile: the state machine as of lastApplied (`None` while crashed).
    pub machine: Option<StateMachine>,
    /// Persistent: the snapshot's last included index and term, if it has one (§7).
    pub snapshot: Option<(Index, Term)>,
    /// Volatile: the armed timer and its deadline, µs (`None` while crashed).
    pub timer: Option<(TimerKind, Time)>,
    /// Volatile: the leader it believes in for its term.
    pub leader: Option<NodeId>,
    /// Leaders only: nextIndex and matchIndex per peer, in id order (itself left out).
    pub progress: Vec<PeerProgress>,
    /// Why its last vote and last append went as they did.
    pub reasons: NodeReasons,
}

/// Server `id` of `cluster` at its current moment; `None` for an unknown id.
pub fn inspect(cluster: &Cluster, id: NodeId) -> Option<Inspection> {
    let persistent = cluster.persistent(id)?;
    let node = cluster.node(id);
    let log = &persistent.log;
    let entries = log.entries();
    let mut term_runs: Vec<TermRun> = Vec::new();
    let first = log.first_index();
    for (i, e) in entries.iter().enumerate() {
        let index = first + i as Index;
        match term_runs.last_mut() {
            Some(run) if run.term == e.term => run.to = index,
            _ => term_runs.push(TermRun {
                from: index,
                to: index,
                term: e.term,
            }),
        }
    }
    if term_runs.len() > MAX_RUNS {
        term_runs.drain(..term_runs.len() - MAX_RUNS);
    }
    let first_shown = entries.len().saturating_sub(LOG_TAIL);
    let tail = entries
        .iter_from(first_shown)
        .enumerate()
        .map(|(i, e)| {
            let value = match e.command {
                crate::log::Command::Value(v) => Some(v),
                crate::log::Command::Noop | crate::log::Command::Config(_) => None,
            };
            (first + (first_shown + i) as Index, e.term, value)
        })
        .collect();
    let progress = node
        .and_then(|n| n.progress())
        .map(|all| {
            all.iter()
                .enumerate()
                .filter(|(peer, _)| *peer != id as usize)
                .map(|(peer, p)| PeerProgress {
                    peer: peer as NodeId,
                    next_index: p.next_index,
                    match_index: p.match_index,
                })
                .collect()
        })
        .unwrap_or_default();
    let commit_index = node.map_or(0, |n| n.commit_index());
    Some(Inspection {
        node: id,
        up: node.is_some(),
        current_term: persistent.current_term,
        voted_for: persistent.voted_for,
        last_index: log.last_index(),
        term_runs,
        tail,
        role: node.map(|n| n.role()),
        commit_index,
        last_applied: node.map_or(0, |n| n.last_applied()),
        machine: node.map(|n| *n.state_machine()),
        snapshot: log
            .snapshot()
            .map(|s| (s.last_included_index, s.last_included_term)),
        timer: node.map(|n| (n.timer().kind, n.timer().deadline)),
        leader: node.and_then(|n| n.leader_hint()),
        progress,
        reasons: cluster.reasons(id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimConfig;
    use crate::types::SECOND;

    /// Figure 2: a leader holds nextIndex and matchIndex for every other server; a crash keeps
    /// the persistent half and loses the volatile one.
    #[test]
    fn a_leader_shows_its_peers_and_a_crash_keeps_only_the_persistent_state() {
        let mut c = Cluster::new(SimConfig::default(), 3).unwrap();
        c.run_until(5 * SECOND, |c| c.leader().is_some());
        let leader = c.leader().unwrap();
        let seen = inspect(&c, leader).unwrap();
        assert_eq!(seen.role, Some(Role::Leader));
        assert_eq!(seen.progress.len(), 4);
        assert!(seen.progress.iter().all(|p| p.peer != leader));
        assert_eq!(seen.leader, Some(leader));

        let follower = (leader + 1) % 5;
        c.apply(crate::sim::Action::Crash { node: follower })
            .unwrap();
        let down = inspect(&c, follower).unwrap();
        assert!(!down.up);
        assert_eq!(down.role, None);
        assert_eq!(down.timer, None);
        assert_eq!(down.current_term, seen.current_term);
        assert!(inspect(&c, 9).is_none());
    }
}
