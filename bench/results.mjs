// One row of the benchmark table: each benchmark script calls `record` for the figures the
// table shows, and bench/table.mjs prints them together. Rows go, one JSON object per line, to
// the file named by BENCH_RESULTS (scripts/bench.sh sets it); without it, record does nothing
// and each script just prints its own report as before.
import { appendFileSync } from 'node:fs';

/**
 * @param {string} group   the table's section ("page", "time travel", …)
 * @param {string} name    what was measured
 * @param {string} value   the figure, formatted, with its unit
 * @param {string} [note]  goal or context
 */
export function record(group, name, value, note = '') {
  const file = process.env.BENCH_RESULTS;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ group, name, value, note })}\n`);
}
