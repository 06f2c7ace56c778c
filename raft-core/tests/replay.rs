//! Determinism: a run is its seed, configuration, starting states and timed actions, nothing
//! else. Replaying a [`Recording`] must rebuild the same trace record for record and the same
//! state in every server, and so must a recording that went through JSON (share links). Actions
//! that cannot be applied change nothing and are not recorded, so they cannot make a replay
//! diverge.

mod common;

use common::{
    between, fingerprint, pick, random_action, random_action_with_membership, random_config,
    random_sim_config, random_size, sim_config,
};
use raft_core::rng::{self, Rng};
use raft_core::sim::{Action, ActionError, Cluster, Recording, Target};
use raft_core::types::{Time, MS, SECOND};
use raft_core::{Command, Entry, Log, Persistent};

/// The starting states of the paper's Figure 8 (b) for five servers.
fn figure8_states() -> Vec<Persistent> {
    let log = |terms: &[u64]| {
        Log::from_entries(
            terms
                .iter()
                .map(|&term| Entry {
                    term,
                    command: Command::Value(term * 10),
                })
                .collect(),
        )
    };
    vec![
        Persistent {
            current_term: 2,
            voted_for: Some(0),
            log: log(&[1, 2]),
        },
        Persistent {
            current_term: 2,
            voted_for: Some(0),
            log: log(&[1, 2]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log(&[1]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log(&[1]),
        },
        Persistent {
            current_term: 3,
            voted_for: Some(4),
            log: log(&[1, 3]),
        },
    ]
}

/// A live run: random actions applied with `apply_at` until `until`. Every so often a clone of
/// the cluster is kept, to compare with a replay cut at that time.
struct Live {
    cluster: Cluster,
    until: Time,
    checkpoint: Option<Cluster>,
}

/// A live run; with `membership`, servers are also added and removed (dissertation §4.2).
fn live_run_as(run: u64, membership: bool) -> Live {
    let mut rng: Rng = rng::seeded(run, 0xdead);
    let figure8 = run % 7 == 3;
    let nodes = if figure8 { 5 } else { random_size(&mut rng) };
    let node = random_config(&mut rng);
    let config = random_sim_config(&mut rng, nodes, node, None);
    let seed = between(&mut rng, 0, u64::MAX - 1);
    let mut cluster = if figure8 {
        Cluster::with_states(config, seed, figure8_states())
    } else {
        Cluster::new(config, seed)
    }
    .expect("valid configuration");
    let until = between(&mut rng, 5, 10) * SECOND;
    let checkpoint_at = between(&mut rng, 1, until / MS - 1) * MS;
    let gap_max = pick(&mut rng, &[50 * MS, 200 * MS, 800 * MS]);
    let mut checkpoint = None;
    let mut value = 0;
    let mut at: Time = 0;
    loop {
        at += between(&mut rng, 0, gap_max);
        if at >= until {
            break;
        }
        if checkpoint.is_none() && at > checkpoint_at {
            cluster.advance_to(checkpoint_at);
            checkpoint = Some(cluster.clone());
        }
        // The action is chosen from the state as of the previous one, so some are refused
        // (restart a server that is up, …): refusals must not disturb the replay either.
        let action = if membership {
            random_action_with_membership(&mut rng, &cluster, &mut value)
        } else {
            random_action(&mut rng, &cluster, &mut value)
        };
        let _ = cluster.apply_at(at, action);
    }
    if checkpoint.is_none() {
        cluster.advance_to(checkpoint_at);
        checkpoint = Some(cluster.clone());
    }
    cluster.advance_to(until);
    Live {
        cluster,
        until,
        checkpoint,
    }
}

/// Requires `replayed` to be `live` exactly: digest, every trace record, every server's state.
fn assert_same(run: u64, what: &str, live: &Cluster, replayed: &Cluster) {
    assert_eq!(
        live.trace().digest(),
        replayed.trace().digest(),
        "run {run}: {what}: trace digests differ"
    );
    assert_eq!(
        live.trace().to_vec(),
        replayed.trace().to_vec(),
        "run {run}: {what}: trace records differ"
    );
    assert_eq!(
        fingerprint(live),
        fingerprint(replayed),
        "run {run}: {what}: cluster states differ"
    );
    assert_eq!(
        live.violation(),
        replayed.violation(),
        "run {run}: {what}: checker verdicts differ"
    );
}

fn replay_runs(runs: impl Iterator<Item = u64>) {
    replay_runs_as(runs, false)
}

fn replay_runs_as(runs: impl Iterator<Item = u64>, membership: bool) {
    let (mut count, mut actions, mut json) = (0, 0, 0);
    for run in runs {
        let live = live_run_as(run, membership);
        let recording = live.cluster.recording();
        actions += recording.actions.len();
        let replayed = recording.replay(live.until).expect("a recording replays");
        assert_same(run, "replay", &live.cluster, &replayed);

        // Cut at an earlier time: the replay of the actions up to then, run to then, is the
        // cluster as it was (what time travel relies on).
        let checkpoint = live.checkpoint.as_ref().expect("checkpoint taken");
        let mut prefix = recording.clone();
        prefix.actions.retain(|a| a.at <= checkpoint.now());
        let replayed = prefix.replay(checkpoint.now()).expect("a prefix replays");
        assert_same(run, "replay to the checkpoint", checkpoint, &replayed);

        if run % 5 == 0 {
            let text = serde_json::to_string(&recording).expect("a recording serializes");
            let back: Recording = serde_json::from_str(&text).expect("and deserializes");
            assert_eq!(
                back, recording,
                "run {run}: JSON round trip changed the recording"
            );
            let replayed = back.replay(live.until).expect("a JSON recording replays");
            assert_same(run, "replay from JSON", &live.cluster, &replayed);
            json += 1;
        }
        count += 1;
    }
    println!("{count} runs replayed ({actions} actions, {json} through JSON)");
}

#[test]
fn random_runs_replay_identically_part_1() {
    replay_runs((0..1200).step_by(2));
}

#[test]
fn random_runs_replay_identically_part_2() {
    replay_runs((1..1200).step_by(2));
}

/// Recordings with servers added and removed replay to identical traces, from the start, to
/// a cut, and through JSON: the new processes start the same way every time.
#[test]
fn runs_with_membership_changes_replay_identically() {
    replay_runs_as(0..400, true);
}

/// Two clusters with the same seed and actions, one stepped event by event and one advanced
/// in large jumps, end the same: how a run is sliced does not matter.
#[test]
fn stepping_and_advancing_agree() {
    for seed in 0..50 {
        let config = sim_config(5, raft_core::Config::default(), None);
        let mut a = Cluster::new(config.clone(), seed).unwrap();
        let mut b = Cluster::new(config, seed).unwrap();
        let end = 3 * SECOND;
        while a.next_event_at().is_some_and(|t| t <= end) {
            a.step();
        }
        a.advance_to(end);
        for t in [SECOND / 3, SECOND, 2 * SECOND, end] {
            b.advance_to(t);
        }
        assert_eq!(fingerprint(&a), fingerprint(&b), "seed {seed}");
        assert_eq!(a.trace().to_vec(), b.trace().to_vec(), "seed {seed}");
    }
}

/// Different seeds give different runs (otherwise the tests above prove little).
#[test]
fn different_seeds_give_different_traces() {
    let digests: std::collections::BTreeSet<u64> = (0..20)
        .map(|seed| {
            let mut c =
                Cluster::new(sim_config(5, raft_core::Config::default(), None), seed).unwrap();
            c.advance_to(2 * SECOND);
            c.trace().digest()
        })
        .collect();
    assert_eq!(digests.len(), 20);
}

/// A five-server cluster at 600 ms with a leader, one committed value and S5 down.
fn running_cluster() -> Cluster {
    let mut c = Cluster::new(sim_config(5, raft_core::Config::default(), None), 9).unwrap();
    assert!(c.run_until(400 * MS, |c| c.leader().is_some_and(|l| l != 4)));
    c.apply_at(
        400 * MS,
        Action::Propose {
            to: Target::Leader,
            value: 1,
        },
    )
    .unwrap();
    c.apply_at(500 * MS, Action::Crash { node: 4 }).unwrap();
    c.advance_to(600 * MS);
    assert!(c.leader().is_some());
    c
}

/// An action dated before the cluster's clock is refused with `InThePast` and changes nothing:
/// not the clock, not the trace, not the recording.
#[test]
fn an_action_in_the_past_is_refused_and_changes_nothing() {
    let mut c = running_cluster();
    let before = fingerprint(&c);
    let actions = c.actions().to_vec();
    let err = c
        .apply_at(
            100 * MS,
            Action::Propose {
                to: Target::Leader,
                value: 2,
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ActionError::InThePast {
            at: 100 * MS,
            now: 600 * MS
        }
    );
    assert_eq!(fingerprint(&c), before);
    assert_eq!(c.actions(), &actions[..]);
    // At the current time exactly, it is fine.
    c.apply_at(600 * MS, Action::Heal).unwrap();
    assert_eq!(c.actions().len(), actions.len() + 1);
}

/// Invalid actions return an error, leave the cluster as it was and are not recorded.
#[test]
fn invalid_actions_are_refused_and_not_recorded() {
    let mut c = running_cluster();
    let cases = [
        (
            Action::Crash { node: 7 },
            ActionError::UnknownNode(7),
            "unknown node",
        ),
        (
            Action::ForceTimeout { node: 5 },
            ActionError::UnknownNode(5),
            "unknown node",
        ),
        (
            Action::CutLink { from: 0, to: 9 },
            ActionError::UnknownNode(9),
            "unknown node in a link",
        ),
        (
            Action::Propose {
                to: Target::Node(12),
                value: 3,
            },
            ActionError::UnknownNode(12),
            "unknown node",
        ),
        (
            Action::Crash { node: 4 },
            ActionError::NodeDown(4),
            "crash a down node",
        ),
        (
            Action::ForceTimeout { node: 4 },
            ActionError::NodeDown(4),
            "time out a down node",
        ),
        (
            Action::Propose {
                to: Target::Node(4),
                value: 3,
            },
            ActionError::NodeDown(4),
            "propose to a down node",
        ),
        (
            Action::Restart { node: 1 },
            ActionError::NodeUp(1),
            "restart a running node",
        ),
        (
            Action::SetLoss { probability: 1.5 },
            ActionError::BadProbability,
            "probability above 1",
        ),
        (
            Action::SetLoss { probability: -0.1 },
            ActionError::BadProbability,
            "negative probability",
        ),
        (
            Action::SetLoss {
                probability: f64::NAN,
            },
            ActionError::BadProbability,
            "NaN probability",
        ),
        (
            Action::SetLatency { min: 0, max: 10 },
            ActionError::BadLatency,
            "zero latency",
        ),
        (
            Action::SetLatency {
                min: 20 * MS,
                max: 10 * MS,
            },
            ActionError::BadLatency,
            "empty latency range",
        ),
        (
            Action::SetPartition {
                groups: vec![vec![0, 1], vec![2, 1]],
            },
            ActionError::BadPartition(String::from("S2 is named in two groups")),
            "a node in two groups",
        ),
        (
            Action::SetPartition {
                groups: vec![vec![0, 0]],
            },
            ActionError::BadPartition(String::from("S1 is named in two groups")),
            "a node twice in one group",
        ),
        (
            Action::SetPartition {
                groups: vec![vec![0], vec![8]],
            },
            ActionError::UnknownNode(8),
            "unknown node in a partition",
        ),
    ];
    for (action, expected, what) in cases {
        let before = fingerprint(&c);
        let recorded = c.actions().len();
        let network = c.network().config.clone();
        let err = c.apply(action.clone()).expect_err(what);
        assert_eq!(err, expected, "{what}: {action:?}");
        assert_eq!(fingerprint(&c), before, "{what}: the cluster changed");
        assert_eq!(c.actions().len(), recorded, "{what}: it was recorded");
        assert_eq!(c.network().config, network, "{what}: the network changed");
    }
    // The recording of this run still replays to the same cluster.
    let replayed = c.recording().replay(c.now()).unwrap();
    assert_eq!(fingerprint(&replayed), fingerprint(&c));
}

/// A proposal to a follower is answered with the leader it knows, and that is recorded too (it
/// is a valid action; its outcome just is not an append).
#[test]
fn a_refused_proposal_is_still_a_recorded_action() {
    let mut c = running_cluster();
    let leader = c.leader().expect("a leader by now");
    let follower = (0..4).find(|&i| i != leader).unwrap();
    let recorded = c.actions().len();
    let outcome = c
        .apply(Action::Propose {
            to: Target::Node(follower),
            value: 5,
        })
        .unwrap();
    assert_eq!(
        outcome,
        raft_core::sim::Outcome::NotLeader {
            node: Some(follower),
            leader: Some(leader)
        }
    );
    assert_eq!(c.actions().len(), recorded + 1);
    let replayed = c.recording().replay(c.now()).unwrap();
    assert_eq!(fingerprint(&replayed), fingerprint(&c));
}

/// A recording whose actions cannot be applied says which one.
#[test]
fn a_broken_recording_names_the_action() {
    let mut recording = Recording::new(sim_config(3, raft_core::Config::default(), None), 1);
    recording.actions.push(raft_core::sim::TimedAction {
        at: 10 * MS,
        action: Action::Crash { node: 0 },
    });
    recording.actions.push(raft_core::sim::TimedAction {
        at: 20 * MS,
        action: Action::Crash { node: 0 },
    });
    let err = recording.replay(SECOND).unwrap_err();
    assert_eq!(
        err,
        raft_core::sim::ReplayError::Action {
            index: 1,
            error: ActionError::NodeDown(0)
        }
    );
}

/// A recording holding every action issue 11 added, each applied (not refused): snapshot now
/// (chapter 5), add a server that catches up past the snapshot (§4.2.1), transfer leadership
/// (§3.10) and remove a server (§4.2.2). It replays to the identical trace and states, from
/// the start and through JSON.
#[test]
fn a_recording_with_every_new_action_replays_identically() {
    let mut config = sim_config(3, raft_core::Config::default(), None);
    config.node.snapshot_every = 4;
    let mut c = Cluster::new(config, 11).expect("valid configuration");
    let settled = |c: &Cluster| {
        c.leader().and_then(|l| c.node(l)).is_some_and(|l| {
            l.pending_change().is_none()
                && l.commit_index() == l.log().last_index()
                && l.log().term_at(l.commit_index()) == Some(l.term())
        })
    };
    assert!(c.run_until(5 * SECOND, |c| c.leader().is_some()));
    for value in 1..=9 {
        c.apply(Action::Propose {
            to: Target::Leader,
            value,
        })
        .expect("the leader takes a proposal");
        c.advance_by(20 * MS);
    }
    assert!(c.run_until(c.now() + 5 * SECOND, settled));
    let leader = c.leader().expect("a leader");
    // One more entry past the last automatic snapshot, so "snapshot now" has something to do.
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 10,
    })
    .expect("proposal");
    assert!(c.run_until(c.now() + 5 * SECOND, settled));
    c.apply(Action::Snapshot { node: leader })
        .expect("the leader snapshots its applied state");
    c.apply(Action::AddServer { node: 3 }).expect("S4 is added");
    assert!(c.run_until(c.now() + 5 * SECOND, |c| {
        settled(c) && c.node(3).is_some_and(|n| n.snapshot_index() > 0)
    }));
    let target = (leader + 1) % 4;
    c.apply(Action::TransferLeadership { to: target })
        .expect("the leader transfers");
    assert!(c.run_until(c.now() + 5 * SECOND, |c| c.leader() == Some(target)));
    // The new leader commits an entry of its own term before it may change the configuration.
    c.apply(Action::Propose {
        to: Target::Leader,
        value: 11,
    })
    .expect("proposal");
    assert!(c.run_until(c.now() + 5 * SECOND, settled));
    c.apply(Action::RemoveServer { node: leader })
        .expect("the old leader is removed");
    c.advance_by(2 * SECOND);
    assert!(c.violation().is_none(), "{:?}", c.violation());

    let recording = c.recording();
    let kinds =
        |pred: fn(&Action) -> bool| recording.actions.iter().filter(|a| pred(&a.action)).count();
    assert_eq!(kinds(|a| matches!(a, Action::Snapshot { .. })), 1);
    assert_eq!(kinds(|a| matches!(a, Action::AddServer { .. })), 1);
    assert_eq!(kinds(|a| matches!(a, Action::TransferLeadership { .. })), 1);
    assert_eq!(kinds(|a| matches!(a, Action::RemoveServer { .. })), 1);
    let replayed = recording.replay(c.now()).expect("a recording replays");
    assert_same(11, "replay", &c, &replayed);
    let text = serde_json::to_string(&recording).expect("a recording serializes");
    let back: Recording = serde_json::from_str(&text).expect("and deserializes");
    assert_eq!(back, recording);
    let replayed = back.replay(c.now()).expect("a JSON recording replays");
    assert_same(11, "replay from JSON", &c, &replayed);
}
