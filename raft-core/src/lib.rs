//! A Raft consensus node as a pure state machine, and a deterministic cluster simulator.
//!
//! The node ([`node::Node`]) follows the rules of Figure 2 of the Raft paper (Ongaro and
//! Ousterhout, "In Search of an Understandable Consensus Algorithm", 2014). It is sans-IO: the
//! owner passes virtual time in, delivers messages, and collects the messages and observable
//! events the node produced. Randomness comes from a PRNG the owner seeds.
//!
//! The simulator ([`sim::Cluster`]) owns several nodes, a network with latency, loss,
//! partitions and cut links, and a queue of events in virtual time. A run is fully described by
//! its seed, configuration and timed user actions ([`sim::Recording`]); replaying them gives the
//! same trace. [`check::Checker`] evaluates the paper's safety properties after every event, and
//! [`election::Elections`] decides how a term that found no leader ended (split vote or lone
//! candidate).
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod check;
pub mod chunked;
pub mod compaction;
pub mod config;
pub mod election;
pub mod event;
pub mod limits;
pub mod link_compat;
pub mod log;
pub mod membership;
pub mod membership_change;
pub mod message;
pub mod node;
pub mod progress;
pub mod quorum;
pub mod rng;
pub mod scenarios;
#[cfg(feature = "share")]
pub mod share;
pub mod sim;
pub mod snapshot;
pub mod state;
pub mod state_machine;
pub mod trace;
pub mod types;

pub use config::{Backtracking, Config, UnsafeSwitch, UnsafeSwitches};
pub use log::{Command, Entry, Log};
pub use membership::Membership;
pub use membership_change::{Change, ChangeRefused};
pub use message::{Body, Message};
pub use node::{Input, Node, NotLeader, TransferRefusal};
pub use snapshot::Snapshot;
pub use state::{Persistent, Role};
pub use state_machine::StateMachine;
pub use types::{Index, Name, NodeId, Term, Time};
