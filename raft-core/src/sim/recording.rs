//! A run as data: seed, configuration, optional starting states and timed actions. Replaying a
//! recording rebuilds the run exactly; this is what share links, scenarios and time travel
//! stand on.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::{ActionError, Cluster, SimConfig, SimConfigError, TimedAction};
use crate::state::Persistent;
use crate::types::Time;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Everything needed to reproduce a run.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Recording {
    /// The configuration.
    pub config: SimConfig,
    /// The seed of every PRNG in the run.
    pub seed: u64,
    /// Starting persistent states, when the run does not start cold.
    pub initial: Option<Vec<Persistent>>,
    /// The user's actions, in time order.
    pub actions: Vec<TimedAction>,
}

/// Why a recording could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The configuration or starting states are invalid.
    Config(SimConfigError),
    /// Action number `index` could not be applied.
    Action {
        /// Its position in the recording.
        index: usize,
        /// Why.
        error: ActionError,
    },
}

impl ReplayError {
    /// Why, for people. The same text as `Display`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Config(e) => f.write_str(&e.0),
            ReplayError::Action { index, error } => write!(f, "action {index}: {error}"),
        }
    }
}

impl Recording {
    /// A recording with no actions yet.
    pub fn new(config: SimConfig, seed: u64) -> Self {
        Recording {
            config,
            seed,
            initial: None,
            actions: Vec::new(),
        }
    }

    /// The cluster at time 0, before any action.
    pub fn start(&self) -> Result<Cluster, ReplayError> {
        match &self.initial {
            Some(states) => Cluster::with_states(self.config.clone(), self.seed, states.clone()),
            None => Cluster::new(self.config.clone(), self.seed),
        }
        .map_err(ReplayError::Config)
    }

    /// Replays every action and runs on to `until` (or to the last action, if later).
    pub fn replay(&self, until: Time) -> Result<Cluster, ReplayError> {
        let mut cluster = self.start()?;
        for (index, timed) in self.actions.iter().enumerate() {
            cluster
                .apply_at(timed.at, timed.action.clone())
                .map_err(|error| ReplayError::Action { index, error })?;
        }
        cluster.advance_to(until);
        Ok(cluster)
    }
}
