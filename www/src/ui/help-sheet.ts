// The `?` sheet: every shortcut and gesture, written from input.ts's key table (the same table
// the key handler reads, so the sheet cannot promise a key that does something else). It fills
// the element's `[data-testid="help-sheet"]` container when the layout provides one, and makes
// its own otherwise; likewise the `?` button.

import { GESTURES, KEY_TABLE, type KeyBinding } from '../input.js';
import { html, setClass } from '../render/dom.js';

export class HelpSheet {
  readonly el: HTMLElement;
  readonly button: HTMLElement;

  /**
   * `host`: searched for an existing sheet and `?` button; `sheetParent` / `buttonParent`:
   * where to put them when there are none.
   */
  constructor(host: HTMLElement, sheetParent: HTMLElement, buttonParent: HTMLElement, onClose: () => void = () => {}) {
    this.el =
      host.querySelector<HTMLElement>('[data-testid="help-sheet"]') ??
      html('div', { class: 'rp-help-sheet hidden', 'data-testid': 'help-sheet' }, sheetParent);
    this.el.classList.add('rp-help-sheet');
    this.el.setAttribute('role', 'dialog');
    this.el.setAttribute('aria-label', 'Shortcuts and gestures');
    this.button =
      host.querySelector<HTMLElement>('[data-testid="help"]') ??
      html('button', { type: 'button', class: 'rp-help-button', 'data-testid': 'help', title: 'Shortcuts and gestures (?)', 'aria-label': 'Shortcuts and gestures' }, buttonParent, '?');
    this.button.addEventListener('click', () => this.toggle());
    this.fill(onClose);
    this.show(false);
  }

  get open(): boolean {
    return !this.el.classList.contains('hidden') && !this.el.hidden;
  }

  toggle(open = !this.open): boolean {
    this.show(open);
    return open;
  }

  private show(open: boolean): void {
    this.el.hidden = !open;
    setClass(this.el, 'hidden', !open);
    this.button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  private fill(onClose: () => void): void {
    this.el.replaceChildren();
    const head = html('div', { class: 'help-head' }, this.el);
    html('h2', {}, head, 'Shortcuts and gestures');
    const close = html('button', { type: 'button', class: 'help-close', 'data-testid': 'help-close', 'aria-label': 'Close' }, head, '×');
    close.addEventListener('click', () => {
      this.show(false);
      onClose();
    });
    const sections = new Map<KeyBinding['section'], KeyBinding[]>();
    for (const b of KEY_TABLE) {
      const list = sections.get(b.section) ?? [];
      list.push(b);
      sections.set(b.section, list);
    }
    for (const [section, rows] of sections) {
      html('h3', {}, this.el, section);
      const table = html('dl', { class: 'help-keys' }, this.el);
      for (const b of rows) {
        const dt = html('dt', { 'data-command': b.command }, table);
        html('kbd', {}, dt, b.label);
        html('dd', { 'data-command': b.command }, table, b.does);
      }
    }
    html('h3', {}, this.el, 'With the pointer');
    const gestures = html('dl', { class: 'help-keys' }, this.el);
    for (const g of GESTURES) {
      html('dt', {}, gestures, g.gesture);
      html('dd', {}, gestures, g.does);
    }
  }
}
