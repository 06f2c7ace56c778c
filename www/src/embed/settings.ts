// The embedding attributes of <raft-playground> (and the same names as embed.html's query
// parameters): read, checked, and a bad value replaced by its default with a problem saying so,
// which the element shows inside itself. The run options themselves (nodes, seed, backtracking…)
// are read by config.ts; this checks the ones a host page writes by hand.

import { clampSpeed } from '../clock.js';
import type { NodeRange } from '../config.js';

export const CONTROLS = ['full', 'minimal', 'none'] as const;
export type ControlsMode = (typeof CONTROLS)[number];
export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

/** Attributes that change the element at run time (the rest are read when a run opens). */
export const EMBED_ATTRIBUTES = ['nodes', 'seed', 'scenario', 'link', 'speed', 'controls', 'autoplay', 'height', 'theme'] as const;
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

/** A value that was not understood: what it was, what it must be, what is used instead. */
export interface SettingProblem {
  name: EmbedAttribute;
  value: string;
  expected: string;
  used: string;
}

export const DEFAULT_SETTINGS: EmbedSettings = { controls: 'full', theme: 'auto', height: null, autoplay: true, speed: null };

const LENGTH = /^\d+(\.\d+)?(px|em|rem|vh|svh|dvh|lh)$/;

function parseFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '1' || t === 'true' || t === 'on' || t === 'yes') return true;
  if (t === '0' || t === 'false' || t === 'off' || t === 'no') return false;
  return null;
}

function oneOf<T extends string>(list: readonly T[], text: string): T | null {
  const t = text.trim().toLowerCase();
  return (list as readonly string[]).includes(t) ? (t as T) : null;
}

/**
 * Reads the embedding settings from `pick` (attribute, else query parameter, else null).
 * `range`: the wasm's node limits (null while it loads: nodes is then not judged yet).
 */
export function readSettings(
  pick: (name: EmbedAttribute) => string | null,
  range: NodeRange | null,
): { settings: EmbedSettings; problems: SettingProblem[] } {
  const settings: EmbedSettings = { ...DEFAULT_SETTINGS };
  const problems: SettingProblem[] = [];
  const bad = (name: EmbedAttribute, value: string, expected: string, used: string): void => {
    problems.push({ name, value, expected, used });
  };

  const controls = pick('controls');
  if (controls !== null) {
    const v = oneOf(CONTROLS, controls);
    if (v) settings.controls = v;
    else bad('controls', controls, CONTROLS.join(' | '), settings.controls);
  }
  const theme = pick('theme');
  if (theme !== null) {
    const v = oneOf(THEMES, theme);
    if (v) settings.theme = v;
    else bad('theme', theme, THEMES.join(' | '), settings.theme);
  }
  const height = pick('height');
  if (height !== null) {
    const t = height.trim();
    // A bare number is pixels, as in <iframe height>.
    const v = /^\d+(\.\d+)?$/.test(t) ? `${t}px` : t;
    if (LENGTH.test(v) && Number.parseFloat(v) > 0) settings.height = v;
    else bad('height', height, 'a length such as 480px, 30em or 60vh', 'its natural height');
  }
  const autoplay = pick('autoplay');
  if (autoplay !== null) {
    const v = parseFlag(autoplay);
    if (v !== null) settings.autoplay = v;
    else bad('autoplay', autoplay, 'true or false', 'true');
  }
  const speed = pick('speed');
  if (speed !== null) {
    const v = Number(speed);
    if (speed.trim() !== '' && Number.isFinite(v) && v > 0) settings.speed = clampSpeed(v);
    else bad('speed', speed, 'a positive number (virtual ms per real ms, e.g. 0.05)', 'the default speed');
  }
  const nodes = pick('nodes');
  if (nodes !== null && range !== null) {
    const v = Number(nodes);
    if (!(Number.isInteger(v) && v >= range.minNodes && v <= range.maxNodes)) {
      bad('nodes', nodes, `a whole number from ${range.minNodes} to ${range.maxNodes}`, '5');
    }
  }
  const seed = pick('seed');
  if (seed !== null) {
    const v = Number(seed);
    if (!(seed.trim() !== '' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
      bad('seed', seed, 'a whole number from 0 to 4294967295', 'a random seed');
    }
  }
  return { settings, problems };
}

/** One line per problem, as the element shows them. */
export function problemText(p: SettingProblem): string {
  return `${p.name}="${p.value}" is not understood (expected ${p.expected}); using ${p.used}.`;
}
