//! The "snapshot now" action (§7): a user asks one server to snapshot its applied state and
//! compact its log, as the service above Raft would.

use super::{ActionError, Cluster, Outcome, Slot};
use crate::types::NodeId;

impl Cluster {
    pub(super) fn snapshot_now(&mut self, node: NodeId) -> Result<Outcome, ActionError> {
        self.check_node(node)?;
        let Some(Slot::Up(n)) = self.slots.get_mut(node as usize) else {
            return Err(ActionError::NodeDown(node));
        };
        // Refuse rather than record an action that does nothing.
        if !n.snapshot_now() {
            return Err(ActionError::NothingToSnapshot(node));
        }
        self.flush(node);
        Ok(Outcome::Done)
    }
}
