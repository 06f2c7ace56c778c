//! Trace records as the page reads them from `events(sinceSeq)`: the page's view of raft-core's
//! `TraceRecord`, one flat object per record, `{seq, at, kind, ...fields}`, times in virtual
//! ms, refusal reasons as text. Timer resets are left out (one per message received: noise for
//! a feed). serde writes the objects; tsify writes their TypeScript type (`TraceEventView`).

use raft_core::election::FailedElection;
use raft_core::event::{Event, RoleReason, SnapshotRetry, VoteRefusal};
use raft_core::quorum::VoteResult;
use raft_core::trace::{DropReason, MessageKind, TraceEvent, TraceRecord};
use raft_core::{limits, Index, NodeId, Role, Term};
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;
use crate::refusals::RefusalView;
use crate::safety::ViolationView;

/// The most records one `events` call returns.
pub const MAX_EVENTS_PER_CALL: usize = limits::EVENTS_PAGE;

/// Every `kind` a record can carry (as [`EventBody`] names them).
pub const KINDS: [&str; 33] = [
    "roleChanged",
    "termChanged",
    "voteGranted",
    "voteRefused",
    "voteReceived",
    "electionLost",
    "noLeader",
    "appendRefused",
    "appended",
    "truncated",
    "nextIndexBack",
    "matchAdvanced",
    "commitAdvanced",
    "proposalAccepted",
    "proposalRefused",
    "transferStarted",
    "transferAbandoned",
    "proposalRefusedInTransfer",
    "configurationChanged",
    "messageSent",
    "messageDelivered",
    "messageDropped",
    "crashed",
    "restarted",
    "started",
    "joined",
    "left",
    "action",
    "violation",
    "snapshotTaken",
    "snapshotSent",
    "snapshotInstalled",
    "snapshotRestored",
];

/// A node's role, as the feed names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum RoleName {
    /// Follower.
    Follower,
    /// Pre-candidate (PreVote).
    PreCandidate,
    /// Candidate.
    Candidate,
    /// Leader.
    Leader,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Follower => RoleName::Follower,
            Role::PreCandidate => RoleName::PreCandidate,
            Role::Candidate => RoleName::Candidate,
            Role::Leader => RoleName::Leader,
        }
    }
}

/// Why a role changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum RoleChangeReason {
    /// The node started.
    Start,
    /// Its election timer fired.
    Timeout,
    /// The page forced a timeout.
    Forced,
    /// It won a pre-vote.
    WonPreVote,
    /// It won an election.
    WonElection,
    /// It saw a higher term.
    HigherTerm,
    /// It heard from the leader of its term.
    LeaderOfTerm,
    /// CheckQuorum: it lost touch with a majority.
    LostQuorum,
    /// The leader told it to time out now, handing it leadership (§3.10).
    TimeoutNow,
    /// A leader removed from the configuration it committed steps down (§4.2.2).
    Removed,
}

impl From<RoleReason> for RoleChangeReason {
    fn from(reason: RoleReason) -> Self {
        match reason {
            RoleReason::Start => RoleChangeReason::Start,
            RoleReason::Timeout => RoleChangeReason::Timeout,
            RoleReason::Forced => RoleChangeReason::Forced,
            RoleReason::WonPreVote => RoleChangeReason::WonPreVote,
            RoleReason::WonElection => RoleChangeReason::WonElection,
            RoleReason::HigherTerm => RoleChangeReason::HigherTerm,
            RoleReason::LeaderOfTerm => RoleChangeReason::LeaderOfTerm,
            RoleReason::LostQuorum => RoleChangeReason::LostQuorum,
            RoleReason::TimeoutNow => RoleChangeReason::TimeoutNow,
            RoleReason::Removed => RoleChangeReason::Removed,
        }
    }
}

