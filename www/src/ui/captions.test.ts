// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CaptionPanel, captionAt } from './captions.js';

const caps = [
  { at: 0, text: 'a' },
  { at: 1000, text: 'b' },
  { at: 2500, text: 'c' },
];

describe('caption by time', () => {
  it('is the latest caption whose time has come', () => {
    expect(captionAt(caps, 0)?.text).toBe('a');
    expect(captionAt(caps, 999.9)?.text).toBe('a');
    expect(captionAt(caps, 1000)?.text).toBe('b');
    expect(captionAt(caps, 2000)?.text).toBe('b');
    expect(captionAt(caps, 1e9)?.text).toBe('c');
  });

  it('is null before the first, and with none', () => {
    expect(captionAt([{ at: 500, text: 'x' }], 100)).toBeNull();
    expect(captionAt([], 100)).toBeNull();
  });

  it('does not depend on order, and the later of equal times wins', () => {
    const shuffled = [caps[2], caps[0], caps[1]];
    expect(captionAt(shuffled, 1500)?.text).toBe('b');
    expect(captionAt([{ at: 5, text: 'first' }, { at: 5, text: 'second' }], 5)?.text).toBe('second');
  });

  it('moves with the cursor in the panel, as text', () => {
    const host = document.createElement('div');
    const panel = new CaptionPanel(host, null, { exit: () => {} });
    panel.load({ title: '<b>Title</b>', captions: [{ at: 0, text: '<img src=x>' }, ...caps.slice(1)] });
    panel.update(1200);
    const text = host.querySelector('[data-testid="caption"]');
    expect(text?.textContent).toBe('b');
    panel.update(10);
    expect(text?.textContent).toBe('<img src=x>');
    expect(host.querySelector('img, b')).toBeNull();
    panel.load(null);
    expect(panel.active).toBe(false);
  });
});
