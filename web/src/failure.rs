//! Why a call failed, as data: a [`FailureView`] (a `code` and the `values` its sentence needs)
//! that the page phrases in its reader's language (www/src/i18n/failure-words.ts), beside the
//! English `message` a developer reads in the console. lib.rs throws both as one JS `Error`
//! with `code` and `values` properties; no text built here is shown to a learner.

use std::fmt;

use raft_core::share::LinkError;
use raft_core::sim::{ActionError, ReplayError};
use raft_core::{NodeId, TransferRefusal};
use serde::Serialize;
use tsify::Tsify;

use crate::convert::JsNum;

/// A JS value a refusal names: numbers, booleans and strings as they came (a long string cut
/// short), anything else by its type.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum Given {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A number (NaN and the infinities included).
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// A string.
    String(String),
    /// A Symbol.
    Symbol,
    /// A BigInt.
    Bigint,
    /// A function.
    Function,
    /// An array.
    Array,
    /// Any other object.
    Object,
}

impl fmt::Display for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Given::Number(x) => JsNum(*x).fmt(f),
            Given::Boolean(b) => b.fmt(f),
            Given::String(s) => write!(f, "the string \"{s}\""),
            Given::Undefined => f.write_str("undefined"),
            Given::Null => f.write_str("null"),
            Given::Symbol => f.write_str("a Symbol"),
            Given::Bigint => f.write_str("a BigInt"),
            Given::Function => f.write_str("a function"),
            Given::Array => f.write_str("an array"),
            Given::Object => f.write_str("an object"),
        }
    }
}

/// What went wrong, and the values the page needs to say it. `field` and `other` name a config
/// field as the page's API spells it ("heartbeatMs"), or an action's setting ("loss",
/// "latency min", "latency max"); durations are in ms.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "code", content = "values", rename_all = "camelCase")]
pub enum FailureView {
    // ----- the config object -----
    /// The config is not an object.
    ConfigNotObject { got: Given },
    /// serde could not read the config (the detail is serde's, for developers).
    ConfigUnreadable { detail: String },
    /// The config has far more fields than there are.
    ConfigTooManyFields { count: u32 },
    /// A field the config does not know.
    UnknownField { field: String },
    /// A field that must be a number.
    NotANumber { field: String, got: Given },
    /// A field that must be a finite number.
    NotFinite { field: String, got: f64 },
    /// A field or argument that must be a whole number from 0 to 2^53.
    NotWhole { field: String, got: f64 },
    /// A field that must be true or false.
    NotBoolean { field: String, got: Given },
    /// `backtracking` is neither of its two words.
    NotBacktracking { got: Given },
    /// A count outside raft-core's limits.
    OutOfRange {
        field: String,
        min: f64,
        max: f64,
        got: f64,
    },
    /// A duration outside raft-core's limits.
    #[serde(rename_all = "camelCase")]
    DurationOutOfRange {
        field: String,
        min_ms: f64,
        max_ms: f64,
        got: f64,
    },
    /// A loss that is no probability.
    NotAProbability { field: String, got: f64 },
    /// `field` exceeds `other` (whose value is `limit`).
    Exceeds {
        field: String,
        got: f64,
        other: String,
        limit: f64,
    },
    /// `field` is not shorter than `other` (heartbeat vs election timeout).
    NotShorterThan {
        field: String,
        got: f64,
        other: String,
        limit: f64,
    },

