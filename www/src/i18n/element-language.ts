// The language of a <raft-playground>: chosen when it is built (its `lang` attribute or the page's
// ?lang=, else the picker's remembered choice, else the browser's), changed by the attribute or the
// picker at run time. A change rewrites the text in place and re-narrates the feed from the trace;
// the run itself (playground, cursor, clock) is untouched. The language is the page's, shared by
// every element on it: one reader reads one language.

import { rememberedLanguage } from '../ui/language-picker.js';
import { chooseLanguage, language, matchLanguage, onLanguageChange, setLanguage } from './index.js';

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

/** Starts in the chosen language and keeps `app`'s lang attribute (fonts, screen readers) in step; `rerender` redraws on a switch. */
export function followLanguage(app: HTMLElement, attribute: string | null, rerender: () => void): void {
  app.lang = language();
  onLanguageChange((lang) => {
    app.lang = lang;
    rerender();
  });
  void setLanguage(chooseLanguage(attribute, rememberedLanguage(), browserLanguages()));
}

/** The `lang` attribute changed: switch to it (a value not understood: back to the default choice). */
export function languageAttributeChanged(value: string | null): void {
  void setLanguage(matchLanguage(value) ?? chooseLanguage(null, rememberedLanguage(), browserLanguages()));
}
