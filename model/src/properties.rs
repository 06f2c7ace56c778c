//! The five safety properties of Figure 3 of the Raft paper, as predicates on one state of the
//! model, named as raft-core's [`check::Property`](raft_core::check::Property) names them.
//! Two examples (`sometimes`) make sure the checks are not vacuous: a leader is elected, and
//! every client entry commits.

use raft_core::check::Property as Figure3;
use raft_core::state::Role;
use stateright::Property;

use crate::world::{RaftModel, State};

/// Name of the example "a leader is elected".
pub const LEADER_ELECTED: &str = "example: a leader is elected";
/// Name of the example "every client entry commits".
pub const ALL_COMMITTED: &str = "example: every client entry commits";

/// The five properties that must always hold, then the two examples.
pub fn all() -> Vec<Property<RaftModel>> {
    vec![
        Property::always(Figure3::ElectionSafety.name(), election_safety),
        Property::always(Figure3::LeaderAppendOnly.name(), leader_append_only),
        Property::always(Figure3::LogMatching.name(), log_matching),
        Property::always(Figure3::LeaderCompleteness.name(), leader_completeness),
        Property::always(Figure3::StateMachineSafety.name(), state_machine_safety),
        Property::sometimes(LEADER_ELECTED, leader_elected),
        Property::sometimes(ALL_COMMITTED, all_committed),
    ]
}

/// The five safety properties, in the order of Figure 3.
pub const SAFETY: [Figure3; 5] = [
    Figure3::ElectionSafety,
    Figure3::LeaderAppendOnly,
    Figure3::LogMatching,
    Figure3::LeaderCompleteness,
    Figure3::StateMachineSafety,
];

fn leader_elected(_: &RaftModel, s: &State) -> bool {
    s.nodes().any(|n| n.role() == Role::Leader)
}

fn all_committed(m: &RaftModel, s: &State) -> bool {
    s.history.committed.len() >= usize::from(m.bounds.max_entries)
}

/// §5.2: at most one leader can be elected in a given term (over the whole history).
fn election_safety(_: &RaftModel, s: &State) -> bool {
    s.history
        .elected
        .iter()
        .all(|leaders| leaders.count_ones() <= 1)
}

/// §5.3: a leader never overwrites or deletes entries in its log (checked on every step a
/// server leads before and after, recorded in the history).
fn leader_append_only(_: &RaftModel, s: &State) -> bool {
    s.history.leader_rewrote.is_none()
}

/// §5.3: if two logs hold an entry with the same index and term, they are identical in all
/// entries up through that index. Over every server's log, crashed ones included.
fn log_matching(_: &RaftModel, s: &State) -> bool {
    let logs: Vec<_> = s
        .servers
        .iter()
        .map(|srv| srv.persistent().log.entries())
        .collect();
    for (i, a) in logs.iter().enumerate() {
        for b in &logs[i + 1..] {
            // The last index where both logs hold an entry of the same term must start a
            // common prefix.
            let shared = a.len().min(b.len());
            if let Some(last) = (0..shared).rev().find(|&k| a[k].term == b[k].term) {
                if !a.iter().take(last + 1).eq(b.iter().take(last + 1)) {
                    return false;
                }
            }
        }
    }
    true
}

/// §5.4: an entry committed in a term is in the log of every leader of a higher term.
fn leader_completeness(_: &RaftModel, s: &State) -> bool {
    s.nodes()
        .filter(|n| n.role() == Role::Leader)
        .all(|leader| {
            s.history
                .committed
                .iter()
                .enumerate()
                .filter(|(_, (_, term))| *term < leader.term())
                .all(|(k, (entry, _))| leader.log().entry(k as u64 + 1) == Some(entry))
        })
}

/// §5.4.3: no server applies a different entry at an index another applied: every running
/// server's log, up to its commit index, is the committed history.
fn state_machine_safety(_: &RaftModel, s: &State) -> bool {
    s.nodes().all(|n| {
        let applied = n
            .log()
            .entries()
            .iter()
            .take(n.commit_index().min(n.log().last_index()) as usize);
        n.commit_index() <= n.log().last_index()
            && applied
                .zip(&s.history.committed)
                .all(|(entry, (committed, _))| entry == committed)
    })
}
