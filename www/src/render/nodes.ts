// The servers on the ring. Inside each node: its name and, big, its current term. Role is told
// by shape and words (thick ring and crown for the leader, dashed ring for a candidate, dotted for
// a pre-candidate; the role's name outside the ring), not by colour; the body's tint is the
// term's colour so nodes that agree on the term look alike.

import { NODE_RADIUS, apartLabelLines, labelLines, timerRemaining } from '../geometry.js';
import { nodeName } from '../narrate.js';
import { type NodeView, RoleCode, TimerCode } from '../view.js';
import { setAttr, setClass, setText, svg } from './dom.js';
import { language, t, type PlainKey } from '../i18n/index.js';
import type { Pace } from './motion.js';
import type { NodeLayout } from './layout.js';
import { termColor, termTint } from './palette.js';

export const ROLE_NAME: Record<RoleCode, string> = {
  [RoleCode.Follower]: 'follower',
  [RoleCode.PreCandidate]: 'precandidate',
  [RoleCode.Candidate]: 'candidate',
  [RoleCode.Leader]: 'leader',
};

const ROLE_LABEL: Record<RoleCode, PlainKey> = {
  [RoleCode.Follower]: 'role.follower',
  [RoleCode.PreCandidate]: 'role.precandidate',
  [RoleCode.Candidate]: 'role.candidate',
  [RoleCode.Leader]: 'role.leader',
};

const TIMER_RADIUS = NODE_RADIUS + 6;
/** Length of the timer circle: the arc is this circle's stroke, dashed to the share remaining. */
export const TIMER_LENGTH = 2 * Math.PI * TIMER_RADIUS;
/**
 * The arc is drawn in steps of this share of the circle (about 2 px at the usual size): a frame
 * in which an arc moved less writes nothing.
 */
export const TIMER_QUANTUM = 1 / 160;
/**
 * Timer arcs are drawn by hand, and at most this often (wall ms) are frames run for them alone:
 * they drain slowly (a turn takes seconds at the default speed), and a frame is the costly unit in
 * a browser. (A Web Animation of the dash would run one in every display refresh: in headless
 * Chromium a single such arc costs more CPU than all the page's other motion together.) Frames
 * run anyway for events and for moving nodes bring the arcs up to date too.
 */
export const ARC_FRAME_WALL_MS = 400;

/**
 * `stroke-dashoffset` of the timer circle showing `remaining` of the turn, clockwise from the top:
 * the dash is one circle long, so shifting it by the share already run leaves the rest visible.
 */
export function timerOffset(remaining: number): number {
  const r = remaining < 0 ? 0 : remaining > 1 ? 1 : remaining;
  return Math.round(TIMER_LENGTH * (1 - r) * 100) / 100;
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
  if (node.up && node.role === RoleCode.Candidate) return t('node.votes', { granted: node.votesGranted, needed: majority(clusterSize) });
  if (node.up && node.role === RoleCode.PreCandidate) return t('node.preVotes', { granted: node.votesGranted, needed: majority(clusterSize) });
  return node.votedFor >= 0 ? t('node.voted', { node: nodeName(node.votedFor) }) : t('node.noVote');
}

class NodeGlyph {
  /** Outside the configuration in force (§4.1): drawn apart and dimmed. */
  private outside = false;
  readonly g: SVGGElement;
  private readonly track: SVGCircleElement;
  private readonly arc: SVGCircleElement;
  private readonly body: SVGCircleElement;
  private readonly crown: SVGPathElement;
  private readonly role: SVGTextElement;
  private readonly term: SVGTextElement;
  private readonly votes: SVGTextElement;
  private readonly cross: SVGPathElement;
  /** Quantized remaining share of the timer as drawn; -1 before the first draw. */
  private lastTimer = -1;
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
  /** The language the labels were written in: a switch rewrites them. */
  private lastLang = '';

