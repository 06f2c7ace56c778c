import { describe, expect, it } from 'vitest';
import {
  RING_CENTER,
  RING_RADIUS,
  arcPath,
  burstPoint,
  convexHull,
  flightFraction,
  labelPlacement,
  nodeScale,
  paddedHull,
  pointInPolygon,
  ringPoint,
  ringSlots,
  timerRemaining,
} from './geometry.js';

describe('ring placement', () => {
  it('puts slot 0 at the top and goes clockwise', () => {
    const top = ringPoint(0, 4);
    expect(top.x).toBeCloseTo(RING_CENTER.x);
    expect(top.y).toBeCloseTo(RING_CENTER.y - RING_RADIUS);
    const right = ringPoint(1, 4);
    expect(right.x).toBeCloseTo(RING_CENTER.x + RING_RADIUS);
    expect(right.y).toBeCloseTo(RING_CENTER.y);
    const bottom = ringPoint(2, 4);
    expect(bottom.y).toBeCloseTo(RING_CENTER.y + RING_RADIUS);
  });

  it('keeps every node on the circle, evenly spaced', () => {
    const pts = [0, 1, 2, 3, 4].map((i) => ringPoint(i, 5));
    for (const p of pts) expect(Math.hypot(p.x - RING_CENTER.x, p.y - RING_CENTER.y)).toBeCloseTo(RING_RADIUS);
    const d01 = Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y);
    const d34 = Math.hypot(pts[3].x - pts[4].x, pts[3].y - pts[4].y);
    expect(d01).toBeCloseTo(d34);
  });

  it('uses slot = index while the network is whole', () => {
    expect(ringSlots([0, 0, 0, 0, 0])).toEqual({ slot: [0, 1, 2, 3, 4], slots: 5 });
  });

  it('cutting one server off keeps every server in ring order, near where it was', () => {
    // S3 alone: the ring opens a gap on each side of it and nobody changes places.
    const { slot, slots } = ringSlots([0, 0, 1, 0, 0]);
    expect(slots).toBe(7);
    const order = [0, 1, 2, 3, 4].sort((a, b) => slot[a] - slot[b]);
    const rotation = order.indexOf(0);
    expect([...order.slice(rotation), ...order.slice(0, rotation)]).toEqual([0, 1, 2, 3, 4]);
    for (let i = 0; i < 5; i++) {
      const was = ringPoint(i, 5);
      const now = ringPoint(slot[i], slots);
      expect(Math.hypot(now.x - was.x, now.y - was.y), `S${i + 1} moved`).toBeLessThan(RING_RADIUS * 0.75); // the old seating moved S3 across the ring (1.6 R)
    }
    // Groups still sit apart: a gap between S2 and S3, and between S3 and S4.
    expect(Math.abs(slot[2] - slot[1])).toBeGreaterThan(1);
    expect(Math.abs(slot[3] - slot[2])).toBeGreaterThan(1);
  });

  it('a ring cut in two arcs keeps its order too', () => {
    const { slot, slots } = ringSlots([0, 0, 0, 1, 1]);
    expect(slots).toBe(7);
    const sorted = [0, 1, 2, 3, 4].sort((a, b) => slot[a] - slot[b]);
    expect(sorted.join('')).toMatch(/^(0123|1234|2340|3401|4012)/);
  });

  it('seats each partition group together with a gap between groups', () => {
    // groups {0,2,4} and {1,3}
    const { slot, slots } = ringSlots([0, 1, 0, 1, 0]);
    expect(slots).toBe(7);
    expect([slot[0], slot[2], slot[4]]).toEqual([0, 1, 2]);
    expect([slot[1], slot[3]]).toEqual([4, 5]);
  });
});

