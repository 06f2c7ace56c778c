// The snapshot block's label (§7) is placed in the part of the block the log scroller shows and
// shortened to fit there, so a row scrolled to its newest entries never shows it cut on the left.
import { describe, expect, it } from 'vitest';
import { LABEL_PAD, fitLabel, textWidth, visiblePart } from './snapshot-label.js';

const LABELS = ['snapshot ≤ 10 · t1', '≤ 10 · t1', '≤ 10'];
const width = (s: string): number => s.length * 7;

describe('the snapshot block label', () => {
  it('has the whole block when it is all on screen, its right end 6 px inside the block', () => {
    const p = visiblePart(93, 371, 0, 1000);
    expect(p.room).toBe(371 - 93 - 2 * LABEL_PAD - 4);
    expect(p.right).toBe(LABEL_PAD - 2);
  });

  it('has only the part on screen when the row is scrolled to its newest entries', () => {
    // Scrolled so the view starts 60 px before the block's end: 60 px, less the padding.
    expect(visiblePart(93, 371, 311, 400).room).toBe(60 - 2 * LABEL_PAD - 4);
    // Wholly scrolled past: no room.
    expect(visiblePart(93, 371, 500, 400).room).toBe(0);
  });

  it("ends inside the view when the block's right end is off screen (a narrow page)", () => {
    const p = visiblePart(93, 371, 0, 250);
    expect(p.room).toBe(250 - 93 - 2 * LABEL_PAD - 4);
    expect(p.right).toBe(371 - 250 - 2 + LABEL_PAD);
  });

  it('takes the longest form that fits: the full label, without the word, the index, or none', () => {
    expect(fitLabel(200, LABELS, width)).toBe('snapshot ≤ 10 · t1');
    expect(fitLabel(70, LABELS, width)).toBe('≤ 10 · t1');
    expect(fitLabel(30, LABELS, width)).toBe('≤ 10');
    expect(fitLabel(10, LABELS, width)).toBe('');
  });

  it('estimates widths without a canvas, Chinese characters wider', () => {
    expect(textWidth('快照 ≤ 10', 'x')).toBeGreaterThan(textWidth('ab ≤ 10', 'x'));
  });
});
