import { describe, expect, it } from 'vitest';
import { LaneCode } from '../../pkg/raft_playground_web.js';
import {
  CRASHED,
  JOINED,
  LEFT,
  type Flight,
  LEAD,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  type Plot,
  RESTARTED,
  STARTED,
  defaultSpan,
  hitSegment,
  laneStretches,
  laneY,
  onWireAt,
  segmentOf,
  termBands,
  timeToX,
  windowAt,
  xToTime,
  zoomSpan,
} from './diagram-geometry.js';

const plot: Plot = { width: 1040, height: 330, left: 40, top: 30, nodes: 3 };

function flight(over: Partial<Flight>): Flight {
  return { id: 1, from: 0, to: 2, sentAt: 1000, arriveAt: 1020, endAt: 1020, open: false, dropped: false, ...over };
}

describe('the window follows the cursor', () => {
  it('keeps the cursor near the right edge, the lead ahead of it', () => {
    const w = windowAt(10_000, 2_000);
    expect(w.to - w.from).toBe(2_000);
    expect(w.to - 10_000).toBeCloseTo(2_000 * LEAD);
  });
  it('starts at 0 early in a run, the cursor walking across it', () => {
    expect(windowAt(100, 2_000)).toEqual({ from: 0, to: 2_000 });
  });
  it('opens at the same density on a phone as on a laptop', () => {
    expect(defaultSpan(940)).toBe(3_000);
    expect(defaultSpan(310)).toBe(1_000);
    expect(defaultSpan(0)).toBe(3_000);
  });
  it('zooms within a few heartbeats and a minute', () => {
    expect(zoomSpan(1_000, 2)).toBe(2_000);
    expect(zoomSpan(1_000, 1e6)).toBe(MAX_SPAN_MS);
    expect(zoomSpan(1_000, 1e-6)).toBe(MIN_SPAN_MS);
    expect(zoomSpan(1_000, Number.NaN)).toBe(1_000);
  });
});

describe('times and lanes on the canvas', () => {
  const w = { from: 1_000, to: 2_000 };
  it('maps the window onto the plot right of the names, and back', () => {
    expect(timeToX(1_000, w, plot)).toBe(40);
    expect(timeToX(2_000, w, plot)).toBe(1040);
    expect(xToTime(540, w, plot)).toBe(1_500);
  });
  it('spreads the lanes evenly under the term labels, S1 on top', () => {
    expect(laneY(0, plot)).toBe(80);
    expect(laneY(2, plot)).toBe(280);
  });
});

describe("a message's line", () => {
  const w = { from: 1_000, to: 1_100 };
  it('goes from the send point to the arrival point once delivered', () => {
    const s = segmentOf(flight({}), 1_050, w, plot)!;
    expect([s.x1, s.y1, s.x2, s.y2]).toEqual([40, 80, 240, 280]);
    expect(s.flying || s.lost).toBe(false);
  });
  it('is cut at the cursor while on the wire, halfway at half its flight', () => {
    const s = segmentOf(flight({}), 1_010, w, plot)!;
    expect(s.flying).toBe(true);
    expect(s.x2).toBeCloseTo(140);
    expect(s.y2).toBeCloseTo(180);
  });
  it('ends in a cross where it was lost, on the way it would have flown', () => {
    const s = segmentOf(flight({ dropped: true, endAt: 1_015 }), 1_050, w, plot)!;
    expect(s.lost).toBe(true);
    expect(s.x2).toBeCloseTo(190);
    expect(s.y2).toBeCloseTo(230);
  });
  it('is not drawn before it is sent; a lost one is still flying before its loss', () => {
    expect(segmentOf(flight({}), 999, w, plot)).toBeNull();
    const s = segmentOf(flight({ dropped: true, endAt: 1_015 }), 1_012, w, plot)!;
    expect(s.lost).toBe(false);
    expect(s.flying).toBe(true);
  });
  it('is on the wire from its send up to (not at) its end, or open at the horizon', () => {
    expect(onWireAt(flight({}), 1_000)).toBe(true);
    expect(onWireAt(flight({}), 1_020)).toBe(false);
    expect(onWireAt(flight({ open: true }), 5_000)).toBe(true);
  });
  it('is found by a click near it, the nearest winning, none when far', () => {
    const a = segmentOf(flight({ id: 1 }), 1_050, w, plot)!;
    const b = segmentOf(flight({ id: 2, from: 2, to: 0 }), 1_050, w, plot)!;
    expect(hitSegment([a, b], 100, 143, 6)?.id).toBe(1);
    expect(hitSegment([a, b], 60, 262, 6)?.id).toBe(2);
    expect(hitSegment([a, b], 600, 80, 6)).toBeNull();
  });
});

