// A frame scheduler the clock tests drive by hand: frames run only when a test says so. Only
// tests import this.

import type { FrameScheduler } from '../clock.js';

export class ManualFrames implements FrameScheduler {
  private next = 1;
  pending = new Map<number, (t: number) => void>();
  request(cb: (t: number) => void): number {
    const h = this.next++;
    this.pending.set(h, cb);
    return h;
  }
  cancel(h: number): void {
    this.pending.delete(h);
  }
  /** Runs the pending frames at wall time t. */
  fire(t: number): void {
    const cbs = [...this.pending.values()];
    this.pending.clear();
    for (const cb of cbs) cb(t);
  }
}
