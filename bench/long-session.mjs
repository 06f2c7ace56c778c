// Long-session figures of the page's wasm under Node (a benchmark: it prints, asserts nothing).
//   1. wasm memory after 100,000 recorded actions (random actions at a few ms apart).
//   2. the longest single call while `runUntil('commit', 3_600_000)` runs with loss 1: the whole
//      call for the one-shot API, or the longest slice for the sliced one when it exists.
// Run after `npm run build` (or pass another wasm-pack output dir): node bench/long-session.mjs [pkgDir]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? new URL('../www/pkg', import.meta.url).pathname);
const glue = await import(pathToFileURL(`${dir}/raft_playground_web.js`).href);
const exports = glue.initSync({ module: readFileSync(`${dir}/raft_playground_web_bg.wasm`) });
const memoryMB = () => exports.memory.buffer.byteLength / 2 ** 20;
const { Playground } = glue;

let x = 42;
const random = (n) => {
  x = (x * 1103515245 + 12345) % 2147483648;
  return Math.floor((x / 2147483648) * n);
};

const ACTIONS = Number(process.env.ACTIONS ?? 100_000);
const pg = new Playground({ nodes: 5, seed: 7 });
const before = memoryMB();
const samples = [];
let done = 0;
const t0 = performance.now();
while (done < ACTIONS) {
  pg.advance(1 + random(20));
  const node = random(5);
  try {
    switch (random(8)) {
      case 0: pg.setLoss(random(30) / 100); break;
      case 1: pg.setLatency(5 + random(10), 20 + random(30)); break;
      case 2: pg.setPartition([[node], [(node + 1) % 5, (node + 2) % 5]]); break;
      case 3: pg.heal(); break;
      case 4: pg.crash(node); break;
      case 5: pg.restart(node); break;
      case 6: pg.forceTimeout(node); break;
      default: pg.proposeToLeader(done); break;
    }
  } catch {
    continue; // refused (no leader, node already down...): not an action
  }
  done++;
  if (done % 10_000 === 0) samples.push(`${done / 1000}k: ${memoryMB().toFixed(1)} MB`);
}
const sessionMs = performance.now() - t0;
console.log(`wasm memory: ${before.toFixed(1)} MB at start, ${memoryMB().toFixed(1)} MB after ${ACTIONS} actions (${(sessionMs / 1000).toFixed(1)} s, ${(pg.now() / 1000).toFixed(0)} s virtual)`);
console.log(`  ${samples.join(', ')}`);
pg.free();

// runUntil to 1 h, as one call, or in slices sized as www/src/fast-forward.ts sizes them (about
// 20 ms of wall time each): the longest block of the main thread is the longest call.
const SLICE_TARGET_MS = 20;
const nextSliceEvents = (events, tookMs) =>
  Math.max(50, Math.min(1_000_000, events * 2, tookMs > 0 ? Math.round((events * SLICE_TARGET_MS) / tookMs) : events * 2));

function measure(title, setUp, kind) {
  const pg = new Playground({ nodes: 5, seed: 7 });
  setUp(pg);
  const sliced = 'runUntilSlice' in pg;
  let longest = 0;
  let slices = 0;
  let end;
  const r0 = performance.now();
  if (sliced) {
    pg.beginRunUntil(kind, 3_600_000);
    let events = 500;
    for (;;) {
      const s0 = performance.now();
      end = pg.runUntilSlice(events);
      const took = performance.now() - s0;
      slices++;
      longest = Math.max(longest, took);
      events = nextSliceEvents(events, took);
      if (end.done) break;
    }
  } else {
    end = pg.runUntil(kind, 3_600_000);
    longest = performance.now() - r0;
    slices = 1;
  }
  const total = performance.now() - r0;
  console.log(
    `${title}: ${total.toFixed(0)} ms in all, longest block ${longest.toFixed(1)} ms over ${slices} ${sliced ? 'slices' : 'call'}; ` +
      `result ${JSON.stringify(end)}, cursor at ${pg.now()} ms`,
  );
  pg.free();
}

measure("runUntil('commit', 3600000) with loss 1", (pg) => {
  pg.advance(2000);
  pg.setLoss(1);
}, 'commit');
measure("runUntil('leader', 3600000) with 3 of 5 crashed", (pg) => {
  pg.runUntil('leader', 10_000);
  const leader = pg.leader();
  for (let k = 0; k < 3; k++) pg.crash((leader + k) % 5);
}, 'leader');
measure("runUntil('split', 3600000) in a healthy cluster (none comes: the whole hour)", (pg) => pg.advance(2000), 'split');
