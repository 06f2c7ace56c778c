// The one place that imports the wasm module. Loaded lazily so that a missing or broken module
// becomes an error the page can show, not a blank page.

import type { PlaygroundConfig } from './config.js';
import type { CaptionView, NetworkView, RunOptions, TimelineApi, TraceEventView, UntilKind } from './view.js';

type WasmModule = typeof import('../pkg/raft_playground_web.js');

type WasmPlaygroundInstance = InstanceType<WasmModule['Playground']>;

let loading: Promise<WasmModule> | null = null;

function loadModule(): Promise<WasmModule> {
  loading ??= import('../pkg/raft_playground_web.js')
    .then(async (mod) => {
      await mod.default();
      return mod;
    })
    .catch((e: unknown) => {
      loading = null; // let a later attempt retry
      throw e;
    });
  return loading;
}

/**
 * Thin delegate over the generated class. It pins the page's contract (TimelineApi) in one
 * place, so small differences in the generated typings (`undefined` for `None`, loosely typed
 * serde values) are absorbed here instead of leaking into the page.
 */
class WasmPlayground implements TimelineApi {
  constructor(
    private readonly inner: WasmPlaygroundInstance,
    private readonly story: { id: string; captions: CaptionView[] } | null = null,
  ) {}
  get nodeCount(): number {
    return this.inner.nodeCount;
  }
  get seed(): number {
    return Number(this.inner.seed);
  }
  now(): number {
    return this.inner.now();
  }
  advance(ms: number): void {
    this.inner.advance(ms);
  }
  step(): number {
    return this.inner.step();
  }
  nextEventAt(): number {
    return this.inner.nextEventAt();
  }
  nodes(): Float64Array {
    return this.inner.nodes();
  }
  messages(): Float64Array {
    return this.inner.messages();
  }
  progress(): Float64Array {
    return this.inner.progress();
  }
  log(id: number): Float64Array {
    return this.inner.log(id);
  }
  leader(): number {
    return this.inner.leader();
  }
  events(sinceSeq: number): TraceEventView[] {
    const list: unknown = this.inner.events(sinceSeq);
    return Array.isArray(list) ? (list as TraceEventView[]) : [];
  }
  propose(node: number, value: number): number {
    return this.inner.propose(node, value);
  }
  proposeToLeader(value: number): { node: number; index: number } {
    const r: unknown = this.inner.proposeToLeader(value);
    const o = (typeof r === 'object' && r !== null ? r : {}) as { node?: unknown; index?: unknown };
    return { node: Number(o.node), index: Number(o.index) };
  }
  crash(node: number): void {
    this.inner.crash(node);
  }
  restart(node: number): void {
    this.inner.restart(node);
  }
  forceTimeout(node: number): void {
    this.inner.forceTimeout(node);
  }
  setPartition(groups: number[][]): void {
    this.inner.setPartition(groups);
  }
  heal(): void {
    this.inner.heal();
  }
  cutLink(from: number, to: number): void {
    this.inner.cutLink(from, to);
  }
  restoreLink(from: number, to: number): void {
    this.inner.restoreLink(from, to);
  }
  setLoss(probability: number): void {
    this.inner.setLoss(probability);
  }
  setLatency(minMs: number, maxMs: number): void {
    this.inner.setLatency(minMs, maxMs);
  }
  violation(): string | null {
    return this.inner.violation() ?? null;
  }
  free(): void {
    this.inner.free();
  }

