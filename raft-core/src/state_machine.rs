//! The replicated state machine (§2 of the paper): what the log is for. A small, deterministic
//! one with a state anyone can check by hand: the running sum and the count of the client
//! values applied so far. Leader no-ops carry no value and leave it unchanged.
//!
//! Every server applies the same committed entries in the same order, so every server that
//! has applied up to an index holds the same state there (State Machine Safety, §5.4.3): the
//! checker compares them, and a snapshot (§7) is this state at its last included index.

use crate::log::Command;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// The state: a running sum and a count of the applied values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct StateMachine {
    /// The sum of the values applied (wrapping at 2^64, so any values stay deterministic).
    pub sum: u64,
    /// How many values were applied.
    pub count: u64,
}

impl StateMachine {
    /// Applies one committed command.
    pub fn apply(&mut self, command: &Command) {
        if let Command::Value(v) = *command {
            self.sum = self.sum.wrapping_add(v);
            self.count += 1;
        }
    }

    /// The state as one number, for comparing states cheaply (the checker keeps one per index).
    pub fn digest(&self) -> u64 {
        crate::trace::fnv_mix(self.sum, &self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_add_up_and_noops_change_nothing() {
        let mut m = StateMachine::default();
        m.apply(&Command::Value(5));
        m.apply(&Command::Noop);
        m.apply(&Command::Value(7));
        assert_eq!(m, StateMachine { sum: 12, count: 2 });
        let mut other = StateMachine::default();
        other.apply(&Command::Value(12));
        assert_ne!(m.digest(), other.digest(), "same sum, different count");
    }
}
