//! The membership scenarios (dissertation §4.1–4.3): adding a server that catches up, removing
//! the leader, a removed server disrupting the cluster and PreVote preventing it, and the
//! unsafe switch that lets a leader change the configuration too early.

use alloc::format;
use alloc::vec;

use super::{page_config, unsafe_config, Scenario, Script};
use crate::config::{Config, UnsafeSwitches};
use crate::sim::{Action, Cluster, Target};
use crate::state::Role;
use crate::types::{Name, NodeId, MS};

/// True once the leader has committed an entry of its own term.
fn leader_settled(c: &Cluster) -> bool {
    c.leader().and_then(|l| c.node(l)).is_some_and(|l| {
        l.commit_index() > 0 && l.log().term_at(l.commit_index()) == Some(l.term())
    })
}

/// A new server joins with an empty log and catches up by AppendEntries (§4.2.1).
pub(super) fn add_server() -> Scenario {
    let mut s = Script::new(page_config(3), 31);
    s.say("Three servers. Once one leads, we will add a fourth (dissertation §4.2): one server at a time, so any majority of the old configuration overlaps any majority of the new one.");
    s.until(|c| c.leader().is_some());
    for value in 1..=3 {
        s.act(Action::Propose {
            to: Target::Leader,
            value,
        });
    }
    s.until(leader_settled);
    let leader = s.leader();
    s.say(format!(
        "{} leads and has committed entries of its own term: only now may it change the configuration (the 2015 fix to single-server changes).",
        Name(leader)
    ));
    s.wait(100 * MS);
    s.act(Action::AddServer { node: 3 });
    s.say(format!(
        "Add S4: a new server starts with an empty log and no configuration, so it never campaigns. {} appends the configuration entry {{S1 S2 S3 S4}} and uses it at once, committed or not (§4.1): a majority is now 3 of 4.",
        Name(leader)
    ));
    s.until(|c| {
        let (Some(l), Some(new)) = (c.leader().and_then(|l| c.node(l)), c.node(3)) else {
            return false;
        };
        new.log() == l.log() && new.commit_index() == l.commit_index()
    });
    s.say("S4 caught up by AppendEntries: the leader walked its nextIndex back to the start and sent it every entry, the configuration entry too. S4 is now a voting member, and counts.");
    s.finish("add-server", "Adding a server that catches up", 600 * MS)
}

/// The leader removes itself: it manages the cluster without counting itself until the
/// change commits, then steps down (§4.2.2).
pub(super) fn remove_leader() -> Scenario {
    let mut s = Script::new(page_config(5), 32);
    s.say("Five servers. We will remove the leader itself (dissertation §4.2.2).");
    s.until(|c| c.leader().is_some());
    s.act(Action::Propose {
        to: Target::Leader,
        value: 1,
    });
    s.until(leader_settled);
    let old = s.leader();
    s.wait(100 * MS);
    s.act(Action::RemoveServer { node: old });
    s.say(format!(
        "{} appends the configuration without itself. It keeps leading, replicating and committing, but no longer counts itself: a majority is 3 of the other 4.",
        Name(old)
    ));
    s.until(|c| c.node(old).is_some_and(|n| n.role() != Role::Leader));
    s.say(format!(
        "The change is committed, so {} steps down. It keeps running outside the configuration, drawn apart, and never campaigns: it knows it is out.",
        Name(old)
    ));
    s.until(|c| c.leader().is_some_and(|l| l != old));
    let new = s.leader();
    s.say(format!(
        "The four remaining servers elect {} among themselves. Crash {} when you like: the cluster no longer needs it.",
        Name(new),
        Name(old)
    ));
    s.finish("remove-leader", "Removing the leader", 600 * MS)
}

/// A follower removed while cut off never learns of it; back on the network it campaigns.
fn removed_server(pre_vote: bool, id: &'static str, title: &'static str) -> Scenario {
    let mut config = page_config(5);
    config.node = Config {
        pre_vote,
        ..Config::default()
    };
    let mut s = Script::new(config, 33);
    s.say(if pre_vote {
        "The same story with PreVote on (thesis §9.6): a server first asks whether it could win before it raises its term."
    } else {
        "Five servers, without PreVote or CheckQuorum. A server removed while it cannot hear the leader never learns it was removed (dissertation §4.2.3)."
    });
    s.until(|c| c.leader().is_some());
    s.act(Action::Propose {
        to: Target::Leader,
        value: 1,
    });
    s.until(leader_settled);
    let leader = s.leader();
    let gone: NodeId = (leader + 1) % 5;
    let rest: vec::Vec<NodeId> = (0..5).filter(|&n| n != gone).collect();
    s.act(Action::SetPartition {
        groups: vec![vec![gone], rest],
    });
    s.act(Action::RemoveServer { node: gone });
    s.say(format!(
        "{} is cut off, and {} removes it. The others commit the new configuration; {} never receives it and still thinks it is a member.",
        Name(gone),
        Name(leader),
        Name(gone)
    ));
    s.wait(700 * MS);
    s.act(Action::Heal);
    if pre_vote {
        s.say(format!(
            "The network heals. {} times out and sends PreVote requests: the others heard from their leader within an election timeout, and its log lacks the newest entries, so they refuse.",
            Name(gone)
        ));
        s.wait(1500 * MS);
        s.say("Nobody's term moved and the leader leads on: PreVote keeps the removed server from disrupting. (CheckQuorum's lease does too: servers that heard from a leader ignore a RequestVote.) Crash it to stop its asking.");
    } else {
        s.say(format!(
            "The network heals. {} times out and sends RequestVote with a higher term: every member adopts the term, and the leader steps down.",
            Name(gone)
        ));
        s.wait(1500 * MS);
        s.say(format!(
            "{} cannot win (its log is behind), but each of its timeouts deposes the leader again. Crash it, or turn on PreVote: see the next scenario.",
            Name(gone)
        ));
    }
    s.finish(id, title, 500 * MS)
}

