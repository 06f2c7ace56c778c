// The per-frame view contract between the wasm `Playground` (web/) and the page.
//
// Per-frame data crosses the boundary as flat Float64Arrays with fixed strides, so a frame costs
// a few small copies and no serialization. Times are virtual milliseconds (f64). `-1` means
// "none" wherever an id or time may be absent. The layouts (columns, strides) and codes are
// defined once, in web/src/view.rs, and exported by the generated module as plain JS objects
// (usable before the wasm is instantiated, and in tests that never instantiate it): this file
// names them for the page and spells no number of its own.

import {
  DropCode,
  LogCol,
  MarkCode,
  MarkCol,
  MsgCol,
  MsgKindCode,
  NodeCol,
  ProgressCol,
  RoleCode,
  TimerCode,
} from '../pkg/raft_playground_web.js';

export { DropCode, LogCol, MarkCode, MarkCol, MsgCol, MsgKindCode, NodeCol, ProgressCol, RoleCode, TimerCode };

/** Numbers per row of `Playground.nodes()`. */
export const NODE_STRIDE = NodeCol.Stride;
/** Numbers per row of `Playground.messages()`. */
export const MSG_STRIDE = MsgCol.Stride;
/** Numbers per row of `Playground.progress()`. */
export const PROGRESS_STRIDE = ProgressCol.Stride;
/** Numbers per entry of `Playground.log(id)`: [term, value], value -1 for a no-op. */
export const LOG_STRIDE = LogCol.Stride;
/** Numbers per mark of `Playground.marks()`, in time order: [at (ms), kind, a, b]. */
export const MARK_STRIDE = MarkCol.Stride;

// Structured values: their types are generated from the Rust types (tsify) into the .d.ts.
export type {
  ActionView,
  ActionWhat,
  AppendWhyView,
  ChangeAnswer,
  ChangeRefusalView,
  NodeInspection,
  VoteWhyView,
  Backtracking,
  Limits,
  NetworkView,
  Playground,
  PlaygroundConfig,
  Proposal,
  RunOptions,
  RunSlice,
  SeekSlice,
  TraceEventView,
  UntilKind,
  ViolationView,
} from '../pkg/raft_playground_web.js';

export interface NodeView {
  id: number;
  role: RoleCode;
  term: number;
  votedFor: number;
  up: boolean;
  timerStart: number;
  timerDeadline: number;
  timerKind: TimerCode;
  commitIndex: number;
  lastIndex: number;
  leaderHint: number;
  votesGranted: number;
  votesRefused: number;
  group: number;
  logVersion: number;
  /** The last index its log discarded (§7): `log(id)` starts at entry logOffset + 1. */
  logOffset: number;
  /** Its snapshot's last included index and term (0 without one). */
  snapshotIndex: number;
  snapshotTerm: number;
  /** lastApplied and its state machine (sum and count of applied values); -1 when crashed. */
  lastApplied: number;
  machineSum: number;
  machineCount: number;
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
  dropReason: DropCode;
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
      id: a[o + NodeCol.Id],
      role: a[o + NodeCol.Role] as RoleCode,
      term: a[o + NodeCol.Term],
      votedFor: a[o + NodeCol.VotedFor],
      up: a[o + NodeCol.Up] === 1,
      timerStart: a[o + NodeCol.TimerStart],
      timerDeadline: a[o + NodeCol.TimerDeadline],
      timerKind: a[o + NodeCol.TimerKind] as TimerCode,
      commitIndex: a[o + NodeCol.CommitIndex],
      lastIndex: a[o + NodeCol.LastIndex],
      leaderHint: a[o + NodeCol.LeaderHint],
      votesGranted: a[o + NodeCol.VotesGranted],
      votesRefused: a[o + NodeCol.VotesRefused],
      group: a[o + NodeCol.Group],
      logVersion: a[o + NodeCol.LogVersion],
      logOffset: a[o + NodeCol.LogOffset],
      snapshotIndex: a[o + NodeCol.SnapshotIndex],
      snapshotTerm: a[o + NodeCol.SnapshotTerm],
      lastApplied: a[o + NodeCol.LastApplied],
      machineSum: a[o + NodeCol.MachineSum],
      machineCount: a[o + NodeCol.MachineCount],
    });
  }
  return out;
}

export function decodeMessages(a: Float64Array): MessageView[] {
  const out: MessageView[] = [];
  for (let o = 0; o + MSG_STRIDE <= a.length; o += MSG_STRIDE) {
    out.push({
      id: a[o + MsgCol.Id],
      from: a[o + MsgCol.From],
      to: a[o + MsgCol.To],
      kind: a[o + MsgCol.Kind] as MsgKindCode,
      term: a[o + MsgCol.Term],
      sentAt: a[o + MsgCol.SentAt],
      arriveAt: a[o + MsgCol.ArriveAt],
      dropAt: a[o + MsgCol.DropAt],
      dropReason: a[o + MsgCol.DropReason] as DropCode,
      entryCount: a[o + MsgCol.EntryCount],
      ok: a[o + MsgCol.Ok] === 1,
      prevIndex: a[o + MsgCol.PrevIndex],
    });
  }
  return out;
}

export function decodeLog(a: Float64Array): LogEntryView[] {
  const out: LogEntryView[] = [];
  for (let o = 0; o + LOG_STRIDE <= a.length; o += LOG_STRIDE) {
    out.push({ term: a[o + LogCol.Term], value: a[o + LogCol.Value] });
  }
  return out;
}

/** A scenario's caption, shown from `at` (virtual ms) on. */
export interface CaptionView {
  at: number;
  text: string;
}
