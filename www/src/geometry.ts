// Pure geometry for the ring picture: where nodes sit, where a message is along its flight, and
// the padded hulls that draw partition groups. Kept free of the DOM so it is unit-tested alone.

export interface Point {
  x: number;
  y: number;
}

/** The ring's size in SVG user units; the SVG scales to its box through viewBox. */
export const STAGE_WIDTH = 640;
export const STAGE_HEIGHT = 500;
/** A little below the middle: the top node's labels and the leader's crown go above it. */
export const RING_CENTER: Point = { x: STAGE_WIDTH / 2, y: STAGE_HEIGHT / 2 + 8 };
export const RING_RADIUS = 150;
export const NODE_RADIUS = 36;
/** Room one node needs along the ring at full size: body, timer arc and a little air. */
const NODE_SPAN = 2 * (NODE_RADIUS + 6) + 14;

/**
 * Position of slot `slot` out of `slots` on the ring, slot 0 at the top, going clockwise, so
 * S1 is always where the eye starts.
 */
export function ringPoint(slot: number, slots: number, center = RING_CENTER, radius = RING_RADIUS): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * slot) / Math.max(1, slots);
  return { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
}

/**
 * Ring slots for each node given its partition group. When the network is whole, node i sits in
 * slot i. When it is split, members of a group sit next to each other with an empty slot between
 * groups, so each group's hull is a disjoint piece of the ring and regions never overlap.
 *
 * A split moves as few servers as it can: when every group is one unbroken arc of the ring (one
 * server cut off, or the ring cut in two), the ring keeps its order and only opens gaps, turned
 * so the servers stay closest to where they were; otherwise groups are seated one after another.
 * Returns, per node, [slot, slotCount].
 */
export function ringSlots(groupOfNode: readonly number[]): { slot: number[]; slots: number } {
  const n = groupOfNode.length;
  const order = groupOrder(groupOfNode);
  if (order.length <= 1) {
    return { slot: groupOfNode.map((_, i) => i), slots: n };
  }
  const arcs = arcSeating(groupOfNode);
  if (arcs) return arcs;
  const slot = new Array<number>(n).fill(0);
  let next = 0;
  for (const g of order) {
    for (let i = 0; i < n; i++) {
      if (groupOfNode[i] === g) slot[i] = next++;
    }
    next++; // the gap that separates this group from the next
  }
  return { slot, slots: next };
}

/** Angular distance between two fractions of a turn, in turns (0..0.5). */
function turnDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 1;
  return Math.min(d, 1 - d);
}

/**
 * The seating that keeps the ring's order when each group is one arc of it (null otherwise):
 * nodes in ring order from a group boundary, a gap after each group, then turned by the whole
 * number of slots that moves the servers least from their whole-ring places.
 */
function arcSeating(groupOfNode: readonly number[]): { slot: number[]; slots: number } | null {
  const n = groupOfNode.length;
  // A boundary: a node whose group differs from the previous node's (around the ring).
  const start = groupOfNode.findIndex((g, i) => g !== groupOfNode[(i + n - 1) % n]);
  if (start < 0) return null;
  const pos = new Array<number>(n).fill(0);
  const seen = new Set<number>();
  let next = 0;
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    const g = groupOfNode[i];
    if (k > 0 && g !== groupOfNode[(i + n - 1) % n]) {
      if (seen.has(g)) return null; // the group comes back: not one arc
      next++; // the gap between two groups
    }
    seen.add(g);
    pos[i] = next++;
  }
  const slots = next + 1; // and the gap that closes the ring
  let best = 0;
  let bestCost = Infinity;
  for (let r = 0; r < slots; r++) {
    let cost = 0;
    for (let i = 0; i < n; i++) cost += turnDistance((pos[i] + r) / slots, i / n);
    if (cost < bestCost - 1e-9) {
      bestCost = cost;
      best = r;
    }
  }
  return { slot: pos.map((p) => (p + best) % slots), slots };
}

/**
 * Scale of the node glyphs for `slots` ring slots: 1 while neighbours have room, smaller when
 * many nodes and partition gaps crowd the ring, so circles never overlap.
 */
export function nodeScale(slots: number): number {
  if (slots <= 1) return 1;
  const chord = 2 * RING_RADIUS * Math.sin(Math.PI / slots);
  return Math.min(1, chord / NODE_SPAN);
}

export interface LabelPlacement {
  anchor: 'start' | 'middle' | 'end';
  x: number;
  /** Baselines of the two label lines, node-local units. */
  y1: number;
  y2: number;
}

/**
 * Where a node's labels go: outside the ring, away from the centre, so they never sit between
 * two neighbours (where the next node and the messages are). Node-local coordinates.
 */
export function labelPlacement(p: Point, center = RING_CENTER): LabelPlacement {
  let dx = p.x - center.x;
  let dy = p.y - center.y;
  const len = Math.hypot(dx, dy);
  if (len < 1e-6) {
    dx = 0;
    dy = 1;
  } else {
    dx /= len;
    dy /= len;
  }
  const reach = NODE_RADIUS + 11;
  const ax = Math.round(dx * reach);
  const ay = Math.round(dy * reach);
  const anchor = dx > 0.4 ? 'start' : dx < -0.4 ? 'end' : 'middle';
  if (dy < -0.4) return { anchor, x: ax, y1: ay - 14, y2: ay - 1 };
  if (dy > 0.4) return { anchor, x: ax, y1: ay + 9, y2: ay + 22 };
  return { anchor, x: ax, y1: ay - 2, y2: ay + 11 };
}

