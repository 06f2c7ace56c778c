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
/// Serialized with named fields in readable formats (JSON, the page's objects); in share links
/// (postcard) as the r2 layout always had it, two bytes and a third that is now a bit set
/// (bit 0 forgetVoteOnRestart, bit 1 trustTransferTarget, bit 2
/// changeBeforeOwnTermCommit), so older links still open unchanged
/// and each later switch takes the next bit (see `switch_bits`).
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
    /// UNSAFE: snapshot up to the end of the log instead of the last applied (committed)
    /// entry, so a snapshot can hold entries a new leader later overwrites (§7: "each server
    /// takes snapshots independently, covering just the committed entries"). Not in links'
    /// base layout: carried by their extension (`share.rs`).
    pub snapshot_past_commit: bool,
    /// UNSAFE: a leader sends TimeoutNow at once, without first bringing the target up to date,
    /// and voters grant a transfer candidate's vote without comparing logs. Dissertation §3.10
    /// transfers to a caught-up server and still lets voters check its log (§5.4.1); without
    /// both, a lagging server can lead without committed entries.
    pub trust_transfer_target: bool,
    /// UNSAFE: let a leader propose a configuration change before it has committed an entry
    /// of its own term, the bug in single-server changes Ongaro reported on raft-dev in 2015
    /// (dissertation §4.2): changes from leaders of different terms can then overlap.
    pub change_before_own_term_commit: bool,
}

#[cfg(feature = "serde")]
mod switch_bits {
    //! The two serialized forms of [`UnsafeSwitches`](super::UnsafeSwitches). The compact one
    //! leaves out `snapshot_past_commit`, which a link's extension carries.
    use super::UnsafeSwitches;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// The readable form: one named boolean per switch, absent ones off.
    #[derive(Serialize, Deserialize, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct Named {
        no_election_restriction: bool,
        commit_previous_terms: bool,
        forget_vote_on_restart: bool,
        trust_transfer_target: bool,
        snapshot_past_commit: bool,
        change_before_own_term_commit: bool,
    }

    const FORGET_VOTE: u8 = 1;
    const TRUST_TRANSFER: u8 = 1 << 1;
    const CHANGE_EARLY: u8 = 1 << 2;
    const KNOWN: u8 = FORGET_VOTE | TRUST_TRANSFER | CHANGE_EARLY;

    impl Serialize for UnsafeSwitches {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if serializer.is_human_readable() {
                return Named {
                    no_election_restriction: self.no_election_restriction,
                    commit_previous_terms: self.commit_previous_terms,
                    forget_vote_on_restart: self.forget_vote_on_restart,
                    trust_transfer_target: self.trust_transfer_target,
                    snapshot_past_commit: self.snapshot_past_commit,
                    change_before_own_term_commit: self.change_before_own_term_commit,
                }
                .serialize(serializer);
            }
            let bits = u8::from(self.forget_vote_on_restart) * FORGET_VOTE
                + u8::from(self.trust_transfer_target) * TRUST_TRANSFER
                + u8::from(self.change_before_own_term_commit) * CHANGE_EARLY;
            (
                self.no_election_restriction,
                self.commit_previous_terms,
                bits,
            )
                .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for UnsafeSwitches {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            if deserializer.is_human_readable() {
                let n = Named::deserialize(deserializer)?;
                return Ok(UnsafeSwitches {
                    no_election_restriction: n.no_election_restriction,
                    commit_previous_terms: n.commit_previous_terms,
                    forget_vote_on_restart: n.forget_vote_on_restart,
                    trust_transfer_target: n.trust_transfer_target,
                    snapshot_past_commit: n.snapshot_past_commit,
                    change_before_own_term_commit: n.change_before_own_term_commit,
                });
            }
            let (no_election_restriction, commit_previous_terms, bits) =
                <(bool, bool, u8)>::deserialize(deserializer)?;
            if bits & !KNOWN != 0 {
                return Err(serde::de::Error::custom("unknown unsafe switch"));
            }
            Ok(UnsafeSwitches {
                no_election_restriction,
                commit_previous_terms,
                forget_vote_on_restart: bits & FORGET_VOTE != 0,
                trust_transfer_target: bits & TRUST_TRANSFER != 0,
                change_before_own_term_commit: bits & CHANGE_EARLY != 0,
                // A link carries this one in its extension (share.rs), which sets it after.
                snapshot_past_commit: false,
            })
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
    /// [`UnsafeSwitches::snapshot_past_commit`] (§7).
    SnapshotPastCommit,
    /// [`UnsafeSwitches::trust_transfer_target`] (dissertation §3.10 and §5.4.1).
    TrustTransferTarget,
    /// [`UnsafeSwitches::change_before_own_term_commit`] (dissertation §4.2, 2015 fix).
    ChangeBeforeOwnTermCommit,
}

impl UnsafeSwitch {
    /// Every switch, in the order the page lists them.
    pub const ALL: [UnsafeSwitch; 6] = [
        UnsafeSwitch::NoElectionRestriction,
        UnsafeSwitch::CommitPreviousTerms,
        UnsafeSwitch::ForgetVoteOnRestart,
        UnsafeSwitch::SnapshotPastCommit,
        UnsafeSwitch::TrustTransferTarget,
        UnsafeSwitch::ChangeBeforeOwnTermCommit,
    ];

    /// Whether this switch is on in `switches`.
    pub fn is_on(self, switches: &UnsafeSwitches) -> bool {
        match self {
            UnsafeSwitch::NoElectionRestriction => switches.no_election_restriction,
            UnsafeSwitch::CommitPreviousTerms => switches.commit_previous_terms,
            UnsafeSwitch::ForgetVoteOnRestart => switches.forget_vote_on_restart,
            UnsafeSwitch::SnapshotPastCommit => switches.snapshot_past_commit,
            UnsafeSwitch::TrustTransferTarget => switches.trust_transfer_target,
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
    /// Log compaction (§7): snapshot the state machine once this many entries were applied
    /// since the last snapshot. 0 (the default): only when asked.
    #[cfg_attr(feature = "serde", serde(default, with = "crate::link_compat"))]
    pub snapshot_every: u64,
    /// How many entries a snapshot keeps behind it in the log, so a follower at most this far
    /// behind still catches up with AppendEntries; one further behind needs entries that are
    /// gone and is sent the snapshot (InstallSnapshot). 0 (the default): keep none.
    #[cfg_attr(feature = "serde", serde(default, with = "crate::link_compat"))]
    pub snapshot_threshold: u64,
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
            snapshot_every: 0,
            snapshot_threshold: 0,
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
    /// `Config::snapshot_every`.
    SnapshotEvery,
    /// `Config::snapshot_threshold`.
    SnapshotThreshold,
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
            Setting::SnapshotEvery => "snapshotEvery",
            Setting::SnapshotThreshold => "snapshotThreshold",
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
        check_range(
            SnapshotEvery,
            self.snapshot_every,
            0,
            limits::MAX_SNAPSHOT_EVERY,
        )?;
        check_range(
            SnapshotThreshold,
            self.snapshot_threshold,
            0,
            limits::MAX_SNAPSHOT_EVERY,
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
