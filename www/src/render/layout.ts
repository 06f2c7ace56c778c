// Where each node is drawn. Home positions follow the partition (members of a group side by side
// on the ring); a server the reader dropped somewhere stays there instead (a pin, kept while the
// network is split). Drawn positions glide towards home so a node moved by a key slides into
// place, and messages, being drawn between drawn positions, follow along.

import { NODE_RADIUS, type Point, STAGE_HEIGHT, STAGE_WIDTH, distance, nodeScale, ringPoint, ringSlots } from '../geometry.js';
import { REGION_PAD } from '../partition.js';

/** Where the first server outside the configuration is drawn, across: short of the right edge,
 * so its labels (which go outwards) fit even when stage text is scaled up on a phone. */
const APART_X = STAGE_WIDTH - 110;

/** Time constant of the glide, wall ms. */
const GLIDE_MS = 140;

/**
 * Room kept between a pinned server's centre and the stage's edge, in user units at full size:
 * the timer arc, and beside or above it the role and vote labels (they go outwards).
 */
export const PIN_MARGIN_X = NODE_RADIUS + 6 + 70;
export const PIN_MARGIN_Y = NODE_RADIUS + 6 + 34;
/** Centre distance between two servers of one group (full size): arcs apart, with air. */
const SAME_GROUP_GAP = 2 * (NODE_RADIUS + 6) + 8;
/** Between servers of different groups: their region blobs must not overlap either. */
const OTHER_GROUP_GAP = 2 * REGION_PAD + 6;

/**
 * Where pinned servers go: each as near its drop point as it can be, inside the stage and clear
 * of every other server, given the ring homes of the unpinned ones (`home`, changed in place).
 * Pins are placed oldest first, each kept clear of the servers placed before it, so a later drop
 * is the one nudged; the unpinned servers never move for a pin. A pin that cannot be cleared
 * (no room) falls back to its ring home.
 */
export function placePins(home: Point[], groupOfNode: readonly number[], pins: ReadonlyMap<number, Point>, scale: number): void {
  const placed: number[] = [];
  for (let i = 0; i < home.length; i++) if (!pins.has(i)) placed.push(i);
  const minX = PIN_MARGIN_X * scale;
  const minY = PIN_MARGIN_Y * scale;
  const clamp = (p: Point): Point => ({
    x: Math.min(STAGE_WIDTH - minX, Math.max(minX, p.x)),
    y: Math.min(STAGE_HEIGHT - minY, Math.max(minY, p.y)),
  });
  for (const [node, at] of pins) {
    if (node < 0 || node >= home.length) continue;
    const gapTo = (other: number): number => (groupOfNode[other] === groupOfNode[node] ? SAME_GROUP_GAP : OTHER_GROUP_GAP) * scale;
    let p = clamp(at);
    let clear = false;
    for (let round = 0; round < 24 && !clear; round++) {
      clear = true;
      for (const other of placed) {
        const q = home[other];
        const gap = gapTo(other);
        const d = distance(p, q);
        if (d >= gap - 1e-6) continue;
        clear = false;
        // Pushed straight away from the server in the way (outwards from the ring when on it).
        let ux = p.x - q.x;
        let uy = p.y - q.y;
        if (d < 1e-6) {
          ux = q.x - STAGE_WIDTH / 2 || 1;
          uy = q.y - STAGE_HEIGHT / 2;
        }
        const len = Math.hypot(ux, uy);
        p = clamp({ x: q.x + (ux / len) * (gap + 0.5), y: q.y + (uy / len) * (gap + 0.5) });
      }
    }
    if (clear) home[node] = p;
    placed.push(node);
  }
}

export class NodeLayout {
  readonly home: Point[] = [];
  readonly shown: Point[] = [];
  private groupsKey = '';
  private groupsNow: number[] = [];
  private dragNode = -1;
  /** Servers the reader dropped somewhere, and where (user units), oldest drop first. */
  private readonly pins = new Map<number, Point>();
  /** Bumped whenever a drawn position changes, so hulls are recomputed only then. */
  version = 0;
  /** Size of node glyphs (1 = full), smaller when the ring is crowded. */
  scale = 1;

  /** Servers outside the configuration in force (§4.1), as a bit per id: off the ring. */
  private outsideBits = 0;

  constructor(public count: number) {
    const g = new Array<number>(count).fill(0);
    this.setGroups(g);
    for (let i = 0; i < count; i++) this.shown.push({ ...this.home[i] });
  }

  /** Recomputes home positions when the groups change; returns whether they did. */
  setGroups(groupOfNode: readonly number[]): boolean {
    const key = groupOfNode.join(',');
    if (key === this.groupsKey) return false;
    this.groupsKey = key;
    this.groupsNow = [...groupOfNode];
    // Healed: every server goes back to its place on the ring.
    if (groupOfNode.every((g) => g === groupOfNode[0])) this.pins.clear();
    this.placeHomes();
    return true;
  }

