import { afterEach, describe, expect, it } from 'vitest';
import { encodeMarks } from './testing/fixtures.js';
import {
  type Mark,
  type TimeScale,
  aggregateTicks,
  bandTitle,
  decodeMarks,
  formatAxisTime,
  layoutBands,
  niceAxisEnd,
  termBands,
  tickTitle,
  timeToX,
  xToTime,
} from './axis.js';
import { MarkCode as K } from './view.js';
import { en } from './i18n/en.js';
import { setLanguage } from './i18n/index.js';

const mark = (at: number, kind: number, a = 0, b = 0): Mark => ({ at, kind, a, b });

describe('marks', () => {
  it('decodes [at, kind, a, b] rows in order', () => {
    const m = decodeMarks(encodeMarks([[10, K.Term, 1, 0], [12, K.Leader, 2, 1], [400, K.Commit, 1, 0]]));
    expect(m).toEqual([mark(10, K.Term, 1), mark(12, K.Leader, 2, 1), mark(400, K.Commit, 1)]);
  });

  it('ignores a trailing partial row and rows with no time', () => {
    const a = new Float64Array([10, K.Crash, 3, 0, NaN, K.Crash, 1, 0, 20, K.Commit]);
    expect(decodeMarks(a)).toEqual([mark(10, K.Crash, 3)]);
    expect(decodeMarks(new Float64Array(0))).toEqual([]);
  });
});

describe('pixels <-> time', () => {
  const s: TimeScale = { endMs: 10_000, width: 520, pad: 10 };

  it('maps 0 and the end to the padded edges, linearly between', () => {
    expect(timeToX(s, 0)).toBe(10);
    expect(timeToX(s, 10_000)).toBe(510);
    expect(timeToX(s, 5_000)).toBe(260);
  });

  it('round-trips and clamps', () => {
    for (const t of [0, 1, 1234.5, 9_999, 10_000]) expect(xToTime(s, timeToX(s, t))).toBeCloseTo(t, 6);
    expect(xToTime(s, -50)).toBe(0);
    expect(xToTime(s, 5000)).toBe(10_000);
    expect(timeToX(s, -5)).toBe(10);
    expect(timeToX(s, 1e9)).toBe(510);
    expect(timeToX(s, NaN)).toBe(10);
  });

  it('survives a zero width or zero axis', () => {
    expect(Number.isFinite(timeToX({ endMs: 0, width: 0, pad: 0 }, 5))).toBe(true);
    expect(xToTime({ endMs: 0, width: 0, pad: 0 }, 5)).toBe(0);
  });

  it('picks nice axis ends at or above the horizon', () => {
    expect(niceAxisEnd(0)).toBe(1_000);
    expect(niceAxisEnd(900)).toBe(1_000);
    expect(niceAxisEnd(1_001)).toBe(1_200);
    expect(niceAxisEnd(10_001)).toBe(12_000);
    expect(niceAxisEnd(16_000)).toBe(20_000);
    expect(niceAxisEnd(61_000)).toBe(75_000);
    expect(niceAxisEnd(80_000)).toBe(100_000);
    expect(niceAxisEnd(3_600_000)).toBe(4_000_000);
    expect(niceAxisEnd(5, 10_000)).toBe(10_000);
    for (let h = 1_000; h < 5_000_000; h *= 1.07) {
      const end = niceAxisEnd(h);
      expect(end).toBeGreaterThanOrEqual(h);
      expect(h / end).toBeGreaterThanOrEqual(0.74); // the run fills most of the strip
    }
  });

  it('formats axis times', () => {
    expect(formatAxisTime(0)).toBe('0 s');
    expect(formatAxisTime(850)).toBe('850 ms');
    expect(formatAxisTime(1500)).toBe('1.50 s');
    expect(formatAxisTime(12_300)).toBe('12.3 s');
    expect(formatAxisTime(245_000)).toBe('4:05');
    expect(formatAxisTime(3_723_000)).toBe('1:02:03');
  });
});

