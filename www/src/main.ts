// <raft-playground>: the whole page in one element, for the full page, the embed page and docs.
// It owns the playground, the clock, the scene, input and controls, and is the only place that
// calls the playground's actions; every call is guarded so an Error becomes a notice, never a
// frozen or blank page.

import './style.css';

import { Clock, clampSpeed } from './clock.js';
import { type PageOptions, randomSeed, readOptions, toConfig } from './config.js';
import { Controls } from './controls.js';
import { Input } from './input.js';
import { nodeName } from './narrate.js';
import { Notice, errorText } from './notice.js';
import { html } from './render/dom.js';
import { buildLegend } from './render/legend.js';
import { Scene } from './render/scene.js';
import type { PlaygroundApi } from './view.js';
import { createPlayground } from './wasm.js';

type State = 'loading' | 'ready' | 'error';

export class RaftPlaygroundElement extends HTMLElement {
  /** The live playground (for tests and the console); null while loading or after a failure. */
  playground: PlaygroundApi | null = null;
  /** Resolves once the first playground is drawn (or the failure is shown). */
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => {};
  private built = false;
  private options: PageOptions | null = null;
  private scene: Scene | null = null;
  private controls: Controls | null = null;
  private input: Input | null = null;
  private notice: Notice | null = null;
  private stage: HTMLElement | null = null;
  private logsHost: HTMLElement | null = null;
  private feedHost: HTMLElement | null = null;
  /** Next value to propose: 1, 2, 3... per playground, so entries are easy to follow. */
  private nextValue = 1;
  /** Guards against an older, slower recreate finishing after a newer one. */
  private generation = 0;
  private readonly clock: Clock;

  constructor() {
    super();
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.clock = new Clock({
      frame: (virtualMs, wallMs) => this.frame(virtualMs, wallMs),
      error: (e) => this.notice?.show(`Simulation paused: ${errorText(e)}`, 'error', 8000),
      changed: () => {
        this.controls?.showPlaying(this.clock.playing);
        this.controls?.showSpeed(this.clock.speed);
      },
    });
  }

