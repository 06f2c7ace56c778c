import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADDRESS_CHARS_PER_WAIT, ADDRESS_DEBOUNCE_MS, ADDRESS_REFUSED_WAIT_MS, AddressFollower, addressWaitMs, type LinkSource } from './address-bar.js';

/** A run whose link is `chars` long, counting its encodes; `act` records an action. */
class Run implements LinkSource {
  encodes = 0;
  at = 0;
  actions = 0;
  refuse = false;
  constructor(public chars: number) {}
  link(): string {
    this.encodes++;
    if (this.refuse) throw new Error('the link would be too long');
    return 'x'.repeat(this.chars);
  }
  now(): number {
    return this.at;
  }
  forks(): number {
    return 0;
  }
  marksEpoch(): number {
    return 0;
  }
  marksUpTo(): number {
    return this.actions;
  }
}

/** Plays `run` for `seconds` of wall time at 60 frames a second, acting `perS` times a second
 * as the soak's driver does, the element scheduling a write after every frame. */
function play(follower: AddressFollower, run: Run, seconds: number, perS: number): void {
  for (let frame = 0; frame < seconds * 60; frame++) {
    run.at += 1000 / 60;
    if (perS > 0 && frame % Math.round(60 / perS) === 0) run.actions++;
    follower.schedule();
    vi.advanceTimersByTime(1000 / 60);
  }
}

describe('the address bar follows the run at a cost that does not grow with the tape', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a short link about once a second while the run changes', () => {
    const run = new Run(200);
    const written: (string | null)[] = [];
    const follower = new AddressFollower(() => run, (link) => written.push(link));
    play(follower, run, 60, 20);
    expect(run.encodes).toBeGreaterThanOrEqual(55);
    expect(run.encodes).toBeLessThanOrEqual(61);
    expect(written).toHaveLength(run.encodes);
  });

  it('encodes a long link proportionally less often: the characters encoded a minute stay the same', () => {
    // Before, the link was encoded every second whatever its length: 60 encodes of 64 KB a
    // minute in a long soak, 3.8 MB of base64 for an address bar nobody was reading.
    const short = new Run(ADDRESS_CHARS_PER_WAIT);
    play(new AddressFollower(() => short, () => {}), short, 60, 20);
    const long = new Run(64 * 1024);
    play(new AddressFollower(() => long, () => {}), long, 60, 20);
    expect(long.encodes).toBeLessThanOrEqual(5);
    expect(long.encodes * long.chars).toBeLessThanOrEqual(short.encodes * short.chars * 1.2);
  });

  it('encodes nothing while the run stands still, and writes the moment it changes', () => {
    const run = new Run(200);
    const written: (string | null)[] = [];
    const follower = new AddressFollower(() => run, (link) => written.push(link));
    play(follower, run, 2, 0);
    vi.advanceTimersByTime(ADDRESS_DEBOUNCE_MS); // the last frame's write
    const encodes = run.encodes;
    expect(encodes).toBeGreaterThan(0);
    // Paused: frames still ask (a hover redraws), but the cursor, tape and forks are unchanged.
    for (let k = 0; k < 600; k++) {
      follower.schedule();
      vi.advanceTimersByTime(100);
    }
    expect(run.encodes).toBe(encodes);
    run.actions++;
    follower.schedule();
    vi.advanceTimersByTime(ADDRESS_DEBOUNCE_MS);
    expect(run.encodes).toBe(encodes + 1);
  });

  it('a run that cannot be linked is asked again only after a long wait, and says so', () => {
    const run = new Run(200);
    run.refuse = true;
    const written: (string | null)[] = [];
    play(new AddressFollower(() => run, (link) => written.push(link)), run, 60, 20);
    expect(run.encodes).toBeLessThanOrEqual(Math.ceil(60_000 / ADDRESS_REFUSED_WAIT_MS) + 1);
    expect(written.every((link) => link === null)).toBe(true);
    expect(addressWaitMs(null)).toBe(ADDRESS_REFUSED_WAIT_MS);
  });

  it('cancel stops a pending write', () => {
    const run = new Run(200);
    const follower = new AddressFollower(() => run, () => {});
    run.at = 5;
    follower.schedule();
    follower.cancel();
    vi.advanceTimersByTime(10 * ADDRESS_DEBOUNCE_MS);
    expect(run.encodes).toBe(0);
  });
});
