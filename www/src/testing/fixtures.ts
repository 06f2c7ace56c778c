// Hand-built views for tests: the inverse of view.ts's decoders, plus a fake playground that
// serves them. Only tests import this.

import type { ViewSource } from '../render/scene.js';
import type { ActionView, ActionWhat, CaptionView, ChangeAnswer, Limits, NetworkView, NodeInspection, Playground, Proposal, RunOptions, RunSlice, SeekSlice, UntilKind, ViolationView } from '../view.js';
import type { PlaygroundApi, Session } from '../wasm.js';
import {
  DropCode,
  LogCol,
  LOG_STRIDE,
  MsgKindCode,
  TimerCode,
  MSG_STRIDE,
  type MessageView,
  MsgCol,
  NODE_STRIDE,
  NodeCol,
  type NodeView,
  MARK_STRIDE,
  PROGRESS_STRIDE,
  ProgressCol,
  RoleCode,
  type TraceEventView,
} from '../view.js';

export function node(p: Partial<NodeView> & { id: number }): NodeView {
  return {
    role: RoleCode.Follower,
    term: 1,
    votedFor: -1,
    up: true,
    timerStart: 0,
    timerDeadline: 200,
    timerKind: TimerCode.Election,
    commitIndex: 0,
    lastIndex: 0,
    leaderHint: -1,
    votesGranted: 0,
    votesRefused: 0,
    group: 0,
    logVersion: 0,
    logOffset: 0,
    snapshotIndex: 0,
    snapshotTerm: 0,
    lastApplied: 0,
    machineSum: 0,
    machineCount: 0,
    ...p,
  };
}

export function encodeNodes(nodes: readonly NodeView[]): Float64Array {
  const a = new Float64Array(nodes.length * NODE_STRIDE);
  nodes.forEach((n, i) => {
    const o = i * NODE_STRIDE;
    a[o + NodeCol.Id] = n.id;
    a[o + NodeCol.Role] = n.role;
    a[o + NodeCol.Term] = n.term;
    a[o + NodeCol.VotedFor] = n.votedFor;
    a[o + NodeCol.Up] = n.up ? 1 : 0;
    a[o + NodeCol.TimerStart] = n.timerStart;
    a[o + NodeCol.TimerDeadline] = n.timerDeadline;
    a[o + NodeCol.TimerKind] = n.timerKind;
    a[o + NodeCol.CommitIndex] = n.commitIndex;
    a[o + NodeCol.LastIndex] = n.lastIndex;
    a[o + NodeCol.LeaderHint] = n.leaderHint;
    a[o + NodeCol.VotesGranted] = n.votesGranted;
    a[o + NodeCol.VotesRefused] = n.votesRefused;
    a[o + NodeCol.Group] = n.group;
    a[o + NodeCol.LogVersion] = n.logVersion;
    a[o + NodeCol.LogOffset] = n.logOffset;
    a[o + NodeCol.SnapshotIndex] = n.snapshotIndex;
    a[o + NodeCol.SnapshotTerm] = n.snapshotTerm;
    a[o + NodeCol.LastApplied] = n.lastApplied;
    a[o + NodeCol.MachineSum] = n.machineSum;
    a[o + NodeCol.MachineCount] = n.machineCount;
  });
  return a;
}

export function message(p: Partial<MessageView> & { id: number; from: number; to: number }): MessageView {
  return {
    kind: MsgKindCode.AppendEntries,
    term: 1,
    sentAt: 0,
    arriveAt: 20,
    dropAt: -1,
    dropReason: DropCode.None,
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
    a[o + MsgCol.Id] = m.id;
    a[o + MsgCol.From] = m.from;
    a[o + MsgCol.To] = m.to;
    a[o + MsgCol.Kind] = m.kind;
    a[o + MsgCol.Term] = m.term;
    a[o + MsgCol.SentAt] = m.sentAt;
    a[o + MsgCol.ArriveAt] = m.arriveAt;
    a[o + MsgCol.DropAt] = m.dropAt;
    a[o + MsgCol.DropReason] = m.dropReason;
    a[o + MsgCol.EntryCount] = m.entryCount;
    a[o + MsgCol.Ok] = m.ok ? 1 : 0;
    a[o + MsgCol.PrevIndex] = m.prevIndex;
  });
  return a;
}

