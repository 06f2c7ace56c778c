// Messages in flight, drawn at the fraction of their flight that virtual time has reached, so a
// pause freezes them and a speed change only changes how fast they glide. Elements are created
// and removed by message id; a lost message flies until its dropAt, bursts there, and vanishes.
// A flight is linear in virtual time from send to arrival, so the browser runs it (see motion.ts)
// and this layer only acts at sends, arrivals, drops and when the nodes move.

import { burstPoint, flightFraction, lerpPoint } from '../geometry.js';
import { nodeName } from '../narrate.js';
import { DropCode, type MessageView } from '../view.js';
import { setAttr, svg } from './dom.js';
import type { NodeLayout } from './layout.js';
import { type Pace, Track } from './motion.js';
import { LOOK_LABEL, drawBurst, drawMessageShape, messageLook } from './shapes.js';
import { t } from '../i18n/index.js';

/** How long a burst shows, in wall ms; turned into virtual ms with the current speed. */
export const BURST_WALL_MS = 700;
/**
 * A burst closer than this (user units) to one whose word still shows draws no word of its own:
 * messages blocked by one partition line burst side by side, and their words would stack. About
 * a word's width at the largest stage text (a 360 px embed draws text at ~20 units).
 */
export const BURST_LABEL_GAP = 110;

const DROP_WORD: Record<number, string> = {
  [DropCode.Loss]: 'lost',
  [DropCode.Partition]: 'blocked',
  [DropCode.LinkCut]: 'link cut',
  [DropCode.NodeDown]: 'down',
};

interface Flight {
  view: MessageView;
  g: SVGGElement;
  burst: SVGGElement | null;
  /** Where the burst's word was drawn (null: no word, or no burst yet). */
  wordAt: { x: number; y: number; word: string } | null;
  /** Frame in which the message was last listed by the view. */
  seenFrame: number;
  /** The browser-run motion of the flight, then of the burst. */
  motion: Track;
  /** Position last drawn by hand, in POSITION_STEP units (NaN: none yet). */
  lastX: number;
  lastY: number;
  lastExtra: string;
}

/**
 * Positions are drawn in steps of this many user units (about 0.6 px at the usual size): a
 * message that has moved less than that since the last frame (at slow speeds) is not redrawn.
 */
const POSITION_STEP = 0.5;

