// The per-frame view contract between the wasm `Playground` (web/) and the page.
//
// Per-frame data crosses the boundary as flat Float64Arrays with fixed strides, so a frame costs
// a few small copies and no serialization. Times are virtual milliseconds (f64). `-1` means
// "none" wherever an id or time may be absent. web/src/view.rs writes exactly this layout; keep
// the two in step (the binding's tests check the strides).

/** Node roles, as numbers in the node table. */
export const Role = { Follower: 0, PreCandidate: 1, Candidate: 2, Leader: 3 } as const;
export type RoleCode = (typeof Role)[keyof typeof Role];

/** Columns of `Playground.nodes()`: one row per node, NODE_STRIDE numbers a row. */
export const NodeCol = {
  id: 0,
  role: 1,
  term: 2,
  votedFor: 3, // -1: no vote in this term
  up: 4, // 1 running, 0 crashed
  timerStart: 5, // when the current timer was (re)armed, virtual ms
  timerDeadline: 6, // when it fires, virtual ms
  timerKind: 7, // 0 election timeout, 1 heartbeat (leader)
  commitIndex: 8,
  lastIndex: 9,
  leaderHint: 10, // the leader this node believes in, -1 if none
  votesGranted: 11, // candidate / pre-candidate: votes received so far (self included)
  votesRefused: 12,
  group: 13, // partition group index (0 when the network is whole)
  logVersion: 14, // changes whenever this node's log changes: refetch log(id) only then
} as const;
export const NODE_STRIDE = 15;

/** Message kinds in the message table. */
export const MsgKind = {
  RequestVote: 0,
  RequestVoteResponse: 1,
  PreVote: 2,
  PreVoteResponse: 3,
  AppendEntries: 4, // entryCount 0 = heartbeat
  AppendEntriesResponse: 5,
} as const;
export type MsgKindCode = (typeof MsgKind)[keyof typeof MsgKind];

/** Why a message is (or will be) dropped. */
export const DropReason = { None: 0, Loss: 1, Partition: 2, LinkCut: 3, NodeDown: 4 } as const;

/** Columns of `Playground.messages()`: one row per message in flight (or bursting). */
export const MsgCol = {
  id: 0,
  from: 1,
  to: 2,
  kind: 3,
  term: 4,
  sentAt: 5,
  arriveAt: 6, // when it would arrive
  dropAt: 7, // -1 when it will be delivered; else the virtual time it is lost
  dropReason: 8,
  entryCount: 9, // AppendEntries only
  ok: 10, // responses: 1 granted / success, 0 refused / rejected
  prevIndex: 11, // AppendEntries: prevLogIndex; responses: the index it answers about
} as const;
export const MSG_STRIDE = 12;

/** Columns of `Playground.progress()`: one row per node, the current leader's view of it. */
export const ProgressCol = {
  nextIndex: 0, // -1 when there is no leader, or for the leader itself
  matchIndex: 1,
} as const;
export const PROGRESS_STRIDE = 2;

/**
 * `Playground.log(id)`: LOG_STRIDE numbers per entry, index 1 first:
 * [term, value] where value is the submitted number, or -1 for a leader's no-op entry.
 */
export const LOG_STRIDE = 2;

export interface NodeView {
  id: number;
  role: RoleCode;
  term: number;
  votedFor: number;
  up: boolean;
  timerStart: number;
  timerDeadline: number;
  timerKind: number;
  commitIndex: number;
  lastIndex: number;
  leaderHint: number;
  votesGranted: number;
  votesRefused: number;
  group: number;
  logVersion: number;
}

export interface MessageView {
  id: number;
  from: number;
  to: number;
  kind: MsgKindCode;
  term: number;
  sentAt: number;
  arriveAt: number;
  dropAt: number;
  dropReason: number;
  entryCount: number;
  ok: boolean;
  prevIndex: number;
}

