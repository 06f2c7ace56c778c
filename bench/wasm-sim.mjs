// The simulator in the page's wasm, under node (no browser): one hour of virtual time of the
// default 5-node cluster, seed 7, the very run bench/raft-rs-compare times natively (same
// config, same seed: the same events). Prints the wall time (best of 3) and, given the
// native run's event count in BENCH_RESULTS, events per second.
//   npm run build && node bench/wasm-sim.mjs      (npm run bench does both)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, Playground } from '../www/pkg/raft_playground_web.js';
import { record } from './results.mjs';

const wasm = fileURLToPath(new URL('../www/pkg/raft_playground_web_bg.wasm', import.meta.url));
initSync({ module: readFileSync(wasm) });

const walls = [];
for (let i = 0; i < 3; i++) {
  const pg = new Playground({ seed: 7 });
  const t0 = performance.now();
  pg.advance(3_600_000);
  walls.push(performance.now() - t0);
  pg.free();
}
// The best of 3: on a shared machine the least disturbed run is the truest (as the native run).
const wall = Math.min(...walls);
console.log(`one hour, default 5 nodes, wasm under node ${process.version}: ${wall.toFixed(1)} ms (best of 3)`);
record('simulator', 'one hour, default 5 nodes: wasm, node', `${wall.toFixed(1)} ms`, `best of 3; node ${process.version}`);

const file = process.env.BENCH_RESULTS;
const native = file && existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.group === 'meta' && r.name === 'hour events')
  : undefined;
if (native) {
  const rate = Number(native.value) / (wall / 1000) / 1e6;
  console.log(`events per second: ${rate.toFixed(2)} M/s`);
  record('simulator', 'events per second: wasm, node', `${rate.toFixed(2)} M/s`, 'same run');
}
