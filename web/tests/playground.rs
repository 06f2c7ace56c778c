//! The Playground as JavaScript sees it, run under Node by `wasm-pack test --node web`: every
//! method, every error path, and the view layout of www/src/view.ts.
#![cfg(target_arch = "wasm32")]

use js_sys::{Float64Array, Object, Reflect, JSON};
use raft_playground_web::events::KINDS;
use raft_playground_web::view::{
    MsgCol, NodeCol, RoleCode, LOG_STRIDE, MARK_STRIDE, MSG_STRIDE, NODE_STRIDE, PROGRESS_STRIDE,
};
use raft_playground_web::Playground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

// The columns the page reads, by the names the wasm exports.
const ROLE: usize = NodeCol::Role as usize;
const TERM: usize = NodeCol::Term as usize;
const VOTED_FOR: usize = NodeCol::VotedFor as usize;
const UP: usize = NodeCol::Up as usize;
const TIMER_START: usize = NodeCol::TimerStart as usize;
const TIMER_DEADLINE: usize = NodeCol::TimerDeadline as usize;
const COMMIT: usize = NodeCol::CommitIndex as usize;
const LAST: usize = NodeCol::LastIndex as usize;
const LEADER_HINT: usize = NodeCol::LeaderHint as usize;
const GROUP: usize = NodeCol::Group as usize;
const LOG_VERSION: usize = NodeCol::LogVersion as usize;
const M_FROM: usize = MsgCol::From as usize;
const M_TO: usize = MsgCol::To as usize;
const M_KIND: usize = MsgCol::Kind as usize;
const M_SENT: usize = MsgCol::SentAt as usize;
const M_ARRIVE: usize = MsgCol::ArriveAt as usize;
const M_DROP_AT: usize = MsgCol::DropAt as usize;
const M_DROP_REASON: usize = MsgCol::DropReason as usize;
const LEADER_ROLE: f64 = RoleCode::Leader as u32 as f64;

