import { describe, expect, it } from 'vitest';
import { Narrator, describeFailedElection, nodeName } from './narrate.js';
import type { TraceEventView } from './view.js';
import { twoLeadersViolation } from './testing/fixtures.js';

let seq = 0;
function ev(kind: TraceEventView['kind'] | 'somethingNew', fields: Record<string, unknown> = {}, at = 0): TraceEventView {
  // Tests build partial records on purpose (the narrator must cope with missing fields).
  return { seq: ++seq, at, kind, ...fields } as TraceEventView;
}

describe('node names', () => {
  it('numbers servers from 1', () => {
    expect(nodeName(0)).toBe('S1');
    expect(nodeName(8)).toBe('S9');
  });
});

describe('a term without a leader, as the core decided it', () => {
  const say = (events: TraceEventView[]): string[] => {
    const n = new Narrator();
    return events.flatMap((e) => n.narrate(e)).map((l) => l.text);
  };

  it('words a split vote with every candidate and its votes (§5.2)', () => {
    const out = say([
      ev('noLeader', {
        term: 7,
        splitVote: true,
        candidates: [
          { node: 3, granted: 2 },
          { node: 1, granted: 2 },
        ],
        needed: 3,
      }),
    ]);
    expect(out).toEqual(['split vote in term 7: S2 2 votes, S4 2 votes']);
  });

  it('words a lone candidate as "no leader", not a split', () => {
    const out = say([ev('noLeader', { term: 5, splitVote: false, candidates: [{ node: 4, granted: 2 }], needed: 3 })]);
    expect(out).toEqual(['no leader in term 5: S5 got 2 of the 3 votes it needed']);
  });

  it('infers nothing from the votes themselves: no noLeader record, no notice', () => {
    const out = say([
      ev('roleChanged', { node: 1, role: 'candidate', term: 7, reason: 'timeout' }),
      ev('roleChanged', { node: 3, role: 'candidate', term: 7, reason: 'timeout' }),
      ev('electionLost', { node: 1, term: 7, granted: 2, refused: 1, needed: 3 }),
      ev('electionLost', { node: 3, term: 7, granted: 2, refused: 1, needed: 3 }),
    ]);
    expect(out.filter((t) => /split vote|no leader/.test(t))).toEqual([]);
  });

  it('orders the candidates by name', () => {
    expect(
      describeFailedElection(
        4,
        true,
        [
          { node: 2, granted: 1 },
          { node: 0, granted: 2 },
        ],
        2,
      ),
    ).toBe('split vote in term 4: S1 2 votes, S3 1 vote');
  });
});

describe('feed sentences', () => {
  const texts = (events: TraceEventView[]): string[] => {
    const n = new Narrator();
    return events.flatMap((e) => n.narrate(e).map((l) => l.text));
  };

  it('phrases refusals with the core\'s reason', () => {
    expect(texts([ev('voteRefused', { node: 1, to: 3, term: 4, reason: 'candidate log behind (last term 2 < 3)' })])).toEqual([
      'S2 refused vote to S4: candidate log behind (last term 2 < 3)',
    ]);
  });

  it('announces leaders and their step-downs, not every follower', () => {
    expect(
      texts([
        ev('roleChanged', { node: 0, role: 'leader', term: 4 }),
        ev('roleChanged', { node: 2, role: 'follower', term: 4 }),
        ev('roleChanged', { node: 0, role: 'follower', term: 5 }),
      ]),
    ).toEqual(['S1 became leader of term 4', 'S1 stepped down: follower in term 5']);
  });

  it('tells the commits of the leader only', () => {
    expect(
      texts([
        ev('roleChanged', { node: 0, role: 'leader', term: 2 }),
        ev('commitAdvanced', { node: 0, from: 0, to: 2 }),
        ev('commitAdvanced', { node: 1, from: 0, to: 2 }),
        ev('commitAdvanced', { node: 0, from: 2, to: 3 }),
      ]).slice(1),
    ).toEqual(['S1 committed the entries at index 1–2: stored on a majority', 'S1 committed the entry at index 3: stored on a majority']);
  });

  it('describes backtracking and truncation', () => {
    expect(
      texts([ev('nextIndexBack', { leader: 0, peer: 2, from: 5, to: 4 }), ev('truncated', { node: 2, from: 4, count: 2 })]),
    ).toEqual(['S1 moves nextIndex of S3 back: 5 → 4', 'S3 erased conflicting entries at index 4–5']);
  });

  it('tells pre-votes from votes', () => {
    expect(
      texts([
        ev('voteGranted', { node: 0, to: 2, term: 3, preVote: true }),
        ev('voteRefused', { node: 1, to: 2, term: 3, preVote: true, reason: 'stale term 3 < 4' }),
      ]),
    ).toEqual(['S1 granted a pre-vote to S3 for term 3', 'S2 refused pre-vote to S3: stale term 3 < 4']);
  });

  it('says why a leader stepped down under CheckQuorum', () => {
    expect(
      texts([
        ev('roleChanged', { node: 0, role: 'leader', term: 4, reason: 'wonElection' }),
        ev('roleChanged', { node: 0, role: 'follower', term: 4, reason: 'lostQuorum' }),
      ]),
    ).toEqual(['S1 became leader of term 4', 'S1 stepped down: no longer hears from a majority']);
  });

  it('ignores unknown kinds and malformed events', () => {
    expect(texts([ev('messageSent', { id: 3 }), ev('somethingNew', {}), ev('voteGranted', { node: 'x' })])).toEqual([]);
  });

  it('keeps seq and time on each line', () => {
    const n = new Narrator();
    const lines = n.narrate({ seq: 42, at: 1234, kind: 'crashed', node: 1 });
    expect(lines).toEqual([{ seq: 42, at: 1234, text: 'S2 crashed', tone: 'fault' }]);
  });
});

