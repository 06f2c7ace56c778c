import { describe, expect, it } from 'vitest';
import { FIRST_SLICE_EVENTS, FastForward, SLICE_TARGET_MS, nextSliceEvents, type SlicedRun } from './fast-forward.js';
import type { RunSlice } from './view.js';

/** A sliced run that takes `msPerEvent` of (fake) wall time per event and is done after `total` events. */
class SlowRun implements SlicedRun {
  slices: number[] = [];
  done = 0;
  cancelled = false;
  constructor(
    private readonly clock: { t: number },
    private readonly total: number,
    private readonly msPerEvent: number,
  ) {}
  beginRunUntil(): void {}
  runUntilSlice(maxEvents: number): RunSlice {
    const events = Math.min(maxEvents, this.total - this.done);
    this.slices.push(events);
    this.done += events;
    this.clock.t += events * this.msPerEvent;
    const over = this.done >= this.total;
    return { done: over, found: over, progress: this.done / this.total, atMs: this.done, why: undefined };
  }
  cancelRunUntil(): void {
    this.cancelled = true;
  }
}

function driver(clock: { t: number }, tasks: (() => void)[], progress: number[] = []): FastForward {
  return new FastForward({ progress: (f) => progress.push(f), schedule: (task) => tasks.push(task), now: () => clock.t });
}

describe('fast-forward in slices', () => {
  it('sizes slices so each takes about the target wall time, and yields between them', async () => {
    const clock = { t: 0 };
    const tasks: (() => void)[] = [];
    const progress: number[] = [];
    const run = new SlowRun(clock, 200_000, 0.01); // 2 s of work in all
    const end = driver(clock, tasks, progress).run(run, 'commit', 3_600_000);
    // The first slice ran at once; the rest wait for the page to yield.
    expect(run.slices).toEqual([FIRST_SLICE_EVENTS]);
    while (tasks.length) tasks.shift()?.();
    expect((await end)?.found).toBe(true);
    const longest = Math.max(...run.slices) * 0.01;
    expect(longest).toBeLessThanOrEqual(50);
    expect(longest).toBeGreaterThanOrEqual(SLICE_TARGET_MS / 2);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('cancel stops it between slices and tells the core', async () => {
    const clock = { t: 0 };
    const tasks: (() => void)[] = [];
    const run = new SlowRun(clock, 1e9, 0.01);
    const ff = driver(clock, tasks);
    const end = ff.run(run, 'leader', 600_000);
    expect(ff.running).toBe(true);
    tasks.shift()?.();
    ff.cancel();
    expect(run.cancelled).toBe(true);
    while (tasks.length) tasks.shift()?.();
    expect(await end).toBeNull();
    expect(ff.running).toBe(false);
    expect(run.slices.length).toBe(2);
  });

  it('a second run ends the first', async () => {
    const clock = { t: 0 };
    const tasks: (() => void)[] = [];
    const ff = driver(clock, tasks);
    const first = new SlowRun(clock, 1e9, 0.01);
    const second = new SlowRun(clock, 1_000, 0.01);
    const a = ff.run(first, 'leader', 600_000);
    const b = ff.run(second, 'leader', 600_000);
    while (tasks.length) tasks.shift()?.();
    expect(await a).toBeNull();
    expect((await b)?.found).toBe(true);
    expect(first.slices.length).toBe(1);
  });

  it('slice sizes adapt within bounds', () => {
    expect(nextSliceEvents(1000, 40)).toBe(500);
    expect(nextSliceEvents(1000, 1)).toBe(2000);
    expect(nextSliceEvents(1000, 0)).toBe(2000);
    expect(nextSliceEvents(60, 1000)).toBe(50);
  });
});
