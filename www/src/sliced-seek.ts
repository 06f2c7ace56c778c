// Far seeks and large advances without freezing the page (issue 12): the core moves the cursor
// in slices (`beginSeek` / `beginAdvance`, then `seekSlice`), driven by the skip-to driver
// (fast-forward.ts), so they share its progress pill, its Cancel and its slice sizing. A short
// move finishes in the first slice, synchronously; only a long one spreads over macrotasks.

import type { FastForward, SlicedJob } from './fast-forward.js';
import type { SeekSlice } from './view.js';
import type { PlaygroundApi } from './wasm.js';

export type SlicedSeekApi = Pick<PlaygroundApi, 'beginSeek' | 'beginAdvance' | 'seekSlice' | 'cancelSeek'>;

function job(pg: SlicedSeekApi, begin: () => void): SlicedJob<SeekSlice> {
  return { begin, slice: (maxEvents) => pg.seekSlice(maxEvents), cancel: () => pg.cancelSeek() };
}

/** Moves `pg`'s cursor to `ms` in slices; resolves to the last slice, or null when cancelled. */
export function seekInSlices(driver: FastForward, pg: SlicedSeekApi, ms: number): Promise<SeekSlice | null> {
  return driver.drive(job(pg, () => pg.beginSeek(ms)));
}

/** Runs `pg` `ms` further in slices; resolves to the last slice, or null when cancelled. */
export function advanceInSlices(driver: FastForward, pg: SlicedSeekApi, ms: number): Promise<SeekSlice | null> {
  return driver.drive(job(pg, () => pg.beginAdvance(ms)));
}
