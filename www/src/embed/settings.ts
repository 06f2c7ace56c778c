// The embedding attributes of <raft-playground> (and the same names as embed.html's query
// parameters): read, a value not understood left at its default. Which values were not
// understood, and the note saying so inside the element, come after the first draw
// (problems.ts). The run options themselves (nodes, seed, backtracking…) are read by config.ts.

import { clampSpeed } from '../clock.js';

export const CONTROLS = ['full', 'minimal', 'none'] as const;
export type ControlsMode = (typeof CONTROLS)[number];
export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The embedding attributes, observed by the element: a change at run time applies at once.
 * `tour` (`chapter` or `chapter:step`, a scenario id and a step from 1) opens the guided tour there
 * (read where the first run opens, element.ts: start, and on a change in attribute-change.ts);
 * embed.html takes the same names as query parameters.
 */
export const EMBED_ATTRIBUTES = ['nodes', 'seed', 'scenario', 'link', 'speed', 'controls', 'autoplay', 'height', 'theme', 'tour'] as const;
export type EmbedAttribute = (typeof EMBED_ATTRIBUTES)[number];

export interface EmbedSettings {
  controls: ControlsMode;
  theme: Theme;
  /** A CSS length for the element's height, or null: as tall as its layout needs. */
  height: string | null;
  autoplay: boolean;
  /** Virtual ms per wall ms, or null: the clock's default. */
  speed: number | null;
}

export const DEFAULT_SETTINGS: EmbedSettings = { controls: 'full', theme: 'auto', height: null, autoplay: true, speed: null };

const LENGTH = /^\d+(\.\d+)?(px|em|rem|vh|svh|dvh|lh)$/;

function oneOf<T extends string>(list: readonly T[]): (text: string) => T | undefined {
  return (text) => {
    const t = text.trim().toLowerCase();
    return (list as readonly string[]).includes(t) ? (t as T) : undefined;
  };
}

/** Each setting's reader: its value from the attribute's text, or undefined if not understood. */
export const PARSERS: { [K in keyof EmbedSettings]: (text: string) => EmbedSettings[K] | undefined } = {
  controls: oneOf(CONTROLS),
  theme: oneOf(THEMES),
  height: (text) => {
    const t = text.trim();
    // A bare number is pixels, as in <iframe height>.
    const v = /^\d+(\.\d+)?$/.test(t) ? `${t}px` : t;
    return LENGTH.test(v) && Number.parseFloat(v) > 0 ? v : undefined;
  },
  autoplay: (text) => {
    const t = text.trim().toLowerCase();
    if (t === '' || t === '1' || t === 'true' || t === 'on' || t === 'yes') return true;
    if (t === '0' || t === 'false' || t === 'off' || t === 'no') return false;
    return undefined;
  },
  speed: (text) => {
    const v = Number(text);
    return text.trim() !== '' && Number.isFinite(v) && v > 0 ? clampSpeed(v) : undefined;
  },
};

/** Reads the embedding settings from `pick` (attribute, else query parameter, else null). */
export function readSettings(pick: (name: EmbedAttribute) => string | null): EmbedSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [name, parse] of Object.entries(PARSERS)) {
    const text = pick(name as EmbedAttribute);
    const value = text === null ? undefined : parse(text);
    if (value !== undefined) settings[name] = value;
  }
  return settings as unknown as EmbedSettings;
}
