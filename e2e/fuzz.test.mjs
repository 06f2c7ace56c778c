// The element's `playground` under a seeded fuzz of hostile calls, in the real page (issue 12,
// "Keep them from coming back"): 10,000+ calls of random Playground methods with hostile
// arguments (wrong types, NaN, ±Infinity, negative, huge, fractional ids, long and sparse arrays,
// throwing Proxies, extra and missing arguments) interleaved with valid calls. After every batch:
// nothing trapped, every failure was an Error with a message, a valid advance and view still give
// sane numbers; withPage fails the test on any console error. FUZZ_SEED picks the seed (printed
// when the test fails); FUZZ_CALLS the number of hostile calls.
//
// www/src/hostile.test.ts fuzzes the same class under Node through the glue; this one runs in
// Chromium against the production build, through the element the page itself drives, so the
// page's frame loop reads the playground between batches as a user's page would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage } from './harness.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
const CALLS = Number(process.env.FUZZ_CALLS ?? 12_000);
const BATCH = 200;

/** Runs in the page: one batch of `count` calls from generator state `state`; returns the new
 * state and what went wrong (empty when all held). Self-contained: it is serialized to the page. */
function fuzzBatch({ state, count }) {
  let x = state >>> 0 || 1;
  const random = (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const throwing = (target) =>
    new Proxy(target, {
      get() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
    });
  const huge = () => {
    const a = [];
    a.length = 2 ** 32 - 1;
    return a;
  };
  const sparse = [0, 1];
  sparse[1000] = 2;
  const long = Array.from({ length: 100_000 }, (_, i) => i % 5);
  const revoked = Proxy.revocable([[0]], {});
  revoked.revoke();
  const values = [
    undefined, null, NaN, Infinity, -Infinity, -1, -0, 0, 1, 2, 4, 8, 0.5, 1.5, 2.0000001, -0.5,
    2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e300, 3_600_001,
    '', '1', 'leader', 'commit', 'split', ' r2.', '#r2.AAAA', 'r2.%20', '\u0000', 'x'.repeat(100_000),
    Symbol('s'), 10n, -1n, true, false, {}, [], [[]], [[0, 1]], [[0], [1, 2]], [[0, 0]], [[0.5]],
    [[NaN]], [[-1]], [[99]], [[2 ** 53]], [[0], [0]], sparse, [sparse], [long], long, huge(),
    [huge()], [[0], huge()], [new Array(1e6)], throwing({}), throwing([]), throwing([[0]]),
    [throwing([0])], revoked.proxy, () => 0, { valueOf: () => 3 }, { toString: () => 'leader' },
    { valueOf() { throw new Error('valueOf'); } }, { nodes: throwing({}) }, new Float64Array(3),
    new Uint8Array(1e6), new Date(0), /x/, new Map(), Object.create(null),
  ];
  const element = document.querySelector('raft-playground');
  const pg = element.playground;
  const Class = pg.constructor;
  const methods = Object.getOwnPropertyNames(Class.prototype).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(Class.prototype, name);
    return name !== 'constructor' && name !== 'free' && !name.startsWith('__') && typeof d?.value === 'function';
  });
  const statics = ['fromLink', 'withSwitches'].filter((name) => typeof Class[name] === 'function');
  const problems = [];
  const describe = (v) => {
    try {
      if (typeof v === 'symbol' || typeof v === 'bigint') return String(v) + (typeof v === 'bigint' ? 'n' : '');
      if (typeof v === 'string') return JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…(${v.length})` : v);
      if (Array.isArray(v)) return `array(${v.length})`;
      return typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : String(v);
    } catch {
      return 'proxy';
    }
  };
  const judge = (what, run) => {
    try {
      const out = run();
      if (out && typeof out.free === 'function' && out !== pg) out.free();
    } catch (e) {
      if (!(e instanceof Error)) problems.push(`${what}: threw a non-Error ${describe(e)}`);
      else if (e.message.length === 0) problems.push(`${what}: an Error without a message`);
      else if (/unreachable|out of bounds|recursive use|RuntimeError/i.test(`${e.name} ${e.message}`)) {
        problems.push(`${what}: trapped: ${e.name}: ${e.message}`);
      }
    }
  };
  let hostile = 0;
  let valid = 0;
  for (let i = 0; i < count; i++) {
    const useStatic = statics.length > 0 && random(20) === 0;
    const name = useStatic ? statics[random(statics.length)] : methods[random(methods.length)];
    // Missing (0), the usual (1, 2) and extra (3, 4) arguments.
    const args = Array.from({ length: random(5) }, () => values[random(values.length)]);
    const what = `${useStatic ? 'Playground.' : ''}${name}(${args.map(describe).join(', ')})`;
    judge(what, () => (useStatic ? Class[name](...args) : pg[name](...args)));
    hostile++;
    if (i % 8 === 0) {
      // Interleaved valid calls: a user's session goes on between the hostile ones.
      const n = pg.nodeCount;
      const node = random(n);
      const valids = [
        () => pg.advance(random(200)),
        () => pg.setLoss(random(3) / 10),
        () => pg.heal(),
        () => pg.setPartition([[node], [(node + 1) % n]]),
        () => pg.setLatency(5, 30),
        () => pg.restart(node),
        () => pg.forceTimeout(node),
      ];
      try {
        pg.cancelRunUntil();
        valids[random(valids.length)]();
      } catch (e) {
        // restart of a running node and forceTimeout of a crashed one are refused: an Error.
        if (!(e instanceof Error) || e.message.length === 0 || /unreachable|out of bounds|recursive use/i.test(e.message)) {
          problems.push(`valid call after ${what}: ${String(e)}`);
        }
      }
      valid++;
    }
    if (problems.length) break;
  }
  // A valid advance and view still give sane numbers.
  try {
    pg.cancelRunUntil();
    pg.setLoss(0);
    pg.heal();
    const now = pg.now();
    pg.advance(10);
    if (Math.abs(pg.now() - (now + 10)) > 1e-6) problems.push(`advance(10) went from ${now} to ${pg.now()}`);
    const nodes = pg.nodes();
    if (!(nodes.length > 0) || ![...nodes].every(Number.isFinite)) problems.push('nodes() is empty or not finite');
    if (![...pg.messages()].every(Number.isFinite)) problems.push('messages() not finite');
    if (!Number.isFinite(pg.leader())) problems.push(`leader() = ${pg.leader()}`);
    if (!(pg.horizon() >= 0)) problems.push(`horizon() = ${pg.horizon()}`);
    if (![...pg.progress()].every(Number.isFinite)) problems.push('progress() not finite');
  } catch (e) {
    problems.push(`a valid advance or view failed: ${e?.stack ?? String(e)}`);
  }
  return { state: x, problems, hostile, valid };
}

test(`${CALLS} hostile calls of the element's playground keep it working (FUZZ_SEED=${SEED})`, { timeout: 120_000 }, () =>
  withPage(
    async (page) => {
      await page.waitForFunction(() => {
        const e = document.querySelector('raft-playground');
        return e?.getAttribute('data-state') === 'ready' && e.playground !== null;
      });
      let state = SEED * 2654435761 + 1;
      let hostile = 0;
      let valid = 0;
      const t0 = performance.now();
      try {
        while (hostile < CALLS) {
          const out = await page.evaluate(fuzzBatch, { state, count: Math.min(BATCH, CALLS - hostile) });
          state = out.state;
          hostile += out.hostile;
          valid += out.valid;
          assert.deepEqual(out.problems, [], `after ${hostile} calls`);
          // Let the page draw a frame between batches: it reads the playground too.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        }
        assert.equal(await page.locator('raft-playground').getAttribute('data-state'), 'ready');
      } catch (e) {
        e.message = `fuzz failed with FUZZ_SEED=${SEED}: ${e.message}`;
        throw e;
      }
      console.log(`${hostile} hostile + ${valid} valid calls in ${((performance.now() - t0) / 1000).toFixed(1)} s, FUZZ_SEED=${SEED}`);
      assert.ok(hostile >= 10_000 || CALLS < 10_000);
    },
    { path: '/?seed=3&paused', name: 'fuzz', timeoutMs: 60_000 },
  ));
