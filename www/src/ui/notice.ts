// Transient notices (a refused entry, a failed action) and the persistent safety-violation
// banner. Notices replace each other; each fades after a few seconds of wall time.

import { html, setClass } from '../render/dom.js';
import { errorWords } from '../i18n/failure-words.js';
import { t } from '../i18n/index.js';

export const NOTICE_MS = 4000;

export type NoticeTone = 'info' | 'warn' | 'error';

/** What an error says to a person: a coded failure (the binding's, a run file's) in the page's language, else its message. */
export function errorText(e: unknown): string {
  const phrased = errorWords(e);
  if (phrased !== null) return phrased;
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

export class Notice {
  readonly el: HTMLDivElement;
  readonly violationEl: HTMLDivElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** The notice floats in `noticeParent` (a corner of the stage); the banner sits in `bannerParent`. */
  constructor(noticeParent: HTMLElement, bannerParent: HTMLElement) {
    this.el = html('div', { class: 'notice', 'data-testid': 'notice', role: 'status', 'aria-live': 'polite' }, noticeParent);
    this.violationEl = html('div', { class: 'violation hidden', 'data-testid': 'violation', role: 'alert' }, bannerParent);
  }

  show(text: string, tone: NoticeTone = 'info', ms = NOTICE_MS): void {
    this.el.textContent = text;
    this.el.setAttribute('data-tone', tone);
    setClass(this.el, 'visible', true);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), ms);
  }

  /** Hides the notice; the text stays (invisible) so the fade-out does not show an empty pill. */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    setClass(this.el, 'visible', false);
  }

  showViolation(text: string | null): void {
    setClass(this.violationEl, 'hidden', text === null);
    const shown = text === null ? '' : t('notice.violationBanner', { text });
    // Called on every paint: write only a change.
    if (this.violationEl.textContent !== shown) this.violationEl.textContent = shown;
  }
}
