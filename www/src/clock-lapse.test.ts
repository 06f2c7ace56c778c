// Time-lapse through idle time: while only timers run, frames pass IDLE_LAPSE times more virtual
// time; the lapse ends exactly at the next event, so what it sends flies at the normal pace.
// Virtual time itself is never bent: the same events happen at the same virtual times.
import { describe, expect, it } from 'vitest';
import { Clock, IDLE_LAPSE, frameVirtualMs } from './clock.js';
import { ManualFrames } from './testing/frames.js';

describe('frameVirtualMs', () => {
  it('is wall × speed when nothing is idle, or when the lapse is off', () => {
    expect(frameVirtualMs(16, 1 / 50, IDLE_LAPSE, 0)).toBeCloseTo(0.32);
    expect(frameVirtualMs(16, 1 / 50, IDLE_LAPSE, -1)).toBeCloseTo(0.32);
    expect(frameVirtualMs(16, 1 / 50, 1, 500)).toBeCloseTo(0.32);
  });

  it('runs ×20 through idle time far from the next event', () => {
    expect(frameVirtualMs(16, 1 / 50, 20, 100)).toBeCloseTo(6.4);
  });

  it('never runs fast past the next event: the rest of the frame is at normal speed', () => {
    // 2 virtual ms of idle at ×20 take 5 wall ms; the other 11 wall ms pass at 1/50×.
    expect(frameVirtualMs(16, 1 / 50, 20, 2)).toBeCloseTo(2 + 11 / 50);
  });
});

describe('the clock time-lapses while the page reports idle time', () => {
  function run(idleAhead: () => number): { advanced: number[]; lapses: boolean[]; clock: Clock; frames: ManualFrames } {
    const advanced: number[] = [];
    const lapses: boolean[] = [];
    const frames = new ManualFrames();
    const clock = new Clock(
      { frame: (v) => advanced.push(v), idleAheadMs: idleAhead, lapseChanged: (on) => lapses.push(on) },
      frames,
      1 / 50,
    );
    clock.play();
    return { advanced, lapses, clock, frames };
  }

  it('an election timeout of 200 virtual ms passes in 0.5 s of wall time instead of 10 s', () => {
    let virtualNow = 0;
    const deadline = 200;
    const { advanced, clock, frames } = run(() => deadline - virtualNow);
    let wall = 0;
    frames.fire(wall);
    while (virtualNow < deadline && wall < 20_000) {
      wall += 16;
      frames.fire(wall);
      virtualNow += advanced[advanced.length - 1];
    }
    expect(wall).toBeLessThanOrEqual(((deadline / (1 / 50)) / IDLE_LAPSE) + 16);
    expect(clock.lapsing).toBe(true);
  });

  it('goes back to normal speed as soon as a message is on the wire, and says so', () => {
    let idle = 100;
    const { advanced, lapses, clock, frames } = run(() => idle);
    frames.fire(0);
    frames.fire(16);
    expect(advanced[1]).toBeCloseTo(16 * (1 / 50) * IDLE_LAPSE);
    expect(clock.pace).toBeCloseTo((1 / 50) * IDLE_LAPSE);
    idle = 0; // a message was sent
    frames.fire(32);
    expect(advanced[2]).toBeCloseTo(16 / 50);
    expect(clock.lapsing).toBe(false);
    expect(lapses).toEqual([true, false]);
  });

  it('a lapse of 1 turns it off; pausing ends a lapse', () => {
    const { advanced, lapses, clock, frames } = run(() => 100);
    frames.fire(0);
    frames.fire(16);
    clock.pause();
    expect(lapses).toEqual([true, false]);
    clock.setLapse(1);
    clock.play();
    frames.fire(100);
    frames.fire(116);
    expect(advanced[advanced.length - 1]).toBeCloseTo(16 / 50);
    expect(clock.lapsing).toBe(false);
  });
});
