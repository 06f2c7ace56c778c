//! Unit tests of web/src/failure.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;
use raft_core::sim::Action;

/// Every link refusal keeps raft-core's English for developers and carries a code the page
/// phrases; the values are the ones the page's sentence needs.
#[test]
fn link_errors_cross_as_codes_with_their_english() {
    let f = Failure::from(LinkError::TooLong {
        length: 9_000,
        max: 8_000,
    });
    assert_eq!(
        f.view,
        FailureView::LinkTooLong {
            length: 9_000,
            max: 8_000
        }
    );
    assert_eq!(
        f.message,
        "the link is too long (9000 characters; at most 8000)"
    );
    let invalid = Failure::from(LinkError::ActionInvalid {
        number: 3,
        action: Action::Crash { node: 7 },
    });
    assert_eq!(invalid.view, FailureView::LinkActionInvalid { number: 3 });
    assert_eq!(invalid.message, "action 3 (crash S8) is invalid");
}

/// A replay that stops at an action numbers it from 1, as people count, and nests why.
#[test]
fn a_replay_refusal_names_the_action_and_why() {
    let f = replay(ReplayError::Action {
        index: 0,
        error: ActionError::NodeUp(1),
    });
    assert_eq!(
        f.view,
        FailureView::ReplayAction {
            number: 1,
            why: Box::new(FailureView::NodeUp { node: 1 })
        }
    );
    assert_eq!(
        f.message,
        "the run cannot be replayed: action 0: S2 is already running"
    );
}

/// The JSON the page reads: `code` and `values`, camelCase, a JS value named by its type.
#[test]
fn the_page_reads_code_and_values() {
    let json = |v: &FailureView| serde_json::to_value(v).unwrap();
    assert_eq!(
        json(&FailureView::NotANumber {
            field: String::from("heartbeatMs"),
            got: Given::String(String::from("5")),
        }),
        serde_json::json!({
            "code": "notANumber",
            "values": { "field": "heartbeatMs", "got": { "type": "string", "value": "5" } }
        })
    );
    assert_eq!(
        json(&FailureView::DurationOutOfRange {
            field: String::from("heartbeatMs"),
            min_ms: 0.001,
            max_ms: 60_000.0,
            got: 0.0,
        }),
        serde_json::json!({
            "code": "durationOutOfRange",
            "values": { "field": "heartbeatMs", "minMs": 0.001, "maxMs": 60000.0, "got": 0.0 }
        })
    );
    assert_eq!(
        json(&FailureView::LinkEmpty),
        serde_json::json!({ "code": "linkEmpty" })
    );
    assert_eq!(
        json(&FailureView::ConfigNotObject { got: Given::Array }),
        serde_json::json!({ "code": "configNotObject", "values": { "got": { "type": "array" } } })
    );
}