describe('crowding and labels', () => {
  it('keeps full-size nodes for small clusters and shrinks them when slots crowd the ring', () => {
    expect(nodeScale(5)).toBe(1);
    expect(nodeScale(9)).toBe(1);
    expect(nodeScale(12)).toBeLessThan(1);
    expect(nodeScale(18)).toBeLessThan(nodeScale(12));
  });

  it('puts labels outside the ring: above the top node, below the bottom, beside the sides', () => {
    const top = labelPlacement({ x: RING_CENTER.x, y: RING_CENTER.y - RING_RADIUS });
    expect(top.anchor).toBe('middle');
    expect(top.y2).toBeLessThan(0);
    const bottom = labelPlacement({ x: RING_CENTER.x, y: RING_CENTER.y + RING_RADIUS });
    expect(bottom.y1).toBeGreaterThan(0);
    const right = labelPlacement({ x: RING_CENTER.x + RING_RADIUS, y: RING_CENTER.y });
    expect(right.anchor).toBe('start');
    expect(right.x).toBeGreaterThan(0);
    const left = labelPlacement({ x: RING_CENTER.x - RING_RADIUS, y: RING_CENTER.y });
    expect(left.anchor).toBe('end');
    expect(left.x).toBeLessThan(0);
  });
});

describe('flight fraction', () => {
  it('is 0 at send, 1/2 half way, 1 at arrival, clamped outside', () => {
    expect(flightFraction(100, 100, 120)).toBe(0);
    expect(flightFraction(110, 100, 120)).toBeCloseTo(0.5);
    expect(flightFraction(120, 100, 120)).toBe(1);
    expect(flightFraction(90, 100, 120)).toBe(0);
    expect(flightFraction(500, 100, 120)).toBe(1);
  });

  it('survives a zero-length flight', () => {
    expect(flightFraction(100, 100, 100)).toBe(1);
    expect(flightFraction(99, 100, 100)).toBe(0);
  });
});

describe('burst position', () => {
  it('is where the message was at dropAt', () => {
    const p = burstPoint({ x: 0, y: 0 }, { x: 100, y: 40 }, 10, 30, 15);
    expect(p.x).toBeCloseTo(25);
    expect(p.y).toBeCloseTo(10);
  });

  it('is at the destination when it is lost on arrival (node down)', () => {
    const p = burstPoint({ x: 0, y: 0 }, { x: 100, y: 0 }, 10, 30, 30);
    expect(p.x).toBeCloseTo(100);
  });
});

describe('election timer arc', () => {
  it('depletes from 1 to 0 between start and deadline', () => {
    expect(timerRemaining(100, 100, 300)).toBe(1);
    expect(timerRemaining(150, 100, 300)).toBeCloseTo(0.75);
    expect(timerRemaining(300, 100, 300)).toBe(0);
    expect(timerRemaining(400, 100, 300)).toBe(0);
  });

  it('is empty when there is no timer', () => {
    expect(timerRemaining(100, -1, -1)).toBe(0);
  });

  it('draws a quarter arc ending at 3 o\'clock, a full circle as two halves', () => {
    expect(arcPath(10, 0.25)).toBe('M0,-10A10,10 0 0 1 10,0');
    expect(arcPath(10, 0.75)).toContain(' 0 1 1 ');
    expect(arcPath(10, 1).match(/A/g)).toHaveLength(2);
    expect(arcPath(10, 0)).toBe('');
  });
});

describe('hulls', () => {
  it('drops interior points', () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
      { x: 5, y: 5 },
    ]);
    expect(hull).toHaveLength(4);
    expect(hull).not.toContainEqual({ x: 5, y: 5 });
  });

  it('pads a single node into a disc that contains points near it only', () => {
    const hull = paddedHull([{ x: 50, y: 50 }], 20);
    expect(pointInPolygon({ x: 60, y: 55 }, hull)).toBe(true);
    expect(pointInPolygon({ x: 75, y: 50 }, hull)).toBe(false);
  });

  it('covers the space between two nodes of a group', () => {
    const hull = paddedHull([{ x: 0, y: 0 }, { x: 100, y: 0 }], 10);
    expect(pointInPolygon({ x: 50, y: 5 }, hull)).toBe(true);
    expect(pointInPolygon({ x: 50, y: 15 }, hull)).toBe(false);
  });
});
