// A leadership transfer (dissertation §3.10) in the feed, in both languages: the leader hands
// over, refuses a proposal meanwhile, the target is told to time out now and campaigns, and a
// transfer that times out or is replaced says so.

import { afterEach, describe, expect, it } from 'vitest';
import { Narrator } from './narrate.js';
import type { TraceEventView } from './view.js';
import { setLanguage } from './i18n/index.js';

let seq = 0;
function ev(kind: string, fields: Record<string, unknown>): TraceEventView {
  return { seq: ++seq, at: 0, kind, ...fields } as TraceEventView;
}

function say(events: TraceEventView[]): string[] {
  const n = new Narrator();
  return events.flatMap((e) => n.narrate(e)).map((l) => l.text);
}

afterEach(() => setLanguage('en'));

const trace = (): TraceEventView[] => [
  ev('transferStarted', { node: 0, to: 2 }),
  ev('proposalRefusedInTransfer', { node: 0, to: 2 }),
  ev('roleChanged', { node: 2, role: 'candidate', term: 3, reason: 'timeoutNow' }),
  ev('transferAbandoned', { node: 1, to: 3, superseded: false }),
  ev('transferAbandoned', { node: 1, to: 4, superseded: true }),
];

describe('the feed of a leadership transfer', () => {
  it('says who hands leadership to whom, and who was told to time out now', () => {
    expect(say(trace())).toEqual([
      'S1 hands leadership to S3',
      'S1 refused the entry: it is handing leadership to S3',
      'S3 was told to time out now: candidate for term 3',
      'S2 gave up handing leadership to S4 (an election timeout passed) and takes entries again',
      'S2 hands leadership to another server instead of S5',
    ]);
  });

  it('says the same in Simplified Chinese, with the glossary words', async () => {
    await setLanguage('zh-CN');
    const zh = say(trace());
    expect(zh[0]).toBe('S1 把领导权转移给 S3');
    expect(zh[2]).toBe('S3 收到 TimeoutNow，立即超时：成为任期 3 的候选人');
    for (const line of zh) expect(line).not.toMatch(/\b(hands|leadership|refused|told)\b/);
  });
});
