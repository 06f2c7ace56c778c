import { describe, expect, it } from 'vitest';
import { RING_CENTER, ringPoint } from './geometry.js';
import { dropTarget, groupsOf, movedPartition, nextGroupTarget } from './partition.js';

const whole = [0, 0, 0, 0, 0];
const homes = (groups: number[]) => groups.map((_, i) => ringPoint(i, groups.length));

describe('moving a node between groups', () => {
  it('dropping node 2 on empty space makes groups [[0,1,3,4],[2]]', () => {
    expect(movedPartition(whole, 2, { kind: 'alone' })).toEqual([[0, 1, 3, 4], [2]]);
  });

  it('joins another group', () => {
    // {0,1} | {2,3,4}: move 4 to the first group
    expect(movedPartition([0, 0, 1, 1, 1], 4, { kind: 'group', group: 0 })).toEqual([
      [0, 1, 4],
      [2, 3],
    ]);
  });

  it('joining the last other group heals into one group', () => {
    expect(movedPartition([0, 0, 0, 0, 1], 4, { kind: 'group', group: 0 })).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('changes nothing when dropped back into its own group or split off while alone', () => {
    expect(movedPartition([0, 0, 1], 0, { kind: 'group', group: 0 })).toBeNull();
    expect(movedPartition([0, 0, 1], 2, { kind: 'alone' })).toBeNull();
    expect(movedPartition(whole, 1, { kind: 'none' })).toBeNull();
  });

  it('makes a third group with a fresh number', () => {
    expect(movedPartition([0, 0, 1, 1, 0], 0, { kind: 'alone' })).toEqual([[0], [1, 4], [2, 3]]);
  });

  it('lists groups by smallest member', () => {
    expect(groupsOf([3, 1, 3, 1])).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });
});

describe('where a node was dropped', () => {
  it('whole network: a real move splits the node off, a nudge does nothing', () => {
    const pos = homes(whole);
    expect(dropTarget(whole, pos, 2, RING_CENTER)).toEqual({ kind: 'alone' });
    expect(dropTarget(whole, pos, 2, { x: pos[2].x + 5, y: pos[2].y })).toEqual({ kind: 'none' });
  });

  it('split network: onto another group joins it, onto empty space goes alone', () => {
    const groups = [0, 0, 0, 1, 1];
    const pos = homes(groups);
    // onto node 3 (group 1)
    expect(dropTarget(groups, pos, 0, pos[3])).toEqual({ kind: 'group', group: 1 });
    // far outside the ring
    expect(dropTarget(groups, pos, 0, { x: -500, y: -500 })).toEqual({ kind: 'alone' });
    // onto its own group's other member
    expect(dropTarget(groups, pos, 0, pos[1])).toEqual({ kind: 'group', group: 0 });
  });
});

describe('nextGroupTarget (the G key)', () => {
  it('a whole network: the server goes alone', () => {
    expect(nextGroupTarget([0, 0, 0], 1)).toEqual({ kind: 'alone' });
  });
  it('visits the other groups in order, then alone, then back', () => {
    // {0,1} {2} {3,4}: S1 goes to {2}, then {3,4}, then alone.
    expect(nextGroupTarget([0, 0, 1, 2, 2], 0)).toEqual({ kind: 'group', group: 1 });
    expect(nextGroupTarget([1, 0, 1, 2, 2], 0)).toEqual({ kind: 'group', group: 2 });
    expect(nextGroupTarget([2, 0, 1, 2, 2], 0)).toEqual({ kind: 'alone' });
    expect(nextGroupTarget([3, 0, 1, 2, 2], 0)).toEqual({ kind: 'group', group: 0 });
  });
  it('a server already alone never "moves" to being alone', () => {
    expect(nextGroupTarget([0, 0, 1], 2)).toEqual({ kind: 'group', group: 0 });
  });
});
