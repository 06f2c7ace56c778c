//! The browser binding of the Raft cluster simulator: a `Playground` class for the page.
//!
//! It only converts: JS numbers and objects in, checked and turned into raft-core types;
//! per-frame state out as flat `Float64Array`s with the strides of www/src/view.ts; trace pages
//! and small results out as plain JS objects built field by field (no serialization framework:
//! serde-wasm-bindgen made the wasm ~40 KB larger, 17 KB gzipped); every refusal out as a JS
//! `Error` with a clear message. The cluster runs on a timeline (raft-core's `Timeline`), so
//! the page can seek back and forth, fork by acting in the past and share a run as a link
//! (scenarios are links too, in the page's catalogue). The Raft logic lives in raft-core. Nothing here panics:
//! release builds abort on a panic, so every input is checked instead.

// The wasm leaves std out: its panic and formatting machinery was a large part of the
// download, and nothing here panics (if something did, the wasm traps). Tests turn the `std`
// feature on (web/Cargo.toml): their harness links std, which brings its own panic handler.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // Debug builds say what went wrong; release builds carry no formatting code for it.
    #[cfg(debug_assertions)]
    {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(js_namespace = console, js_name = error)]
            fn console_error(text: &str);
        }
        console_error(&alloc::string::ToString::to_string(_info));
    }
    core::arch::wasm32::unreachable()
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod config;
pub mod convert;
pub mod events;
pub mod sim;
pub mod view;

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::config::{Raw, RawConfig};
use crate::events::Sink;
use crate::sim::Sim;

fn js_err(message: String) -> JsError {
    JsError::new(&message)
}

/// A seed for a config that names none: 32 random bits, so it survives a URL and the page's
/// seed field alike.
fn random_seed() -> Result<u64, JsError> {
    getrandom::u32().map(u64::from).map_err(|_| {
        js_err(String::from(
            "no seed given and no random source available (getrandom found no crypto.getRandomValues): \
             pass a seed",
        ))
    })
}

/// A JS value as the config check sees it.
fn raw(value: &JsValue) -> Raw {
    if let Some(x) = value.as_f64() {
        Raw::Num(x)
    } else if let Some(b) = value.as_bool() {
        Raw::Bool(b)
    } else if let Some(s) = value.as_string() {
        Raw::Str(s)
    } else if value.is_undefined() || value.is_null() {
        Raw::Null
    } else if Array::is_array(value) {
        Raw::Other("an array")
    } else if value.is_bigint() {
        Raw::Other("a BigInt")
    } else if value.is_function() {
        Raw::Other("a function")
    } else {
        Raw::Other("an object")
    }
}

/// The config object's own enumerable fields.
fn read_config(config: &JsValue) -> Result<RawConfig, JsError> {
    match raw(config) {
        Raw::Null => return Ok(RawConfig::default()),
        Raw::Other("an object") => {}
        other => {
            return Err(js_err(raft_core::text!(
                "config must be an object like {nodes: 5, seed: 1}, got ",
                &other
            )))
        }
    }
    let object: &Object = config.unchecked_ref();
    let keys = Object::keys(object);
    let mut entries = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let value = Reflect::get(config, &key)
            .map_err(|_| js_err(String::from("invalid config: a field cannot be read")))?;
        entries.push((key.as_string().unwrap_or_default(), raw(&value)));
    }
    RawConfig::from_entries(entries).map_err(js_err)
}

/// `number[][]` from JS, checked for shape only (the ids are checked by the simulator side).
fn read_groups(groups: &JsValue) -> Result<Vec<Vec<f64>>, JsError> {
    let bad = || {
        js_err(String::from(
            "setPartition expects an array of arrays of node ids, e.g. [[0, 1], [2]]",
        ))
    };
    if !Array::is_array(groups) {
        return Err(bad());
    }
    let groups: &Array = groups.unchecked_ref();
    let mut out = Vec::with_capacity(groups.length() as usize);
    for group in groups.iter() {
        if !Array::is_array(&group) {
            return Err(bad());
        }
        let group: Array = group.unchecked_into();
        let mut ids = Vec::with_capacity(group.length() as usize);
        for id in group.iter() {
            ids.push(id.as_f64().ok_or_else(bad)?);
        }
        out.push(ids);
    }
    Ok(out)
}

