// The servers on the ring. Role is told by shape and words (thick ring and crown for the leader,
// dashed ring for a candidate, dotted for a pre-candidate), not by colour; the body's tint is the
// term's colour so nodes that agree on the term look alike.

import { NODE_RADIUS, arcPath, labelPlacement, timerRemaining } from '../geometry.js';
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
/** Arc updates are skipped below this change of the remaining fraction. */
const TIMER_QUANTUM = 1 / 400;

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
  private readonly timer: SVGPathElement;
  private readonly body: SVGCircleElement;
  private readonly crown: SVGPathElement;
  private readonly role: SVGTextElement;
  private readonly term: SVGTextElement;
  private readonly votes: SVGTextElement;
  private readonly cross: SVGPathElement;
  private lastTimer = -1;
  private lastX = NaN;
  private lastY = NaN;
  private lastScale = NaN;

  constructor(parent: SVGGElement, id: number) {
    this.g = svg('g', { class: 'node', 'data-testid': `node-${id}`, 'data-node': id, tabindex: 0, role: 'button' }, parent);
    const r = NODE_RADIUS;
    this.track = svg('circle', { class: 'timer-track', r: TIMER_RADIUS }, this.g);
    this.timer = svg('path', { class: 'timer', d: '' }, this.g);
    this.body = svg('circle', { class: 'body', r }, this.g);
    this.crown = svg('path', { class: 'crown', d: 'M-10,-15L-10,-24L-5,-19L0,-26L5,-19L10,-24L10,-15Z' }, this.g);
    const name = svg('text', { class: 'name', y: 3 }, this.g);
    name.textContent = nodeName(id);
    this.role = svg('text', { class: 'role', y: 17 }, this.g);
    this.cross = svg('path', { class: 'cross', d: `M${-r * 0.6},${-r * 0.6}L${r * 0.6},${r * 0.6}M${r * 0.6},${-r * 0.6}L${-r * 0.6},${r * 0.6}` }, this.g);
    this.term = svg('text', { class: 'term' }, this.g);
    this.votes = svg('text', { class: 'votes' }, this.g);
  }

  update(node: NodeView, now: number, x: number, y: number, scale: number, clusterSize: number, dragged: boolean): void {
    if (x !== this.lastX || y !== this.lastY || scale !== this.lastScale) {
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

    const remaining = node.up ? timerRemaining(now, node.timerStart, node.timerDeadline) : 0;
    const q = Math.round(remaining / TIMER_QUANTUM) * TIMER_QUANTUM;
    if (q !== this.lastTimer) {
      this.lastTimer = q;
      this.timer.setAttribute('d', arcPath(TIMER_RADIUS, q));
    }
    setClass(this.track, 'hidden', !node.up);
    setClass(this.crown, 'hidden', !(node.up && node.role === Role.Leader));
    setClass(this.cross, 'hidden', node.up);
  }
}

export class NodeLayer {
  readonly group: SVGGElement;
  private readonly glyphs: NodeGlyph[] = [];

  constructor(parent: SVGElement, count: number) {
    this.group = svg('g', { class: 'nodes' }, parent);
    for (let i = 0; i < count; i++) this.glyphs.push(new NodeGlyph(this.group, i));
  }

  update(nodes: readonly NodeView[], now: number, layout: NodeLayout): void {
    const n = this.glyphs.length;
    for (const node of nodes) {
      const glyph = this.glyphs[node.id];
      if (!glyph) continue;
      const p = layout.shown[node.id];
      glyph.update(node, now, p.x, p.y, layout.scale, n, layout.dragged === node.id);
    }
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
