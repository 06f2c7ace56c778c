// Which embedding attribute values were not understood, and how the note inside the element
// words them: what the value must be and what is used instead. Loaded with the page's extras.

import type { NodeRange } from '../config.js';
import { CONTROLS, type EmbedAttribute, PARSERS, THEMES } from './settings.js';
import { LANGUAGES, type PlainKey, matchLanguage, t } from '../i18n/index.js';

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
  const lang = pick('lang');
  if (lang !== null && matchLanguage(lang) === null) problems.push({ name: 'lang', value: lang });
  return problems;
}

/** What each attribute takes: a catalog key, or the literal values themselves. */
const EXPECTED: Record<EmbedAttribute, PlainKey | (() => string)> = {
  nodes: 'attr.expected.nodes',
  seed: 'attr.expected.seed',
  scenario: 'attr.expected.scenario',
  link: 'attr.expected.link',
  speed: 'attr.expected.speed',
  controls: () => CONTROLS.join(' | '),
  autoplay: () => 'true | false',
  height: 'attr.expected.height',
  tour: 'attr.expected.tour',
  theme: () => THEMES.join(' | '),
  lang: () => LANGUAGES.join(' | '),
};

/** What the element uses instead: a catalog key, or a literal value. */
const USED: Record<EmbedAttribute, PlainKey | (() => string)> = {
  nodes: () => '5',
  seed: 'attr.used.seed',
  scenario: 'attr.used.scenario',
  link: 'attr.used.link',
  speed: 'attr.used.speed',
  controls: () => 'full',
  autoplay: () => 'true',
  height: 'attr.used.height',
  theme: () => 'auto',
  tour: 'attr.used.tour',
  lang: 'attr.used.lang',
};

const say = (text: PlainKey | (() => string)): string => (typeof text === 'function' ? text() : t(text));

/** One line per problem, as the element shows them, in the page's language. */
export function problemText(p: SettingProblem): string {
  const expected = p.name === 'nodes' && p.range ? t('attr.expected.nodesRange', { min: p.range.minNodes, max: p.range.maxNodes }) : say(EXPECTED[p.name]);
  return t('attr.problem', { name: p.name, value: p.value, expected, used: say(USED[p.name]) });
}
