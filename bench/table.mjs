// The one table of `npm run bench`: every figure the benchmark scripts recorded (one JSON row per
// line in the BENCH_RESULTS file, see bench/results.mjs), with the machine they ran on, as a
// Markdown table the README can show as is.
//   node bench/table.mjs <results file>
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem, type } from 'node:os';

const file = process.argv[2] ?? process.env.BENCH_RESULTS;
if (!file) {
  console.error('usage: node bench/table.mjs <results file>');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  .filter((r) => r.group !== 'meta');

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return `${cmd}: not found`;
  }
};
const cpu = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
})();
const machine = [
  `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `${type()} ${release()}`,
  run('rustc', ['--version']),
  `node ${process.version}`,
  run(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version']),
].join('; ');

const cell = (s) => String(s).replaceAll('|', '\\|');
console.log(`Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}`);
console.log();
console.log('| part | figure | result | note |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${cell(r.group)} | ${cell(r.name)} | ${cell(r.value)} | ${cell(r.note)} |`);
