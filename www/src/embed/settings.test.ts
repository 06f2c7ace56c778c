import { describe, expect, it } from 'vitest';
import { findProblems, problemText } from './problems.js';
import { DEFAULT_SETTINGS, type EmbedAttribute, readSettings } from './settings.js';

const RANGE = { minNodes: 1, maxNodes: 9 };

function read(attrs: Partial<Record<EmbedAttribute, string>>) {
  const pick = (name: EmbedAttribute): string | null => attrs[name] ?? null;
  return { settings: readSettings(pick), problems: findProblems(pick, RANGE) };
}

describe('embedding attributes', () => {
  it('uses the defaults when nothing is given', () => {
    expect(read({})).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('reads every valid value', () => {
    const { settings, problems } = read({ controls: 'minimal', theme: 'DARK', height: '480', autoplay: 'false', speed: '0.1', nodes: '3', seed: '42' });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ controls: 'minimal', theme: 'dark', height: '480px', autoplay: false, speed: 0.1, });
  });

  it('names each bad value and falls back to its default', () => {
    const { settings, problems } = read({ controls: 'some', theme: 'blue', height: '-3px', autoplay: 'maybe', speed: 'fast', nodes: '12', seed: '-1' });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems.map((p) => p.name)).toEqual(['controls', 'theme', 'height', 'autoplay', 'speed', 'nodes', 'seed']);
    expect(problemText(problems[0])).toBe('controls="some" is not understood (expected full | minimal | none); using full.');
    expect(problemText(problems[5])).toContain('a whole number from 1 to 9');
  });

  it('does not judge the node count before the wasm says its limits', () => {
    expect(findProblems((name) => (name === 'nodes' ? '12' : null), null)).toEqual([]);
  });

  it('refuses heights that are not lengths (a percentage of an unsized parent collapses)', () => {
    for (const height of ['50%', 'auto', 'calc(1px)', '480 px', '0']) {
      expect(read({ height }).problems.map((p) => p.name)).toEqual(['height']);
    }
    expect(read({ height: '30em' }).settings.height).toBe('30em');
  });
});
