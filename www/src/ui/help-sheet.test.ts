// @vitest-environment jsdom
// The `?` sheet is written from the key table: every binding appears with its keys and words.
import { describe, expect, it } from 'vitest';
import { KEY_TABLE } from '../input.js';
import { Header } from './header.js';
import { fillHelpSheet } from './help-sheet.js';

describe('help sheet', () => {
  it('lists every key of the table', () => {
    const sheet = document.createElement('div');
    fillHelpSheet(sheet, () => {});
    const rows = Array.from(sheet.querySelectorAll('dt[data-command]'));
    expect(rows.map((r) => r.getAttribute('data-command'))).toEqual(KEY_TABLE.map((b) => b.command));
    expect(rows.map((r) => r.textContent)).toEqual(KEY_TABLE.map((b) => b.label));
    expect(sheet.querySelector('dd')?.textContent).toBe(KEY_TABLE[0].does);
  });

  it("fills the header's container, which its ? button opens once per click, and × closes", () => {
    const app = document.createElement('div');
    const header = new Header(app);
    fillHelpSheet(header.sheet, () => header.toggle(false));
    const sheet = app.querySelector('[data-testid="help-sheet"]') as HTMLElement;
    expect(app.querySelectorAll('[data-testid="help-sheet"]')).toHaveLength(1);
    (app.querySelector('[data-testid="help"]') as HTMLButtonElement).click();
    expect(sheet.hidden).toBe(false);
    (app.querySelector('[data-testid="help-close"]') as HTMLButtonElement).click();
    expect(sheet.hidden).toBe(true);
  });
});
