// Page budget: what the first load of www/dist/index.html weighs (gzip -9) against the budgets,
// then how the running page does in headless chromium: frames per second (counted in the page
// with requestAnimationFrame) and CPU used by all of chromium's processes, in cores.
//
//   npm run build && node bench/page-budget.mjs      (npm run bench does both)
//
// A benchmark, not a test: always exits 0, but prints "OVER BUDGET" lines.
// Env: BENCH_SECONDS (10) measuring time per scenario, BENCH_WARMUP (2) seconds before it.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launchBrowser, serveDist, watchProblems } from '../e2e/harness.mjs';

const KB = 1000; // budgets are in KB of 1000 bytes
const BUDGET_TOTAL = 50 * KB;
const BUDGET_WASM = 25 * KB;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const SCENARIOS = [
  { name: '5 nodes', path: 'index.html' },
  { name: '9 nodes', path: 'index.html?nodes=9' },
];

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// ---- 1. first-load size --------------------------------------------------------------------------

// Files index.html loads, found by reading them: the HTML's script src / link href, then, in JS
// and CSS, every quoted path or url() that names a file of the build (static imports, Vite's
// preload lists, the wasm's `new URL(..., import.meta.url)`). Lazy chunks would count too: this
// errs on the heavy side.
function firstLoadFiles(dist) {
  const seen = new Set();
  const queue = ['index.html'];
  const refsIn = (file, text) => {
    const ext = extname(file);
    const out = [];
    let re;
    if (ext === '.html') re = /<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi;
    else if (ext === '.css') re = /url\(\s*["']?([^"')]+)["']?\s*\)/gi;
    else re = /["'`]([^"'`\s]+\.(?:m?js|css|wasm))["'`]/g;
    for (const m of text.matchAll(re)) out.push(m[1]);
    return out;
  };
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const ext = extname(file);
    if (!['.html', '.js', '.mjs', '.css'].includes(ext)) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    for (const ref of refsIn(file, text)) {
      if (/^(?:[a-z]+:)?\/\//i.test(ref) || ref.startsWith('data:')) continue;
      const clean = ref.split(/[?#]/)[0];
      // Relative to the referring file, or to the site root (Vite's preload lists).
      for (const cand of [join(dirname(file), clean), clean.replace(/^\.?\//, '')]) {
        const rel = relative(dist, resolve(dist, cand));
        if (!rel.startsWith('..') && existsSync(join(dist, rel)) && statSync(join(dist, rel)).isFile()) {
          queue.push(rel);
          break;
        }
      }
    }
  }
  return [...seen];
}

function sizeReport() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log(`no ${join(DIST, 'index.html')}: run npm run build first`);
    return null;
  }
  const files = firstLoadFiles(DIST).map((f) => {
    const buf = readFileSync(join(DIST, f));
    return { f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
  });
  console.log(`First load of www/dist/index.html (gzip -9; KB = 1000 bytes)`);
  console.log(`  ${pad('file', 48)}${lpad('raw', 10)}${lpad('gzip', 10)}`);
  for (const { f, raw, gz } of files) console.log(`  ${pad(f, 48)}${lpad(kb(raw), 10)}${lpad(kb(gz), 10)}`);
  const total = files.reduce((s, x) => s + x.gz, 0);
  const wasm = files.filter((x) => x.f.endsWith('.wasm')).reduce((s, x) => s + x.gz, 0);
  const line = (label, v, budget) =>
    console.log(`  ${pad(label, 20)}${lpad(kb(v), 10)}  budget ${kb(budget)}  ${v > budget ? 'OVER BUDGET' : 'ok'}`);
  console.log();
  line('first load total', total, BUDGET_TOTAL);
  if (files.some((x) => x.f.endsWith('.wasm'))) line('wasm', wasm, BUDGET_WASM);
  else console.log(`  wasm: none loaded by index.html (web/ not built yet?)`);
  const assets = join(DIST, 'assets');
  const allWasm = existsSync(assets) ? readdirSync(assets, { withFileTypes: true }).filter((d) => d.name.endsWith('.wasm')) : [];
  for (const d of allWasm) {
    const rel = join('assets', d.name);
    if (!files.some((x) => x.f === rel)) console.log(`  note: ${rel} is in the build but index.html does not load it`);
  }
  return new Set(files.map((x) => x.f));
}

// ---- 2. the running page -----------------------------------------------------------------------------

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// utime + stime (clock ticks) of every live process below this one: chromium's whole tree (the
// static server runs inside this node process and is not counted).
function childTreeTicks() {
  const parent = new Map();
  const ticks = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after "(comm)": state ppid ... utime(14) stime(15), numbered from 1 with pid.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(name), Number(rest[1]));
    ticks.set(Number(name), Number(rest[11]) + Number(rest[12]));
  }
  const children = new Map();
  for (const [pid, ppid] of parent) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let sum = 0;
  let count = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    sum += ticks.get(pid) ?? 0;
    count += 1;
    stack.push(...(children.get(pid) ?? []));
  }
  return { ticks: sum, processes: count };
}

async function runScenario(server, scenario, firstLoad) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    const fetched = new Set();
    page.on('request', (req) => {
      if (req.url().startsWith(server.url)) fetched.add(new URL(req.url()).pathname.slice(1) || 'index.html');
    });
    await page.goto(new URL(scenario.path, server.url).href, { waitUntil: 'load' });
    await page.waitForTimeout(WARMUP * 1000);

    const before = childTreeTicks();
    const t0 = process.hrtime.bigint();
    const frames = await page.evaluate(
      (ms) =>
        new Promise((done) => {
          let n = 0;
          let start = -1;
          const tick = (t) => {
            if (start < 0) start = t;
            else n += 1;
            if (t - start < ms) requestAnimationFrame(tick);
            else done({ frames: n, ms: t - start });
          };
          requestAnimationFrame(tick);
        }),
      SECONDS * 1000,
    );
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = childTreeTicks();

    const unexpected = firstLoad ? [...fetched].filter((f) => !firstLoad.has(f) && f !== 'favicon.svg') : [];
    return {
      fps: (frames.frames * 1000) / frames.ms,
      cores: (after.ticks - before.ticks) / CLK_TCK / wall,
      processes: after.processes,
      problems,
      unexpected,
    };
  } finally {
    await browser.close().catch(() => {});
  }
}

async function pageReport(firstLoad) {
  let server;
  try {
    server = await serveDist();
  } catch (err) {
    console.log(`skipped the running page: ${err.message}`);
    return;
  }
  try {
    console.log();
    console.log(
      `Running page, headless chromium, ${SECONDS}s each after ${WARMUP}s warm-up (${availableParallelism()} cores here)`,
    );
    console.log(`  ${pad('scenario', 12)}${lpad('fps', 8)}${lpad('CPU (cores)', 14)}${lpad('processes', 11)}`);
    for (const sc of SCENARIOS) {
      let r;
      try {
        r = await runScenario(server, sc, firstLoad);
      } catch (err) {
        console.log(`  ${pad(sc.name, 12)}failed: ${err.message.split('\n')[0]}`);
        continue;
      }
      console.log(`  ${pad(sc.name, 12)}${lpad(r.fps.toFixed(1), 8)}${lpad(r.cores.toFixed(2), 14)}${lpad(r.processes, 11)}`);
      for (const p of r.problems) console.log(`    problem: ${p.split('\n')[0]}`);
      for (const f of r.unexpected) console.log(`    note: the browser also fetched ${f}, not counted in the first load`);
    }
  } finally {
    await server.close();
  }
}

const firstLoad = sizeReport();
if (firstLoad) await pageReport(firstLoad);
