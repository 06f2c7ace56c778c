// The time axis and what stands on it, kept pure so it can be tested without a browser: decoding
// marks, virtual ms <-> pixels, term bands and aggregated tick marks, and what each tick says on
// hover. ui/strip.ts (the strip widget) draws what these functions return; the run's time
// travel itself is raft-core's Timeline, driven through the Playground.

import { nodeName } from './narrate.js';
import { MARK_STRIDE, MarkCol, MarkCode } from './view.js';
import { PROPERTY_WORDS, propertyOfCode } from './safety-words.js';
import { t as say } from './i18n/index.js';

/** One mark of `Playground.marks()`: [at (ms), kind, a, b]. */
export interface Mark {
  at: number;
  kind: number;
  a: number;
  b: number;
}

export function decodeMarks(a: Float64Array): Mark[] {
  const out: Mark[] = [];
  for (let o = 0; o + MARK_STRIDE <= a.length; o += MARK_STRIDE) {
    const at = a[o + MarkCol.At];
    const kind = a[o + MarkCol.Kind];
    // A NaN time or an unknown kind would place a tick nowhere sensible: skip it.
    if (!Number.isFinite(at) || !Number.isInteger(kind)) continue;
    out.push({ at, kind, a: a[o + MarkCol.A], b: a[o + MarkCol.B] });
  }
  return out;
}

// ----- the axis -----------------------------------------------------------------------------

/** Time <-> pixels along the strip: 0 at `pad`, `endMs` at `width - pad`. */
export interface TimeScale {
  endMs: number;
  width: number;
  pad: number;
}

function span(s: TimeScale): number {
  return Math.max(1, s.width - 2 * s.pad);
}

export function timeToX(s: TimeScale, ms: number): number {
  const end = s.endMs > 0 ? s.endMs : 1;
  const t = Math.min(end, Math.max(0, Number.isFinite(ms) ? ms : 0));
  return s.pad + (t / end) * span(s);
}

/** The time under pixel `x`, clamped to [0, endMs]. */
export function xToTime(s: TimeScale, x: number): number {
  const f = (x - s.pad) / span(s);
  const clamped = Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0));
  return clamped * Math.max(0, s.endMs);
}

/** Shortest axis: about one election. */
export const MIN_AXIS_MS = 1_000;
/** At most 4/3 apart, so the run always fills at least three quarters of the strip. */
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5];

/**
 * The axis end for a horizon: the smallest "nice" value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5
 * times a power of ten) at or above it, so the scale (and every tick position) changes only now
 * and then while the horizon grows, not every frame.
 */
export function niceAxisEnd(horizonMs: number, minMs = MIN_AXIS_MS): number {
  const h = Number.isFinite(horizonMs) ? horizonMs : 0;
  if (h <= minMs) return minMs;
  let decade = Math.pow(10, Math.floor(Math.log10(h)));
  for (;;) {
    for (const step of NICE_STEPS) {
      const v = step * decade;
      if (v >= h) return v;
    }
    decade *= 10;
  }
}

/**
 * "0 s", "850 ms", "12.3 s", "4:05", "1:02:03" for axis labels, the units in the page's
 * language (0 秒, 850 毫秒); minutes and hours are written as a clock, the same everywhere.
 */
