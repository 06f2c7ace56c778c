// The servers on the ring. Role is told by shape and words (thick ring and crown for the leader,
// dashed ring for a candidate, dotted for a pre-candidate), not by colour; the body's tint is the
// term's colour so nodes that agree on the term look alike.

import { NODE_RADIUS, labelPlacement, timerRemaining } from '../geometry.js';
import { nodeName } from '../narrate.js';
import { type NodeView, Role, type RoleCode } from '../view.js';
import { setAttr, setClass, setText, svg } from './dom.js';
import type { NodeLayout } from './layout.js';
import { termColor, termTint } from './palette.js';

export const ROLE_NAME: Record<RoleCode, string> = {
  [Role.Follower]: 'follower',
  [Role.PreCandidate]: 'precandidate',
  [Role.Candidate]: 'candidate',
  [Role.Leader]: 'leader',
};

const ROLE_LABEL: Record<RoleCode, string> = {
  [Role.Follower]: 'Follower',
  [Role.PreCandidate]: 'Pre-candidate',
  [Role.Candidate]: 'Candidate',
  [Role.Leader]: 'Leader',
};

const TIMER_RADIUS = NODE_RADIUS + 6;
/**
 * The timer arc is redrawn only when its end moves by this share of the circle or more: about
 * 1.5 user units (2 px at the usual size), so a slowly depleting arc does not repaint in every
 * frame for a sub-pixel change.
 */
export const TIMER_QUANTUM = 1 / 160;
/**
 * The arc is drawn as four quarter arcs: only the quarter holding the moving end changes, so a
 * redraw repaints a quarter of the circle's box, not all of it (nor the name written inside).
 */
export const TIMER_SEGMENTS = 4;
/**
 * Election timer arcs move slowly (a turn in several seconds at the default speed), so a one-step
 * move waits for a shared beat: virtual time cut in spans of this many wall ms at the current
 * speed. The arcs' small steps then land in the same frames instead of each arc repainting in a
 * frame of its own. A timer that was reset, an arc two or more steps behind (high speeds), a
 * heartbeat timer and any one-off redraw are drawn at once.
 */
export const SLOW_ARC_WALL_MS = 50;

/** Point of the timer circle at `fraction` of a turn, clockwise from the top. */
function timerPoint(r: number, fraction: number): string {
  const a = -Math.PI / 2 + 2 * Math.PI * fraction;
  return `${Math.round(r * Math.cos(a) * 100) / 100},${Math.round(r * Math.sin(a) * 100) / 100}`;
}

/**
 * Path data of each quarter of a timer arc running clockwise from the top for `fraction` of the
 * circle ('' for a quarter not reached). Together they draw the arc `arcPath(radius, fraction)`
 * draws in one piece.
 */
export function timerSegments(radius: number, fraction: number): string[] {
  const out: string[] = [];
  const f = fraction >= 0.9995 ? 1 : fraction;
  for (let k = 0; k < TIMER_SEGMENTS; k++) {
    const from = k / TIMER_SEGMENTS;
    const to = Math.min(f, (k + 1) / TIMER_SEGMENTS);
    out.push(to > from ? `M${timerPoint(radius, from)}A${radius},${radius} 0 0 1 ${timerPoint(radius, to)}` : '');
  }
  return out;
}

/** Length of the election arcs' shared beat in virtual ms at `speed` (0: none). */
function beatLength(speed: number): number {
  return speed > 0 ? SLOW_ARC_WALL_MS * speed : 0;
}

export function roleName(role: number): string {
  return ROLE_NAME[role as RoleCode] ?? 'follower';
}

/** Majority of a cluster of n. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Second label line: a candidate's tally, otherwise whom it voted for in this term. */
export function voteLine(node: NodeView, clusterSize: number): string {
  if (node.up && node.role === Role.Candidate) return `${node.votesGranted}/${majority(clusterSize)} votes`;
  if (node.up && node.role === Role.PreCandidate) return `${node.votesGranted}/${majority(clusterSize)} pre-votes`;
  return node.votedFor >= 0 ? `voted ${nodeName(node.votedFor)}` : 'no vote';
}

class NodeGlyph {
  readonly g: SVGGElement;
  private readonly track: SVGCircleElement;
  private readonly arcs: SVGPathElement[] = [];
  private readonly body: SVGCircleElement;
  private readonly crown: SVGPathElement;
  private readonly role: SVGTextElement;
  private readonly term: SVGTextElement;
  private readonly votes: SVGTextElement;
  private readonly cross: SVGPathElement;
  /** Quantized remaining share of the timer as drawn; -1 before the first draw. */
  private lastTimer = -1;
  /** The timer the arc was drawn for: a new start or deadline (a reset) is drawn at once. */
  private lastTimerStart = NaN;
  private lastDeadline = NaN;
  private lastArcUp = -1;
  private lastArcKind = NaN;
  private lastX = NaN;
  private lastY = NaN;
  private lastScale = NaN;
  // What the texts and attributes were last drawn from: a frame that changes none of these
  // numbers builds no strings and touches no attribute.
  private lastRole = -1;
  private lastTerm = NaN;
  private lastUp = -1;
  private lastTimerKind = NaN;
  private lastDragged = -1;
  private lastVotedFor = NaN;
  private lastGranted = NaN;
  private lastSize = -1;