pub(super) fn removed_server_disrupts() -> Scenario {
    removed_server(
        false,
        "removed-disrupts",
        "A removed server disrupts the cluster",
    )
}

pub(super) fn removed_server_pre_vote() -> Scenario {
    removed_server(
        true,
        "removed-pre-vote",
        "PreVote stops a removed server's disruption",
    )
}

/// Ongaro's 2015 raft-dev example: configuration changes from leaders of different terms
/// overlap when a leader changes the configuration before committing an entry of its term.
pub(super) fn break_early_change() -> Scenario {
    let switches = UnsafeSwitches {
        change_before_own_term_commit: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::new(unsafe_config(4, switches), 2015);
    s.say("Break Raft: a leader may change the configuration before it has committed an entry of its own term (switch on), the bug Ongaro found in single-server changes in 2015. Four servers; election timeouts are 1–2 s, so the story decides who campaigns.");
    s.wait(10 * MS);
    s.act(Action::ForceTimeout { node: 0 });
    s.until(|c| c.leader() == Some(0));
    s.act(Action::SetPartition {
        groups: vec![vec![0], vec![1, 2, 3]],
    });
    s.act(Action::AddServer { node: 4 });
    s.say("S1 leads term 1 and is cut off from S2–S4. It adds S5 at once: the configuration {S1 … S5} at index 1 reaches only S5, not committed.");
    s.wait(40 * MS);
    s.act(Action::ForceTimeout { node: 1 });
    s.until(|c| c.node(1).is_some_and(|n| n.role() == Role::Leader));
    s.act(Action::SetPartition {
        groups: vec![vec![1, 2], vec![0, 3, 4]],
    });
    s.act(Action::RemoveServer { node: 0 });
    s.say("S2 wins term 2 with S3 and S4, and before committing anything of term 2 removes S1: {S2 S3 S4} at index 1. With S4 now cut off, S2 and S3 are a majority of that configuration, and commit it.");
    s.until(|c| c.node(2).is_some_and(|n| n.commit_index() >= 1));
    s.wait(100 * MS);
    s.act(Action::ForceTimeout { node: 0 });
    s.say("S1 runs again. By its configuration {S1 … S5}, S1, S4 and S5 are a majority, and none of them has S2's entry: S4 and S5 vote for it.");
    s.until(|c| {
        c.node(0)
            .is_some_and(|n| n.role() == Role::Leader && n.term() > 2)
    });
    s.say("S1 leads without the committed entry at index 1: Leader Completeness is broken, and the safety panel says so. Two configurations of different terms overlapped; with the rule kept, both changes are refused.");
    s.finish(
        "break-early-change",
        "Break Raft: change the configuration before committing in the term",
        800 * MS,
    )
}

/// Where membership meets compaction: a server added after the leader discarded its early
/// entries catches up by InstallSnapshot (§4.2.1 with chapter 5), then by AppendEntries, and
/// then votes.
pub(super) fn add_server_by_snapshot() -> Scenario {
    let mut config = page_config(3);
    config.node.snapshot_every = 5;
    let mut s = Script::new(config, 35);
    s.say("Three servers that snapshot every 5 applied entries (chapter 5). We will add a fourth after the leader has discarded the start of its log.");
    s.until(|c| c.leader().is_some());
    for value in 1..=12 {
        s.act(Action::Propose {
            to: Target::Leader,
            value,
        });
        s.wait(100 * MS);
    }
    s.until(|c| {
        c.leader()
            .and_then(|l| c.node(l))
            .is_some_and(|l| l.snapshot_index() >= 10 && leader_settled(c))
    });
    let leader = s.leader();
    s.say(format!(
        "Twelve values are committed. {} has snapshotted twice and discarded its log up to the snapshot: the block at the start of its log.",
        Name(leader)
    ));
    s.wait(100 * MS);
    s.act(Action::AddServer { node: 3 });
    s.say(format!(
        "Add S4. {} appends the configuration entry {{S1 S2 S3 S4}} and uses it at once (§4.1). S4's log is empty, so it needs entry 1, which {} no longer has: it sends InstallSnapshot.",
        Name(leader),
        Name(leader)
    ));
    s.until(|c| c.node(3).is_some_and(|n| n.snapshot_index() > 0));
    s.say("S4 installs the snapshot: its state machine jumps to the snapshot's sum and its log starts after it. The entries after the snapshot, the configuration entry among them, follow as AppendEntries.");
    s.until(|c| {
        let (Some(l), Some(new)) = (c.leader().and_then(|l| c.node(l)), c.node(3)) else {
            return false;
        };
        new.log() == l.log()
            && new.commit_index() == l.commit_index()
            && new.last_applied() == l.last_applied()
    });
    s.wait(100 * MS);
    s.act(Action::Crash { node: leader });
    s.say(format!(
        "S4 has caught up and is a voting member. Crash {}: of the four, three are left, and a new leader needs 3 votes, so S4's vote is needed.",
        Name(leader)
    ));
    s.until(|c| c.leader().is_some_and(|l| l != leader));
    let new = s.leader();
    if new == 3 {
        s.say("S4 itself wins, with two of the others' votes: it campaigns and counts like any other member.");
    } else {
        s.say(format!(
            "{} wins with S4's vote. S4 counts in the majority like any other member.",
            Name(new)
        ));
    }
    s.finish(
        "add-server-snapshot",
        "Adding a server that catches up by snapshot",
        600 * MS,
    )
}