  constructor(parent: SVGGElement, id: number) {
    this.g = svg('g', { class: 'node', 'data-testid': `node-${id}`, 'data-node': id, tabindex: 0, role: 'button' }, parent);
    const r = NODE_RADIUS;
    this.track = svg('circle', { class: 'timer-track', r: TIMER_RADIUS }, this.g);
    // Rotated so the dash starts at the top; the circle's own path runs clockwise from 3 o'clock.
    this.arc = svg('circle', { class: 'timer', r: TIMER_RADIUS, transform: 'rotate(-90)', 'stroke-dasharray': `${TIMER_LENGTH} ${TIMER_LENGTH}`, 'stroke-dashoffset': TIMER_LENGTH }, this.g);
    this.body = svg('circle', { class: 'body', r }, this.g);
    // The term before the name in the DOM (both drawn over the body), so the texts read in the
    // order the group's aria-label says them (a label must contain the visible text, in order).
    this.term = svg('text', { class: 'term', y: 23 }, this.g);
    const name = svg('text', { class: 'name', y: -12 }, this.g);
    name.textContent = nodeName(id);
    this.cross = svg('path', { class: 'cross', d: `M${-r * 0.6},${-r * 0.6}L${r * 0.6},${r * 0.6}M${r * 0.6},${-r * 0.6}L${-r * 0.6},${r * 0.6}` }, this.g);
    // On the node's head, over the ring's top edge: inside, the name and the term need the room.
    this.crown = svg('path', { class: 'crown', d: 'M-12,-31L-12,-43L-6,-37L0,-46L6,-37L12,-43L12,-31Z' }, this.g);
    this.role = svg('text', { class: 'role' }, this.g);
    this.votes = svg('text', { class: 'votes' }, this.g);
    // A space between the texts (a bare text node in a <g> is not drawn): read as a whole, the
    // glyph says "1 S2 Follower voted S5", not "1S2Followervoted S5", which its label contains.
    for (const text of [name, this.role, this.votes]) this.g.insertBefore(document.createTextNode(' '), text);
  }

