//! What a node is told about how to behave: timing, optional protocol extensions, and the
//! unsafe teaching switches.

use crate::types::{Time, MS};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// How a leader moves a follower's nextIndex back after a rejected AppendEntries (§5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Backtracking {
    /// The paper's basic rule: decrement nextIndex by one and retry, one round trip per entry.
    #[default]
    OneByOne,
    /// The optimisation sketched at the end of §5.3: the follower names the conflicting term and
    /// the first index it holds for that term, so the leader skips a whole term per round trip.
    ByConflictTerm,
}

/// Switches that break a rule of the paper on purpose, so the safety checker can show what
/// goes wrong. All are off by default; **every one of them is unsafe**.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
pub struct UnsafeSwitches {
    /// UNSAFE: grant votes regardless of the candidate's log, dropping the election
    /// restriction of §5.4.1. A leader can then lack committed entries and overwrite them.
    pub no_election_restriction: bool,
    /// UNSAFE: let a leader count replicas of entries from earlier terms towards commitment,
    /// the mistake Figure 8 of the paper illustrates (§5.4.2).
    pub commit_previous_terms: bool,
    /// UNSAFE: forget votedFor on restart instead of keeping it on stable storage, so a server
    /// can vote twice in one term (Figure 2, "Persistent state on all servers").
    pub forget_vote_on_restart: bool,
}

/// A node's configuration. Times are virtual microseconds.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
pub struct Config {
    /// Lower bound of the randomized election timeout (§5.2).
    pub election_timeout_min: Time,
    /// Upper bound (inclusive) of the randomized election timeout.
    pub election_timeout_max: Time,
    /// How often a leader sends AppendEntries, empty or not, to each follower.
    pub heartbeat_interval: Time,
    /// The most entries one AppendEntries carries.
    pub max_entries_per_append: usize,
    /// How nextIndex walks back after a rejection.
    pub backtracking: Backtracking,
    /// Run a pre-vote round before incrementing the term (thesis §9.6), so a server that was cut
    /// off does not disrupt the cluster when it returns.
    pub pre_vote: bool,
    /// A leader steps down when it has not heard from a majority within an election timeout
    /// (thesis §6.2), so a leader stranded in a minority stops claiming leadership.
    pub check_quorum: bool,
    /// A new leader appends an empty entry of its term at once, so entries of earlier terms
    /// commit without waiting for a client (§8).
    pub leader_noop: bool,
    /// Rule-breaking switches for teaching. All off by default.
    pub unsafe_switches: UnsafeSwitches,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            election_timeout_min: 150 * MS,
            election_timeout_max: 300 * MS,
            heartbeat_interval: 50 * MS,
            max_entries_per_append: 64,
            backtracking: Backtracking::OneByOne,
            pre_vote: false,
            check_quorum: false,
            leader_noop: false,
            unsafe_switches: UnsafeSwitches::default(),
        }
    }
}

/// A configuration that cannot work, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub &'static str);

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)
    }
}

impl Config {
    /// Checks the relations the algorithm relies on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.election_timeout_min == 0 {
            return Err(ConfigError("election timeout must be positive"));
        }
        if self.election_timeout_max < self.election_timeout_min {
            return Err(ConfigError(
                "election timeout max must not be below election timeout min",
            ));
        }
        if self.heartbeat_interval == 0 {
            return Err(ConfigError("heartbeat interval must be positive"));
        }
        if self.heartbeat_interval >= self.election_timeout_min {
            return Err(ConfigError(
                "heartbeat interval must be shorter than the election timeout, or followers time out under a healthy leader",
            ));
        }
        if self.max_entries_per_append == 0 {
            return Err(ConfigError(
                "max entries per AppendEntries must be at least 1",
            ));
        }
        Ok(())
    }
}
