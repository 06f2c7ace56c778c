// The one place that instantiates the wasm module and opens runs (config, link, scenario).

import init, { type Limits, LinkOpening, Playground, type PlaygroundConfig, type ScenarioEntry, limits } from '../pkg/raft_playground_web.js';
import { FIRST_SLICE_EVENTS, nextSliceEvents } from './fast-forward.js';
import type { CaptionView } from './view.js';
import { localizeScenarios } from './i18n/scenario-text.js';
import { failureError } from './i18n/failure-words.js';

/**
 * What the page drives: the generated class's instance side, typed by its generated .d.ts (no
 * hand-written copy). Test fakes implement `Pick`s of it.
 */
export type PlaygroundApi = { [K in keyof Playground as K extends string ? K : never]: Playground[K] };

/**
 * A loaded run: the wasm playground, and for a scenario the story told over it (its id and
 * captions come from the page's catalogue, not from the wasm, which knows only the run).
 */
export interface Session {
  playground: PlaygroundApi;
  scenarioId: string | null;
  captions: CaptionView[];
  /** raft-core's limits, as the wasm reports them. */
  limits: Limits;
}

let loading: Promise<void> | null = null;

/**
 * Fetches and instantiates the wasm on first use. The generated glue is imported statically
 * (view.ts reads its layout enums, which need no instance); the wasm itself streams in here, so
 * a missing or broken module becomes an error the page can show, not a blank page.
 */
function loadModule(): Promise<void> {
  loading ??= init()
    .then(() => undefined)
    .catch((e: unknown) => {
      loading = null; // let a later attempt retry
      throw e;
    });
  return loading;
}

/** raft-core's limits (nodes, horizon, latency, link length...), once the wasm is loaded. */
export async function loadLimits(): Promise<Limits> {
  await loadModule();
  return limits();
}

/** Creates a playground; throws the binding's Error for a bad config. */
export async function createPlayground(config: PlaygroundConfig): Promise<Session> {
  await loadModule();
  return { playground: new Playground(config), scenarioId: null, captions: [], limits: limits() };
}

/**
 * Opens a share link ("r2.…", a leading '#' allowed); throws an Error saying what is wrong. The
 * replay to the link's moment (up to an hour of a run) runs in slices of about 20 ms, one per
 * macrotask, so the page stays responsive while a long link opens.
 */
export async function playgroundFromLink(text: string): Promise<Session> {
  await loadModule();
  const opening = LinkOpening.begin(text);
  try {
    let events = FIRST_SLICE_EVENTS;
    for (;;) {
      const t0 = performance.now();
      const done = opening.step(events);
      if (done) break;
      events = nextSliceEvents(events, performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { playground: opening.finish(), scenarioId: null, captions: [], limits: limits() };
  } finally {
    opening.free();
  }
}

/** What the scenario menu shows of a scenario. */
export type ScenarioInfo = Pick<ScenarioEntry, 'id' | 'title' | 'durationMs'>;

let catalogue: Promise<ScenarioEntry[]> | null = null;

/**
 * The scenario catalogue (www/src/scenarios.json, generated from raft-core's scenarios; its
 * shape is web/src/catalogue.rs's, checked against the file by the native tests), loaded on
 * first use so it costs the first load nothing.
 */
function loadCatalogue(): Promise<ScenarioEntry[]> {
  catalogue ??= import('./scenarios.json').then((m): ScenarioEntry[] => m.default);
  return catalogue;
}

/** Loads a scenario by id; throws for an unknown id. */
export async function playgroundFromScenario(id: string): Promise<Session> {
  const [, list] = await Promise.all([loadModule(), loadCatalogue().then(localizeScenarios)]);
  const entry = list.find((s) => s.id === id);
  if (entry === undefined) {
    throw failureError({ code: 'unknownScenario', values: { id } }, `unknown scenario '${id}' (known: ${list.map((s) => s.id).join(', ')})`);
  }
  const captions = entry.captions.map((c) => ({ at: c.atMs, text: c.text }));
  return { playground: Playground.fromLink(entry.link), scenarioId: entry.id, captions, limits: limits() };
}

/** The whole catalogue (the guided tour reads every scenario's captions). */
export function scenarioCatalogue(): Promise<ScenarioEntry[]> {
  return loadCatalogue().then(localizeScenarios);
}

/** The scenarios in teaching order. */
export async function listScenarios(): Promise<ScenarioInfo[]> {
  const list = await loadCatalogue().then(localizeScenarios);
  return list.map(({ id, title, durationMs }) => ({ id, title, durationMs }));
}