  constructor(parent: SVGGElement, id: number) {
    this.g = svg('g', { class: 'node', 'data-testid': `node-${id}`, 'data-node': id, tabindex: 0, role: 'button' }, parent);
    const r = NODE_RADIUS;
    this.track = svg('circle', { class: 'timer-track', r: TIMER_RADIUS }, this.g);
    const timer = svg('g', { class: 'timer' }, this.g);
    for (let k = 0; k < TIMER_SEGMENTS; k++) this.arcs.push(svg('path', { d: '' }, timer));
    this.body = svg('circle', { class: 'body', r }, this.g);
    this.crown = svg('path', { class: 'crown', d: 'M-10,-15L-10,-24L-5,-19L0,-26L5,-19L10,-24L10,-15Z' }, this.g);
    const name = svg('text', { class: 'name', y: 3 }, this.g);
    name.textContent = nodeName(id);
    this.role = svg('text', { class: 'role', y: 17 }, this.g);
    this.cross = svg('path', { class: 'cross', d: `M${-r * 0.6},${-r * 0.6}L${r * 0.6},${r * 0.6}M${r * 0.6},${-r * 0.6}L${-r * 0.6},${r * 0.6}` }, this.g);
    this.term = svg('text', { class: 'term' }, this.g);
    this.votes = svg('text', { class: 'votes' }, this.g);
  }

  /** `slowArcsDue`: whether a slowly moving (election) arc may be redrawn in this frame. */
  update(node: NodeView, now: number, x: number, y: number, scale: number, clusterSize: number, dragged: boolean, slowArcsDue: boolean): void {
    if (x !== this.lastX || y !== this.lastY || scale !== this.lastScale) {
      this.place(x, y, scale);
    }
    const up = node.up ? 1 : 0;
    const drag = dragged ? 1 : 0;
    if (
      node.role !== this.lastRole ||
      node.term !== this.lastTerm ||
      up !== this.lastUp ||
      node.timerKind !== this.lastTimerKind ||
      drag !== this.lastDragged ||
      node.votedFor !== this.lastVotedFor ||
      node.votesGranted !== this.lastGranted ||
      clusterSize !== this.lastSize
    ) {
      this.lastRole = node.role;
      this.lastTerm = node.term;
      this.lastUp = up;
      this.lastTimerKind = node.timerKind;
      this.lastDragged = drag;
      this.lastVotedFor = node.votedFor;
      this.lastGranted = node.votesGranted;
      this.lastSize = clusterSize;
      this.label(node, clusterSize, dragged);
    }

    const reset =
      node.timerStart !== this.lastTimerStart || node.timerDeadline !== this.lastDeadline || up !== this.lastArcUp || node.timerKind !== this.lastArcKind;
    const remaining = node.up ? timerRemaining(now, node.timerStart, node.timerDeadline) : 0;
    const q = Math.round(remaining / TIMER_QUANTUM) * TIMER_QUANTUM;
    // An election arc that moved by a step waits for the shared beat; one that moved further
    // (high speed) is drawn at once.
    const lagging = Math.abs(q - this.lastTimer) >= 2 * TIMER_QUANTUM - 1e-9;
    if (!reset && !slowArcsDue && !lagging && node.timerKind !== 1) return;
    this.lastTimerStart = node.timerStart;
    this.lastDeadline = node.timerDeadline;
    this.lastArcUp = up;
    this.lastArcKind = node.timerKind;
    if (q !== this.lastTimer) {
      this.lastTimer = q;
      const segments = timerSegments(TIMER_RADIUS, q);
      for (let k = 0; k < TIMER_SEGMENTS; k++) setAttr(this.arcs[k], 'd', segments[k]);
    }
  }

  /**
   * Virtual ms until this node's arc is next redrawn, as update() decides (Infinity: never
   * before an event). `beat`: the length of the election arcs' shared beat (virtual ms), and
   * `drawnBeat` the beat they were last drawn in.
   */
  nextArcChange(node: NodeView, now: number, beat: number, drawnBeat: number): number {
    if (!node.up) return Infinity;
    const span = node.timerDeadline - node.timerStart;
    if (node.timerStart < 0 || !(span > 0)) return Infinity;
    const remaining = timerRemaining(now, node.timerStart, node.timerDeadline);
    if (remaining <= 0) return Infinity; // it fires: an event
    // The drawn value changes when `remaining` crosses the next half step below it.
    const until = (steps: number): number => {
      const boundary = (Math.round(remaining / TIMER_QUANTUM) - steps + 0.5) * TIMER_QUANTUM;
      return Math.max(0, (remaining - Math.max(0, boundary)) * span);
    };
    const step = until(1);
    if (node.timerKind === 1 || !(beat > 0)) return step;
    // A step already taken but not drawn yet, or one taken in the beat already drawn, waits for
    // the next beat.
    const nextBeat = (drawnBeat + 1) * beat - now;
    const pending = Math.round(remaining / TIMER_QUANTUM) * TIMER_QUANTUM !== this.lastTimer;
    const wait = pending ? nextBeat : Math.floor((now + step) / beat) > drawnBeat ? step : nextBeat;
    return Math.max(0, Math.min(wait, until(2)));
  }