/// Fills a plain JS object, one property per field.
struct JsObject(Object);

impl JsObject {
    fn new() -> Self {
        JsObject(Object::new())
    }
    #[inline(never)]
    fn set(&mut self, key: &'static str, value: JsValue) {
        // Setting a property on a plain, fresh object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value);
    }
}

impl Sink for JsObject {
    fn num(&mut self, key: &'static str, value: f64) {
        self.set(key, JsValue::from_f64(value));
    }
    fn flag(&mut self, key: &'static str, value: bool) {
        self.set(key, JsValue::from_bool(value));
    }
    fn text(&mut self, key: &'static str, value: &str) {
        self.set(key, JsValue::from_str(value));
    }
}

/// A simulated Raft cluster in virtual time, driven by the page.
#[wasm_bindgen]
pub struct Playground {
    sim: Sim,
}

#[wasm_bindgen]
impl Playground {
    /// Builds a cold cluster. `config` is an object of optional fields (nodes, seed,
    /// electionTimeoutMinMs, electionTimeoutMaxMs, heartbeatMs, latencyMinMs, latencyMaxMs,
    /// loss, backtracking, preVote, checkQuorum, leaderNoop, maxEntriesPerAppend), or
    /// undefined for the defaults. Throws an Error naming a bad or unknown field.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "object | null")] config: Option<JsValue>,
    ) -> Result<Playground, JsError> {
        let config = config.unwrap_or(JsValue::UNDEFINED);
        let parsed = config::parse(&read_config(&config)?).map_err(js_err)?;
        let seed = match parsed.seed {
            Some(s) => s,
            None => random_seed()?,
        };
        Ok(Playground {
            sim: Sim::new(parsed, seed).map_err(js_err)?,
        })
    }

    /// Opens a share link (the text after '#', or with it): the run replayed to the moment the
    /// link names. Throws an Error saying what is wrong with a malformed, truncated, oversized
    /// or newer-version link.
    #[wasm_bindgen(js_name = fromLink)]
    pub fn from_link(text: &str) -> Result<Playground, JsError> {
        Ok(Playground {
            sim: Sim::from_link(text).map_err(js_err)?,
        })
    }

    /// Number of nodes.
    #[wasm_bindgen(getter, js_name = nodeCount)]
    pub fn node_count(&self) -> u32 {
        self.sim.node_count() as u32
    }

    /// The seed of this run.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> f64 {
        self.sim.seed()
    }

    /// Virtual time, ms.
    pub fn now(&self) -> f64 {
        self.sim.now()
    }

    /// Runs `ms` more virtual milliseconds (0 to 3,600,000 per call).
    pub fn advance(&mut self, ms: f64) -> Result<(), JsError> {
        self.sim.advance(ms).map_err(js_err)
    }

    /// Runs exactly one event; returns its virtual time, ms.
    pub fn step(&mut self) -> Result<f64, JsError> {
        self.sim.step().map_err(js_err)
    }

    /// The furthest virtual time simulated on the current tape, ms.
    pub fn horizon(&self) -> f64 {
        self.sim.horizon()
    }

    /// True when the cursor is behind the horizon (acting now forks).
    #[wasm_bindgen(js_name = inPast)]
    pub fn in_past(&self) -> bool {
        self.sim.in_past()
    }

    /// How many times this run forked.
    pub fn forks(&self) -> f64 {
        self.sim.forks()
    }

    /// Moves the cursor to `ms` (0 ≤ ms ≤ horizon + one hour): back by restoring a checkpoint
    /// and re-simulating, forward by simulating. Every node's logVersion changes after a move
    /// back.
    pub fn seek(&mut self, ms: f64) -> Result<(), JsError> {
        self.sim.seek(ms).map_err(js_err)
    }

    /// One event back; false at the start of the run.
    #[wasm_bindgen(js_name = stepBack)]
    pub fn step_back(&mut self) -> bool {
        self.sim.step_back()
    }

    /// Runs to the next leader change ('leader'), commit ('commit') or split vote ('split'),
    /// at most `limitMs` (up to 3,600,000); false when none came.
    #[wasm_bindgen(js_name = runUntil)]
    pub fn run_until(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "'leader' | 'commit' | 'split'")] kind: JsValue,
        #[wasm_bindgen(js_name = limitMs)] limit_ms: f64,
    ) -> Result<bool, JsError> {
        self.sim.run_until(&raw(&kind), limit_ms).map_err(js_err)
    }

    /// Changes whenever marks were added or dropped: refetch `marks()` only then.
    #[wasm_bindgen(js_name = marksVersion)]
    pub fn marks_version(&self) -> f64 {
        self.sim.marks_version()
    }

    /// Every mark up to the horizon: MARK_STRIDE numbers each, [at, kind, a, b] (view.ts
    /// `MarkKindCode`).
    pub fn marks(&mut self) -> Float64Array {
        Float64Array::from(self.sim.marks())
    }

    /// The share link of the run at the cursor ("r1.…", no '#'). Throws when the run does not
    /// fit in a link (past its first hour, or too many actions).
    pub fn link(&self) -> Result<String, JsError> {
        self.sim.link().map_err(js_err)
    }

    /// The options this run was built with (view.ts `RunOptions`).
    #[wasm_bindgen(
        unchecked_return_type = "{ nodes: number; seed: number; electionTimeoutMinMs: number; electionTimeoutMaxMs: number; heartbeatMs: number; latencyMinMs: number; latencyMaxMs: number; loss: number; backtracking: 'one-by-one' | 'by-conflict-term'; preVote: boolean; checkQuorum: boolean; leaderNoop: boolean }"
    )]
    pub fn options(&self) -> Object {
        let mut obj = JsObject::new();
        self.sim.options(&mut obj);
        obj.0
    }

    /// The network settings in force at the cursor: `{loss, latencyMinMs, latencyMaxMs}`.
    #[wasm_bindgen(
        unchecked_return_type = "{ loss: number; latencyMinMs: number; latencyMaxMs: number }"
    )]
    pub fn network(&self) -> Object {
        let mut obj = JsObject::new();
        self.sim.network(&mut obj);
        obj.0
    }

    /// Every recorded action, before and after the cursor, as `{atMs, text}`.
    #[wasm_bindgen(unchecked_return_type = "Array<{ atMs: number; text: string }>")]
    pub fn actions(&self) -> Array {
        let out = Array::new();
        for (at, text) in self.sim.actions() {
            let mut obj = JsObject::new();
            obj.num("atMs", at);
            obj.text("text", &text);
            out.push(&obj.0);
        }
        out
    }

    /// Virtual time of the next pending event, ms; -1 when none is pending.
    #[wasm_bindgen(js_name = nextEventAt)]
    pub fn next_event_at(&self) -> f64 {
        self.sim.next_event_at()
    }

    /// The node table: NODE_STRIDE numbers per node (view.ts `NodeCol`).
    pub fn nodes(&mut self) -> Float64Array {
        Float64Array::from(self.sim.nodes())
    }

    /// The messages on the wire: MSG_STRIDE numbers each (view.ts `MsgCol`).
    pub fn messages(&mut self) -> Float64Array {
        Float64Array::from(self.sim.messages())
    }

    /// The leader's nextIndex and matchIndex per node (view.ts `ProgressCol`).
    pub fn progress(&mut self) -> Float64Array {
        Float64Array::from(self.sim.progress())
    }

    /// Node `id`'s log: [term, value] per entry from index 1; value -1 for a no-op.
    pub fn log(&mut self, id: f64) -> Result<Float64Array, JsError> {
        self.sim.log(id).map(Float64Array::from).map_err(js_err)
    }

    /// The running leader with the highest term, or -1.
    pub fn leader(&self) -> f64 {
        self.sim.leader()
    }

    /// Trace records with seq ≥ `sinceSeq` (at most 200, timer resets left out), each a
    /// plain object `{seq, at, kind, ...}`.
    #[wasm_bindgen(
        unchecked_return_type = "Array<{ seq: number; at: number; kind: string; [field: string]: unknown }>"
    )]
    pub fn events(
        &self,
        #[wasm_bindgen(js_name = sinceSeq)] since_seq: f64,
    ) -> Result<Array, JsError> {
        let out = Array::new();
        for record in self.sim.events(since_seq).map_err(js_err)? {
            let mut obj = JsObject::new();
            events::write(record, &mut obj);
            out.push(&obj.0);
        }
        Ok(out)
    }

    /// Proposes `value` to node `node`; returns its log index, or throws naming the leader the
    /// node knows.
    pub fn propose(&mut self, node: f64, value: f64) -> Result<f64, JsError> {
        self.sim.propose(node, value).map_err(js_err)
    }

    /// Proposes `value` to the current leader; returns `{node, index}`, or throws when there is
    /// no leader.
    #[wasm_bindgen(js_name = proposeToLeader, unchecked_return_type = "{ node: number; index: number }")]
    pub fn propose_to_leader(&mut self, value: f64) -> Result<Object, JsError> {
        let (node, index) = self.sim.propose_to_leader(value).map_err(js_err)?;
        let mut obj = JsObject::new();
        obj.node("node", node);
        obj.num("index", index);
        Ok(obj.0)
    }

    /// Crashes a running node.
    pub fn crash(&mut self, node: f64) -> Result<(), JsError> {
        self.sim.crash(node).map_err(js_err)
    }

    /// Restarts a crashed node from its persistent state.
    pub fn restart(&mut self, node: f64) -> Result<(), JsError> {
        self.sim.restart(node).map_err(js_err)
    }

    /// Makes a running node's election timer fire now.
    #[wasm_bindgen(js_name = forceTimeout)]
    pub fn force_timeout(&mut self, node: f64) -> Result<(), JsError> {
        self.sim.force_timeout(node).map_err(js_err)
    }

    /// Splits the network into groups of node ids; nodes not named form one more group.
    #[wasm_bindgen(js_name = setPartition)]
    pub fn set_partition(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number[][]")] groups: JsValue,
    ) -> Result<(), JsError> {
        let groups = read_groups(&groups)?;
        self.sim.set_partition(&groups).map_err(js_err)
    }

    /// Joins all groups and restores all links.
    pub fn heal(&mut self) -> Result<(), JsError> {
        self.sim.heal().map_err(js_err)
    }

    /// Cuts the link from → to (one direction).
    #[wasm_bindgen(js_name = cutLink)]
    pub fn cut_link(&mut self, from: f64, to: f64) -> Result<(), JsError> {
        self.sim.cut_link(from, to).map_err(js_err)
    }

    /// Restores the link from → to.
    #[wasm_bindgen(js_name = restoreLink)]
    pub fn restore_link(&mut self, from: f64, to: f64) -> Result<(), JsError> {
        self.sim.restore_link(from, to).map_err(js_err)
    }

    /// Sets the probability of losing any one message, in [0, 1].
    #[wasm_bindgen(js_name = setLoss)]
    pub fn set_loss(&mut self, probability: f64) -> Result<(), JsError> {
        self.sim.set_loss(probability).map_err(js_err)
    }

    /// Sets the one-way latency range, ms.
    #[wasm_bindgen(js_name = setLatency)]
    pub fn set_latency(
        &mut self,
        #[wasm_bindgen(js_name = minMs)] min_ms: f64,
        #[wasm_bindgen(js_name = maxMs)] max_ms: f64,
    ) -> Result<(), JsError> {
        self.sim.set_latency(min_ms, max_ms).map_err(js_err)
    }

    /// The first safety violation the checker found, or null.
    #[wasm_bindgen(unchecked_return_type = "string | null")]
    pub fn violation(&self) -> JsValue {
        self.sim
            .violation()
            .map_or(JsValue::NULL, |text| JsValue::from_str(&text))
    }
}
