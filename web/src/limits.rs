//! raft-core's limits as the page reads them (`limits()`), in the page's units: the page keeps
//! no copy of these numbers.

use raft_core::limits;
use serde::Serialize;
use tsify::Tsify;

use crate::convert::us_to_ms;

/// Every bound on a run, from `raft_core::limits`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// The fewest nodes a cluster may have.
    pub min_nodes: u8,
    /// The most nodes a cluster may have.
    pub max_nodes: u8,
    /// How far one call may run the simulation, and how long a shared run may be, ms.
    pub horizon_ms: f64,
    /// The longest configured timeout or heartbeat, ms.
    pub max_config_ms: f64,
    /// The longest one-way latency, ms.
    pub max_latency_ms: f64,
    /// The most entries one AppendEntries may carry.
    pub max_entries_per_append: f64,
    /// The least loss probability.
    pub loss_min: f64,
    /// The most loss probability.
    pub loss_max: f64,
    /// The longest share link accepted, characters.
    pub max_link_chars: f64,
    /// The most timed actions a shared run may hold.
    pub max_actions: f64,
    /// The most trace records one `events()` page holds (a shorter page is the last).
    pub events_page: f64,
    /// The largest whole number a seed or a value may be (2^53).
    pub max_exact: f64,
}

impl Limits {
    /// The limits, converted.
    pub fn new() -> Self {
        Limits {
            min_nodes: limits::MIN_NODES,
            max_nodes: limits::MAX_NODES,
            horizon_ms: us_to_ms(limits::HORIZON),
            max_config_ms: us_to_ms(limits::MAX_CONFIG_TIME),
            max_latency_ms: us_to_ms(limits::MAX_LATENCY),
            max_entries_per_append: limits::MAX_ENTRIES_PER_APPEND as f64,
            loss_min: *limits::LOSS_RANGE.start(),
            loss_max: *limits::LOSS_RANGE.end(),
            max_link_chars: limits::MAX_LINK_LEN as f64,
            max_actions: limits::MAX_ACTIONS as f64,
            events_page: limits::EVENTS_PAGE as f64,
            max_exact: limits::MAX_EXACT as f64,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::new()
    }
}
