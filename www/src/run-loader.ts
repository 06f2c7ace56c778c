// Loading a run: a playground comes from a config (free play), a share link (the URL fragment,
// the address bar changing, or a run file) or a scenario from the catalogue. Loads can overlap
// (a click on a scenario while a link is still opening); the newest wins, and an overtaken load
// frees what it made instead of replacing the newer run.

import { type PageOptions, toConfig } from './config.js';
import { errorText } from './ui/notice.js';
import { type ScenarioInfo, type Session, createPlayground, playgroundFromLink, playgroundFromScenario } from './wasm.js';
import { t } from './i18n/index.js';

/** Where a playground comes from. */
export type Source =
  | { kind: 'config'; options: PageOptions }
  | { kind: 'link'; text: string; from: 'fragment' | 'file' }
  | { kind: 'scenario'; id: string };

/** A run ready to install, with the scenario's title when it is one. */
export interface Loaded {
  session: Session;
  title: string;
}

/** Notices about a refused link or file stay long enough to be read. */
export const LOAD_ERROR_MS = 12_000;

function openSession(source: Source): Promise<Session> {
  switch (source.kind) {
    case 'config':
      return createPlayground(toConfig(source.options));
    case 'link':
      return playgroundFromLink(source.text);
    case 'scenario':
      return playgroundFromScenario(source.id);
  }
}

export class RunLoader {
  /** Counts loads, so each can tell whether a later one started meanwhile. */
  private generation = 0;

  /** `scenarios` gives the catalogue's titles (loaded lazily elsewhere). */
  constructor(private readonly scenarios: () => Promise<ScenarioInfo[]>) {}

  /**
   * Opens `source`. Resolves to null when a later load started meanwhile (what this one made is
   * freed); throws the source's own Error, but only while this load is still the newest.
   */
  async load(source: Source): Promise<Loaded | null> {
    const generation = ++this.generation;
    const overtaken = (): boolean => generation !== this.generation;
    let session: Session;
    try {
      session = await openSession(source);
    } catch (e) {
      if (overtaken()) return null;
      throw e;
    }
    let title = '';
    if (!overtaken() && source.kind === 'scenario') {
      const list = await this.scenarios();
      title = list.find((s) => s.id === source.id)?.title ?? source.id;
    }
    if (overtaken()) {
      session.playground.free();
      return null;
    }
    return { session, title };
  }
}

/**
 * Why a link, run file or scenario could not be opened, and what happens instead: the current
 * run goes on (`keepsRun`), or a fresh cluster starts.
 */
export function refusalText(source: Exclude<Source, { kind: 'config' }>, e: unknown, keepsRun: boolean): string {
  const what = t(source.kind === 'scenario' ? 'load.scenarioFailed' : source.from === 'file' ? 'load.fileFailed' : 'load.linkFailed');
  const keeps = t(keepsRun ? 'load.keepsRun' : 'load.freshCluster');
  // The reason is the binding's code, phrased in the page's language (i18n/failure-words.ts).
  const why = errorText(e).replace(/[.\s]+$/, '');
  return t('load.failed', { what, why, keeps });
}
