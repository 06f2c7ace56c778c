// The strip widget (the page's picture of the run's timeline): virtual time from 0 to the horizon, term bands coloured by term, ticks for
// leader changes, commits, split votes, crashes and the user's actions, and a cursor that can be
// dragged. Bands and ticks are rebuilt only when the marks, the axis or the width change; a
// steady frame moves the cursor and nothing else. Seeks requested by the pointer are coalesced
// to at most one per animation frame.

import { activeElementOf } from '../embed/scoping.js';
import {
  type BandBox,
  BandLayout,
  TermRun,
  type TimeScale,
  type Tick,
  TickBins,
  bandTitle,
  decodeMarks,
  formatAxisTime,
  niceAxisEnd,
  tickTitle,
  timeToX,
  xToTime,
} from '../axis.js';
import { html, setAttr, setText, svg } from '../render/dom.js';
import { language, localize, localizeAttr, t } from '../i18n/index.js';
import { actionWords } from '../i18n/action-words.js';
import type { ActionWhat } from '../../pkg/raft_playground_web.js';
import { termColor } from '../render/palette.js';
import { MarksReader, type MarksSource } from '../marks-reader.js';

/** Strip height, px (the SVG's user units are px). */
export const STRIP_H = 34;
/** Room at both ends so the cursor at 0 or at the end is fully visible. */
export const STRIP_PAD = 7;
/** Width assumed before layout (and in tests). */
const FALLBACK_WIDTH = 600;
/** Ticks rebuilt at most this often while the marks keep changing (wall ms). */
const REBUILD_MS = 250;
/** Keyboard: arrows move this share of the axis; with Shift, ten times more. */
const KEY_FRACTION = 0.01;
/** While time flows and the strip has no focus, its aria values are refreshed this often (wall ms). */
const ARIA_REFRESH_MS = 1000;

/** What the strip reads each frame. */
export interface StripSource extends MarksSource {
  now(): number;
  horizon(): number;
  marksVersion(): number;
  /** The recorded action `index` (undefined off the tape): only read when an action tick is
   * (re)built, for the few its title names (describing every action costs milliseconds in a
   * long session, and ticks are rebuilt several times a second while the run moves). */
  action(index: number): { atMs: number; text: string; what?: ActionWhat } | undefined;
}

export interface StripActions {
  /** Move the cursor (at most once per animation frame while dragging). */
  seek(ms: number): void;
  /** A drag or click on the strip began / ended. */
  scrubStart(): void;
  scrubEnd(): void;
}

/** Injectable frame source (tests run without requestAnimationFrame timing). */
export interface StripScheduler {
  request(cb: () => void): number;
  cancel(handle: number): void;
}

const rafScheduler: StripScheduler = {
  request: (cb) => requestAnimationFrame(() => cb()),
  cancel: (h) => cancelAnimationFrame(h),
};

let stripCount = 0;

export class TimelineStrip {
  readonly el: HTMLDivElement;
  readonly svg: SVGSVGElement;
  private readonly bandLayer: SVGGElement;
  private readonly tickLayer: SVGGElement;
  private readonly unsimulated: SVGRectElement;
  private readonly future: SVGRectElement;
  readonly cursor: SVGGElement;
  private readonly endLabel: HTMLSpanElement;
  private readonly hatchId: string;

  private width = FALLBACK_WIDTH;
  private endMs = 0;
  private builtKey = '';
  private lastBuildWall = -Infinity;
  private horizonMs = 0;
  private cursorX = '';
  /**
   * The last band's rects and left edge: the band of the term still running, which grows with
   * the horizon in every frame (bands are rebuilt only when the marks change, and a band drawn
   * to the horizon of its rebuild would trail behind the cursor).
   */
  private openBand: { x: number; rects: SVGRectElement[]; width: string } | null = null;
  private futureKey = '';
  /** Wall time the aria values were last written. */
  private ariaWall = -Infinity;
  /** Virtual ms, at the last update: when the cursor reaches the horizon or the axis end. */
  private nowMs = 0;
  private dragging: number | null = null;
  private pendingSeek: number | null = null;
  private frameHandle: number | null = null;
  private readonly resize: ResizeObserver | null = null;

