//! Every bound the playground puts on a run, defined once.
//!
//! The simulator, the share-link decoder and the browser binding all check against these
//! constants, and the page reads them from the wasm; nothing else spells the numbers.

use crate::types::{Time, SECOND};

/// The fewest servers a cluster may have.
pub const MIN_NODES: u8 = 1;
/// The most servers a cluster may have.
pub const MAX_NODES: u8 = 9;
/// The horizon of one call that runs the simulation forward (advance, seek past the horizon,
/// run-until), and of a shared run: one hour of virtual time.
pub const HORIZON: Time = 3600 * SECOND;
/// The longest a configured timeout or heartbeat interval may be: one hour.
pub const MAX_CONFIG_TIME: Time = 3600 * SECOND;
/// The longest one-way latency (and long delay) a configuration or an action may set: one minute.
pub const MAX_LATENCY: Time = 60 * SECOND;
/// The most entries one AppendEntries may carry.
pub const MAX_ENTRIES_PER_APPEND: usize = 1_000_000;
/// The least and most probability of losing a message.
pub const LOSS_RANGE: core::ops::RangeInclusive<f64> = 0.0..=1.0;
/// The longest share link accepted (characters after any `#`), checked before decoding.
pub const MAX_LINK_LEN: usize = 64 * 1024;
/// The most timed actions one run may hold in a link.
pub const MAX_ACTIONS: usize = 20_000;
/// The most entries a starting log may hold in a link.
pub const MAX_INITIAL_ENTRIES: usize = 10_000;
/// The most trace records one page of events holds.
pub const EVENTS_PAGE: usize = 200;
/// The largest whole number a JS number holds exactly (2^53): seeds and client values.
pub const MAX_EXACT: u64 = 1 << 53;
/// The most entries [`crate::Config::snapshot_every`] and [`crate::Config::snapshot_threshold`]
/// may name.
pub const MAX_SNAPSHOT_EVERY: u64 = 1_000_000;