  /**
   * `count` servers from now on (§4.2): a new one appears at the ring's centre and glides out;
   * with fewer (a seek back before an addition) the ring re-forms without the rest.
   */
  resize(count: number): void {
    if (count === this.count) return;
    const centre = { x: STAGE_WIDTH / 2, y: STAGE_HEIGHT / 2 };
    for (let i = this.shown.length; i < count; i++) this.shown.push({ ...centre });
    this.groupsNow.length = Math.min(this.groupsNow.length, count);
    while (this.groupsNow.length < count) this.groupsNow.push(this.groupsNow[0] ?? 0);
    this.home.length = Math.min(this.home.length, count);
    this.count = count;
    this.groupsKey = this.groupsNow.join(',');
    this.placeHomes();
    this.version++;
  }

  /** The configuration in force changed: `members` (a bit per id) on the ring, the rest apart. */
  setMembers(members: number): void {
    const all = (1 << this.count) - 1;
    const outside = all & ~members;
    if (outside === this.outsideBits || members === 0) return;
    this.outsideBits = outside;
    this.placeHomes();
    this.version++;
  }

  /** Whether `node` is outside the configuration in force. */
  isOutside(node: number): boolean {
    return (this.outsideBits & (1 << node)) !== 0;
  }

  private placeHomes(): void {
    const inRing: number[] = [];
    const apart: number[] = [];
    for (let i = 0; i < this.count; i++) (this.isOutside(i) ? apart : inRing).push(i);
    const { slot, slots } = ringSlots(inRing.map((i) => this.groupsNow[i]));
    inRing.forEach((id, k) => (this.home[id] = ringPoint(slot[k], slots)));
    this.scale = nodeScale(slots);
    // Drawn apart, clear of the ring: two places in the bottom right corner, then a row along
    // the top right, with room on the right for the labels.
    apart.forEach((id, k) => {
      const gap = SAME_GROUP_GAP * this.scale;
      this.home[id] = k < 2 ? { x: APART_X - k * gap, y: STAGE_HEIGHT - PIN_MARGIN_Y * this.scale } : { x: APART_X + 30 - (k - 2) * gap, y: PIN_MARGIN_Y * this.scale };
    });
    if (this.pins.size > 0) placePins(this.home, this.groupsNow, this.pins, this.scale);
  }

  /**
   * `node` was dropped at `at`: that is its home from now on (nudged clear of the others), until
   * the network heals, it is moved another way, or the cluster changes. Takes effect with the
   * next `setGroups`, or at once when the groups stay as they are.
   */
  pin(node: number, at: Point): void {
    if (node < 0 || node >= this.count) return;
    this.pins.delete(node); // the newest drop is placed last
    this.pins.set(node, { ...at });
    this.placeHomes();
    this.version++;
  }

  /** `node` goes back to its ring place (moved by a key, not by a drop). */
  unpin(node: number): void {
    if (this.pins.delete(node)) this.placeHomes();
  }

  /** Every pinned server goes back to the ring (time travel to another partition). */
  unpinAll(): void {
    if (this.pins.size === 0) return;
    this.pins.clear();
    this.placeHomes();
  }

  /** Whether `node` sits where it was dropped (tests, and the stage's data attributes). */
  pinned(node: number): boolean {
    return this.pins.has(node);
  }

  /** True while a node is dragged or a drawn position is still gliding home. */
  get moving(): boolean {
    if (this.dragNode >= 0) return true;
    for (let i = 0; i < this.count; i++) {
      if (this.shown[i].x !== this.home[i].x || this.shown[i].y !== this.home[i].y) return true;
    }
    return false;
  }

  get dragged(): number {
    return this.dragNode;
  }

  startDrag(node: number, at: Point): void {
    this.dragNode = node;
    this.moveDrag(at);
  }

  moveDrag(at: Point): void {
    if (this.dragNode >= 0) {
      this.shown[this.dragNode] = { ...at };
      this.version++;
    }
  }

  endDrag(): void {
    this.dragNode = -1;
  }

  /**
   * Moves drawn positions towards home. `wallMs` 0 (a redraw while paused, or the first frame)
   * snaps them there, since there is no next frame to finish the glide.
   */
  animate(wallMs: number): void {
    const k = wallMs <= 0 ? 1 : 1 - Math.exp(-wallMs / GLIDE_MS);
    let moved = false;
    for (let i = 0; i < this.count; i++) {
      if (i === this.dragNode) continue;
      const s = this.shown[i];
      const h = this.home[i];
      const dx = h.x - s.x;
      const dy = h.y - s.y;
      if (dx === 0 && dy === 0) continue;
      if (k === 1 || Math.abs(dx) + Math.abs(dy) < 0.5) {
        s.x = h.x;
        s.y = h.y;
      } else {
        s.x += dx * k;
        s.y += dy * k;
      }
      moved = true;
    }
    if (moved) this.version++;
  }
}