    // ----- arguments -----
    /// Reading an argument ran code that threw (a getter, a Proxy trap).
    ArgumentThrew { what: String },
    /// An array argument longer than it may be.
    TooManyEntries { what: String, max: u32, got: Given },
    /// `setPartition` got something other than arrays of node ids.
    NotGroups { got: Given },
    /// An argument that must be a string.
    NotAString { what: String, got: Given },
    /// `runUntil`/`lookAhead` got a kind other than leader, commit or split.
    NotUntilKind { method: String, got: Given },
    /// A node id that is not a whole number.
    NodeIdNotWhole { got: f64 },
    /// A node id this cluster does not have.
    NodeIdOutOfRange { got: f64, nodes: u32 },
    /// `advance(ms)` out of 0 to one hour.
    #[serde(rename_all = "camelCase")]
    AdvanceOutOfRange { max_ms: f64, got: f64 },
    /// `seek(ms)` before 0.
    SeekNegative { got: f64 },
    /// `seek(ms)` more than an hour past the horizon.
    #[serde(rename_all = "camelCase")]
    SeekTooFar {
        ahead_ms: f64,
        limit_ms: f64,
        got: f64,
    },
    /// `runUntil`'s limit out of 0 to one hour.
    #[serde(rename_all = "camelCase")]
    RunLimitOutOfRange { max_ms: f64, got: f64 },
    /// A slice's event budget out of range.
    EventBudget { max: f64, got: f64 },
    /// A diagram window that is not one.
    DiagramWindow { from: f64, to: f64 },
    /// `messageDetail` got something that is no message id.
    NotMessageId { got: f64 },
    /// A message the history no longer (or not yet) holds.
    MessageGone { id: f64 },
    /// No seed given and no random source.
    NoRandomSource,
    /// A value could not be handed to the page (the detail is serde's, for developers).
    NotHandedOver { detail: String },

    // ----- the run -----
    /// `step()` with nothing pending.
    NoEventPending,
    /// `runUntilSlice` without `beginRunUntil`.
    NoFastForward,
    /// `runUntilSlice` after the run moved.
    FastForwardStale,
    /// `seekSlice` without `beginSeek`/`beginAdvance`.
    NoSeek,
    /// `seekSlice` after the run moved.
    SeekStale,
    /// `LinkOpening.step`/`finish` after `finish`.
    OpeningFinished { method: String },
    /// `LinkOpening.finish` before `step` said done.
    OpeningNotDone,

    // ----- actions -----
    /// No such node.
    UnknownNode { id: u32 },
    /// The node is down.
    NodeDown { node: NodeId },
    /// The node is already up.
    NodeUp { node: NodeId },
    /// "Snapshot now" on a server that applied nothing since its last snapshot.
    NothingToSnapshot { node: NodeId },
    /// A forced timeout asked of a leader.
    LeaderHasNoTimeout { node: NodeId },
    /// No running follower to time out.
    NoFollowerRunning,
    /// A new server past the most a run may have, or not the next unused id (§4.2).
    NoRoomFor { node: NodeId },
    /// A partition that names a server twice (the detail is raft-core's, for developers).
    BadPartition { detail: String },
    /// A loss that is no probability (checked again by the cluster).
    BadProbability,
    /// A latency range that is empty or zero (checked again by the cluster).
    BadLatency,
    /// An action timed before the cluster's time.
    #[serde(rename_all = "camelCase")]
    InThePast { at_ms: f64, now_ms: f64 },
    /// A proposal to a server that does not lead; `leader` is the one it knows.
    NotLeader {
        node: NodeId,
        leader: Option<NodeId>,
    },
    /// A proposal with no leader running.
    NoLeader,
    /// A proposal not taken for another reason.
    ProposalNotTaken,
    /// A proposal to a leader that is handing leadership to `to` (§3.10).
    Transferring { node: NodeId, to: NodeId },
    /// A transfer of leadership to the server that leads already.
    TransferToLeader,
    /// A second transfer to the server a pending transfer already goes to.
    TransferPending { to: NodeId },

