// Skip-to (the next leader change, commit or split vote) without freezing the page: the core
// runs it in slices of at most so many events (`runUntilSlice`), and this driver runs one slice
// per macrotask, sized so each takes about SLICE_TARGET_MS of wall time, so the page draws,
// shows the progress and hears Cancel between slices. The core looks ahead on a throwaway copy
// first and stops at once when the target can no longer come, saying why.

import type { RunSlice, UntilKind } from './view.js';
import type { PlaygroundApi } from './wasm.js';

/** Wall ms one slice aims at: well under the 50 ms a main-thread task may take. */
export const SLICE_TARGET_MS = 20;
/** The first slice's events (a few ms on a slow phone), and the range the size adapts in. */
export const FIRST_SLICE_EVENTS = 500;
const MIN_SLICE_EVENTS = 50;
const MAX_SLICE_EVENTS = 1_000_000;

export type SlicedRun = Pick<PlaygroundApi, 'beginRunUntil' | 'runUntilSlice' | 'cancelRunUntil'>;

/** How a fast-forward ended: its last slice, or null when cancelled. */
export type FastForwardEnd = RunSlice | null;

export interface FastForwardHost {
  /** Called after each slice with how far it got, 0 to 1. */
  progress(fraction: number): void;
  /** Runs `task` as a new macrotask (setTimeout in the page; tests drive it by hand). */
  schedule?(task: () => void): void;
  /** Wall clock, ms. */
  now?(): number;
}

/** The next slice's size: scaled so it takes about SLICE_TARGET_MS, as the last one did. */
export function nextSliceEvents(events: number, tookMs: number): number {
  const scaled = tookMs > 0 ? Math.round((events * SLICE_TARGET_MS) / tookMs) : events * 2;
  // Grow at most twofold at a time: one quick slice says little about the next (events vary
  // in cost, and a busy machine makes a slice look quicker or slower than it is).
  return Math.max(MIN_SLICE_EVENTS, Math.min(MAX_SLICE_EVENTS, events * 2, scaled));
}

/** One run: a later run or a cancel ends it. */
interface Run {
  pg: SlicedRun;
  over: boolean;
  /** Settles the run's promise as cancelled, at once. */
  stop: () => void;
}

export class FastForward {
  private active: Run | null = null;

  constructor(private readonly host: FastForwardHost) {}

  /** True while a fast-forward runs. */
  get running(): boolean {
    return this.active !== null;
  }

  /** Stops the fast-forward in progress, if any: its promise resolves to null. */
  cancel(): void {
    const run = this.active;
    if (!run) return;
    this.active = null;
    try {
      run.pg.cancelRunUntil();
    } catch {
      // The playground is gone (replaced or freed): nothing left to stop.
    }
    run.stop();
  }

  /**
   * Fast-forwards `pg` to the next `kind` within `limitMs`, in slices; resolves to the last
   * slice (found or not, and why), or null when cancelled. Rejects with the binding's Error
   * when a slice fails (the run moved under it, say).
   */
  run(pg: SlicedRun, kind: UntilKind, limitMs: number): Promise<FastForwardEnd> {
    this.cancel();
    const schedule = this.host.schedule ?? ((task: () => void) => void setTimeout(task, 0));
    const now = this.host.now ?? (() => performance.now());
    pg.beginRunUntil(kind, limitMs);
    const run: Run = { pg, over: false, stop: () => {} };
    this.active = run;
    let events = FIRST_SLICE_EVENTS;
    return new Promise((resolve, reject) => {
      const finish = (end: FastForwardEnd): void => {
        if (this.active === run) this.active = null;
        run.over = true;
        resolve(end);
      };
      run.stop = () => finish(null);
      const slice = (): void => {
        if (run.over) {
          finish(null);
          return;
        }
        let result: RunSlice;
        const t0 = now();
        try {
          result = pg.runUntilSlice(events);
        } catch (e) {
          if (this.active === run) this.active = null;
          run.over = true;
          reject(e);
          return;
        }
        events = nextSliceEvents(events, now() - t0);
        this.host.progress(result.progress);
        if (result.done) finish(result);
        else schedule(slice);
      };
      slice();
    });
  }
}
