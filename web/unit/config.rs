//! Unit tests of web/src/config.rs (kept outside src/ so that src/ holds only code that runs
//! in the page).

use super::*;

fn parse_json(text: &str) -> Result<Parsed, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let raw = deserialize(&mut de).map_err(|f| f.message)?;
    parse(&raw).map_err(|f| f.message)
}

fn err(text: &str) -> String {
    match parse_json(text) {
        Ok(p) => panic!("{text} was accepted: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn empty_object_gives_the_core_defaults() {
    let p = parse_json("{}").unwrap();
    assert_eq!(p.sim, SimConfig::default());
    assert_eq!(p.seed, None);
    assert_eq!(p.sim.nodes, 5);
}

#[test]
fn every_field_is_read_and_converted_to_microseconds() {
    let p = parse_json(
        r#"{"nodes": 3, "seed": 42, "electionTimeoutMinMs": 200, "electionTimeoutMaxMs": 400.5,
            "heartbeatMs": 20, "latencyMinMs": 1, "latencyMaxMs": 2, "loss": 0.25,
            "backtracking": "by-conflict-term", "preVote": true, "checkQuorum": true,
            "leaderNoop": true, "maxEntriesPerAppend": 8}"#,
    )
    .unwrap();
    assert_eq!(p.seed, Some(42));
    let s = &p.sim;
    assert_eq!(s.nodes, 3);
    assert_eq!(s.node.election_timeout_min, 200_000);
    assert_eq!(s.node.election_timeout_max, 400_500);
    assert_eq!(s.node.heartbeat_interval, 20_000);
    assert_eq!(s.network.latency_min, 1_000);
    assert_eq!(s.network.latency_max, 2_000);
    assert_eq!(s.network.loss, 0.25);
    assert_eq!(s.node.backtracking, raft_core::Backtracking::ByConflictTerm);
    assert!(s.node.pre_vote && s.node.check_quorum && s.node.leader_noop);
    assert_eq!(s.node.max_entries_per_append, 8);
}

#[test]
fn null_fields_take_defaults() {
    let p = parse_json(r#"{"nodes": null, "seed": null, "loss": null}"#).unwrap();
    assert_eq!(p.sim, SimConfig::default());
    assert_eq!(p.seed, None);
}

#[test]
fn known_fields_are_the_input_type_fields() {
    // Every name FIELDS lists is a field of PlaygroundConfig, not an unknown one.
    for field in FIELDS {
        let text = format!(r#"{{"{field}": null}}"#);
        let mut de = serde_json::Deserializer::from_str(&text);
        assert!(deserialize(&mut de).unwrap().unknown.is_empty(), "{field}");
    }
}

#[test]
fn unknown_field_is_named() {
    let e = err(r#"{"node": 3}"#);
    assert!(
        e.starts_with("unknown config field 'node' (known: nodes, seed, "),
        "{e}"
    );
}

#[test]
fn node_count_out_of_range() {
    // The range is raft-core's (limits::MIN_NODES..=MAX_NODES); wholeness is the conversion's.
    assert_eq!(
        err(r#"{"nodes": 0}"#),
        "nodes must be an integer from 1 to 9, got 0"
    );
    assert_eq!(
        err(r#"{"nodes": 10}"#),
        "nodes must be an integer from 1 to 9, got 10"
    );
    assert_eq!(
        err(r#"{"nodes": 300}"#),
        "nodes must be an integer from 1 to 9, got 300"
    );
    assert!(err(r#"{"nodes": 2.5}"#).starts_with("nodes must be a whole number"));
    assert!(err(r#"{"nodes": "5"}"#).contains("nodes must be a number, got the string \"5\""));
}

#[test]
fn seed_must_be_a_safe_non_negative_integer() {
    assert!(err(r#"{"seed": -1}"#).starts_with("seed must be a whole number from 0 to 2^53"));
    assert!(err(r#"{"seed": 1.5}"#).starts_with("seed must be a whole number"));
    assert!(err(r#"{"seed": 1e300}"#).starts_with("seed must be a whole number"));
    assert_eq!(
        parse_json(r#"{"seed": 9007199254740992}"#).unwrap().seed,
        Some(1 << 53)
    );
    assert_eq!(parse_json(r#"{"seed": 0}"#).unwrap().seed, Some(0));
}

#[test]
fn timing_errors_name_the_field() {
    let nan = parse(&PlaygroundConfig {
        heartbeat_ms: Some(Given::Number(f64::NAN)),
        ..PlaygroundConfig::default()
    })
    .unwrap_err()
    .message;
    assert_eq!(nan, "heartbeatMs must be a finite number, got NaN");
    let inf = parse(&PlaygroundConfig {
        latency_max_ms: Some(Given::Number(f64::INFINITY)),
        ..PlaygroundConfig::default()
    })
    .unwrap_err()
    .message;
    assert_eq!(inf, "latencyMaxMs must be a finite number, got Infinity");
    assert!(err(r#"{"electionTimeoutMinMs": -5}"#)
        .starts_with("electionTimeoutMinMs must be a positive"));
    assert!(err(r#"{"latencyMinMs": 0}"#).starts_with("latencyMinMs must be a positive"));
    assert!(err(r#"{"heartbeatMs": 4000000}"#).starts_with("heartbeatMs must be a positive"));
    assert!(err(r#"{"heartbeatMs": 4000000}"#).ends_with("(0.001 to 3600000), got 4000000"));
    assert!(err(r#"{"latencyMaxMs": 60001}"#)
        .starts_with("latencyMaxMs must be a positive number of milliseconds (0.001 to 60000)"));
    assert!(err(r#"{"heartbeatMs": true}"#).contains("heartbeatMs must be a number, got true"));
}

#[test]
fn relations_are_checked_with_both_fields_named() {
    assert_eq!(
        err(r#"{"electionTimeoutMinMs": 300, "electionTimeoutMaxMs": 150}"#),
        "electionTimeoutMinMs (300) must not exceed electionTimeoutMaxMs (150)"
    );
    assert_eq!(
        err(r#"{"latencyMinMs": 40}"#),
        "latencyMinMs (40) must not exceed latencyMaxMs (30)"
    );
    assert!(err(r#"{"heartbeatMs": 150}"#)
        .starts_with("heartbeatMs (150) must be shorter than electionTimeoutMinMs (150)"));
}

#[test]
fn other_fields() {
    assert_eq!(
        err(r#"{"backtracking": "fast"}"#),
        "backtracking must be 'one-by-one' or 'by-conflict-term', got the string \"fast\""
    );
    assert_eq!(
        err(r#"{"preVote": 1}"#),
        "preVote must be true or false, got 1"
    );
    assert_eq!(
        err(r#"{"checkQuorum": [true]}"#),
        "checkQuorum must be true or false, got an array"
    );
    assert_eq!(
        err(r#"{"loss": 1.5}"#),
        "loss must be a probability from 0 to 1, got 1.5"
    );
    assert!(err(r#"{"maxEntriesPerAppend": 0}"#)
        .starts_with("maxEntriesPerAppend must be an integer from 1"));
    assert!(err(r#"{"leaderNoop": {"a": 1}}"#).ends_with("got an object"));
}
