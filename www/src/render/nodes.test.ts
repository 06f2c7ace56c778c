// @vitest-environment jsdom
// The node layer's redraw economy: the timer arc in quarters, drawn only when it moved by a
// visible step, slow arcs brought up to date together, and still frames that write nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_RADIUS, arcPath } from '../geometry.js';
import { node } from '../testing/fixtures.js';
import { Role } from '../view.js';
import { svg } from './dom.js';
import { NodeLayout } from './layout.js';
import { NodeLayer, SLOW_ARC_WALL_MS, TIMER_QUANTUM, timerSegments } from './nodes.js';

const R = NODE_RADIUS + 6;

describe('timerSegments', () => {
  it('draws the arc in quarters that together make the one-piece arc', () => {
    expect(timerSegments(10, 0.25)).toEqual([arcPath(10, 0.25), '', '', '']);
    const [q1, q2, q3, q4] = timerSegments(10, 0.8);
    expect([q1, q2, q3]).toEqual(['M0,-10A10,10 0 0 1 10,0', 'M10,0A10,10 0 0 1 0,10', 'M0,10A10,10 0 0 1 -10,0']);
    // The last quarter starts where the third ends and ends where the one-piece arc ends.
    expect(q4.startsWith('M-10,0A')).toBe(true);
    expect(q4.split(' ').pop()).toBe(arcPath(10, 0.8).split(' ').pop());
  });

  it('is empty at zero and a whole circle at one', () => {
    expect(timerSegments(10, 0)).toEqual(['', '', '', '']);
    expect(timerSegments(10, -1)).toEqual(['', '', '', '']);
    expect(timerSegments(10, 1).every((d) => d !== '')).toBe(true);
    expect(timerSegments(10, 0.9999)).toEqual(timerSegments(10, 1));
  });
});

describe('NodeLayer', () => {
  let root: SVGSVGElement;
  let layer: NodeLayer;
  let layout: NodeLayout;
  let records: MutationRecord[];
  let observer: MutationObserver;

  beforeEach(() => {
    root = svg('svg', {}, document.body);
    layer = new NodeLayer(root, 3);
    layout = new NodeLayout(3);
    records = [];
    observer = new MutationObserver((r) => records.push(...r));
  });

  afterEach(() => {
    observer.disconnect();
    document.body.innerHTML = '';
  });

  const arcs = (id: number): string[] => Array.from(layer.element(id)?.querySelectorAll('.timer path') ?? [], (p) => p.getAttribute('d') ?? '');
  const watch = (): void => {
    records.length = 0;
    observer.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
  };
  const changes = (): MutationRecord[] => {
    records.push(...observer.takeRecords());
    observer.disconnect();
    return records;
  };
  // Election timers armed at 0, firing at 1000 (virtual ms); S3 is the leader's heartbeat timer.
  const rows = [
    node({ id: 0, timerStart: 0, timerDeadline: 1000 }),
    node({ id: 1, timerStart: 0, timerDeadline: 1000 }),
    node({ id: 2, role: Role.Leader, timerStart: 0, timerDeadline: 1000, timerKind: 1 }),
  ];

  it('a frame in which nothing moved by a step writes nothing', () => {
    layer.update(rows, 100, layout, 0);
    watch();
    // A tenth of a step later, a frame later.
    layer.update(rows, 100 + 100 * TIMER_QUANTUM, layout, 16, 1 / 50);
    expect(changes()).toEqual([]);
  });

  it('a one-step move of an election arc waits for the shared beat; a heartbeat arc does not', () => {
    // At 1x a beat is SLOW_ARC_WALL_MS virtual ms: 100 is the start of one.
    const beat = SLOW_ARC_WALL_MS;
    layer.update(rows, 2 * beat, layout, 16, 1);
    const before = arcs(0);
    const step = 1000 * TIMER_QUANTUM; // virtual ms per step of these arcs
    const t = 2 * beat + step;
    layer.update(rows, t, layout, 16, 1);
    expect(arcs(0)).toEqual(before);
    expect(arcs(2)).toEqual(timerSegments(R, Math.round((1 - t / 1000) / TIMER_QUANTUM) * TIMER_QUANTUM));
    // The next beat brings the election arcs up to date, together.
    layer.update(rows, 3 * beat, layout, 16, 1);
    const q = Math.round((1 - (3 * beat) / 1000) / TIMER_QUANTUM) * TIMER_QUANTUM;
    expect(arcs(0)).toEqual(timerSegments(R, q));
    expect(arcs(1)).toEqual(timerSegments(R, q));
  });

  it('says when the next arc change is due, and nothing changes before then', () => {
    const speed = 1 / 50;
    layer.update(rows.slice(0, 2), 100, layout, 16, speed);
    const before = arcs(0);
    const idle = layer.idleWallMs(rows.slice(0, 2), 100, speed);
    // A step of these arcs takes 6.25 virtual ms (312 wall ms); a beat is 1 virtual ms.
    expect(idle).toBeGreaterThan(0);
    expect(idle).toBeLessThanOrEqual((1000 * TIMER_QUANTUM) / speed);
    watch();
    layer.update(rows.slice(0, 2), 100 + idle * speed * 0.99, layout, 16, speed);
    expect(changes()).toEqual([]);
    layer.update(rows.slice(0, 2), 100 + idle * speed + 1, layout, 16, speed);
    expect(arcs(0)).not.toEqual(before);
    // The leader's heartbeat arc moves in every step: it is due sooner.
    layer.update(rows, 200, layout, 16, speed);
    expect(layer.idleWallMs(rows, 200, speed)).toBeLessThanOrEqual(layer.idleWallMs(rows.slice(0, 2), 200, speed));
  });

  it('draws at once an arc that was reset, fell two steps behind, or is redrawn while paused', () => {
    layer.update(rows, 500, layout, 0, 1);
    const reset = rows.map((r) => (r.id === 0 ? { ...r, timerStart: 505, timerDeadline: 1505 } : r));
    layer.update(reset, 505, layout, 16, 1);
    expect(arcs(0)).toEqual(timerSegments(R, 1));
    const t = 505 + 2 * 1000 * TIMER_QUANTUM;
    layer.update(reset, t, layout, 16, 1);
    expect(arcs(1)).toEqual(timerSegments(R, Math.round((1 - t / 1000) / TIMER_QUANTUM) * TIMER_QUANTUM));
    layer.update(reset, 900, layout, 0, 1);
    expect(arcs(1)).toEqual(timerSegments(R, 0.1));
  });

  it('a crash hides the arc at once', () => {
    layer.update(rows, 100, layout, 0);
    layer.update(rows.map((r) => (r.id === 1 ? { ...r, up: false } : r)), 100, layout, 16, 1 / 50);
    expect(arcs(1)).toEqual(['', '', '', '']);
    expect(layer.element(1)?.getAttribute('data-up')).toBe('0');
  });
});
