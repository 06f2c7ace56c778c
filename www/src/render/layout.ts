// Where each node is drawn. Home positions follow the partition (members of a group side by side
// on the ring); drawn positions glide towards home so a node dragged into another group slides
// into place, and messages, being drawn between drawn positions, follow along.

import { type Point, nodeScale, ringPoint, ringSlots } from '../geometry.js';

/** Time constant of the glide, wall ms. */
const GLIDE_MS = 140;

export class NodeLayout {
  readonly home: Point[] = [];
  readonly shown: Point[] = [];
  private groupsKey = '';
  private dragNode = -1;
  /** Bumped whenever a drawn position changes, so hulls are recomputed only then. */
  version = 0;
  /** Size of node glyphs (1 = full), smaller when the ring is crowded. */
  scale = 1;

  constructor(readonly count: number) {
    const g = new Array<number>(count).fill(0);
    this.setGroups(g);
    for (let i = 0; i < count; i++) this.shown.push({ ...this.home[i] });
  }

  /** Recomputes home positions when the groups change; returns whether they did. */
  setGroups(groupOfNode: readonly number[]): boolean {
    const key = groupOfNode.join(',');
    if (key === this.groupsKey) return false;
    this.groupsKey = key;
    const { slot, slots } = ringSlots(groupOfNode);
    for (let i = 0; i < this.count; i++) this.home[i] = ringPoint(slot[i], slots);
    this.scale = nodeScale(slots);
    return true;
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
