// The soak's session, fast, in the page's wasm under node (no browser, no real time): the same
// action mix as bench/soak-driver.mjs on a 5-node cluster, with the page's per-frame reads
// (nodes, messages, new marks, new log entries, the diagram's last minute) between actions.
// Prints wasm memory against actions, so allocator and store changes can be compared in a
// minute rather than the soak's 30. It judges nothing: bench/soak.mjs is the soak.
//   npm run build && node bench/wasm-soak.mjs [actions=22000]
// Knobs: WASM_SOAK_CONFIG (JSON options for the Playground, e.g. '{"snapshotEvery":100}'),
// NO_READS=1 (no per-frame reads: what the core alone keeps), WASM_PKG=target/pkg-heap-stats
// (the diagnostic build of `bash scripts/build-wasm.sh --heap-stats`: adds the bytes live on the
// heap, so that wasm memory minus live bytes shows what fragmentation costs).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { soakAction } from './soak-driver.mjs';

const total = Number(process.argv[2] ?? 22000);
const pkg = process.env.WASM_PKG
  ? pathToFileURL(`${process.env.WASM_PKG.replace(/\/$/, '')}/`)
  : new URL('../www/pkg/', import.meta.url);
const bindings = await import(new URL('raft_playground_web.js', pkg).href);
const { initSync, Playground } = bindings;
const wasm = fileURLToPath(new URL('raft_playground_web_bg.wasm', pkg));
const { memory } = initSync({ module: readFileSync(wasm) });
/**
 * In the diagnostic build only: [bytes live on the heap, blocks live, peak live since the last
 * call, largest block asked for since the last call].
 */
const heapStats = bindings.heapStats;

let x = 7;
const random = (n) => {
  x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
  return x % n;
};
const pg = new Playground({ seed: 7, nodes: 5, ...JSON.parse(process.env.WASM_SOAK_CONFIG ?? '{}') });
// The soak made about one action per 171 virtual ms (22,000 in 3,764 s).
const STEP_MS = 171;
// The page's marks reader (www/src/marks-reader.ts): new marks only, all again after a fork.
let marks = 0;
let marksEpoch = -1;
const MARK_STRIDE = 4;
// The log rows' readers (www/src/render/scene.ts): new entries only, all again after a jump.
const logs = new Map();
const LOG_STRIDE = 2;
/** What a frame of the page reads. */
function readFrame() {
  pg.nodes();
  pg.messages();
  if (pg.marksEpoch() !== marksEpoch) {
    marksEpoch = pg.marksEpoch();
    marks = 0;
  }
  marks += pg.marksSince(marks, Infinity).length / MARK_STRIDE;
  for (let id = 0; id < pg.nodeCount; id++) {
    const epoch = pg.logEpoch(id);
    const held = logs.get(id);
    if (held?.epoch === epoch) held.count += pg.logSince(id, held.count).length / LOG_STRIDE;
    else logs.set(id, { epoch, count: pg.log(id).length / LOG_STRIDE });
  }
  pg.diagram(Math.max(0, pg.now() - 60_000), pg.now());
  pg.lanes(Math.max(0, pg.now() - 60_000), pg.now());
}
let refused = 0;
let peakLive = 0;
let largest = 0;
const MB = 2 ** 20;
const rows = [];
for (let done = 0; done <= total; done++) {
  pg.advance(STEP_MS);
  if (!process.env.NO_READS) readFrame();
  try {
    soakAction(pg, random, done);
  } catch {
    refused++;
  }
  // The peak live between rows: read every action (the call resets it), kept at each row.
  const heap = heapStats?.();
  if (heap) {
    peakLive = Math.max(peakLive, heap[2]);
    largest = Math.max(largest, heap[3]);
  }
  if (done % 2000 === 0) {
    rows.push([done, memory.buffer.byteLength / MB, pg.now() / 1000, heap && [heap[0], heap[1], peakLive, largest]]);
    peakLive = 0;
    largest = 0;
  }
}
console.log(`actions  wasm MB  virtual s${heapStats ? '  live MB  peak live MB   blocks  largest KB' : ''}`);
for (const [a, m, v, h] of rows) {
  const heap = h
    ? `  ${(h[0] / MB).toFixed(2).padStart(7)}  ${(h[2] / MB).toFixed(2).padStart(12)}  ${String(h[1]).padStart(7)}  ${(h[3] / 1024).toFixed(0).padStart(10)}`
    : '';
  console.log(`${String(a).padStart(7)}  ${m.toFixed(2).padStart(7)}  ${v.toFixed(0).padStart(9)}${heap}`);
}
console.log(`refused ${refused}`);
