// The space-time diagram: the same run as the ring, one lane per server and virtual time to the
// right. Each message is a line from its send point towards its arrival point, cut at the cursor
// while on the wire and ending in a cross where it was lost; heartbeats are thinner than appends
// carrying entries; the background is banded by term; lanes show candidates and leaders, and a
// gap while a server is down. The window follows the cursor and zooms (wheel, pinch, buttons,
// + and - keys).
//
// It is drawn on one canvas, only what the window shows, and only when the cursor moved a pixel
// or the run changed: a minute of nine servers is ~20,000 lines, which SVG elements could not
// redraw at frame rate. The messages on the wire at the cursor are also listed as buttons (for
// the keyboard and screen readers, and the browser tests); a click on a line or a button opens
// the message's card.

import { localize, localizeAttr, onLanguageChange, t } from '../i18n/index.js';
import { nodeName } from '../narrate.js';
import { DiagramCol, FateCode, LaneCol } from '../../pkg/raft_playground_web.js';
import { MarkCode, MarkCol, MsgKindCode } from '../view.js';
import type { PlaygroundApi } from '../wasm.js';
import { activeElementOf } from '../embed/scoping.js';
import { MarksReader } from '../marks-reader.js';
import { html } from './dom.js';
import {
  DEFAULT_SPAN_MS,
  defaultSpan,
  type Flight,
  type LaneChange,
  type LaneStretch,
  STARTED,
  type Plot,
  type Segment,
  type TimeWindow,
  hitSegment,
  onWireAt,
  laneStretches,
  laneY,
  segmentOf,
  termBands,
  timeToX,
  windowAt,
  zoomSpan,
} from './diagram-geometry.js';
import { LOOK_LABEL, messageLook } from './shapes.js';
import { termColor, termTint } from './palette.js';

const DIAGRAM_STRIDE = DiagramCol.Stride;
const LANE_STRIDE = LaneCol.Stride;
const MARK_STRIDE = MarkCol.Stride;

/** Lane names' width and the term labels' height, CSS px. */
const LEFT = 34;
const TOP = 18;
/** Height per lane, CSS px. */
const LANE_H = 26;
/** How near a click must be to a line, CSS px (a finger is wider than a mouse). */
const HIT_PX = 7;
/** How far a press moves sideways before it scrubs rather than clicks, CSS px. */
const DRAG_PX = 5;
/** One press of a zoom button or key. */
const ZOOM_STEP = 1.5;

interface Row extends Flight {
  kind: MsgKindCode;
  term: number;
  entries: number;
  ok: boolean;
}

/** The colour of a line by message kind: votes purple, appends blue, replies lighter, refusals red. */
function lineColor(r: Row): string {
  switch (r.kind) {
    case MsgKindCode.RequestVote:
    case MsgKindCode.PreVote:
      return '#7b3fa0';
    case MsgKindCode.RequestVoteResponse:
    case MsgKindCode.PreVoteResponse:
      return r.ok ? '#a77bc4' : '#c0392b';
    case MsgKindCode.AppendEntries:
      return r.entries > 0 ? '#1f5fa8' : '#7d9cc0';
    case MsgKindCode.InstallSnapshot:
      return '#3a4452';
    case MsgKindCode.TimeoutNow:
      return '#b35c00';
    default:
      return r.ok ? '#8fb3d9' : '#c0392b';
  }
}

function lineWidth(r: Row): number {
  if (r.kind === MsgKindCode.AppendEntries) return r.entries > 0 ? 2.6 : 0.8;
  if (r.kind === MsgKindCode.InstallSnapshot) return 3.4;
  if (r.kind === MsgKindCode.AppendEntriesResponse) return 0.8;
  return 1.6;
}

export function describeRow(r: Row): string {
  const look = messageLook(r.kind, r.ok, r.entries);
  const what = look === 'ae' ? t('look.aeCount', { count: r.entries }) : t(LOOK_LABEL[look]);
  return t('look.message', { what, from: nodeName(r.from), to: nodeName(r.to), term: r.term });
}