/// A message's kind, as the feed names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum MessageKindName {
    /// RequestVote.
    RequestVote,
    /// Its response.
    RequestVoteResponse,
    /// PreVote.
    PreVote,
    /// Its response.
    PreVoteResponse,
    /// AppendEntries.
    AppendEntries,
    /// Its response.
    AppendEntriesResponse,
    /// InstallSnapshot.
    InstallSnapshot,
    /// Its response.
    InstallSnapshotResponse,
    /// TimeoutNow (leadership transfer, §3.10).
    TimeoutNow,
}

impl From<MessageKind> for MessageKindName {
    fn from(kind: MessageKind) -> Self {
        match kind {
            MessageKind::RequestVote => MessageKindName::RequestVote,
            MessageKind::RequestVoteResponse => MessageKindName::RequestVoteResponse,
            MessageKind::PreVote => MessageKindName::PreVote,
            MessageKind::PreVoteResponse => MessageKindName::PreVoteResponse,
            MessageKind::AppendEntries => MessageKindName::AppendEntries,
            MessageKind::AppendEntriesResponse => MessageKindName::AppendEntriesResponse,
            MessageKind::InstallSnapshot => MessageKindName::InstallSnapshot,
            MessageKind::InstallSnapshotResponse => MessageKindName::InstallSnapshotResponse,
            MessageKind::TimeoutNow => MessageKindName::TimeoutNow,
        }
    }
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum DropReasonName {
    /// Random loss.
    Loss,
    /// A partition.
    Partition,
    /// A cut link.
    LinkCut,
    /// The receiver is down.
    NodeDown,
}

impl From<DropReason> for DropReasonName {
    fn from(reason: DropReason) -> Self {
        match reason {
            DropReason::Loss => DropReasonName::Loss,
            DropReason::Partition => DropReasonName::Partition,
            DropReason::LinkCut => DropReasonName::LinkCut,
            DropReason::NodeDown => DropReasonName::NodeDown,
        }
    }
}

/// Which copy of a snapshot a leader sent: the first, or another after a sign that the one
/// in flight was lost (`SnapshotRetry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum SnapshotCopy {
    /// The first copy for this follower's need.
    First,
    /// Again: no answer within an election timeout, though the follower answered heartbeats.
    NoAnswer,
    /// Again: the follower was silent when the copy went and has just answered.
    FollowerBack,
}

impl From<Option<SnapshotRetry>> for SnapshotCopy {
    fn from(retry: Option<SnapshotRetry>) -> Self {
        match retry {
            None => SnapshotCopy::First,
            Some(SnapshotRetry::NoAnswer) => SnapshotCopy::NoAnswer,
            Some(SnapshotRetry::FollowerBack) => SnapshotCopy::FollowerBack,
        }
    }
}

/// One trace record as the page gets it. (The declared type is spelled out because tsify
/// renders a flattened union as `interface ... extends EventBody`, which TypeScript refuses.)
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[tsify(type = "{ seq: number; at: number } & EventBody")]
pub struct TraceEventView {
    /// Position in the trace.
    pub seq: u64,
    /// Virtual time, ms.
    pub at: f64,
    /// The kind and its fields.
    #[serde(flatten)]
    pub body: EventBody,
}

