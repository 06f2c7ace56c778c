use raft_core::sim::{Action, Cluster, SimConfig, Target};
use raft_core::types::SECOND;

#[test]
fn five_nodes_elect_a_leader_and_commit() {
    let mut c = Cluster::new(SimConfig::default(), 7).unwrap();
    assert!(c.run_until(5 * SECOND, |c| c.leader().is_some()));
    let out = c
        .apply(Action::Propose {
            to: Target::Leader,
            value: 42,
        })
        .unwrap();
    println!("{out:?}");
    c.advance_by(SECOND);
    for id in 0..5 {
        assert_eq!(
            c.committed_at(id, 1),
            Some(raft_core::Command::Value(42)),
            "node {id}"
        );
    }
    assert!(c.violation().is_none(), "{:?}", c.violation());
    println!("events {} trace {}", c.stats.events, c.trace().len());
}
