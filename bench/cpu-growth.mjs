// What per-frame work grows with the run: runs the soak's driver (bench/soak-driver.mjs) on the
// built page and records a CPU profile (CDP Profiler) for a few seconds at each of the given
// minutes, then prints the functions whose self time grew most between consecutive profiles,
// with the frame rate in each window. A tool to find what slows a long session, not a test (the
// soak is the test); bench/heap-growth.mjs is its twin for memory.
//
//   npm run build && node bench/cpu-growth.mjs [minute ...]       (default: 1 5)
//
// Knobs: SOAK_ACTIONS_PER_S (20), SOAK_SEED (7), CPU_WINDOW_S (10), CPU_TOP (20 rows).
import { launchBrowser, serveDist } from '../e2e/harness.mjs';
import { captureWasmMemory, startDriverIn } from './soak-driver.mjs';

const minutes = (process.argv.length > 2 ? process.argv.slice(2) : ['1', '5']).map(Number);
if (!minutes.every((m, i) => m > 0 && (i === 0 || m > minutes[i - 1]))) {
  console.error('usage: node bench/cpu-growth.mjs [increasing minutes > 0 ...]');
  process.exit(2);
}
const actionsPerS = Number(process.env.SOAK_ACTIONS_PER_S ?? 20);
const seed = Number(process.env.SOAK_SEED ?? 7);
const windowS = Number(process.env.CPU_WINDOW_S ?? 10);
const top = Number(process.env.CPU_TOP ?? 20);

/** Self time (ms) per function ("name url:line") in a CDP profile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const file = f.url.split('/').pop() || '(native)';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    out.set(key, (out.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  }
  return out;
}

const server = await serveDist(process.env.E2E_DIST);
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.addInitScript(captureWasmMemory);
  await page.goto(new URL(`index.html?seed=${seed}&nodes=5&speed=1`, server.url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const e = document.querySelector('raft-playground');
    return e?.getAttribute('data-state') === 'ready' && e.playground !== null;
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await startDriverIn(page, { seed, perS: actionsPerS });
  const t0 = performance.now();
  let previous = null;
  for (const m of minutes) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + m * 60_000 - performance.now())));
    const frames0 = await page.evaluate(() => window.__soak.frames);
    await cdp.send('Profiler.start');
    await new Promise((r) => setTimeout(r, windowS * 1000));
    const { profile } = await cdp.send('Profiler.stop');
    const fps = ((await page.evaluate(() => window.__soak.frames)) - frames0) / windowS;
    const times = selfTimes(profile);
    const busy = [...times].filter(([k]) => !/^\((idle|program|garbage collector)\)/.test(k)).reduce((s, [, v]) => s + v, 0);
    console.log(`minute ${m}: ${fps.toFixed(1)} fps, ${busy.toFixed(0)} ms busy in ${windowS} s, GC ${(times.get('(garbage collector) (native):0') ?? 0).toFixed(0)} ms`);
    if (previous) {
      const keys = new Set([...previous.keys(), ...times.keys()]);
      const rows = [...keys].map((k) => ({ k, a: previous.get(k) ?? 0, b: times.get(k) ?? 0 })).sort((x, y) => y.b - y.a - (x.b - x.a));
      console.log('  self ms before -> after   function');
      for (const r of rows.slice(0, top)) console.log(`  ${r.a.toFixed(1).padStart(8)} -> ${r.b.toFixed(1).padStart(8)}   ${r.k}`);
    } else {
      const rows = [...times].sort((x, y) => y[1] - x[1]).slice(0, top);
      for (const [k, v] of rows) console.log(`  ${v.toFixed(1).padStart(8)}   ${k}`);
    }
    previous = times;
  }
} finally {
  await browser.close();
  await server.close();
}
