// No sentence reaches a person without going through the catalogs: the page's sources are read
// as text, and every place that puts words in front of a reader (a notice, a refused action's
// name, an element's text, a title or label) must not be handed an English literal. A literal
// counts as English when it holds a word of the English catalog; names every language keeps
// (S1, keycaps, Figure 2's fields, CSS classes) hold none. The e2e suite sees what does reach
// the page in zh-CN; this sees the paths the e2e suite cannot provoke (a drawing that throws,
// a tour chunk that fails to load).

import { describe, expect, it } from 'vitest';
import { en } from './en.js';

const SOURCES: Record<string, string> = import.meta.glob(['../**/*.ts', '!../**/*.test.ts', '!../testing/**', '!./**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Names every language keeps: roles as the notes write them, the paper's messages and fields, keycaps. */
const KEPT = new Set(['leader', 'follower', 'candidate', 'raft', 'appendentries', 'requestvote', 'prevote', 'next', 'match', 'space', 'enter', 'esc']);

const ENGLISH = new Set(
  Object.values(en)
    .flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m)))
    .flatMap((s) => s.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? [])
    .map((w) => w.toLowerCase())
    .filter((w) => !KEPT.has(w)),
);

/** A string or template literal's words outside `${…}`. */
const LITERAL = String.raw`('(?:[^'\\\n]|\\.)*'|\`(?:[^\`\\]|\\.)*\`)`;

/** Where a literal is shown to a person: the first argument of a notice or an action, the text of an element, a label. */
const SHOWN: RegExp[] = [
  new RegExp(String.raw`\.(?:show|notify|tell|act|travelTo|showViolation)\(\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`\bhtml\([^;]*?,\s*${LITERAL}\s*\)`, 'g'),
  new RegExp(String.raw`\b(?:textContent|innerText|title|placeholder)\s*=\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`'(?:aria-label|aria-valuetext|aria-roledescription|title|placeholder|alt)'\s*[:,]\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`\b(?:setText|alert|confirm)\([^,;]*?,?\s*${LITERAL}\s*\)`, 'g'),
];

function englishWords(literal: string): string[] {
  const inner = literal.slice(1, -1);
  // A catalog key ('share.copy') or an identifier ('cluster', 'tl-start') is data, not text.
  if (inner in en || /^[a-z][\w-]*$/.test(inner)) return [];
  const words = literal.slice(1, -1).replace(/\$\{[^}]*\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? [];
  return words.filter((w) => ENGLISH.has(w.toLowerCase()));
}

/** Every shown English literal, as "file:line: literal". */
function shownEnglish(path: string, text: string): string[] {
  const found: string[] = [];
  for (const pattern of SHOWN) {
    for (const m of text.matchAll(pattern)) {
      const literal = m[1];
      if (englishWords(literal).length === 0) continue;
      const line = text.slice(0, m.index).split('\n').length;
      found.push(`${path.replace('../', '')}:${line}: ${literal}`);
    }
  }
  return found;
}

describe('text shown to a person', () => {
  it('the check finds what it looks for', () => {
    const planted = [
      "this.notice?.show(`Simulation paused: ${errorText(e)}`, 'error', 8000);",
      "html('strong', {}, box, 'The Raft simulator could not start.');",
      "this.act('Heal', (pg) => pg.heal());",
      "el.setAttribute('aria-label', 'Shortcuts and gestures');",
      "{ 'aria-label': 'Shortcuts and gestures', hidden: '' }",
      "label.textContent = `${n} servers`;",
    ];
    for (const line of planted) expect(shownEnglish('planted', line), line).toHaveLength(1);
    // Keys, classes, names and numbers are not English.
    const clean = ["this.notice?.show(t('notice.atStart'), 'info')", "html('kbd', {}, dt, 'Esc')", "html('span', { class: 'tl-start' }, labels)", 't.textContent = `T${b.term}`;', "this.act(t('act.heal'), (pg) => pg.heal());"];
    for (const line of clean) expect(shownEnglish('clean', line), line).toEqual([]);
  });

  it('is never an English literal: it comes from the catalogs', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(40);
    const found = Object.entries(SOURCES).flatMap(([path, text]) => shownEnglish(path, text));
    expect(found).toEqual([]);
  });
});
