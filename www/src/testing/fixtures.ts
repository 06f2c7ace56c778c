// Hand-built views for tests: the inverse of view.ts's decoders, plus a fake playground that
// serves them. Only tests import this.

import type { ViewSource } from '../render/scene.js';
import type { PlaygroundApi } from '../view.js';
import {
  LOG_STRIDE,
  MSG_STRIDE,
  type MessageView,
  MsgCol,
  NODE_STRIDE,
  NodeCol,
  type NodeView,
  PROGRESS_STRIDE,
  ProgressCol,
  Role,
  type TraceEventView,
} from '../view.js';

export function node(p: Partial<NodeView> & { id: number }): NodeView {
  return {
    role: Role.Follower,
    term: 1,
    votedFor: -1,
    up: true,
    timerStart: 0,
    timerDeadline: 200,
    timerKind: 0,
    commitIndex: 0,
    lastIndex: 0,
    leaderHint: -1,
    votesGranted: 0,
    votesRefused: 0,
    group: 0,
    logVersion: 0,
    ...p,
  };
}

export function encodeNodes(nodes: readonly NodeView[]): Float64Array {
  const a = new Float64Array(nodes.length * NODE_STRIDE);
  nodes.forEach((n, i) => {
    const o = i * NODE_STRIDE;
    a[o + NodeCol.id] = n.id;
    a[o + NodeCol.role] = n.role;
    a[o + NodeCol.term] = n.term;
    a[o + NodeCol.votedFor] = n.votedFor;
    a[o + NodeCol.up] = n.up ? 1 : 0;
    a[o + NodeCol.timerStart] = n.timerStart;
    a[o + NodeCol.timerDeadline] = n.timerDeadline;
    a[o + NodeCol.timerKind] = n.timerKind;
    a[o + NodeCol.commitIndex] = n.commitIndex;
    a[o + NodeCol.lastIndex] = n.lastIndex;
    a[o + NodeCol.leaderHint] = n.leaderHint;
    a[o + NodeCol.votesGranted] = n.votesGranted;
    a[o + NodeCol.votesRefused] = n.votesRefused;
    a[o + NodeCol.group] = n.group;
    a[o + NodeCol.logVersion] = n.logVersion;
  });
  return a;
}

export function message(p: Partial<MessageView> & { id: number; from: number; to: number }): MessageView {
  return {
    kind: 4,
    term: 1,
    sentAt: 0,
    arriveAt: 20,
    dropAt: -1,
    dropReason: 0,
    entryCount: 0,
    ok: false,
    prevIndex: 0,
    ...p,
  };
}

export function encodeMessages(msgs: readonly MessageView[]): Float64Array {
  const a = new Float64Array(msgs.length * MSG_STRIDE);
  msgs.forEach((m, i) => {
    const o = i * MSG_STRIDE;
    a[o + MsgCol.id] = m.id;
    a[o + MsgCol.from] = m.from;
    a[o + MsgCol.to] = m.to;
    a[o + MsgCol.kind] = m.kind;
    a[o + MsgCol.term] = m.term;
    a[o + MsgCol.sentAt] = m.sentAt;
    a[o + MsgCol.arriveAt] = m.arriveAt;
    a[o + MsgCol.dropAt] = m.dropAt;
    a[o + MsgCol.dropReason] = m.dropReason;
    a[o + MsgCol.entryCount] = m.entryCount;
    a[o + MsgCol.ok] = m.ok ? 1 : 0;
    a[o + MsgCol.prevIndex] = m.prevIndex;
  });
  return a;
}

/** Log of the given terms (values 1, 2, 3...). */
export function encodeLog(terms: readonly number[]): Float64Array {
  const a = new Float64Array(terms.length * LOG_STRIDE);
  terms.forEach((t, i) => {
    a[i * LOG_STRIDE] = t;
    a[i * LOG_STRIDE + 1] = i + 1;
  });
  return a;
}

