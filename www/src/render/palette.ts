// Colours. Terms use Paul Tol's "bright" qualitative scheme, chosen to stay distinguishable
// under the common colour-vision deficiencies; the term number is always printed as well, so
// colour is a help, never the only cue.

const TERM_COLORS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377'] as const;
/** Text colour that reads on each of TERM_COLORS. */
const TERM_INK = ['#ffffff', '#1a1a1a', '#ffffff', '#1a1a1a', '#1a1a1a', '#ffffff'] as const;
/** The same colours mixed 80% with white, for node bodies. */
const TERM_TINTS = TERM_COLORS.map((c) => mixWithWhite(c, 0.8));

function slot(term: number): number {
  if (!(term > 0)) return -1;
  return (Math.floor(term) - 1) % TERM_COLORS.length;
}

export function termColor(term: number): string {
  const i = slot(term);
  return i < 0 ? '#888888' : TERM_COLORS[i];
}

export function termInk(term: number): string {
  const i = slot(term);
  return i < 0 ? '#ffffff' : TERM_INK[i];
}

export function termTint(term: number): string {
  const i = slot(term);
  return i < 0 ? '#f4f4f4' : TERM_TINTS[i];
}

export function mixWithWhite(hex: string, amount: number): string {
  const v = parseInt(hex.slice(1), 16);
  const mix = (c: number): number => Math.round(c + (255 - c) * amount);
  const r = mix((v >> 16) & 255);
  const g = mix((v >> 8) & 255);
  const b = mix(v & 255);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}
