// The two catalogs say the same things: the same keys, the same placeholders, and every key is
// said somewhere in the page's code (a key nobody uses is a sentence nobody reads).

import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { formatMessage } from './format.js';
import { chooseLanguage, matchLanguage } from './index.js';
import type { Message } from './message.js';
import { zhCN } from './zh-CN.js';

function placeholders(m: Message): string[] {
  const text = typeof m === 'string' ? m : Object.values(m).join(' ');
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]))].sort();
}

/** The page's sources as text, tests, test fixtures and the catalogs themselves left out. */
const SOURCES: Record<string, string> = import.meta.glob(['../**/*.ts', '!../**/*.test.ts', '!../testing/**', '!./en.ts', '!./zh-CN.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('fill the same placeholders (a plural\'s count may go unsaid in a language without plurals)', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const want = placeholders(en[key]);
      const have = placeholders(zhCN[key]);
      expect(have.filter((p) => !want.includes(p)), key).toEqual([]);
      expect(want.filter((p) => !have.includes(p) && !(p === 'count' && typeof en[key] !== 'string')), key).toEqual([]);
    }
  });

  it('every key is used by the page', () => {
    const code = Object.values(SOURCES).join('\n');
    expect(code).toContain('describeFailedElection');
    const unused = Object.keys(en).filter((k) => !code.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });
});

describe('formatting through Intl', () => {
  it('picks the plural form by count and formats numbers in the language', () => {
    const m = { one: '{count} vote', other: '{count} votes' };
    expect(formatMessage('en', m, { count: 1 })).toBe('1 vote');
    expect(formatMessage('en', m, { count: 3 })).toBe('3 votes');
    expect(formatMessage('zh-CN', '{count} 票', { count: 12345 })).toBe('12345 票');
    expect(formatMessage('en', 'term {term}', { term: 1.5 })).toBe('term 1.5');
  });
});

describe('choosing the language', () => {
  it('reads browser tags: any Chinese is zh-CN, any English is en, others unknown', () => {
    expect(matchLanguage('zh')).toBe('zh-CN');
    expect(matchLanguage('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLanguage('en-GB')).toBe('en');
    expect(matchLanguage('fr')).toBe(null);
  });

  it('attribute first, then the picker\'s remembered choice, then the browser, then English', () => {
    expect(chooseLanguage('zh-CN', 'en', ['en'])).toBe('zh-CN');
    expect(chooseLanguage(null, 'zh-CN', ['en-US'])).toBe('zh-CN');
    expect(chooseLanguage(null, null, ['fr', 'zh-TW'])).toBe('zh-CN');
    expect(chooseLanguage('de', null, ['fr'])).toBe('en');
  });
});

describe('the ? sheet in the catalog', () => {
  it('says in English exactly what the key table says, key by key, gesture by gesture', async () => {
    const { KEY_TABLE, GESTURES } = await import('../input.js');
    const catalog = en as Record<string, unknown>;
    for (const b of KEY_TABLE) expect(catalog[`help.${b.command}`], b.command).toBe(b.does);
    const gestures = ['Click', 'Drag', 'Group', 'Timeline'];
    GESTURES.forEach((g, i) => {
      expect(catalog[`help.gesture${gestures[i]}`]).toBe(g.gesture);
      expect(catalog[`help.gesture${gestures[i]}Does`]).toBe(g.does);
    });
  });
});
