import { describe, expect, it } from 'vitest';
import { MarkCode, MarkCol, NodeCol, type ViolationView } from '../view.js';
import { HostEvents } from './host-events.js';

/** A run seen from outside: who leads, each node's term and commit index, the checker's verdict. */
interface Picture {
  now: number;
  leader: number;
  terms: number[];
  commits: number[];
  violation: string | null;
  /** When it happened (default: now). */
  violationAt?: number;
  /** [at, kind, a] rows of the run's marks. */
  marks?: [number, number, number][];
}

/** Mark rows the fakes handed out, to count what the events read. */
const read = { rows: 0 };

function fake(p: Picture) {
  return {
    now: () => p.now,
    leader: () => p.leader,
    // The test's violation is its sentence; the events phrase it with `phrase` below.
    violation: () => (p.violation === null ? null : ({ property: 'electionSafety', text: p.violation } as unknown as ViolationView)),
    violationAt: () => (p.violation === null ? -1 : (p.violationAt ?? p.now)),
    marksEpoch: () => 0,
    marksUpTo: (toMs: number) => (p.marks ?? []).filter(([at]) => at <= toMs).length,
    marksSince: (from: number, toMs: number) => {
      const rows = (p.marks ?? []).slice(from).filter(([at]) => at <= toMs);
      read.rows += rows.length;
      const out = new Float64Array(rows.length * MarkCol.Stride);
      rows.forEach(([at, kind, a], i) => {
        out[i * MarkCol.Stride + MarkCol.At] = at;
        out[i * MarkCol.Stride + MarkCol.Kind] = kind;
        out[i * MarkCol.Stride + MarkCol.A] = a;
        out[i * MarkCol.Stride + MarkCol.B] = -1;
      });
      return out;
    },
    nodes: () => {
      const out = new Float64Array(p.terms.length * NodeCol.Stride);
      p.terms.forEach((term, i) => {
        out[i * NodeCol.Stride + NodeCol.Id] = i;
        out[i * NodeCol.Stride + NodeCol.Term] = term;
        out[i * NodeCol.Stride + NodeCol.CommitIndex] = p.commits[i];
      });
      return out;
    },
  };
}

function record(host: HTMLElement): string[] {
  const seen: string[] = [];
  for (const type of ['leaderchange', 'commit', 'splitvote', 'violation']) {
    host.addEventListener(type, (e) => seen.push(`${type} ${JSON.stringify((e as CustomEvent).detail)}`));
  }
  return seen;
}

/** Stands in for safety-words' headline: the fake's violation carries its sentence. */
const phrase = (v: ViolationView): string => (v as unknown as { text: string }).text;

describe('host events', () => {
  it('fire once per new leader (§5.2), per higher commit index (§5.3) and per violation', () => {
    const host = document.createElement('div');
    const seen = record(host);
    const events = new HostEvents(host, (n) => `S${n + 1}`, phrase);
    const p: Picture = { now: 0, leader: -1, terms: [0, 0, 0], commits: [0, 0, 0], violation: null };
    events.observe(fake(p));
    expect(seen).toEqual([]);
    Object.assign(p, { now: 300, leader: 1, terms: [1, 1, 1] });
    events.observe(fake(p));
    events.observe(fake(p)); // nothing new: nothing fired
    Object.assign(p, { now: 400, commits: [1, 2, 1] });
    events.observe(fake(p));
    Object.assign(p, { now: 500, violation: 'two leaders in term 1' });
    events.observe(fake(p));
    events.observe(fake(p));
    expect(seen).toEqual([
      'leaderchange {"leader":1,"name":"S2","term":1,"at":300}',
      'commit {"index":2,"at":400}',
      'violation {"property":"electionSafety","text":"two leaders in term 1","at":500}',
    ]);
  });

  it('announce a split vote (§5.2) once the cursor passes its mark, not when the horizon does', () => {
    const host = document.createElement('div');
    const seen = record(host);
    const events = new HostEvents(host, (n) => `S${n + 1}`, phrase);
    const marks: [number, number, number][] = [
      [150, MarkCode.Term, 1],
      [400, MarkCode.SplitVote, 1],
      [700, MarkCode.Leader, 2],
    ];
    const p: Picture = { now: 300, leader: -1, terms: [1, 1, 1], commits: [0, 0, 0], violation: null, marks };
    events.observe(fake(p));
    expect(seen).toEqual([]);
    p.now = 450;
    events.observe(fake(p));
    events.observe(fake(p));
    expect(seen).toEqual(['splitvote {"term":1,"at":400}']);
  });

  it('bubble out of a shadow root (composed) so the host page hears them', () => {
    const outer = document.createElement('div');
    const host = document.createElement('div');
    outer.appendChild(host);
    const seen = record(outer);
    const events = new HostEvents(host, (n) => `S${n + 1}`, phrase);
    events.observe(fake({ now: 10, leader: 0, terms: [2], commits: [0], violation: null, marks: [] }));
    expect(seen).toHaveLength(1);
  });

  it('say nothing when time travels back, and announce again from there', () => {
    const host = document.createElement('div');
    const seen = record(host);
    const events = new HostEvents(host, (n) => `S${n + 1}`, phrase);
    events.observe(fake({ now: 900, leader: 2, terms: [3, 3, 3], commits: [5, 5, 5], violation: null }));
    seen.length = 0;
    events.observe(fake({ now: 100, leader: -1, terms: [0, 0, 0], commits: [0, 0, 0], violation: null }));
    expect(seen).toEqual([]);
    events.observe(fake({ now: 300, leader: 0, terms: [1, 1, 1], commits: [0, 0, 0], violation: null }));
    expect(seen).toEqual(['leaderchange {"leader":0,"name":"S1","term":1,"at":300}']);
  });
});

describe('host events over a long run', () => {
  it('read each mark once, however many frames pass (the work per frame does not grow with the run)', () => {
    const host = document.createElement('div');
    const seen = record(host);
    const events = new HostEvents(host, (n) => `S${n + 1}`, phrase);
    const marks: [number, number, number][] = [];
    const p: Picture = { now: 0, leader: -1, terms: [1, 1, 1], commits: [0, 0, 0], violation: null, marks };
    read.rows = 0;
    const frames = 400;
    for (let f = 1; f <= frames; f++) {
      // Ten commits a frame, and a split vote every 50 frames (§5.2), all at or before the cursor.
      for (let i = 0; i < 10; i++) marks.push([f * 10 + i / 10, f % 50 === 0 && i === 0 ? MarkCode.SplitVote : MarkCode.Commit, f]);
      p.now = f * 10 + 1;
      events.observe(fake(p));
    }
    expect(seen.filter((s) => s.startsWith('splitvote'))).toHaveLength(frames / 50);
    // The old watcher copied every mark whenever one was added: 10 + 20 + … = ~800,000 rows.
    expect(read.rows).toBe(marks.length);
  });
});
