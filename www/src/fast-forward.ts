// Skip-to (the next leader change, commit or split vote) without freezing the page: the core
// runs it in slices of at most so many events (`runUntilSlice`), and this driver runs one slice
// per macrotask, sized so each takes about SLICE_TARGET_MS of wall time, so the page draws,
// shows the progress and hears Cancel between slices. Far seeks and advances run through the
// same driver (sliced-seek.ts), so one Cancel and one progress pill serve every long move. The core looks ahead on a throwaway copy
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

/** One long move in slices: how to begin it, run a slice, and drop it. */
export interface SlicedJob<T extends { done: boolean; progress: number }> {
  /** Begins it in the core (throws the binding's Error for bad arguments). */
  begin(): void;
  /** Runs at most `maxEvents` more events. */
  slice(maxEvents: number): T;
  /** Drops it in the core. */
  cancel(): void;
}

/** One run: a later run or a cancel ends it. */
interface Run {
  cancel: () => void;
  over: boolean;
  /** Settles the run's promise as cancelled, at once. */
  stop: () => void;
}

export class FastForward {
  private active: Run | null = null;
  /** Events per slice, learnt from the last slice's wall time and kept across runs (a seek
   * while scrubbing then finishes in its first slice whenever it can). */
  private events = FIRST_SLICE_EVENTS;

  constructor(private readonly host: FastForwardHost) {}

  /** True while a fast-forward (or a seek in slices) runs. */
  get running(): boolean {
    return this.active !== null;
  }

  /** Stops the fast-forward in progress, if any: its promise resolves to null. */
  cancel(): void {
    const run = this.active;
    if (!run) return;
    this.active = null;
    try {
      run.cancel();
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
    return this.drive({
      begin: () => pg.beginRunUntil(kind, limitMs),
      slice: (maxEvents) => pg.runUntilSlice(maxEvents),
      cancel: () => pg.cancelRunUntil(),
    });
  }

  /**
   * Runs `job` in slices, the first at once and each later one in its own macrotask; resolves
   * to its last slice, or null when cancelled (by `cancel` or a later run). Throws when it
   * cannot begin; rejects when a slice fails.
   */
  drive<T extends { done: boolean; progress: number }>(job: SlicedJob<T>): Promise<T | null> {
    this.cancel();
    const schedule = this.host.schedule ?? ((task: () => void) => void setTimeout(task, 0));
    const now = this.host.now ?? (() => performance.now());
    job.begin();
    const run: Run = { cancel: () => job.cancel(), over: false, stop: () => {} };
    this.active = run;
    return new Promise((resolve, reject) => {
      const finish = (end: T | null): void => {
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
        let result: T;
        const t0 = now();
        try {
          result = job.slice(this.events);
        } catch (e) {
          if (this.active === run) this.active = null;
          run.over = true;
          reject(e);
          return;
        }
        this.events = nextSliceEvents(this.events, now() - t0);
        this.host.progress(result.progress);
        if (result.done) finish(result);
        else schedule(slice);
      };
      slice();
    });
  }
}
