// The docs site's two books (docs/src in English, docs/zh-CN/src in Simplified Chinese) tell the
// same story: the same chapters in the same order, each cut into the same paragraphs, with the
// same playgrounds, each in its book's language. The Chinese prose is held to the glossary as the
// catalogs are (glossary.test.ts): wherever an English paragraph uses a Raft term, its Chinese
// paragraph uses the glossary's word, no rival word appears anywhere, and each role is named in
// both languages on its first mention in a chapter ("Leader（领导者）"), as the notes write them.

import { describe, expect, it } from 'vitest';
import { sourceText } from '../testing/source-text.js';
import { GLOSSARY } from './glossary.js';

/** A file of a book's sources (docs/ is two folders above www/src). */
const read = (book: 'src' | 'zh-CN/src', file: string): string => sourceText(`../../docs/${book}/${file}`);

/** The chapters a SUMMARY.md lists, in order: [title, file]. */
function chapters(book: 'src' | 'zh-CN/src'): [string, string][] {
  return [...read(book, 'SUMMARY.md').matchAll(/\[([^\]]+)\]\(([^)]+)\)/g)].map((m) => [m[1], m[2]]);
}

type Kind = 'heading' | 'code' | 'html' | 'list' | 'prose';

interface Block {
  kind: Kind;
  text: string;
}

/** A chapter cut into its blocks: runs of lines between blank lines, a fenced code block whole. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let lines: string[] = [];
  let fenced = false;
  const flush = (): void => {
    if (lines.length === 0) return;
    const text = lines.join('\n');
    const kind: Kind = text.startsWith('```') ? 'code' : text.startsWith('#') ? 'heading' : text.startsWith('<') ? 'html' : /^(- |\d+\. )/.test(text) ? 'list' : 'prose';
    out.push({ kind, text });
    lines = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (line.trim() === '' && !fenced) flush();
    else lines.push(line);
  }
  flush();
  return out;
}

/** The words of a block a reader reads: no code, no link targets, no tags. */
function words(block: Block): string {
  if (block.kind === 'code' || block.kind === 'html') return '';
  return block.text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]*>/g, ' ');
}

/** The playgrounds of an html block: each tag's attributes, the language aside, and that language. */
function playgrounds(html: string): { tag: string; attributes: Record<string, string>; lang: string | null }[] {
  return [...html.matchAll(/<(raft-playground|iframe)\b([^>]*)>/g)].map((m) => {
    const attributes = Object.fromEntries([...m[2].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2].replace(/&amp;/g, '&')]));
    let lang: string | null = attributes.lang ?? null;
    delete attributes.lang;
    if (m[1] === 'iframe') {
      const src = new URL(attributes.src, 'https://example.org/raft-playground/docs/zh-CN/page.html');
      lang = src.searchParams.get('lang');
      src.searchParams.delete('lang');
      // Where the frame's page is, not how the book reaches it (the Chinese book is a folder deeper).
      attributes.src = src.pathname.split('/').pop() + src.search;
      delete attributes.title; // the frame's name, in the book's language
    }
    return { tag: m[1], attributes, lang };
  });
}

const english = chapters('src');
const chinese = chapters('zh-CN/src');
const book = (dir: 'src' | 'zh-CN/src'): Map<string, Block[]> => new Map(chapters(dir).map(([, file]) => [file, blocks(read(dir, file))]));
const en = book('src');
const zh = book('zh-CN/src');
const HAN = /\p{Script=Han}/u;

describe('the docs in Simplified Chinese', () => {
  it('has the English book’s chapters, in its order, each titled in Chinese', () => {
    expect(chinese.map(([, file]) => file)).toEqual(english.map(([, file]) => file));
    expect(english.length).toBeGreaterThanOrEqual(7);
    for (const [title] of chinese) expect(title, title).toMatch(HAN);
  });

  it('cuts every chapter into the same blocks: heading for heading, list for list, code for code', () => {
    for (const [, file] of english) {
      expect(zh.get(file)?.map((b) => b.kind), file).toEqual(en.get(file)?.map((b) => b.kind));
    }
  });

  it('embeds the same playgrounds, each in its book’s language', () => {
    let count = 0;
    for (const [, file] of english) {
      en.get(file)?.forEach((block, i) => {
        if (block.kind !== 'html') return;
        const there = playgrounds(block.text);
        const here = playgrounds(zh.get(file)?.[i].text ?? '');
        expect(here.map(({ tag, attributes }) => ({ tag, attributes })), `${file} #${i}`).toEqual(there.map(({ tag, attributes }) => ({ tag, attributes })));
        expect(there.map((p) => p.lang), `${file} #${i}: English book`).toEqual(there.map(() => 'en'));
        expect(here.map((p) => p.lang), `${file} #${i}: Chinese book`).toEqual(here.map(() => 'zh-CN'));
        count += there.length;
      });
    }
    expect(count).toBeGreaterThanOrEqual(7);
  });

  for (const term of GLOSSARY) {
    it(`"${term.en.source}" is ${term.zh} wherever an English paragraph uses it, and no rival word is used`, () => {
      const missing: string[] = [];
      for (const [, file] of english) {
        en.get(file)?.forEach((block, i) => {
          const chineseWords = words(zh.get(file)?.[i] ?? block);
          if (term.en.test(words(block)) && ![term.zh, ...(term.forms ?? [])].some((w) => chineseWords.includes(w))) missing.push(`${file} #${i}`);
        });
      }
      expect(missing, `paragraphs that should say ${term.zh}`).toEqual([]);
      const all = ['SUMMARY.md', ...chinese.map(([, file]) => file)].map((file) => read('zh-CN/src', file)).join('\n');
      expect(term.rivals.filter((r) => all.includes(r))).toEqual([]);
    });
  }

  it('names each role in both languages on its first mention in a chapter’s prose', () => {
    const roles: [string, string][] = [
      ['Leader', '领导者'],
      ['Follower', '跟随者'],
      ['Candidate', '候选人'],
    ];
    const misses: string[] = [];
    for (const [, file] of chinese) {
      // The title is a name: the gloss belongs to the first sentence that uses the word.
      const prose = (zh.get(file) ?? []).filter((b) => b.kind !== 'heading').map(words).join('\n');
      for (const [name, word] of roles) {
        const first = prose.indexOf(word);
        if (first >= 0 && !prose.slice(0, first).endsWith(`${name}（`)) misses.push(`${file}: ${word}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('breaks no Chinese line between two characters (a browser would show the break as a space)', () => {
    const broken: string[] = [];
    for (const [, file] of chinese) {
      for (const block of zh.get(file) ?? []) {
        if (block.kind === 'code') continue;
        for (const m of block.text.matchAll(/(.)\n(?!\s*(?:- |\d+\. ))(.)/gu)) {
          if ((HAN.test(m[1]) || /[，。：；、（）]/.test(m[1])) && HAN.test(m[2])) broken.push(`${file}: …${m[1]}⏎${m[2]}…`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
