// The wasm's Playground under hostile arguments, called as an embedder would call it (through
// the generated glue, the real wasm): every failure is an Error with a message, nothing traps,
// no argument grows memory for good, and the playground keeps working after each one. Before
// issue 12 a huge `length` trapped, a throwing Proxy left the object borrowed ("recursive use
// of an object detected") and fromLink(42) read memory out of bounds.
import { describe, expect, it } from 'vitest';
import { initSync, LinkOpening, Playground } from '../pkg/raft_playground_web.js';

// The module is instantiated by vitest.setup.js: this returns its exports (the memory).
const wasmMemory = (): number => (initSync as unknown as (o: unknown) => { memory: WebAssembly.Memory })(undefined).memory.buffer.byteLength;

function throwingProxy<T extends object>(target: T): T {
  return new Proxy(target, {
    get() {
      throw new Error('trap');
    },
    ownKeys() {
      throw new Error('trap');
    },
  });
}

function hugeArray(): number[] {
  const a: number[] = [];
  a.length = 2 ** 32 - 1;
  return a;
}

/** The playground still answers sanely: advance, view, time. */
function stillWorks(pg: Playground): void {
  const before = pg.now();
  pg.advance(10);
  expect(pg.now()).toBeCloseTo(before + 10, 6);
  expect(pg.nodes().length).toBeGreaterThan(0);
  expect(Number.isFinite(pg.leader())).toBe(true);
}

/** `run` throws an Error with a message (not a trap, not a bare value). */
function refuses(run: () => unknown): string {
  let thrown: unknown = null;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Error);
  const message = (thrown as Error).message;
  expect(message).not.toMatch(/unreachable|out of bounds|recursive use/i);
  expect(message.length).toBeGreaterThan(0);
  return message;
}

describe('setPartition under hostile arrays', () => {
  it('refuses huge and nested huge lengths before iterating, and keeps working', () => {
    const pg = new Playground({ seed: 3 });
    const nested = [hugeArray()];
    for (const groups of [hugeArray(), nested, [[0], hugeArray()], [new Array(1e8)]]) {
      const memory = wasmMemory();
      expect(refuses(() => pg.setPartition(groups as number[][]))).toMatch(/setPartition/);
      // Nothing allocated for the length: memory does not grow by megabytes.
      expect(wasmMemory() - memory).toBeLessThan(2 ** 20);
      stillWorks(pg);
    }
    pg.setPartition([[0, 1]]);
    stillWorks(pg);
  });

  it('refuses a Proxy whose reads throw, and is not left borrowed', () => {
    const pg = new Playground({ seed: 3 });
    for (const groups of [throwingProxy([[0]]), [throwingProxy([0])], [[0], throwingProxy([])]]) {
      expect(refuses(() => pg.setPartition(groups))).toMatch(/setPartition/);
      stillWorks(pg);
      pg.heal();
    }
    const revoked = Proxy.revocable([[0]], {});
    revoked.revoke();
    refuses(() => pg.setPartition(revoked.proxy));
    stillWorks(pg);
  });

  it('refuses wrong shapes with the message it always gave', () => {
    const pg = new Playground({ seed: 3 });
    for (const groups of [[0, 1], [['a']], {}, undefined, null, 'x', [[0.5]], [[NaN]], [[99]], [[0], [0]]]) {
      refuses(() => pg.setPartition(groups as unknown as number[][]));
      stillWorks(pg);
    }
  });
});

const EMPTY = {};