    // ----- share links -----
    /// The run goes past the first hour, which is all a link holds.
    #[serde(rename_all = "camelCase")]
    LinkPastFirstHour { max_ms: f64 },
    /// The run has more actions than a link holds.
    #[serde(rename_all = "camelCase")]
    LinkRunTooBig { max_actions: u32, max_chars: u32 },
    /// The link is empty.
    LinkEmpty,
    /// The link is too long.
    LinkTooLong { length: u32, max: u32 },
    /// Not a playground link (no version tag).
    LinkNoVersion,
    /// A link of an older format.
    LinkOlderVersion { version: String, ours: String },
    /// A link of a newer format.
    LinkNewerVersion { version: String, ours: String },
    /// Not a playground link (a tag of no format).
    LinkUnknownVersion,
    /// Damaged: not base64url.
    LinkNotBase64,
    /// Damaged or cut short.
    LinkTruncated,
    /// Data after the run.
    LinkTrailingData,
    /// Damaged: not in the one form its run encodes to.
    LinkNotCanonical,
    /// The run's configuration cannot work (the detail is raft-core's, for developers).
    LinkBadConfig { detail: String },
    /// The run asks for a huge trace.
    LinkTraceTooLarge,
    /// A seed above 2^53.
    LinkSeedTooLarge,
    /// Not one starting state per server.
    LinkStateCount { states: u32, nodes: u8 },
    /// A server's starting log is too long.
    LinkStartLogTooLong { server: NodeId },
    /// A server's starting vote names no server.
    LinkStartVoteUnknown { server: NodeId },
    /// A server's starting log has impossible terms.
    LinkStartLogTerms { server: NodeId },
    /// A server's starting log holds a value above 2^53.
    LinkStartLogValue { server: NodeId },
    /// More actions than a link may hold.
    LinkTooManyActions { actions: u32, max: u32 },
    /// Action `number` (from 1) is out of time order.
    LinkActionOutOfOrder { number: u32 },
    /// Action `number` (from 1) is past the first hour.
    LinkActionTooLate { number: u32 },
    /// Action `number` (from 1) names what the run does not have.
    LinkActionInvalid { number: u32 },
    /// The link's moment is past the first hour.
    LinkCursorTooLate,

    // ----- replaying a run (a link, or the same run under other switches) -----
    /// The run's configuration or starting states cannot work (the detail is raft-core's).
    ReplayConfig { detail: String },
    /// Action `number` (from 1) does not apply where it is in the run; `why` says why.
    ReplayAction { number: u32, why: Box<FailureView> },
}

/// A failed call: what the page phrases, and what a developer reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The code and values, for the page.
    pub view: FailureView,
    /// The same in English, for the console (the JS Error's message).
    pub message: String,
}

