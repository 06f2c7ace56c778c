// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { FakePlayground } from '../testing/fixtures.js';
import { RoleCode } from '../view.js';
import { Inspector, stepBackWords, termRunWords, voteCastWords, voteRefusedWords } from './inspector.js';

function setup() {
  const pg = new FakePlayground(3);
  const calls: string[] = [];
  const parent = document.createElement('div');
  const inspector = new Inspector(parent, null, {
    crash: (n) => calls.push(`crash ${n}`),
    restart: (n) => calls.push(`restart ${n}`),
    forceTimeout: (n) => calls.push(`timeout ${n}`),
    submitTo: (n) => calls.push(`submit ${n}`),
  });
  const q = (id: string) => parent.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { pg, calls, inspector, q };
}

describe('the node inspector', () => {
  it('shows a leader’s nextIndex and matchIndex per follower, and follows the cursor', () => {
    const { pg, inspector, q } = setup();
    pg.setNode(0, { role: RoleCode.Leader, term: 7, commitIndex: 0 });
    pg.setLog(0, [1, 1, 4]);
    pg.progressRows = [[-1, -1], [4, 0], [4, 3]];
    inspector.open(0);
    inspector.update(pg, 0);
    expect(q('insp-title')?.textContent).toBe('S1 · leader · term 7');
    expect(q('insp-next-1')?.textContent).toBe('4');
    expect(q('insp-match-2')?.textContent).toBe('3');
    expect(q('insp-next-0')).toBeNull();
    expect(q('insp-log-runs')?.textContent).toBe('3 entries: 1–3 t4');
    expect((q('insp-timeout') as HTMLButtonElement).disabled).toBe(true);
    // The cursor moved: nextIndex stepped back.
    pg.progressRows = [[-1, -1], [3, 0], [4, 3]];
    inspector.update(pg, 0);
    expect(q('insp-next-1')?.textContent).toBe('3');
  });

  it('acts on the server it shows: restart for a crashed one', () => {
    const { pg, inspector, q, calls } = setup();
    pg.setNode(1, { up: false });
    inspector.open(1);
    inspector.update(pg, 0);
    expect(q('insp-crash')).toBeNull();
    q('insp-restart')?.click();
    expect(calls).toEqual(['restart 1']);
    expect((q('insp-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(q('insp-volatile')?.textContent).toContain('Crashed');
  });

  it('marks the server it shows on the ring, and unmarks it on close', () => {
    const { inspector } = setup();
    const els = [document.createElement('div'), document.createElement('div')];
    inspector.open(1);
    inspector.mark((n) => els[n]);
    expect(els[1].hasAttribute('data-inspected')).toBe(true);
    inspector.open(0);
    inspector.mark((n) => els[n]);
    expect(els.map((e) => e.hasAttribute('data-inspected'))).toEqual([true, false]);
    inspector.close();
    expect(els[0].hasAttribute('data-inspected')).toBe(false);
  });

  it('closes on ×, and for a server the run does not have', () => {
    const { pg, inspector, q } = setup();
    inspector.open(1);
    q('insp-close')?.click();
    expect(inspector.shown).toBe(-1);
    inspector.open(7);
    inspector.update(pg, 0);
    expect(inspector.shown).toBe(-1);
  });

  it('words the core’s reasons without deciding them', () => {
    expect(voteCastWords({ atMs: 1, voter: 1, candidate: 3, term: 3, preVote: false, granted: false, why: { code: 'logBehindTerm', candidateLastTerm: 1, ownLastTerm: 2 } })).toBe(
      'S2 refused S4 its vote in term 3: candidate log behind (last term 1 < 2)',
    );
    expect(voteCastWords({ atMs: 1, voter: 4, candidate: 3, term: 3, preVote: true, granted: true })).toBe('S5 granted S4 its pre-vote in term 3');
    expect(voteRefusedWords({ atMs: 1, voter: 0, candidate: 3, term: 3, preVote: false, granted: false })).toBe("S1 refused S4's RequestVote in term 3: reason no longer known");
    expect(stepBackWords({ atMs: 1, follower: 1, leader: 0, term: 7, why: { code: 'noEntry', index: 10, lastIndex: 3 }, nextIndexFrom: 11, nextIndexTo: 10 })).toBe(
      "S2 refused S1's AppendEntries (term 7): no entry at index 10 (log ends at 3), so nextIndex[S2] went 11 → 10",
    );
    const base = { node: 0, up: true, currentTerm: 1, log: [], commitIndex: 0, lastApplied: 0, progress: [] };
    expect(termRunWords({ ...base, lastIndex: 0, termRuns: [] })).toBe('empty');
    expect(termRunWords({ ...base, lastIndex: 40, termRuns: [{ from: 30, to: 30, term: 5 }, { from: 31, to: 40, term: 6 }] })).toBe('… · 30 t5 · 31–40 t6');
  });
});
