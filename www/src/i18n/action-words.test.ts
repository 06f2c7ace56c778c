// A recorded action in both languages, phrased from the data the binding sends: English reads
// as raft-core's own description did, Chinese has no English catalog word in it.

import { afterEach, describe, expect, it } from 'vitest';
import type { ActionWhat } from '../view.js';
import { actionWords } from './action-words.js';
import { en } from './en.js';
import { setLanguage } from './index.js';

/** One of each kind, with raft-core's Display text (raft-core/src/sim/action.rs; latency in ms here, not µs). */
const CASES: [ActionWhat, string][] = [
  [{ kind: 'propose', node: 2, value: 7 }, 'propose 7 to S3'],
  [{ kind: 'propose', value: 4 }, 'propose 4 to the leader'],
  [{ kind: 'crash', node: 0 }, 'crash S1'],
  [{ kind: 'restart', node: 1 }, 'restart S2'],
  [{ kind: 'forceTimeout', node: 4 }, 'force timeout on S5'],
  [{ kind: 'partition', groups: [[0], [1, 2]] }, 'partition {S1} | {S2 S3}'],
  [{ kind: 'heal' }, 'heal the network'],
  [{ kind: 'cutLink', from: 0, to: 1 }, 'cut link S1 → S2'],
  [{ kind: 'restoreLink', from: 0, to: 1 }, 'restore link S1 → S2'],
  [{ kind: 'setLoss', probability: 0.25 }, 'set loss to 25.0%'],
  [{ kind: 'setLatency', minMs: 5, maxMs: 20 }, 'set latency to 5–20 ms'],
  [{ kind: 'timeoutFollowers' }, 'time out all followers'],
];

const ENGLISH = new Set(
  Object.values(en)
    .flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m)))
    .flatMap((s) => s.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? [])
    .map((w) => w.toLowerCase()),
);

afterEach(() => setLanguage('en'));

describe('recorded actions', () => {
  it('read in English from their data', () => {
    for (const [what, text] of CASES) expect(actionWords({ text: 'unused', what })).toBe(text);
  });

  it('keep the English text from a binding that sends no data', () => {
    expect(actionWords({ text: 'crash S4' })).toBe('crash S4');
  });

  it('read in Chinese with no English catalog word', async () => {
    await setLanguage('zh-CN');
    const kinds = new Set<string>();
    for (const [what] of CASES) {
      const text = actionWords({ text: 'unused', what });
      kinds.add(what.kind);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect((text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => ENGLISH.has(w.toLowerCase())), text).toEqual([]);
    }
    expect(actionWords({ text: 'unused', what: { kind: 'crash', node: 1 } })).toBe('让 S2 崩溃');
    expect(kinds.size).toBe(11);
  });
});
