// Time-travel figures in headless Chromium (a benchmark: it prints, it asserts nothing).
//   1. Fast-forward one hour of a default 5-node cluster in the page's wasm.
//   2. Seek to random moments of a 10-minute 5-node run with 10 proposals per second.
//   3. Fast-forward one hour with a client proposal every second (the log grows all hour).
// Run after `npm run build`: node bench/timetravel.mjs
// With log compaction (§7): SNAPSHOT_EVERY=10 node bench/timetravel.mjs (every server snapshots
// every 10 applied entries; the figures are recorded under their own names).
import { withPage } from '../e2e/harness.mjs';
import { record } from './results.mjs';

const every = Number(process.env.SNAPSHOT_EVERY ?? 0);
const snapshots = Number.isInteger(every) && every > 0;
const tag = snapshots ? `, snapshot every ${every}` : '';

const figures = await withPage(
  async (page) =>
    page.evaluate(async () => {
      const el = document.querySelector('raft-playground');
      await el.ready;
      el.pause();
      const pg = el.playground;
      const t0 = performance.now();
      pg.advance(3_600_000);
      const hourMs = performance.now() - t0;

      // A fresh 10-minute run on the same element: restart, then build it with proposals.
      pg.seek(0);
      let value = 1;
      const b0 = performance.now();
      for (let t = 0; t < 600_000; t += 100) {
        pg.advance(100);
        try {
          pg.proposeToLeader(value++);
        } catch {
          // No leader at this instant: the proposal is simply not made.
        }
      }
      const buildMs = performance.now() - b0;
      // Deterministic "random" moments.
      let x = 12345;
      const times = [];
      for (let i = 0; i < 60; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const at = (x / 2147483648) * 600_000;
        const s0 = performance.now();
        pg.seek(at);
        times.push(performance.now() - s0);
      }
      times.sort((a, b) => a - b);

      // An hour in which the log keeps growing: one proposal a second.
      pg.seek(0);
      const h0 = performance.now();
      for (let t = 0; t < 3_600_000; t += 1000) {
        pg.advance(1000);
        try {
          pg.proposeToLeader(value++);
        } catch {
          // No leader at this instant.
        }
      }
      const busyHourMs = performance.now() - h0;
      return {
        hourMs,
        busyHourMs,
        buildMs,
        median: times[Math.floor(times.length / 2)],
        p90: times[Math.floor(times.length * 0.9)],
        max: times[times.length - 1],
      };
    }),
  { path: `/?seed=7${snapshots ? `&snapshotevery=${every}` : ''}`, name: 'bench-timetravel' },
);

const f = (n) => `${n.toFixed(1)} ms`;
console.log(`time travel in headless Chromium (wasm)${tag}`);
console.log(`  fast-forward one hour, 5 nodes:        ${f(figures.hourMs)}   (goal <= 1000 ms)`);
console.log(`  one hour, a proposal a second:         ${f(figures.busyHourMs)}   (3600 proposals)`);
console.log(`  build a 10-min run, 10 proposals/s:    ${f(figures.buildMs)}`);
console.log(`  seek to random moments (60): median ${f(figures.median)}, p90 ${f(figures.p90)}, max ${f(figures.max)}   (goal <= 50 ms)`);
record('simulator', `one hour, default 5 nodes: wasm, Chromium${tag}`, f(figures.hourMs), 'page seed 7; goal <= 1000 ms');
record('simulator', `one hour, a proposal a second: wasm, Chromium${tag}`, f(figures.busyHourMs), '3600 proposals');
record('time travel', `build a 10-min run, 10 proposals/s (Chromium)${tag}`, f(figures.buildMs));
record('time travel', `seek in a 10-min run: median / p90 / max${tag}`, `${f(figures.median)} / ${f(figures.p90)} / ${f(figures.max)}`, '60 seeks; goal <= 50 ms');
