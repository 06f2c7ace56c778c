// The clock sleeps through frames that would draw nothing new, when told how long (idleMs), and
// wakes for anything that changes the picture meanwhile.
import { describe, expect, it } from 'vitest';
import { Clock, type FrameScheduler, MAX_FRAME_WALL_MS, MAX_IDLE_MS, MIN_IDLE_MS } from './clock.js';

/** Frames and timers the test drives by hand. */
class ManualTime implements FrameScheduler {
  private next = 1;
  frames = new Map<number, (t: number) => void>();
  timers = new Map<number, { at: number; cb: () => void }>();
  now = 0;
  request(cb: (t: number) => void): number {
    const h = this.next++;
    this.frames.set(h, cb);
    return h;
  }
  cancel(h: number): void {
    this.frames.delete(h);
  }
  delay(cb: () => void, ms: number): number {
    const h = this.next++;
    this.timers.set(h, { at: this.now + ms, cb });
    return h;
  }
  cancelDelay(h: number): void {
    this.timers.delete(h);
  }
  /** Moves wall time to t: timers due fire, then the pending frames run. */
  frame(t: number): void {
    this.now = t;
    for (const [h, timer] of [...this.timers]) {
      if (timer.at <= t) {
        this.timers.delete(h);
        timer.cb();
      }
    }
    const cbs = [...this.frames.values()];
    this.frames.clear();
    for (const cb of cbs) cb(t);
  }
}

function setup(idle: () => number, speed = 1) {
  const time = new ManualTime();
  const ticks: [number, number][] = [];
  const clock = new Clock(
    {
      frame: (v, w) => {
        ticks.push([v, w]);
      },
      idleMs: idle,
    },
    time,
    speed,
  );
  return { time, ticks, clock };
}

describe('clock idle spells', () => {
  it('sleeps as long as the frame said nothing changes, then simulates the whole spell', () => {
    const { time, ticks, clock } = setup(() => 200);
    clock.play();
    time.frame(0);
    expect(clock.sleeping).toBe(true);
    expect(time.frames.size).toBe(0);
    for (let t = 16; t < 200; t += 16) time.frame(t);
    expect(ticks).toHaveLength(1); // slept through those frames
    time.frame(208);
    expect(ticks).toHaveLength(2);
    expect(ticks[1]).toEqual([208, 208]); // not cut to MAX_FRAME_WALL_MS: the sleep was chosen
    expect(208).toBeGreaterThan(MAX_FRAME_WALL_MS);
  });

  it('runs every frame when the idle spell is short or absent', () => {
    const { time, ticks, clock } = setup(() => MIN_IDLE_MS - 1);
    clock.play();
    for (let t = 0; t <= 64; t += 16) time.frame(t);
    expect(ticks).toHaveLength(5);
    expect(clock.sleeping).toBe(false);
  });

  it('never sleeps longer than MAX_IDLE_MS', () => {
    const { time, ticks, clock } = setup(() => Infinity);
    clock.play();
    time.frame(0);
    time.frame(MAX_IDLE_MS - 1);
    expect(ticks).toHaveLength(1);
    time.frame(MAX_IDLE_MS);
    expect(ticks).toHaveLength(2);
  });

  it('wake() draws at the next frame', () => {
    const { time, ticks, clock } = setup(() => 200);
    clock.play();
    time.frame(0);
    clock.wake();
    expect(clock.sleeping).toBe(false);
    time.frame(16);
    expect(ticks.map((t) => t[1])).toEqual([0, 16]);
  });

  it('a speed change wakes it (the spell was measured at the old speed)', () => {
    const { time, ticks, clock } = setup(() => 200);
    clock.play();
    time.frame(0);
    clock.setSpeed(0.5);
    time.frame(16);
    expect(ticks).toHaveLength(2);
    expect(ticks[1]).toEqual([8, 16]);
  });

  it('pausing while asleep cancels the sleep; playing again starts afresh', () => {
    const { time, ticks, clock } = setup(() => 200);
    clock.play();
    time.frame(0);
    clock.pause();
    expect(clock.sleeping).toBe(false);
    expect(time.timers.size).toBe(0);
    time.frame(500);
    expect(ticks).toHaveLength(1);
    clock.play();
    time.frame(10_000);
    expect(ticks[1]).toEqual([0, 0]); // the time paused is not simulated
  });

  it('without a timer in the scheduler it never sleeps', () => {
    const frames: FrameScheduler = {
      request: (cb) => {
        pending.push(cb);
        return pending.length;
      },
      cancel: () => {},
    };
    const pending: ((t: number) => void)[] = [];
    let n = 0;
    const clock = new Clock({ frame: () => void n++, idleMs: () => 200 }, frames);
    clock.play();
    pending.shift()?.(0);
    expect(pending).toHaveLength(1);
    pending.shift()?.(16);
    expect(n).toBe(2);
  });
});