export function encodeProgress(rows: readonly [number, number][]): Float64Array {
  const a = new Float64Array(rows.length * PROGRESS_STRIDE);
  rows.forEach(([next, match], i) => {
    a[i * PROGRESS_STRIDE + ProgressCol.nextIndex] = next;
    a[i * PROGRESS_STRIDE + ProgressCol.matchIndex] = match;
  });
  return a;
}

/** A settable stand-in for the wasm Playground's view methods. */
export class FakeView implements ViewSource {
  time = 0;
  nodeRows: NodeView[];
  msgs: MessageView[] = [];
  logs: number[][];
  progressRows: [number, number][];
  leaderId = -1;
  trace: TraceEventView[] = [];
  logCalls = 0;
  eventCalls: number[] = [];

  constructor(readonly nodeCount: number) {
    this.nodeRows = Array.from({ length: nodeCount }, (_, id) => node({ id }));
    this.logs = Array.from({ length: nodeCount }, () => []);
    this.progressRows = Array.from({ length: nodeCount }, (): [number, number] => [-1, -1]);
  }

  setNode(id: number, p: Partial<NodeView>): void {
    this.nodeRows[id] = { ...this.nodeRows[id], ...p };
  }

  /** Replaces a node's log and bumps its logVersion, as the binding does. */
  setLog(id: number, terms: number[]): void {
    this.logs[id] = terms;
    const n = this.nodeRows[id];
    this.nodeRows[id] = { ...n, lastIndex: terms.length, logVersion: n.logVersion + 1 };
  }

  now(): number {
    return this.time;
  }
  nodes(): Float64Array {
    return encodeNodes(this.nodeRows);
  }
  messages(): Float64Array {
    return encodeMessages(this.msgs);
  }
  progress(): Float64Array {
    return encodeProgress(this.progressRows);
  }
  log(id: number): Float64Array {
    this.logCalls++;
    return encodeLog(this.logs[id]);
  }
  leader(): number {
    return this.leaderId;
  }
  events(sinceSeq: number): TraceEventView[] {
    // Like the binding: seq >= sinceSeq, at most 200 a call.
    this.eventCalls.push(sinceSeq);
    return this.trace.filter((e) => e.seq >= sinceSeq).slice(0, 200);
  }
}

/** A whole fake PlaygroundApi over FakeView, recording the actions it receives. */
export class FakePlayground extends FakeView implements PlaygroundApi {
  readonly seed: number;
  calls: string[] = [];
  /** Set to make the next action throw, as the binding does with a JS Error. */
  failWith: string | null = null;
  freed = false;

  constructor(nodeCount: number, seed = 42) {
    super(nodeCount);
    this.seed = seed;
  }

  private record(call: string): void {
    if (this.failWith !== null) {
      const msg = this.failWith;
      this.failWith = null;
      throw new Error(msg);
    }
    this.calls.push(call);
  }

  advance(ms: number): void {
    this.record(`advance`);
    this.time += ms;
  }
  step(): number {
    this.record('step');
    this.time += 1;
    return this.time;
  }
  nextEventAt(): number {
    return this.time + 1;
  }
  propose(node: number, value: number): number {
    this.record(`propose ${node} ${value}`);
    return 1;
  }
  proposeToLeader(value: number): { node: number; index: number } {
    this.record(`proposeToLeader ${value}`);
    return { node: 0, index: value };
  }
  crash(node: number): void {
    this.record(`crash ${node}`);
  }
  restart(node: number): void {
    this.record(`restart ${node}`);
  }
  forceTimeout(node: number): void {
    this.record(`forceTimeout ${node}`);
  }
  setPartition(groups: number[][]): void {
    this.record(`setPartition ${JSON.stringify(groups)}`);
  }
  heal(): void {
    this.record('heal');
  }
  cutLink(from: number, to: number): void {
    this.record(`cutLink ${from} ${to}`);
  }
  restoreLink(from: number, to: number): void {
    this.record(`restoreLink ${from} ${to}`);
  }
  setLoss(p: number): void {
    this.record(`setLoss ${p}`);
  }
  setLatency(a: number, b: number): void {
    this.record(`setLatency ${a} ${b}`);
  }
  violation(): string | null {
    return null;
  }
  free(): void {
    this.freed = true;
  }
}