/// What happened, by `kind`.
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EventBody {
    RoleChanged {
        node: NodeId,
        role: RoleName,
        term: Term,
        reason: RoleChangeReason,
    },
    TermChanged {
        node: NodeId,
        from: Term,
        to: Term,
    },
    VoteGranted {
        node: NodeId,
        to: NodeId,
        term: Term,
        #[serde(rename = "preVote")]
        pre_vote: bool,
    },
    VoteRefused {
        node: NodeId,
        to: NodeId,
        term: Term,
        #[serde(rename = "preVote")]
        pre_vote: bool,
        reason: String,
        /// The reason as data, phrased by the page (`reason` is the English text).
        why: RefusalView,
    },
    VoteReceived {
        node: NodeId,
        from: NodeId,
        term: Term,
        granted: bool,
        #[serde(rename = "preVote")]
        pre_vote: bool,
        /// Where the candidate's election stands after this vote: `lost` once the refusals
        /// leave too few servers for a majority.
        result: ElectionStanding,
    },
    ElectionLost {
        node: NodeId,
        term: Term,
        granted: u32,
        refused: u32,
        needed: u32,
    },
    /// A term ended without a leader, as the core decided: a split vote (two or more
    /// candidates, `splitVote`) or a lone candidate that could not reach a majority. Every
    /// candidate of the term with the votes it got, its own included.
    NoLeader {
        term: Term,
        #[serde(rename = "splitVote")]
        split_vote: bool,
        candidates: Vec<CandidateVotes>,
        needed: u32,
    },
    AppendRefused {
        node: NodeId,
        leader: NodeId,
        term: Term,
        reason: String,
        /// The reason as data, phrased by the page (`reason` is the English text).
        why: RefusalView,
    },
    Appended {
        node: NodeId,
        from: Index,
        count: u64,
    },
    Truncated {
        node: NodeId,
        from: Index,
        count: u64,
    },
    NextIndexBack {
        node: NodeId,
        leader: NodeId,
        peer: NodeId,
        from: Index,
        to: Index,
    },
    MatchAdvanced {
        node: NodeId,
        leader: NodeId,
        peer: NodeId,
        #[serde(rename = "matchIndex")]
        match_index: Index,
    },
    CommitAdvanced {
        node: NodeId,
        from: Index,
        to: Index,
    },
    ProposalAccepted {
        node: NodeId,
        index: Index,
        term: Term,
    },
    /// `leader` is -1 when the node knows none.
    ProposalRefused {
        node: NodeId,
        leader: i32,
    },
    /// A leader began handing leadership to `to` (§3.10).
    TransferStarted {
        node: NodeId,
        to: NodeId,
    },
    /// A leader gave up its transfer: an election timeout passed, or another target replaced it.
    TransferAbandoned {
        node: NodeId,
        to: NodeId,
        superseded: bool,
    },
    /// A transferring leader refused a proposal; `to` is about to lead.
    ProposalRefusedInTransfer {
        node: NodeId,
        to: NodeId,
    },
    /// The configuration in force changed (§4.1): `members` is a bit per server id.
    ConfigurationChanged {
        node: NodeId,
        index: Index,
        members: u16,
    },
    MessageSent {
        id: u64,
        from: NodeId,
        to: NodeId,
        #[serde(rename = "msgKind")]
        msg_kind: MessageKindName,
        term: Term,
        entries: u32,
        ok: bool,
        #[serde(rename = "arriveAt")]
        arrive_at: f64,
    },
    MessageDelivered {
        id: u64,
    },
    MessageDropped {
        id: u64,
        reason: DropReasonName,
    },
    Crashed {
        node: NodeId,
    },
    Restarted {
        node: NodeId,
    },
    /// A new server's process started (§4.2.1): it never ran before.
    Started {
        node: NodeId,
    },
    /// The configuration in force (the leader's, §4.1) now names `node`.
    Joined {
        node: NodeId,
    },
    /// The configuration in force no longer names `node` (§4.2.2).
    Left {
        node: NodeId,
    },
    Action {
        text: String,
    },
    Violation {
        violation: ViolationView,
    },
    /// A server snapshotted its state machine at `index` and discarded its log up to
    /// `discardedTo` (§7).
    #[serde(rename_all = "camelCase")]
    SnapshotTaken {
        node: NodeId,
        index: Index,
        term: Term,
        discarded_to: Index,
        commit_index: Index,
    },
    /// A leader sent `to` its snapshot because `to` needs entry `nextIndex` and the leader's
    /// log starts at `firstIndex` (Figure 13); `copy` says whether it is the first copy or
    /// why it went again.
    #[serde(rename_all = "camelCase")]
    SnapshotSent {
        node: NodeId,
        to: NodeId,
        next_index: Index,
        first_index: Index,
        index: Index,
        term: Term,
        copy: SnapshotCopy,
    },
    /// A follower installed `leader`'s snapshot, keeping `kept` entries after it.
    SnapshotInstalled {
        node: NodeId,
        leader: NodeId,
        index: Index,
        term: Term,
        kept: u64,
    },
    /// A restarted server's state machine starts from its snapshot.
    SnapshotRestored {
        node: NodeId,
        index: Index,
        term: Term,
    },
}