/// Values handed to the page (tsify `Ts<T>`), as JS sees them.
/// A list the binding returned: a JS array, as its elements.
fn js(values: JsValue) -> Vec<JsValue> {
    assert!(js_sys::Array::is_array(&values), "not an array: {values:?}");
    js_sys::Array::from(&values).to_vec()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn message(e: JsValue) -> String {
    let e: js_sys::Error = e.dyn_into().expect("a JS Error");
    e.message().into()
}

fn config_error(config: JsValue) -> String {
    match Playground::new(Some(config)) {
        Ok(_) => panic!("config accepted"),
        Err(e) => message(e),
    }
}

fn playground(seed: u32) -> Playground {
    Playground::new(Some(json(&format!(r#"{{"seed": {seed}}}"#)))).unwrap()
}

fn vec(a: Float64Array) -> Vec<f64> {
    a.to_vec()
}

fn row(p: &mut Playground, id: usize) -> Vec<f64> {
    vec(p.nodes())[id * NODE_STRIDE..(id + 1) * NODE_STRIDE].to_vec()
}

/// Advances until a leader is up; panics after 5 s of virtual time.
fn elect(p: &mut Playground) -> usize {
    while p.now() <= 5_000.0 {
        if p.leader() >= 0.0 {
            return p.leader() as usize;
        }
        p.advance(25.0).unwrap();
    }
    panic!("no leader within 5 s of virtual time");
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn defaults_construct() {
    for config in [
        None,
        Some(JsValue::UNDEFINED),
        Some(JsValue::NULL),
        Some(json("{}")),
    ] {
        let p = Playground::new(config).unwrap();
        assert_eq!(p.node_count(), 5);
        let seed = p.seed();
        assert!(seed >= 0.0 && seed.fract() == 0.0 && seed <= f64::from(u32::MAX));
        assert_eq!(p.now(), 0.0);
        assert_eq!(p.leader(), -1.0);
        assert!(p.violation().is_ok_and(|v| v.is_null()));
    }
    let p = Playground::new(Some(json(
        r#"{"nodes": 3, "seed": 7, "electionTimeoutMinMs": 100, "electionTimeoutMaxMs": 200,
            "heartbeatMs": 20, "latencyMinMs": 5, "latencyMaxMs": 15, "loss": 0,
            "backtracking": "by-conflict-term", "preVote": true, "checkQuorum": true,
            "leaderNoop": true, "maxEntriesPerAppend": 4}"#,
    )))
    .unwrap();
    assert_eq!(p.node_count(), 3);
    assert_eq!(p.seed(), 7.0);
    // Nulls take defaults; the largest seed is 2^53.
    let p = Playground::new(Some(json(r#"{"nodes": null, "seed": 9007199254740992}"#))).unwrap();
    assert_eq!(p.node_count(), 5);
    assert_eq!(p.seed(), 9_007_199_254_740_992.0);
}

#[wasm_bindgen_test]
fn bad_configs_throw_naming_the_problem() {
    let cases: Vec<(JsValue, &str)> = vec![
        (json(r#"{"node": 3}"#), "unknown config field 'node'"),
        (
            json(r#"{"nodes": 0}"#),
            "nodes must be an integer from 1 to 9, got 0",
        ),
        (
            json(r#"{"nodes": 10}"#),
            "nodes must be an integer from 1 to 9, got 10",
        ),
        (
            json(r#"{"nodes": "5"}"#),
            "nodes must be a number, got the string \"5\"",
        ),
        (
            object(&[("electionTimeoutMinMs", JsValue::from_f64(f64::NAN))]),
            "electionTimeoutMinMs must be a finite number, got NaN",
        ),
        (
            object(&[("heartbeatMs", JsValue::from_f64(f64::INFINITY))]),
            "heartbeatMs must be a finite number, got Infinity",
        ),
        (
            json(r#"{"electionTimeoutMinMs": 300, "electionTimeoutMaxMs": 150}"#),
            "electionTimeoutMinMs (300) must not exceed electionTimeoutMaxMs (150)",
        ),
        (
            json(r#"{"latencyMinMs": 50, "latencyMaxMs": 20}"#),
            "latencyMinMs (50) must not exceed latencyMaxMs (20)",
        ),
        (
            json(r#"{"heartbeatMs": 200}"#),
            "heartbeatMs (200) must be shorter than electionTimeoutMinMs (150)",
        ),
        (
            json(r#"{"backtracking": "fast"}"#),
            "backtracking must be 'one-by-one' or 'by-conflict-term', got the string \"fast\"",
        ),
        (
            json(r#"{"seed": -1}"#),
            "seed must be a whole number from 0 to 2^53, got -1",
        ),
        (json(r#"{"seed": 1.5}"#), "seed must be a whole number"),
        (
            json(r#"{"loss": 2}"#),
            "loss must be a probability from 0 to 1, got 2",
        ),
        (
            json(r#"{"preVote": "yes"}"#),
            "preVote must be true or false, got the string \"yes\"",
        ),
        (
            json(r#"{"checkQuorum": [1]}"#),
            "checkQuorum must be true or false, got an array",
        ),
        (
            json(r#"{"latencyMinMs": -3}"#),
            "latencyMinMs must be a positive number",
        ),
        (
            json(r#"{"maxEntriesPerAppend": 0}"#),
            "maxEntriesPerAppend must be an integer from 1 to 1000000, got 0",
        ),
        (
            JsValue::from_f64(5.0),
            "config must be an object like {nodes: 5, seed: 1}, got 5",
        ),
        (JsValue::from_str("nodes=5"), "config must be an object"),
        (
            json("[1, 2]"),
            "config must be an object like {nodes: 5, seed: 1}, got an array",
        ),
    ];
    for (config, expected) in cases {
        let got = config_error(config);
        assert!(got.contains(expected), "expected '{expected}', got '{got}'");
    }
}

#[wasm_bindgen_test]
fn advance_checks_its_argument_and_keeps_working() {
    let mut p = playground(1);
    for bad in [
        f64::NAN,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        3_600_001.0,
    ] {
        let e = message(p.advance(bad).unwrap_err());
        assert!(
            e.starts_with("advance(ms) needs a number of milliseconds"),
            "{e}"
        );
    }
    assert_eq!(p.now(), 0.0);
    p.advance(100.0).unwrap();
    assert_eq!(p.now(), 100.0);
    p.advance(0.5).unwrap();
    assert_eq!(p.now(), 100.5);
    p.advance(3_600_000.0).unwrap();
    assert_eq!(p.now(), 3_600_100.5);
    assert!(p.leader() >= 0.0);
}

#[wasm_bindgen_test]
fn step_and_next_event() {
    let mut p = playground(2);
    let next = p.next_event_at();
    assert!(next > 0.0);
    assert_eq!(p.step().unwrap(), next);
    assert_eq!(p.now(), next);
    for _ in 0..50 {
        let next = p.next_event_at();
        assert!(next >= p.now());
        assert_eq!(p.step().unwrap(), next);
    }
    for id in 0..5 {
        p.crash(f64::from(id)).unwrap();
    }
    assert_eq!(p.next_event_at(), -1.0);
    assert!(message(p.step().unwrap_err()).starts_with("no event pending"));
    p.restart(0.0).unwrap();
    assert!(p.step().unwrap() >= p.now() - 1e-9);
}

#[wasm_bindgen_test]
fn a_leader_emerges_within_five_seconds() {
    let mut p = playground(3);
    let leader = elect(&mut p);
    let r = row(&mut p, leader);
    assert_eq!(r[ROLE], LEADER_ROLE);
    assert_eq!(r[UP], 1.0);
    assert_eq!(r[LEADER_HINT], leader as f64);
    assert_eq!(r[VOTED_FOR], leader as f64);
    // Everyone else follows it, in its term, once a heartbeat went round.
    p.advance(200.0).unwrap();
    for id in 0..5 {
        let r = row(&mut p, id);
        assert_eq!(r[LEADER_HINT], leader as f64, "node {id}");
        assert_eq!(r[TERM], row(&mut p, leader)[TERM]);
        assert!(r[TIMER_DEADLINE] >= r[TIMER_START]);
    }
}

#[wasm_bindgen_test]
fn propose_to_leader_commits_on_all_nodes() {
    let mut p = playground(4);
    let leader = elect(&mut p);
    let versions: Vec<f64> = (0..5).map(|i| row(&mut p, i)[LOG_VERSION]).collect();
    let r = p.propose_to_leader(17.0).unwrap();
    let r: JsValue = r.into();
    assert_eq!(get(&r, "node").as_f64(), Some(leader as f64));
    let index = get(&r, "index").as_f64().unwrap();
    assert_eq!(index, 1.0);
    assert_eq!(p.propose(leader as f64, 18.0).unwrap(), 2.0);
    p.advance(1_000.0).unwrap();
    for (id, old) in versions.iter().enumerate() {
        let r = row(&mut p, id);
        assert_eq!(r[COMMIT], 2.0, "node {id} commit");
        assert_eq!(r[LAST], 2.0);
        assert!(r[LOG_VERSION] != *old, "node {id}'s log changed");
        let log = vec(p.log(id as f64).unwrap());
        assert_eq!(log.len(), 2 * LOG_STRIDE);
        assert_eq!((log[1], log[3]), (17.0, 18.0));
        assert_eq!(log[0], r[TERM]);
    }
}

#[wasm_bindgen_test]
fn proposals_that_cannot_be_taken_throw() {
    let mut p = playground(5);
    let e = message(p.propose_to_leader(1.0).unwrap_err());
    assert!(e.starts_with("no leader"), "{e}");
    let e = message(p.propose(0.0, 1.0).unwrap_err());
    assert_eq!(e, "S1 is not the leader; it knows no leader");
    let leader = elect(&mut p);
    p.advance(200.0).unwrap();
    let follower = (leader + 1) % 5;
    let e = message(p.propose(follower as f64, 1.0).unwrap_err());
    assert_eq!(
        e,
        format!(
            "S{} is not the leader; it knows S{}",
            follower + 1,
            leader + 1
        )
    );
    for (node, value, expected) in [
        (12.0, 1.0, "unknown node id 12"),
        (-1.0, 1.0, "unknown node id -1"),
        (0.5, 1.0, "node id must be a whole number, got 0.5"),
        (f64::NAN, 1.0, "node id must be a whole number, got NaN"),
        (leader as f64, -3.0, "value must be a whole number"),
        (leader as f64, 1.25, "value must be a whole number"),
        (leader as f64, f64::NAN, "value must be a whole number"),
    ] {
        let e = message(p.propose(node, value).unwrap_err());
        assert!(e.starts_with(expected), "expected '{expected}', got '{e}'");
    }
    p.crash(leader as f64).unwrap();
    let e = message(p.propose(leader as f64, 1.0).unwrap_err());
    assert_eq!(e, format!("S{} is down", leader + 1));
    // Still working after all these errors.
    let leader = elect(&mut p);
    assert_eq!(p.propose(leader as f64, 5.0).unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn crash_restart_force_timeout() {
    let mut p = playground(6);
    let leader = elect(&mut p);
    let id = leader as f64;
    let term = row(&mut p, leader)[TERM];
    p.crash(id).unwrap();
    assert_eq!(
        message(p.crash(id).unwrap_err()),
        format!("S{} is down", leader + 1)
    );
    let r = row(&mut p, leader);
    assert_eq!(r[UP], 0.0);
    assert_eq!(r[TERM], term, "a down node shows its persistent term");
    assert_eq!(r[TIMER_START], -1.0);
    assert_eq!(r[LEADER_HINT], -1.0);
    assert!(p.log(id).is_ok(), "a down node's log is readable");
    assert!(message(p.force_timeout(id).unwrap_err()).ends_with("is down"));
    let other = ((leader + 1) % 5) as f64;
    assert!(message(p.restart(other).unwrap_err()).ends_with("is already running"));
    p.restart(id).unwrap();
    assert_eq!(row(&mut p, leader)[UP], 1.0);
    p.force_timeout(other).unwrap();
    let r = row(&mut p, other as usize);
    assert!(
        r[ROLE] == 2.0 && r[TERM] > term,
        "forced into a candidacy: {r:?}"
    );
    for e in [
        p.crash(9.0).unwrap_err(),
        p.restart(5.0).unwrap_err(),
        p.force_timeout(-2.0).unwrap_err(),
    ] {
        assert!(message(e).starts_with("unknown node id"));
    }
}

#[wasm_bindgen_test]
fn network_actions_and_their_errors() {
    let mut p = playground(7);
    let leader = elect(&mut p);
    p.set_partition(json(&format!("[[{leader}]]"))).unwrap();
    let groups: Vec<f64> = (0..5).map(|i| row(&mut p, i)[GROUP]).collect();
    assert_eq!(groups[leader], 0.0);
    assert_eq!(groups.iter().filter(|g| **g == 1.0).count(), 4);
    // Heartbeats across the partition are dropped at the line (dropReason 2).
    let mut dropped = 0;
    for _ in 0..20 {
        p.advance(5.0).unwrap();
        let m = vec(p.messages());
        dropped += m
            .chunks(MSG_STRIDE)
            .filter(|r| r[M_DROP_REASON] == 2.0 && r[M_DROP_AT] >= r[M_SENT])
            .count();
    }
    assert!(dropped > 0);
    // The majority side elects a new leader.
    p.advance(2_000.0).unwrap();
    let new_leader = p.leader() as usize;
    assert_ne!(new_leader, leader);
    for (groups, expected) in [
        (json("[[0], [0]]"), "S1 is named in two groups"),
        (json("[[7]]"), "unknown node id 7"),
        (json("[[0.5]]"), "node id must be a whole number"),
        (json("[0, 1]"), "setPartition expects an array of arrays"),
        (
            json(r#"[["a"]]"#),
            "setPartition expects an array of arrays",
        ),
        (json("{}"), "setPartition expects an array of arrays"),
        (
            JsValue::UNDEFINED,
            "setPartition expects an array of arrays",
        ),
    ] {
        let e = message(p.set_partition(groups).unwrap_err());
        assert!(e.contains(expected), "expected '{expected}', got '{e}'");
    }
    p.heal().unwrap();
    assert!((0..5).all(|i| row(&mut p, i)[GROUP] == 0.0));
    p.cut_link(0.0, 1.0).unwrap();
    p.restore_link(0.0, 1.0).unwrap();
    assert!(message(p.cut_link(0.0, 5.0).unwrap_err()).starts_with("unknown node id 5"));
    assert!(message(p.restore_link(-1.0, 0.0).unwrap_err()).starts_with("unknown node id -1"));
    p.set_loss(0.5).unwrap();
    p.set_loss(0.0).unwrap();
    for bad in [f64::NAN, -0.1, 1.5] {
        assert!(message(p.set_loss(bad).unwrap_err()).starts_with("loss must be a probability"));
    }
    p.set_latency(1.0, 2.0).unwrap();
    p.advance(100.0).unwrap();
    for m in vec(p.messages()).chunks(MSG_STRIDE) {
        assert!(
            m[M_ARRIVE] - m[M_SENT] <= 2.0 + 1e-9,
            "latency applies: {m:?}"
        );
    }
    assert_eq!(
        message(p.set_latency(5.0, 1.0).unwrap_err()),
        "latency min (5) must not exceed latency max (1)"
    );
    assert!(message(p.set_latency(0.0, 1.0).unwrap_err()).starts_with("latency min must be"));
    assert!(message(p.set_latency(1.0, f64::NAN).unwrap_err()).starts_with("latency max must be"));
    // Still running fine.
    p.advance(1_000.0).unwrap();
    assert!(p.leader() >= 0.0);
    assert!(p.violation().is_ok_and(|v| v.is_null()));
}

#[wasm_bindgen_test]
fn views_have_the_strides_and_sane_values() {
    let mut p = playground(8);
    elect(&mut p);
    let _ = p.propose_to_leader(3.0);
    p.crash(0.0).unwrap();
    p.advance(37.0).unwrap();
    let nodes = vec(p.nodes());
    assert_eq!(nodes.len(), 5 * NODE_STRIDE);
    for (id, r) in nodes.chunks(NODE_STRIDE).enumerate() {
        assert_eq!(r[0], id as f64);
        assert!((0.0..=3.0).contains(&r[ROLE]));
        assert!(r[UP] == 0.0 || r[UP] == 1.0);
        assert!(r[COMMIT] <= r[LAST]);
        assert!(r[VOTED_FOR] >= -1.0 && r[VOTED_FOR] < 5.0);
    }
    let messages = vec(p.messages());
    assert_eq!(messages.len() % MSG_STRIDE, 0);
    assert!(!messages.is_empty());
    assert!(
        messages.chunks(MSG_STRIDE).any(|m| m[M_TO] == 0.0) || p.leader() < 0.0,
        "the leader keeps sending to the crashed node"
    );
    for m in messages.chunks(MSG_STRIDE) {
        assert!(m[M_FROM] < 5.0 && m[M_TO] < 5.0 && m[M_FROM] != m[M_TO]);
        assert!((0.0..=5.0).contains(&m[M_KIND]));
        assert!(m[M_ARRIVE] > m[M_SENT]);
        assert!(m[M_DROP_AT] == -1.0 || m[M_DROP_AT] >= m[M_SENT]);
        if m[M_TO] == 0.0 {
            // Flying to the crashed node: lost on arrival.
            assert_eq!((m[M_DROP_AT], m[M_DROP_REASON]), (m[M_ARRIVE], 4.0));
        }
    }
    let progress = vec(p.progress());
    assert_eq!(progress.len(), 5 * PROGRESS_STRIDE);
    let leader = p.leader();
    for (id, pr) in progress.chunks(PROGRESS_STRIDE).enumerate() {
        if id as f64 == leader || leader < 0.0 {
            assert_eq!(pr, [-1.0, -1.0]);
        } else {
            assert!(pr[0] >= 1.0 && pr[1] >= 0.0 && pr[1] < pr[0], "{pr:?}");
        }
    }
    for id in 0..5 {
        assert_eq!(vec(p.log(f64::from(id)).unwrap()).len() % LOG_STRIDE, 0);
    }
    for bad in [5.0, -1.0, 0.5, f64::NAN] {
        assert!(p.log(bad).is_err());
    }
}

#[wasm_bindgen_test]
fn events_come_in_order_with_known_kinds() {
    let mut p = playground(9);
    elect(&mut p);
    let _ = p.propose_to_leader(1.0);
    p.crash(1.0).unwrap();
    p.advance(500.0).unwrap();
    let mut since = 0.0;
    let mut last = -1.0;
    let mut kinds = std::collections::BTreeSet::new();
    let mut pages = 0;
    loop {
        let page = js(p.events(since).unwrap());
        assert!(page.len() <= 200);
        let mut fresh = 0;
        for ev in page {
            let seq = get(&ev, "seq").as_f64().unwrap();
            let at = get(&ev, "at").as_f64().unwrap();
            let kind = get(&ev, "kind").as_string().unwrap();
            assert!(seq >= since);
            assert!(at >= 0.0 && at <= p.now());
            assert!(KINDS.contains(&kind.as_str()), "unknown kind {kind}");
            if seq > last {
                assert!(seq > last);
                last = seq;
                fresh += 1;
            }
            kinds.insert(kind);
        }
        if fresh == 0 {
            break;
        }
        since = last + 1.0;
        pages += 1;
    }
    assert!(pages > 1, "more than one page of events");
    for k in [
        "roleChanged",
        "messageSent",
        "appended",
        "commitAdvanced",
        "action",
        "crashed",
    ] {
        assert!(kinds.contains(k), "{k} missing from {kinds:?}");
    }
    // Field shapes the page reads.
    let page: Vec<JsValue> = js(p.events(0.0).unwrap());
    let role = page
        .iter()
        .find(|e| get(e, "kind").as_string().as_deref() == Some("roleChanged"))
        .unwrap();
    assert!(get(role, "node").as_f64().is_some());
    assert!(get(role, "term").as_f64().is_some());
    assert!(get(role, "role").as_string().is_some());
    for bad in [-1.0, 0.5, f64::NAN] {
        assert!(message(p.events(bad).unwrap_err()).starts_with("sinceSeq must be"));
    }
    assert_eq!(js(p.events(1e12).unwrap()).len(), 0);
}

#[wasm_bindgen_test]
fn same_seed_and_actions_give_the_same_view() {
    let run = |seed: u32| {
        let mut p = playground(seed);
        p.advance(700.0).unwrap();
        let _ = p.propose_to_leader(11.0);
        p.set_partition(json("[[0, 1]]")).unwrap();
        p.advance(900.0).unwrap();
        p.crash(3.0).unwrap();
        p.set_loss(0.2).unwrap();
        p.advance(1_300.0).unwrap();
        p.heal().unwrap();
        p.advance(500.0).unwrap();
        (vec(p.nodes()), vec(p.messages()), vec(p.progress()))
    };
    let a = run(42);
    assert_eq!(a, run(42));
    assert_ne!(a.0, run(43).0);
}

// ----- time travel, share links, scenarios (view.ts TimelineApi) -----

const MARK_LEADER: f64 = 1.0;

/// Everything the page draws at the cursor, logVersion blanked (it counts changes seen, so a
/// run that went back and a fresh one differ there; logs are compared whole).
type Frame = (f64, Vec<f64>, Vec<f64>, Vec<f64>, Vec<Vec<f64>>);

fn frame(p: &mut Playground) -> Frame {
    let mut nodes = vec(p.nodes());
    for r in nodes.chunks_mut(NODE_STRIDE) {
        r[LOG_VERSION] = 0.0;
    }
    let logs = (0..p.node_count())
        .map(|i| vec(p.log(f64::from(i)).unwrap()))
        .collect();
    (p.now(), nodes, vec(p.messages()), vec(p.progress()), logs)
}

/// A run with actions at 700, 1600 and 2900 ms, cut short at `until` (at most 3400).
fn script(seed: u32, until: f64) -> Playground {
    let mut p = playground(seed);
    let go = |p: &mut Playground, at: f64| -> bool {
        if at > until {
            return false;
        }
        p.advance(at - p.now()).unwrap();
        true
    };
    if go(&mut p, 700.0) {
        let _ = p.propose_to_leader(11.0);
        if go(&mut p, 1_600.0) {
            p.set_partition(json("[[0, 1]]")).unwrap();
            if go(&mut p, 2_900.0) {
                p.heal().unwrap();
            }
        }
    }
    p.advance(until.min(3_400.0) - p.now()).unwrap();
    p
}

fn actions(p: &Playground) -> Vec<(f64, String)> {
    js(p.actions().unwrap())
        .iter()
        .map(|a| {
            (
                get(a, "atMs").as_f64().unwrap(),
                get(a, "text").as_string().unwrap(),
            )
        })
        .collect()
}

fn link_error(text: &str) -> String {
    match Playground::from_link(JsValue::from_str(text)) {
        Ok(_) => panic!("link accepted: {text:.40}"),
        Err(e) => message(e),
    }
}

#[wasm_bindgen_test]
fn seek_back_and_forth_matches_a_fresh_run() {
    let mut p = script(30, 3_400.0);
    assert_eq!(p.horizon(), 3_400.0);
    assert!(!p.in_past());
    let end = frame(&mut p);
    for t in [1_200.0, 0.0, 2_900.0, 650.25] {
        p.seek(t).unwrap();
        assert!(p.in_past());
        assert_eq!(frame(&mut p), frame(&mut script(30, t)), "at {t}");
    }
    p.seek(3_400.0).unwrap();
    assert_eq!(frame(&mut p), end);
    assert!(!p.in_past());
    assert_eq!(p.horizon(), 3_400.0);
    assert_eq!(p.forks(), 0.0);
    // After going back every logVersion changed, so the page refetches the logs.
    let versions: Vec<f64> = (0..5).map(|i| row(&mut p, i)[LOG_VERSION]).collect();
    p.seek(100.0).unwrap();
    for (i, v) in versions.iter().enumerate() {
        assert_ne!(row(&mut p, i)[LOG_VERSION], *v);
    }
    // Events page through the restored trace.
    let page = js(p.events(0.0).unwrap());
    assert!(!page.is_empty());
    for ev in page {
        assert!(get(&ev, "at").as_f64().unwrap() <= 100.0);
    }
}

#[wasm_bindgen_test]
fn seek_checks_its_argument() {
    let mut p = script(31, 500.0);
    for bad in [f64::NAN, -1.0, f64::INFINITY, f64::NEG_INFINITY] {
        let e = message(p.seek(bad).unwrap_err());
        assert!(
            e.starts_with("seek(ms) needs a number of milliseconds from 0"),
            "{e}"
        );
    }
    let e = message(p.seek(3_600_500.5).unwrap_err());
    assert_eq!(
        e,
        "seek(ms) goes at most one hour (3600000 ms) past the simulated horizon, so at most \
         3600500 here, got 3600500.5"
    );
    assert_eq!(p.now(), 500.0);
    p.seek(800.0).unwrap();
    assert_eq!((p.now(), p.horizon()), (800.0, 800.0));
}

#[wasm_bindgen_test]
fn step_back_then_step_returns_to_the_same_arrays() {
    let mut p = script(32, 1_000.0);
    let t = p.step().unwrap();
    let after = frame(&mut p);
    assert!(p.step_back());
    assert!(p.in_past());
    assert!(p.now() <= t);
    assert_eq!(p.step().unwrap(), t);
    assert_eq!(frame(&mut p), after);
    let mut p = playground(32);
    assert!(!p.step_back(), "nothing before the start");
    p.step().unwrap();
    assert!(p.step_back());
    assert_eq!(p.now(), 0.0);
    assert!(!p.step_back());
}

#[wasm_bindgen_test]
fn acting_in_the_past_forks() {
    let mut p = script(33, 3_400.0);
    let full = actions(&p);
    assert_eq!(full.len(), 3);
    assert_eq!(full[1], (1_600.0, String::from("partition {S1 S2}")));
    let version = p.marks_version();
    p.seek(2_000.0).unwrap();
    assert_eq!(p.marks_version(), version);
    assert!(p.in_past());
    p.crash(4.0).unwrap();
    assert_eq!(p.forks(), 1.0);
    assert!(!p.in_past());
    assert_eq!(p.horizon(), 2_000.0);
    let now = actions(&p);
    assert_eq!(now.len(), 3);
    assert_eq!(now[..2], full[..2]);
    assert_eq!(now[2], (2_000.0, String::from("crash S5")));
    assert_ne!(p.marks_version(), version);
    let marks = vec(p.marks());
    assert!(marks.chunks(MARK_STRIDE).all(|m| m[0] <= 2_000.0));
    // An action refused in the past forks nothing.
    p.seek(1_000.0).unwrap();
    assert!(message(p.restart(0.0).unwrap_err()).ends_with("is already running"));
    assert_eq!(p.forks(), 1.0);
    assert_eq!(actions(&p).len(), 3);
    assert!(p.in_past());
}

#[wasm_bindgen_test]
fn run_until_lands_on_a_leader_and_marks_show_it() {
    let mut p = playground(34);
    let v0 = p.marks_version();
    assert!(p.run_until(JsValue::from_str("leader"), 5_000.0).unwrap());
    let leader = p.leader();
    assert!(leader >= 0.0);
    let at = p.now();
    assert_ne!(p.marks_version(), v0);
    let marks = vec(p.marks());
    assert_eq!(marks.len() % MARK_STRIDE, 0);
    assert!(
        marks
            .chunks(MARK_STRIDE)
            .any(|m| m[0] == at && m[1] == MARK_LEADER && m[2] == leader),
        "{marks:?}"
    );
    // Looking ahead answers without moving the cursor or the horizon.
    let horizon = p.horizon();
    assert!(!p.look_ahead(JsValue::from_str("commit"), 200.0).unwrap());
    assert_eq!((p.now(), p.horizon()), (at, horizon));
    assert_eq!(
        message(
            p.look_ahead(JsValue::from_str("commits"), 10.0)
                .unwrap_err()
        ),
        "lookAhead(kind) takes 'leader', 'commit' or 'split', got the string \"commits\""
    );
    assert!(!p.run_until(JsValue::from_str("commit"), 200.0).unwrap());
    p.propose_to_leader(1.0).unwrap();
    assert!(p.run_until(JsValue::from_str("commit"), 1_000.0).unwrap());
    // From the past, straight to the recorded mark.
    p.seek(0.0).unwrap();
    assert!(p.run_until(JsValue::from_str("leader"), 60_000.0).unwrap());
    assert_eq!((p.now(), p.leader()), (at, leader));
    for (kind, limit, expected) in [
        (
            JsValue::from_str("leaders"),
            10.0,
            "runUntil(kind) takes 'leader', 'commit' or 'split', got the string \"leaders\"",
        ),
        (
            JsValue::from_f64(1.0),
            10.0,
            "runUntil(kind) takes 'leader', 'commit' or 'split', got 1",
        ),
        (
            JsValue::UNDEFINED,
            10.0,
            "runUntil(kind) takes 'leader', 'commit' or 'split', got undefined",
        ),
        (
            JsValue::from_str("split"),
            f64::NAN,
            "runUntil limitMs needs a number of milliseconds from 0 to 3600000 (one hour), got NaN",
        ),
        (
            JsValue::from_str("split"),
            3_600_001.0,
            "runUntil limitMs needs a number of milliseconds from 0 to 3600000 (one hour), got 3600001",
        ),
    ] {
        assert_eq!(message(p.run_until(kind, limit).unwrap_err()), expected);
    }
    assert_eq!(p.now(), at);
}

#[wasm_bindgen_test]
fn link_and_from_link_reproduce_the_run() {
    let mut p = script(35, 3_400.0);
    let link = p.link().unwrap();
    assert!(link.starts_with("r2."));
    let mut q = Playground::from_link(JsValue::from_str(&link)).unwrap();
    assert_eq!(q.now(), p.now());
    assert_eq!(frame(&mut q), frame(&mut p));
    assert_eq!(actions(&q), actions(&p));
    // A link from the past: same moment, same future tape.
    p.seek(1_700.0).unwrap();
    let mut q =
        Playground::from_link(JsValue::from_str(&format!("#{}", p.link().unwrap()))).unwrap();
    assert_eq!(frame(&mut q), frame(&mut p));
    assert!(q.in_past());
    // Opening checked the whole tape, so the run is known up to its last action.
    assert!(q.horizon() >= 1_700.0 && q.horizon() <= 3_400.0);
    q.seek(3_400.0).unwrap();
    p.seek(3_400.0).unwrap();
    assert_eq!(frame(&mut q), frame(&mut p));
}

#[wasm_bindgen_test]
fn bad_links_throw_and_leave_everything_working() {
    let link = script(36, 1_000.0).link().unwrap();
    let payload = &link[3..];
    let mut cut = payload.len() / 2;
    if cut % 4 == 1 {
        cut += 1;
    }
    let truncated = format!("r2.{}", &payload[..cut]);
    let huge = "r2.".to_string() + &"A".repeat(100 * 1024);
    for (text, expected) in [
        ("", "the link is empty"),
        ("garbage", "this is not a Raft Playground link (no version tag)"),
        (
            "r9.AAAA",
            "this link was made by a newer version of the playground (format r9); this one reads r2",
        ),
        (truncated.as_str(), "the link is damaged or truncated"),
        (
            huge.as_str(),
            "the link is too long (102403 characters; at most 65536)",
        ),
        ("r2.@@@", "the link is damaged (not valid base64url)"),
    ] {
        assert_eq!(link_error(text), expected);
    }
    // Nothing trapped: new Playgrounds work.
    let mut p = Playground::from_link(JsValue::from_str(&link)).unwrap();
    assert_eq!(p.now(), 1_000.0);
    p.advance(100.0).unwrap();
    let mut p = playground(36);
    elect(&mut p);
}

#[wasm_bindgen_test]
fn options_reflect_the_config() {
    let p = Playground::new(Some(json(
        r#"{"nodes": 3, "seed": 7, "electionTimeoutMinMs": 100, "electionTimeoutMaxMs": 200.5,
            "heartbeatMs": 20, "latencyMinMs": 5, "latencyMaxMs": 15, "loss": 0.125,
            "backtracking": "by-conflict-term", "preVote": true, "checkQuorum": true,
            "leaderNoop": true, "noElectionRestriction": true}"#,
    )))
    .unwrap();
    let o: JsValue = p.options().unwrap().into();
    assert_eq!(
        JSON::stringify(&o).unwrap().as_string().unwrap(),
        r#"{"nodes":3,"seed":7,"electionTimeoutMinMs":100,"electionTimeoutMaxMs":200.5,"heartbeatMs":20,"latencyMinMs":5,"latencyMaxMs":15,"loss":0.125,"backtracking":"by-conflict-term","preVote":true,"checkQuorum":true,"leaderNoop":true,"maxEntriesPerAppend":64,"noElectionRestriction":true,"commitPreviousTerms":false,"forgetVoteOnRestart":false,"snapshotPastCommit":false,"snapshotEvery":0,"snapshotThreshold":0,"trustTransferTarget":false,"changeBeforeOwnTermCommit":false}"#
    );
    // Round trip: the options build the same run.
    let mut q = Playground::new(Some(o)).unwrap();
    let mut p = p;
    p.advance(1_000.0).unwrap();
    q.advance(1_000.0).unwrap();
    assert_eq!(frame(&mut p), frame(&mut q));
    let d: JsValue = playground(8).options().unwrap().into();
    assert_eq!(
        get(&d, "backtracking").as_string().as_deref(),
        Some("one-by-one")
    );
    assert_eq!(get(&d, "preVote").as_bool(), Some(false));
    assert_eq!(get(&d, "nodes").as_f64(), Some(5.0));
}

/// The inspector's object: Figure 2's fields by their camelCase names, a leader's progress per
/// peer, absent fields left out (not null), and an Error for an unknown server.
#[wasm_bindgen_test]
fn inspect_describes_one_server_and_refuses_an_unknown_one() {
    let mut p = Playground::new(Some(json(r#"{"nodes": 3, "seed": 5}"#))).unwrap();
    assert!(p.run_until(JsValue::from_str("leader"), 5000.0).unwrap());
    let leader = p.leader();
    let seen: JsValue = p.inspect(leader).unwrap().into();
    assert_eq!(get(&seen, "role").as_string().as_deref(), Some("leader"));
    assert_eq!(get(&seen, "up").as_bool(), Some(true));
    assert!(get(&seen, "currentTerm").as_f64().unwrap() >= 1.0);
    assert_eq!(js(get(&seen, "progress")).len(), 2);
    let timer = get(&seen, "timer");
    assert_eq!(
        get(&timer, "kind").as_string().as_deref(),
        Some("heartbeat")
    );
    assert!(get(&timer, "deadlineMs").as_f64().unwrap() >= p.now());
    assert!(!Reflect::has(&seen, &JsValue::from_str("appendRefused")).unwrap());
    let follower = (leader + 1.0) % 3.0;
    p.crash(follower).unwrap();
    let down: JsValue = p.inspect(follower).unwrap().into();
    assert_eq!(get(&down, "up").as_bool(), Some(false));
    assert!(get(&down, "role").is_undefined());
    assert_eq!(
        message(p.inspect(3.0).unwrap_err()),
        "unknown node id 3 (this cluster has ids 0 to 2)"
    );
}

/// "Try it yourself": forkHere drops the taped future in the past, and is a no-op at the horizon.
#[wasm_bindgen_test]
fn fork_here_forks_only_in_the_past() {
    let mut p = Playground::new(Some(json(r#"{"seed": 3}"#))).unwrap();
    p.advance(400.0).unwrap();
    assert!(!p.fork_here());
    p.seek(100.0).unwrap();
    assert!(p.in_past());
    assert!(p.fork_here());
    assert_eq!(p.forks(), 1.0);
    assert_eq!(p.horizon(), 100.0);
}

/// Safety through the seam: a "break Raft" scenario's link opens with its switch on (in
/// `options()`); `violation()` is an object the page phrases (property, breach, cause, switch,
/// servers); `withSwitches` replays the run safe, at the same moment.
#[wasm_bindgen_test]
fn a_violation_is_data_and_switches_replay_the_run() {
    let catalogue = json(include_str!("../../www/src/scenarios.json"));
    let entry = js_sys::Array::from(&catalogue)
        .to_vec()
        .into_iter()
        .find(|e| get(e, "id").as_string().as_deref() == Some("break-forgotten-vote"))
        .expect("the scenario is in the catalogue");
    let mut p = Playground::from_link(get(&entry, "link")).unwrap();
    let options: JsValue = p.options().unwrap().into();
    assert_eq!(get(&options, "forgetVoteOnRestart"), JsValue::TRUE);
    assert_eq!(p.violation_at(), -1.0);
    p.seek(1_000.0).unwrap();
    let v = p.violation().unwrap();
    assert_eq!(get(&v, "property").as_string().unwrap(), "electionSafety");
    assert_eq!(
        get(&v, "switch").as_string().unwrap(),
        "forgetVoteOnRestart"
    );
    assert_eq!(
        get(&get(&v, "breach"), "kind").as_string().unwrap(),
        "twoLeaders"
    );
    assert_eq!(get(&get(&v, "cause"), "voter").as_f64(), Some(2.0));
    assert_eq!(get(&v, "atMs").as_f64(), Some(p.violation_at()));
    let safe = p
        .with_switches(false, false, false, false, false, false)
        .unwrap();
    assert_eq!(safe.now(), 1_000.0);
    assert!(safe.violation().is_ok_and(|v| v.is_null()));
    let again = safe
        .with_switches(false, false, true, false, false, false)
        .unwrap();
    assert_eq!(
        get(&again.violation().unwrap(), "atMs").as_f64(),
        Some(p.violation_at())
    );
}

/// Every Error the class throws carries what the page phrases: a `code` and its `values`
/// (web/src/failure.rs), beside the English message a developer reads.
#[wasm_bindgen_test]
fn errors_carry_a_code_and_values() {
    let field = |e: &JsValue, key: &str| Reflect::get(e, &JsValue::from_str(key)).unwrap();
    let e = Playground::new(Some(json(r#"{"heartbeatMs": "5"}"#)))
        .err()
        .expect("refused");
    assert_eq!(field(&e, "code"), "notANumber");
    let values = field(&e, "values");
    assert_eq!(field(&values, "field"), "heartbeatMs");
    assert_eq!(field(&field(&values, "got"), "type"), "string");
    assert_eq!(field(&field(&values, "got"), "value"), "5");
    assert!(message(e).starts_with("heartbeatMs must be a number"));

    let e = Playground::from_link(JsValue::from_str("#"))
        .err()
        .expect("refused");
    assert_eq!(field(&e, "code"), "linkEmpty");
    assert!(
        field(&e, "values").is_object(),
        "values even when there are none"
    );

    let mut p = playground(1);
    let e = p.crash(7.0).unwrap_err();
    assert_eq!(field(&e, "code"), "nodeIdOutOfRange");
    assert_eq!(field(&field(&e, "values"), "nodes"), 5);
}
