// What the soak's JS heap grows by: runs the soak's driver (bench/soak-driver.mjs) on the built
// page, takes a heap snapshot (CDP HeapProfiler, after a forced GC) at each of the given minutes,
// and prints, between consecutive snapshots, the constructors whose object count or self size
// grew most. A tool to find a leak, not a test (the soak is the test).
//
//   npm run build && node bench/heap-growth.mjs [minute ...]       (default: 1 4)
//
// Knobs: SOAK_ACTIONS_PER_S (20), SOAK_SEED (7), HEAP_TOP (25 rows).
import { launchBrowser, serveDist } from '../e2e/harness.mjs';
import { captureWasmMemory, startDriverIn } from './soak-driver.mjs';

const minutes = (process.argv.length > 2 ? process.argv.slice(2) : ['1', '4']).map(Number);
if (!minutes.every((m, i) => m > 0 && (i === 0 || m > minutes[i - 1]))) {
  console.error('usage: node bench/heap-growth.mjs [increasing minutes > 0 ...]');
  process.exit(2);
}
const actionsPerS = Number(process.env.SOAK_ACTIONS_PER_S ?? 20);
const seed = Number(process.env.SOAK_SEED ?? 7);
const top = Number(process.env.HEAP_TOP ?? 25);

/** A heap snapshot summarised as { "type:name" -> { count, size } }, plus the total. */
async function snapshot(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  let text = '';
  const onChunk = ({ chunk }) => {
    text += chunk;
  };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot: meta, nodes, edges, strings } = JSON.parse(text);
  const fields = meta.meta.node_fields;
  const types = meta.meta.node_types[fields.indexOf('type')];
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => fields.indexOf(f));
  const edgeFields = meta.meta.edge_fields;
  const edgeTypes = meta.meta.edge_types[edgeFields.indexOf('type')];
  const [edgeTypeAt, edgeNameAt] = ['type', 'name_or_index'].map((f) => edgeFields.indexOf(f));
  const byKind = new Map();
  let total = 0;
  let edge = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    // Strings and code are named by their content: group them by type alone.
    let name = type === 'object' || type === 'closure' || type === 'native' ? strings[nodes[i + nameAt]] : '';
    const edgeCount = nodes[i + edgeCountAt];
    if (type === 'object' && name === 'Object') {
      // Plain objects all share one name: tell them apart by their property names.
      const props = [];
      for (let e = edge; e < edge + edgeCount * edgeFields.length; e += edgeFields.length) {
        if (edgeTypes[edges[e + edgeTypeAt]] === 'property') props.push(strings[edges[e + edgeNameAt]]);
      }
      name = `{${props.slice(0, 8).join(',')}}`;
    }
    edge += edgeCount * edgeFields.length;
    const key = `${type}:${name.slice(0, 60)}`;
    const size = nodes[i + sizeAt];
    total += size;
    const kind = byKind.get(key) ?? { count: 0, size: 0 };
    kind.count++;
    kind.size += size;
    byKind.set(key, kind);
  }
  return { byKind, total };
}

function compare(a, b, from, to) {
  console.log(`\nfrom minute ${from} to ${to}: total self size ${(a.total / 1e6).toFixed(2)} -> ${(b.total / 1e6).toFixed(2)} MB`);
  const rows = [];
  for (const [key, after] of b.byKind) {
    const before = a.byKind.get(key) ?? { count: 0, size: 0 };
    rows.push({ key, dCount: after.count - before.count, dSize: after.size - before.size, count: after.count });
  }
  rows.sort((x, y) => y.dSize - x.dSize);
  console.log('  +bytes     +count     count  constructor');
  for (const r of rows.slice(0, top)) {
    console.log(`${String(r.dSize).padStart(8)} ${String(r.dCount).padStart(10)} ${String(r.count).padStart(9)}  ${r.key}`);
  }
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
  await startDriverIn(page, { seed, perS: actionsPerS });
  const t0 = performance.now();
  let previous = null;
  for (const m of minutes) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + m * 60_000 - performance.now())));
    const shot = await snapshot(cdp);
    const heap = await cdp.send('Runtime.getHeapUsage');
    console.log(`minute ${m}: used heap ${(heap.usedSize / 2 ** 20).toFixed(2)} MB, ${shot.byKind.size} kinds`);
    if (previous) compare(previous.shot, shot, previous.m, m);
    previous = { shot, m };
  }
} finally {
  await browser.close();
  await server.close();
}
