// The one place that imports the wasm module. Loaded lazily so that a missing or broken module
// becomes an error the page can show, not a blank page.

import type { PlaygroundConfig } from './config.js';
import type { PlaygroundApi, TraceEventView } from './view.js';

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
 * Thin delegate over the generated class. It pins the page's contract (PlaygroundApi) in one
 * place, so small differences in the generated typings (`undefined` for `None`, loosely typed
 * serde values) are absorbed here instead of leaking into the page.
 */
class WasmPlayground implements PlaygroundApi {
  constructor(private readonly inner: WasmPlaygroundInstance) {}
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
}

/** Creates a playground; throws the binding's Error for a bad config. */
export async function createPlayground(config: PlaygroundConfig): Promise<PlaygroundApi> {
  const mod = await loadModule();
  return new WasmPlayground(new mod.Playground(config));
}
