//! A snapshot (§7 of the paper, chapter 5 of the dissertation): the state machine's state at
//! an applied index, with what the log needs to go on without the entries up to it — the last
//! included index and term (for the consistency check of the next AppendEntries) and the
//! configuration in force there (dissertation §5.1).

use crate::membership::Membership;
use crate::state_machine::StateMachine;
use crate::types::{Index, Term};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A snapshot's metadata and content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Snapshot {
    /// The last entry the snapshot replaces: the state is the one after applying it.
    pub last_included_index: Index,
    /// That entry's term.
    pub last_included_term: Term,
    /// The configuration as of that entry.
    pub membership: Membership,
    /// The state machine after applying every entry up to `last_included_index`.
    pub state: StateMachine,
}