impl Failure {
    /// A failure and its English.
    pub fn new(view: FailureView, message: String) -> Self {
        Failure { view, message }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A count for the page: counts here are far below 2^32.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&ActionError> for FailureView {
    fn from(e: &ActionError) -> Self {
        match e {
            ActionError::UnknownNode(id) => FailureView::UnknownNode { id: *id },
            ActionError::NodeDown(node) => FailureView::NodeDown { node: *node },
            ActionError::NodeUp(node) => FailureView::NodeUp { node: *node },
            ActionError::NothingToSnapshot(node) => FailureView::NothingToSnapshot { node: *node },
            ActionError::LeaderHasNoTimeout(node) => {
                FailureView::LeaderHasNoTimeout { node: *node }
            }
            ActionError::NoFollowerRunning => FailureView::NoFollowerRunning,
            ActionError::NoRoomFor(node) => FailureView::NoRoomFor { node: *node },
            ActionError::BadPartition(detail) => FailureView::BadPartition {
                detail: detail.clone(),
            },
            ActionError::BadProbability => FailureView::BadProbability,
            ActionError::BadLatency => FailureView::BadLatency,
            ActionError::InThePast { at, now } => FailureView::InThePast {
                at_ms: crate::convert::us_to_ms(*at),
                now_ms: crate::convert::us_to_ms(*now),
            },
            ActionError::NoLeader => FailureView::NoLeader,
            ActionError::TransferRefused(why) => match *why {
                TransferRefusal::NotLeader => FailureView::NoLeader,
                TransferRefusal::ToSelf => FailureView::TransferToLeader,
                TransferRefusal::UnknownServer { to } => FailureView::UnknownNode { id: to.into() },
                TransferRefusal::AlreadyTransferring { to } => FailureView::TransferPending { to },
            },
        }
    }
}

impl From<ActionError> for Failure {
    fn from(e: ActionError) -> Self {
        Failure::new(FailureView::from(&e), e.describe())
    }
}

impl From<&ReplayError> for FailureView {
    fn from(e: &ReplayError) -> Self {
        match e {
            ReplayError::Config(e) => FailureView::ReplayConfig {
                detail: e.0.clone(),
            },
            ReplayError::Action { index, error } => FailureView::ReplayAction {
                number: count(index + 1),
                why: Box::new(FailureView::from(error)),
            },
        }
    }
}

impl From<&LinkError> for FailureView {
    fn from(e: &LinkError) -> Self {
        match e {
            LinkError::PastFirstHour { max_ms } => FailureView::LinkPastFirstHour {
                max_ms: *max_ms as f64,
            },
            LinkError::RunTooBig {
                max_actions,
                max_chars,
            } => FailureView::LinkRunTooBig {
                max_actions: count(*max_actions),
                max_chars: count(*max_chars),
            },
            LinkError::Empty => FailureView::LinkEmpty,
            LinkError::TooLong { length, max } => FailureView::LinkTooLong {
                length: count(*length),
                max: count(*max),
            },
            LinkError::NoVersion => FailureView::LinkNoVersion,
            LinkError::OlderVersion { version, ours } => FailureView::LinkOlderVersion {
                version: version.clone(),
                ours: String::from(*ours),
            },
            LinkError::NewerVersion { version, ours } => FailureView::LinkNewerVersion {
                version: version.clone(),
                ours: String::from(*ours),
            },
            LinkError::UnknownVersion => FailureView::LinkUnknownVersion,
            LinkError::NotBase64 => FailureView::LinkNotBase64,
            LinkError::Truncated => FailureView::LinkTruncated,
            LinkError::TrailingData => FailureView::LinkTrailingData,
            LinkError::NotCanonical => FailureView::LinkNotCanonical,
            LinkError::BadConfig(e) => FailureView::LinkBadConfig {
                detail: e.to_string(),
            },
            LinkError::TraceTooLarge => FailureView::LinkTraceTooLarge,
            LinkError::SeedTooLarge { .. } => FailureView::LinkSeedTooLarge,
            LinkError::StateCount { states, nodes } => FailureView::LinkStateCount {
                states: count(*states),
                nodes: *nodes,
            },
            LinkError::StartLogTooLong { server } => {
                FailureView::LinkStartLogTooLong { server: *server }
            }
            LinkError::StartVoteUnknown { server } => {
                FailureView::LinkStartVoteUnknown { server: *server }
            }
            LinkError::StartLogTerms { server } => {
                FailureView::LinkStartLogTerms { server: *server }
            }
            LinkError::StartLogValue { server, .. } => {
                FailureView::LinkStartLogValue { server: *server }
            }
            LinkError::TooManyActions { actions, max } => FailureView::LinkTooManyActions {
                actions: count(*actions),
                max: count(*max),
            },
            LinkError::ActionOutOfOrder { number } => FailureView::LinkActionOutOfOrder {
                number: count(*number),
            },
            LinkError::ActionTooLate { number } => FailureView::LinkActionTooLate {
                number: count(*number),
            },
            LinkError::ActionInvalid { number, .. } => FailureView::LinkActionInvalid {
                number: count(*number),
            },
            LinkError::CursorTooLate => FailureView::LinkCursorTooLate,
            LinkError::Replay(e) => FailureView::from(e),
        }
    }
}

impl From<LinkError> for Failure {
    fn from(e: LinkError) -> Self {
        Failure::new(FailureView::from(&e), e.to_string())
    }
}

/// A replay refused: the same codes whether a link or a switch asked for it.
pub fn replay(e: ReplayError) -> Failure {
    Failure::new(
        FailureView::from(&e),
        format!("the run cannot be replayed: {e}"),
    )
}

#[cfg(test)]
#[path = "../unit/failure.rs"]
mod tests;