function decodeRows(a: Float64Array): Row[] {
  const out: Row[] = [];
  for (let o = 0; o + DIAGRAM_STRIDE <= a.length; o += DIAGRAM_STRIDE) {
    const fate = a[o + DiagramCol.Fate];
    out.push({
      id: a[o + DiagramCol.Id],
      from: a[o + DiagramCol.From],
      to: a[o + DiagramCol.To],
      kind: a[o + DiagramCol.Kind] as MsgKindCode,
      term: a[o + DiagramCol.Term],
      entries: a[o + DiagramCol.EntryCount],
      ok: a[o + DiagramCol.Ok] === 1,
      sentAt: a[o + DiagramCol.SentAt],
      arriveAt: a[o + DiagramCol.ArriveAt],
      endAt: a[o + DiagramCol.EndAt],
      open: fate === FateCode.InFlight,
      dropped: fate === FateCode.Dropped,
    });
  }
  return out;
}

function decodeLanes(a: Float64Array): LaneChange[] {
  const out: LaneChange[] = [];
  for (let o = 0; o + LANE_STRIDE <= a.length; o += LANE_STRIDE) {
    out.push({ at: a[o + LaneCol.At], node: a[o + LaneCol.Node], code: a[o + LaneCol.Code], term: a[o + LaneCol.Term] });
  }
  return out;
}

/** What the diagram needs of its pane (ui/diagram-pane.ts). */
export interface DiagramPaneLike {
  readonly el: HTMLElement;
  readonly bar: HTMLElement;
  readonly open: boolean;
}

export interface DiagramHooks {
  /** A message was chosen (its line clicked, or its button pressed). */
  open: (id: number) => void;
  /** Asks the page for a drawing (a paused page draws on demand). */
  redraw: () => void;
  /** The diagram's module could not be loaded. */
  failed: (e: unknown) => void;
  /** A drag sideways scrubs: it starts (pause), moves the cursor, ends. */
  scrubStart: () => void;
  seek: (ms: number) => void;
  scrubEnd: () => void;
}

export class Diagram {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly wire: HTMLUListElement;
  private readonly spanLabel: HTMLElement;
  private span = DEFAULT_SPAN_MS;
  /** Until the first zoom, the span follows the width (see defaultSpan). */
  private zoomed = false;
  private nodes = 0;
  /** What the last drawing showed, to skip a frame that would draw the same pixels. */
  private drawnKey = '';
  /** The lane stretches last drawn (tests read them: a canvas shows no DOM). */
  stretches: LaneStretch[] = [];
  /** What the last drawing showed: the lines a click may be on are worked out from it. */
  private drawn: { rows: Row[]; w: TimeWindow; p: Plot; cursor: number } | null = null;
  /** Term rises from the marks, refetched when the marks change. */
  private rises: { at: number; term: number }[] = [];
  private marksVersion = -1;
  private readonly marksRead = new MarksReader();
  private wireKey = '';
  private readonly wireItems = new Map<number, HTMLLIElement>();
  /** The message whose card is open, drawn highlighted; null: none. */
  private selected: number | null = null;
  private pinch: { d: number; span: number } | null = null;
  /** A press that becomes a scrub once it moves DRAG_PX sideways. */
  private drag: { pointerId: number; x: number; cursor: number; msPerPx: number; moved: boolean } | null = null;
  /** The click that ends a scrub opens no card. */
  private suppressClick = false;
  /** The cursor and the horizon last drawn, virtual ms (a scrub starts from the one, stops at the other). */
  private cursor = 0;
  private horizon = 0;
  private readonly touches = new Map<number, { x: number; y: number }>();