export function formatAxisTime(ms: number): string {
  if (!(ms > 0)) return say('time.s', { s: '0' });
  if (ms < 1000) return say('time.ms', { ms: String(Math.round(ms)) });
  if (ms < 60_000) return say('time.s', { s: (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) });
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

// ----- term bands ---------------------------------------------------------------------------

/** A stretch of time during which the cluster's highest term was `term`. */
export interface Band {
  from: number;
  to: number;
  term: number;
}

/**
 * Bands from the Term marks: each starts where the highest term rose and lasts until the next
 * rise (or `endMs`). Before the first mark the term is 0.
 */
export function termBands(marks: readonly Mark[], endMs: number): Band[] {
  const run = new TermRun();
  const bands: Band[] = [];
  for (const m of marks) {
    const closed = run.add(m);
    if (closed) bands.push(closed);
  }
  const open = run.open(endMs);
  if (open) bands.push(open);
  return bands;
}

/**
 * termBands fed one mark at a time, in time order: each Term mark closes the band before it.
 * Keeps only the running term, so a reader can feed it just the marks added since last time.
 */
export class TermRun {
  private from = 0;
  private term = 0;

  /** The band this mark closes, if it is a Term mark after the running band's start. */
  add(m: Mark): Band | null {
    if (m.kind !== MarkCode.Term) return null;
    const closed = m.at > this.from ? { from: this.from, to: m.at, term: this.term } : null;
    this.from = Math.max(this.from, m.at);
    this.term = m.a;
    return closed;
  }

  /** The running band, up to `endMs` (none when it has no width). */
  open(endMs: number): Band | null {
    return endMs > this.from ? { from: this.from, to: endMs, term: this.term } : null;
  }
}

/** A band as drawn; `count` > 1 when several narrow bands were merged (term churn). */
export interface BandBox {
  x: number;
  w: number;
  from: number;
  to: number;
  term: number;
  firstTerm: number;
  count: number;
}

/** Bands in pixels; runs of bands narrower than `minPx` merge into one box. */
export function layoutBands(bands: readonly Band[], s: TimeScale, minPx = 3): BandBox[] {
  const layout = new BandLayout(s, minPx);
  for (const b of bands) layout.add(b);
  return layout.boxes;
}

/** layoutBands fed one band at a time; its boxes are bounded by the width, not the run. */
export class BandLayout {
  readonly boxes: BandBox[] = [];

  constructor(
    private readonly s: TimeScale,
    private readonly minPx = 3,
  ) {}

  add(b: Band): void {
    const merged = this.merge(this.boxes[this.boxes.length - 1], b);
    if (merged) this.boxes[this.boxes.length - 1] = merged;
    else this.boxes.push(box(this.s, b));
  }

  /** The boxes with `open` (the running term's band) laid out last, leaving these as they are. */
  withOpen(open: Band | null): BandBox[] {
    if (!open) return this.boxes.slice();
    const last = this.boxes[this.boxes.length - 1];
    const merged = this.merge(last, open);
    return merged ? [...this.boxes.slice(0, -1), merged] : [...this.boxes, box(this.s, open)];
  }

  /** `last` with `b` merged in (a new box), or null when `b` starts a box of its own. */
  private merge(last: BandBox | undefined, b: Band): BandBox | null {
    const x0 = timeToX(this.s, b.from);
    const x1 = timeToX(this.s, b.to);
    const narrow = x1 - x0 < this.minPx;
    if (!last || !narrow || !(last.w < this.minPx || last.count > 1)) return null;
    return { ...last, w: x1 - last.x, to: b.to, term: b.term, count: last.count + 1 };
  }
}

function box(s: TimeScale, b: Band): BandBox {
  const x0 = timeToX(s, b.from);
  const x1 = timeToX(s, b.to);
  return { x: x0, w: x1 - x0, from: b.from, to: b.to, term: b.term, firstTerm: b.term, count: 1 };
}

// ----- ticks --------------------------------------------------------------------------------

export type TickKind = 'leader' | 'commit' | 'split' | 'crash' | 'action' | 'violation';

const TICK_KIND: Partial<Record<number, TickKind>> = {
  [MarkCode.Leader]: 'leader',
  [MarkCode.Commit]: 'commit',
  [MarkCode.SplitVote]: 'split',
  [MarkCode.Crash]: 'crash',
  [MarkCode.Action]: 'action',
  [MarkCode.Violation]: 'violation',
  // MarkCode.NoLeader (a lone candidate's term) draws no tick: a server cut off in a minority
  // makes one every election timeout, and the feed already words each.
};

export function tickKind(kind: number): TickKind | null {
  return TICK_KIND[kind] ?? null;
}

/** Marks named in one tick's title, at most. */
export const TITLE_MARKS = 6;

/** One drawn tick: one mark, or several of one kind that fall within a few pixels. */
export interface Tick {
  kind: TickKind;
  x: number;
  count: number;
  first: Mark;
  last: Mark;
  /** The first TITLE_MARKS marks, for the title. */
  some: Mark[];
}

/**
 * Ticks for every mark but Term (those make bands), one per kind per `binPx` pixels: a mark
 * within `binPx` of the open tick of its kind joins it. So a thousand commits in a second
 * become a handful of ticks, and the work to draw does not grow with the run.
 */
export function aggregateTicks(marks: readonly Mark[], s: TimeScale, binPx = 3): Tick[] {
  const bins = new TickBins(s, binPx);
  for (const m of marks) bins.add(m);
  return bins.ticks;
}

/** aggregateTicks fed one mark at a time, in time order; its ticks are bounded by the width. */
export class TickBins {
  readonly ticks: Tick[] = [];
  private readonly open = new Map<TickKind, Tick>();

  constructor(
    private readonly s: TimeScale,
    private readonly binPx = 3,
  ) {}

  add(m: Mark): void {
    const kind = tickKind(m.kind);
    if (kind === null) return;
    const x = timeToX(this.s, m.at);
    const t = this.open.get(kind);
    if (t && x - t.x < this.binPx) {
      t.count++;
      t.last = m;
      if (t.some.length < TITLE_MARKS) t.some.push(m);
      return;
    }
    const tick: Tick = { kind, x, count: 1, first: m, last: m, some: [m] };
    this.open.set(kind, tick);
    this.ticks.push(tick);
  }
}

function when(t: Tick): string {
  return t.count === 1 || t.first.at === t.last.at
    ? say('axis.at', { time: formatAxisTime(t.first.at) })
    : `${formatAxisTime(t.first.at)} – ${formatAxisTime(t.last.at)}`;
}

/** The first few marks' words, in the language's list style, with "…" when some were left out. */
function list(t: Tick, words: (m: Mark) => string, sep: string = say('axis.listSep')): string {
  return t.some.map(words).join(sep) + (t.count > t.some.length ? `${sep}…` : '');
}

/** The hover text of a tick, in the page's language. `actionText(i)` describes the recording's action i. */
export function tickTitle(t: Tick, actionText: (index: number) => string | null): string {
  const n = t.count;
  const w = when(t);
  switch (t.kind) {
    case 'leader':
      if (n === 1) return say('axis.leader', { node: nodeName(t.first.a), term: t.first.b, when: w });
      return say('axis.leaders', { count: n, when: w, list: list(t, (m) => say('axis.leaderItem', { node: nodeName(m.a), term: m.b })) });
    case 'commit':
      if (n === 1) return say('axis.commit', { index: t.first.a, when: w });
      return say('axis.commits', { count: n, when: w, from: t.first.a, to: t.last.a });
    case 'split':
      if (n === 1) return say('axis.split', { term: t.first.a, when: w });
      return say('axis.splits', { count: n, when: w, list: list(t, (m) => String(m.a)) });
    case 'crash':
      if (n === 1) return say('axis.crash', { node: nodeName(t.first.a), when: w });
      return say('axis.crashes', { count: n, when: w, list: list(t, (m) => nodeName(m.a)) });
    case 'action': {
      const text = (m: Mark): string => actionText(m.a) ?? say('axis.actionNumber', { number: m.a + 1 });
      if (n === 1) return say('axis.action', { action: text(t.first), when: w });
      return say('axis.actions', { count: n, when: w, list: list(t, text, say('axis.actionSep')) });
    }
    case 'violation': {
      const property = propertyOfCode(t.first.a);
      return say('axis.violation', { property: property === null ? say('axis.someProperty') : PROPERTY_WORDS[property].title, when: w });
    }
  }
}

/** The hover text of a term band (or of a run of narrow ones merged into a box). */
export function bandTitle(b: BandBox): string {
  const range = `${formatAxisTime(b.from)} – ${formatAxisTime(b.to)}`;
  if (b.count > 1) return say('axis.terms', { from: b.firstTerm, to: b.term, count: b.count, range });
  return b.term > 0 ? say('axis.term', { term: b.term, range }) : say('axis.termZero', { range });
}

// ----- fast-forward -------------------------------------------------------------------------

/** How far "next leader change / commit / split vote" looks, virtual ms. */
export const FAST_FORWARD_LIMIT_MS = 10 * 60_000;
export const SKIP_MS = 60_000;