  update(node: NodeView, now: number, x: number, y: number, scale: number, clusterSize: number, dragged: boolean, outside = false): void {
    const outsideChanged = outside !== this.outside;
    this.outside = outside;
    if (x !== this.lastX || y !== this.lastY || scale !== this.lastScale || outsideChanged) {
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
      clusterSize !== this.lastSize ||
      outsideChanged ||
      language() !== this.lastLang
    ) {
      this.lastLang = language();
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
    this.drawArc(node, now);
  }

  /** The timer drains linearly from timerStart to timerDeadline, drawn in visible steps. */
  private drawArc(node: NodeView, now: number): void {
    const armed = node.up && node.timerStart >= 0 && node.timerDeadline > node.timerStart;
    const remaining = armed ? timerRemaining(now, node.timerStart, node.timerDeadline) : 0;
    const q = Math.round(remaining / TIMER_QUANTUM) * TIMER_QUANTUM;
    if (q === this.lastTimer) return;
    this.lastTimer = q;
    setClass(this.arc, 'hidden', q <= 0);
    setAttr(this.arc, 'stroke-dashoffset', String(timerOffset(q)));
  }

  /**
   * Virtual ms from `now` until this node's arc moves by a drawn step (Infinity: not before the
   * next event, when the timer fires or is reset).
   */
  nextArcStep(node: NodeView, now: number): number {
    if (!node.up) return Infinity;
    const span = node.timerDeadline - node.timerStart;
    if (node.timerStart < 0 || !(span > 0)) return Infinity;
    const remaining = timerRemaining(now, node.timerStart, node.timerDeadline);
    if (remaining <= 0) return Infinity; // it fires: an event
    // The drawn value changes when `remaining` crosses the next half step below it.
    const boundary = (Math.round(remaining / TIMER_QUANTUM) - 0.5) * TIMER_QUANTUM;
    return Math.max(0, (remaining - Math.max(0, boundary)) * span);
  }

  private place(x: number, y: number, scale: number): void {
    this.lastX = x;
    this.lastY = y;
    this.lastScale = scale;
    const k = scale === 1 ? '' : ` scale(${scale.toFixed(3)})`;
    this.g.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})${k}`);
    // The glyph's own scale shrinks its text too: the styles divide it out of the text floor.
    this.g.style.setProperty('--ns', scale.toFixed(3));
    const place = this.outside ? apartLabelLines({ x, y }) : labelLines({ x, y });
    for (const [el, dy] of [
      [this.role, place.dy1],
      [this.votes, place.dy2],
    ] as const) {
      setAttr(el, 'x', String(place.x));
      setAttr(el, 'y', String(place.y));
      // In em, so the lines keep apart at whatever size the text is drawn (see style.css).
      setAttr(el, 'dy', `${dy}em`);
      setAttr(el, 'text-anchor', place.anchor);
    }
  }

  private label(node: NodeView, clusterSize: number, dragged: boolean): void {
    const role = roleName(node.role);
    setAttr(this.g, 'data-role', role);
    setAttr(this.g, 'data-term', String(node.term));
    setAttr(this.g, 'data-up', node.up ? '1' : '0');
    setAttr(this.g, 'class', `node role-${role}${node.up ? '' : ' down'}${node.timerKind === TimerCode.Heartbeat ? ' heartbeat-timer' : ''}${dragged ? ' dragging' : ''}${this.outside ? ' outside' : ''}`);
    setAttr(this.body, 'fill', node.up ? termTint(node.term) : '#ececec');
    setAttr(this.body, 'stroke', node.up ? termColor(node.term) : '#9a9a9a');
    const roleText = t(node.up ? ROLE_LABEL[node.role as RoleCode] ?? 'role.follower' : 'role.crashed');
    const votes = voteLine(node, clusterSize);
    setText(this.role, roleText);
    setText(this.term, String(node.term));
    setText(this.votes, votes);
    // What the glyph shows, in its DOM order: "In term 3: S2, Candidate, 2/3 votes".
    const said = t('node.aria', { term: node.term, node: nodeName(node.id), role: roleText });
    setAttr(this.g, 'aria-label', votes ? t('node.ariaVotes', { said, votes }) : said);
    setClass(this.track, 'hidden', !node.up);
    setClass(this.crown, 'hidden', !(node.up && node.role === RoleCode.Leader));
    setClass(this.cross, 'hidden', node.up);
  }
}

export class NodeLayer {
  readonly group: SVGGElement;
  private readonly glyphs: NodeGlyph[] = [];
  /** Virtual time of the last draw. */
  private drawnAt = 0;

  constructor(parent: SVGElement, count: number) {
    this.group = svg('g', { class: 'nodes' }, parent);
    for (let i = 0; i < count; i++) this.glyphs.push(new NodeGlyph(this.group, i));
  }

  /** Glyphs for `count` servers (servers are added during a run, §4.2); the rest hidden. */
  resize(count: number): void {
    for (let i = this.glyphs.length; i < count; i++) this.glyphs.push(new NodeGlyph(this.group, i));
    this.glyphs.forEach((g, i) => setClass(g.g, 'hidden', i >= count));
  }

  update(nodes: readonly NodeView[], pace: Pace, layout: NodeLayout): void {
    const n = this.glyphs.length;
    this.drawnAt = pace.now;
    for (const node of nodes) {
      const glyph = this.glyphs[node.id];
      if (!glyph || node.id >= layout.count) continue;
      const p = layout.shown[node.id];
      glyph.update(node, pace.now, p.x, p.y, layout.scale, n, layout.dragged === node.id, layout.isOutside(node.id));
    }
  }

  /**
   * Wall ms from the last draw until the arcs want a frame (Infinity if none moves before the
   * next event), at `speed` virtual ms per wall ms: when an arc moves by a step, but no sooner
   * than ARC_FRAME_WALL_MS after the last frame. Call after update().
   */
  idleWallMs(nodes: readonly NodeView[], now: number, speed: number): number {
    if (!(speed > 0)) return Infinity;
    let soonest = Infinity;
    for (const node of nodes) {
      const glyph = this.glyphs[node.id];
      if (glyph) soonest = Math.min(soonest, glyph.nextArcStep(node, now));
    }
    const earliest = this.drawnAt + ARC_FRAME_WALL_MS * speed - now;
    return Math.max(soonest, earliest) / speed;
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
