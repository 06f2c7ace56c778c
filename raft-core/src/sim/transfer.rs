//! The "transfer leadership" action: the simulator finds the leader and asks it to hand over
//! (the rules themselves live in the node, `node/transfer.rs`).

use super::{ActionError, Cluster, Outcome, Slot};
use crate::types::NodeId;

impl Cluster {
    /// Asks the running leader of the highest term to hand leadership to `to`. Refused, with
    /// nothing changed, when `to` is unknown or down (a user can see that, even if the leader
    /// cannot), when no leader runs, or when the leader refuses.
    pub(super) fn transfer_leadership(&mut self, to: NodeId) -> Result<Outcome, ActionError> {
        self.check_node(to)?;
        if !self.is_up(to) {
            return Err(ActionError::NodeDown(to));
        }
        let leader = self.leader().ok_or(ActionError::NoLeader)?;
        let now = self.now;
        let Some(Slot::Up(node)) = self.slots.get_mut(leader as usize) else {
            return Err(ActionError::NoLeader);
        };
        node.transfer_leadership(now, to)
            .map_err(ActionError::TransferRefused)?;
        self.flush(leader);
        Ok(Outcome::Done)
    }
}