describe('a safety violation, phrased from the core data', () => {
  it('says which property broke and how, in the feed', () => {
    const n = new Narrator();
    const lines = n.narrate(ev('violation', { violation: twoLeadersViolation(259) }, 259));
    expect(lines.map((l) => [l.text, l.tone])).toEqual([['Safety violation: Election Safety broken: S1 and S4 both lead term 1.', 'violation']]);
  });
});

describe('log compaction in the feed (§7, Figure 13)', () => {
  const texts = (events: TraceEventView[]): string[] => {
    const n = new Narrator();
    return events.flatMap((e) => n.narrate(e).map((l) => l.text));
  };

  it('says why a leader sent a snapshot, once per snapshot however often it resends it', () => {
    const sent = (index: number): TraceEventView => ev('snapshotSent', { node: 1, to: 2, nextIndex: 1, firstIndex: index + 1, index, term: 2, copy: 'first' });
    expect(texts([sent(10), sent(10), sent(10), sent(15)])).toEqual([
      'S2 sent S3 its snapshot up to index 10: S3 needs entry 1, but S2 discarded it (its log starts at 11)',
      'S2 sent S3 its snapshot up to index 15: S3 needs entry 1, but S2 discarded it (its log starts at 16)',
    ]);
  });

  it('says why a copy went again: no answer, or the follower back from silence', () => {
    const sent = (copy: string): TraceEventView => ev('snapshotSent', { node: 1, to: 2, nextIndex: 1, firstIndex: 11, index: 10, term: 2, copy });
    expect(texts([sent('first'), sent('followerBack'), sent('noAnswer')])).toEqual([
      'S2 sent S3 its snapshot up to index 10: S3 needs entry 1, but S2 discarded it (its log starts at 11)',
      'S2 sent S3 its snapshot up to index 10: S3 answered for the first time since it went silent, still needing entry 1 (the snapshot sent while it was away was lost)',
      'S2 sent S3 its snapshot up to index 10: the last one it sent went unanswered for an election timeout while S3 answered heartbeats, so it or its answer was lost',
    ]);
  });

  it('words taking, installing and restoring a snapshot', () => {
    expect(
      texts([
        ev('snapshotTaken', { node: 0, index: 5, term: 1, discardedTo: 5, commitIndex: 5 }),
        ev('snapshotInstalled', { node: 2, leader: 0, index: 5, term: 1, kept: 0 }),
        ev('snapshotInstalled', { node: 3, leader: 0, index: 5, term: 1, kept: 2 }),
        ev('snapshotRestored', { node: 0, index: 5, term: 1 }),
      ]),
    ).toEqual([
      'S1 took a snapshot up to index 5 (term 1) and discarded those entries from its log',
      'S3 installed S1’s snapshot up to index 5, replacing its log',
      'S4 installed S1’s snapshot up to index 5, keeping the 2 entries after it',
      'S1 restarted from its snapshot: its state machine is back at index 5',
    ]);
  });
});
