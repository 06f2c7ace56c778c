// Which embedding attribute values were not understood, and how the note inside the element
// words them: what the value must be and what is used instead. Loaded with the page's extras.

import type { NodeRange } from '../config.js';
import { CONTROLS, type EmbedAttribute, PARSERS, THEMES } from './settings.js';

/** A value that was not understood. */
export interface SettingProblem {
  name: EmbedAttribute;
  value: string;
  /** The node counts allowed, for `nodes`. */
  range?: NodeRange;
}

const isWhole = (text: string, min: number, max: number): boolean => {
  const v = Number(text);
  return text.trim() !== '' && Number.isInteger(v) && v >= min && v <= max;
};

/**
 * The values `pick` gives that are not understood. `range`: the wasm's node limits (null while
 * it loads: nodes is then not judged yet).
 */
export function findProblems(pick: (name: EmbedAttribute) => string | null, range: NodeRange | null): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const [name, parse] of Object.entries(PARSERS)) {
    const value = pick(name as EmbedAttribute);
    if (value !== null && parse(value) === undefined) problems.push({ name: name as EmbedAttribute, value });
  }
  const nodes = pick('nodes');
  if (nodes !== null && range !== null && !isWhole(nodes, range.minNodes, range.maxNodes)) problems.push({ name: 'nodes', value: nodes, range });
  const seed = pick('seed');
  if (seed !== null && !isWhole(seed, 0, 0xffffffff)) problems.push({ name: 'seed', value: seed });
  return problems;
}

const EXPECTED: Record<EmbedAttribute, string> = {
  nodes: 'a whole number of servers',
  seed: 'a whole number from 0 to 4294967295',
  scenario: 'a scenario id',
  link: 'a share link',
  speed: 'a positive number (virtual ms per real ms, e.g. 0.05)',
  controls: CONTROLS.join(' | '),
  autoplay: 'true or false',
  height: 'a length such as 480px, 30em or 60vh',
  tour: 'a tour chapter and step, such as split-vote:2',
  theme: THEMES.join(' | '),
};

const USED: Record<EmbedAttribute, string> = {
  nodes: '5',
  seed: 'a random seed',
  scenario: 'free play',
  link: 'the default cluster',
  speed: 'the default speed',
  controls: 'full',
  autoplay: 'true',
  height: 'its natural height',
  theme: 'auto',
  tour: 'the tour from its start',
};

/** One line per problem, as the element shows them. */
export function problemText(p: SettingProblem): string {
  const expected = p.name === 'nodes' && p.range ? `a whole number from ${p.range.minNodes} to ${p.range.maxNodes}` : EXPECTED[p.name];
  return `${p.name}="${p.value}" is not understood (expected ${expected}); using ${USED[p.name]}.`;
}