describe('lanes and terms', () => {
  const w = { from: 0, to: 1_000 };
  it("read the lane codes the binding writes (its LaneCode)", () => {
    expect([CRASHED, RESTARTED, STARTED, JOINED, LEFT]).toEqual([LaneCode.Crashed, LaneCode.Restarted, LaneCode.Started, LaneCode.Joined, LaneCode.Left]);
  });
  it('cut each lane into roles, a crash into a gap, up to the cursor', () => {
    const changes = [
      { at: 0, node: 0, code: 0, term: 0 },
      { at: 200, node: 0, code: 2, term: 1 },
      { at: 250, node: 0, code: 3, term: 1 },
      { at: 400, node: 1, code: CRASHED, term: -1 },
      { at: 600, node: 1, code: RESTARTED, term: -1 },
    ];
    const s = laneStretches(changes, 2, w, 800);
    const lane0 = s.filter((x) => x.node === 0).map((x) => [x.from, x.to, x.role]);
    expect(lane0).toEqual([
      [0, 200, 0],
      [200, 250, 2],
      [250, 800, 3],
    ]);
    const lane1 = s.filter((x) => x.node === 1).map((x) => [x.from, x.to, x.role]);
    expect(lane1).toEqual([
      [0, 400, 0],
      [400, 600, -1],
      [600, 800, 0],
    ]);
  });
  it('start from the state before the window', () => {
    const s = laneStretches([{ at: 100, node: 0, code: 3, term: 2 }], 1, { from: 500, to: 900 }, 900);
    expect(s).toEqual([{ node: 0, from: 500, to: 900, role: 3, term: 2, member: true }]);
  });
  it('begin a server added during the run where it started, outside until it joins (§4.2.1), and grey one that left (§4.2.2)', () => {
    const changes = [
      { at: 300, node: 3, code: STARTED, term: -1 },
      { at: 300, node: 3, code: 0, term: 0 },
      { at: 320, node: 3, code: JOINED, term: -1 },
      { at: 500, node: 0, code: LEFT, term: -1 },
    ];
    const s = laneStretches(changes, 4, w, 800);
    expect(s.filter((x) => x.node === 3).map((x) => [x.from, x.to, x.member])).toEqual([
      [300, 320, false],
      [320, 800, true],
    ]);
    expect(s.filter((x) => x.node === 0).map((x) => [x.from, x.to, x.member])).toEqual([
      [0, 500, true],
      [500, 800, false],
    ]);
    expect(s.filter((x) => x.node === 1).map((x) => [x.from, x.to, x.member])).toEqual([[0, 800, true]]);
  });
  it('keep a lane that started before the window, as the state it opens with', () => {
    const opening = [
      { at: 100, node: 3, code: STARTED, term: -1 },
      { at: 100, node: 3, code: JOINED, term: -1 },
    ];
    expect(laneStretches(opening, 4, { from: 500, to: 900 }, 900).filter((x) => x.node === 3)).toEqual([{ node: 3, from: 500, to: 900, role: 0, term: 0, member: true }]);
    // Started but never named by a configuration (added while there was no leader).
    expect(laneStretches([opening[0]], 4, { from: 500, to: 900 }, 900).filter((x) => x.node === 3).map((x) => x.member)).toEqual([false]);
  });
  it('band the window by the highest term, from each rise to the next', () => {
    const bands = termBands(
      [
        { at: 0, term: 1 },
        { at: 300, term: 2 },
        { at: 1_200, term: 3 },
      ],
      { from: 100, to: 1_100 },
      1_050,
    );
    expect(bands).toEqual([
      { term: 1, from: 100, to: 300 },
      { term: 2, from: 300, to: 1_050 },
    ]);
  });
});