/** Log of the given terms (values 1, 2, 3...). */
export function encodeLog(terms: readonly number[], firstIndex = 1): Float64Array {
  const a = new Float64Array(terms.length * LOG_STRIDE);
  terms.forEach((t, i) => {
    a[i * LOG_STRIDE + LogCol.Term] = t;
    a[i * LOG_STRIDE + LogCol.Value] = firstIndex + i;
  });
  return a;
}

export function encodeProgress(rows: readonly [number, number][]): Float64Array {
  const a = new Float64Array(rows.length * PROGRESS_STRIDE);
  rows.forEach(([next, match], i) => {
    a[i * PROGRESS_STRIDE + ProgressCol.NextIndex] = next;
    a[i * PROGRESS_STRIDE + ProgressCol.MatchIndex] = match;
  });
  return a;
}

/** Records per `events()` page, as the fakes serve them (the wasm says its own in `limits()`). */
export const EVENTS_PAGE = 200;

/** Limits as the fakes report them (test data; the page reads the real ones from the wasm). */
export const FAKE_LIMITS: Limits = {
  minNodes: 1,
  maxNodes: 9,
  horizonMs: 3_600_000,
  maxConfigMs: 3_600_000,
  maxLatencyMs: 60_000,
  maxEntriesPerAppend: 1_000_000,
  lossMin: 0,
  lossMax: 1,
  maxLinkChars: 65_536,
  maxActions: 20_000,
  eventsPage: EVENTS_PAGE,
  maxExact: 2 ** 53,
};

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
  /** Log entries handed out (log and logSince), to count what the page reads. */
  logEntriesRead = 0;
  logEpochs: number[] = [];
  eventCalls: number[] = [];

  constructor(readonly nodeCount: number) {
    this.nodeRows = Array.from({ length: nodeCount }, (_, id) => node({ id }));
    this.logs = Array.from({ length: nodeCount }, () => []);
    this.progressRows = Array.from({ length: nodeCount }, (): [number, number] => [-1, -1]);
  }

  setNode(id: number, p: Partial<NodeView>): void {
    this.nodeRows[id] = { ...this.nodeRows[id], ...p };
  }

  /** Replaces a node's log and bumps its logVersion, as the binding does; and its log epoch
   * when entries it had are gone or changed (not merely added to). */
  setLog(id: number, terms: number[]): void {
    const old = this.logs[id];
    if (terms.length < old.length || old.some((term, i) => terms[i] !== term)) this.logEpochs[id] = (this.logEpochs[id] ?? 0) + 1;
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
    this.logEntriesRead += this.logs[id].length;
    return encodeLog(this.logs[id]);
  }
  logEpoch(id: number): number {
    return this.logEpochs[id] ?? 0;
  }
  logSince(id: number, from: number): Float64Array {
    this.logCalls++;
    const terms = this.logs[id].slice(from);
    this.logEntriesRead += terms.length;
    return encodeLog(terms, from + 1);
  }
  leader(): number {
    return this.leaderId;
  }
  events(sinceSeq: number): TraceEventView[] {
    // Like the binding: seq >= sinceSeq, at most 200 a call.
    this.eventCalls.push(sinceSeq);
    return this.trace.filter((e) => e.seq >= sinceSeq).slice(0, EVENTS_PAGE);
  }
}

/** Marks as the binding lays them out: [at, kind, a, b] each (MarkCol's order). */
export function encodeMarks(marks: readonly [number, number, number, number][]): Float64Array {
  const a = new Float64Array(marks.length * MARK_STRIDE);
  marks.forEach((m, i) => a.set(m, i * MARK_STRIDE));
  return a;
}

/**
 * A whole fake playground over FakeView, recording the actions it receives. Time travel is
 * modelled coarsely: the horizon is the furthest time reached, an action while behind it forks.
 */
export class FakePlayground extends FakeView implements PlaygroundApi {
  readonly seed: number;
  calls: string[] = [];
  /** Set to make the next action throw, as the binding does with a JS Error. */
  failWith: string | null = null;
  freed = false;
  horizonMs = 0;
  forkCount = 0;
  markRows: [number, number, number, number][] = [];
  marksVer = 0;
  /** Bump when `markRows` lose or change rows (not merely gain some), as a fork does. */
  marksRewrites = 0;
  /** Mark rows handed out by marksSince, to count what the page reads. */
  markRowsRead = 0;
  /** What runUntil answers. */
  untilFound = true;
  /** Why a sliced skip found nothing, when it could never come. */
  untilWhy: string | undefined = undefined;
  private pendingLimitMs: number | null = null;
  /** Slices a skip takes (the last one done). */
  slicesLeft = 1;
  scenario: string | null = null;
  captionList: CaptionView[] = [];
  optionValues: Partial<RunOptions> = {};
  net: NetworkView = { loss: 0, latencyMinMs: 10, latencyMaxMs: 30 };
  actionList: ActionView[] = [];

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