describe('every entry point turns wrong types into an Error', () => {
  const hostile: unknown[] = [
    undefined,
    null,
    NaN,
    Infinity,
    -Infinity,
    -1,
    0.5,
    2 ** 53,
    1e300,
    '',
    'leader',
    '#r2.AAAA',
    ' x',
    Symbol('s'),
    10n,
    EMPTY,
    [],
    hugeArray(),
    [new Array(1e6)],
    () => 1,
    throwingProxy({}),
    throwingProxy([]),
    { valueOf: () => 3 },
    {
      valueOf() {
        throw new Error('valueOf');
      },
    },
  ];

  it('fromLink and the constructor', () => {
    for (const value of hostile) {
      if (typeof value !== 'string') refuses(() => Playground.fromLink(value as string));
      if (typeof value !== 'string') refuses(() => LinkOpening.begin(value as string));
      // `{}` is a valid config (the defaults): anything else here is refused.
      if (value !== undefined && value !== null && value !== EMPTY) refuses(() => new Playground(value as object));
    }
    for (const config of [{ nodes: throwingProxy({}) }, { get nodes() { throw new Error('getter'); } }, { nodes: Symbol('n') }, { nodes: 10n }]) {
      refuses(() => new Playground(config as object));
    }
    // The constructor still works after all that.
    stillWorks(new Playground({ seed: 1 }));
  });

  // Thousands of real calls, some replaying a stretch of the run (messageDetail): no wall-time
  // limit worth asserting here, only room for a loaded machine.
  it('every method, with one, two and no arguments', { timeout: 120_000 }, () => {
    const pg = new Playground({ seed: 5 });
    const methods = Object.getOwnPropertyNames(Playground.prototype).filter((name) => {
      const d = Object.getOwnPropertyDescriptor(Playground.prototype, name);
      return name !== 'constructor' && name !== 'free' && !name.startsWith('__') && typeof d?.value === 'function';
    });
    expect(methods).toContain('setPartition');
    expect(methods).toContain('runUntilSlice');
    let calls = 0;
    for (const name of methods) {
      const method = (pg as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      for (const a of hostile) {
        for (const args of [[a], [a, a], [0, a], [a, 1e9]]) {
          calls++;
          try {
            method.apply(pg, args);
          } catch (e) {
            expect(e, `${name}(${String(args.map((x) => typeof x))})`).toBeInstanceOf(Error);
            expect((e as Error).message).not.toMatch(/unreachable|out of bounds|recursive use/i);
          }
          // Undo what a valid call may have done that would stop the next ones.
          try {
            pg.cancelRunUntil();
            pg.heal();
            pg.setLoss(0);
          } catch (e) {
            expect.fail(`after ${name}: ${String(e)}`);
          }
        }
      }
      stillWorks(pg);
    }
    expect(calls).toBeGreaterThan(1000);
  });
});

describe('a seeded fuzz of the whole class', () => {
  it('10,000 random calls with hostile arguments, interleaved with valid ones', { timeout: 120_000 }, () => {
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
    const seed = Number(env?.FUZZ_SEED ?? 12);
    let x = seed;
    const random = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return Math.floor((x / 2147483648) * n);
    };
    const sparse = [0, 1];
    sparse[1000] = 2;
    const values: unknown[] = [undefined, null, NaN, Infinity, -Infinity, -1, 0, 1, 2, 4, 0.5, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e300, '', '1', 'leader', 'commit', 'split', Symbol('s'), 10n, true, {}, [], [[0, 1]], [[0], [1, 2]], [[0, 0]], sparse, [sparse], hugeArray(), [hugeArray()], throwingProxy({}), throwingProxy([[0]]), () => 0];
    const pg = new Playground({ seed: 9 });
    const methods = Object.getOwnPropertyNames(Playground.prototype).filter((name) => name !== 'constructor' && name !== 'free' && !name.startsWith('__') && typeof Object.getOwnPropertyDescriptor(Playground.prototype, name)?.value === 'function');
    const call = pg as unknown as Record<string, (...a: unknown[]) => unknown>;
    try {
      for (let i = 0; i < 10_000; i++) {
        const name = methods[random(methods.length)];
        const args = Array.from({ length: random(4) }, () => values[random(values.length)]);
        try {
          call[name].apply(pg, args);
        } catch (e) {
          if (!(e instanceof Error) || e.message.length === 0) throw new Error(`${name}: threw ${String(e)}`);
          if (/unreachable|out of bounds|recursive use/i.test(e.message)) throw new Error(`${name}: ${e.message}`);
        }
        if (i % 10 === 0) {
          // Interleaved valid calls: they must all work.
          pg.advance(random(50));
          pg.cancelRunUntil();
          if (random(4) === 0) pg.heal();
          if (random(4) === 0) pg.setLoss(random(3) / 10);
        }
        if (i % 100 === 99) {
          const now = pg.now();
          pg.advance(1);
          expect(pg.now()).toBeCloseTo(now + 1, 6);
          const nodes = pg.nodes();
          expect(nodes.length).toBeGreaterThan(0);
          expect([...nodes].every(Number.isFinite)).toBe(true);
        }
      }
    } catch (e) {
      throw new Error(`fuzz failed with FUZZ_SEED=${seed}: ${String(e)}`);
    }
  });
});

describe('runUntil in slices', () => {
  it('the issue case: loss 1, then a commit within an hour, stops at once with its reason', () => {
    const pg = new Playground({ seed: 7 });
    pg.advance(2000);
    pg.setLoss(1);
    const now = pg.now();
    pg.beginRunUntil('commit', 3_600_000);
    let slices = 0;
    for (;;) {
      slices++;
      const slice = pg.runUntilSlice(2000);
      expect(slice.progress).toBeGreaterThanOrEqual(0);
      expect(slice.progress).toBeLessThanOrEqual(1);
      if (slice.done) {
        expect(slice.found).toBe(false);
        expect(slice.why).toMatch(/every message is lost/);
        break;
      }
    }
    expect(slices).toBeLessThan(20);
    // Nothing found: the run is where it was.
    expect(pg.now()).toBe(now);
    stillWorks(pg);
  });
});

describe('opening a link in slices', () => {
  it('gives the run fromLink gives, and refuses misuse with an Error', () => {
    const live = new Playground({ seed: 11 });
    for (let i = 0; i < 40; i++) {
      live.advance(500);
      if (i % 7 === 3) live.setLoss(0.1);
      if (i % 9 === 5) live.heal();
    }
    const link = live.link();
    const opening = LinkOpening.begin(link);
    refuses(() => opening.finish());
    let steps = 0;
    let last = 0;
    while (!opening.step(50)) {
      steps++;
      expect(opening.progress()).toBeGreaterThanOrEqual(last);
      last = opening.progress();
    }
    expect(steps).toBeGreaterThan(10);
    const sliced = opening.finish();
    refuses(() => opening.finish());
    refuses(() => opening.step(10));
    opening.free();
    const whole = Playground.fromLink(link);
    expect(sliced.now()).toBe(whole.now());
    expect([...sliced.nodes()]).toEqual([...whole.nodes()]);
    expect([...sliced.marks()]).toEqual([...whole.marks()]);
    expect(sliced.actions()).toEqual(whole.actions());
    for (const bad of [0, -1, 0.5, NaN, Infinity]) refuses(() => LinkOpening.begin(link).step(bad));
    expect(refuses(() => LinkOpening.begin('r2.garbage'))).toMatch(/link/);
  });
});
