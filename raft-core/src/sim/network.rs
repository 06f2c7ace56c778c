//! The simulated network: latency drawn per message, random loss, partitions as arbitrary
//! groups, and single links cut in one direction.
//!
//! A message's fate is decided when it is sent, so the page can draw it at any moment: it
//! arrives at `arrive_at`, or it is lost at `drop_at`. Random loss strikes somewhere mid-flight;
//! a partition or a cut link stops it at the midpoint, where the partition line is drawn.
//! Changing partitions or links re-decides the fate of messages that have not reached their
//! midpoint yet; random loss, once drawn, stays.

use alloc::vec;
use alloc::vec::Vec;

use crate::config::{check_range, ConfigError, Problem, Setting};
use crate::limits;
use crate::message::Message;
use crate::rng::{self, Rng};
use crate::trace::DropReason;
use crate::types::{NodeId, Time, MS};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Extra delay for some replies: the lab's "long reordering".
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LongDelay {
    /// Probability that a reply is held back.
    pub probability: f64,
    /// Least extra delay.
    pub min: Time,
    /// Most extra delay.
    pub max: Time,
}

/// Network settings.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
pub struct NetworkConfig {
    /// Least one-way latency.
    pub latency_min: Time,
    /// Most one-way latency (inclusive).
    pub latency_max: Time,
    /// Probability that any one message is lost.
    pub loss: f64,
    /// Replies that are additionally held back, if any.
    pub long_delay: Option<LongDelay>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            latency_min: 10 * MS,
            latency_max: 30 * MS,
            loss: 0.0,
            long_delay: None,
        }
    }
}

impl NetworkConfig {
    /// Checks every setting against [`crate::limits`].
    pub fn validate(&self) -> Result<(), ConfigError> {
        Self::validate_latency(self.latency_min, self.latency_max)?;
        Self::validate_loss(self.loss)?;
        if let Some(long) = self.long_delay {
            let fault = |problem| ConfigError::new(Setting::LongDelay, problem);
            if !limits::LOSS_RANGE.contains(&long.probability) {
                return Err(fault(Problem::NotAProbability));
            }
            check_range(Setting::LongDelay, long.max, long.min, limits::MAX_LATENCY)?;
        }
        Ok(())
    }

    /// Checks a one-way latency range: 0 < min ≤ max ≤ [`limits::MAX_LATENCY`], whether a
    /// configuration or an action sets it.
    pub fn validate_latency(min: Time, max: Time) -> Result<(), ConfigError> {
        check_range(Setting::LatencyMin, min, 1, limits::MAX_LATENCY)?;
        check_range(Setting::LatencyMax, max, 1, limits::MAX_LATENCY)?;
        if min > max {
            return Err(ConfigError::new(
                Setting::LatencyMin,
                Problem::Exceeds(Setting::LatencyMax),
            ));
        }
        Ok(())
    }

    /// Checks a loss probability against [`limits::LOSS_RANGE`] (NaN is not in it).
    pub fn validate_loss(loss: f64) -> Result<(), ConfigError> {
        if limits::LOSS_RANGE.contains(&loss) {
            Ok(())
        } else {
            Err(ConfigError::new(Setting::Loss, Problem::NotAProbability))
        }
    }
}

/// A message on the wire.
#[derive(Clone, Debug)]
pub struct InFlight {
    /// Its id in this run.
    pub id: u64,
    /// The message.
    pub message: Message,
    /// When it was sent.
    pub sent_at: Time,
    /// When it arrives, unless dropped.
    pub arrive_at: Time,
    /// Random loss drawn at send time: when and where (time) it is lost.
    pub lost_at: Option<Time>,
    /// The fate in force now: `None` delivers at `arrive_at`.
    pub drop: Option<(Time, DropReason)>,
}

impl InFlight {
    /// When the message crosses the midpoint of its flight (the partition line).
    pub fn midpoint(&self) -> Time {
        self.sent_at + (self.arrive_at - self.sent_at) / 2
    }
    /// When its queue event fires: its drop or its arrival.
    pub fn event_time(&self) -> Time {
        self.drop.map_or(self.arrive_at, |(t, _)| t)
    }
}

/// Partitions, cut links and the network's own PRNG.
#[derive(Clone, Debug)]
pub struct Network {
    /// Current settings (loss and latency can change during a run).
    pub config: NetworkConfig,
    /// The partition group of each node; all 0 when whole.
    groups: Vec<u8>,
    /// `cut[from]` has bit `to` set when the link from → to is cut.
    cut: Vec<u16>,
    rng: Rng,
}

impl Network {
    /// A whole network of `n` nodes.
    pub fn new(n: usize, config: NetworkConfig, rng: Rng) -> Self {
        Network {
            config,
            groups: vec![0; n],
            cut: vec![0; n],
            rng,
        }
    }

    /// Makes room for a server added to the run (dissertation §4.2): it joins the first
    /// server's group, with no link cut.
    pub fn grow(&mut self, n: usize) {
        let group = self.groups.first().copied().unwrap_or(0);
        self.groups.resize(n.max(self.groups.len()), group);
        self.cut.resize(n.max(self.cut.len()), 0);
    }

    /// The group of each node.
    pub fn groups(&self) -> &[u8] {
        &self.groups
    }

    /// True when no partition is in force.
    pub fn is_whole(&self) -> bool {
        self.groups.iter().all(|g| *g == self.groups[0])
    }

    /// Sets the partition: each node's group number.
    pub fn set_groups(&mut self, groups: Vec<u8>) {
        self.groups = groups;
    }

    /// Joins every group and restores every link.
    pub fn heal(&mut self) {
        self.groups.iter_mut().for_each(|g| *g = 0);
        self.cut.iter_mut().for_each(|c| *c = 0);
    }

