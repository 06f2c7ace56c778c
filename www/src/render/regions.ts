// Partition groups as blobs around their nodes, drawn only while the network is split. The
// paths are recomputed only when the groups or the drawn node positions change.

import { type Point, groupOrder, paddedHull, polygonPath } from '../geometry.js';
import { REGION_PAD } from '../partition.js';
import { svg } from './dom.js';
import type { NodeLayout } from './layout.js';

export class RegionLayer {
  readonly group: SVGGElement;
  private paths: SVGPathElement[] = [];
  /** What the paths were drawn from; compared as numbers, so a still frame builds no string. */
  private drawnGroups: number[] = [];
  private drawnVersion = NaN;
  private drawnDragged = NaN;
  private drawnScale = NaN;

  constructor(parent: SVGElement) {
    this.group = svg('g', { class: 'regions' }, parent);
  }

  /** Number of regions drawn (0 while the network is whole). */
  get count(): number {
    return this.paths.length;
  }

  update(groupOfNode: readonly number[], layout: NodeLayout): void {
    // The dragged node is left out so the regions it can be dropped on stay still under it.
    if (
      layout.version === this.drawnVersion &&
      layout.dragged === this.drawnDragged &&
      layout.scale === this.drawnScale &&
      groupOfNode.length === this.drawnGroups.length &&
      groupOfNode.every((g, i) => g === this.drawnGroups[i])
    ) {
      return;
    }
    this.drawnVersion = layout.version;
    this.drawnDragged = layout.dragged;
    this.drawnScale = layout.scale;
    this.drawnGroups = [...groupOfNode];
    const order = groupOrder(groupOfNode);
    const wanted = order.length > 1 ? order.length : 0;
    while (this.paths.length > wanted) this.paths.pop()?.remove();
    while (this.paths.length < wanted) {
      this.paths.push(svg('path', { class: 'region', 'data-testid': `region-${this.paths.length}` }, this.group));
    }
    order.forEach((g, k) => {
      if (k >= wanted) return;
      const pts: Point[] = [];
      groupOfNode.forEach((h, i) => {
        if (h === g && i !== layout.dragged) pts.push(layout.shown[i]);
      });
      const path = this.paths[k];
      path.setAttribute('d', pts.length ? polygonPath(paddedHull(pts, REGION_PAD * layout.scale)) : '');
      path.setAttribute('data-group', String(g));
      path.setAttribute('data-members', groupOfNode.map((h, i) => (h === g ? i : -1)).filter((i) => i >= 0).join(','));
    });
  }
}
