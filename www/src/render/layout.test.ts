// Where servers sit: a server dropped somewhere while the network is split stays there (nudged
// clear of the others and kept on the stage); the others keep their ring places; Heal, a move by
// key or time travel to another partition sends it back to the ring.
import { describe, expect, it } from 'vitest';
import { type Point, NODE_RADIUS, STAGE_HEIGHT, STAGE_WIDTH, distance, ringPoint, ringSlots } from '../geometry.js';
import { NodeLayout, PIN_MARGIN_X, PIN_MARGIN_Y, placePins } from './layout.js';

/** The ring homes for these groups, as the layout computes them without pins. */
function ringHomes(groups: number[]): Point[] {
  const { slot, slots } = ringSlots(groups);
  return groups.map((_, i) => ringPoint(slot[i], slots));
}

function settle(l: NodeLayout): void {
  l.animate(0);
}

describe('NodeLayout pins', () => {
  const split = [0, 0, 1, 0, 0];
  const drop = { x: 520, y: 300 }; // right of the ring, clear of every server

  it('keeps a dropped server where it was dropped once the split is applied', () => {
    const l = new NodeLayout(5);
    l.startDrag(2, drop);
    l.pin(2, drop);
    l.endDrag();
    l.setGroups(split);
    settle(l);
    expect(l.pinned(2)).toBe(true);
    expect(l.home[2]).toEqual(drop);
    expect(l.shown[2]).toEqual(drop);
  });

  it('leaves every other server at its ring place: the ring only opens gaps', () => {
    const l = new NodeLayout(5);
    l.pin(2, drop);
    l.setGroups(split);
    const ring = ringHomes(split);
    for (const i of [0, 1, 3, 4]) expect(l.home[i]).toEqual(ring[i]);
  });

  it('nudges a drop onto another server until they no longer overlap', () => {
    const l = new NodeLayout(5);
    l.setGroups(split);
    const onto = { ...l.home[0] };
    l.pin(3, onto); // S4 dropped right on S1 (its own group)
    for (let i = 0; i < 5; i++) {
      if (i !== 3) expect(distance(l.home[3], l.home[i])).toBeGreaterThanOrEqual(2 * NODE_RADIUS * l.scale);
    }
    expect(distance(l.home[3], onto)).toBeLessThan(4 * NODE_RADIUS);
    // S1 itself did not move.
    expect(l.home[0]).toEqual(onto);
  });

  it('keeps a server dropped at the stage edge inside the stage', () => {
    const l = new NodeLayout(5);
    l.pin(2, { x: -40, y: STAGE_HEIGHT + 30 });
    l.setGroups(split);
    const p = l.home[2];
    expect(p.x).toBeGreaterThanOrEqual(PIN_MARGIN_X * l.scale);
    expect(p.x).toBeLessThanOrEqual(STAGE_WIDTH - PIN_MARGIN_X * l.scale);
    expect(p.y).toBeGreaterThanOrEqual(PIN_MARGIN_Y * l.scale);
    expect(p.y).toBeLessThanOrEqual(STAGE_HEIGHT - PIN_MARGIN_Y * l.scale);
  });

  it('the later drop is the one nudged when two pinned servers would overlap', () => {
    const l = new NodeLayout(5);
    l.pin(2, drop);
    l.setGroups(split);
    l.pin(3, { x: drop.x + 5, y: drop.y + 5 }); // S4 joins S3's side, dropped on top of it
    l.setGroups([0, 0, 1, 1, 0]);
    expect(l.home[2]).toEqual(drop);
    expect(distance(l.home[3], drop)).toBeGreaterThanOrEqual(2 * NODE_RADIUS * l.scale);
  });

  it('sends pinned servers back to the ring on Heal, and a new split does not bring them back', () => {
    const l = new NodeLayout(5);
    l.pin(2, drop);
    l.setGroups(split);
    l.setGroups([0, 0, 0, 0, 0]);
    expect(l.pinned(2)).toBe(false);
    expect(l.home[2]).toEqual(ringPoint(2, 5));
    l.setGroups(split);
    expect(l.home[2]).toEqual(ringHomes(split)[2]);
  });

  it('unpin (a move by key) returns the server to its ring place in its group', () => {
    const l = new NodeLayout(5);
    l.pin(2, drop);
    l.setGroups(split);
    l.unpin(2);
    expect(l.home[2]).toEqual(ringHomes(split)[2]);
  });

  it('placePins keeps a pin that is already clear exactly where it is', () => {
    const home = ringHomes(split);
    const pins = new Map([[2, { x: 120, y: 420 }]]);
    placePins(home, split, pins, 1);
    expect(home[2]).toEqual({ x: 120, y: 420 });
  });
});
