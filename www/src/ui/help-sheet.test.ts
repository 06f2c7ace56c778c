// @vitest-environment jsdom
// The `?` sheet is written from the key table: every binding appears with its keys and words.
import { describe, expect, it } from 'vitest';
import { KEY_TABLE } from '../input.js';
import { HelpSheet } from './help-sheet.js';

describe('HelpSheet', () => {
  it('lists every key of the table, hidden until toggled', () => {
    const host = document.createElement('div');
    const sheet = new HelpSheet(host, host, host);
    expect(sheet.open).toBe(false);
    expect(sheet.toggle()).toBe(true);
    const rows = Array.from(host.querySelectorAll('dt[data-command]'));
    expect(rows.map((r) => r.getAttribute('data-command'))).toEqual(KEY_TABLE.map((b) => b.command));
    expect(rows.map((r) => r.textContent)).toEqual(KEY_TABLE.map((b) => b.label));
    sheet.toggle(false);
    expect(sheet.open).toBe(false);
  });

  it("fills the layout's container and wires its ? button when they exist", () => {
    const host = document.createElement('div');
    host.innerHTML = '<button data-testid="help">?</button><div data-testid="help-sheet" hidden></div>';
    new HelpSheet(host, host, host);
    expect(host.querySelectorAll('[data-testid="help-sheet"]')).toHaveLength(1);
    (host.querySelector('[data-testid="help"]') as HTMLButtonElement).click();
    expect((host.querySelector('[data-testid="help-sheet"]') as HTMLElement).hidden).toBe(false);
    expect(host.querySelector('[data-testid="help-sheet"] dd')?.textContent).toBe(KEY_TABLE[0].does);
  });
});
