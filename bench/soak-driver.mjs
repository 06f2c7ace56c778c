// The soak's driver, shared by bench/soak.mjs and bench/heap-growth.mjs: both functions run IN
// THE PAGE (passed to page.addInitScript / page.evaluate), so they use nothing from this module.

/** Runs before the page's scripts: keeps the wasm instance's memory where the soak can read it
 * (the page does not expose it, and an embedder's page should not need to). */
export function captureWasmMemory() {
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) window.__soakMemories = [...(window.__soakMemories ?? []), memory];
    return result;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(keep);
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);
}

/** Starts `startDriver` in `page` with `args`, handing it `soakAction` (a page function cannot
 * import: both travel as source). */
export const startDriverIn = (page, args) => page.evaluate(`(${startDriver})(${JSON.stringify(args)}, ${soakAction})`);

/**
 * One action of the soak's mix on `pg`, picked with `random(n)` (an integer below n); `done`
 * counts the actions so far and is the value proposed. Throws what the playground throws (a
 * refusal is a correct answer). Returns true when it looked back in time (a seek the next
 * action forks from). Self-contained: it also runs inside the page.
 */
export function soakAction(pg, random, done) {
  const n = pg.nodeCount;
  const node = random(n);
  switch (random(20)) {
    case 0: case 1: pg.setLoss(random(30) / 100); break;
    case 2: pg.setLatency(5 + random(10), 20 + random(30)); break;
    case 3: case 4: pg.setPartition([[node], [(node + 1) % n, (node + 2) % n]]); break;
    case 5: case 6: pg.heal(); break;
    case 7: case 8: pg.crash(node); break;
    case 9: case 10: pg.restart(node); break;
    case 11: pg.forceTimeout(node); break;
    case 12: pg.cutLink(node, (node + 1) % n); break;
    case 13: pg.restoreLink(node, (node + 1) % n); break;
    case 14:
      // Now and then look back a few seconds, as a user scrubbing the timeline does: the
      // next action forks the run there.
      if (random(10) === 0) {
        pg.seek(Math.max(0, pg.now() - 1000 * (1 + random(5))));
        return true;
      }
      pg.proposeToLeader(done);
      break;
    default: pg.proposeToLeader(done); break;
  }
  return false;
}

/** Starts, in the page, random actions on the element's playground at `perS` per second, a
 * frame counter, and a seeded generator. Actions a run refuses (no leader, node already down)
 * are counted apart: refusing is a correct answer, not a failure. */
export function startDriver({ seed, perS, leakKBPerS = 0 }, soakAction) {
  let x = seed >>> 0 || 1;
  const random = (n) => {
    // xorshift32: deterministic for a seed, good enough to pick actions.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const element = document.querySelector('raft-playground');
  const stats = { done: 0, refused: 0, seeks: 0, errors: [], frames: 0 };
  window.__soak = stats;
  const countFrame = () => {
    stats.frames++;
    requestAnimationFrame(countFrame);
  };
  requestAnimationFrame(countFrame);
  const act = () => {
    const pg = element.playground;
    if (!pg) return;
    try {
      if (soakAction(pg, random, stats.done)) stats.seeks++;
      stats.done++;
    } catch (e) {
      if (!(e instanceof Error) || /unreachable|out of bounds|recursive use/i.test(e.message)) {
        stats.errors.push(String(e?.message ?? e));
      }
      stats.refused++;
    }
  };
  setInterval(act, 1000 / perS);
  if (leakKBPerS > 0) {
    // A deliberate leak, to check that the soak fails when memory does not level off.
    const kept = [];
    window.__soakLeak = kept;
    // 128 unboxed doubles: a kilobyte of V8 heap each.
    setInterval(() => {
      for (let k = 0; k < leakKBPerS; k++) kept.push(Array.from({ length: 128 }, (_, i) => i + 0.5));
    }, 1000);
  }
}
