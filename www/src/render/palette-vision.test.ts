// The palettes against red-green colour-vision deficiencies (deuteranopia, protanopia: about 1 in
// 12 men), simulated with Machado et al. (2009), and the term numbers printed on term colours
// against WCAG contrast. Colour is never the only cue (roles have words and the leader a crown,
// terms their number: see nodes.ts), but where it is a help it must stay one.

import { describe, expect, it } from 'vitest';
import { closestPair, contrast } from '../testing/colour-vision.js';
import { sourceText } from '../testing/source-text.js';
import { termColor, termInk } from './palette.js';

/** CIE76 ΔE below which two colours are easy to confuse at a glance (≈ 2.3 is just noticeable). */
const DISTINCT_DELTA_E = 15;
const TERMS = [1, 2, 3, 4, 5, 6].map(termColor);

/** The message colours, as style.css defines them (Okabe–Ito). */
function messageColours(): string[] {
  const css = sourceText('style.css');
  return ['--ask', '--yes', '--no', '--append', '--append-ok'].map((name) => {
    const m = new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
    if (!m) throw new Error(`${name} not found in style.css`);
    return m[1];
  });
}

describe('palettes under colour-vision deficiencies', () => {
  for (const vision of ['normal', 'deuteranopia', 'protanopia'] as const) {
    it(`every two term colours stay distinct (${vision})`, () => {
      const { deltaE, pair } = closestPair(TERMS, vision);
      expect(deltaE, `${pair.join(' vs ')}`).toBeGreaterThanOrEqual(DISTINCT_DELTA_E);
    });

    it(`every two message colours stay distinct (${vision})`, () => {
      const { deltaE, pair } = closestPair(messageColours(), vision);
      expect(deltaE, `${pair.join(' vs ')}`).toBeGreaterThanOrEqual(DISTINCT_DELTA_E);
    });
  }

  it('the simulation sees what it should: red and green merge for a deuteranope', () => {
    // A check on the check: pure red and a green of the same lightness are close for them.
    expect(closestPair(['#d55e00', '#5e8f00'], 'deuteranopia').deltaE).toBeLessThan(DISTINCT_DELTA_E);
    expect(closestPair(['#d55e00', '#5e8f00'], 'normal').deltaE).toBeGreaterThan(DISTINCT_DELTA_E);
  });

  it('a term number printed on its term colour reads at 4.5:1 or more', () => {
    for (let term = 1; term <= 6; term++) {
      expect(contrast(termInk(term), termColor(term)), `term ${term}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
