// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { Header, orientationText } from './header.js';

let app: HTMLElement;

beforeEach(() => {
  document.body.innerHTML = '<div id="app"><div class="rp-toolbar"></div></div>';
  app = document.getElementById('app') as HTMLElement;
});

const q = (id: string): HTMLElement => app.querySelector(`[data-testid="${id}"]`) as HTMLElement;

describe('header', () => {
  it('says what the reader sees and can do, with the real server count', () => {
    const h = new Header(app);
    expect(app.firstElementChild).toBe(h.el);
    h.showCount(7);
    expect(q('orientation').textContent).toBe(orientationText(7));
    expect(orientationText(7)).toMatch(/^7 servers elect a leader\. Click a server to crash it or time it out; drag it away to cut it off; Submit sends a client request\.$/);
  });

  it('the ? button opens and closes the (empty, hidden) help sheet; toggle(false) closes it', () => {
    const h = new Header(app);
    const sheet = q('help-sheet');
    expect(sheet.hidden).toBe(true);
    expect(sheet.childElementCount).toBe(0);
    q('help').click();
    expect(sheet.hidden).toBe(false);
    expect(q('help').getAttribute('aria-expanded')).toBe('true');
    // Escape is in the key table (input.ts), which calls toggle(false).
    h.toggle(false);
    expect(sheet.hidden).toBe(true);
    q('help').click();
    q('help').click();
    expect(sheet.hidden).toBe(true);
    expect(q('help').getAttribute('aria-controls')).toBe(sheet.id);
  });
});