    /// Cuts or restores the link from → to.
    pub fn set_link(&mut self, from: NodeId, to: NodeId, cut: bool) {
        if cut {
            self.cut[from as usize] |= 1 << to;
        } else {
            self.cut[from as usize] &= !(1 << to);
        }
    }

    /// True when the link from → to is cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.cut[from as usize] & (1 << to) != 0
    }

    /// Why from → to cannot carry messages now, if it cannot.
    pub fn blocked(&self, from: NodeId, to: NodeId) -> Option<DropReason> {
        if self.groups[from as usize] != self.groups[to as usize] {
            Some(DropReason::Partition)
        } else if self.is_cut(from, to) {
            Some(DropReason::LinkCut)
        } else {
            None
        }
    }

    /// Puts `message` on the wire at `now`: draws its latency and random loss, then applies
    /// partitions and links.
    pub fn send(&mut self, id: u64, message: Message, now: Time) -> InFlight {
        let c = &self.config;
        let mut latency = rng::range_inclusive(&mut self.rng, c.latency_min, c.latency_max).max(1);
        if let (true, Some(long)) = (message.is_response(), c.long_delay) {
            if rng::chance(&mut self.rng, long.probability) {
                latency += rng::range_inclusive(&mut self.rng, long.min, long.max);
            }
        }
        let lost_at = if rng::chance(&mut self.rng, c.loss) {
            // Somewhere in the middle of the flight, where it is visible.
            let fraction = rng::range_inclusive(&mut self.rng, 20, 80);
            Some(now + latency * fraction / 100)
        } else {
            None
        };
        let mut flight = InFlight {
            id,
            message,
            sent_at: now,
            arrive_at: now + latency,
            lost_at,
            drop: None,
        };
        self.decide(&mut flight, now);
        flight
    }

    /// Decides (again) the fate of `flight` given the network as it is at `now`. Returns true
    /// when the fate changed.
    pub fn decide(&self, flight: &mut InFlight, now: Time) -> bool {
        let before = flight.drop;
        let midpoint = flight.midpoint();
        let random = flight.lost_at.map(|t| (t, DropReason::Loss));
        let line = if midpoint >= now {
            self.blocked(flight.message.from, flight.message.to)
                .map(|reason| (midpoint, reason))
        } else {
            // Past the line already: keep what was decided at the line.
            before.filter(|(_, r)| matches!(r, DropReason::Partition | DropReason::LinkCut))
        };
        flight.drop = match (random, line) {
            (Some(r), Some(l)) => Some(if r.0 <= l.0 { r } else { l }),
            (r, l) => r.or(l),
        };
        flight.drop != before
    }
}

#[cfg(test)]
mod validation_tests {
    use super::*;
    use crate::sim::SimConfig;
    use crate::types::SECOND;
    use alloc::string::ToString;

    /// What `validate` says of the default config changed by `change`.
    fn fault(change: impl FnOnce(&mut SimConfig)) -> (Setting, Problem) {
        let mut c = SimConfig::default();
        change(&mut c);
        let e = c.validate().unwrap_err();
        (e.setting, e.problem)
    }

    /// Every bound of `limits` is checked by `SimConfig::validate`, with the setting named.
    #[test]
    fn every_limit_is_checked_and_named() {
        assert_eq!(SimConfig::default().validate(), Ok(()));
        let range = |min: u64, max: u64| Problem::OutOfRange { min, max };
        let max_time = limits::MAX_CONFIG_TIME;
        assert_eq!(fault(|c| c.nodes = 10), (Setting::Nodes, range(1, 9)));
        assert_eq!(fault(|c| c.nodes = 0), (Setting::Nodes, range(1, 9)));
        assert_eq!(
            fault(|c| c.node.election_timeout_max = max_time + 1),
            (Setting::ElectionTimeoutMax, range(1, max_time))
        );
        assert_eq!(
            fault(|c| c.node.heartbeat_interval = 0),
            (Setting::HeartbeatInterval, range(1, max_time))
        );
        assert_eq!(
            fault(|c| c.node.max_entries_per_append = 0),
            (Setting::MaxEntriesPerAppend, range(1, 1_000_000))
        );
        assert_eq!(
            fault(|c| c.network.latency_max = 60 * SECOND + 1),
            (Setting::LatencyMax, range(1, 60 * SECOND))
        );
        assert_eq!(
            fault(|c| c.network.loss = f64::NAN),
            (Setting::Loss, Problem::NotAProbability)
        );
        assert_eq!(
            fault(|c| c.network.loss = 1.5),
            (Setting::Loss, Problem::NotAProbability)
        );
    }

    /// The relations the algorithm relies on: a randomized timeout needs min ≤ max (§5.2), and
    /// a leader's heartbeats must come before a follower's shortest timeout, or followers time
    /// out under a healthy leader (§5.6: broadcastTime ≪ electionTimeout).
    #[test]
    fn relations_name_both_settings() {
        assert_eq!(
            fault(|c| c.node.election_timeout_min = 400_000),
            (
                Setting::ElectionTimeoutMin,
                Problem::Exceeds(Setting::ElectionTimeoutMax)
            )
        );
        assert_eq!(
            fault(|c| c.node.heartbeat_interval = c.node.election_timeout_min),
            (
                Setting::HeartbeatInterval,
                Problem::NotShorterThan(Setting::ElectionTimeoutMin)
            )
        );
        let latency = |c: &mut SimConfig| c.network.latency_min = c.network.latency_max + 1;
        assert_eq!(
            fault(latency),
            (Setting::LatencyMin, Problem::Exceeds(Setting::LatencyMax))
        );
        let mut c = SimConfig::default();
        latency(&mut c);
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "latencyMin must not exceed latencyMax"
        );
    }
}