/** A CSS translate in the SVG's user units (px in a transform are user units). */
function translate(x: number, y: number): string {
  return `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
}

export function describeMessage(m: MessageView): string {
  const look = messageLook(m.kind, m.ok, m.entryCount);
  const what = look === 'ae' ? t('look.aeCount', { count: m.entryCount }) : t(LOOK_LABEL[look]);
  return t('look.message', { what, from: nodeName(m.from), to: nodeName(m.to), term: m.term });
}

export class MessageLayer {
  private readonly flights = new Map<number, Flight>();
  private frame = 0;
  /**
   * The message the last step delivered, drawn as its path from sender to receiver (it has left
   * the wire, so its own drawing is gone) until the next step; null: none.
   */
  private delivered: { view: MessageView; path: SVGPathElement; key: string } | null = null;
  /** Length of a burst in virtual ms, at the pace last drawn. */
  private burstMs = 0;

  constructor(
    private readonly flightLayer: SVGGElement,
    private readonly burstLayer: SVGGElement,
  ) {}

  get size(): number {
    return this.flights.size;
  }

  /**
   * Bursts last BURST_WALL_MS of wall time at the pace drawn with. A dropped message whose row
   * has left the view still finishes its burst from its last known row.
   */
  update(messages: readonly MessageView[], pace: Pace, layout: NodeLayout): void {
    this.placeDelivered(layout);
    const frame = ++this.frame;
    const now = pace.now;
    const burstMs = BURST_WALL_MS * pace.speed;
    this.burstMs = burstMs;
    for (const m of messages) {
      let f = this.flights.get(m.id);
      if (!f) {
        f = this.create(m);
        this.flights.set(m.id, f);
      }
      f.view = m;
      f.seenFrame = frame;
    }
    for (const [id, f] of this.flights) {
      const m = f.view;
      const dropped = m.dropAt >= 0 && now >= m.dropAt;
      if (f.seenFrame !== frame && !dropped) {
        this.remove(id, f); // delivered, or gone with a restart
        continue;
      }
      const from = layout.shown[m.from];
      const to = layout.shown[m.to];
      if (!from || !to) {
        this.remove(id, f);
        continue;
      }
      if (!dropped) {
        const key = `${from.x.toFixed(1)},${from.y.toFixed(1)},${to.x.toFixed(1)},${to.y.toFixed(1)}`;
        if (!f.motion.run(key, { transform: translate(from.x, from.y) }, { transform: translate(to.x, to.y) }, m.sentAt, m.arriveAt, pace)) {
          const p = lerpPoint(from, to, flightFraction(now, m.sentAt, m.arriveAt));
          this.place(f, f.g, p.x, p.y, '');
        }
        continue;
      }
      const age = burstMs > 0 ? (now - m.dropAt) / burstMs : 1;
      if (age >= 1) {
        this.remove(id, f);
        continue;
      }
      if (!f.burst) {
        f.motion.stop();
        f.g.remove();
        const at = burstPoint(from, to, m.sentAt, m.arriveAt, m.dropAt);
        const word = DROP_WORD[m.dropReason] ?? 'lost';
        const said = this.wordNear(at.x, at.y, word);
        f.burst = svg('g', { 'data-testid': `burst-${m.id}`, 'data-msg': m.id }, this.burstLayer);
        drawBurst(f.burst, said ? '' : word);
        f.wordAt = said ? null : { x: at.x, y: at.y, word };
        f.motion = new Track(f.burst);
        f.lastX = NaN;
      }
      const p = burstPoint(from, to, m.sentAt, m.arriveAt, m.dropAt);
      const at = translate(p.x, p.y);
      const key = `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
      if (f.motion.run(key, { transform: `${at} scale(0.6)`, opacity: 1 }, { transform: `${at} scale(1.6)`, opacity: 0 }, m.dropAt, m.dropAt + burstMs, pace)) {
        continue;
      }
      this.place(f, f.burst, p.x, p.y, ` scale(${(0.6 + age).toFixed(2)})`);
      setAttr(f.burst, 'opacity', (1 - age).toFixed(2));
    }
  }

  /**
   * Wall ms until this layer must draw again, at `speed` virtual ms per wall ms: the next drop
   * (a burst starts) or burst end when the browser runs the motion, the next visible step of a
   * message otherwise (0 while a burst fades); Infinity with nothing on the wire. Arrivals are
   * events of the simulation, woken for by the caller. Call after update().
   */
  idleWallMs(layout: NodeLayout, now: number, speed: number): number {
    if (!(speed > 0)) return Infinity;
    let soonest = Infinity;
    for (const f of this.flights.values()) {
      const m = f.view;
      if (f.motion.current) {
        const until = f.burst ? m.dropAt + this.burstMs - now : m.dropAt >= 0 ? m.dropAt - now : Infinity;
        soonest = Math.min(soonest, Math.max(0, until));
        continue;
      }
      if (f.burst) return 0;
      const from = layout.shown[m.from];
      const to = layout.shown[m.to];
      const span = m.arriveAt - m.sentAt;
      if (!from || !to || !(span > 0)) return 0;
      const length = Math.hypot(to.x - from.x, to.y - from.y);
      if (length > 0) soonest = Math.min(soonest, (POSITION_STEP / 2) * (span / length));
    }
    return soonest / speed;
  }

  /** Whether a burst still showing near (x, y) already says `word`. */
  private wordNear(x: number, y: number, word: string): boolean {
    for (const f of this.flights.values()) {
      const w = f.wordAt;
      if (f.burst && w && w.word === word && Math.hypot(w.x - x, w.y - y) < BURST_LABEL_GAP) return true;
    }
    return false;
  }

  clear(): void {
    for (const [id, f] of this.flights) this.remove(id, f);
    this.markDelivered(null, null);
  }

  /**
   * Marks `m` as the message a step just delivered (null: clears the mark), drawn between the
   * servers' drawn positions in `layout`.
   */
  markDelivered(m: MessageView | null, layout: NodeLayout | null): void {
    this.delivered?.path.remove();
    this.delivered = null;
    if (!m) return;
    const look = messageLook(m.kind, m.ok, m.entryCount);
    const path = svg('path', { class: `stepped-path look-${look}`, 'data-testid': 'stepped-msg', 'data-msg': m.id, 'data-from': m.from, 'data-to': m.to }, this.flightLayer);
    // Under the messages in flight, which stay readable over it.
    this.flightLayer.insertBefore(path, this.flightLayer.firstChild);
    const title = svg('title', {}, path);
    title.textContent = t('look.delivered', { what: describeMessage(m) });
    this.delivered = { view: m, path, key: '' };
    if (layout) this.placeDelivered(layout);
  }

  /** The message the last step delivered (null: none). */
  get deliveredMark(): MessageView | null {
    return this.delivered?.view ?? null;
  }

  private placeDelivered(layout: NodeLayout): void {
    const d = this.delivered;
    if (!d) return;
    const from = layout.shown[d.view.from];
    const to = layout.shown[d.view.to];
    if (!from || !to) return;
    const key = `${from.x.toFixed(1)},${from.y.toFixed(1)},${to.x.toFixed(1)},${to.y.toFixed(1)}`;
    if (key === d.key) return;
    d.key = key;
    d.path.setAttribute('d', `M${from.x.toFixed(1)},${from.y.toFixed(1)}L${to.x.toFixed(1)},${to.y.toFixed(1)}`);
  }

  private create(m: MessageView): Flight {
    const g = svg('g', { 'data-testid': `msg-${m.id}`, 'data-msg': m.id, 'data-kind': m.kind }, this.flightLayer);
    drawMessageShape(g, messageLook(m.kind, m.ok, m.entryCount), m.entryCount);
    const title = svg('title', {}, g);
    title.textContent = describeMessage(m);
    return { view: m, g, burst: null, wordAt: null, motion: new Track(g), seenFrame: 0, lastX: NaN, lastY: NaN, lastExtra: '' };
  }

  private place(f: Flight, el: SVGGElement, x: number, y: number, extra: string): void {
    const qx = Math.round(x / POSITION_STEP);
    const qy = Math.round(y / POSITION_STEP);
    if (qx === f.lastX && qy === f.lastY && extra === f.lastExtra) return;
    f.lastX = qx;
    f.lastY = qy;
    f.lastExtra = extra;
    el.setAttribute('transform', `translate(${qx * POSITION_STEP},${qy * POSITION_STEP})${extra}`);
  }

  private remove(id: number, f: Flight): void {
    f.motion.stop();
    f.g.remove();
    f.burst?.remove();
    this.flights.delete(id);
  }
}