  /** An action: forks when behind the horizon. */
  private acted(call: string, what: ActionWhat): void {
    this.record(call);
    if (this.time < this.horizonMs) {
      this.forkCount++;
      this.horizonMs = this.time;
    }
    this.actionList.push({ atMs: this.time, text: call, what });
  }

  private moved(): void {
    this.horizonMs = Math.max(this.horizonMs, this.time);
  }

  advance(ms: number): void {
    this.record(`advance`);
    this.time += ms;
    this.moved();
  }
  step(): number {
    this.record('step');
    this.time += 1;
    this.moved();
    return this.time;
  }
  horizon(): number {
    return this.horizonMs;
  }
  inPast(): boolean {
    return this.time < this.horizonMs;
  }
  forks(): number {
    return this.forkCount;
  }
  seek(ms: number): void {
    this.record(`seek ${ms}`);
    this.time = ms;
    this.moved();
  }
  /** Where a seek or an advance in slices goes (null: none in progress), and its slices left. */
  private pendingSeekMs: number | null = null;
  seekSlicesLeft = 1;
  beginSeek(ms: number): void {
    this.record(`beginSeek ${ms}`);
    this.pendingSeekMs = ms;
  }
  beginAdvance(ms: number): void {
    this.record(`beginAdvance ${ms}`);
    this.pendingSeekMs = this.time + ms;
  }
  /** The cursor moves halfway per slice until the last, which lands on the target. */
  seekSlice(maxEvents: number): SeekSlice {
    this.record(`seekSlice ${maxEvents}`);
    const target = this.pendingSeekMs;
    if (target === null) throw new Error('seekSlice: no seek in progress');
    const done = --this.seekSlicesLeft <= 0;
    this.time = done ? target : (this.time + target) / 2;
    this.moved();
    if (done) {
      this.seekSlicesLeft = 1;
      this.pendingSeekMs = null;
    }
    return { done, progress: done ? 1 : 0.5, atMs: this.time, targetMs: target };
  }
  cancelSeek(): void {
    this.record('cancelSeek');
    this.pendingSeekMs = null;
  }
  stepBack(): boolean {
    this.record('stepBack');
    if (this.time <= 0) return false;
    this.time = Math.max(0, this.time - 1);
    return true;
  }
  runUntil(kind: UntilKind, limitMs: number): boolean {
    this.record(`runUntil ${kind} ${limitMs}`);
    this.time += this.untilFound ? 100 : limitMs;
    this.moved();
    return this.untilFound;
  }
  beginRunUntil(kind: UntilKind, limitMs: number): void {
    this.record(`beginRunUntil ${kind} ${limitMs}`);
    this.pendingLimitMs = limitMs;
  }
  /** A skip-to in slices: one slice, found or not as `untilFound` says (the cursor moves only
   * when found, as the core's look-ahead first keeps it). */
  runUntilSlice(maxEvents: number): RunSlice {
    this.record(`runUntilSlice ${maxEvents}`);
    if (this.pendingLimitMs === null) throw new Error('runUntilSlice: no fast-forward in progress');
    if (--this.slicesLeft > 0) return { done: false, found: false, progress: 0.5, atMs: this.time, why: undefined };
    this.slicesLeft = 1;
    this.pendingLimitMs = null;
    if (this.untilFound) {
      this.time += 100;
      this.moved();
    }
    return { done: true, found: this.untilFound, progress: 1, atMs: this.time, why: this.untilWhy };
  }
  cancelRunUntil(): void {
    this.record('cancelRunUntil');
    this.pendingLimitMs = null;
  }
  lookAhead(kind: UntilKind, limitMs: number): boolean {
    this.record(`lookAhead ${kind} ${limitMs}`);
    return this.untilFound;
  }
  marksVersion(): number {
    return this.marksVer;
  }
  marks(): Float64Array {
    this.markRowsRead += this.markRows.length;
    return encodeMarks(this.markRows);
  }
  marksEpoch(): number {
    return this.marksRewrites;
  }
  marksUpTo(toMs: number): number {
    return this.markRows.filter((r) => r[0] <= toMs).length;
  }
  marksSince(from: number, toMs: number): Float64Array {
    const rows = this.markRows.slice(from, this.marksUpTo(toMs));
    this.markRowsRead += rows.length;
    return encodeMarks(rows);
  }
  link(): string {
    return `r2.fake-${this.seed}-${this.time}`;
  }
  options(): RunOptions {
    return {
      nodes: this.nodeCount,
      seed: this.seed,
      electionTimeoutMinMs: 150,
      electionTimeoutMaxMs: 300,
      heartbeatMs: 50,
      latencyMinMs: 10,
      latencyMaxMs: 30,
      loss: 0,
      backtracking: 'one-by-one',
      preVote: false,
      checkQuorum: false,
      leaderNoop: false,
      maxEntriesPerAppend: 64,
      noElectionRestriction: false,
      commitPreviousTerms: false,
      forgetVoteOnRestart: false,
      snapshotPastCommit: false,
      snapshotEvery: 0,
      snapshotThreshold: 0,
      trustTransferTarget: false,
      changeBeforeOwnTermCommit: false,
      ...this.optionValues,
    } as RunOptions;
  }
  network(): NetworkView {
    return { ...this.net };
  }
  actions(): ActionView[] {
    return this.actionList;
  }
  action(index: number): ActionView | undefined {
    return Number.isInteger(index) ? this.actionList[index] : undefined;
  }
  forkHere(): boolean {
    this.record('forkHere');
    if (this.time >= this.horizonMs) return false;
    this.forkCount++;
    this.horizonMs = this.time;
    return true;
  }
  /** The inspector's view of a node, from the fake's node rows and logs. */
  inspect(id: number): NodeInspection {
    const n = this.nodeRows[id];
    if (!n) throw new Error(`unknown node id ${id}`);
    const log = this.logs[id].map((term, i) => ({ index: i + 1, term, value: i + 1 }));
    return {
      node: id,
      up: n.up,
      currentTerm: n.term,
      votedFor: n.votedFor >= 0 ? n.votedFor : undefined,
      lastIndex: log.length,
      termRuns: log.length ? [{ from: 1, to: log.length, term: log[log.length - 1].term }] : [],
      log,
      role: n.up ? (['follower', 'precandidate', 'candidate', 'leader'] as const)[n.role] : undefined,
      commitIndex: n.commitIndex,
      lastApplied: n.commitIndex,
      timer: n.up ? { kind: n.role === RoleCode.Leader ? 'heartbeat' : 'election', deadlineMs: n.timerDeadline } : undefined,
      leader: n.leaderHint >= 0 ? n.leaderHint : undefined,
      progress: n.role === RoleCode.Leader ? this.progressRows.map(([next, match], peer) => ({ peer, nextIndex: next, matchIndex: match })).filter((p) => p.peer !== id) : [],
    };
  }
  /** This fake as a loaded run, with its scenario story. */
  session(): Session {
    return { playground: this, scenarioId: this.scenario, captions: this.captionList, limits: FAKE_LIMITS };
  }
  nextEventAt(): number {
    return this.time + 1;
  }
  propose(node: number, value: number): number {
    this.acted(`propose ${node} ${value}`, { kind: 'propose', node, value });
    return 1;
  }
  proposeToLeader(value: number): Proposal {
    this.acted(`proposeToLeader ${value}`, { kind: 'propose', value });
    return { node: 0, index: value };
  }
  crash(node: number): void {
    this.acted(`crash ${node}`, { kind: 'crash', node });
  }
  restart(node: number): void {
    this.acted(`restart ${node}`, { kind: 'restart', node });
  }
  /** The configuration in force, a bit per id (null: every server of the run); a change the
   * fake is asked for takes effect at once, as a leader's does (§4.1). */
  memberBits: number | null = null;
  addServer(node: number): ChangeAnswer {
    this.acted(`addServer ${node}`, { kind: 'addServer', node });
    this.memberBits = this.members() | (1 << node);
    return { index: 1, refused: undefined };
  }
  removeServer(node: number): ChangeAnswer {
    this.acted(`removeServer ${node}`, { kind: 'removeServer', node });
    this.memberBits = this.members() & ~(1 << node);
    return { index: 1, refused: undefined };
  }
  members(): number {
    return this.memberBits ?? (1 << this.nodeCount) - 1;
  }
  forceTimeout(node: number): void {
    this.acted(`forceTimeout ${node}`, { kind: 'forceTimeout', node });
  }
  snapshot(node: number): void {
    this.acted(`snapshot ${node}`, { kind: 'snapshot', node });
  }
  transferLeadership(to: number): void {
    this.acted(`transferLeadership ${to}`, { kind: 'transferLeadership', to });
  }
  timeoutFollowers(): Uint32Array {
    this.acted('timeoutFollowers', { kind: 'timeoutFollowers' });
    return new Uint32Array(0);
  }
  setPartition(groups: number[][]): void {
    this.acted(`setPartition ${JSON.stringify(groups)}`, { kind: 'partition', groups });
  }
  heal(): void {
    this.acted('heal', { kind: 'heal' });
  }
  cutLink(from: number, to: number): void {
    this.acted(`cutLink ${from} ${to}`, { kind: 'cutLink', from, to });
  }
  restoreLink(from: number, to: number): void {
    this.acted(`restoreLink ${from} ${to}`, { kind: 'restoreLink', from, to });
  }
  setLoss(p: number): void {
    this.net = { ...this.net, loss: p };
    this.acted(`setLoss ${p}`, { kind: 'setLoss', probability: p });
  }
  setLatency(a: number, b: number): void {
    this.net = { ...this.net, latencyMinMs: a, latencyMaxMs: b };
    this.acted(`setLatency ${a} ${b}`, { kind: 'setLatency', minMs: a, maxMs: b });
  }
  /** The run's first violation; the cursor shows it from its time on, as the binding does. */
  violationValue: ViolationView | null = null;
  violationAt(): number {
    const v = this.violationValue;
    return v !== null && this.time >= v.atMs ? v.atMs : -1;
  }
  violation(): ViolationView | null {
    return this.violationAt() >= 0 ? this.violationValue : null;
  }
  /** The same run under other switches: a new fake at the same moment, with those options
   * (and the violation only while some switch is on). */
  withSwitches(noElectionRestriction: boolean, commitPreviousTerms: boolean, forgetVoteOnRestart: boolean, snapshotPastCommit: boolean, trustTransferTarget: boolean, changeBeforeOwnTermCommit: boolean): Playground {
    // The membership switch is named only when on, so the calls read as before it existed.
    const switches = { noElectionRestriction, commitPreviousTerms, forgetVoteOnRestart, snapshotPastCommit, trustTransferTarget, ...(changeBeforeOwnTermCommit ? { changeBeforeOwnTermCommit } : {}) };
    this.record(`withSwitches ${JSON.stringify(switches)}`);
    const next = new FakePlayground(this.nodeCount, this.seed);
    next.time = this.time;
    next.horizonMs = this.horizonMs;
    next.scenario = this.scenario;
    next.captionList = this.captionList;
    next.optionValues = { ...this.optionValues, ...switches };
    const on = Object.values(switches).some((b) => b === true);
    next.violationValue = on ? this.violationValue : null;
    next.calls = this.calls;
    // The generated class type has wasm internals a fake has no use for.
    return next as unknown as Playground;
  }
  // The space-time diagram's history: the fake keeps none.
  diagram(): Float64Array {
    return new Float64Array(0);
  }
  lanes(): Float64Array {
    return new Float64Array(0);
  }
  historyFrom(): number {
    return 0;
  }
  messageDetail(id: number): never {
    throw new Error(`message ${id} is not in the run's history`);
  }
  free(): void {
    this.freed = true;
  }
}

/** A violation as the binding reports it: the forgotten-vote scenario's two leaders of term 1. */
export function twoLeadersViolation(atMs = 259): ViolationView {
  return {
    property: 'electionSafety',
    atMs,
    seq: 119,
    breach: { kind: 'twoLeaders', term: 1, first: 0, second: 3 },
    cause: { kind: 'votedTwice', voter: 2, term: 1, first: 0, second: 3 },
    switch: 'forgetVoteOnRestart',
    nodes: [3, 0, 2],
    entries: [],
  };
}