  private place(x: number, y: number, scale: number): void {
    this.lastX = x;
    this.lastY = y;
    this.lastScale = scale;
    const k = scale === 1 ? '' : ` scale(${scale.toFixed(3)})`;
    this.g.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})${k}`);
    const place = labelPlacement({ x, y });
    for (const [el, yy] of [
      [this.term, place.y1],
      [this.votes, place.y2],
    ] as const) {
      setAttr(el, 'x', String(place.x));
      setAttr(el, 'y', String(yy));
      setAttr(el, 'text-anchor', place.anchor);
    }
  }

  private label(node: NodeView, clusterSize: number, dragged: boolean): void {
    const role = roleName(node.role);
    setAttr(this.g, 'data-role', role);
    setAttr(this.g, 'data-term', String(node.term));
    setAttr(this.g, 'data-up', node.up ? '1' : '0');
    setAttr(this.g, 'class', `node role-${role}${node.up ? '' : ' down'}${node.timerKind === 1 ? ' heartbeat-timer' : ''}${dragged ? ' dragging' : ''}`);
    setAttr(this.body, 'fill', node.up ? termTint(node.term) : '#ececec');
    setAttr(this.body, 'stroke', node.up ? termColor(node.term) : '#9a9a9a');
    setText(this.role, node.up ? ROLE_LABEL[node.role] ?? 'Follower' : 'Crashed');
    setText(this.term, `term ${node.term}`);
    setText(this.votes, voteLine(node, clusterSize));
    setAttr(this.g, 'aria-label', `${nodeName(node.id)}, ${node.up ? role : 'crashed'}, term ${node.term}`);
    setClass(this.track, 'hidden', !node.up);
    setClass(this.crown, 'hidden', !(node.up && node.role === Role.Leader));
    setClass(this.cross, 'hidden', node.up);
  }
}

export class NodeLayer {
  readonly group: SVGGElement;
  private readonly glyphs: NodeGlyph[] = [];
  /** The beat (see SLOW_ARC_WALL_MS) in which the election arcs were last brought up to date. */
  private drawnBeat = NaN;

  constructor(parent: SVGElement, count: number) {
    this.group = svg('g', { class: 'nodes' }, parent);
    for (let i = 0; i < count; i++) this.glyphs.push(new NodeGlyph(this.group, i));
  }

  /**
   * `wallMs`: wall time since the previous frame, 0 for a one-off redraw (paused, or the first
   * frame), which brings every arc up to date; `speed`: virtual ms per wall ms (0: no beat).
   */
  update(nodes: readonly NodeView[], now: number, layout: NodeLayout, wallMs = 0, speed = 0): void {
    const n = this.glyphs.length;
    const beat = beatLength(speed);
    const index = beat > 0 ? Math.floor(now / beat) : NaN;
    const slowArcsDue = wallMs <= 0 || !(beat > 0) || index !== this.drawnBeat;
    if (slowArcsDue) this.drawnBeat = index;
    for (const node of nodes) {
      const glyph = this.glyphs[node.id];
      if (!glyph) continue;
      const p = layout.shown[node.id];
      glyph.update(node, now, p.x, p.y, layout.scale, n, layout.dragged === node.id, slowArcsDue);
    }
  }

  /**
   * Wall ms until some arc needs redrawing (Infinity if none moves before the next event), at
   * `speed` virtual ms per wall ms. Call after update().
   */
  idleWallMs(nodes: readonly NodeView[], now: number, speed: number): number {
    if (!(speed > 0)) return Infinity;
    const beat = beatLength(speed);
    let soonest = Infinity;
    for (const node of nodes) {
      const glyph = this.glyphs[node.id];
      if (glyph) soonest = Math.min(soonest, glyph.nextArcChange(node, now, beat, this.drawnBeat));
    }
    return soonest / speed;
  }

  /** The node whose glyph contains `target`, or -1. */
  nodeOf(target: EventTarget | null): number {
    let el = target instanceof Element ? target : null;
    while (el && el !== this.group) {
      const id = el.getAttribute('data-node');
      if (id !== null) return Number(id);
      el = el.parentElement;
    }
    return -1;
  }

  element(id: number): SVGGElement | null {
    return this.glyphs[id]?.g ?? null;
  }
}
