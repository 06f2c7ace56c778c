import { describe, expect, it } from 'vitest';
import { FIRST_SLICE_EVENTS, FastForward } from './fast-forward.js';
import { advanceInSlices, seekInSlices } from './sliced-seek.js';
import { FakePlayground } from './testing/fixtures.js';

function driver(tasks: (() => void)[], progress: number[] = []): FastForward {
  let t = 0;
  return new FastForward({ progress: (f) => progress.push(f), schedule: (task) => tasks.push(task), now: () => (t += 5) });
}

describe('seeks and advances in slices', () => {
  it('a short seek lands in its first slice, at once', async () => {
    const pg = new FakePlayground(3);
    const tasks: (() => void)[] = [];
    const end = seekInSlices(driver(tasks), pg, 1234);
    expect(tasks).toHaveLength(0);
    expect(pg.now()).toBe(1234);
    expect(pg.calls).toEqual(['beginSeek 1234', `seekSlice ${FIRST_SLICE_EVENTS}`]);
    expect(await end).toMatchObject({ done: true, progress: 1, atMs: 1234 });
  });

  it('a long one yields between slices, shows its progress, and lands on its target', async () => {
    const pg = new FakePlayground(3);
    pg.seekSlicesLeft = 4;
    const tasks: (() => void)[] = [];
    const progress: number[] = [];
    const end = advanceInSlices(driver(tasks, progress), pg, 60_000);
    expect(pg.now()).toBe(30_000); // halfway after the first slice, then the page yields
    while (tasks.length) tasks.shift()?.();
    expect((await end)?.done).toBe(true);
    expect(pg.now()).toBe(60_000);
    expect(progress).toEqual([0.5, 0.5, 0.5, 1]);
    expect(pg.calls.filter((c) => c.startsWith('seekSlice'))).toHaveLength(4);
  });

  it('Cancel stops it where it got and tells the core; a later move takes over a skip', async () => {
    const pg = new FakePlayground(3);
    pg.seekSlicesLeft = 10;
    const tasks: (() => void)[] = [];
    const ff = driver(tasks);
    const end = seekInSlices(ff, pg, 80_000);
    tasks.shift()?.();
    ff.cancel();
    expect(await end).toBeNull();
    expect(pg.calls.at(-1)).toBe('cancelSeek');
    expect(pg.now()).toBe(60_000); // two slices: halfway, then halfway again
    expect(() => pg.seekSlice(10)).toThrow(/no seek in progress/);

    pg.slicesLeft = 5;
    const skip = ff.run(pg, 'leader', 600_000);
    const seek = seekInSlices(ff, pg, 10);
    while (tasks.length) tasks.shift()?.();
    expect(await skip).toBeNull();
    expect(pg.calls).toContain('cancelRunUntil');
    expect((await seek)?.done).toBe(true);
    expect(pg.now()).toBe(10);
  });

  it('a refused begin throws at once and leaves nothing running', () => {
    const pg = new FakePlayground(3);
    pg.failWith = 'seek(ms) needs a number of milliseconds from 0, got -1';
    const ff = driver([]);
    expect(() => seekInSlices(ff, pg, -1)).toThrow(/from 0, got -1/);
    expect(ff.running).toBe(false);
  });
});