export interface LogEntryView {
  term: number;
  value: number; // -1: no-op
}

export function decodeNodes(a: Float64Array): NodeView[] {
  const out: NodeView[] = [];
  for (let o = 0; o + NODE_STRIDE <= a.length; o += NODE_STRIDE) {
    out.push({
      id: a[o + NodeCol.id],
      role: a[o + NodeCol.role] as RoleCode,
      term: a[o + NodeCol.term],
      votedFor: a[o + NodeCol.votedFor],
      up: a[o + NodeCol.up] === 1,
      timerStart: a[o + NodeCol.timerStart],
      timerDeadline: a[o + NodeCol.timerDeadline],
      timerKind: a[o + NodeCol.timerKind],
      commitIndex: a[o + NodeCol.commitIndex],
      lastIndex: a[o + NodeCol.lastIndex],
      leaderHint: a[o + NodeCol.leaderHint],
      votesGranted: a[o + NodeCol.votesGranted],
      votesRefused: a[o + NodeCol.votesRefused],
      group: a[o + NodeCol.group],
      logVersion: a[o + NodeCol.logVersion],
    });
  }
  return out;
}

export function decodeMessages(a: Float64Array): MessageView[] {
  const out: MessageView[] = [];
  for (let o = 0; o + MSG_STRIDE <= a.length; o += MSG_STRIDE) {
    out.push({
      id: a[o + MsgCol.id],
      from: a[o + MsgCol.from],
      to: a[o + MsgCol.to],
      kind: a[o + MsgCol.kind] as MsgKindCode,
      term: a[o + MsgCol.term],
      sentAt: a[o + MsgCol.sentAt],
      arriveAt: a[o + MsgCol.arriveAt],
      dropAt: a[o + MsgCol.dropAt],
      dropReason: a[o + MsgCol.dropReason],
      entryCount: a[o + MsgCol.entryCount],
      ok: a[o + MsgCol.ok] === 1,
      prevIndex: a[o + MsgCol.prevIndex],
    });
  }
  return out;
}

export function decodeLog(a: Float64Array): LogEntryView[] {
  const out: LogEntryView[] = [];
  for (let o = 0; o + LOG_STRIDE <= a.length; o += LOG_STRIDE) {
    out.push({ term: a[o], value: a[o + 1] });
  }
  return out;
}

/**
 * The trace events the page reads through `Playground.events(sinceSeq)` (serde, occasional).
 * Each has `seq` (position in the trace), `at` (virtual ms) and `kind`; the other fields depend
 * on the kind. The page uses them for the event feed, split-vote notices and refusals.
 */
export interface TraceEventView {
  seq: number;
  at: number;
  kind: string;
  [field: string]: unknown;
}

/** The surface of the wasm Playground the page relies on (web/ implements it). */
export interface PlaygroundApi {
  readonly nodeCount: number;
  readonly seed: number;
  now(): number;
  advance(ms: number): void;
  /** Runs exactly one event; returns its virtual time. */
  step(): number;
  /** Virtual time of the next pending event. */
  nextEventAt(): number;
  nodes(): Float64Array;
  messages(): Float64Array;
  progress(): Float64Array;
  log(id: number): Float64Array;
  /** The leader with the highest term among running nodes, or -1. */
  leader(): number;
  events(sinceSeq: number): TraceEventView[];
  /** Propose to one node; returns the log index, or throws an Error naming the leader it knows. */
  propose(node: number, value: number): number;
  /** Propose to the current leader; returns {node, index} or throws when there is none. */
  proposeToLeader(value: number): { node: number; index: number };
  crash(node: number): void;
  restart(node: number): void;
  forceTimeout(node: number): void;
  /** Arbitrary groups; nodes not named form one more group together. */
  setPartition(groups: number[][]): void;
  heal(): void;
  cutLink(from: number, to: number): void;
  restoreLink(from: number, to: number): void;
  setLoss(probability: number): void;
  setLatency(minMs: number, maxMs: number): void;
  /** The first safety violation the checker found, or null. */
  violation(): string | null;
  free(): void;
}