describe('term bands', () => {
  it('start at each Term mark and run to the next (or the end)', () => {
    const marks = [mark(100, K.Term, 1), mark(105, K.Leader, 0, 1), mark(2000, K.Term, 2), mark(2500, K.Term, 3)];
    expect(termBands(marks, 4000)).toEqual([
      { from: 0, to: 100, term: 0 },
      { from: 100, to: 2000, term: 1 },
      { from: 2000, to: 2500, term: 2 },
      { from: 2500, to: 4000, term: 3 },
    ]);
  });

  it('have no empty band for a mark at 0 or two marks at one time', () => {
    const marks = [mark(0, K.Term, 3), mark(50, K.Term, 4), mark(50, K.Term, 5)];
    expect(termBands(marks, 100)).toEqual([
      { from: 0, to: 50, term: 3 },
      { from: 50, to: 100, term: 5 },
    ]);
    expect(termBands([], 100)).toEqual([{ from: 0, to: 100, term: 0 }]);
    expect(termBands([], 0)).toEqual([]);
  });

  it('merge runs of narrow bands (term churn) into one box', () => {
    const s: TimeScale = { endMs: 100_000, width: 1000, pad: 0 }; // 100 ms a pixel
    const marks = [mark(1000, K.Term, 1)];
    for (let i = 0; i < 50; i++) marks.push(mark(10_000 + i * 50, K.Term, 2 + i)); // 50 terms in 2.5 s
    marks.push(mark(50_000, K.Term, 60));
    const boxes = layoutBands(termBands(marks, 100_000), s);
    const churn = boxes.filter((b) => b.count > 1);
    expect(churn).toHaveLength(1);
    expect(churn[0].firstTerm).toBeLessThan(churn[0].term);
    expect(boxes.length).toBeLessThan(8);
    expect(bandTitle(churn[0])).toMatch(/^Terms \d+ to \d+ \(\d+ terms\)/);
    // Boxes cover the axis without gaps.
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].x).toBeCloseTo(boxes[i - 1].x + boxes[i - 1].w, 6);
  });
});

describe('ticks', () => {
  const s: TimeScale = { endMs: 10_000, width: 500, pad: 0 }; // 20 ms a pixel

  it('one tick per sparse mark, Term marks left to the bands', () => {
    const marks = [mark(100, K.Term, 1), mark(120, K.Leader, 2, 1), mark(3000, K.Crash, 2), mark(6000, K.SplitVote, 4), mark(7000, K.Action, 0)];
    const ticks = aggregateTicks(marks, s);
    expect(ticks.map((t) => t.kind)).toEqual(['leader', 'crash', 'split', 'action']);
    expect(ticks.every((t) => t.count === 1)).toBe(true);
    expect(ticks[0].x).toBeCloseTo(6, 6);
  });

  it('aggregates dense commits into a few ticks', () => {
    const marks: Mark[] = [];
    for (let i = 1; i <= 1000; i++) marks.push(mark(2000 + i, K.Commit, i)); // 1000 commits in 1 s = 50 px
    const ticks = aggregateTicks(marks, s, 3);
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil(50 / 3) + 1);
    expect(ticks.reduce((n, t) => n + t.count, 0)).toBe(1000);
    expect(ticks[0].first.a).toBe(1);
    expect(ticks[ticks.length - 1].last.a).toBe(1000);
    expect(tickTitle(ticks[0], () => null)).toMatch(/^\d+ commits, .*index 1 → \d+$/);
  });

  it('keeps kinds apart when they fall together', () => {
    const marks = [mark(500, K.Leader, 0, 2), mark(501, K.Commit, 1), mark(502, K.Leader, 1, 3), mark(503, K.Commit, 2)];
    const ticks = aggregateTicks(marks, s);
    expect(ticks).toHaveLength(2);
    expect(ticks.find((t) => t.kind === 'leader')?.count).toBe(2);
    expect(ticks.find((t) => t.kind === 'commit')?.count).toBe(2);
  });

  it('titles name leaders, nodes and actions', () => {
    const [leader, crash, action, split] = aggregateTicks(
      [mark(1200, K.Leader, 2, 4), mark(3000, K.Crash, 0), mark(5000, K.Action, 1), mark(7000, K.SplitVote, 6)],
      s,
    );
    expect(tickTitle(leader, () => null)).toBe('S3 became leader (term 4) at 1.20 s');
    expect(tickTitle(crash, () => null)).toBe('S1 crashed at 3.00 s');
    expect(tickTitle(action, (i) => (i === 1 ? 'crash S2' : null))).toBe('You: crash S2 at 5.00 s');
    expect(tickTitle(split, () => null)).toBe('Split vote: no leader in term 6 at 7.00 s');
    const many = aggregateTicks([mark(100, K.Leader, 0, 1), mark(101, K.Leader, 1, 2)], s)[0];
    expect(tickTitle(many, () => null)).toBe('2 leader changes, 100 ms – 101 ms: S1 (term 1), S2 (term 2)');
  });
});

