// Every scenario speaks Chinese: a title and one caption per caption, keyed by scenario id and
// caption index; the captions use the glossary's words, and each role is named in both languages
// on its first mention in a scenario ("Leader（领导者）"), as the notes write them.

import { afterEach, describe, expect, it } from 'vitest';
import catalogue from '../scenarios.json';
import { GLOSSARY } from './glossary.js';
import { setLanguage } from './index.js';
import { localizeScenarios } from './scenario-text.js';
import { SCENARIOS_ZH } from './scenarios.zh-CN.js';

afterEach(() => setLanguage('en'));

describe('scenario texts in zh-CN', () => {
  it('every scenario has a title and every caption an entry, and nothing else is there', () => {
    for (const s of catalogue) {
      const zh = SCENARIOS_ZH[s.id];
      expect(zh, s.id).toBeDefined();
      expect(zh.title.length, s.id).toBeGreaterThan(0);
      expect(zh.captions.length, `${s.id}: captions`).toBe(s.captions.length);
    }
    expect(Object.keys(SCENARIOS_ZH).sort()).toEqual(catalogue.map((s) => s.id).sort());
  });

  it('keeps the node names, section numbers and figures of the English', () => {
    for (const s of catalogue) {
      s.captions.forEach((c, i) => {
        const marks = (text: string): string[] => [...new Set([...text.matchAll(/S\d|§[\d.]+/g)].map((m) => m[0]))].sort();
        expect(marks(SCENARIOS_ZH[s.id].captions[i]), `${s.id}#${i}`).toEqual(marks(c.text));
      });
    }
  });

  it('uses the glossary word wherever the English caption uses the term', () => {
    const misses: string[] = [];
    for (const s of catalogue) {
      s.captions.forEach((c, i) => {
        const zh = SCENARIOS_ZH[s.id].captions[i];
        for (const g of GLOSSARY) {
          if (g.en.test(c.text) && ![g.zh, ...(g.forms ?? [])].some((w) => zh.includes(w))) misses.push(`${s.id}#${i}: ${g.zh}`);
          for (const r of g.rivals) if (zh.includes(r)) misses.push(`${s.id}#${i}: rival ${r}`);
        }
      });
    }
    expect(misses).toEqual([]);
  });

  it('names each role in both languages on its first mention in a scenario', () => {
    const roles: [string, string][] = [
      ['Leader', '领导者'],
      ['Follower', '跟随者'],
      ['Candidate', '候选人'],
    ];
    for (const s of catalogue) {
      const text = SCENARIOS_ZH[s.id].captions.join('\n');
      for (const [en, zh] of roles) {
        const first = text.indexOf(zh);
        if (first < 0) continue;
        expect(text.slice(Math.max(0, first - en.length - 1), first), `${s.id}: first ${zh}`).toMatch(new RegExp(`^${en}[（，]`));
      }
    }
  });

  it('replaces the words by id and index when Chinese is on, and leaves English alone', async () => {
    const en = await localizeScenarios(catalogue);
    expect(en[0].captions[0].text).toBe(catalogue[0].captions[0].text);
    await setLanguage('zh-CN');
    const zh = await localizeScenarios(catalogue);
    expect(zh.map((s) => s.title)).toEqual(catalogue.map((s) => SCENARIOS_ZH[s.id].title));
    expect(zh[1].captions[2].text).toBe(SCENARIOS_ZH[catalogue[1].id].captions[2]);
    expect(zh[1].captions[2].atMs).toBe(catalogue[1].captions[2].atMs);
  });
});
