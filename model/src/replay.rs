//! A path the model checker found, replayed and told.
//!
//! The replay feeds every event of the path, in order, to raft-core's own incremental
//! [`Checker`], the one the simulator runs after every event. A counterexample the model's
//! state predicates found must also be one raft-core's checker reports: two independent
//! statements of Figure 3 agreeing on the same run.

use std::fmt::Write as _;

use raft_core::check::{Checker, NodeView, Violation};
use raft_core::log::Command;
use raft_core::message::Body;
use raft_core::{Message, Name};

use crate::world::{Action, RaftModel, Server, State};

/// The path from the initial state through `actions`, replayed: the text for people and the
/// first violation raft-core's checker saw on the way.
pub struct Replay {
    /// One line per step, then the final state.
    pub text: String,
    /// What raft-core's checker reported, if anything.
    pub violation: Option<Violation>,
}

/// Replays `actions` from the model's initial state.
pub fn replay(model: &RaftModel, actions: &[Action]) -> Replay {
    use stateright::Model as _;
    let mut state = model.init_states().remove(0);
    let logs: Vec<_> = state.servers.iter().map(|s| &s.persistent().log).collect();
    let terms: Vec<_> = state
        .servers
        .iter()
        .map(|s| s.persistent().current_term)
        .collect();
    let mut checker = Checker::new(&logs, &terms);
    let mut text = String::new();
    let mut position = 0u64;
    for (step, action) in actions.iter().enumerate() {
        let Some((next, stepped)) = model.apply(&state, action) else {
            let _ = writeln!(text, "{:>3}. {} cannot happen here", step + 1, say(action));
            break;
        };
        if stepped.restarted {
            checker.restarted(stepped.node);
        }
        if let Server::Up(node) = &next.servers[stepped.node as usize] {
            for event in &stepped.events {
                position += 1;
                let view = NodeView {
                    id: node.id(),
                    role: node.role(),
                    term: node.term(),
                    log: node.log(),
                    commit_index: node.commit_index(),
                    last_applied: node.last_applied(),
                    applied_digest: node.state_machine().digest(),
                    members: None,
                };
                checker.observe(position, 0, &view, event);
            }
        }
        state = next;
        let _ = writeln!(
            text,
            "{:>3}. {:<44} {}",
            step + 1,
            say(action),
            summary(&state)
        );
    }
    Replay {
        text,
        violation: checker.violation().cloned(),
    }
}

/// One action in words.
pub fn say(action: &Action) -> String {
    match action {
        Action::Timer(id) => format!("{} timer fires", Name(*id)),
        Action::Deliver(m) => format!("deliver {}", say_message(m)),
        Action::Propose(id, v) => format!("client proposes {v} to {}", Name(*id)),
        Action::Crash(id) => format!("{} crashes", Name(*id)),
        Action::Restart(id) => format!("{} restarts", Name(*id)),
    }
}

fn say_message(m: &Message) -> String {
    let what = match &m.body {
        Body::RequestVote(_) => "RequestVote".to_string(),
        Body::PreVote(_) => "PreVote".to_string(),
        Body::RequestVoteResponse(r) => format!("vote {}", yes_no(r.granted)),
        Body::PreVoteResponse(r) => format!("pre-vote {}", yes_no(r.granted)),
        Body::AppendEntries(a) => format!(
            "Append(prev {}/{}, {} entries, commit {})",
            a.prev_log_index,
            a.prev_log_term,
            a.entries.len(),
            a.leader_commit
        ),
        Body::AppendEntriesResponse(r) if r.success => {
            format!("Append ok (match {})", r.match_index)
        }
        Body::AppendEntriesResponse(r) => format!("Append refused (prev {})", r.prev_log_index),
        Body::InstallSnapshot(i) => format!(
            "InstallSnapshot({}/{})",
            i.snapshot.last_included_index, i.snapshot.last_included_term
        ),
        Body::InstallSnapshotResponse(r) => format!("InstallSnapshot ok (match {})", r.match_index),
        Body::TimeoutNow => "TimeoutNow".to_string(),
    };
    format!("{}→{} t{} {what}", Name(m.from), Name(m.to), m.term)
}

fn yes_no(granted: bool) -> &'static str {
    if granted {
        "granted"
    } else {
        "refused"
    }
}

/// Every server in one line: role, term, log (entry terms, with values), commit index.
pub fn summary(state: &State) -> String {
    let mut out = String::new();
    for (id, server) in state.servers.iter().enumerate() {
        let p = server.persistent();
        let log: Vec<String> = p
            .log
            .entries()
            .iter()
            .map(|e| match e.command {
                Command::Noop => format!("{}", e.term),
                Command::Value(v) => format!("{}:{v}", e.term),
                Command::Config(m) => format!("{}:config{:#b}", e.term, m.bits()),
            })
            .collect();
        let (role, commit) = match server {
            Server::Up(node) => (
                format!("{:?}", node.role())
                    .chars()
                    .take(4)
                    .collect::<String>(),
                node.commit_index(),
            ),
            Server::Down(_) => ("DOWN".to_string(), 0),
        };
        let _ = write!(
            out,
            "{} {role} t{} [{}] c{commit}  ",
            Name(id as u8),
            p.current_term,
            log.join(" ")
        );
    }
    out.trim_end().to_string()
}
