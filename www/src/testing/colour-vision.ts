// Tests only: how a colour looks to a reader with a red-green colour-vision deficiency, and how
// far apart two colours look. Machado, Oliveira & Fernandes (2009), "A physiologically-based
// model for simulation of color vision deficiency", severity 1.0 matrices (applied to linear
// RGB); distances are CIE76 ΔE in CIELAB (D65).

export type Rgb = [number, number, number];
export type Vision = 'normal' | 'deuteranopia' | 'protanopia';

const MATRICES: Record<Exclude<Vision, 'normal'>, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};

export function hexRgb(hex: string): Rgb {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const toLinear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** Linear RGB (0..1) of `hex` as seen with `vision`. */
function seenLinear(hex: string, vision: Vision): Rgb {
  const lin = hexRgb(hex).map(toLinear) as Rgb;
  if (vision === 'normal') return lin;
  const m = MATRICES[vision];
  return m.map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]))) as Rgb;
}

function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 ΔE between `a` and `b` as a reader with `vision` sees them. */
export function deltaE(a: string, b: string, vision: Vision): number {
  const [l1, a1, b1] = lab(seenLinear(a, vision));
  const [l2, a2, b2] = lab(seenLinear(b, vision));
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The closest pair of `colours` for `vision`: its ΔE and the pair. */
export function closestPair(colours: readonly string[], vision: Vision): { deltaE: number; pair: [string, string] } {
  let best = { deltaE: Infinity, pair: ['', ''] as [string, string] };
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) {
      const d = deltaE(colours[i], colours[j], vision);
      if (d < best.deltaE) best = { deltaE: d, pair: [colours[i], colours[j]] };
    }
  }
  return best;
}

/** WCAG contrast ratio of two colours (as displayed, normal vision). */
export function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const [r, g, bl] = hexRgb(hex).map(toLinear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
