// The orientation line over the full page: what the reader is looking at and what they can do,
// with the real server count, and the `?` button that opens the help sheet (the list of
// shortcuts and gestures, written by ui/help-sheet.ts from the key table). Escape and `?` are
// keys like any other: input.ts's table handles them and calls `toggle`. Embeds hide the header (CSS, by
// the `embed` attribute): a lecture slide has no room for it, and the sheet still opens by key.

import { html, setText } from '../render/dom.js';
import { localize, localizeAttr, t } from '../i18n/index.js';

/** The orientation sentence for a cluster of `count` servers. */
export function orientationText(count: number): string {
  return t('header.orientation', { count });
}

/** Distinguishes the sheets of several elements on one page (aria-controls needs an id). */
let sheetCount = 0;

export class Header {
  readonly el: HTMLElement;
  /** The help sheet: empty and hidden until opened; its content is added by the keys' owner. */
  readonly sheet: HTMLDivElement;
  private readonly text: HTMLSpanElement;
  private readonly button: HTMLButtonElement;
  /** The count the sentence says, so the per-frame call is free when it is unchanged. */
  private countShown = NaN;

  /** The header goes first in `parent`; the sheet right under it (outside it, so embeds can show it). */
  constructor(parent: HTMLElement) {
    this.el = html('header', { class: 'rp-header', 'data-testid': 'header' });
    parent.prepend(this.el);
    localize(html('strong', { class: 'rp-title' }, this.el), 'header.title');
    const sheetId = `rp-help-sheet-${++sheetCount}`;
    this.text = html('span', { class: 'rp-orient', 'data-testid': 'orientation' }, this.el, orientationText(5));
    this.button = html('button', { type: 'button', class: 'rp-help-button', 'data-testid': 'help', 'aria-expanded': 'false', 'aria-controls': sheetId }, this.el, '?');
    localizeAttr(this.button, 'title', 'header.helpTitle');
    this.button.addEventListener('click', () => this.toggle());
    this.sheet = html('div', { class: 'rp-help-sheet', id: sheetId, 'data-testid': 'help-sheet', role: 'dialog', hidden: '' });
    localizeAttr(this.sheet, 'aria-label', 'help.heading');
    this.el.after(this.sheet);
  }

  /**
   * Says how many servers the cluster has in force (its configuration's, §4.1, which membership
   * changes move away from the starting size). Cheap when unchanged (called per frame); `again`
   * re-phrases it, after a language switch.
   */
  showCount(count: number, again = false): void {
    if (count === this.countShown && !again) return;
    this.countShown = count;
    setText(this.text, orientationText(count));
  }

  get open(): boolean {
    return !this.sheet.hidden;
  }

  /** Opens or closes the sheet (`force` picks which). */
  toggle(force?: boolean): void {
    const open = force ?? !this.open;
    this.sheet.hidden = !open;
    this.button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
}
