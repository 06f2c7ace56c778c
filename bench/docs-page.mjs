// A docs page holding two playgrounds (www/dist/docs/repair.html, served under /raft-playground/
// as GitHub Pages serves a project site): what its first load moves over the wire (as served,
// gzip) until both playgrounds are drawn and the page's extras are in, how long that takes, and
// the CPU chromium uses with both playgrounds playing on screen, with one scrolled away (paused
// by its IntersectionObserver), and, for reference, a page with one playground.
//
//   npm run build && node bench/docs-page.mjs
//
// A benchmark: prints figures and exits 0. Env: BENCH_SECONDS (10) per CPU window, BENCH_WARMUP
// (3) seconds before it.

import { DIST, launchBrowser, serveDist, watchProblems } from '../e2e/harness.mjs';
import { childTreeTicks, cpuBetween } from './cpu.mjs';
import { record } from './results.mjs';

const SECONDS = Math.max(5, Number(process.env.BENCH_SECONDS ?? 10));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const BASE = '/raft-playground/';

async function allReady(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('raft-playground')].every((el) => el.getAttribute('data-state') === 'ready'), null, { timeout: 20000 });
  // `ready` resolves once the extras loaded after the first draw are in too.
  await page.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((el) => el.ready)));
}

async function firstLoad(browser, server) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2200 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const bytes = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  const t0 = Date.now();
  await page.goto(new URL('docs/repair.html', server.url).href, { waitUntil: 'load' });
  await allReady(page);
  const ms = Date.now() - t0;
  await page.waitForTimeout(300);
  const files = [...bytes].map(([id, n]) => [new URL(urls.get(id)).pathname.replace(BASE, ''), n]).sort((a, b) => b[1] - a[1]);
  await page.close();
  return { ms, files, total: files.reduce((s, [, n]) => s + n, 0) };
}

async function cpu(browser, server, path, viewport) {
  const page = await browser.newPage({ viewport });
  const problems = watchProblems(page);
  await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
  await allReady(page);
  await page.waitForTimeout(WARMUP * 1000);
  const playing = await page.evaluate(() => [...document.querySelectorAll('raft-playground')].map((el) => el.playing));
  const before = childTreeTicks();
  const t0 = process.hrtime.bigint();
  await page.waitForTimeout(SECONDS * 1000);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = cpuBetween(before, childTreeTicks());
  await page.close();
  return { cores: used.total / wall, renderer: (used.byType.renderer ?? 0) / wall, playing, problems };
}

const server = await serveDist(DIST, { base: BASE });
const browser = await launchBrowser();
try {
  const load = await firstLoad(browser, server);
  console.log(`First load of docs/repair.html (two playgrounds), bytes on the wire as served (gzip), cache off:`);
  for (const [file, n] of load.files) console.log(`  ${file.padEnd(56)}${(n / 1000).toFixed(1).padStart(7)} KB`);
  console.log(`  total${(load.total / 1000).toFixed(1).padStart(58)} KB; both drawn with their extras in ${load.ms} ms (local server)`);
  record('docs page', 'first load, two playgrounds (gzip)', `${(load.total / 1000).toFixed(1)} KB`, 'docs/repair.html');
  console.log(`\nCPU over ${SECONDS} s (all of chromium), default speed:`);
  for (const [name, path, viewport] of [
    ['two playgrounds, both on screen', 'docs/repair.html', { width: 1280, height: 2200 }],
    ['two playgrounds, one scrolled away', 'docs/repair.html', { width: 1280, height: 800 }],
    ['one playground (reference)', 'docs/elections.html', { width: 1280, height: 1400 }],
  ]) {
    const r = await cpu(browser, server, path, viewport);
    record('docs page', `CPU, ${name}`, `${r.cores.toFixed(3)} cores`, 'default speed');
    console.log(`  ${name.padEnd(40)}${r.cores.toFixed(3).padStart(7)} cores (renderer ${r.renderer.toFixed(3)}); playing: ${r.playing.join(', ')}${r.problems.length ? `; problems: ${r.problems.join('; ')}` : ''}`);
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}
