// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import type { MessageDetailView } from '../../pkg/raft_playground_web.js';
import { MessageCard, fieldRows, flightLine, replyLine } from './message-card.js';

const append: MessageDetailView = {
  id: 7,
  from: 0,
  to: 2,
  msgKind: 'appendEntries',
  term: 4,
  sentAt: 1000,
  arriveAt: 1020,
  endAt: 1020,
  fate: 'delivered',
  dropReason: undefined,
  fields: {
    kind: 'append',
    prevLogIndex: 5,
    prevLogTerm: 3,
    entryCount: 2,
    entries: [
      { index: 6, term: 4, value: 11 },
      { index: 7, term: 4 },
    ],
    leaderCommit: 5,
  },
  sent: { why: undefined, replyId: undefined, replyOk: undefined, replyTerm: undefined, receivedId: undefined },
  delivered: { why: { code: 'noEntry', index: 5, lastIndex: 3 }, replyId: 8, replyOk: false, replyTerm: 4, receivedId: 7 },
};

const reply: MessageDetailView = {
  ...append,
  id: 8,
  from: 2,
  to: 0,
  msgKind: 'appendEntriesResponse',
  sentAt: 1020,
  arriveAt: 1040,
  endAt: 1040,
  fields: { kind: 'appendReply', success: false, prevLogIndex: 5, matchIndex: 0, conflictTerm: undefined, conflictIndex: undefined },
  sent: { why: { code: 'noEntry', index: 5, lastIndex: 3 }, replyId: undefined, replyOk: undefined, replyTerm: undefined, receivedId: 7 },
  delivered: { why: undefined, replyId: undefined, replyOk: undefined, replyTerm: undefined, receivedId: 8 },
};

afterEach(() => setLanguage('en'));

describe('a message card (Figure 2 fields, the reply, the reason)', () => {
  it("names an append's fields as Figure 2 does, entries with their terms", () => {
    const rows = Object.fromEntries(fieldRows(append));
    expect(rows).toMatchObject({ term: '4', leader: 'S1', prevLogIndex: '5', prevLogTerm: '3', leaderCommit: '5' });
    expect(rows.entries).toBe('6: term 4 “11”, 7: term 4 (no-op)');
  });
  it("names a vote request's candidate and last log entry", () => {
    const vote: MessageDetailView = { ...append, msgKind: 'requestVote', fields: { kind: 'vote', preVote: false, lastLogIndex: 9, lastLogTerm: 2 } };
    expect(Object.fromEntries(fieldRows(vote))).toMatchObject({ candidate: 'S1', lastLogIndex: '9', lastLogTerm: '2' });
  });
  it('says a refusal with the receiver’s reason, phrased from the trace’s code (§5.3)', () => {
    expect(replyLine(append, reply)).toBe('Refused: no entry at index 5 (log ends at 3).');
    const ok: MessageDetailView = { ...reply, fields: { ...reply.fields, kind: 'appendReply', success: true, matchIndex: 7 } as MessageDetailView['fields'] };
    expect(replyLine({ ...append, delivered: { ...append.delivered!, why: undefined } }, ok)).toBe('Success.');
  });
  it('says when there is no reply: lost, or still on the wire', () => {
    expect(replyLine({ ...append, fate: 'dropped', dropReason: 'partition', delivered: undefined }, null)).toMatch(/never arrived/);
    expect(replyLine({ ...append, fate: 'inFlight', delivered: undefined }, null)).toMatch(/on the wire/);
    expect(flightLine({ ...append, fate: 'dropped', dropReason: 'partition', endAt: 1010 }, 2000)).toBe('sent at 1000 ms, lost at 1010 ms: blocked by the partition');
    expect(flightLine(append, 1010)).toBe('sent at 1000 ms, arrived at 1020 ms (after the cursor)');
  });
  it('shows the request over its reply whichever was clicked, and closes', () => {
    const card = new MessageCard(document.body);
    const byId = (id: number): MessageDetailView => (id === 7 ? append : reply);
    card.show(8, byId, 2000);
    expect(card.shown).toBe(true);
    const parts = [...card.el.querySelectorAll('[data-part]')].map((p) => [p.getAttribute('data-part'), p.classList.contains('chosen')]);
    expect(parts).toEqual([
      ['request', false],
      ['reply', true],
    ]);
    expect(card.el.querySelector('[data-field="prevLogIndex"]')?.textContent).toBe('5');
    card.close();
    expect(card.shown).toBe(false);
  });
});

describe('the card in the reader’s language', () => {
  // The follower's log ends at 3, so it has no entry at prevLogIndex 5 (§5.3): the core sends the
  // code and its values, and the card phrases them as the feed does (i18n/refusal-words.ts).
  const noEntry = { code: 'noEntry', index: 5, lastIndex: 3 } as const;
  const refusedAppend: MessageDetailView = { ...append, delivered: { ...append.delivered!, why: noEntry } };
  const refusedReply: MessageDetailView = { ...reply, sent: { ...reply.sent, why: noEntry } };

  it('words the refusal from its code, not from the core’s English', async () => {
    expect(replyLine(refusedAppend, refusedReply)).toBe('Refused: no entry at index 5 (log ends at 3).');
    await setLanguage('zh-CN');
    expect(replyLine(refusedAppend, refusedReply)).toBe('被拒绝：索引 5 处没有条目（日志只到 3）。');
    // A reply read alone (its request gone from the history) still has the sender's code.
    expect(replyLine({ ...refusedAppend, delivered: { ...refusedAppend.delivered!, why: undefined } }, refusedReply)).toBe('被拒绝：索引 5 处没有条目（日志只到 3）。');
  });

  it('speaks Chinese throughout, Figure 2’s names aside, and again after a switch back', async () => {
    const card = new MessageCard(document.body);
    const byId = (id: number): MessageDetailView => (id === 7 ? refusedAppend : refusedReply);
    card.show(8, byId, 2000);
    expect(card.el.querySelector('h3')?.textContent).toBe('Request: AppendEntries S1 → S3');
    await setLanguage('zh-CN');
    const text = (): string => {
      const copy = card.el.cloneNode(true) as HTMLElement;
      for (const e of copy.querySelectorAll('[translate="no"]')) e.remove();
      return copy.textContent ?? '';
    };
    expect(card.el.querySelector('h3')?.textContent).toBe('请求：AppendEntries S1 → S3');
    expect(card.el.getAttribute('aria-label')).toBe('消息');
    expect(card.el.querySelector('[data-field="entries"]')?.textContent).toBe('6：任期 4 “11”，7：任期 4（空操作）');
    // Left once the paper's identifiers (term, prevLogIndex…), node names and values are out: no English word.
    expect(text().replace(/AppendEntries|prevLogIndex|true|false/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect([...card.el.querySelectorAll('dt[translate="no"]')].map((e) => e.textContent)).toContain('prevLogTerm');
    await setLanguage('en');
    expect(card.el.querySelector('[data-testid="message-outcome"]')?.textContent).toBe('Refused: no entry at index 5 (log ends at 3).');
    card.close();
  });
});
