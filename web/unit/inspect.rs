//! Unit tests of web/src/inspect.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;
use crate::config::{parse, PlaygroundConfig};
use crate::sim::Sim;

/// §5.3 with Figure 7's follower (f): the leader's inspection shows nextIndex stepping back
/// and the follower's reason, in the trace's words.
#[test]
fn the_backtracking_leader_shows_why_next_index_stepped_back() {
    let link = raft_core::share::link(
        &raft_core::scenarios::build("backtracking")
            .unwrap()
            .recording,
        0,
    )
    .unwrap();
    let mut sim = Sim::from_link(&link).unwrap();
    sim.seek(400.0).unwrap();
    let leader = sim.inspect(0.0).unwrap();
    assert_eq!(leader.role, Some(RoleName::Leader));
    let back = leader.append_refused_to_it.expect("S2 refused S1");
    assert_eq!(back.follower, 1);
    assert!(back.next_index_to < back.next_index_from);
    assert!(
        matches!(
            back.why,
            Some(RefusalView::NoEntry { .. } | RefusalView::TermMismatch { .. })
        ),
        "{:?}",
        back.why
    );
    let s2 = sim.inspect(1.0).unwrap();
    assert_eq!(s2.append_refused.unwrap().leader, 0);
    assert!(sim.inspect(9.0).is_err());
    // A default cold cluster: nothing refused yet.
    let cold = Sim::new(parse(&PlaygroundConfig::default()).unwrap(), 1).unwrap();
    assert!(cold.inspect(0.0).unwrap().append_refused.is_none());
}
