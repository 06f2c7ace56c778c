//! Unit tests of web/src/diagram.rs: the diagram's tables agree with the wire the ring draws,
//! each server's lane opens with its state, and a message's detail has its Figure 2 fields.

use super::*;
use crate::config::{parse, PlaygroundConfig};
use crate::sim::Sim;

fn sim(seed: u64) -> Sim {
    Sim::new(parse(&PlaygroundConfig::default()).unwrap(), seed).unwrap()
}

fn rows(table: &[f64], stride: usize) -> Vec<&[f64]> {
    table.chunks_exact(stride).collect()
}

#[test]
fn the_diagram_lists_what_the_ring_shows_on_the_wire() {
    let mut s = sim(3);
    s.advance(1_234.5).unwrap();
    let now = s.now();
    let mut table = Vec::new();
    fill_spans(&mut table, s.timeline().history(), now - 1_000.0, now).unwrap();
    let col = |r: &[f64], c: DiagramCol| r[c as usize];
    let flying: Vec<f64> = rows(&table, DIAGRAM_STRIDE)
        .into_iter()
        .filter(|r| {
            col(r, DiagramCol::SentAt) <= now
                && (col(r, DiagramCol::Fate) == FateCode::InFlight as u32 as f64
                    || col(r, DiagramCol::EndAt) > now)
        })
        .map(|r| col(r, DiagramCol::Id))
        .collect();
    let stride = crate::view::MSG_STRIDE;
    let wire: Vec<f64> = s.messages().chunks_exact(stride).map(|r| r[0]).collect();
    assert!(!wire.is_empty());
    assert_eq!(flying, wire);
}

#[test]
fn every_lane_opens_with_its_servers_role() {
    let mut s = sim(1);
    s.advance(2_000.0).unwrap();
    let mut table = Vec::new();
    fill_lanes(&mut table, s.timeline().history(), 1_500.0, 2_000.0).unwrap();
    let opening: Vec<f64> = rows(&table, LANE_STRIDE)
        .into_iter()
        .filter(|r| r[LaneCol::At as usize] <= 1_500.0)
        .map(|r| r[LaneCol::Node as usize])
        .collect();
    let mut nodes = opening.clone();
    nodes.sort_by(f64::total_cmp);
    nodes.dedup();
    assert_eq!(nodes, vec![0.0, 1.0, 2.0, 3.0, 4.0], "{opening:?}");
    // A leader's lane says so (§5.2).
    assert!(rows(&table, LANE_STRIDE)
        .iter()
        .any(|r| r[LaneCol::Code as usize] == LaneCode::Leader as u32 as f64));
}

#[test]
fn a_heartbeats_detail_has_its_fields_and_its_reply() {
    let mut s = sim(2);
    s.advance(2_000.0).unwrap();
    let mut table = Vec::new();
    fill_spans(&mut table, s.timeline().history(), 1_000.0, 2_000.0).unwrap();
    let heartbeat = rows(&table, DIAGRAM_STRIDE)
        .into_iter()
        .find(|r| {
            r[DiagramCol::Kind as usize]
                == msg_kind_code(raft_core::trace::MessageKind::AppendEntries)
                && r[DiagramCol::Fate as usize] == FateCode::Delivered as u32 as f64
        })
        .expect("a delivered heartbeat");
    let d = detail(s.timeline(), heartbeat[DiagramCol::Id as usize]).unwrap();
    assert!(
        matches!(d.fields, MessageFields::Append { .. }),
        "{:?}",
        d.fields
    );
    assert_eq!(d.fate, "delivered");
    let delivered = d.delivered.expect("delivered");
    assert_eq!(delivered.reply_ok, Some(true));
    assert!(delivered.why.is_none());
}

#[test]
fn bad_windows_and_ids_are_refused_with_a_reason() {
    let s = sim(1);
    let mut out = Vec::new();
    assert!(fill_spans(&mut out, s.timeline().history(), 10.0, 5.0).is_err());
    assert!(fill_lanes(&mut out, s.timeline().history(), f64::NAN, 5.0).is_err());
    assert!(detail(s.timeline(), 1.5).is_err());
    assert!(detail(s.timeline(), -1.0).is_err());
    let e = detail(s.timeline(), 1e9).unwrap_err().message;
    assert!(e.contains("not in the run's history"), "{e}");
}

/// §5.2: a voter that already voted in a term refuses the others. The detail of a refused
/// request carries the refusal as a code the page phrases, and "already voted" names the term
/// of the election the voter refused: the request's own.
#[test]
fn a_refusal_comes_with_its_code() {
    let mut refusals = 0;
    for seed in 0..20 {
        let mut s = sim(seed);
        s.advance(1_500.0).unwrap();
        let mut table = Vec::new();
        fill_spans(&mut table, s.timeline().history(), 0.0, 1_500.0).unwrap();
        for r in rows(&table, DIAGRAM_STRIDE) {
            let d = detail(s.timeline(), r[DiagramCol::Id as usize]).unwrap();
            let Some(why) = d.delivered.as_ref().and_then(|h| h.why) else {
                continue;
            };
            refusals += 1;
            if let RefusalView::AlreadyVoted { term, .. } = why {
                assert_eq!(term, d.term, "{d:?}");
            }
        }
    }
    assert!(refusals > 0, "twenty elections refused no vote");
}