export interface LabelLines {
  anchor: 'start' | 'middle' | 'end';
  x: number;
  y: number;
  /** Baseline offsets of the two lines from `y`, in em of the labels' font. */
  dy1: number;
  dy2: number;
}

/**
 * Where a node's two outer label lines go (node-local coordinates): outside the ring, away from
 * the centre, clear of the timer arc and of the leader's crown. Offsets are in em, so the lines
 * keep apart when the text is drawn larger on a small stage.
 */
export function labelLines(p: Point, center = RING_CENTER): LabelLines {
  const base = labelPlacement(p, center);
  const len = Math.hypot(p.x - center.x, p.y - center.y);
  const dy = len < 1e-6 ? 1 : (p.y - center.y) / len;
  // Above the centre the crown sits on the node's head: go a little further out.
  const y = dy < -0.4 ? base.y2 - 4 : dy > 0.4 ? base.y1 - 9 : base.y1 + 2;
  if (dy < -0.4) return { anchor: base.anchor, x: base.x, y, dy1: -1.2, dy2: -0.05 };
  if (dy > 0.4) return { anchor: base.anchor, x: base.x, y, dy1: 0.9, dy2: 2.05 };
  return { anchor: base.anchor, x: base.x, y, dy1: -0.2, dy2: 0.95 };
}

/**
 * Where the label lines of a server drawn apart (outside the configuration, §4.1) go: centred
 * above it in the stage's lower half, below it in the upper half. Apart servers sit in the
 * stage's right corners, where lines going outwards (to the right) would leave the stage once a
 * phone draws the text large.
 */
export function apartLabelLines(p: Point): LabelLines {
  const reach = NODE_RADIUS + 11;
  if (p.y > STAGE_HEIGHT / 2) return { anchor: 'middle', x: 0, y: -reach - 5, dy1: -1.2, dy2: -0.05 };
  return { anchor: 'middle', x: 0, y: reach, dy1: 0.9, dy2: 2.05 };
}

/** Distinct group numbers, ordered by their smallest member so the order is stable. */
export function groupOrder(groupOfNode: readonly number[]): number[] {
  const seen: number[] = [];
  for (const g of groupOfNode) if (!seen.includes(g)) seen.push(g);
  return seen;
}

/**
 * How far along its flight a message is, 0 at sentAt, 1 at arriveAt, clamped. Computed from
 * virtual time each frame, so pausing and speed changes move messages smoothly.
 */
export function flightFraction(now: number, sentAt: number, arriveAt: number): number {
  const span = arriveAt - sentAt;
  if (!(span > 0)) return now >= arriveAt ? 1 : 0;
  const f = (now - sentAt) / span;
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

export function lerpPoint(a: Point, b: Point, f: number): Point {
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/**
 * Where a lost message disappears: the point of its flight line at dropAt (the binding puts
 * dropAt at the partition line for partition drops, mid-flight for random loss).
 */
export function burstPoint(from: Point, to: Point, sentAt: number, arriveAt: number, dropAt: number): Point {
  return lerpPoint(from, to, flightFraction(dropAt, sentAt, arriveAt));
}

/**
 * Fraction of the timer still to run, 1 when just armed, 0 when it fires. This is what the
 * depleting arc shows, so a student sees which follower will time out first.
 */
export function timerRemaining(now: number, start: number, deadline: number): number {
  if (start < 0 || deadline < 0 || !(deadline > start)) return 0;
  const f = 1 - (now - start) / (deadline - start);
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

/** SVG path of an arc around (0,0), starting at the top and running clockwise for `fraction`. */
export function arcPath(radius: number, fraction: number): string {
  if (fraction <= 0) return '';
  const r = radius;
  if (fraction >= 0.9995) {
    // A single arc command cannot draw a full circle: two halves.
    return `M0,${-r}A${r},${r} 0 1 1 0,${r}A${r},${r} 0 1 1 0,${-r}`;
  }
  const angle = -Math.PI / 2 + 2 * Math.PI * fraction;
  const x = r * Math.cos(angle);
  const y = r * Math.sin(angle);
  const large = fraction > 0.5 ? 1 : 0;
  return `M0,${-r}A${r},${r} 0 ${large} 1 ${round2(x)},${round2(y)}`;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in SVG's y-down frame. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts.length <= 2) return pts;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

/**
 * Hull of discs of radius `pad` around the centres: sampled circles, then the convex hull. With
 * rounded line joins this reads as a blob around the group, and it works for one or two nodes.
 */
export function paddedHull(centres: readonly Point[], pad: number, samples = 16): Point[] {
  const pts: Point[] = [];
  for (const c of centres) {
    for (let k = 0; k < samples; k++) {
      const a = (2 * Math.PI * k) / samples;
      pts.push({ x: c.x + pad * Math.cos(a), y: c.y + pad * Math.sin(a) });
    }
  }
  return convexHull(pts);
}

export function polygonPath(poly: readonly Point[]): string {
  if (poly.length === 0) return '';
  let d = `M${round2(poly[0].x)},${round2(poly[0].y)}`;
  for (let i = 1; i < poly.length; i++) d += `L${round2(poly[i].x)},${round2(poly[i].y)}`;
  return d + 'Z';
}

/** Even-odd ray casting; the hulls are convex but this does not rely on it. */
export function pointInPolygon(p: Point, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
