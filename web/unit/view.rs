//! Unit tests of web/src/view.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;

/// The page's contract, read from the file itself so a change on either side fails here.
const VIEW_TS: &str = include_str!("../../www/src/view.ts");

fn ts_const(name: &str) -> usize {
    let needle = format!("export const {name} = ");
    let start = VIEW_TS.find(&needle).expect("constant in view.ts") + needle.len();
    let rest = &VIEW_TS[start..];
    let end = rest.find(';').expect("semicolon");
    rest[..end].trim().parse().expect("a number")
}

/// The `name: n` pairs of an `export const Obj = { ... } as const;` table.
fn ts_table(obj: &str) -> Vec<(String, usize)> {
    let needle = format!("export const {obj} = {{");
    let start = VIEW_TS.find(&needle).expect("table in view.ts") + needle.len();
    let body = &VIEW_TS[start..start + VIEW_TS[start..].find('}').expect("closing brace")];
    body.lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
        .flat_map(|l| l.split(','))
        .filter_map(|pair| {
            let (k, v) = pair.split_once(':')?;
            Some((k.trim().to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn strides_match_view_ts() {
    assert_eq!(ts_const("NODE_STRIDE"), NODE_STRIDE);
    assert_eq!(ts_const("MSG_STRIDE"), MSG_STRIDE);
    assert_eq!(ts_const("PROGRESS_STRIDE"), PROGRESS_STRIDE);
    assert_eq!(ts_const("LOG_STRIDE"), LOG_STRIDE);
    assert_eq!(ts_const("MARK_STRIDE"), MARK_STRIDE);
}

#[test]
fn mark_codes_match_view_ts() {
    let table = ts_table("MarkKindCode");
    let cases = [
        ("Term", MarkKind::Term { term: 2 }),
        ("Leader", MarkKind::Leader { node: 1, term: 2 }),
        ("Commit", MarkKind::Commit { index: 3 }),
        ("SplitVote", MarkKind::SplitVote { term: 4 }),
        ("Crash", MarkKind::Crash { node: 0 }),
        ("Action", MarkKind::Action { index: 7 }),
    ];
    // Every code in view.ts is written here, and each one as view.ts numbers it.
    assert_eq!(table.len(), cases.len(), "{table:?}");
    for (name, kind) in cases {
        let code = mark_row(&kind)[0] as usize;
        assert!(
            table.contains(&(name.to_string(), code)),
            "{name}: {table:?}"
        );
    }
    // One row: [at, kind, a, b].
    let mut out = Vec::new();
    fill_marks(
        &mut out,
        &[Mark {
            at: 1_500,
            kind: MarkKind::Leader { node: 2, term: 3 },
        }],
    );
    assert_eq!(out, [1.5, 1.0, 2.0, 3.0]);
    assert_eq!(out.len(), MARK_STRIDE);
}

#[test]
fn column_tables_fill_their_strides_exactly() {
    for (table, stride) in [
        ("NodeCol", NODE_STRIDE),
        ("MsgCol", MSG_STRIDE),
        ("ProgressCol", PROGRESS_STRIDE),
    ] {
        let cols = ts_table(table);
        let mut idx: Vec<usize> = cols.iter().map(|(_, i)| *i).collect();
        idx.sort_unstable();
        assert_eq!(idx, (0..stride).collect::<Vec<_>>(), "{table}: {cols:?}");
    }
}

#[test]
fn column_order_is_the_one_written_here() {
    let names = |t: &str| -> Vec<String> {
        let mut c = ts_table(t);
        c.sort_by_key(|(_, i)| *i);
        c.into_iter().map(|(n, _)| n).collect()
    };
    assert_eq!(
        names("NodeCol"),
        [
            "id",
            "role",
            "term",
            "votedFor",
            "up",
            "timerStart",
            "timerDeadline",
            "timerKind",
            "commitIndex",
            "lastIndex",
            "leaderHint",
            "votesGranted",
            "votesRefused",
            "group",
            "logVersion"
        ]
    );
    assert_eq!(
        names("MsgCol"),
        [
            "id",
            "from",
            "to",
            "kind",
            "term",
            "sentAt",
            "arriveAt",
            "dropAt",
            "dropReason",
            "entryCount",
            "ok",
            "prevIndex"
        ]
    );
    assert_eq!(names("ProgressCol"), ["nextIndex", "matchIndex"]);
}

#[test]
fn codes_match_view_ts() {
    let role = ts_table("Role");
    for (name, r) in [
        ("Follower", Role::Follower),
        ("PreCandidate", Role::PreCandidate),
        ("Candidate", Role::Candidate),
        ("Leader", Role::Leader),
    ] {
        assert!(
            role.contains(&(name.to_string(), role_code(r) as usize)),
            "{name}"
        );
    }
    let kinds = ts_table("MsgKind");
    for (name, k) in [
        ("RequestVote", MessageKind::RequestVote),
        ("RequestVoteResponse", MessageKind::RequestVoteResponse),
        ("PreVote", MessageKind::PreVote),
        ("PreVoteResponse", MessageKind::PreVoteResponse),
        ("AppendEntries", MessageKind::AppendEntries),
        ("AppendEntriesResponse", MessageKind::AppendEntriesResponse),
    ] {
        assert!(
            kinds.contains(&(name.to_string(), msg_kind_code(k) as usize)),
            "{name}"
        );
    }
    let drops = ts_table("DropReason");
    assert!(drops.contains(&("None".to_string(), 0)));
    for (name, d) in [
        ("Loss", DropReason::Loss),
        ("Partition", DropReason::Partition),
        ("LinkCut", DropReason::LinkCut),
        ("NodeDown", DropReason::NodeDown),
    ] {
        assert!(
            drops.contains(&(name.to_string(), drop_code(d) as usize)),
            "{name}"
        );
    }
}
