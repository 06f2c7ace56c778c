//! What a node is told about how to behave: timing, optional protocol extensions, and the
//! unsafe teaching switches.

use crate::limits;
use crate::types::{Time, MS};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// How a leader moves a follower's nextIndex back after a rejected AppendEntries (§5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
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
///
/// Named fields in human-readable forms (JSON, the page); in compact binary forms (share
/// links) the switches after the first two share one byte as bits, the third switch's byte of
/// the first links, so the links made before more switches were added still read the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
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
    /// UNSAFE: let a leader propose a configuration change before it has committed an entry
    /// of its own term, the bug in single-server changes Ongaro reported on raft-dev in 2015
    /// (dissertation §4.2): changes from leaders of different terms can then overlap.
    pub change_before_own_term_commit: bool,
}

#[cfg(feature = "serde")]
mod switches_serde {
    use super::UnsafeSwitches;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// The human-readable form: one named boolean per switch.
    #[derive(Serialize, Deserialize, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct Named {
        no_election_restriction: bool,
        commit_previous_terms: bool,
        forget_vote_on_restart: bool,
        change_before_own_term_commit: bool,
    }

    /// Bits of the binary form's third byte: 1 was the third switch's `true` in every link so far.
    const FORGET_VOTE: u8 = 1;
    const CHANGE_EARLY: u8 = 2;
    const KNOWN: u8 = FORGET_VOTE | CHANGE_EARLY;

    impl Serialize for UnsafeSwitches {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                Named {
                    no_election_restriction: self.no_election_restriction,
                    commit_previous_terms: self.commit_previous_terms,
                    forget_vote_on_restart: self.forget_vote_on_restart,
                    change_before_own_term_commit: self.change_before_own_term_commit,
                }
                .serialize(s)
            } else {
                let bits = (u8::from(self.forget_vote_on_restart) * FORGET_VOTE)
                    | (u8::from(self.change_before_own_term_commit) * CHANGE_EARLY);
                (
                    self.no_election_restriction,
                    self.commit_previous_terms,
                    bits,
                )
                    .serialize(s)
            }
        }
    }

    impl<'de> Deserialize<'de> for UnsafeSwitches {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            if d.is_human_readable() {
                let n = Named::deserialize(d)?;
                Ok(UnsafeSwitches {
                    no_election_restriction: n.no_election_restriction,
                    commit_previous_terms: n.commit_previous_terms,
                    forget_vote_on_restart: n.forget_vote_on_restart,
                    change_before_own_term_commit: n.change_before_own_term_commit,
                })
            } else {
                let (no_election_restriction, commit_previous_terms, bits) =
                    <(bool, bool, u8)>::deserialize(d)?;
                if bits & !KNOWN != 0 {
                    return Err(D::Error::custom("unknown unsafe switch"));
                }
                Ok(UnsafeSwitches {
                    no_election_restriction,
                    commit_previous_terms,
                    forget_vote_on_restart: bits & FORGET_VOTE != 0,
                    change_before_own_term_commit: bits & CHANGE_EARLY != 0,
                })
            }
        }
    }
}

/// One of the [`UnsafeSwitches`], by name: what a safety violation can blame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum UnsafeSwitch {
    /// [`UnsafeSwitches::no_election_restriction`] (§5.4.1).
    NoElectionRestriction,
    /// [`UnsafeSwitches::commit_previous_terms`] (§5.4.2, Figure 8).
    CommitPreviousTerms,
    /// [`UnsafeSwitches::forget_vote_on_restart`] (Figure 2, persistent state).
    ForgetVoteOnRestart,
    /// [`UnsafeSwitches::change_before_own_term_commit`] (dissertation §4.2, 2015 fix).
    ChangeBeforeOwnTermCommit,
}

impl UnsafeSwitch {
    /// Every switch, in the order the page lists them.
    pub const ALL: [UnsafeSwitch; 4] = [
        UnsafeSwitch::NoElectionRestriction,
        UnsafeSwitch::CommitPreviousTerms,
        UnsafeSwitch::ForgetVoteOnRestart,
        UnsafeSwitch::ChangeBeforeOwnTermCommit,
    ];

    /// Whether this switch is on in `switches`.
    pub fn is_on(self, switches: &UnsafeSwitches) -> bool {
        match self {
            UnsafeSwitch::NoElectionRestriction => switches.no_election_restriction,
            UnsafeSwitch::CommitPreviousTerms => switches.commit_previous_terms,
            UnsafeSwitch::ForgetVoteOnRestart => switches.forget_vote_on_restart,
            UnsafeSwitch::ChangeBeforeOwnTermCommit => switches.change_before_own_term_commit,
        }
    }
}

