//! Share links: a run and a moment survive the round trip bit for bit, and the decoder meets
//! hostile input (random, mutated, truncated, oversized, future versions) with a clear error,
//! never a panic and never a run that cannot replay.

use raft_core::rng::{self, Rng};
use raft_core::share::{self, Shared, MAX_LINK_LEN};
use raft_core::sim::{Action, Cluster, SimConfig, Target, Timeline};
use raft_core::types::{MS, SECOND};
use rand_core::Rng as _;

fn sample_run(seed: u64) -> Shared {
    let mut c = Cluster::new(SimConfig::default(), seed).unwrap();
    for i in 0..12u64 {
        c.advance_by(300 * MS);
        let _ = c.apply(Action::Propose {
            to: Target::Leader,
            value: i,
        });
        if i == 4 {
            c.apply(Action::SetPartition {
                groups: vec![vec![0, 2], vec![1]],
            })
            .unwrap();
        }
        if i == 8 {
            c.apply(Action::Heal).unwrap();
            c.apply(Action::SetLoss { probability: 0.05 }).unwrap();
        }
    }
    Shared {
        recording: c.recording(),
        cursor: 4 * SECOND + 17,
    }
}

#[test]
fn a_link_reproduces_the_run_at_the_same_moment() {
    for seed in 1..=10 {
        let shared = sample_run(seed);
        let link = share::encode(&shared);
        assert!(link.starts_with("r1."));
        assert!(link.len() < 600, "link is {} chars", link.len());
        let back = share::decode(&format!("#{link}")).unwrap();
        assert_eq!(back, shared);
        let a = shared.recording.replay(shared.cursor).unwrap();
        let b = back.recording.replay(back.cursor).unwrap();
        assert_eq!(a.trace().digest(), b.trace().digest());
    }
}

#[test]
fn malformed_links_get_clear_errors() {
    let good = share::encode(&sample_run(1));
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "empty"),
        ("hello".into(), "not a Raft Playground link"),
        ("r9.AAAA".into(), "newer version"),
        ("x1.AAAA".into(), "unknown version"),
        ("r1.!!!!".into(), "base64"),
        (good[..good.len() / 2].to_string(), "damaged or truncated"),
        (format!("{good}AAAA"), "trailing"),
        (format!("r1.{}", "A".repeat(MAX_LINK_LEN)), "too long"),
    ];
    for (input, expected) in cases {
        let e = share::decode(&input).unwrap_err();
        assert!(
            e.0.contains(expected),
            "{input:.40}: got {:?}, expected {expected:?}",
            e.0
        );
    }
}

#[test]
fn semantically_invalid_runs_are_refused() {
    let mut bad = sample_run(2);
    bad.recording.actions.push(raft_core::sim::TimedAction {
        at: 0,
        action: Action::Heal,
    });
    // Times are written as deltas, so a link cannot even say this; validate still refuses it.
    assert!(share::validate(&bad).unwrap_err().0.contains("time order"));

    let mut bad = sample_run(2);
    bad.recording.actions.push(raft_core::sim::TimedAction {
        at: 5 * SECOND,
        action: Action::Crash { node: 7 },
    });
    assert!(share::decode(&share::encode(&bad))
        .unwrap_err()
        .0
        .contains("invalid"));

    // Valid alone, impossible in context: restarting a node that is running. Decoding accepts
    // it; opening the run (one strict replay) refuses it and names the action.
    let mut bad = sample_run(2);
    bad.recording.actions.push(raft_core::sim::TimedAction {
        at: 5 * SECOND,
        action: Action::Restart { node: 1 },
    });
    let link = share::encode(&bad);
    assert!(share::decode(&link).is_ok());
    let e = share::open(&link).err().unwrap();
    assert!(
        e.0.contains("cannot be replayed") && e.0.contains("already running"),
        "{}",
        e.0
    );

    let mut bad = sample_run(2);
    bad.recording.config.nodes = 12;
    assert!(share::decode(&share::encode(&bad))
        .unwrap_err()
        .0
        .contains("nodes"));
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let n = (rng.next_u64() % 4 + 1) as usize;
    for _ in 0..n {
        if bytes.is_empty() {
            bytes.push(rng.next_u64() as u8);
            continue;
        }
        let i = (rng.next_u64() as usize) % bytes.len();
        match rng.next_u64() % 5 {
            0 => bytes[i] = rng.next_u64() as u8,
            1 => bytes[i] ^= 1 << (rng.next_u64() % 8),
            2 => {
                bytes.remove(i);
            }
            3 => bytes.insert(i, rng.next_u64() as u8),
            _ => bytes.truncate(i),
        }
    }
}

/// ≥ 10,000 random and mutated inputs: every one decodes to a valid run or a clear error.
#[test]
fn fuzz_the_decoder() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let mut rng = rng::seeded(2026, 0);
    let seeds: Vec<Vec<u8>> = (1..=4)
        .map(|s| {
            let link = share::encode(&sample_run(s));
            URL_SAFE_NO_PAD.decode(&link[3..]).unwrap()
        })
        .collect();
    let (mut ok, mut refused) = (0, 0);
    for i in 0..12_000u64 {
        let input = match i % 3 {
            // Mutated valid payloads: the interesting cases.
            0 | 1 => {
                let mut bytes = seeds[(i as usize / 3) % seeds.len()].clone();
                mutate(&mut rng, &mut bytes);
                format!("r1.{}", URL_SAFE_NO_PAD.encode(&bytes))
            }
            // Random text, sometimes with the right prefix.
            _ => {
                let len = (rng.next_u64() % 200) as usize;
                let text: String = (0..len)
                    .map(|_| (b' ' + (rng.next_u64() % 95) as u8) as char)
                    .collect();
                if rng.next_u64() % 2 == 0 {
                    format!("r1.{text}")
                } else {
                    text
                }
            }
        };
        match share::decode(&input) {
            Ok(mut shared) => {
                // Whatever decodes opens, or is refused with the failing action named.
                shared.recording.config.trace_capacity = Some(4096);
                let cursor = shared.cursor.min(20 * SECOND);
                match Timeline::open(shared.recording, cursor) {
                    Ok(t) => {
                        ok += 1;
                        assert_eq!(t.now(), cursor);
                    }
                    Err(e) => {
                        refused += 1;
                        assert!(!format!("{e}").is_empty());
                    }
                }
            }
            Err(e) => {
                refused += 1;
                assert!(!e.0.is_empty());
            }
        }
    }
    println!("fuzz: {ok} decoded and replayed, {refused} refused with a message");
    assert_eq!(ok + refused, 12_000);
}