  connectedCallback(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.built) {
      if (this.playground && !this.hasAttribute('paused')) this.clock.play();
      return;
    }
    this.built = true;
    this.build();
    const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    const options = readOptions((name) => this.getAttribute(name), query);
    const speedParam = Number(this.getAttribute('speed') ?? query.get('speed'));
    if (speedParam > 0) this.clock.setSpeed(clampSpeed(speedParam));
    void this.recreate(options, !this.hasAttribute('paused') && !query.has('paused'));
  }

  disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.clock.pause();
  }

  // Test API --------------------------------------------------------------------------------

  setSpeed(speed: number): void {
    this.clock.setSpeed(speed);
  }

  pause(): void {
    this.clock.pause();
  }

  play(): void {
    if (this.playground) this.clock.play();
  }

  get playing(): boolean {
    return this.clock.playing;
  }

  // Building --------------------------------------------------------------------------------

  private get embed(): boolean {
    return this.hasAttribute('embed');
  }

  private build(): void {
    this.classList.add('rp');
    if (this.embed) this.classList.add('rp-embed');
    this.setState('loading');
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    const app = html('div', { class: 'rp-app' }, this);
    const toolbar = html('div', { class: 'rp-toolbar', role: 'toolbar', 'aria-label': 'Simulation controls' }, app);
    const body = html('div', { class: 'rp-body' }, app);
    const left = html('div', { class: 'rp-main' }, body);
    this.stage = html('div', { class: 'rp-stage', 'data-testid': 'stage' }, left);
    // In a corner of the stage: the ring is round, the corners are free.
    this.notice = new Notice(this.stage, app);
    app.insertBefore(this.notice.violationEl, body); // the banner goes under the toolbar
    html('div', { class: 'rp-loading' }, this.stage, 'Loading the simulator…');
    this.logsHost = html('div', { class: 'rp-logs' }, left);
    const side = html('aside', { class: 'rp-side' }, body);
    const feedBox = html('section', { class: 'rp-feed' }, side);
    html('h2', {}, feedBox, 'What just happened');
    this.feedHost = feedBox;
    const optionsBox = html('section', { class: 'rp-options' }, side);
    html('h2', {}, optionsBox, 'Cluster');
    this.controls = new Controls(toolbar, optionsBox, {
      togglePlay: () => this.togglePlay(),
      step: () => this.stepOnce(),
      submit: () => this.submitToLeader(),
      heal: () => this.act('Heal', (pg) => pg.heal()),
      setSpeed: (speed) => this.clock.setSpeed(speed),
      restart: () => this.restartWith({}),
      newSeed: () => this.restartWith({ seed: randomSeed() }),
      setOptions: (change) => this.restartWith(change),
    });
    if (!this.embed) buildLegend(side);
    this.controls.showPlaying(false);
    this.controls.showSpeed(this.clock.speed);

    this.input = new Input(this.stage, () => this.scene, {
      partition: (groups) => this.act('Partition', (pg) => (groups.length <= 1 ? pg.heal() : pg.setPartition(groups))),
      crash: (node) => this.act(`Crash ${nodeName(node)}`, (pg) => pg.crash(node)),
      restart: (node) => this.act(`Restart ${nodeName(node)}`, (pg) => pg.restart(node)),
      forceTimeout: (node) => this.act(`Timeout ${nodeName(node)}`, (pg) => pg.forceTimeout(node)),
      submitTo: (node) => this.submitTo(node),
      submitToLeader: () => this.submitToLeader(),
      togglePlay: () => this.togglePlay(),
      step: () => this.stepOnce(),
      redraw: () => this.redraw(),
    });
    // On the full page the shortcuts work wherever focus is; an embed listens only when focused,
    // so several embeds on a docs page do not all react to one key.
    this.input.attachKeyboard(this.embed ? this : document);
  }

  private setState(state: State): void {
    this.setAttribute('data-state', state);
  }

  // Lifecycle of a playground -----------------------------------------------------------------

  private async recreate(options: PageOptions, autoplay: boolean): Promise<void> {
    const generation = ++this.generation;
    const wasPlaying = this.clock.playing;
    this.clock.pause();
    let pg: PlaygroundApi;
    try {
      pg = await createPlayground(toConfig(options));
    } catch (e) {
      if (generation !== this.generation) return;
      if (this.playground) {
        // Keep the running playground; say why the new one was refused.
        this.notice?.show(`Could not apply that: ${errorText(e)}`, 'error', 8000);
        if (wasPlaying) this.clock.play();
      } else {
        this.showFatal(e);
      }
      return;
    }
    if (generation !== this.generation) {
      pg.free();
      return;
    }
    this.scene?.destroy();
    this.input?.closeMenu();
    try {
      this.playground?.free();
    } catch {
      // Already freed or poisoned: nothing left to release.
    }
    this.playground = pg;
    const seed = Number.isFinite(pg.seed) ? pg.seed : options.seed;
    this.options = { ...options, seed };
    this.nextValue = 1;
    this.style.setProperty('--rows', String(pg.nodeCount));
    this.stage?.querySelector('.rp-loading')?.remove();
    this.stage?.querySelector('.rp-fatal')?.remove();
    if (this.stage && this.logsHost && this.feedHost) {
      this.scene = new Scene({ stage: this.stage, logs: this.logsHost, feed: this.feedHost }, pg.nodeCount);
      this.scene.onViolation = (text) => this.notice?.showViolation(text);
    }
    this.notice?.showViolation(null);
    this.controls?.showOptions(this.options);
    this.setState('ready');
    this.redraw(true);
    this.resolveReady();
    if (autoplay || wasPlaying) {
      this.clock.play();
      // Opened in a background tab: wait for it to be shown.
      if (document.visibilityState === 'hidden') this.clock.setHidden(true);
    }
  }

  private restartWith(change: Partial<PageOptions>): void {
    if (!this.options) return;
    void this.recreate({ ...this.options, ...change }, this.clock.playing);
  }

  private showFatal(e: unknown): void {
    this.setState('error');
    this.clock.pause();
    const stage = this.stage;
    if (!stage) return;
    stage.querySelector('.rp-loading')?.remove();
    stage.querySelector('.rp-fatal')?.remove();
    const box = html('div', { class: 'rp-fatal', 'data-testid': 'fatal', role: 'alert' }, stage);
    html('strong', {}, box, 'The Raft simulator could not start.');
    html('p', {}, box, errorText(e));
    html('p', {}, box, 'It needs a browser with WebAssembly. Reload the page to try again.');
    const retry = html('button', { type: 'button', 'data-testid': 'retry' }, box, 'Try again');
    retry.addEventListener('click', () => {
      box.remove();
      this.setState('loading');
      const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
      void this.recreate(this.options ?? readOptions((name) => this.getAttribute(name), query), true);
    });
    this.resolveReady();
  }

  // Frames and actions ------------------------------------------------------------------------

  private frame(virtualMs: number, wallMs: number): void {
    const pg = this.playground;
    const scene = this.scene;
    if (!pg || !scene) return;
    if (virtualMs > 0) pg.advance(virtualMs);
    scene.draw(pg, wallMs, this.clock.speed);
    this.controls?.showTime(pg.now());
  }

  /** Draws once. While playing the next frame draws anyway, unless `always`. */
  private redraw(always = false): void {
    if (this.clock.playing && !always) return;
    const pg = this.playground;
    if (!pg || !this.scene) return;
    try {
      this.scene.draw(pg, 0, this.clock.speed);
      this.controls?.showTime(pg.now());
    } catch (e) {
      this.notice?.show(`Drawing failed: ${errorText(e)}`, 'error');
    }
  }

  /** Runs one action on the playground; an Error becomes a notice. */
  private act(label: string, run: (pg: PlaygroundApi) => void): boolean {
    const pg = this.playground;
    if (!pg) return false;
    let ok = true;
    try {
      run(pg);
    } catch (e) {
      ok = false;
      this.notice?.show(`${label}: ${errorText(e)}`, 'warn');
    }
    this.redraw();
    return ok;
  }

  private togglePlay(): void {
    if (!this.playground) return;
    this.clock.toggle();
  }

  private stepOnce(): void {
    this.clock.pause();
    this.act('Step', (pg) => {
      pg.step();
    });
  }

  private submitToLeader(): void {
    const value = this.nextValue;
    this.act(`Entry ${value} refused`, (pg) => {
      const r = pg.proposeToLeader(value);
      this.nextValue++;
      this.notice?.show(`Entry ${value} sent to leader ${nodeName(r.node)} (index ${r.index})`, 'info', 2500);
    });
  }

  private submitTo(node: number): void {
    const value = this.nextValue;
    this.act(`${nodeName(node)} refused entry ${value}`, (pg) => {
      const index = pg.propose(node, value);
      this.nextValue++;
      this.notice?.show(`Entry ${value} accepted by ${nodeName(node)} at index ${index}`, 'info', 2500);
    });
  }

  private readonly onVisibility = (): void => {
    this.clock.setHidden(document.visibilityState === 'hidden');
  };
}

if (typeof customElements !== 'undefined' && !customElements.get('raft-playground')) {
  customElements.define('raft-playground', RaftPlaygroundElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'raft-playground': RaftPlaygroundElement;
  }
}
