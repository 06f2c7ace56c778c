// The zh-CN catalog speaks the notes' words: wherever the English message uses a Raft term, the
// Chinese one uses the glossary's word for it (or one of its listed forms), and no message uses a
// rival translation of any term.

import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { GLOSSARY } from './glossary.js';
import type { Message } from './message.js';
import { zhCN } from './zh-CN.js';

/** All the text of a message, every plural form together, placeholders left out (`{leader}` is a name, not a word). */
function allText(m: Message): string {
  return (typeof m === 'string' ? m : Object.values(m).join('\n')).replace(/\{\w+\}/g, '');
}

const keys = Object.keys(en) as (keyof typeof en)[];

describe('glossary', () => {
  it('gives one distinct Chinese word per term', () => {
    const words = GLOSSARY.map((g) => g.zh);
    expect(new Set(words).size).toBe(words.length);
  });

  for (const term of GLOSSARY) {
    it(`"${term.en.source}" is ${term.zh} wherever the English uses it`, () => {
      const missing = keys.filter((k) => term.en.test(allText(en[k])) && ![term.zh, ...(term.forms ?? [])].some((w) => allText(zhCN[k]).includes(w)));
      expect(missing, `zh-CN messages that should say ${term.zh}`).toEqual([]);
      const rivals = keys.filter((k) => term.rivals.some((r) => allText(zhCN[k]).includes(r)));
      expect(rivals, `zh-CN messages using a rival word for ${term.zh}`).toEqual([]);
    });
  }

  it('is used: every term occurs in the English catalog', () => {
    const text = keys.map((k) => allText(en[k])).join('\n');
    // Terms the notes define but no message says yet are kept for the strings still to convert.
    const unused = GLOSSARY.filter((g) => !g.en.test(text)).map((g) => g.zh);
    expect(unused.every((w) => ['日志复制', '共识', '状态机'].includes(w))).toBe(true);
  });
});
