// Reading a run's marks a piece at a time. The run keeps one mark per commit, term and action,
// so they grow with the session; a reader that fetched every mark whenever one was added did
// work and made garbage that grew with the run in every frame. Between two changes of the
// binding's marks epoch the marks are only appended to, so a reader keeps its count and asks
// only for the ones past it.

import type { PlaygroundApi } from './wasm.js';
import { MarkCol } from './view.js';

/** The binding's incremental view of the marks. */
export type MarksSource = Pick<PlaygroundApi, 'marksEpoch' | 'marksSince'>;

export class MarksReader {
  private epoch = NaN;
  /** The run read (a new run has marks of its own, with epochs that start afresh). */
  private src: MarksSource | null = null;
  /** How many marks were read (the index of the next one). */
  private count = 0;

  /** Forget what was read: the next read starts from the first mark. */
  reset(): void {
    this.epoch = NaN;
    this.count = 0;
    this.src = null;
  }

  /**
   * The marks added since the last read, [at, kind, a, b] rows; after marks were dropped or
   * rewritten (a fork) or for another run, all of them again with `restarted` set: the caller starts over.
   */
  next(src: MarksSource): { rows: Float64Array; restarted: boolean } {
    const epoch = src.marksEpoch();
    const restarted = epoch !== this.epoch || src !== this.src;
    if (restarted) {
      this.epoch = epoch;
      this.src = src;
      this.count = 0;
    }
    const rows = src.marksSince(this.count, Infinity);
    this.count += Math.floor(rows.length / MarkCol.Stride);
    return { rows, restarted };
  }
}
