// @vitest-environment jsdom
// The node layer's timer arc: drawn by hand in visible steps, a still frame writes nothing, and
// the arcs ask for frames of their own no more often than ARC_FRAME_WALL_MS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { node } from '../testing/fixtures.js';
import { RoleCode, TimerCode } from '../view.js';
import { svg } from './dom.js';
import { NodeLayout } from './layout.js';
import type { Pace } from './motion.js';
import { ARC_FRAME_WALL_MS, NodeLayer, TIMER_LENGTH, TIMER_QUANTUM, timerOffset } from './nodes.js';

const playing = (now: number, speed = 1 / 50): Pace => ({ now, speed, playing: true });

describe('timerOffset', () => {
  it('shows the whole circle when just armed, none when due, the rest in between', () => {
    expect(timerOffset(1)).toBe(0);
    expect(timerOffset(0)).toBeCloseTo(TIMER_LENGTH, 1);
    expect(timerOffset(0.25)).toBeCloseTo(TIMER_LENGTH * 0.75, 1);
    expect(timerOffset(-1)).toBe(timerOffset(0));
    expect(timerOffset(2)).toBe(0);
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

  const arc = (id: number): SVGCircleElement => layer.element(id)?.querySelector('.timer') as SVGCircleElement;
  const offset = (id: number): number => Number(arc(id).getAttribute('stroke-dashoffset'));
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
    node({ id: 2, role: RoleCode.Leader, timerStart: 0, timerDeadline: 1000, timerKind: TimerCode.Heartbeat }),
  ];

  describe('drawn in steps', () => {
    it('shows the share of the timer still to run, in visible steps', () => {
      layer.update(rows, playing(250), layout);
      expect(offset(0)).toBeCloseTo(timerOffset(0.75), 1);
      expect(arc(0).classList.contains('hidden')).toBe(false);
    });

    it('a frame in which nothing moved by a step writes nothing', () => {
      layer.update(rows, playing(100), layout);
      watch();
      layer.update(rows, playing(100 + 100 * TIMER_QUANTUM), layout); // a tenth of a step later
      expect(changes()).toEqual([]);
    });

    it('says when the next step is due, and nothing changes before then', () => {
      const speed = 1 / 200; // slow enough that the step, not the frame limit, decides
      layer.update(rows, playing(100, speed), layout);
      const before = offset(0);
      const idle = layer.idleWallMs(rows, 100, speed);
      expect(idle).toBeGreaterThan(0);
      expect(idle).toBeLessThanOrEqual((1000 * TIMER_QUANTUM) / speed);
      expect(idle).toBeGreaterThan(ARC_FRAME_WALL_MS);
      watch();
      layer.update(rows, playing(100 + idle * speed * 0.99, speed), layout);
      expect(changes()).toEqual([]);
      layer.update(rows, playing(100 + idle * speed + 1, speed), layout);
      expect(offset(0)).not.toBe(before);
    });

    it('a crash hides the arc at once', () => {
      layer.update(rows, playing(100), layout);
      layer.update(
        rows.map((r) => (r.id === 1 ? { ...r, up: false } : r)),
        playing(100),
        layout,
      );
      expect(arc(1).classList.contains('hidden')).toBe(true);
      expect(layer.element(1)?.getAttribute('data-up')).toBe('0');
    });
  });

  describe('frames for the arcs', () => {
    it('want one when an arc moves by a step, but no sooner than ARC_FRAME_WALL_MS after the last', () => {
      // At 1/200x a step of these arcs (6.25 virtual ms) is 1250 wall ms: the step decides.
      layer.update(rows, playing(100, 1 / 200), layout);
      const slow = layer.idleWallMs(rows, 100, 1 / 200);
      expect(slow).toBeGreaterThan(ARC_FRAME_WALL_MS);
      expect(slow).toBeLessThanOrEqual(1250);
      // At 1x a step is 6 wall ms: the arcs wait for the frame limit instead.
      layer.update(rows, playing(100, 1), layout);
      expect(layer.idleWallMs(rows, 100, 1)).toBeCloseTo(ARC_FRAME_WALL_MS);
    });

    it('need none when no timer runs (crashed, or none armed)', () => {
      const still = rows.map((r) => ({ ...r, up: false }));
      layer.update(still, playing(100), layout);
      expect(layer.idleWallMs(still, 100, 1 / 50)).toBe(Infinity);
    });

    it('a reset timer shows a full arc in the next frame', () => {
      layer.update(rows, playing(600), layout);
      expect(offset(0)).toBeCloseTo(timerOffset(0.4), 1);
      const reset = rows.map((r) => (r.id === 0 ? { ...r, timerStart: 600, timerDeadline: 1600 } : r));
      layer.update(reset, playing(600), layout);
      expect(offset(0)).toBe(0);
    });
  });
});
