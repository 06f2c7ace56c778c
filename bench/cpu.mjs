// CPU used by headless chromium, read from /proc: utime + stime of every process this node
// process started (chromium's whole tree), by chromium process type. Shared by the benchmarks.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Chromium process type from its command line ('browser' for the main one). */
export function processType(pid) {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = cmd.find((c) => c.startsWith('--type='))?.slice(7) ?? 'browser';
    return type === 'gpu-process' ? 'gpu' : type;
  } catch {
    return 'other';
  }
}

// utime + stime (clock ticks) of every live process below this one: chromium's whole tree (the
// static server runs inside this node process and is not counted), by process type.
export function childTreeTicks() {
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
  const byPid = new Map();
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    byPid.set(pid, ticks.get(pid) ?? 0);
    stack.push(...(children.get(pid) ?? []));
  }
  return byPid;
}

/** CPU used between two snapshots, in core-seconds, in all and by process type. */
export function cpuBetween(before, after) {
  const byType = {};
  let total = 0;
  for (const [pid, t] of after) {
    const d = (t - (before.get(pid) ?? 0)) / CLK_TCK; // a process born meanwhile counts from 0
    total += d;
    const type = processType(pid);
    byType[type] = (byType[type] ?? 0) + d;
  }
  return { total, byType, processes: after.size };
}
