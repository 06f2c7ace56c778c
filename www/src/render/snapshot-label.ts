// The label of a log row's snapshot block (log compaction, §7): "snapshot ≤ 10 · t1". The block
// spans the discarded entries, and the log panel follows the newest entries, so usually only the
// block's right end is on screen: a label laid out in the whole block was cut on the left
// ("shot ≤ 10 · t1"). The label is instead placed in the part of the block the scroller shows,
// in the longest form that fits there (full, without the word, the index alone, or nothing). The
// full text stays in the block for screen readers and tests, and in its title. The label is the
// block's generated content (style.css).

/** Room kept between the label and the visible part's edges, px (inside the block's border). */
export const LABEL_PAD = 6;
/** The block's border width, px (style.css). */
const BORDER = 2;

/** Where a label fits in a block: its room, and how far its right end sits from the block's. */
export interface LabelPlace {
  room: number;
  right: number;
}

/**
 * The part of a block spanning [left, right] (px in the scrolled content) that a scroller at
 * `scrollLeft`, `viewWidth` wide, shows: the width a label has there, and its right end's
 * distance from the block's right edge.
 */
export function visiblePart(left: number, right: number, scrollLeft: number, viewWidth: number): LabelPlace {
  const from = Math.max(left, scrollLeft);
  const to = Math.min(right, scrollLeft + viewWidth);
  // `right` is measured from the block's padding box, where its generated label is placed.
  return { room: Math.max(0, to - from - 2 * LABEL_PAD - 2 * BORDER), right: Math.max(0, right - to) - BORDER + LABEL_PAD };
}

/** The first of `labels` (longest first) whose width fits `room`; '' when none does. */
export function fitLabel(room: number, labels: readonly string[], width: (text: string) => number): string {
  for (const label of labels) if (width(label) <= room) return label;
  return '';
}

const widths = new Map<string, number>();
let measurer: OffscreenCanvasRenderingContext2D | null | undefined;

/**
 * A label's width in `font`, px: measured on a canvas (no layout), or estimated where there is
 * none (a test's DOM) from its characters, wide ones (CJK) counting double.
 */
export function textWidth(text: string, font: string): number {
  const key = `${font}|${text}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  if (measurer === undefined) measurer = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1).getContext('2d') : null;
  let w: number;
  if (measurer) {
    measurer.font = font;
    w = Math.ceil(measurer.measureText(text).width);
  } else {
    w = 0;
    for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 11 : 6.6;
  }
  if (widths.size > 500) widths.clear();
  widths.set(key, w);
  return w;
}