  /** Ticks and bands as last built (for tests). The ticks without their marks: those serve
   * only the titles, written at the rebuild, and would hold hundreds of marks between rebuilds. */
  ticks: Pick<Tick, 'kind' | 'x' | 'count'>[] = [];
  bands: BandBox[] = [];
  /** The marks binned so far for the axis in `binnedFor`: a rebuild reads only the marks added
   * since, so its work does not grow with the run (all of them again when the axis or the width
   * changes, or a fork drops marks). Bins, bands and boxes are bounded by the width. */
  private readonly marksRead = new MarksReader();
  private binnedFor = '';
  private tickBins: TickBins | null = null;
  private termRun = new TermRun();
  private bandLayout: BandLayout | null = null;

  constructor(
    parent: HTMLElement,
    private readonly actions: StripActions,
    private readonly scheduler: StripScheduler = rafScheduler,
  ) {
    this.hatchId = `rp-churn-${++stripCount}`;
    this.el = html('div', {
      class: 'tl-strip',
      'data-testid': 'timeline',
      role: 'slider',
      tabindex: 0,
      'aria-valuemin': 0,
      'aria-valuemax': 0,
      'aria-valuenow': 0,
    }, parent);
    localizeAttr(this.el, 'aria-label', 'travel.timeline');
    this.svg = svg('svg', { class: 'tl-svg', width: '100%', height: STRIP_H, 'aria-hidden': 'true' }, this.el);
    const defs = svg('defs', {}, this.svg);
    const hatch = svg('pattern', { id: this.hatchId, width: 4, height: 4, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
    svg('rect', { width: 2, height: 4, fill: 'rgba(255,255,255,0.55)' }, hatch);
    svg('rect', { class: 'tl-bg', x: 0, y: 0, width: '100%', height: STRIP_H }, this.svg);
    this.bandLayer = svg('g', { class: 'tl-bands' }, this.svg);
    this.future = svg('rect', { class: 'tl-future', y: 0, height: STRIP_H, x: 0, width: 0 }, this.svg);
    this.unsimulated = svg('rect', { class: 'tl-unsimulated', y: 0, height: STRIP_H, x: 0, width: 0 }, this.svg);
    this.tickLayer = svg('g', { class: 'tl-ticks' }, this.svg);
    this.cursor = svg('g', { class: 'tl-cursor', 'data-testid': 'timeline-cursor' }, this.svg);
    svg('line', { x1: 0, x2: 0, y1: 0, y2: STRIP_H }, this.cursor);
    svg('path', { class: 'tl-handle', d: 'M-6,0L6,0L6,4L0,10L-6,4Z' }, this.cursor);
    const labels = html('div', { class: 'tl-labels' }, parent);
    localize(html('span', { class: 'tl-start' }, labels), 'time.s', { s: '0' });
    this.endLabel = html('span', { class: 'tl-end', 'data-testid': 'timeline-end' }, labels);

    this.el.addEventListener('pointerdown', this.onPointerDown);
    this.el.addEventListener('pointermove', this.onPointerMove);
    this.el.addEventListener('pointerup', this.onPointerUp);
    this.el.addEventListener('pointercancel', this.onPointerUp);
    this.el.addEventListener('lostpointercapture', this.onPointerUp);
    this.el.addEventListener('keydown', this.onKey);
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => this.measure());
      this.resize.observe(this.el);
    }
    this.measure();
  }

  get scale(): TimeScale {
    return { endMs: this.endMs, width: this.width, pad: STRIP_PAD };
  }

  /** True while the pointer holds the cursor. */
  get scrubbing(): boolean {
    return this.dragging !== null;
  }

  private measure(): void {
    const w = Math.round(this.el.clientWidth);
    if (w > 0 && w !== this.width) {
      this.width = w;
      this.builtKey = ''; // rebuild at the next update
    }
  }

