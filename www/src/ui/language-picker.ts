// The language picker in the header: a <select> of the languages in their own names. A choice
// switches at once (the run goes on; everything written is rewritten) and is remembered in
// localStorage, where the next visit's chooseLanguage finds it.

import { html } from '../render/dom.js';
import { LANGUAGES, LANGUAGE_NAMES, type Language, STORAGE_KEY, language, localizeAttr, onLanguageChange, setLanguage } from '../i18n/index.js';

/** The remembered choice, or null (storage may be off: private windows, sandboxed frames). */
export function rememberedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; the switch itself still happens.
  }
}

export function buildLanguagePicker(parent: HTMLElement, before: Node | null): HTMLSelectElement {
  const select = html('select', { class: 'rp-lang', 'data-testid': 'lang' });
  localizeAttr(select, 'aria-label', 'lang.label');
  localizeAttr(select, 'title', 'lang.label');
  for (const lang of LANGUAGES) {
    // Each name in its own language, so a reader finds theirs whatever is on.
    html('option', { value: lang, lang }, select, LANGUAGE_NAMES[lang]);
  }
  select.value = language();
  select.addEventListener('change', () => {
    const lang = LANGUAGES.find((l) => l === select.value);
    if (!lang) return;
    remember(lang);
    void setLanguage(lang);
  });
  onLanguageChange((lang) => {
    select.value = lang;
  });
  parent.insertBefore(select, before);
  return select;
}
