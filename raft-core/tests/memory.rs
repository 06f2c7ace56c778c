//! Memory over a long session, counted in bytes by a counting allocator (not timed): a session
//! keeps its tape of actions, a few dozen bytes each, and checkpoints that stay within their
//! byte limit, however many actions come. Checkpoints are the cluster's state, never a copy of
//! the session's history.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use raft_core::sim::{Action, Cluster, Recording, SimConfig, Target, Timeline};
use raft_core::types::{MS, SECOND};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The tests of this file measure one at a time: the count is process-wide.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The most a recorded action may cost, all told (its place on the tape, its mark, and the
/// tape vector's spare capacity): what the issue calls a few dozen bytes.
const BYTES_PER_ACTION: usize = 160;

/// A pseudo-random stream of the page's actions, a few ms apart, as a user at top speed makes
/// them; `proposals` says whether client values are among them (they grow the logs, which are
/// the cluster's state, not the tape).
struct Session {
    timeline: Timeline,
    x: u64,
    proposals: bool,
    done: usize,
}

impl Session {
    fn new(proposals: bool) -> Self {
        Self::with_timeline(proposals, Timeline::new)
    }

    /// A session on a timeline made by `make` from its recording.
    fn with_timeline(
        proposals: bool,
        make: impl FnOnce(Recording) -> Result<Timeline, raft_core::sim::ReplayError>,
    ) -> Self {
        let config = SimConfig {
            trace_capacity: Some(4096),
            ..SimConfig::default()
        };
        Session {
            timeline: make(Recording::new(config, 7)).unwrap(),
            x: 42,
            proposals,
            done: 0,
        }
    }

    fn random(&mut self, n: u64) -> u64 {
        self.x = self
            .x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.x >> 33) % n
    }

    /// Runs until `count` actions in all were recorded.
    fn run_to(&mut self, count: usize) {
        while self.done < count {
            let gap = (1 + self.random(20)) * MS;
            self.timeline.advance_by(gap);
            let node = self.random(5) as u8;
            let action = match self.random(if self.proposals { 8 } else { 7 }) {
                0 => Action::SetLoss {
                    probability: self.random(30) as f64 / 100.0,
                },
                1 => Action::SetLatency {
                    min: (5 + self.random(10)) * MS,
                    max: (20 + self.random(30)) * MS,
                },
                2 => Action::SetPartition {
                    groups: vec![vec![node], vec![(node + 1) % 5, (node + 2) % 5]],
                },
                3 => Action::Heal,
                4 => Action::Crash { node },
                5 => Action::Restart { node },
                6 => Action::ForceTimeout { node },
                _ => Action::Propose {
                    to: Target::Leader,
                    value: self.done as u64,
                },
            };
            if self.timeline.act(action).is_ok() {
                self.done += 1;
            }
        }
    }
}

#[test]
fn a_long_session_grows_only_by_its_tape() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // At most 64 checkpoints, as Timeline::new kept before its checkpoints were spaced by
    // steps: they are full by 20,000 actions, so what grows after is what the session keeps.
    // (Timeline::new's checkpoints now fill their byte limit more slowly, a few steps apart,
    // so that seeks stay cheap: a_seek_costs_about_the_same… bounds all of its memory.)
    let mut session = Session::with_timeline(false, |r| Timeline::with_limits(r, 2 * SECOND, 64));
    // Past the start-up: checkpoints are full, so from here on only the tape and its marks
    // should grow.
    session.run_to(20_000);
    let at_20k = live();
    session.run_to(100_000);
    let at_100k = live();
    let per_action = at_100k.saturating_sub(at_20k) / 80_000;
    assert!(
        per_action <= BYTES_PER_ACTION,
        "memory grew by {} bytes over 80,000 actions: {per_action} bytes per action (at most \
         {BYTES_PER_ACTION}); {} checkpoints hold an estimated {} bytes",
        at_100k.saturating_sub(at_20k),
        session.timeline.checkpoint_count(),
        session.timeline.checkpoint_bytes(),
    );
    assert_eq!(session.timeline.recording().actions.len(), 100_000);
}