  /** Built into `pane` (its section and bar, made by ui/diagram-pane.ts, which loads this module
   * the first time the diagram opens). */
  constructor(
    private readonly pane: DiagramPaneLike,
    private readonly hooks: DiagramHooks,
  ) {
    this.el = pane.el;
    const bar = pane.bar;
    const zoom = html('span', { class: 'dg-zoom' }, bar);
    const zoomIn = html('button', { type: 'button', 'data-testid': 'diagram-zoom-in' }, zoom, '+');
    localizeAttr(zoomIn, 'aria-label', 'diagram.zoomIn');
    localizeAttr(zoomIn, 'title', 'diagram.zoomInTitle');
    const zoomOut = html('button', { type: 'button', 'data-testid': 'diagram-zoom-out' }, zoom, '−');
    localizeAttr(zoomOut, 'aria-label', 'diagram.zoomOut');
    localizeAttr(zoomOut, 'title', 'diagram.zoomOutTitle');
    this.spanLabel = html('span', { class: 'dg-span', 'data-testid': 'diagram-span' }, zoom);
    zoomIn.addEventListener('click', () => this.zoom(1 / ZOOM_STEP));
    zoomOut.addEventListener('click', () => this.zoom(ZOOM_STEP));
    const body = html('div', { class: 'dg-body' }, this.el);
    this.canvas = html('canvas', { class: 'dg-canvas', 'data-testid': 'diagram-canvas', tabindex: '0', role: 'img' }, body);
    localizeAttr(this.canvas, 'aria-label', 'diagram.canvas');
    localize(html('p', { class: 'dg-key' }, body), 'diagram.key');
    localize(html('p', { class: 'visually-hidden' }, body), 'diagram.wire');
    this.wire = html('ul', { class: 'dg-wire visually-hidden', 'data-testid': 'diagram-wire' }, body);
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.canvas.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    for (const end of ['pointerup', 'pointercancel'] as const) this.canvas.addEventListener(end, (e) => this.pointerUp(e));
    this.wire.addEventListener('click', (e) => {
      const id = Number((e.target as HTMLElement).closest('[data-msg]')?.getAttribute('data-msg'));
      if (Number.isFinite(id)) this.hooks.open(id);
    });
    this.showSpan();
    // A language switch: the span, the canvas's words and the wire's buttons are said again.
    onLanguageChange(() => {
      this.showSpan();
      this.wire.replaceChildren();
      this.wireItems.clear();
      this.wireKey = '';
      this.changed();
    });
    // A resize changes what shows: draw again (a paused page draws on demand).
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.changed()).observe(this.canvas);
  }

  private changed(): void {
    this.drawnKey = '';
    this.hooks.redraw();
  }

  /** Open by its toggle, or shown by the Diagram tab on a narrow page (the pane decides). */
  get open(): boolean {
    return this.pane.open;
  }

  /** The pane opened or closed, or the tab changed: draw again. */
  shown(): void {
    this.changed();
  }

  /** Servers were added during the run, or time went back before an addition (§4.2): as many
   * lanes, with everything else kept (the lanes come from the run's history each drawing). */
  resize(nodes: number): void {
    if (nodes === this.nodes) return;
    this.nodes = nodes;
    this.changed();
  }

  /** A new run: nothing of the old one stays. */
  reset(nodes: number): void {
    this.nodes = nodes;
    this.wire.replaceChildren();
    this.wireItems.clear();
    this.wireKey = '';
    this.selected = null;
    this.drawn = null;
    this.marksVersion = -1;
    this.marksRead.reset();
    this.rises = [];
    this.drawnKey = '';
  }

  zoom(factor: number): void {
    this.zoomed = true;
    this.span = zoomSpan(this.span, factor);
    this.showSpan();
    this.changed();
  }

  private showSpan(): void {
    this.spanLabel.textContent = this.span >= 1000 ? t('diagram.spanSeconds', { seconds: +(this.span / 1000).toFixed(1) }) : t('diagram.spanMs', { ms: Math.round(this.span) });
  }

  /** Wall ms until the cursor moves a pixel at `speed` (virtual ms per wall ms): how long the
   * clock may sleep for the diagram's sake; Infinity while closed. */
  idleMs(speed: number): number {
    const width = this.canvas.clientWidth - LEFT;
    if (!this.open || width <= 0 || !(speed > 0)) return Infinity;
    return this.span / width / speed;
  }

  /** Draws the window around the cursor; `force` after anything but time moved the run. */
  draw(pg: PlaygroundApi, force: boolean): void {
    if (!this.open || this.nodes === 0) return;
    const width = this.canvas.clientWidth;
    if (width <= LEFT + 10) return;
    const height = TOP + LANE_H * this.nodes;
    if (!this.zoomed && this.span !== defaultSpan(width - LEFT)) {
      this.span = defaultSpan(width - LEFT);
      this.showSpan();
    }
    const cursor = pg.now();
    this.cursor = cursor;
    this.horizon = pg.horizon();
    const w = windowAt(cursor, this.span);
    const msPerPx = this.span / Math.max(1, width - LEFT);
    const key = `${Math.round(cursor / msPerPx)}|${this.span}|${width}`;
    if (!force && key === this.drawnKey) return;
    this.drawnKey = key;
    const mv = pg.marksVersion();
    if (mv !== this.marksVersion) {
      this.marksVersion = mv;
      // Only the marks added since: reading them all grew with the run, in every frame.
      const { rows, restarted } = this.marksRead.next(pg);
      if (restarted) this.rises = [];
      for (const r of termRises(rows)) this.rises.push(r);
    }
    const rows = decodeRows(pg.diagram(w.from, Math.min(w.to, cursor)));
    const lanes = decodeLanes(pg.lanes(w.from, Math.min(w.to, cursor)));
    this.paint({ width, height, left: LEFT, top: TOP, nodes: this.nodes }, w, cursor, rows, lanes, pg.historyFrom());
    this.listWire(rows, cursor);
  }

  private paint(p: Plot, w: TimeWindow, cursor: number, rows: Row[], lanes: LaneChange[], keptFrom: number): void {
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    if (c.width !== Math.round(p.width * dpr) || c.height !== Math.round(p.height * dpr)) {
      c.width = Math.round(p.width * dpr);
      c.height = Math.round(p.height * dpr);
      c.style.height = `${p.height}px`;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, p.width, p.height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Term bands, labelled at the top.
    for (const b of termBands(this.rises, w, cursor)) {
      const x1 = timeToX(b.from, w, p);
      const x2 = timeToX(b.to, w, p);
      ctx.fillStyle = termTint(b.term);
      ctx.fillRect(x1, 0, x2 - x1, p.height);
      if (x2 - x1 > 34) {
        ctx.fillStyle = termColor(b.term);
        ctx.fillText(t('diagram.term', { term: b.term }), x1 + 3, TOP / 2);
      }
    }
    if (keptFrom > w.from) {
      ctx.fillStyle = 'rgba(0,0,0,0.06)';
      const x = timeToX(keptFrom, w, p);
      ctx.fillRect(p.left, 0, x - p.left, p.height);
    }
    // Lanes: thin for followers, dashed for candidates, thick for the leader, a gap while down;
    // faded outside the configuration in force (§4.1), from where a server started (§4.2.1).
    const stretches = laneStretches(lanes, p.nodes, w, cursor);
    const outsideNow = new Set<number>();
    for (const s of stretches) {
      if (s.to >= Math.min(w.to, cursor) && !s.member) outsideNow.add(s.node);
    }
    for (let n = 0; n < p.nodes; n++) {
      ctx.fillStyle = outsideNow.has(n) ? '#8c959f' : '#333';
      ctx.fillText(nodeName(n), 4, laneY(n, p));
    }
    // Lines that began before the window are cut at its left edge, clear of the names.
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, 0, p.width - p.left, p.height);
    ctx.clip();
    ctx.fillStyle = '#57606a';
    for (const c of lanes) {
      // Where a new server's lane begins: a short bar across it.
      if (c.code === STARTED && c.at >= w.from && c.node < p.nodes) ctx.fillRect(timeToX(c.at, w, p) - 1, laneY(c.node, p) - 5, 2, 10);
    }
    /** Stretches outside the configuration, said in words over the messages once drawn. */
    const outsideAt: { x1: number; x2: number; y: number }[] = [];
    for (const s of stretches) {
      const y = laneY(s.node, p);
      if (s.role < 0) {
        // Down: a gap in the lane, its edges marked, "down" written in it when there is room.
        const x1 = timeToX(s.from, w, p);
        const x2 = timeToX(s.to, w, p);
        ctx.fillStyle = '#82071e';
        ctx.fillRect(x1 - 1, y - 6, 2, 12);
        if (x2 - x1 > 40) {
          const down = t('diagram.down');
          ctx.fillText(down, (x1 + x2) / 2 - ctx.measureText(down).width / 2, y - 8);
        }
        continue;
      }
      const x1 = timeToX(s.from, w, p);
      const x2 = timeToX(s.to, w, p);
      ctx.beginPath();
      ctx.moveTo(x1, y);
      ctx.lineTo(x2, y);
      ctx.setLineDash(s.role === 1 || s.role === 2 ? [5, 3] : s.member ? [] : [2, 3]);
      ctx.lineWidth = s.role === 3 ? 5 : s.role === 0 ? 1 : 3;
      ctx.strokeStyle = s.role === 0 ? '#9aa3ad' : termColor(s.term);
      ctx.globalAlpha = s.member ? 1 : 0.4;
      ctx.stroke();
      ctx.globalAlpha = 1;
      if (!s.member) outsideAt.push({ x1, x2, y });
    }
    ctx.setLineDash([]);
    this.stretches = stretches;
    // Messages: one path per look (colour and width), thin ones first so appends with entries
    // draw over heartbeats. A minute of nine servers is ~20,000 lines: a stroke each would be
    // most of the frame; a path per look is a handful of strokes.
    this.drawn = { rows, w, p, cursor };
    const looks = new Map<string, { color: string; width: number; path: Path2D }>();
    const crosses = new Path2D();
    const dots = new Path2D();
    for (const r of rows) {
      const s = segmentOf(r, cursor, w, p);
      if (!s) continue;
      const color = lineColor(r);
      const width = lineWidth(r);
      const key = `${width}${color}`;
      let look = looks.get(key);
      if (!look) {
        look = { color, width, path: new Path2D() };
        looks.set(key, look);
      }
      look.path.moveTo(s.x1, s.y1);
      look.path.lineTo(s.x2, s.y2);
      if (s.lost) crossAt(crosses, s.x2, s.y2);
      else if (s.flying) {
        dots.moveTo(s.x2 + 2.5, s.y2);
        dots.arc(s.x2, s.y2, 2.5, 0, Math.PI * 2);
      }
    }
    // Dense windows (a minute of heartbeats is several lines a pixel) fade the thin lines, so
    // appends with entries, votes and losses stand out of the mass.
    const perPx = rows.length / Math.max(1, p.width - p.left);
    const thinAlpha = Math.min(1, Math.max(0.15, 1.5 / perPx));
    for (const look of [...looks.values()].sort((a, b) => a.width - b.width)) {
      ctx.globalAlpha = look.width < 1 ? thinAlpha : 1;
      ctx.lineWidth = look.width;
      ctx.strokeStyle = look.color;
      ctx.stroke(look.path);
    }
    ctx.globalAlpha = 1;
    const chosen = this.selected === null ? undefined : rows.find((r) => r.id === this.selected);
    const mark = chosen && segmentOf(chosen, cursor, w, p);
    if (mark) {
      ctx.beginPath();
      ctx.moveTo(mark.x1, mark.y1);
      ctx.lineTo(mark.x2, mark.y2);
      ctx.lineWidth = 4;
      ctx.strokeStyle = '#f08c00';
      ctx.stroke();
    }
    ctx.fillStyle = '#1f5fa8';
    ctx.fill(dots);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#c0392b';
    ctx.stroke(crosses);
    // Outside the configuration: said in the lane where there is room, on a pale ground over
    // the lines crossing there.
    const outside = t('diagram.outside');
    const outsideWidth = ctx.measureText(outside).width;
    for (const { x1, x2, y } of outsideAt) {
      if (x2 - x1 <= outsideWidth + 12) continue;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(x1 + 4, y - 15, outsideWidth + 4, 14);
      ctx.fillStyle = '#57606a';
      ctx.fillText(outside, x1 + 6, y - 8);
    }
    ctx.restore();
    // The cursor.
    const xc = timeToX(cursor, w, p);
    ctx.beginPath();
    ctx.moveTo(xc, 0);
    ctx.lineTo(xc, p.height);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#d1242f';
    ctx.stroke();
  }

  /** The buttons for the messages on the wire: one per message, kept while it flies (ids rise
   * in send order, so a new one goes last). */
  private listWire(rows: Row[], cursor: number): void {
    const flying = rows.filter((r) => onWireAt(r, cursor));
    const key = flying.map((r) => r.id).join(',');
    if (key === this.wireKey) return;
    this.wireKey = key;
    const keep = new Set(flying.map((r) => r.id));
    for (const [id, li] of this.wireItems) {
      if (!keep.has(id)) {
        li.remove();
        this.wireItems.delete(id);
      }
    }
    for (const r of flying) {
      if (this.wireItems.has(r.id)) continue;
      const li = html('li', {}, this.wire);
      html('button', { type: 'button', 'data-msg': r.id }, li, describeRow(r));
      this.wireItems.set(r.id, li);
    }
    this.wire.setAttribute('data-ids', key);
  }

  private click(e: MouseEvent): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const rect = this.canvas.getBoundingClientRect();
    const hit = hitSegment(this.segments, e.clientX - rect.left, e.clientY - rect.top, HIT_PX);
    if (hit) this.hooks.open(hit.id);
  }

  /** The wheel zooms with Ctrl (a trackpad's pinch) or once the diagram has focus; otherwise
   * it scrolls the page, which a diagram at the bottom of it must not stop. */
  private wheel(e: WheelEvent): void {
    if (!(e.ctrlKey || e.metaKey || activeElementOf(this.canvas) === this.canvas)) return;
    e.preventDefault();
    this.zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15);
  }

  private key(e: KeyboardEvent): void {
    if (e.key === '+' || e.key === '=') this.zoom(1 / ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') this.zoom(ZOOM_STEP);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  private pointerDown(e: PointerEvent): void {
    if (e.button > 0) return;
    this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (this.touches.size === 2) {
      const [a, b] = [...this.touches.values()];
      this.pinch = { d: Math.hypot(a.x - b.x, a.y - b.y), span: this.span };
      this.drag = null;
      return;
    }
    const width = this.canvas.clientWidth - LEFT;
    this.drag = { pointerId: e.pointerId, x: e.clientX, cursor: this.cursor, msPerPx: this.span / Math.max(1, width), moved: false };
  }

  private pointerMove(e: PointerEvent): void {
    if (!this.touches.has(e.pointerId)) return;
    this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (this.pinch && this.touches.size === 2) {
      const [a, b] = [...this.touches.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (d > 0) {
        this.zoomed = true;
        this.span = zoomSpan(this.pinch.span, this.pinch.d / d);
        this.showSpan();
        this.changed();
      }
      return;
    }
    const drag = this.drag;
    if (!drag || drag.pointerId !== e.pointerId) return;
    const dx = e.clientX - drag.x;
    if (!drag.moved) {
      if (Math.abs(dx) < DRAG_PX) return;
      drag.moved = true;
      this.hooks.scrubStart();
      try {
        this.canvas.setPointerCapture(e.pointerId);
      } catch {
        // Capture only keeps the drag when the pointer leaves the canvas.
      }
    }
    // Pulling the paper: right shows earlier times, so the cursor goes back.
    const target = Math.min(this.horizon, Math.max(0, drag.cursor - dx * drag.msPerPx));
    this.hooks.seek(target);
  }

  private pointerUp(e: PointerEvent): void {
    this.touches.delete(e.pointerId);
    if (this.touches.size < 2) this.pinch = null;
    const drag = this.drag;
    if (drag && drag.pointerId === e.pointerId) {
      this.drag = null;
      if (drag.moved) {
        this.suppressClick = true;
        this.hooks.scrubEnd();
      }
    }
  }

  /** Highlights message `id` (its card is open), or none. */
  select(id: number | null): void {
    if (id === this.selected) return;
    this.selected = id;
    this.changed();
  }

  /** The lines last drawn (worked out again on demand: a click, a test). */
  get segments(): Segment[] {
    const d = this.drawn;
    if (!d) return [];
    const out: Segment[] = [];
    for (const r of d.rows) {
      const s = segmentOf(r, d.cursor, d.w, d.p);
      if (s) out.push(s);
    }
    return out;
  }

  /** The row last drawn for message `id`. */
  row(id: number): Row | undefined {
    return this.drawn?.rows.find((r) => r.id === id);
  }
}

/** The cluster's highest-term rises, from the marks. */
function termRises(marks: Float64Array): { at: number; term: number }[] {
  const out: { at: number; term: number }[] = [];
  for (let o = 0; o + MARK_STRIDE <= marks.length; o += MARK_STRIDE) {
    if (marks[o + MarkCol.Kind] === MarkCode.Term) out.push({ at: marks[o + MarkCol.At], term: marks[o + MarkCol.A] });
  }
  return out;
}

function crossAt(path: Path2D, x: number, y: number): void {
  const r = 4;
  path.moveTo(x - r, y - r);
  path.lineTo(x + r, y + r);
  path.moveTo(x + r, y - r);
  path.lineTo(x - r, y + r);
}

