//! The space-time diagram's methods as JavaScript sees them, under Node (`wasm-pack test --node
//! web`): the tables' layout by the names the wasm exports, and `messageDetail` in the shape
//! www/src/ui/message-card.ts reads (a tagged `fields`, undefined for what a message lacks).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use raft_playground_web::diagram::{DiagramCol, FateCode, LaneCode, LaneCol};
use raft_playground_web::view::MsgKindCode;
use raft_playground_web::Playground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const STRIDE: usize = DiagramCol::Stride as usize;

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap()
}

fn message(e: JsValue) -> String {
    let e: js_sys::Error = e.dyn_into().expect("a JS Error");
    e.message().into()
}

/// Five servers with a leader that replicated two entries.
fn run() -> Playground {
    let mut p = Playground::new(Some(JSON::parse(r#"{"seed": 4}"#).unwrap())).unwrap();
    while p.leader() < 0.0 {
        p.advance(25.0).unwrap();
    }
    p.propose_to_leader(17.0).unwrap();
    p.propose_to_leader(18.0).unwrap();
    p.advance(500.0).unwrap();
    p
}

#[wasm_bindgen_test]
fn an_append_with_entries_reads_as_figure_2_says() {
    let p = run();
    let table = p.diagram(0.0, p.now()).unwrap().to_vec();
    assert_eq!(table.len() % STRIDE, 0);
    let append = table
        .chunks_exact(STRIDE)
        .find(|r| {
            r[DiagramCol::Kind as usize] == MsgKindCode::AppendEntries as u32 as f64
                && r[DiagramCol::EntryCount as usize] > 0.0
                && r[DiagramCol::Fate as usize] == FateCode::Delivered as u32 as f64
        })
        .expect("an append carried the entries");
    let d: JsValue = p
        .message_detail(append[DiagramCol::Id as usize])
        .unwrap()
        .into();
    assert_eq!(
        get(&d, "msgKind").as_string().as_deref(),
        Some("appendEntries")
    );
    assert_eq!(get(&d, "fate").as_string().as_deref(), Some("delivered"));
    assert!(get(&d, "dropReason").is_undefined());
    let fields = get(&d, "fields");
    assert_eq!(get(&fields, "kind").as_string().as_deref(), Some("append"));
    let entries = Array::from(&get(&fields, "entries"));
    assert_eq!(
        entries.length() as f64,
        append[DiagramCol::EntryCount as usize]
    );
    // Entry terms are the leader's (§5.3): the append's term.
    let term = get(&d, "term").as_f64().unwrap();
    for e in entries.iter() {
        assert_eq!(get(&e, "term").as_f64(), Some(term));
    }
    let delivered = get(&d, "delivered");
    assert_eq!(get(&delivered, "replyOk").as_bool(), Some(true));
    assert!(get(&delivered, "refusal").is_undefined());
    assert!(get(&delivered, "replyId").as_f64().is_some());
}

#[wasm_bindgen_test]
fn lanes_name_the_leader_and_bad_arguments_throw() {
    let p = run();
    let lanes = p.lanes(0.0, p.now()).unwrap().to_vec();
    let stride = LaneCol::Stride as usize;
    assert!(lanes.chunks_exact(stride).any(|r| r[LaneCol::Code as usize]
        == LaneCode::Leader as u32 as f64
        && r[LaneCol::Node as usize] == p.leader()));
    assert_eq!(p.history_from(), 0.0);
    assert!(message(p.diagram(10.0, 5.0).unwrap_err()).contains("from ≤ to"));
    assert!(message(p.message_detail(0.5).unwrap_err()).contains("takes a message id"));
    assert!(message(p.message_detail(1e12).unwrap_err()).contains("not in the run's history"));
}
