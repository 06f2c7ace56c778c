//! An exhaustive model check of raft-core's real [`Node`](raft_core::Node) with the
//! [stateright](https://docs.rs/stateright) model checker.
//!
//! The state of the model is the nodes themselves (hashable since raft-core derives `Hash` on
//! its state), a network, and a few history variables the properties need, as the Raft TLA+
//! specification keeps `elections` and `allLogs`. Every transition is one call of
//! [`Node::step`](raft_core::Node::step) (or a crash or restart); no line of the algorithm is
//! re-modelled here.
//!
//! - [`world`]: the state and what may happen in it: deliver any message sent so far (so the
//!   network drops, duplicates and reorders), fire any server's timer, propose, crash, restart.
//! - [`properties`]: the five safety properties of Figure 3 as state predicates.
//! - [`replay`]: a found path replayed through raft-core's own incremental
//!   [`Checker`](raft_core::check::Checker), and printed for people.
//! - [`run`]: the checks the tests and the by-hand deep run share, with their figures.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod properties;
pub mod replay;
pub mod run;
pub mod world;

pub use world::{Action, Bounds, RaftModel, Server, State};
