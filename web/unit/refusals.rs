//! Unit tests of web/src/refusals.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;

/// §5.4.1: "up-to-date" compares last terms first, then lengths; the two cases are two codes.
#[test]
fn log_behind_splits_by_what_was_compared() {
    let behind = |candidate_last_term, candidate_last_index| VoteRefusal::LogBehind {
        candidate_last_term,
        candidate_last_index,
        own_last_term: 3,
        own_last_index: 7,
    };
    assert_eq!(
        RefusalView::vote(behind(2, 9), 4),
        RefusalView::LogBehindTerm {
            candidate_last_term: 2,
            own_last_term: 3
        }
    );
    assert_eq!(
        RefusalView::vote(behind(3, 5), 4),
        RefusalView::LogBehindIndex {
            candidate_last_index: 5,
            own_last_index: 7,
            term: 3
        }
    );
}

/// §5.2: the "already voted" code carries the term of the request it refused.
#[test]
fn already_voted_names_the_term() {
    let v = RefusalView::vote(VoteRefusal::AlreadyVoted { voted_for: 4 }, 2);
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(json, r#"{"code":"alreadyVoted","votedFor":4,"term":2}"#);
}