// ----- Time travel, share links and scenarios (issue 4) -----

/** Mark kinds in `Playground.marks()`. */
export const MarkKindCode = {
  Term: 0, // a = the new highest term
  Leader: 1, // a = node, b = term
  Commit: 2, // a = the new highest commit index
  SplitVote: 3, // a = term
  Crash: 4, // a = node
  Action: 5, // a = index of the action in the recording
} as const;
/** `Playground.marks()`: MARK_STRIDE numbers per mark, in time order: [at (ms), kind, a, b]. */
export const MARK_STRIDE = 4;

/** What `runUntil` looks for. */
export type UntilKind = 'leader' | 'commit' | 'split';

/** A scenario's caption, shown from `at` (virtual ms) on. */
export interface CaptionView {
  at: number;
  text: string;
}

/** Message loss and latency as the cluster has them now. */
export interface NetworkView {
  loss: number;
  latencyMinMs: number;
  latencyMaxMs: number;
}

/** The options a run was built with (for the controls, after loading a link or scenario). */
export interface RunOptions {
  nodes: number;
  seed: number;
  electionTimeoutMinMs: number;
  electionTimeoutMaxMs: number;
  heartbeatMs: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  loss: number;
  backtracking: 'one-by-one' | 'by-conflict-term';
  preVote: boolean;
  checkQuorum: boolean;
  leaderNoop: boolean;
}

/**
 * The Playground runs on a timeline: every run is seed + config + timed actions, so the cursor
 * can move back (restore a checkpoint, re-simulate) as well as forward. Acting while the cursor
 * is behind the horizon forks: the later recorded actions are dropped and `forks()` grows.
 * A static constructor on the wasm class: `Playground.fromLink(text)` (throws an Error with a
 * clear message for any malformed, truncated, oversized or future-version link). Scenarios are
 * links too: www/src/scenarios.json (generated from raft-core, loaded lazily) lists them, and
 * wasm.ts opens them and supplies `scenarioId()` and `captions()`.
 */
export interface TimelineApi extends PlaygroundApi {
  /** The furthest virtual time simulated on the current tape (ms). */
  horizon(): number;
  /** True when the cursor is behind the horizon (acting now forks). */
  inPast(): boolean;
  /** How many times this run forked. */
  forks(): number;
  /** Moves the cursor to `ms` (0 ≤ ms; beyond the horizon runs forward, capped at 1 h). */
  seek(ms: number): void;
  /** One event back; false at the start. (`step()` is one event forward.) */
  stepBack(): boolean;
  /** Runs to the next leader change / commit / split vote, at most `limitMs`; false if none. */
  runUntil(kind: UntilKind, limitMs: number): boolean;
  /** Changes whenever marks were added or dropped (fork): refetch `marks()` only then. */
  marksVersion(): number;
  /** All marks up to the horizon, MARK_STRIDE numbers each. */
  marks(): Float64Array;
  /** The share link text for the run at the cursor ("r1.…", no '#'). */
  link(): string;
  /** The options of this run. */
  options(): RunOptions;
  /** The network settings in force at the cursor (they follow seeks and forks). */
  network(): NetworkView;
  /** Every recorded action (up to and beyond the cursor), described for people. */
  actions(): { atMs: number; text: string }[];
  /** The loaded scenario's id, or null. */
  scenarioId(): string | null;
  /** The loaded scenario's captions (empty when none). */
  captions(): CaptionView[];
}

/** The run file that "Export" writes and "Import" reads. `link` is authoritative; the other
 * fields are for people and tools. */
export interface RunFile {
  format: 'raft-playground-run';
  version: 1;
  link: string;
  cursorMs: number;
  options: RunOptions;
  actions: { atMs: number; text: string }[];
  trace: TraceEventView[];
}