  /**
   * Per frame. Reads now / horizon / marksVersion (cheap calls); rebuilds the drawing when the
   * marks, the axis or the width changed, at most every REBUILD_MS unless `force`, and fetches
   * the marks only then.
   */
  update(src: StripSource, wallNow: number, force = false): void {
    const now = src.now();
    const horizon = Math.max(src.horizon(), now);
    this.horizonMs = horizon;
    this.nowMs = now;
    const version = src.marksVersion();
    const endMs = niceAxisEnd(horizon);
    // The language too: the bands' and ticks' hover texts are written at a rebuild.
    const key = `${version}|${endMs}|${this.width}|${language()}`;
    if (key !== this.builtKey && (force || wallNow - this.lastBuildWall >= REBUILD_MS || endMs !== this.endMs)) {
      this.endMs = endMs;
      this.rebuild(src);
      this.builtKey = key;
      this.lastBuildWall = wallNow;
    }
    const s = this.scale;
    const x = timeToX(s, now);
    const xs = x.toFixed(1);
    if (xs !== this.cursorX) {
      this.cursorX = xs;
      this.cursor.setAttribute('transform', `translate(${xs},0)`);
    }
    const hx = timeToX(s, horizon);
    // Between the cursor and the horizon: the recorded future (nothing while live, however the
    // cursor moves). Beyond the horizon: not yet run (the strip's SVG does not clip: the cursor's
    // handle hangs over its ends).
    const futureWidth = Math.max(0, hx - x).toFixed(1);
    const fkey = futureWidth === '0.0' ? futureWidth : `${xs}|${futureWidth}`;
    if (fkey !== this.futureKey) {
      this.futureKey = fkey;
      this.future.setAttribute('x', xs);
      this.future.setAttribute('width', futureWidth);
    }
    const open = this.openBand;
    if (open) {
      const w = Math.max(0.5, hx - open.x).toFixed(1);
      if (w !== open.width) {
        open.width = w;
        for (const r of open.rects) r.setAttribute('width', w);
      }
    }
    setAttr(this.unsimulated, 'x', hx.toFixed(1));
    setAttr(this.unsimulated, 'width', Math.max(0, this.width - hx).toFixed(1));
    // For assistive technology: the value is read on focus and announced on change, so while
    // time flows unwatched it is refreshed once a second, not in every frame.
    if (force || wallNow - this.ariaWall >= ARIA_REFRESH_MS || activeElementOf(this.el) === this.el) {
      this.ariaWall = wallNow;
      setAttr(this.el, 'aria-valuemax', String(Math.round(horizon)));
      setAttr(this.el, 'aria-valuenow', String(Math.round(now)));
      setAttr(this.el, 'aria-valuetext', t('axis.valueText', { now: formatAxisTime(now), horizon: formatAxisTime(horizon) }));
    }
    setText(this.endLabel, `${formatAxisTime(endMs)}`);
  }

  /**
   * Virtual ms from the last update until the strip changes other than by the cursor creeping:
   * the cursor reaching the horizon (replaying the past) or the end of the axis (which then grows).
   */
  nextChangeMs(): number {
    const now = this.nowMs;
    const toHorizon = this.horizonMs > now ? this.horizonMs - now : Infinity;
    const toEnd = this.endMs > now ? this.endMs - now : 0;
    return Math.min(toHorizon, toEnd);
  }

  private rebuild(src: StripSource): void {
    const s = this.scale;
    const binnedFor = `${s.endMs}|${s.width}|${s.pad}`;
    if (binnedFor !== this.binnedFor) {
      this.binnedFor = binnedFor;
      this.marksRead.reset();
    }
    // Decoded for this rebuild only: the run keeps its marks (one per commit, term and action,
    // so they grow with the session); a copy kept here would make the page's heap grow too.
    const { rows, restarted } = this.marksRead.next(src);
    if (restarted || !this.tickBins || !this.bandLayout) {
      this.tickBins = new TickBins(s);
      this.termRun = new TermRun();
      this.bandLayout = new BandLayout(s);
    }
    for (const m of decodeMarks(rows)) {
      this.tickBins.add(m);
      const closed = this.termRun.add(m);
      if (closed) this.bandLayout.add(closed);
    }
    this.bands = this.bandLayout.withOpen(this.termRun.open(this.horizonMs));
    this.bandLayer.replaceChildren();
    this.openBand = null;
    this.bands.forEach((b, i) => {
      const g = svg('g', { class: b.count > 1 ? 'tl-band churn' : 'tl-band', 'data-term': b.term }, this.bandLayer);
      const width = Math.max(0.5, b.w).toFixed(1);
      const rects = [svg('rect', { x: b.x.toFixed(1), y: 0, width, height: STRIP_H, fill: b.term > 0 ? termColor(b.term) : 'transparent' }, g)];
      if (b.count > 1) rects.push(svg('rect', { x: b.x.toFixed(1), y: 0, width, height: STRIP_H, fill: `url(#${this.hatchId})` }, g));
      if (i === this.bands.length - 1) this.openBand = { x: b.x, rects, width };
      if (b.count === 1 && b.term > 0 && b.w >= 22) {
        // Bands are drawn pale (see style.css), so dark text reads on every term colour.
        const t = svg('text', { class: 'tl-term', x: (b.x + 4).toFixed(1), y: STRIP_H - 5 }, g);
        t.textContent = `T${b.term}`;
      }
      svg('title', {}, g).textContent = bandTitle(b);
    });
    const ticks = this.tickBins.ticks;
    this.ticks = ticks.map(({ kind, x, count }) => ({ kind, x, count }));
    this.tickLayer.replaceChildren();
    const actionText = (i: number): string | null => {
      const a = src.action(i);
      return a ? actionWords(a) : null;
    };
    for (const t of ticks) {
      const g = svg('g', { class: `tl-tick tl-${t.kind}`, 'data-kind': t.kind, 'data-count': t.count, transform: `translate(${t.x.toFixed(1)},0)` }, this.tickLayer);
      drawTick(g, t);
      svg('title', {}, g).textContent = tickTitle(t, actionText);
    }
  }