  // Time travel.
  horizon(): number {
    return this.inner.horizon();
  }
  inPast(): boolean {
    return this.inner.inPast() === true;
  }
  forks(): number {
    return Number(this.inner.forks());
  }
  seek(ms: number): void {
    this.inner.seek(ms);
  }
  stepBack(): boolean {
    return this.inner.stepBack() === true;
  }
  runUntil(kind: UntilKind, limitMs: number): boolean {
    return this.inner.runUntil(kind, limitMs) === true;
  }
  marksVersion(): number {
    return Number(this.inner.marksVersion());
  }
  marks(): Float64Array {
    const m: unknown = this.inner.marks();
    return m instanceof Float64Array ? m : new Float64Array(0);
  }
  link(): string {
    return String(this.inner.link());
  }
  options(): RunOptions {
    return toRunOptions(this.inner.options());
  }
  network(): NetworkView {
    const o: unknown = this.inner.network();
    const r = isRecord(o) ? o : {};
    const n = (k: string, fallback: number): number => {
      const v = Number(r[k]);
      return Number.isFinite(v) ? v : fallback;
    };
    return { loss: n('loss', 0), latencyMinMs: n('latencyMinMs', 10), latencyMaxMs: n('latencyMaxMs', 30) };
  }
  actions(): { atMs: number; text: string }[] {
    return toList(this.inner.actions(), (o) => {
      const atMs = Number(o['atMs']);
      const text = o['text'];
      return Number.isFinite(atMs) && typeof text === 'string' ? { atMs, text } : null;
    });
  }
  // Scenarios are share links from the page's catalogue; the story (id and captions) is kept
  // here rather than in the wasm, which knows only the run.
  scenarioId(): string | null {
    return this.story?.id ?? null;
  }
  captions(): CaptionView[] {
    return this.story?.captions ?? [];
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Keeps the well-formed items of a serde list (a Map from serde is read as an object too). */
function toList<T>(value: unknown, read: (o: Record<string, unknown>) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const item of value) {
    const o = item instanceof Map ? Object.fromEntries(item) : item;
    if (!isRecord(o)) continue;
    const t = read(o);
    if (t !== null) out.push(t);
  }
  return out;
}

function toRunOptions(value: unknown): RunOptions {
  const o = value instanceof Map ? Object.fromEntries(value) : isRecord(value) ? value : {};
  const n = (k: string): number => {
    const v = Number(o[k]);
    return Number.isFinite(v) ? v : 0;
  };
  const b = (k: string): boolean => o[k] === true;
  return {
    nodes: n('nodes'),
    seed: n('seed'),
    electionTimeoutMinMs: n('electionTimeoutMinMs'),
    electionTimeoutMaxMs: n('electionTimeoutMaxMs'),
    heartbeatMs: n('heartbeatMs'),
    latencyMinMs: n('latencyMinMs'),
    latencyMaxMs: n('latencyMaxMs'),
    loss: n('loss'),
    backtracking: o['backtracking'] === 'by-conflict-term' ? 'by-conflict-term' : 'one-by-one',
    preVote: b('preVote'),
    checkQuorum: b('checkQuorum'),
    leaderNoop: b('leaderNoop'),
  };
}

/** Creates a playground; throws the binding's Error for a bad config. */
export async function createPlayground(config: PlaygroundConfig): Promise<TimelineApi> {
  const mod = await loadModule();
  return new WasmPlayground(new mod.Playground(config));
}

/** Opens a share link ("r1.…", a leading '#' allowed); throws an Error saying what is wrong. */
export async function playgroundFromLink(text: string): Promise<TimelineApi> {
  const mod = await loadModule();
  return new WasmPlayground(mod.Playground.fromLink(text));
}

export interface ScenarioInfo {
  id: string;
  title: string;
  /** How long the story takes, virtual ms. */
  durationMs: number;
}

interface CatalogueEntry extends ScenarioInfo {
  link: string;
  captions: CaptionView[];
}

let catalogue: Promise<CatalogueEntry[]> | null = null;

/**
 * The scenario catalogue (www/src/scenarios.json, generated from raft-core's scenarios and
 * checked fresh by its tests), loaded on first use so it costs the first load nothing.
 */
function loadCatalogue(): Promise<CatalogueEntry[]> {
  catalogue ??= import('./scenarios.json').then((m) =>
    toList(m.default, (o) => {
      const { id, title, link } = o;
      const durationMs = Number(o['durationMs']);
      if (typeof id !== 'string' || typeof title !== 'string' || typeof link !== 'string') return null;
      const captions = toList(o['captions'], (c) => {
        const at = Number(c['atMs']);
        const text = c['text'];
        return Number.isFinite(at) && typeof text === 'string' ? { at, text } : null;
      });
      return { id, title, link, durationMs: Number.isFinite(durationMs) ? durationMs : 0, captions };
    }),
  );
  return catalogue;
}

/** Loads a scenario by id; throws for an unknown id. */
export async function playgroundFromScenario(id: string): Promise<TimelineApi> {
  const [mod, list] = await Promise.all([loadModule(), loadCatalogue()]);
  const entry = list.find((s) => s.id === id);
  if (entry === undefined) {
    throw new Error(`unknown scenario '${id}' (known: ${list.map((s) => s.id).join(', ')})`);
  }
  return new WasmPlayground(mod.Playground.fromLink(entry.link), { id: entry.id, captions: entry.captions });
}

/** The scenarios in teaching order. */
export async function listScenarios(): Promise<ScenarioInfo[]> {
  const list = await loadCatalogue();
  return list.map(({ id, title, durationMs }) => ({ id, title, durationMs }));
}
