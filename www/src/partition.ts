// What a drag-and-drop does to the network: pure functions from the current groups and a drop
// to the groups handed to `setPartition`.

import { type Point, NODE_RADIUS, distance, groupOrder, paddedHull, pointInPolygon } from './geometry.js';

/** Where a dragged node was dropped. */
export type DropTarget = { kind: 'group'; group: number } | { kind: 'alone' } | { kind: 'none' };

/** Padding of a group's region around its nodes; the renderer draws the same blob. */
export const REGION_PAD = NODE_RADIUS + 18;

/** Groups as lists of node ids, each sorted, ordered by smallest member. */
export function groupsOf(groupOfNode: readonly number[]): number[][] {
  return groupOrder(groupOfNode).map((g) => {
    const members: number[] = [];
    groupOfNode.forEach((h, i) => {
      if (h === g) members.push(i);
    });
    return members;
  });
}

/**
 * The partition after moving `node` to the target. Returns null when nothing changes (dropped
 * back into its own group, or split off while already alone).
 */
export function movedPartition(groupOfNode: readonly number[], node: number, target: DropTarget): number[][] | null {
  if (target.kind === 'none') return null;
  const own = groupOfNode[node];
  if (target.kind === 'group' && target.group === own) return null;
  if (target.kind === 'alone' && groupOfNode.filter((g) => g === own).length === 1) return null;
  const next = [...groupOfNode];
  // A fresh group number that no node uses.
  next[node] = target.kind === 'group' ? target.group : Math.max(...groupOfNode) + 1;
  return groupsOf(next);
}

/** Positions of the nodes of each group, keyed by group number. */
function membersByGroup(groupOfNode: readonly number[], positions: readonly Point[], exclude: number): Map<number, Point[]> {
  const map = new Map<number, Point[]>();
  groupOfNode.forEach((g, i) => {
    if (i === exclude) return;
    const list = map.get(g);
    if (list) list.push(positions[i]);
    else map.set(g, [positions[i]]);
  });
  return map;
}

/**
 * Which region a node was dropped on. `positions` are the nodes' home positions. While the
 * network is whole no region is drawn, so any real move away from home splits the node off;
 * once it is split, landing inside another group's blob joins that group, landing outside every
 * blob makes the node a group of its own.
 */
export function dropTarget(
  groupOfNode: readonly number[],
  positions: readonly Point[],
  node: number,
  at: Point,
  pad = REGION_PAD,
): DropTarget {
  const whole = groupOrder(groupOfNode).length <= 1;
  if (whole) {
    return distance(at, positions[node]) > NODE_RADIUS * 1.5 ? { kind: 'alone' } : { kind: 'none' };
  }
  const own = groupOfNode[node];
  for (const [g, pts] of membersByGroup(groupOfNode, positions, node)) {
    if (pointInPolygon(at, paddedHull(pts, pad))) return { kind: 'group', group: g };
  }
  if (distance(at, positions[node]) <= NODE_RADIUS * 1.5) return { kind: 'group', group: own };
  return { kind: 'alone' };
}

/**
 * Where the keyboard's "next group" sends `node`: the next of the other servers' groups (ordered
 * by their smallest member other than `node`, so the order does not shift as it moves), and
 * after the last one a group of its own, so pressing the key repeatedly visits every place a
 * drop could put it, and comes back round.
 */
export function nextGroupTarget(groupOfNode: readonly number[], node: number): DropTarget {
  const others = groupOrder(groupOfNode.map((g, i) => (i === node ? Number.NaN : g))).filter((g) => !Number.isNaN(g));
  const stops: DropTarget[] = [...others.map((group): DropTarget => ({ kind: 'group', group })), { kind: 'alone' }];
  const own = groupOfNode[node];
  const at = others.indexOf(own); // -1: alone
  return stops[at < 0 ? 0 : at + 1];
}
