//! What a checkpoint costs: the bytes of its copy of the cluster that the checkpoint before it
//! does not share. The logs and the checker's per-entry tables are chunked ([`crate::chunked`]),
//! so a copy shares every sealed chunk with the copy before it; counting each copy's whole
//! logs would charge the same chunks again and again, and thin the checkpoints for memory they
//! do not hold.

use super::{Cluster, NodeId, TimedAction};
use crate::log::Log;

impl Cluster {
    /// A rough count of the bytes this cluster holds on top of what it shares with `before` (an
    /// earlier copy of the same run, or none: then everything it holds), for memory budgets.
    pub fn approx_bytes_beyond(&self, before: Option<&Cluster>) -> usize {
        fn log_of(cluster: &Cluster, id: NodeId) -> Option<&Log> {
            cluster.persistent(id).map(|p| &p.log)
        }
        let logs: usize = (0..self.slots.len() as NodeId)
            .filter_map(|id| {
                let log = log_of(self, id)?;
                let earlier = before.and_then(|b| log_of(b, id));
                Some(earlier.map_or(log.heap_bytes(), |e| log.heap_bytes_beyond(e)))
            })
            .sum();
        let checker = self.checker.as_ref().map_or(0, |c| {
            c.heap_bytes_beyond(before.and_then(|b| b.checker.as_ref()))
        });
        // Each server adds its fixed state and the inspector's reasons, about a kilobyte.
        4096 + self.slots.len() * 1024
            + logs
            + self.in_flight.len() * 128
            // A record, and the text an action's or a violation's record carries.
            + self.trace.kept() * (core::mem::size_of::<crate::trace::TraceRecord>() + 32)
            + self.actions.len() * (core::mem::size_of::<TimedAction>() + 16)
            + self.elections.approx_bytes()
            + checker
    }

    /// What a list of checkpoints (oldest first) holds in all: each costs what the one before
    /// it does not share with it, the first costs everything.
    pub(super) fn chain_bytes(checkpoints: &[Cluster]) -> usize {
        let mut before: Option<&Cluster> = None;
        let mut total = 0;
        for checkpoint in checkpoints {
            total += checkpoint.approx_bytes_beyond(before);
            before = Some(checkpoint);
        }
        total
    }
}
