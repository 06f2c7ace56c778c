// The feed in both languages: the same trace, phrased from the catalogs. Refusal reasons come
// from the core as codes (web/src/refusals.rs) and read in English exactly as raft-core's own
// text did, so nothing a reader of English saw changes.

import { afterEach, describe, expect, it } from 'vitest';
import { Narrator } from '../narrate.js';
import type { TraceEventView } from '../view.js';
import { setLanguage } from './index.js';
import { type Refusal, refusalWords } from './refusal-words.js';

let seq = 0;
function ev(kind: string, fields: Record<string, unknown>): TraceEventView {
  return { seq: ++seq, at: 0, kind, ...fields } as TraceEventView;
}

function say(events: TraceEventView[]): string[] {
  const n = new Narrator();
  return events.flatMap((e) => n.narrate(e)).map((l) => l.text);
}

afterEach(() => setLanguage('en'));

describe('refusal reasons as codes', () => {
  // The strings raft-core's Display wrote (raft-core/src/event.rs tests), now phrased by the page.
  const cases: [Refusal, string][] = [
    [{ code: 'staleTerm', term: 3, current: 4 }, 'stale term 3 < 4'],
    [{ code: 'alreadyVoted', votedFor: 2, term: 5 }, 'already voted for S3 in term 5'],
    [{ code: 'logBehindTerm', candidateLastTerm: 2, ownLastTerm: 3 }, 'candidate log behind (last term 2 < 3)'],
    [{ code: 'logBehindIndex', candidateLastIndex: 5, ownLastIndex: 7, term: 3 }, 'candidate log behind (last index 5 < 7, both in term 3)'],
    [{ code: 'leaderAlive', leader: 0 }, 'heard from leader S1 recently'],
    [{ code: 'noEntry', index: 7, lastIndex: 4 }, 'no entry at index 7 (log ends at 4)'],
    [{ code: 'termMismatch', index: 3, expected: 2, found: 1 }, 'term mismatch at index 3: leader has 2, follower has 1'],
  ];
  it('read in English as the core wrote them', () => {
    for (const [why, text] of cases) expect(refusalWords(why, null)).toBe(text);
  });

  it('say a leader refusing a pre-vote is the leader, not that it heard from itself (thesis §9.6)', async () => {
    const said = (ev_: TraceEventView): string[] => new Narrator().narrate(ev_).map((l) => l.text);
    const refusal = ev('voteRefused', { node: 1, to: 2, term: 1, preVote: true, reason: '', why: { code: 'leaderAlive', leader: 1 } });
    expect(said(refusal)).toEqual(['S2 refused pre-vote to S3: it is the leader, and alive']);
    expect(refusalWords({ code: 'leaderAlive', leader: 1 }, null, 0)).toBe('heard from leader S2 recently');
    await setLanguage('zh-CN');
    expect(said(refusal)).toEqual(['S2 拒绝给 S3 预投票：它自己就是领导者，仍在运行']);
  });

  it('fall back to the English reason from a binding without codes', () => {
    expect(refusalWords(undefined, 'some reason')).toBe('some reason');
  });

  it('read in Chinese with the glossary words (§5.2: one vote per term)', async () => {
    await setLanguage('zh-CN');
    expect(refusalWords(cases[1][0], null)).toBe('在任期 5 已经投票给 S3');
    for (const [why] of cases) expect(refusalWords(why, null)).not.toMatch(/[a-z]{3,}/);
  });
});

describe('the feed after a switch', () => {
  const trace = (): TraceEventView[] => [
    ev('roleChanged', { node: 0, role: 'candidate', term: 2, reason: 'timeout' }),
    ev('voteRefused', { node: 1, to: 0, term: 2, reason: 'already voted for S3 in term 2', why: { code: 'alreadyVoted', votedFor: 2, term: 2 } }),
    ev('roleChanged', { node: 2, role: 'leader', term: 2, reason: 'wonElection' }),
  ];

  it('says the same trace in English, then in Simplified Chinese', async () => {
    expect(say(trace())).toEqual(['S1 timed out: candidate for term 2', 'S2 refused vote to S1: already voted for S3 in term 2', 'S3 became leader of term 2']);
    await setLanguage('zh-CN');
    expect(say(trace())).toEqual(['S1 超时：成为任期 2 的候选人', 'S2 拒绝投票给 S1：在任期 2 已经投票给 S3', 'S3 成为任期 2 的领导者']);
  });

  it('plurals follow the language: one vote, two votes; 票 either way', async () => {
    const failed = (granted: number): TraceEventView => ev('noLeader', { term: 4, splitVote: true, needed: 3, candidates: [{ node: 0, granted }, { node: 1, granted: 2 }] });
    expect(say([failed(1)])).toEqual(['split vote in term 4: S1 1 vote, S2 2 votes']);
    await setLanguage('zh-CN');
    expect(say([failed(1)])).toEqual(['任期 4 投票分裂：S1 1 票，S2 2 票']);
  });
});
