// Scenario titles and captions in the reader's language. The English comes from raft-core
// (www/src/scenarios.json); other languages keep theirs keyed by scenario id and caption index
// (never by the English text), in a chunk fetched with the catalogue only when that language is on.

import { type Language, language } from './index.js';
import type { ScenarioText } from './scenarios.zh-CN.js';

const loaders: Record<Exclude<Language, 'en'>, () => Promise<Readonly<Record<string, ScenarioText>>>> = {
  'zh-CN': () => import('./scenarios.zh-CN.js').then((m) => m.SCENARIOS_ZH),
};

/** What a catalogue entry needs for its words to be replaced. */
interface Worded {
  id: string;
  title: string;
  captions: readonly { text: string }[];
}

/** The entries with title and captions in the current language (English, or a missing one, as it is). */
export async function localizeScenarios<T extends Worded>(list: readonly T[]): Promise<T[]> {
  const lang = language();
  if (lang === 'en') return [...list];
  const texts = await loaders[lang]();
  return list.map((entry) => {
    const words = texts[entry.id];
    if (!words) return entry;
    return { ...entry, title: words.title, captions: entry.captions.map((c, i) => ({ ...c, text: words.captions[i] ?? c.text })) };
  });
}
