//! Unit tests of web/src/safety.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;
use raft_core::scenarios;

#[test]
fn the_forgotten_vote_scenario_reads_as_two_leaders_and_a_double_vote() {
    let s = scenarios::build("break-forgotten-vote").unwrap();
    let c = s.recording.replay(s.duration).unwrap();
    let v = ViolationView::of(c.violation().unwrap());
    assert_eq!(v.property, PropertyName::ElectionSafety);
    assert_eq!(v.switch, Some(SwitchName::ForgetVoteOnRestart));
    assert_eq!(v.nodes, [3, 0, 2]);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["breach"]["kind"], "twoLeaders");
    assert_eq!(json["cause"]["kind"], "votedTwice");
    assert_eq!(json["switch"], "forgetVoteOnRestart");
    assert_eq!(json["property"], "electionSafety");
}

#[test]
fn a_missing_entry_lists_the_committed_entry_to_highlight() {
    let s = scenarios::build("break-old-term-commit").unwrap();
    let c = s.recording.replay(s.duration).unwrap();
    let v = ViolationView::of(c.violation().unwrap());
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["breach"]["kind"], "leaderMissingEntry");
    assert_eq!(json["breach"]["entryTerm"], 2);
    assert_eq!(json["cause"]["kind"], "countedOldTerm");
    assert_eq!(
        v.entries,
        [
            EntryAtView {
                node: 0,
                index: 2,
                term: 2
            },
            EntryAtView {
                node: 4,
                index: 2,
                term: 3
            }
        ]
    );
}

#[test]
fn property_codes_follow_the_core_order() {
    for (i, p) in Property::ALL.iter().enumerate() {
        assert_eq!(property_code(*p), i as f64);
    }
}