/// Where a candidate's election stands (raft-core's `VoteResult`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ElectionStanding {
    /// A majority granted.
    Won,
    /// It can still go either way.
    Pending,
    /// A majority can no longer be reached this term.
    Lost,
}

impl From<VoteResult> for ElectionStanding {
    fn from(result: VoteResult) -> Self {
        match result {
            VoteResult::Won => ElectionStanding::Won,
            VoteResult::Pending => ElectionStanding::Pending,
            VoteResult::Lost => ElectionStanding::Lost,
        }
    }
}

/// One candidate of a term that found no leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct CandidateVotes {
    /// The candidate.
    pub node: NodeId,
    /// Votes granted to it, its own included.
    pub granted: u32,
}

fn no_leader(term: Term, outcome: &FailedElection) -> EventBody {
    let (candidates, needed) = match outcome {
        FailedElection::SplitVote { candidates, needed } => (
            candidates
                .iter()
                .map(|c| CandidateVotes {
                    node: c.node,
                    granted: c.granted,
                })
                .collect(),
            *needed,
        ),
        FailedElection::LoneCandidate {
            node,
            granted,
            needed,
        } => (
            alloc::vec![CandidateVotes {
                node: *node,
                granted: *granted,
            }],
            *needed,
        ),
    };
    EventBody::NoLeader {
        term,
        split_vote: outcome.is_split_vote(),
        candidates,
        needed,
    }
}

/// A vote refusal for people; "already voted" names the term.
pub fn vote_reason(reason: VoteRefusal, term: u64) -> String {
    let text = reason.describe();
    match reason {
        VoteRefusal::AlreadyVoted { .. } => format!("{text} in term {term}"),
        _ => text,
    }
}

/// A node event as the page sees it; `None` for a timer reset.
fn node_event(node: NodeId, event: &Event) -> Option<EventBody> {
    Some(match *event {
        Event::RoleChanged { role, term, reason } => EventBody::RoleChanged {
            node,
            role: role.into(),
            term,
            reason: reason.into(),
        },
        Event::TermChanged { from, to } => EventBody::TermChanged { node, from, to },
        Event::VoteGranted { to, term, pre_vote } => EventBody::VoteGranted {
            node,
            to,
            term,
            pre_vote,
        },
        Event::VoteRefused {
            to,
            term,
            pre_vote,
            reason,
        } => EventBody::VoteRefused {
            node,
            to,
            term,
            pre_vote,
            reason: vote_reason(reason, term),
            why: RefusalView::vote(reason, term),
        },
        Event::VoteReceived {
            from,
            term,
            granted,
            pre_vote,
            result,
        } => EventBody::VoteReceived {
            node,
            from,
            term,
            granted,
            pre_vote,
            result: result.into(),
        },
        Event::ElectionLost {
            term,
            granted,
            refused,
            needed,
        } => EventBody::ElectionLost {
            node,
            term,
            granted,
            refused,
            needed,
        },
        Event::AppendRefused {
            leader,
            term,
            reason,
        } => EventBody::AppendRefused {
            node,
            leader,
            term,
            reason: reason.describe(),
            why: RefusalView::append(reason),
        },
        Event::SnapshotTaken {
            index,
            term,
            discarded_to,
            commit_index,
        } => EventBody::SnapshotTaken {
            node,
            index,
            term,
            discarded_to,
            commit_index,
        },
        Event::SnapshotSent {
            to,
            next_index,
            first_index,
            index,
            term,
            retry,
        } => EventBody::SnapshotSent {
            node,
            to,
            next_index,
            first_index,
            index,
            term,
            copy: retry.into(),
        },
        Event::SnapshotInstalled {
            leader,
            index,
            term,
            kept,
        } => EventBody::SnapshotInstalled {
            node,
            leader,
            index,
            term,
            kept,
        },
        Event::SnapshotRestored { index, term } => {
            EventBody::SnapshotRestored { node, index, term }
        }
        Event::Appended { from, count } => EventBody::Appended { node, from, count },
        Event::Truncated { from, count } => EventBody::Truncated { node, from, count },
        Event::NextIndexBack { peer, from, to } => EventBody::NextIndexBack {
            node,
            leader: node,
            peer,
            from,
            to,
        },
        Event::MatchAdvanced { peer, match_index } => EventBody::MatchAdvanced {
            node,
            leader: node,
            peer,
            match_index,
        },
        Event::CommitAdvanced { from, to } => EventBody::CommitAdvanced { node, from, to },
        Event::ProposalAccepted { index, term } => {
            EventBody::ProposalAccepted { node, index, term }
        }
        Event::ProposalRefused { leader } => EventBody::ProposalRefused {
            node,
            leader: leader.map_or(-1, i32::from),
        },
        Event::TransferStarted { to } => EventBody::TransferStarted { node, to },
        Event::TransferAbandoned { to, superseded } => EventBody::TransferAbandoned {
            node,
            to,
            superseded,
        },
        Event::ProposalRefusedInTransfer { to } => {
            EventBody::ProposalRefusedInTransfer { node, to }
        }
        Event::TimerReset { .. } => return None,
        Event::ConfigurationChanged { index, members } => EventBody::ConfigurationChanged {
            node,
            index,
            members: members.bits(),
        },
    })
}

