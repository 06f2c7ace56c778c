import { describe, expect, it } from 'vitest';
import catalogue from './scenarios.json';
import {
  BREAK_RAFT_CHAPTERS,
  TOUR_CHAPTERS,
  buildTour,
  formatTourParam,
  nextPosition,
  parseTourParam,
  previousPosition,
  progressOf,
  stepAtCursor,
  tourChapterIds,
} from './tour-steps.js';

const entry = (id: string, times: number[]) => ({ id, title: id.toUpperCase(), captions: times.map((atMs, i) => ({ atMs, text: `${id} ${i}` })) });
const small = buildTour([entry('a', [0, 100]), entry('b', [0, 50, 50, 200]), entry('c', [10])], ['a', 'b', 'nope', 'c']);

describe('the tour built from the catalogue', () => {
  it('follows the seed notes, chapter for chapter, and skips ids the catalogue lacks', () => {
    const tour = buildTour(catalogue);
    expect(tour.map((c) => c.id)).toEqual(tourChapterIds().filter((id) => catalogue.some((e) => e.id === id)));
    expect(tour.slice(-3).map((c) => c.id)).toEqual([...BREAK_RAFT_CHAPTERS]);
    expect(tour[0].id).toBe('roles-timers');
    expect(tour.map((c) => c.id)).toContain('election-restriction');
    expect(tour.every((c) => c.steps.length >= 3)).toBe(true);
    expect(small.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('appends the break-Raft chapters after the others', () => {
    expect(tourChapterIds()).toEqual([...TOUR_CHAPTERS, ...BREAK_RAFT_CHAPTERS]);
    const withBreak = buildTour([entry('x', [0]), entry('broken', [0, 5])], ['x', 'broken']);
    expect(withBreak.map((c) => c.id)).toEqual(['x', 'broken']);
  });
});

describe('moving through the steps', () => {
  it('Next crosses into the next chapter and stops at the very end', () => {
    expect(nextPosition(small, { chapter: 0, step: 0 })).toEqual({ chapter: 0, step: 1 });
    expect(nextPosition(small, { chapter: 0, step: 1 })).toEqual({ chapter: 1, step: 0 });
    expect(nextPosition(small, { chapter: 2, step: 0 })).toBeNull();
  });

  it('Back crosses into the previous chapter’s last step and stops at the very start', () => {
    expect(previousPosition(small, { chapter: 1, step: 0 })).toEqual({ chapter: 0, step: 1 });
    expect(previousPosition(small, { chapter: 2, step: 0 })).toEqual({ chapter: 1, step: 3 });
    expect(previousPosition(small, { chapter: 0, step: 0 })).toBeNull();
  });

  it('Next then Back returns to the same step, everywhere', () => {
    let pos = { chapter: 0, step: 0 };
    const seen = [pos];
    for (let n = nextPosition(small, pos); n; n = nextPosition(small, n)) seen.push(n);
    expect(seen).toHaveLength(7);
    for (let i = seen.length - 1; i > 0; i--) {
      pos = previousPosition(small, seen[i])!;
      expect(pos).toEqual(seen[i - 1]);
    }
  });

  it('counts progress over the whole tour', () => {
    expect(progressOf(small, { chapter: 0, step: 0 })).toEqual({ index: 0, total: 7 });
    expect(progressOf(small, { chapter: 1, step: 2 })).toEqual({ index: 4, total: 7 });
    expect(progressOf(small, { chapter: 2, step: 0 })).toEqual({ index: 6, total: 7 });
  });
});

describe('the step follows the cursor', () => {
  const steps = small[1].steps; // at 0, 50, 50, 200
  it('keeps a chosen step while its moment has come and the next one’s has not', () => {
    expect(stepAtCursor(steps, 0, 10)).toBe(0);
    expect(stepAtCursor(steps, 3, 250)).toBe(3);
  });
  it('keeps either of two steps that share a moment', () => {
    expect(stepAtCursor(steps, 1, 50)).toBe(1);
    expect(stepAtCursor(steps, 2, 50)).toBe(2);
  });
  it('moves to the latest step whose moment has come when the cursor moves on or back', () => {
    expect(stepAtCursor(steps, 0, 120)).toBe(2);
    expect(stepAtCursor(steps, 3, 20)).toBe(0);
    expect(stepAtCursor(steps, 0, 1e9)).toBe(3);
  });
});

describe('the tour parameter', () => {
  it('names a chapter by scenario id and a step counted from 1', () => {
    expect(parseTourParam(small, 'b:3')).toEqual({ chapter: 1, step: 2 });
    expect(parseTourParam(small, 'b')).toEqual({ chapter: 1, step: 0 });
    expect(parseTourParam(small, '3')).toEqual({ chapter: 2, step: 0 });
    expect(parseTourParam(small, '2:4')).toEqual({ chapter: 1, step: 3 });
    expect(formatTourParam(small, { chapter: 1, step: 2 })).toBe('b:3');
  });
  it('refuses what names nothing', () => {
    for (const bad of ['', 'zz', 'b:0', 'b:5', 'b:x', '0', '4', ':2']) expect(parseTourParam(small, bad), bad).toBeNull();
  });
  it('round-trips every step', () => {
    const tour = buildTour(catalogue);
    tour.forEach((c, chapter) => c.steps.forEach((_, step) => expect(parseTourParam(tour, formatTourParam(tour, { chapter, step }))).toEqual({ chapter, step })));
  });
});
