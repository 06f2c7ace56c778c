// @vitest-environment jsdom
// The narrow toolbar's sideways scroll is hinted at the edges that hide something, and only there.
import { describe, expect, it } from 'vitest';
import { overflowEdges, watchOverflow } from './overflow-hint.js';

describe('overflowEdges', () => {
  it('is empty when everything fits', () => {
    expect(overflowEdges(0, 300, 300)).toBe('');
    expect(overflowEdges(0, 300.6, 300)).toBe(''); // rounding, not overflow
  });

  it('names the end at the start of a row too long for its box, both in the middle, the start at the end', () => {
    expect(overflowEdges(0, 700, 360)).toBe('end');
    expect(overflowEdges(100, 700, 360)).toBe('both');
    expect(overflowEdges(340, 700, 360)).toBe('start');
  });
});

describe('watchOverflow', () => {
  it('sets data-overflow on the row and follows its scrolling', () => {
    const row = document.createElement('div');
    document.body.appendChild(row);
    // jsdom has no layout: give the row the sizes a 360 px toolbar has.
    Object.defineProperty(row, 'scrollWidth', { value: 700, configurable: true });
    Object.defineProperty(row, 'clientWidth', { value: 360, configurable: true });
    const stop = watchOverflow(row);
    expect(row.getAttribute('data-overflow')).toBe('end');
    row.scrollLeft = 340;
    row.dispatchEvent(new Event('scroll'));
    expect(row.getAttribute('data-overflow')).toBe('start');
    stop();
    row.scrollLeft = 100;
    row.dispatchEvent(new Event('scroll'));
    expect(row.getAttribute('data-overflow')).toBe('start'); // no longer watched
  });

  it('sets nothing when the row fits', () => {
    const row = document.createElement('div');
    Object.defineProperty(row, 'scrollWidth', { value: 300, configurable: true });
    Object.defineProperty(row, 'clientWidth', { value: 300, configurable: true });
    watchOverflow(row);
    expect(row.hasAttribute('data-overflow')).toBe(false);
  });
});