  // Pointer and keys --------------------------------------------------------------------------

  private timeAt(clientX: number): number {
    const r = this.el.getBoundingClientRect();
    const t = xToTime(this.scale, clientX - r.left);
    return Math.min(t, this.horizonMs);
  }

  private requestSeek(ms: number): void {
    this.pendingSeek = ms;
    if (this.frameHandle === null) this.frameHandle = this.scheduler.request(this.flush);
  }

  /** Runs the latest requested seek now. */
  private readonly flush = (): void => {
    this.frameHandle = null;
    const ms = this.pendingSeek;
    this.pendingSeek = null;
    if (ms !== null) this.actions.seek(ms);
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button > 0 || this.dragging !== null) return;
    e.preventDefault();
    this.dragging = e.pointerId;
    try {
      this.el.setPointerCapture(e.pointerId);
    } catch {
      // Capture keeps the drag when the pointer leaves the strip; without it the drag still works.
    }
    this.el.classList.add('scrubbing');
    this.actions.scrubStart();
    this.requestSeek(this.timeAt(e.clientX));
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (this.dragging !== e.pointerId) return;
    this.requestSeek(this.timeAt(e.clientX));
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (this.dragging !== e.pointerId) return;
    if (e.type === 'pointerup') this.pendingSeek = this.timeAt(e.clientX);
    this.dragging = null;
    this.el.classList.remove('scrubbing');
    if (this.frameHandle !== null) this.scheduler.cancel(this.frameHandle);
    this.flush(); // the last position lands at once
    this.actions.scrubEnd();
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = this.endMs * KEY_FRACTION * (e.shiftKey ? 10 : 1);
    const now = this.nowMs;
    let target: number | null = null;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') target = now - step;
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') target = now + step;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = this.horizonMs;
    if (target === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.actions.scrubStart();
    this.actions.seek(Math.min(this.horizonMs, Math.max(0, target)));
    this.actions.scrubEnd();
  };

  destroy(): void {
    this.resize?.disconnect();
    if (this.frameHandle !== null) this.scheduler.cancel(this.frameHandle);
    this.frameHandle = null;
  }
}

/** One tick's glyph, drawn around x = 0. Shapes differ by kind, so colour is never the only cue. */
function drawTick(g: SVGGElement, t: Tick): void {
  const h = STRIP_H;
  switch (t.kind) {
    case 'leader':
      svg('line', { class: 'stem', x1: 0, x2: 0, y1: 3, y2: h }, g);
      svg('path', { class: 'head', d: 'M-4,7L-4,2L-2,4L0,1L2,4L4,2L4,7Z' }, g); // a small crown
      break;
    case 'commit':
      svg('line', { class: 'stem', x1: 0, x2: 0, y1: h - (t.count > 1 ? 12 : 8), y2: h }, g);
      break;
    case 'split':
      svg('path', { class: 'head', d: 'M-4,1L4,1L0,8Z' }, g);
      svg('line', { class: 'stem', x1: 0, x2: 0, y1: 8, y2: h - 10 }, g);
      break;
    case 'crash':
      svg('path', { class: 'head', d: 'M-3.5,9.5L3.5,16.5M3.5,9.5L-3.5,16.5' }, g);
      break;
    case 'action':
      svg('circle', { class: 'head', cx: 0, cy: h - 3, r: 3 }, g);
      break;
    case 'violation':
      svg('line', { class: 'stem', x1: 0, x2: 0, y1: 0, y2: h }, g);
      svg('path', { class: 'head', d: 'M0,1L6,8L0,15L-6,8Z' }, g); // a diamond, red by style
      break;
  }
  // A wider, invisible target so a thin tick can be hovered.
  svg('rect', { class: 'hit', x: -3, y: 0, width: 6, height: h }, g);
}