#[test]
fn a_long_session_with_proposals_stays_within_the_checkpoint_limit_and_its_tape() {
    // Proposals grow every log, so each checkpoint grows too: the checkpoints' byte limit
    // (16 MB) thins them, so all told memory is the cluster, the limit and the tape.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let base = live();
    let mut session = Session::new(true);
    session.run_to(100_000);
    let used = live().saturating_sub(base);
    let bound = (16 << 20) + 100_000 * BYTES_PER_ACTION + (8 << 20);
    assert!(
        used <= bound,
        "a session of 100,000 actions holds {used} bytes (bound {bound}): {} checkpoints, an \
         estimated {} bytes",
        session.timeline.checkpoint_count(),
        session.timeline.checkpoint_bytes(),
    );
    assert!(session.timeline.checkpoint_bytes() <= 16 << 20);
}

#[test]
fn a_checkpoints_estimate_counts_what_it_holds() {
    // The byte limit only bounds memory if each checkpoint's estimate counts what the copy
    // really holds (logs, trace, elections, checker, network), however many actions came.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut session = Session::new(true);
    for actions in [1_000, 30_000] {
        session.run_to(actions);
        let cluster: &Cluster = session.timeline.cluster();
        let before = live();
        let copy = cluster.snapshot(256);
        let held = live() - before;
        let estimate = copy.approx_bytes();
        assert!(
            held <= estimate,
            "after {actions} actions a checkpoint holds {held} bytes, estimated {estimate}"
        );
        drop(copy);
    }
}

/// The most steps (events run and taped actions applied) a seek may re-simulate after 100,000
/// actions, anywhere in the run, when checkpoints keep a constant size: they are 512 steps
/// apart and fit the byte limit unthinned. Before checkpoints were spaced by steps (by virtual
/// time only, at most 64 of them), a seek there re-simulated 3,738 steps, 12 times what
/// it did after 1,000 actions.
const SEEK_STEPS: u64 = 1024;
/// The same with proposals: every checkpoint carries the logs, which grow, so the byte limit
/// thins the checkpoints (each thinning doubles their spacing); twice in such a session.
const SEEK_STEPS_WITH_PROPOSALS: u64 = 2048;

/// The most and the mean steps re-simulated by seeks to 40 moments spread over the run so far,
/// each made from the frontier (the cursor goes back there afterwards, uncounted).
fn seek_costs(session: &mut Session) -> (u64, u64) {
    let horizon = session.timeline.horizon();
    let mut costs = Vec::new();
    for k in 1..=40u64 {
        let target = horizon / 41 * k;
        let before = session.timeline.steps_simulated();
        session.timeline.seek(target);
        assert_eq!(session.timeline.now(), target);
        costs.push(session.timeline.steps_simulated() - before);
        session.timeline.seek(horizon);
    }
    assert!(!session.timeline.in_past());
    let most = costs.iter().copied().max().unwrap_or(0);
    (most, costs.iter().sum::<u64>() / costs.len() as u64)
}

#[test]
fn a_seek_costs_about_the_same_after_100_000_actions_as_after_1_000() {
    // Time travel must not get slower as a session grows: the checkpoints, kept within their
    // byte limit, stay a bounded number of steps apart, so a seek anywhere re-simulates a
    // bounded number of them. Cost is counted in steps (deterministic), not timed. With
    // proposals every checkpoint carries longer logs, so the byte limit thins them sooner.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for proposals in [false, true] {
        let base = live();
        let mut session = Session::new(proposals);
        session.run_to(1_000);
        let (most_1k, mean_1k) = seek_costs(&mut session);
        session.run_to(100_000);
        let (most_100k, mean_100k) = seek_costs(&mut session);
        let used = live().saturating_sub(base);
        let report = format!(
            "proposals {proposals}: a seek re-simulated at most {most_1k} steps (mean {mean_1k}) \
             after 1,000 actions, {most_100k} (mean {mean_100k}) after 100,000; {} checkpoints \
             of ~{} bytes; {used} bytes live",
            session.timeline.checkpoint_count(),
            session.timeline.checkpoint_bytes(),
        );
        println!("{report}");
        if proposals {
            assert!(most_100k <= SEEK_STEPS_WITH_PROPOSALS, "{report}");
        } else {
            // Checkpoints of a constant size fit the byte limit unthinned: the same spacing.
            assert!(most_100k <= SEEK_STEPS, "{report}");
            assert!(most_100k <= 2 * most_1k, "{report}");
        }
        // Memory: the checkpoints' limit, the tape, and the cluster itself.
        let bound = (16 << 20) + 100_000 * BYTES_PER_ACTION + (8 << 20);
        assert!(used <= bound, "{report} (bound {bound} bytes)");
        assert!(session.timeline.checkpoint_bytes() <= 16 << 20, "{report}");
        drop(session);
    }
}
