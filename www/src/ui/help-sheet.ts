// The `?` sheet: every shortcut and gesture, written from input.ts's key table (the same table
// the key handler reads, so the sheet cannot promise a key that does something else). The
// header owns the sheet's container, its `?` button and whether it is open; this only writes
// what it says.

import { GESTURES, KEY_TABLE, type KeyBinding } from '../input.js';
import { html } from '../render/dom.js';

/** Writes the sheet into `sheet`; its × button calls `close`. */
export function fillHelpSheet(sheet: HTMLElement, close: () => void): void {
  sheet.replaceChildren();
  const head = html('div', { class: 'help-head' }, sheet);
  html('h2', {}, head, 'Shortcuts and gestures');
  const closeButton = html('button', { type: 'button', class: 'help-close', 'data-testid': 'help-close', 'aria-label': 'Close' }, head, '×');
  closeButton.addEventListener('click', close);
  const sections = new Map<KeyBinding['section'], KeyBinding[]>();
  for (const b of KEY_TABLE) {
    const list = sections.get(b.section) ?? [];
    list.push(b);
    sections.set(b.section, list);
  }
  for (const [section, rows] of sections) {
    html('h3', {}, sheet, section);
    const table = html('dl', { class: 'help-keys' }, sheet);
    for (const b of rows) {
      const dt = html('dt', { 'data-command': b.command }, table);
      html('kbd', {}, dt, b.label);
      html('dd', { 'data-command': b.command }, table, b.does);
    }
  }
  html('h3', {}, sheet, 'With the pointer');
  const gestures = html('dl', { class: 'help-keys' }, sheet);
  for (const g of GESTURES) {
    html('dt', {}, gestures, g.gesture);
    html('dd', {}, gestures, g.does);
  }
}
