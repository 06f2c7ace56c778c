// Soak test of the built page (issue 12, not in CI): N minutes at top speed (real time, 1x) with
// random actions on the element's playground, sampling wasm memory, the JS heap (after a forced
// GC, through CDP) and the page's frame rate. Prints a table of samples, then FAILS (exit 1)
// when memory does not level off: when the last third of the run grows the peak of the middle
// third by more than SOAK_GROWTH_PCT percent and more than SOAK_SLACK_MB (wasm memory grows in
// 64 KiB pages and vectors double, so a small absolute slack keeps one legitimate growth of the
// action tape from failing the run). Also fails on any console error or uncaught exception.
//
//   npm run build && node bench/soak.mjs [minutes]      (or SOAK_MINUTES=30)
//
// Knobs: SOAK_MINUTES (2), SOAK_SAMPLE_S (minutes*2, within 5..30), SOAK_ACTIONS_PER_S (20),
// SOAK_GROWTH_PCT (10), SOAK_SLACK_MB (1), SOAK_SEED (7).
import { launchBrowser, serveDist, watchProblems } from '../e2e/harness.mjs';

const minutes = Number(process.argv[2] ?? process.env.SOAK_MINUTES ?? 2);
const sampleS = Number(process.env.SOAK_SAMPLE_S ?? Math.min(30, Math.max(5, minutes * 2)));
const actionsPerS = Number(process.env.SOAK_ACTIONS_PER_S ?? 20);
const growthPct = Number(process.env.SOAK_GROWTH_PCT ?? 10);
const slackMB = Number(process.env.SOAK_SLACK_MB ?? 1);
const seed = Number(process.env.SOAK_SEED ?? 7);
if (!(minutes > 0) || !(sampleS > 0) || !(actionsPerS > 0)) {
  console.error('usage: node bench/soak.mjs [minutes > 0]');
  process.exit(2);
}

const MB = 2 ** 20;

/** Runs before the page's scripts: keeps the wasm instance's memory where the soak can read it
 * (the page does not expose it, and an embedder's page should not need to). */
function captureWasmMemory() {
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

/** Starts, in the page, random actions on the element's playground at `perS` per second, a
 * frame counter, and a seeded generator. Actions a run refuses (no leader, node already down)
 * are counted apart: refusing is a correct answer, not a failure. */
function startDriver({ seed, perS }) {
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
    const n = pg.nodeCount;
    const node = random(n);
    try {
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
            stats.seeks++;
          } else pg.proposeToLeader(stats.done);
          break;
        default: pg.proposeToLeader(stats.done); break;
      }
      stats.done++;
    } catch (e) {
      if (!(e instanceof Error) || /unreachable|out of bounds|recursive use/i.test(e.message)) {
        stats.errors.push(String(e?.message ?? e));
      }
      stats.refused++;
    }
  };
  setInterval(act, 1000 / perS);
}

const server = await serveDist();
const browser = await launchBrowser();
let failed = false;
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const problems = watchProblems(page);
  await page.addInitScript(captureWasmMemory);
  await page.goto(new URL(`index.html?seed=${seed}&nodes=5&speed=1`, server.url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.playground !== null && window.__soakMemories?.length > 0;
  });
  const cdp = await page.context().newCDPSession(page);
  const sample = async (t0) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const inPage = await page.evaluate(() => {
      const pg = document.querySelector('raft-playground').playground;
      const s = window.__soak;
      return {
        wasm: Math.max(...window.__soakMemories.map((m) => m.buffer.byteLength)),
        frames: s.frames,
        done: s.done,
        refused: s.refused,
        seeks: s.seeks,
        errors: s.errors.slice(0, 3),
        now: pg.now(),
        forks: pg.forks(),
      };
    });
    return { t: (performance.now() - t0) / 1000, heap: heap.usedSize, ...inPage };
  };

  await page.evaluate(startDriver, { seed, perS: actionsPerS });
  const t0 = performance.now();
  const samples = [await sample(t0)];
  console.log(`soak: ${minutes} min, a sample every ${sampleS} s, ${actionsPerS} actions/s, seed ${seed}, 5 nodes at 1x`);
  console.log('   t (s)  wasm MB  heap MB    fps  actions  refused  seeks  forks  virtual s');
  const row = (s, prev) => {
    const fps = prev ? (s.frames - prev.frames) / (s.t - prev.t) : NaN;
    console.log(
      `${s.t.toFixed(0).padStart(8)} ${(s.wasm / MB).toFixed(2).padStart(8)} ${(s.heap / MB).toFixed(2).padStart(8)} ` +
        `${(Number.isFinite(fps) ? fps.toFixed(1) : '-').padStart(6)} ${String(s.done).padStart(8)} ${String(s.refused).padStart(8)} ` +
        `${String(s.seeks).padStart(6)} ${String(s.forks).padStart(6)} ${(s.now / 1000).toFixed(0).padStart(10)}`,
    );
  };
  row(samples[0]);
  const endAt = t0 + minutes * 60_000;
  while (performance.now() < endAt) {
    await new Promise((r) => setTimeout(r, Math.min(sampleS * 1000, Math.max(0, endAt - performance.now()))));
    const s = await sample(t0);
    row(s, samples.at(-1));
    samples.push(s);
    if (s.errors.length) {
      console.error(`FAIL: a call trapped: ${s.errors.join('; ')}`);
      failed = true;
      break;
    }
  }

  // Levelling off: the peak of the last third against the peak of the middle third (the first
  // third is warm-up: the first checkpoints, the first growths of every buffer).
  const third = Math.floor(samples.length / 3);
  const middle = samples.slice(third, 2 * third);
  const last = samples.slice(2 * third);
  const verdict = (name, key) => {
    if (middle.length === 0 || last.length === 0) return;
    const mid = Math.max(...middle.map((s) => s[key]));
    const end = Math.max(...last.map((s) => s[key]));
    const grew = end - mid;
    const pct = (100 * grew) / mid;
    const ok = grew <= slackMB * MB || pct <= growthPct;
    console.log(
      `${name}: middle third peak ${(mid / MB).toFixed(2)} MB, last third peak ${(end / MB).toFixed(2)} MB ` +
        `(${grew >= 0 ? '+' : ''}${(grew / MB).toFixed(2)} MB, ${pct.toFixed(1)}%): ${ok ? 'levels off' : `GROWS (limit ${growthPct}% or ${slackMB} MB)`}`,
    );
    if (!ok) failed = true;
  };
  if (samples.length < 6) console.log(`only ${samples.length} samples: too few to judge levelling off`);
  verdict('wasm memory', 'wasm');
  verdict('JS heap (after GC)', 'heap');
  const fpsAll = samples.slice(1).map((s, i) => (s.frames - samples[i].frames) / (s.t - samples[i].t));
  if (fpsAll.length) {
    const sorted = [...fpsAll].sort((a, b) => a - b);
    console.log(`fps: min ${sorted[0].toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}, max ${sorted.at(-1).toFixed(1)}`);
  }
  if (problems.length) {
    console.error(`FAIL: problems on the page:\n  ${problems.join('\n  ')}`);
    failed = true;
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(failed ? 'soak FAILED' : 'soak passed');
process.exit(failed ? 1 : 0);
