//! Unit tests of web/src/view.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;

/// The page's view module: it must read every layout from the generated wasm module and spell
/// none itself (a copy would drift from the enums here without failing anything else).
const VIEW_TS: &str = include_str!("../../www/src/view.ts");

#[test]
fn view_ts_reads_the_layouts_from_the_wasm_module_and_copies_none() {
    assert!(VIEW_TS.contains("from '../pkg/raft_playground_web.js'"));
    for line in VIEW_TS.lines() {
        let code = line.split("//").next().unwrap_or("");
        // A column table or code table written out: `name: 3,` inside an object literal, or a
        // stride constant `X_STRIDE = 15`.
        let table_entry = code.split_once(':').is_some_and(|(k, v)| {
            let k = k.trim();
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && v.trim().trim_end_matches(',').parse::<f64>().is_ok()
        });
        let stride = code.contains("STRIDE =") && code.chars().any(|c| c.is_ascii_digit());
        assert!(
            !table_entry && !stride,
            "view.ts spells a layout number: {line}"
        );
    }
}

#[test]
fn strides_are_the_last_column_of_each_table() {
    assert_eq!(NODE_STRIDE, NodeCol::MachineCount as usize + 1);
    assert_eq!(MSG_STRIDE, MsgCol::PrevIndex as usize + 1);
    assert_eq!(PROGRESS_STRIDE, ProgressCol::MatchIndex as usize + 1);
    assert_eq!(LOG_STRIDE, LogCol::Value as usize + 1);
    assert_eq!(MARK_STRIDE, MarkCol::B as usize + 1);
}

#[test]
fn mark_rows_are_written_by_column() {
    let cases = [
        (MarkCode::Term, MarkKind::Term { term: 2 }),
        (MarkCode::Leader, MarkKind::Leader { node: 1, term: 2 }),
        (MarkCode::Commit, MarkKind::Commit { index: 3 }),
        (
            MarkCode::SplitVote,
            MarkKind::NoLeader {
                term: 4,
                split_vote: true,
            },
        ),
        (
            MarkCode::NoLeader,
            MarkKind::NoLeader {
                term: 4,
                split_vote: false,
            },
        ),
        (MarkCode::Crash, MarkKind::Crash { node: 0 }),
        (MarkCode::Action, MarkKind::Action { index: 7 }),
    ];
    for (code, kind) in cases {
        assert_eq!(mark_row(&kind).0, code);
    }
    let mut out = Vec::new();
    fill_marks(
        &mut out,
        [Mark {
            at: 1_500,
            kind: MarkKind::Leader { node: 2, term: 3 },
        }],
    );
    assert_eq!(out.len(), MARK_STRIDE);
    assert_eq!(out[MarkCol::At as usize], 1.5);
    assert_eq!(out[MarkCol::Kind as usize], MarkCode::Leader as u32 as f64);
    assert_eq!(out[MarkCol::A as usize], 2.0);
    assert_eq!(out[MarkCol::B as usize], 3.0);
}

#[test]
fn codes_follow_the_core_types() {
    for (code, r) in [
        (RoleCode::Follower, Role::Follower),
        (RoleCode::PreCandidate, Role::PreCandidate),
        (RoleCode::Candidate, Role::Candidate),
        (RoleCode::Leader, Role::Leader),
    ] {
        assert_eq!(RoleCode::from(r), code);
    }
    for (code, k) in [
        (MsgKindCode::RequestVote, MessageKind::RequestVote),
        (
            MsgKindCode::RequestVoteResponse,
            MessageKind::RequestVoteResponse,
        ),
        (MsgKindCode::PreVote, MessageKind::PreVote),
        (MsgKindCode::PreVoteResponse, MessageKind::PreVoteResponse),
        (MsgKindCode::AppendEntries, MessageKind::AppendEntries),
        (
            MsgKindCode::AppendEntriesResponse,
            MessageKind::AppendEntriesResponse,
        ),
    ] {
        assert_eq!(msg_kind_code(k), code as u32 as f64);
    }
    for (code, d) in [
        (DropCode::Loss, DropReason::Loss),
        (DropCode::Partition, DropReason::Partition),
        (DropCode::LinkCut, DropReason::LinkCut),
        (DropCode::NodeDown, DropReason::NodeDown),
    ] {
        assert_eq!(DropCode::from(d), code);
    }
    assert_eq!(DropCode::None as u32, 0, "a delivered message reads as 0");
    assert_eq!(TimerCode::from(TimerKind::Heartbeat), TimerCode::Heartbeat);
}