describe('the axis in Chinese', () => {
  /** The English catalog's words (3+ letters), the names kept in every language aside. */
  const english = new Set(
    Object.values(en)
      .flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m)))
      .flatMap((s) => s.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? [])
      .map((w) => w.toLowerCase()),
  );
  const englishIn = (text: string): string[] => (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => english.has(w.toLowerCase()));
  afterEach(() => setLanguage('en'));

  it('labels the axis in 秒 and 毫秒, and the clock style stays', async () => {
    await setLanguage('zh-CN');
    expect(formatAxisTime(0)).toBe('0 秒');
    expect(formatAxisTime(850)).toBe('850 毫秒');
    expect(formatAxisTime(1500)).toBe('1.50 秒');
    expect(formatAxisTime(12_300)).toBe('12.3 秒');
    expect(formatAxisTime(245_000)).toBe('4:05');
  });

  it('titles every kind of tick and band with no English catalog word', async () => {
    const s: TimeScale = { endMs: 10_000, width: 500, pad: 0 };
    const lone = aggregateTicks(
      [mark(1200, K.Leader, 2, 4), mark(2000, K.Commit, 3), mark(3000, K.Crash, 0), mark(5000, K.Action, 0), mark(7000, K.SplitVote, 6), mark(9000, K.Violation, 0)],
      s,
    );
    const dense = aggregateTicks(
      [K.Leader, K.Commit, K.Crash, K.Action, K.SplitVote].flatMap((kind) => Array.from({ length: 8 }, (_, i) => mark(100 + i, kind, i + 1, i + 1))),
      s,
    );
    expect(lone.map((t) => t.kind)).toEqual(['leader', 'commit', 'crash', 'action', 'split', 'violation']);
    expect(dense.every((t) => t.count === 8)).toBe(true);
    await setLanguage('zh-CN');
    const bands = layoutBands(termBands([mark(1000, K.Term, 1), ...Array.from({ length: 40 }, (_, i) => mark(3000 + i * 10, K.Term, 2 + i))], 10_000), s);
    const titles = [
      ...[...lone, ...dense].map((t) => tickTitle(t, () => null)),
      ...bands.map(bandTitle),
      tickTitle(lone[3], () => '让 S2 崩溃'),
    ];
    expect(bands.some((b) => b.count > 1) && bands.some((b) => b.term === 0)).toBe(true);
    for (const title of titles) {
      expect(title).toMatch(/[\u4e00-\u9fff]/);
      expect(englishIn(title), title).toEqual([]);
    }
    expect(tickTitle(lone[0], () => null)).toBe('S3 成为领导者（任期 4），于 1.20 秒');
    expect(tickTitle(dense[2], () => null)).toMatch(/^8 次崩溃，100 毫秒 – 107 毫秒：S2、S3、S4、S5、S6、S7、…$/);
  });
});
