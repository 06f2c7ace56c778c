// The page's language: which one is on, its catalog, and `t(key, params)` to say a message in it.
// English is bundled (the first load needs it anyway and a lazy chunk would cost a round trip);
// every other catalog is a separate chunk, fetched only when that language is chosen. Keys are
// the English catalog's, so a key that does not exist, or a missing placeholder value, does not
// compile, and a catalog missing a key does not compile either (`Catalog`).
//
// How to add a string: put `'area.what': 'Text with {placeholder}'` in en.ts (a plural is
// `{ one: '…', other: '…' }` chosen by the `count` parameter), the same key in zh-CN.ts (tsc
// refuses the build until you do; use the glossary's word for every Raft term), and say it with
// `t('area.what', { placeholder })`. Text put into the DOM once is set with `localize(el, key)` so
// a language switch rewrites it; text written on every draw just calls `t` again.

import { en } from './en.js';
import { formatMessage } from './format.js';
import type { Message, MessageParams, ParamValue } from './message.js';

/** Every message's key. */
export type MessageKey = keyof typeof en;

/** A catalog: one message for every key of the English one, no more, no fewer. */
export type Catalog = { readonly [K in MessageKey]: Message };

/** The languages the page speaks, by BCP 47 tag. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

/** Where the picker's choice is remembered. */
export const STORAGE_KEY = 'raft-playground.lang';

/** A language tag from the browser, an attribute or a URL, as one of ours, or null. */
export function matchLanguage(tag: string | null | undefined): Language | null {
  const t = (tag ?? '').trim().toLowerCase();
  if (t === '') return null;
  // The notes and the catalog are Simplified; a reader of any Chinese is better served by it than by English.
  if (t === 'zh' || t.startsWith('zh-') || t.startsWith('zh_')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-') || t.startsWith('en_')) return 'en';
  return null;
}

/** The language to start in: the element's attribute, else the picker's remembered choice, else the browser's, else English. */
export function chooseLanguage(attribute: string | null, remembered: string | null, browser: readonly string[]): Language {
  return matchLanguage(attribute) ?? matchLanguage(remembered) ?? browser.map(matchLanguage).find((l) => l !== null) ?? 'en';
}

const loaders: Record<Exclude<Language, 'en'>, () => Promise<Catalog>> = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.zhCN),
};

let current: Language = 'en';
let catalog: Catalog = en;
const loaded = new Map<Language, Catalog>([['en', en]]);
const listeners = new Set<(lang: Language) => void>();
let wanted: Language = 'en';

/** The language on now. */
export function language(): Language {
  return current;
}

/** Switches language (fetching its catalog the first time), then tells every listener. A later call wins over a slower earlier one. */
export async function setLanguage(lang: Language): Promise<void> {
  wanted = lang;
  let next = loaded.get(lang);
  if (!next) {
    next = await loaders[lang as Exclude<Language, 'en'>]();
    loaded.set(lang, next);
  }
  if (wanted !== lang || current === lang) return;
  current = lang;
  catalog = next;
  for (const el of bound) if (!el.apply()) bound.delete(el);
  for (const f of listeners) f(lang);
}

/** Calls `f` after every language switch; returns the function that stops it. */
export function onLanguageChange(f: (lang: Language) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The arguments after the key: none for a message without placeholders, else one value per placeholder. */
export type ParamsArg<K extends MessageKey> = [MessageParams<(typeof en)[K]>] extends [never] ? [] : [Record<MessageParams<(typeof en)[K]>, ParamValue>];

/** The keys of messages without placeholders: labels a component can take as plain data. */
export type PlainKey = { [K in MessageKey]: ParamsArg<K> extends [] ? K : never }[MessageKey];

/** The message `key` in the current language, its placeholders filled. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return formatMessage(current, catalog[key], params[0] as Record<string, ParamValue> | undefined);
}

/** Text set once and rewritten on a switch; weakly held, so a removed element is forgotten. */
interface Bound {
  apply(): boolean;
}
const bound = new Set<Bound>();

function bind(el: Element, write: (el: Element) => void): void {
  const ref = new WeakRef(el);
  const entry: Bound = {
    apply: () => {
      const e = ref.deref();
      if (e) write(e);
      return e !== undefined;
    },
  };
  write(el);
  bound.add(entry);
}

/** Sets `el`'s text to the message, now and after every switch. */
export function localize<K extends MessageKey>(el: Element, key: K, ...params: ParamsArg<K>): void {
  bind(el, (e) => {
    e.textContent = t(key, ...params);
  });
}

/** Sets `el`'s attribute (title, aria-label, placeholder) to the message, now and after every switch. */
export function localizeAttr<K extends MessageKey>(el: Element, attr: string, key: K, ...params: ParamsArg<K>): void {
  bind(el, (e) => e.setAttribute(attr, t(key, ...params)));
}
