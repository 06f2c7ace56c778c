// Soak test of the built page (issue 12, not in CI): N minutes at top speed (real time, 1x) with
// random actions on the element's playground, sampling wasm memory, the JS heap (after a forced
// GC, through CDP) and the page's frame rate. Prints a table of samples, then FAILS (exit 1)
// when memory does not level off: when the last third of the run grows on the middle third by
// more than SOAK_GROWTH_PCT percent and more than SOAK_SLACK_MB (wasm memory: the peaks; the JS
// heap: the medians, see below; wasm memory grows in 64 KiB pages and vectors double, so a small
// absolute slack keeps one legitimate growth of the action tape from failing the run). Also fails
// on any console error or uncaught exception. bench/heap-growth.mjs says what a growing heap holds.
//
//   npm run build && node bench/soak.mjs [minutes]      (or SOAK_MINUTES=30)
//
// Knobs: SOAK_MINUTES (2), SOAK_SAMPLE_S (minutes*2, within 5..30), SOAK_ACTIONS_PER_S (20),
// SOAK_GROWTH_PCT (10), SOAK_SLACK_MB (1), SOAK_SEED (7); SOAK_LEAK_KB_PER_S (0) makes the page
// leak about that much JS heap a second on purpose, to see the soak fail.
import { launchBrowser, serveDist, watchProblems } from '../e2e/harness.mjs';
import { captureWasmMemory, startDriverIn } from './soak-driver.mjs';

const minutes = Number(process.argv[2] ?? process.env.SOAK_MINUTES ?? 2);
const sampleS = Number(process.env.SOAK_SAMPLE_S ?? Math.min(30, Math.max(5, minutes * 2)));
const actionsPerS = Number(process.env.SOAK_ACTIONS_PER_S ?? 20);
const growthPct = Number(process.env.SOAK_GROWTH_PCT ?? 10);
const slackMB = Number(process.env.SOAK_SLACK_MB ?? 1);
const seed = Number(process.env.SOAK_SEED ?? 7);
const leakKBPerS = Number(process.env.SOAK_LEAK_KB_PER_S ?? 0);
if (!(minutes > 0) || !(sampleS > 0) || !(actionsPerS > 0)) {
  console.error('usage: node bench/soak.mjs [minutes > 0]');
  process.exit(2);
}

const MB = 2 ** 20;

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

  await startDriverIn(page, { seed, perS: actionsPerS, leakKBPerS });
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

  // Levelling off: the last third against the middle third (the first third is warm-up: the
  // first checkpoints, the first growths of every buffer). Wasm memory never shrinks, so its
  // peaks are compared. The JS heap after a forced GC still swings by up to a megabyte from one
  // sample to the next with what is live at that instant (messages in flight and their
  // animations, the strip's last rebuild, the feed), so the peak of a third says more about one
  // unlucky sample than about a trend: its medians are compared instead.
  const third = Math.floor(samples.length / 3);
  const thirds = [samples.slice(0, third), samples.slice(third, 2 * third), samples.slice(2 * third)];
  const median = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const verdict = (name, key, measure, how) => {
    if (thirds.some((part) => part.length === 0)) return;
    const [first, mid, end] = thirds.map((part) => measure(part.map((s) => s[key])));
    const grew = end - mid;
    const pct = (100 * grew) / mid;
    const ok = grew <= slackMB * MB || pct <= growthPct;
    console.log(
      `${name}: ${how} of the first third ${(first / MB).toFixed(2)} MB, middle ${(mid / MB).toFixed(2)} MB, last ${(end / MB).toFixed(2)} MB ` +
        `(last - middle: ${grew >= 0 ? '+' : ''}${(grew / MB).toFixed(2)} MB, ${pct.toFixed(1)}%): ${ok ? 'levels off' : `GROWS (limit ${growthPct}% or ${slackMB} MB)`}`,
    );
    if (!ok) failed = true;
  };
  if (samples.length < 6) console.log(`only ${samples.length} samples: too few to judge levelling off`);
  verdict('wasm memory', 'wasm', (xs) => Math.max(...xs), 'peak');
  verdict('JS heap (after GC)', 'heap', median, 'median');
  const fpsAll = samples.slice(1).map((s, i) => ({ t: s.t, fps: (s.frames - samples[i].frames) / (s.t - samples[i].t) }));
  if (fpsAll.length) {
    const sorted = fpsAll.map((f) => f.fps).sort((a, b) => a - b);
    console.log(`fps: min ${sorted[0].toFixed(1)}, median ${median(sorted).toFixed(1)}, max ${sorted.at(-1).toFixed(1)}`);
    const span = samples.at(-1).t;
    const fpsIn = (from, to) => fpsAll.filter((f) => f.t > from * span && f.t <= to * span).map((f) => f.fps);
    const [early, late] = [fpsIn(0, 1 / 3), fpsIn(2 / 3, 1)];
    if (early.length && late.length) console.log(`fps median: first third ${median(early).toFixed(1)}, last third ${median(late).toFixed(1)}`);
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
