//! The leadership-transfer scenarios (dissertation §3.10): a transfer done right, and one that
//! skips the catch-up with voters trusting the target's log.

use alloc::format;

use super::{page_config, unsafe_config, Scenario, Script};
use crate::config::UnsafeSwitches;
use crate::sim::{Action, Target};
use crate::state::Role;
use crate::types::{Name, MS};

/// A leader hands over to a follower that was down: it stops taking proposals, catches the
/// follower up, then sends TimeoutNow; the follower wins the next term at once.
pub(super) fn leadership_transfer() -> Scenario {
    let mut s = Script::new(page_config(5), 31);
    s.say("Leadership transfer (dissertation §3.10): a leader can hand its role to a chosen follower, for example before it is taken down for maintenance. First an election, as usual.");
    s.until(|c| c.leader().is_some());
    s.wait(100 * MS);
    let leader = s.leader();
    let term = s.cluster.node(leader).map_or(0, |n| n.term());
    let target = (leader + 2) % 5;
    s.act(Action::Crash { node: target });
    for value in 1..=3 {
        s.act(Action::Propose {
            to: Target::Leader,
            value,
        });
    }
    s.say(format!(
        "{} leads term {term}. {} crashes, and a client submits three values: the other four store and commit them, so {} will lag behind.",
        Name(leader),
        Name(target),
        Name(target)
    ));
    s.wait(300 * MS);
    s.act(Action::Restart { node: target });
    s.act(Action::TransferLeadership { to: target });
    s.say(format!(
        "{} restarts, and the user asks {} to hand leadership to it. A leader transfers only to a server that is up to date, so {} first sends {} the entries it lacks, and takes no new proposals meanwhile.",
        Name(target),
        Name(leader),
        Name(leader),
        Name(target)
    ));
    s.wait(10 * MS);
    s.act(Action::Propose {
        to: Target::Node(leader),
        value: 4,
    });
    s.say(format!(
        "A client's value 4 reaches {}: refused, with the reason (a transfer is under way) and the server about to lead, so the client can retry there.",
        Name(leader)
    ));
    s.until(|c| c.node(target).is_some_and(|n| n.role() != Role::Follower));
    s.say(format!(
        "{}'s log now matches {}'s last index, so {} sends TimeoutNow. {} starts an election at once, in term {}, without waiting for its timer.",
        Name(target),
        Name(leader),
        Name(leader),
        Name(target),
        term + 1
    ));
    s.until(|c| c.leader() == Some(target));
    s.say(format!(
        "{}'s log is as up-to-date as anyone's, so the voters grant (they still check its log, §5.4.1). {} leads term {}; {} saw the higher term and became a follower.",
        Name(target),
        Name(target),
        term + 1,
        Name(leader)
    ));
    s.wait(100 * MS);
    s.act(Action::Propose {
        to: Target::Leader,
        value: 4,
    });
    s.say(format!(
        "The client sends value 4 again, now to {}, which appends and commits it. A transfer that does not finish within an election timeout is abandoned, and the old leader takes proposals again.",
        Name(target)
    ));
    s.finish("leadership-transfer", "A leadership transfer", 500 * MS)
}

/// The unsafe transfer: TimeoutNow before the target is caught up, and voters that grant a
/// transfer candidate's vote without comparing logs. The target leads without the committed
/// entries: Leader Completeness breaks.
pub(super) fn break_transfer() -> Scenario {
    let switches = UnsafeSwitches {
        trust_transfer_target: true,
        ..UnsafeSwitches::default()
    };
    let mut s = Script::new(unsafe_config(3, switches), 32);
    s.say("Break Raft: a hasty leadership transfer (switch on). The leader sends TimeoutNow without first bringing the target up to date, and voters grant a transfer candidate's vote without comparing logs. Election timeouts are 1–2 s here, so the story decides who campaigns.");
    s.wait(10 * MS);
    // A fixed latency, and the restart below placed between heartbeats, keep any old
    // AppendEntries off the wire to S3: what it learns, it learns from the transfer.
    s.act(Action::SetLatency {
        min: 10 * MS,
        max: 10 * MS,
    });
    s.act(Action::Crash { node: 2 });
    s.act(Action::ForceTimeout { node: 0 });
    s.say("S3 is down. S1 wins term 1 with S2's vote (2 of 3 is a majority).");
    s.until(|c| c.leader() == Some(0));
    for value in 1..=3 {
        s.act(Action::Propose {
            to: Target::Node(0),
            value,
        });
    }
    s.say("A client submits three values; S1 and S2 store them, so S1 commits all three. S3's log is empty.");
    s.until(|c| c.node(0).is_some_and(|n| n.commit_index() == 3));
    s.wait(60 * MS);
    let heartbeat = s.cluster.node(0).map_or(0, |n| n.timer().armed_at);
    s.cluster.advance_to(heartbeat + 15 * MS);
    s.act(Action::Restart { node: 2 });
    s.act(Action::TransferLeadership { to: 2 });
    s.say("S3 restarts and S1 is asked to hand leadership to it. Safe Raft would send S3 the three entries first; with the switch on, TimeoutNow goes at once.");
    s.until(|c| c.node(2).is_some_and(|n| n.role() == Role::Candidate));
    s.say("S3 campaigns for term 2 with an empty log. The voters trust a transfer candidate: S2 grants without the log check of §5.4.1 (with the switch off, it would refuse: its log is more up-to-date).");
    s.until(|c| c.leader() == Some(2));
    s.say("S3 leads term 2 without the three committed entries: Leader Completeness is broken. Catching up is what lets a transfer succeed; the voters' log check is what keeps it safe, and a transfer never skips it.");
    s.wait(50 * MS);
    s.act(Action::Propose {
        to: Target::Node(2),
        value: 9,
    });
    s.say("A client's value 9 goes to S3 at index 1. Its AppendEntries make S1 and S2 delete the committed values 1–3.");
    s.finish(
        "break-transfer",
        "Break Raft: transfer to a target that is not caught up",
        400 * MS,
    )
}
