import { describe, expect, it } from 'vitest';
import {
  Clock,
  DEFAULT_SPEED,
  MAX_FRAME_WALL_MS,
  MAX_SPEED,
  MIN_SPEED,
  formatSpeed,
  sliderToSpeed,
  speedToSlider,
} from './clock.js';
import { ManualFrames } from './testing/frames.js';

function setup(speed = DEFAULT_SPEED) {
  const frames = new ManualFrames();
  const ticks: [number, number][] = [];
  const clock = new Clock({ frame: (v, w) => ticks.push([v, w]) }, frames, speed);
  return { frames, ticks, clock };
}

describe('speed mapping', () => {
  it('is logarithmic: ends at 1/1000x and 1x, 1/31.6x in the middle', () => {
    expect(speedToSlider(MIN_SPEED)).toBeCloseTo(0);
    expect(speedToSlider(MAX_SPEED)).toBeCloseTo(1);
    expect(speedToSlider(Math.sqrt(MIN_SPEED * MAX_SPEED))).toBeCloseTo(0.5);
    expect(speedToSlider(1 / 100)).toBeCloseTo(1 / 3);
  });

  it('round-trips away from the snap points', () => {
    const p = 0.6; // 10^-1.2 ≈ 1/15.8, not near a 1-2-5 value
    expect(speedToSlider(sliderToSpeed(p))).toBeCloseTo(p);
  });

  it('snaps close positions to 1-2-5 speeds', () => {
    expect(sliderToSpeed(speedToSlider(1 / 50) + 0.01)).toBe(1 / 50);
    expect(sliderToSpeed(1)).toBe(1);
  });

  it('defaults to 1/40x so a 20 ms flight takes most of a second', () => {
    expect(DEFAULT_SPEED).toBe(1 / 40);
    expect(20 / DEFAULT_SPEED).toBe(800);
    expect(formatSpeed(DEFAULT_SPEED)).toBe('1/40×');
    expect(formatSpeed(1 / 50)).toBe('1/50×');
    expect(formatSpeed(1)).toBe('1×');
    expect(formatSpeed(1 / 1000)).toBe('1/1000×');
  });
});

describe('clock loop', () => {
  it('turns wall time into virtual time through the speed', () => {
    const { frames, ticks, clock } = setup(1 / 50);
    clock.play();
    frames.fire(1000); // first frame only sets the origin
    frames.fire(1050);
    expect(ticks).toEqual([
      [0, 0],
      [1, 50],
    ]);
  });

  it('schedules no frame at all while paused', () => {
    const { frames, ticks, clock } = setup();
    clock.play();
    frames.fire(0);
    clock.pause();
    expect(frames.pending.size).toBe(0);
    frames.fire(16);
    frames.fire(32);
    expect(ticks).toHaveLength(1);
    expect(clock.playing).toBe(false);
  });

  it('does not simulate the time spent paused', () => {
    const { frames, ticks, clock } = setup(1);
    clock.play();
    frames.fire(0);
    frames.fire(16);
    clock.pause();
    clock.play();
    frames.fire(60_000);
    frames.fire(60_016);
    expect(ticks.map((t) => t[0])).toEqual([0, 16, 0, 16]);
  });

  it('caps the advance of one frame after a stall', () => {
    const { frames, ticks, clock } = setup(1);
    clock.play();
    frames.fire(0);
    frames.fire(5000);
    expect(ticks[1]).toEqual([MAX_FRAME_WALL_MS, MAX_FRAME_WALL_MS]);
  });

  it('pauses when the tab hides and resumes only if it was playing', () => {
    const { frames, clock } = setup();
    clock.play();
    clock.setHidden(true);
    expect(clock.playing).toBe(false);
    expect(frames.pending.size).toBe(0);
    clock.setHidden(false);
    expect(clock.playing).toBe(true);

    clock.pause();
    clock.setHidden(true);
    clock.setHidden(false);
    expect(clock.playing).toBe(false);
  });

  it('a manual pause while hidden wins over the automatic resume', () => {
    const { clock } = setup();
    clock.play();
    clock.setHidden(true);
    clock.pause();
    clock.setHidden(false);
    expect(clock.playing).toBe(false);
  });

  it('stops and reports when a frame throws', () => {
    const frames = new ManualFrames();
    const errors: unknown[] = [];
    const clock = new Clock(
      {
        frame: () => {
          throw new Error('boom');
        },
        error: (e) => errors.push(e),
      },
      frames,
    );
    clock.play();
    frames.fire(0);
    expect(clock.playing).toBe(false);
    expect(frames.pending.size).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it('clamps speed to the slider range', () => {
    const { clock } = setup();
    clock.setSpeed(5);
    expect(clock.speed).toBe(MAX_SPEED);
    clock.setSpeed(1e-9);
    expect(clock.speed).toBe(MIN_SPEED);
  });
});
