//! The node inspector's data, `inspect(id)`: raft-core's `Inspection` in the page's shape
//! (times in virtual ms, refusal reasons as codes the page phrases). serde writes the object;
//! tsify writes its TypeScript type (`NodeInspection`). Occasional data (one server, on a click
//! or a cursor move), so it goes through serde rather than the per-frame tables.

use raft_core::sim::{AppendWhy, Inspection, VoteWhy};
use raft_core::state::TimerKind;
use raft_core::{Index, NodeId, Term};
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;
use crate::events::RoleName;
use crate::refusals::RefusalView;

/// A stretch of the log written in one term.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
pub struct TermRunView {
    /// First index.
    pub from: Index,
    /// Last index.
    pub to: Index,
    /// The term.
    pub term: Term,
}

/// One log entry.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
pub struct EntryView {
    /// Its index.
    pub index: Index,
    /// Its term.
    pub term: Term,
    /// The client's value; absent for a leader's no-op.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
}

/// The armed timer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TimerView {
    /// `election` (followers, candidates) or `heartbeat` (leaders).
    #[tsify(type = "'election' | 'heartbeat'")]
    pub kind: &'static str,
    /// When it fires, virtual ms.
    pub deadline_ms: f64,
}

/// A leader's view of one peer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PeerProgressView {
    /// The peer.
    pub peer: NodeId,
    /// nextIndex.
    pub next_index: Index,
    /// matchIndex.
    pub match_index: Index,
}

/// A vote answered, with the voter's reason when it refused.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct VoteWhyView {
    /// When the voter answered (the candidate's side: when the answer arrived), virtual ms.
    pub at_ms: f64,
    /// The voter.
    pub voter: NodeId,
    /// The candidate.
    pub candidate: NodeId,
    /// The term of the election.
    pub term: Term,
    /// A pre-vote.
    pub pre_vote: bool,
    /// Granted.
    pub granted: bool,
    /// The voter's reason for a refusal, as data the page phrases; absent when granted, or
    /// when the voter's reason for this answer is no longer known.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<RefusalView>,
}

/// An AppendEntries refused, with the follower's reason and the leader's step back.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AppendWhyView {
    /// When, virtual ms.
    pub at_ms: f64,
    /// The follower that refused.
    pub follower: NodeId,
    /// The leader that sent it.
    pub leader: NodeId,
    /// The request's term (0 when unknown).
    pub term: Term,
    /// The follower's reason, as data the page phrases; absent when no longer known.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<RefusalView>,
    /// The leader's side: nextIndex before stepping back.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_index_from: Option<Index>,
    /// The leader's side: nextIndex after stepping back.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_index_to: Option<Index>,
}

/// One server at the cursor: `inspect(id)`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NodeInspection {
    /// The server.
    pub node: NodeId,
    /// Running.
    pub up: bool,
    /// Persistent: currentTerm.
    pub current_term: Term,
    /// Persistent: votedFor; absent when it voted for no one in this term.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voted_for: Option<NodeId>,
    /// Persistent: the log's last index.
    pub last_index: Index,
    /// Persistent: the log as stretches of one term (the latest ones).
    pub term_runs: Vec<TermRunView>,
    /// Persistent: the last entries, oldest first.
    pub log: Vec<EntryView>,
    /// Volatile: the role; absent while crashed.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleName>,
    /// Volatile: commitIndex.
    pub commit_index: Index,
    /// Volatile: lastApplied (the simulator applies on commit: equals commitIndex).
    pub last_applied: Index,
    /// Volatile: the armed timer; absent while crashed.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<TimerView>,
    /// Volatile: the leader it follows; absent when it knows none.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<NodeId>,
    /// Leaders: nextIndex and matchIndex per peer (empty otherwise).
    pub progress: Vec<PeerProgressView>,
    /// The last vote it answered.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_cast: Option<VoteWhyView>,
    /// The last refusal it got as a candidate.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_refused_to_it: Option<VoteWhyView>,
    /// The last AppendEntries it refused.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub append_refused: Option<AppendWhyView>,
    /// The last refusal that made it, as leader, step nextIndex back.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub append_refused_to_it: Option<AppendWhyView>,
}

fn vote(v: VoteWhy) -> VoteWhyView {
    VoteWhyView {
        at_ms: us_to_ms(v.at),
        voter: v.voter,
        candidate: v.candidate,
        term: v.term,
        pre_vote: v.pre_vote,
        granted: v.refusal.is_none(),
        why: v.refusal.map(|r| RefusalView::vote(r, v.term)),
    }
}

fn append(a: AppendWhy) -> AppendWhyView {
    AppendWhyView {
        at_ms: us_to_ms(a.at),
        follower: a.follower,
        leader: a.leader,
        term: a.term,
        why: a.reason.map(RefusalView::append),
        next_index_from: a.next_index.map(|(from, _)| from),
        next_index_to: a.next_index.map(|(_, to)| to),
    }
}

impl From<Inspection> for NodeInspection {
    fn from(i: Inspection) -> Self {
        let r = i.reasons;
        NodeInspection {
            node: i.node,
            up: i.up,
            current_term: i.current_term,
            voted_for: i.voted_for,
            last_index: i.last_index,
            term_runs: i
                .term_runs
                .iter()
                .map(|t| TermRunView {
                    from: t.from,
                    to: t.to,
                    term: t.term,
                })
                .collect(),
            log: i
                .tail
                .iter()
                .map(|&(index, term, value)| EntryView { index, term, value })
                .collect(),
            role: i.role.map(RoleName::from),
            commit_index: i.commit_index,
            last_applied: i.last_applied,
            timer: i.timer.map(|(kind, deadline)| TimerView {
                kind: match kind {
                    TimerKind::Election => "election",
                    TimerKind::Heartbeat => "heartbeat",
                },
                deadline_ms: us_to_ms(deadline),
            }),
            leader: i.leader,
            progress: i
                .progress
                .iter()
                .map(|p| PeerProgressView {
                    peer: p.peer,
                    next_index: p.next_index,
                    match_index: p.match_index,
                })
                .collect(),
            // A candidate's refusal reported by the vote-received event is never "granted".
            vote_cast: r.vote_cast.map(vote),
            vote_refused_to_it: r.vote_refused_to_it.map(|v| VoteWhyView {
                granted: false,
                ..vote(v)
            }),
            append_refused: r.append_refused.map(append),
            append_refused_to_it: r.append_refused_to_it.map(append),
        }
    }
}

#[cfg(test)]
#[path = "../unit/inspect.rs"]
mod tests;