/// A node's configuration. Times are virtual microseconds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

/// A setting a configuration error is about: one field of [`Config`], [`crate::sim::SimConfig`]
/// or [`crate::sim::NetworkConfig`], named as their serde form names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `SimConfig::nodes`.
    Nodes,
    /// `Config::election_timeout_min`.
    ElectionTimeoutMin,
    /// `Config::election_timeout_max`.
    ElectionTimeoutMax,
    /// `Config::heartbeat_interval`.
    HeartbeatInterval,
    /// `Config::max_entries_per_append`.
    MaxEntriesPerAppend,
    /// `NetworkConfig::latency_min`.
    LatencyMin,
    /// `NetworkConfig::latency_max`.
    LatencyMax,
    /// `NetworkConfig::loss`.
    Loss,
    /// `NetworkConfig::long_delay`.
    LongDelay,
}

impl Setting {
    /// The field's name, as the serde form spells it.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Nodes => "nodes",
            Setting::ElectionTimeoutMin => "electionTimeoutMin",
            Setting::ElectionTimeoutMax => "electionTimeoutMax",
            Setting::HeartbeatInterval => "heartbeatInterval",
            Setting::MaxEntriesPerAppend => "maxEntriesPerAppend",
            Setting::LatencyMin => "latencyMin",
            Setting::LatencyMax => "latencyMax",
            Setting::Loss => "loss",
            Setting::LongDelay => "longDelay",
        }
    }

    /// True for the settings that hold a duration (virtual microseconds).
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Setting::ElectionTimeoutMin
                | Setting::ElectionTimeoutMax
                | Setting::HeartbeatInterval
                | Setting::LatencyMin
                | Setting::LatencyMax
        )
    }
}

/// What is wrong with a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Outside its limits (both inclusive), in its own unit: a count, or microseconds for a
    /// duration (see [`crate::limits`]).
    OutOfRange {
        /// The least allowed.
        min: u64,
        /// The most allowed.
        max: u64,
    },
    /// Not a probability from 0 to 1 ([`crate::limits::LOSS_RANGE`]).
    NotAProbability,
    /// Greater than the other setting, which it must not exceed.
    Exceeds(Setting),
    /// Not shorter than the other setting, which it must be shorter than.
    NotShorterThan(Setting),
}

/// A configuration that cannot work: which setting, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting at fault.
    pub setting: Setting,
    /// What is wrong with it.
    pub problem: Problem,
}

impl ConfigError {
    /// `setting` has `problem`.
    pub fn new(setting: Setting, problem: Problem) -> Self {
        ConfigError { setting, problem }
    }
}

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let name = self.setting.name();
        match self.problem {
            Problem::OutOfRange { min, max } => {
                let unit = if self.setting.is_time() { " µs" } else { "" };
                write!(f, "{name} must be from {min} to {max}{unit}")
            }
            Problem::NotAProbability => write!(f, "{name} must be a probability from 0 to 1"),
            Problem::Exceeds(other) => write!(f, "{name} must not exceed {}", other.name()),
            Problem::NotShorterThan(other) => {
                write!(f, "{name} must be shorter than {}", other.name())
            }
        }
    }
}

/// Checks that `value` lies within `min..=max`, or says so for `setting`.
pub(crate) fn check_range(
    setting: Setting,
    value: u64,
    min: u64,
    max: u64,
) -> Result<(), ConfigError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::new(setting, Problem::OutOfRange { min, max }))
    }
}

impl Config {
    /// Checks every setting against [`crate::limits`] and the relations the algorithm relies on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use Setting::*;
        let max_time = limits::MAX_CONFIG_TIME;
        check_range(ElectionTimeoutMin, self.election_timeout_min, 1, max_time)?;
        check_range(ElectionTimeoutMax, self.election_timeout_max, 1, max_time)?;
        check_range(HeartbeatInterval, self.heartbeat_interval, 1, max_time)?;
        check_range(
            MaxEntriesPerAppend,
            self.max_entries_per_append as u64,
            1,
            limits::MAX_ENTRIES_PER_APPEND as u64,
        )?;
        if self.election_timeout_min > self.election_timeout_max {
            return Err(ConfigError::new(
                ElectionTimeoutMin,
                Problem::Exceeds(ElectionTimeoutMax),
            ));
        }
        // Or followers time out under a healthy leader.
        if self.heartbeat_interval >= self.election_timeout_min {
            return Err(ConfigError::new(
                HeartbeatInterval,
                Problem::NotShorterThan(ElectionTimeoutMin),
            ));
        }
        Ok(())
    }
}