impl TraceEventView {
    /// The page's view of a record; `None` for the records the page does not get.
    pub fn of(record: &TraceRecord) -> Option<Self> {
        let body = match &record.event {
            TraceEvent::Node { node, event } => node_event(*node, event)?,
            TraceEvent::MessageSent {
                id,
                message,
                arrive_at,
            } => EventBody::MessageSent {
                id: *id,
                from: message.from,
                to: message.to,
                msg_kind: message.kind.into(),
                term: message.term,
                entries: message.entries,
                ok: message.ok,
                arrive_at: us_to_ms(*arrive_at),
            },
            TraceEvent::MessageDelivered { id } => EventBody::MessageDelivered { id: *id },
            TraceEvent::MessageDropped { id, reason } => EventBody::MessageDropped {
                id: *id,
                reason: (*reason).into(),
            },
            TraceEvent::Crashed { node } => EventBody::Crashed { node: *node },
            TraceEvent::Restarted { node } => EventBody::Restarted { node: *node },
            TraceEvent::Started { node } => EventBody::Started { node: *node },
            TraceEvent::Joined { node } => EventBody::Joined { node: *node },
            TraceEvent::Left { node } => EventBody::Left { node: *node },
            TraceEvent::Action { text } => EventBody::Action { text: text.clone() },
            TraceEvent::Violation { violation } => EventBody::Violation {
                violation: ViolationView::of(violation),
            },
            TraceEvent::NoLeader { term, outcome } => no_leader(*term, outcome),
        };
        Some(TraceEventView {
            seq: record.seq,
            at: us_to_ms(record.at),
            body,
        })
    }
}

/// True for the records the page gets (all but timer resets).
pub fn shown(record: &TraceRecord) -> bool {
    !matches!(
        record.event,
        TraceEvent::Node {
            event: Event::TimerReset { .. },
            ..
        }
    )
}

/// The records from `since` on that the page gets, at most [`MAX_EVENTS_PER_CALL`].
pub fn page<'a>(
    records: impl Iterator<Item = &'a TraceRecord> + 'a,
) -> impl Iterator<Item = TraceEventView> + 'a {
    records
        .filter_map(TraceEventView::of)
        .take(MAX_EVENTS_PER_CALL)
}

#[cfg(test)]
#[path = "../unit/events.rs"]
pub(crate) mod tests;
