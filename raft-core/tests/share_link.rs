//! Share links: a run and a moment survive the round trip bit for bit, and the decoder meets
//! hostile input (random, mutated, truncated, oversized, older and newer versions, lengths
//! that claim more than the link holds) with a clear error, never a panic, never a large
//! allocation and never a run that cannot replay.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use raft_core::log::{Command, Entry, Log};
use raft_core::rng::{self, Rng};
use raft_core::share::{self, Shared, MAX_LINK_LEN};
use raft_core::sim::{Action, Cluster, SimConfig, Target, TimedAction, Timeline};
use raft_core::state::Persistent;
use raft_core::types::{MS, SECOND};
use rand_core::Rng as _;

/// Counts the bytes the current thread asks for while armed, so a test can bound what
/// decoding one link allocates (tests run on parallel threads; each counts its own).
struct CountingAllocator;

thread_local! {
    static ARMED: Cell<bool> = const { Cell::new(false) };
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to `System` unchanged; the counting only reads and writes
// thread-local cells, which neither allocate nor panic (const-initialised, no destructor).
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ARMED.with(Cell::get) {
            ALLOCATED.with(|a| a.set(a.get().saturating_add(layout.size())));
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The result of `f` and the total bytes it allocated (every allocation counted, frees not
/// subtracted: an upper bound on its peak).
fn allocated_by<T>(f: impl FnOnce() -> T) -> (T, usize) {
    ALLOCATED.with(|a| a.set(0));
    ARMED.with(|a| a.set(true));
    let out = f();
    ARMED.with(|a| a.set(false));
    (out, ALLOCATED.with(Cell::get))
}

/// The link's payload bytes, after the version tag.
fn payload_of(link: &str) -> Vec<u8> {
    let (version, encoded) = link.split_once('.').unwrap();
    assert_eq!(version, share::VERSION);
    URL_SAFE_NO_PAD.decode(encoded).unwrap()
}

fn link_of(payload: &[u8]) -> String {
    format!("{}.{}", share::VERSION, URL_SAFE_NO_PAD.encode(payload))
}

/// `v` as a postcard varint (how a sequence length is written).
fn varint(v: u64) -> Vec<u8> {
    postcard::to_allocvec(&v).unwrap()
}

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
        if seed == 1 {
            let actions = shared.recording.actions.len();
            println!(
                "a 5-node run with {actions} actions: {} characters",
                link.len()
            );
        }
        assert!(link.starts_with("r2."));
        assert!(link.len() < 600, "link is {} chars", link.len());
        // One run, one link: encoding is deterministic, and the text is the payload's.
        assert_eq!(share::encode(&shared), link);
        assert_eq!(payload_of(&link).len(), share::encoded_len(&shared));
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
        ("r2.!!!!".into(), "base64"),
        ("r2.AAA=".into(), "base64"), // no padding
        ("r2.AB".into(), "base64"),   // stray bits in the last symbol: not canonical
        (
            good[..3 + (good.len() - 3) / 8 * 4].to_string(),
            "damaged or truncated",
        ),
        (format!("{good}AAAA"), "trailing"),
        (format!("r2.{}", "A".repeat(MAX_LINK_LEN)), "too long"),
    ];
    for (input, expected) in cases {
        let e = share::decode(&input).unwrap_err();
        assert!(
            e.to_string().contains(expected),
            "{input:.40}: got {:?}, expected {expected:?}",
            e
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
    // Times are absolute in the payload, so a link can say this; both checks refuse it.
    assert!(share::validate(&bad)
        .unwrap_err()
        .to_string()
        .contains("time order"));
    assert!(share::decode(&share::encode(&bad))
        .unwrap_err()
        .to_string()
        .contains("time order"));

    let mut bad = sample_run(2);
    bad.recording.actions.push(raft_core::sim::TimedAction {
        at: 5 * SECOND,
        action: Action::Crash { node: 7 },
    });
    assert!(share::decode(&share::encode(&bad))
        .unwrap_err()
        .to_string()
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
        e.to_string().contains("cannot be replayed") && e.to_string().contains("already running"),
        "{}",
        e
    );

    let mut bad = sample_run(2);
    bad.recording.config.nodes = 12;
    assert!(share::decode(&share::encode(&bad))
        .unwrap_err()
        .to_string()
        .contains("nodes"));

    // Every bound of `raft_core::limits`, one past it.
    use raft_core::limits;
    type Spoil = fn(&mut Shared);
    let cases: Vec<(Spoil, &str)> = vec![
        (
            |s| s.recording.seed = limits::MAX_EXACT + 1,
            "the seed is above",
        ),
        (
            |s| s.cursor = limits::HORIZON + 1,
            "moment is later than one hour",
        ),
        (
            |s| s.recording.config.node.election_timeout_max = limits::MAX_CONFIG_TIME + 1,
            "bad configuration: electionTimeoutMax must be from 1 to 3600000000 µs",
        ),
        (
            |s| s.recording.config.network.latency_max = limits::MAX_LATENCY + 1,
            "bad configuration: latencyMax must be from 1 to 60000000 µs",
        ),
        (
            |s| s.recording.config.network.loss = 1.5,
            "bad configuration: loss must be a probability from 0 to 1",
        ),
        (
            |s| s.recording.config.network.loss = f64::NAN,
            "bad configuration: loss must be a probability from 0 to 1",
        ),
        (
            |s| s.recording.config.node.max_entries_per_append = limits::MAX_ENTRIES_PER_APPEND + 1,
            "bad configuration: maxEntriesPerAppend must be from 1 to 1000000",
        ),
        (
            |s| {
                s.recording.actions.push(TimedAction {
                    at: 5 * SECOND,
                    action: Action::SetLatency {
                        min: 1,
                        max: limits::MAX_LATENCY + 1,
                    },
                })
            },
            "set latency",
        ),
        (
            |s| {
                s.recording.actions.push(TimedAction {
                    at: 5 * SECOND,
                    action: Action::SetLoss { probability: -0.1 },
                })
            },
            "invalid",
        ),
        (
            |s| {
                s.recording.actions.push(TimedAction {
                    at: 5 * SECOND,
                    action: Action::Propose {
                        to: Target::Leader,
                        value: limits::MAX_EXACT + 1,
                    },
                })
            },
            "invalid",
        ),
        (
            |s| {
                s.recording.actions.push(TimedAction {
                    at: limits::HORIZON + 1,
                    action: Action::Heal,
                })
            },
            "later than one hour",
        ),
        (
            |s| {
                // At time 0, two bytes each: short enough for the link's length cap.
                let heal = TimedAction {
                    at: 0,
                    action: Action::Heal,
                };
                s.recording.actions = vec![heal; limits::MAX_ACTIONS + 1];
            },
            "too many actions",
        ),
        (
            |s| {
                s.recording.actions.push(TimedAction {
                    at: 5 * SECOND,
                    action: Action::SetPartition {
                        groups: vec![vec![0, 1], vec![1]],
                    },
                })
            },
            "invalid",
        ),
        (
            |s| s.recording.initial = Some(vec![Persistent::default(); 4]),
            "4 starting states for 5 nodes",
        ),
        (
            |s| {
                let mut states = vec![Persistent::default(); 5];
                states[2].voted_for = Some(5);
                s.recording.initial = Some(states);
            },
            "S3 voted for an unknown node",
        ),
        (
            |s| {
                let mut states = vec![Persistent::default(); 5];
                states[1].log = Log::from_entries(vec![
                    Entry {
                        term: 1,
                        command: Command::Noop,
                    };
                    limits::MAX_INITIAL_ENTRIES + 1
                ]);
                states[1].current_term = 1;
                s.recording.initial = Some(states);
            },
            "S2's starting log is too long",
        ),
        (
            |s| {
                let mut states = vec![Persistent::default(); 5];
                states[0].current_term = 1;
                states[0].log = Log::from_entries(vec![Entry {
                    term: 2,
                    command: Command::Noop,
                }]);
                s.recording.initial = Some(states);
            },
            "S1's starting log has impossible terms",
        ),
    ];
    for (spoil, expected) in cases {
        let mut bad = sample_run(2);
        spoil(&mut bad);
        let e = share::decode(&share::encode(&bad)).unwrap_err();
        assert!(
            e.to_string().contains(expected),
            "{:?}, expected {expected:?}",
            e.to_string()
        );
    }
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
    let mut rng = rng::seeded(2026, 0);
    let seeds: Vec<Vec<u8>> = (1..=4)
        .map(|s| payload_of(&share::encode(&sample_run(s))))
        .collect();
    let (mut ok, mut refused) = (0, 0);
    for i in 0..12_000u64 {
        let input = match i % 3 {
            // Mutated valid payloads: the interesting cases.
            0 | 1 => {
                let mut bytes = seeds[(i as usize / 3) % seeds.len()].clone();
                mutate(&mut rng, &mut bytes);
                link_of(&bytes)
            }
            // Random text, sometimes with the right prefix.
            _ => {
                let len = (rng.next_u64() % 200) as usize;
                let text: String = (0..len)
                    .map(|_| (b' ' + (rng.next_u64() % 95) as u8) as char)
                    .collect();
                if rng.next_u64() % 2 == 0 {
                    format!("r2.{text}")
                } else {
                    text
                }
            }
        };
        match share::decode(&input) {
            Ok(mut shared) => {
                // What decodes is the one form of its run: it encodes back to the same text.
                assert_eq!(share::encode(&shared), input.trim());
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
                assert!(!e.to_string().is_empty());
            }
        }
    }
    println!("fuzz: {ok} decoded and replayed, {refused} refused with a message");
    assert_eq!(ok + refused, 12_000);
}

/// A link from the first release of the playground (format r1, a hand-written byte layout)
/// is recognised and refused with a notice, not read as damaged data.
#[test]
fn an_older_link_gets_a_clear_notice() {
    // The "first election" scenario as the r1 catalogue held it.
    let r1 = "r1.BfCTCeCnEtCGA0AAQJBOsOoBAAAAAAAAAAAAgSANAAAA";
    let expected = "this link was made by an older version of the playground (format r1) and \
                    cannot be opened by this one, which reads r2";
    for text in [
        r1.to_string(),
        format!("#{r1}"),
        "r1.".into(),
        "r1.!!!!".into(),
    ] {
        assert_eq!(
            share::decode(&text).unwrap_err().to_string(),
            expected,
            "{text}"
        );
        assert_eq!(
            share::open(&text).err().unwrap().to_string(),
            expected,
            "{text}"
        );
    }
}

#[test]
fn a_trailing_byte_is_refused() {
    let shared = sample_run(3);
    let mut payload = payload_of(&share::encode(&shared));
    for extra in [0u8, 1, 0xff] {
        payload.push(extra);
        assert_eq!(
            share::decode(&link_of(&payload)).unwrap_err().to_string(),
            "the link has trailing data"
        );
        payload.pop();
    }
    assert_eq!(share::decode(&link_of(&payload)).unwrap(), shared);
}

/// Payloads cut just before a sequence length: the actions, one starting log, the groups of a
/// partition.
fn sequence_prefixes() -> [Vec<u8>; 3] {
    // Every run ends "…, actions length, cursor" and the cursor is 0,
    // a one-byte varint.
    let mut with_log = sample_run(4);
    with_log.recording.actions.clear();
    with_log.recording.initial = Some(vec![Persistent::default(); 5]);
    let mut with_partition = sample_run(4);
    with_partition.recording.actions = vec![TimedAction {
        at: 0,
        action: Action::SetPartition { groups: vec![] },
    }];
    let mut no_actions = sample_run(4);
    no_actions.recording.actions.clear();
    [
        // Drop "actions length 0, cursor 0".
        (no_actions, 2),
        // Drop the last log's length 0, then "actions length 0, cursor 0".
        (with_log, 3),
        // Drop the groups' length 0, then the cursor 0.
        (with_partition, 2),
    ]
    .map(|(mut run, tail)| {
        run.cursor = 0;
        let payload = payload_of(&share::encode(&run));
        assert!(payload.ends_with(&vec![0; tail]));
        payload[..payload.len() - tail].to_vec()
    })
}

/// A sequence length is a varint read from the link. One that claims far more elements than
/// the link has bytes must fail as damaged without reserving room for the claim: postcard
/// pre-allocates only what the bytes left can hold (and serde never more than 1 MiB).
#[test]
fn a_huge_claimed_length_allocates_nothing_for_it() {
    // The counter sees what it should.
    let (_, counted) = allocated_by(|| Vec::<u8>::with_capacity(1 << 20));
    assert!(counted >= 1 << 20);
    for prefix in &sequence_prefixes() {
        for claim in [1 << 32, u64::from(u32::MAX), usize::MAX as u64, 100_000] {
            let mut payload = prefix.clone();
            payload.extend(varint(claim));
            payload.extend([1, 2, 3, 4, 5, 6, 7, 8]);
            let link = link_of(&payload);
            let (result, bytes) = allocated_by(|| share::decode(&link));
            assert_eq!(
                result.unwrap_err().to_string(),
                "the link is damaged or truncated"
            );
            // The base64 decoding, a few elements, the message: a few times the link.
            assert!(
                bytes < 16 * link.len(),
                "claiming {claim} elements in a {}-character link allocated {bytes} bytes",
                link.len()
            );
        }
    }
}

/// The worst a link can ask for: a length that claims exactly the bytes left, followed by that
/// many bytes of the smallest elements, at the longest accepted link. Postcard then reserves
/// room for every claimed element at once (capped at 1 MiB per sequence by serde); what is
/// allocated stays a bounded multiple of the link's length.
#[test]
fn allocation_stays_bounded_by_the_link() {
    // The counter sees what it should.
    let (_, counted) = allocated_by(|| Vec::<u8>::with_capacity(1 << 20));
    assert!(counted >= 1 << 20);
    let mut worst = 0f64;
    for prefix in &sequence_prefixes() {
        for fraction in [1, 2, 8] {
            let room = (MAX_LINK_LEN - 3) / 4 * 3 / fraction - prefix.len() - 8;
            let mut payload = prefix.clone();
            payload.extend(varint(room as u64));
            // All zeros: the smallest element of each sequence (a proposal of 0 to S1 at 0,
            // an empty log entry, an empty group).
            payload.extend(vec![0; room]);
            let link = link_of(&payload);
            assert!(link.len() <= MAX_LINK_LEN);
            let (result, bytes) = allocated_by(|| share::decode(&link));
            assert!(result.is_err());
            worst = worst.max(bytes as f64 / link.len() as f64);
            assert!(
                bytes < 4 << 20,
                "{bytes} bytes for {} characters",
                link.len()
            );
        }
    }
    println!("allocation: at most {worst:.1} bytes per link character");
    assert!(worst < 64.0, "{worst:.1} bytes per link character");
}

/// The unsafe switches are part of the run's config, so a link carries them: each one, on,
/// survives the round trip, and the replay breaks the same rule.
#[test]
fn a_link_carries_the_unsafe_switches() {
    for switch in raft_core::UnsafeSwitch::ALL {
        let mut config = SimConfig::default();
        match switch {
            raft_core::UnsafeSwitch::NoElectionRestriction => {
                config.node.unsafe_switches.no_election_restriction = true
            }
            raft_core::UnsafeSwitch::CommitPreviousTerms => {
                config.node.unsafe_switches.commit_previous_terms = true
            }
            raft_core::UnsafeSwitch::ForgetVoteOnRestart => {
                config.node.unsafe_switches.forget_vote_on_restart = true
            }
            raft_core::UnsafeSwitch::SnapshotPastCommit => {
                config.node.unsafe_switches.snapshot_past_commit = true
            }
            raft_core::UnsafeSwitch::TrustTransferTarget => {
                config.node.unsafe_switches.trust_transfer_target = true
            }
            raft_core::UnsafeSwitch::ChangeBeforeOwnTermCommit => {
                config.node.unsafe_switches.change_before_own_term_commit = true
            }
        }
        let shared = Shared {
            recording: raft_core::sim::Recording::new(config, 3),
            cursor: 0,
        };
        let back = share::decode(&share::encode(&shared)).unwrap();
        let on = back.recording.config.node.unsafe_switches;
        assert!(switch.is_on(&on), "{switch:?}");
        assert_eq!(
            raft_core::UnsafeSwitch::ALL
                .iter()
                .filter(|s| s.is_on(&on))
                .count(),
            1
        );
    }
}

/// A link made before the page showed the switches (the election scenario's link in the
/// catalogue of that build) still opens, as the same run with every switch off: the r2 byte
/// layout always held them, so the format needs no new version.
#[test]
fn a_link_from_before_the_switches_were_shown_still_opens() {
    let old = "r2.BfCTCeCnEtCGA0AAAAAAAAAAkE6w6gEAAAAAAAAAAAABgCABDQAAAA";
    let shared = share::decode(old).unwrap();
    assert_eq!(shared.recording.seed, 13);
    assert_eq!(
        shared.recording.config.node.unsafe_switches,
        raft_core::UnsafeSwitches::default()
    );
    assert_eq!(
        share::encode(&shared),
        old,
        "and it encodes back to the same text"
    );
    assert!(share::open(old).is_ok());
}

/// Log compaction's options (§7) and the snapshot action travel in a link: the options in the
/// trailing extension (the r2 base layout predates them), the action as the enum's last tag.
/// The link replays to the same run, snapshots included; a link without them is byte for byte
/// what it was before (the pinned link above).
#[test]
fn a_link_carries_the_snapshot_options_and_the_snapshot_action() {
    let mut config = SimConfig::default();
    config.node.snapshot_every = 5;
    config.node.snapshot_threshold = 2;
    let mut c = Cluster::new(config, 9).unwrap();
    for value in 1..=8u64 {
        c.advance_by(200 * MS);
        let _ = c.apply(Action::Propose {
            to: Target::Leader,
            value,
        });
    }
    c.advance_by(SECOND);
    c.apply(Action::Snapshot { node: 3 }).unwrap();
    let shared = Shared {
        recording: c.recording(),
        cursor: c.now(),
    };
    let link = share::link(&shared.recording, shared.cursor).unwrap();
    let back = share::decode(&link).unwrap();
    assert_eq!(back, shared, "options and actions survive the round trip");
    assert_eq!(back.recording.config.node.snapshot_every, 5);
    assert_eq!(back.recording.config.node.snapshot_threshold, 2);
    let replayed = share::open(&link).unwrap();
    let node = replayed.cluster().node(3).unwrap();
    assert_eq!(node.snapshot_index(), c.node(3).unwrap().snapshot_index());
    assert!(node.snapshot_index() >= 5);

    // Switching compaction off again writes no extension at all.
    let mut plain = shared.clone();
    plain.recording.config.node.snapshot_every = 0;
    plain.recording.config.node.snapshot_threshold = 0;
    plain
        .recording
        .actions
        .retain(|a| !matches!(a.action, Action::Snapshot { .. }));
    let shorter = share::encode(&plain);
    assert!(shorter.len() < link.len());
    assert_eq!(share::decode(&shorter).unwrap(), plain);
}
