// <raft-playground>: the whole page in one element, for the full page, the embed page and docs.
// It owns the playground, the clock, the scene, input and controls, and is the only place that
// calls the playground's actions; every call is guarded so an Error becomes a notice, never a
// frozen or blank page.
//
// A playground comes from one of three sources: a config (free play), a share link (the URL
// fragment, a run file, or the address bar changing) or a scenario. A link or scenario that
// fails to load says why in a notice and leaves the current run going, or starts the default
// cluster when there is none: never a blank page.

import { FAST_FORWARD_LIMIT_MS, SKIP_MS, formatAxisTime } from './axis.js';
import { Clock, clampSpeed } from './clock.js';
import { FastForward } from './fast-forward.js';
import { advanceInSlices, seekInSlices } from './sliced-seek.js';
import { deliveredMessage, describeStep, steppedNode } from './step-words.js';
import { type MessageView, decodeLog, decodeMessages, decodeNodes } from './view.js';
import { type PageOptions, pageOptionsFrom, randomSeed, readOptions } from './config.js';
import { Input } from './input.js';
import { readFragment } from './links.js';
import { nodeName } from './narrate.js';
import { html } from './render/dom.js';
import { formatTime } from './render/feed.js';
import { Scene } from './render/scene.js';
import { type Loaded, LOAD_ERROR_MS, RunLoader, type Source, refusalText } from './run-loader.js';
import type { Sharing } from './sharing.js';
import type { Limits, SeekSlice, UntilKind } from './view.js';
import { type PlaygroundApi, type ScenarioInfo, type Session, listScenarios, loadLimits, scenarioCatalogue } from './wasm.js';
import type { Inspector } from './ui/inspector.js';
import type { TourPanel } from './ui/tour.js';
import { CaptionPanel } from './ui/captions.js';
import { Controls, doubledSpeed } from './ui/controls.js';
import { Header } from './ui/header.js';
import { buildLanguagePicker } from './ui/language-picker.js';
import { localize, localizeAttr, type PlainKey, t } from './i18n/index.js';
import { followLanguage, languageAttributeChanged } from './i18n/element-language.js';
import { actionWords } from './i18n/action-words.js';
import { Notice, errorText } from './ui/notice.js';
import { SkipProgress } from './ui/skip-progress.js';
import { TravelBar } from './ui/travel-bar.js';
import { ViewTabs } from './ui/view-tabs.js';
import { EmbedHost } from './embed/embed-host.js';
import { EMBED_ATTRIBUTES } from './embed/settings.js';
import { contentRoot, drawsInShadow } from './embed/scoping.js';
import { changeAnswerWords, memberCount, serverToAdd } from './membership.js';
import type { ChangeAnswer } from './view.js';
import { SafetyPanel, type HighlightTargets, type Switches } from './ui/safety-panel.js';
import { violationHeadline } from './safety-words.js';
import { DiagramPane } from './ui/diagram-pane.js';
import { AddressFollower } from './address-bar.js';
import type { MessageCard } from './ui/message-card.js';

type State = 'loading' | 'ready' | 'error';

const UNTIL_WORDS: Record<UntilKind, PlainKey> = {
  leader: 'notice.untilLeader',
  commit: 'notice.untilCommit',
  split: 'notice.untilSplit',
};

/** Where a skip that found its event stopped, for "Paused at …". */
const UNTIL_PLACE: Record<UntilKind, PlainKey> = {
  leader: 'notice.placeLeader',
  commit: 'notice.placeCommit',
  split: 'notice.placeSplit',
};

/** How long after the run last changed the address bar catches up, wall ms. */
export { ADDRESS_DEBOUNCE_MS } from './address-bar.js';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function wallNow(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export class RaftPlaygroundElement extends HTMLElement {
  /** The embedding attributes (embed/settings.ts): a change at run time applies at once. */
  static readonly observedAttributes = EMBED_ATTRIBUTES;
  /** The live playground (for tests and the console); null while loading or after a failure. */
  playground: PlaygroundApi | null = null;
  /** The loaded run: the playground and, for a scenario, its id and captions (tests, console). */
  session: Session | null = null;
  /** The server count the header, the rows and the diagram were last given. */
  private shownCount = -1;
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
  private travel: TravelBar | null = null;
  private captions: CaptionPanel | null = null;
  /** The space-time diagram and the card of a message clicked there or on the ring (both
   * loaded on first use). */
  diagram: DiagramPane | null = null;
  private messageCard: MessageCard | null = null;
  private cardLoading: Promise<MessageCard | null> | null = null;
  /** The guided tour and the server inspector: built, and their code loaded, on first use. */
  tour: TourPanel | null = null;
  inspector: Inspector | null = null;
  /** Where those two go: the tour over the body, the inspector over the feed. */
  private teachingSlots: { app: HTMLElement; body: HTMLElement; side: HTMLElement; feed: HTMLElement } | null = null;
  /** The safety properties, the violation at the cursor and the "Break Raft" switches. */
  private safety: SafetyPanel | null = null;
  /** The scenario's title on show, kept for a replay under other switches. */
  private scenarioTitle = '';
  /** The orientation line and the help sheet (`?`). */
  header: Header | null = null;
  /** The run's link, run files and dropped files (the full page only; embeds share nothing). */
  sharing: Sharing | null = null;
  /** Options read from attributes and the URL: the default cluster when a link fails. */
  private initialOptions: PageOptions | null = null;
  /** raft-core's limits, from the wasm once it is loaded. */
  private limits: Limits | null = null;
  private scenarioList: Promise<ScenarioInfo[]> = Promise.resolve([]);
  /** The loaded scenario's id, or null in free play. */
  private scenarioId: string | null = null;
  /** The fragment last opened, so a hashchange to the same text does not reload. */
  private openedFragment: string | null = null;
  /** Virtual time of the last frame drawn: a smaller `now` means time travelled back. */
  private lastDrawnNow = 0;
  /** Set by a backward jump: the next draw starts the scene's trace reading afresh. */
  private rewindPending = false;
  /** Next value to propose: 1, 2, 3... per playground, so entries are easy to follow. */
  private nextValue = 1;
  /** Opens runs; a slower, older load never replaces a newer one. */
  private readonly loader = new RunLoader(() => this.scenarioList);
  /** "skipping idle time ×20", shown while the clock time-lapses. */
  private lapseBadge: HTMLElement | null = null;
  private lapseHideTimer: ReturnType<typeof setTimeout> | null = null;
  /** The pending address-bar update, if any. */
  private readonly address = new AddressFollower(
    () => (this.isConnected ? this.playground : null),
    (link) => this.writeAddress(link),
  );
  /** The fragment this element last wrote to the address bar (never reopened as a link). */
  private writtenFragment: string | null = null;
  private readonly clock: Clock;
  /** Where the deferred panels go, and their loading (page-extras.ts), once started. */
  private extrasPlaces: { share: HTMLElement | null; legend: HTMLElement | null; toolbar: HTMLElement | null } = { share: null, legend: null, toolbar: null };
  private extras: Promise<void> | null = null;
  /** Attributes, host events and on/off-screen pausing for pages that embed the element. */
  private readonly host = new EmbedHost(this, {
    open: (source, autoplay) => this.open(source, autoplay),
    playing: () => this.clock.playing,
    play: () => this.play(),
    pause: () => this.pause(),
    setSpeed: (speed) => this.clock.setSpeed(speed),
    setHidden: (hidden) => this.clock.setHidden(hidden),
    options: () => this.options ?? this.initialOptions,
    limits: () => this.limits,
    tour: (param) => (param === null ? this.tour?.leave() : void this.startTour(param)),
  });
  /** Skip-to, far seeks and long advances in slices, and their progress and Cancel. */
  private readonly fastForward = new FastForward({ progress: (fraction) => this.skipProgress?.show(this.skipLabel, fraction) });
  private skipProgress: SkipProgress | null = null;
  private skipLabel = '';

  constructor() {
    super();
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.clock = new Clock({
      frame: (virtualMs, wallMs) => this.frame(virtualMs, wallMs),
      idleMs: () => this.idleMs(),
      idleAheadMs: () => this.idleAheadMs(),
      lapseChanged: (on) => this.showLapse(on),
      error: (e) => this.notice?.show(t('notice.simPaused', { error: errorText(e) }), 'error', 8000),
      changed: () => {
        this.controls?.showPlaying(this.clock.playing);
        this.controls?.showSpeed(this.clock.speed);
        // Playing on, every event is a step: the last step's marks no longer say anything.
        if (this.clock.playing) this.clearStepMarks();
        // Paused: bring the timeline's ticks fully up to date once (they are throttled in play).
        if (!this.clock.playing) this.redraw();
      },
    });
  }

  connectedCallback(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('hashchange', this.onHashChange);
    this.host.connect();
    if (this.built) {
      if (this.playground && !this.hasAttribute('paused')) this.clock.play();
      return;
    }
    this.built = true;
    this.build();
    const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    const speedParam = this.host.settings.speed ?? Number(query.get('speed'));
    if (speedParam > 0) this.clock.setSpeed(clampSpeed(speedParam));
    // ?lapse=1 (or the attribute) turns the idle time-lapse off; a number sets its factor.
    const lapseParam = this.getAttribute('lapse') ?? query.get('lapse');
    if (lapseParam !== null && Number(lapseParam) >= 1) this.clock.setLapse(Number(lapseParam));
    const autoplay = !this.hasAttribute('paused') && !query.has('paused') && this.host.autoplay();
    // The scenario menu's catalogue is fetched once the wasm is in: fetched alongside it, its
    // bytes would share the slow link with the wasm and delay the first drawn cluster.
    this.scenarioList = loadLimits().then(() => listScenarios()).catch(() => []);
    void this.scenarioList.then((list) => this.controls?.showScenarios(list));
    // The options are checked against the wasm's limits, so they wait for the wasm (which the
    // first run needs anyway).
    void loadLimits().then(
      (limits) => this.start(limits, query, autoplay),
      (e: unknown) => this.showFatal(e),
    );
  }

  /** Opens the first run: a link in the fragment wins (it is the whole run), then a named
   * scenario, then the options. */
  private start(limits: Limits, query: URLSearchParams, autoplay: boolean): void {
    this.limits = limits;
    const options = readOptions((name) => this.getAttribute(name), query, limits);
    this.initialOptions = options;
    this.host.limitsKnown();
    // A `link` attribute is the run; a docs page's own fragment (#a-heading) is no run link.
    const linkAttr = this.host.pick('link');
    const fragment = linkAttr !== null ? readFragment(linkAttr) : drawsInShadow() ? null : readFragment(typeof location === 'undefined' ? '' : location.hash);
    const scenario = this.host.pick('scenario');
    const tourParam = this.host.pick('tour');
    if (tourParam !== null) {
      void this.startTour(tourParam);
    } else if (fragment !== null) {
      this.openedFragment = fragment;
      void this.open({ kind: 'link', text: fragment, from: 'fragment' }, false);
    } else if (scenario) {
      void this.open({ kind: 'scenario', id: scenario }, autoplay);
    } else {
      void this.open({ kind: 'config', options }, autoplay);
    }
  }

  disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('hashchange', this.onHashChange);
    this.host.disconnect();
    this.clock.pause();
    this.address.cancel();
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

  /** Opens a share link (`r2.…`, a leading '#' allowed), paused at its moment; resolves to
   * whether it opened (a bad link says why inside the element and keeps the current run). */
  load(link: string): Promise<boolean> {
    return this.open({ kind: 'link', text: readFragment(link) ?? link, from: 'fragment' }, false);
  }

  /** The share link of the run at its cursor; throws when the run does not fit in a link. */
  link(): string {
    if (!this.playground) throw new Error('the playground has not loaded yet');
    return this.playground.link();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (this.built && old !== value && name === 'lang') languageAttributeChanged(value);
    else if (this.built && old !== value) this.host.attributeChanged(name);
  }

  /** Starts a fresh cluster with these options changed (the seed, say), paused; resolves to
   * whether it opened. For tests that try many seeds in one page. */
  reset(change: Partial<PageOptions>): Promise<boolean> {
    const options = this.options ?? this.initialOptions;
    if (!options) return Promise.resolve(false);
    return this.open({ kind: 'config', options: { ...options, ...change } }, false);
  }

  // Building --------------------------------------------------------------------------------

  private get embed(): boolean {
    return this.hasAttribute('embed') || drawsInShadow();
  }

  private build(): void {
    this.classList.add('rp');
    if (this.embed) this.classList.add('rp-embed');
    this.setState('loading');
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    const app = html('div', { class: 'rp-app' });
    contentRoot(this).appendChild(app);
    const toolbar = html('div', { class: 'rp-toolbar', role: 'toolbar' }, app);
    localizeAttr(toolbar, 'aria-label', 'chrome.toolbar');
    this.header = new Header(app);
    followLanguage(app, this.host.pick('lang'), () => this.relocalize());
    const body = html('div', { class: 'rp-body' }, app);
    const left = html('div', { class: 'rp-main' }, body);
    new ViewTabs(left, this);
    this.stage = html('div', { class: 'rp-stage', 'data-testid': 'stage' }, left);
    // In a corner of the stage: the ring is round, the corners are free.
    this.notice = new Notice(this.stage, app);
    app.insertBefore(this.notice.violationEl, body); // the banner goes under the toolbar
    this.captions = new CaptionPanel(app, body, { exit: () => this.backToFreePlay() });
    const tourButton = html('button', { type: 'button', class: 'rp-tour-button', 'data-testid': 'tour-start' });
    localize(tourButton, 'chrome.tourButton');
    localizeAttr(tourButton, 'title', 'chrome.tourButtonTitle');
    tourButton.addEventListener('click', () => void this.startTour());
    this.header.el.insertBefore(tourButton, this.header.el.querySelector('.rp-help-button'));
    buildLanguagePicker(this.header.el, this.header.el.querySelector('.rp-help-button'));
    this.host.build(app, body);
    localize(html('div', { class: 'rp-loading' }, this.stage), 'chrome.loading');
    this.travel = new TravelBar(left, {
      seek: (ms) => this.seek(ms),
      scrubStart: () => this.clock.pause(),
      scrubEnd: () => this.redraw(true),
      stepBack: () => this.stepBack(),
      stepForward: () => this.stepOnce(),
      runUntil: (kind) => this.runUntil(kind),
      skip: () => this.skip(),
    });
    this.logsHost = html('div', { class: 'rp-logs' }, left);
    this.diagram = new DiagramPane(left, this, {
      open: (id) => this.openMessage(id),
      scrubStart: () => this.clock.pause(),
      seek: (ms) => this.seek(ms),
      scrubEnd: () => this.redraw(true),
      redraw: () => this.redraw(),
      failed: (e) => this.notice?.show(t('notice.diagramFailed', { error: errorText(e) }), 'error', 8000),
    });
    this.stage.addEventListener('click', (e) => {
      const glyph = (e.target as Element | null)?.closest?.('[data-msg]');
      if (glyph) this.openMessage(Number(glyph.getAttribute('data-msg')));
    });
    const side = html('aside', { class: 'rp-side', tabindex: 0 }, body);
    localizeAttr(side, 'aria-label', 'chrome.side');
    const feedBox = html('section', { class: 'rp-feed' }, side);
    this.teachingSlots = { app, body, side, feed: feedBox };
    localize(html('h2', {}, feedBox), 'chrome.feedHeading');
    this.feedHost = feedBox;
    // Filled after the first draw (loadExtras); the places keep the panels' order.
    const sharePlace = this.embed ? null : html('div', { class: 'rp-deferred' }, side);
    const optionsBox = html('section', { class: 'rp-options' }, side);
    localize(html('h2', {}, optionsBox), 'chrome.clusterHeading');
    this.controls = new Controls(toolbar, optionsBox, {
      togglePlay: () => this.togglePlay(),
      submit: () => this.submitToLeader(),
      timeoutAll: () => this.timeoutAll(),
      heal: () => this.act(t('act.heal'), (pg) => pg.heal()),
      addServer: () => this.changeMembers(null, true),
      setSpeed: (speed) => this.clock.setSpeed(speed),
      restart: () => this.restart(),
      newSeed: () => this.restartWith({ seed: randomSeed() }),
      setOptions: (change) => this.restartWith(change),
      setLoss: (p) => this.act(t('act.loss', { percent: Math.round(p * 100) }), (pg) => pg.setLoss(p)),
      setLatency: (min, max) => this.act(t('act.latency', { min, max }), (pg) => pg.setLatency(min, max)),
      chooseScenario: (id) => (id ? void this.open({ kind: 'scenario', id }, true) : this.backToFreePlay()),
    });
    const legendPlace = this.embed ? null : html('div', { class: 'rp-deferred' }, side);
    this.extrasPlaces = { share: sharePlace, legend: legendPlace, toolbar };
    // First in the side column, so a broken property is in view at 1280×800.
    this.safety = new SafetyPanel(side, optionsBox, { setSwitches: (s) => this.rerunWith(s) }, feedBox);
    this.controls.showPlaying(false);
    this.controls.showSpeed(this.clock.speed);

    this.skipProgress = new SkipProgress(this.stage, () => this.fastForward.cancel());
    this.lapseBadge = html('div', { class: 'rp-lapse hidden', 'data-testid': 'lapse', role: 'status' }, this.stage, t('chrome.lapse', { lapse: this.clock.lapse }));

    this.input = new Input(this.stage, () => this.scene, {
      partition: (groups, what) => {
        if (this.act(t('act.partition'), (pg) => (groups.length <= 1 ? pg.heal() : pg.setPartition(groups))) && what) this.notice?.show(what, 'info', 3500);
      },
      crash: (node) => this.act(t('act.crash', { node: nodeName(node) }), (pg) => pg.crash(node)),
      restart: (node) => this.act(t('act.restart', { node: nodeName(node) }), (pg) => pg.restart(node)),
      forceTimeout: (node) => this.act(t('act.timeout', { node: nodeName(node) }), (pg) => pg.forceTimeout(node)),
      snapshot: (node) => this.act(t('act.snapshot', { node: nodeName(node) }), (pg) => pg.snapshot(node)),
      transferLeadership: (node) => this.act(t('act.transfer', { node: nodeName(node) }), (pg) => pg.transferLeadership(node)),
      submitTo: (node) => this.submitTo(node),
      submitToLeader: () => this.submitToLeader(),
      togglePlay: () => this.togglePlay(),
      step: () => this.stepOnce(),
      stepBack: () => this.stepBack(),
      redraw: () => this.redraw(),
      timeoutAll: () => this.timeoutAll(),
      heal: () => this.act(t('act.heal'), (pg) => pg.heal()),
      skipTo: (kind) => this.runUntil(kind),
      changeSpeed: (faster) => this.clock.setSpeed(doubledSpeed(this.clock.speed, faster)),
      toggleHelp: (open) => {
        this.header?.toggle(open);
        return this.header?.open ?? false;
      },
      tell: (text) => this.notice?.show(text, 'info', 3500),
      inspect: (node) => void this.inspect(node),
    });
    // On the full page the shortcuts work wherever focus is; an embed listens only when focused,
    // so several embeds on a docs page do not all react to one key.
    this.input.attachKeyboard(this.embed ? this : document);
  }

  private setState(state: State): void {
    this.setAttribute('data-state', state);
  }

  // Lifecycle of a playground -----------------------------------------------------------------

  /** Replaces the playground with one from `source`; resolves to whether it did. */
  private async open(source: Source, autoplay: boolean): Promise<boolean> {
    const wasPlaying = this.clock.playing;
    this.clock.pause();
    let loaded: Loaded | null;
    try {
      loaded = await this.loader.load(source);
    } catch (e) {
      this.refused(source, e, wasPlaying);
      return false;
    }
    // Overtaken by a later load, which now owns the clock.
    if (loaded === null) return false;
    this.install(loaded.session, source, loaded.title);
    // A config change keeps playing; a link opens paused at its moment.
    if (autoplay || (wasPlaying && source.kind === 'config')) {
      this.clock.play();
      // Opened in a background tab or off screen: wait for it to be shown.
      if (this.host.hidden()) this.clock.setHidden(true);
    }
    return true;
  }

  /** The page's defaults (no attributes, no query). */
  private defaultOptions(): PageOptions {
    return readOptions(() => null, new URLSearchParams(), this.limits);
  }

  /** A source could not be opened: say why, keep the current run (or start the default one). */
  private refused(source: Source, e: unknown, wasPlaying: boolean): void {
    if (source.kind === 'config') {
      if (this.playground) {
        // Keep the running playground; say why the new one was refused.
        this.notice?.show(t('notice.applyFailed', { error: errorText(e) }), 'error', 8000);
        if (wasPlaying) this.clock.play();
      } else {
        this.showFatal(e);
      }
      return;
    }
    this.notice?.show(refusalText(source, e, this.playground !== null), 'error', LOAD_ERROR_MS);
    if (this.playground) {
      this.controls?.showScenario(this.scenarioId);
      if (wasPlaying) this.clock.play();
      return;
    }
    const options = this.options ?? this.initialOptions ?? this.defaultOptions();
    void this.open({ kind: 'config', options }, true);
  }

  private install(session: Session, source: Source | { kind: 'rerun' }, title: string): void {
    const pg = session.playground;
    this.scene?.destroy();
    this.input?.closeMenu();
    this.input?.select(-1);
    this.fastForward.cancel();
    try {
      this.playground?.free();
    } catch {
      // Already freed or poisoned: nothing left to release.
    }
    this.playground = pg;
    this.session = session;
    this.limits = session.limits;
    const fallback = this.options ?? this.initialOptions ?? this.defaultOptions();
    if (source.kind === 'config') {
      const seed = Number.isFinite(pg.seed) ? pg.seed : source.options.seed;
      this.options = { ...source.options, seed };
    } else {
      // Show the options the run was built with, so a change starts from what is on screen.
      this.options = pageOptionsFrom(pg.options(), fallback, session.limits);
    }
    this.nextValue = 1;
    this.lastDrawnNow = pg.now();
    this.rewindPending = false;
    this.style.setProperty('--rows', String(pg.nodeCount));
    this.header?.showCount(memberCount(pg.members()));
    this.diagram?.reset(pg.nodeCount);
    this.messageCard?.close();
    this.stage?.querySelector('.rp-loading')?.remove();
    this.stage?.querySelector('.rp-fatal')?.remove();
    if (this.stage && this.logsHost && this.feedHost) {
      this.scene = new Scene({ stage: this.stage, logs: this.logsHost, feed: this.feedHost }, pg.nodeCount, session.limits.eventsPage);
    }
    this.notice?.showViolation(null);
    this.host.events?.reset();
    this.controls?.showOptions(this.options);
    this.safety?.reset();
    this.safety?.showSwitches(this.options);
    // Scenario captions: a scenario, or a link to a scenario's run.
    this.scenarioId = source.kind === 'scenario' ? source.id : session.scenarioId;
    const captions = this.scenarioId !== null ? session.captions : [];
    this.scenarioTitle = title;
    this.captions?.load(this.scenarioId !== null ? { title: title || this.scenarioId, captions } : null);
    if (source.kind === 'link' && this.scenarioId !== null && !title) {
      void this.scenarioList.then((list) => {
        const t = list.find((s) => s.id === this.scenarioId)?.title;
        if (t && this.playground === pg) {
          this.scenarioTitle = t;
          this.captions?.load({ title: t, captions });
        }
        this.redraw(true);
      });
    }
    this.controls?.showScenario(this.scenarioId);
    this.tour?.installed(this.scenarioId);
    if ((this.inspector?.shown ?? -1) >= pg.nodeCount) this.inspector?.close();
    if (this.travel) this.travel.scenario = this.scenarioId !== null;
    this.setState('ready');
    this.redraw(true);
    if (source.kind === 'link') {
      const where = `t = ${formatTime(pg.now())}`;
      this.notice?.show(t(source.from === 'file' ? 'notice.fileOpened' : 'notice.linkOpened', { where }), 'info', 5000);
    }
    void this.loadExtras().then(() => this.resolveReady());
  }

  /**
   * Loads and builds what the first drawn cluster does not need (page-extras.ts): after the
   * first draw, once. A failure to load them leaves the playground working without them.
   */
  private loadExtras(): Promise<void> {
    this.extras ??= import('./page-extras.js').then(
      (extras) => {
        const { share, legend } = this.extrasPlaces;
        if (share) {
          this.sharing = new extras.Sharing(
            {
              element: this,
              session: () => this.session,
              notice: () => this.notice,
              openFile: (link) => this.open({ kind: 'link', text: link, from: 'file' }, false),
            },
            share,
          );
        }
        if (legend) extras.buildLegend(legend);
        // The one-row toolbar scrolls sideways when narrow: its edges fade where it hides
        // buttons. (Built once per element; the observers go with it.)
        const toolbar = this.extrasPlaces.toolbar;
        if (toolbar) extras.watchOverflow(toolbar);
        // The `?` sheet: the header's container, written from the key table.
        const header = this.header;
        if (header) {
          extras.fillHelpSheet(header.sheet, () => {
            header.toggle(false);
            this.focus();
          });
        }
        this.host.live(extras);
      },
      (e: unknown) => this.notice?.show(t('notice.partFailed', { error: errorText(e) }), 'warn', 8000),
    );
    return this.extras;
  }

  private restartWith(change: Partial<PageOptions>): void {
    if (!this.options) return;
    void this.open({ kind: 'config', options: { ...this.options, ...change } }, this.clock.playing);
  }

  /** Restart: a scenario starts over; free play (or an opened link) starts a fresh cluster. */
  private restart(): void {
    if (this.scenarioId !== null && this.captions?.active) {
      void this.open({ kind: 'scenario', id: this.scenarioId }, true);
    } else {
      this.restartWith({});
    }
  }

  /** Shows server `node` in the inspector (its code loads on the first click). */
  async inspect(node: number): Promise<void> {
    const slots = this.teachingSlots;
    if (!this.inspector && slots) {
      const { Inspector } = await import('./ui/inspector.js');
      this.inspector ??= new Inspector(slots.side, slots.feed, {
        crash: (n) => this.act(t('act.crash', { node: nodeName(n) }), (pg) => pg.crash(n)),
        restart: (n) => this.act(t('act.restart', { node: nodeName(n) }), (pg) => pg.restart(n)),
        forceTimeout: (n) => this.act(t('act.timeout', { node: nodeName(n) }), (pg) => pg.forceTimeout(n)),
        snapshot: (n) => this.act(t('act.snapshot', { node: nodeName(n) }), (pg) => pg.snapshot(n)),
        transferLeadership: (n) => this.act(t('act.transfer', { node: nodeName(n) }), (pg) => pg.transferLeadership(n)),
        submitTo: (n) => this.submitTo(n),
        removeServer: (n) => this.changeMembers(n, false),
        addServer: (n) => this.changeMembers(n, true),
      });
    }
    this.inspector?.open(node);
    this.redraw(true);
  }

  /** Opens the guided tour at `param` ("split-vote:2", see tour-steps.ts), or at its start. */
  async startTour(param = ''): Promise<boolean> {
    const slots = this.teachingSlots;
    if (!slots) return false;
    let chapters;
    let steps;
    try {
      let panel;
      [panel, steps] = await Promise.all([import('./ui/tour.js'), import('./tour-steps.js')]);
      chapters = steps.buildTour(await scenarioCatalogue());
      this.tour ??= new panel.TourPanel(slots.app, slots.body, {
        openScenario: (id) => this.open({ kind: 'scenario', id }, false),
        seek: (ms) => {
          this.clock.pause();
          this.seek(ms);
        },
        tryItYourself: () => this.tryItYourself(),
        forked: () => (this.playground ? this.forkCount(this.playground) !== 0 : false),
        ended: () => this.removeAttribute('data-tour'),
        ownsAddress: !this.embed,
      });
    } catch (e) {
      this.notice?.show(t('notice.tourFailed', { error: errorText(e) }), 'error', 8000);
      if (!this.playground && this.initialOptions) void this.open({ kind: 'config', options: this.initialOptions }, true);
      return false;
    }
    const tour = this.tour;
    const at = param ? steps.parseTourParam(chapters, param) : null;
    if (param && !at) this.notice?.show(t('notice.tourNoStep', { step: param }), 'warn', 6000);
    this.setAttribute('data-tour', '');
    return tour.start(chapters, at ?? { chapter: 0, step: 0 });
  }

  /** The tour's "try it yourself": the run at the cursor becomes free play (its scripted future dropped). */
  private tryItYourself(): void {
    const pg = this.playground;
    if (!pg) return;
    let forked = false;
    try {
      forked = pg.forkHere();
    } catch (e) {
      this.notice?.show(t('notice.tryFailed', { error: errorText(e) }), 'warn');
    }
    if (forked) this.travel?.showForked();
    this.scenarioId = null;
    this.captions?.load(null);
    this.controls?.showScenario(null);
    if (this.travel) this.travel.scenario = false;
    this.notice?.show(t('notice.yourTurn', { time: formatTime(pg.now()) }), 'info', 6000);
    this.clock.play();
  }

  private backToFreePlay(): void {
    const options = this.options ?? this.initialOptions;
    if (!options) return;
    void this.open({ kind: 'config', options }, true);
  }

  private showFatal(e: unknown): void {
    this.setState('error');
    this.clock.pause();
    const stage = this.stage;
    if (!stage) return;
    stage.querySelector('.rp-loading')?.remove();
    stage.querySelector('.rp-fatal')?.remove();
    const box = html('div', { class: 'rp-fatal', 'data-testid': 'fatal', role: 'alert' }, stage);
    html('strong', {}, box, t('fatal.title'));
    html('p', {}, box, errorText(e));
    html('p', {}, box, t('fatal.needs'));
    const retry = html('button', { type: 'button', 'data-testid': 'retry' }, box, t('fatal.retry'));
    retry.addEventListener('click', () => {
      box.remove();
      this.setState('loading');
      const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
      void loadLimits().then(
        (limits) => {
          this.limits = limits;
          void this.open({ kind: 'config', options: this.options ?? readOptions((name) => this.getAttribute(name), query, limits) }, true);
        },
        (err: unknown) => this.showFatal(err),
      );
    });
    this.resolveReady();
  }

  // Frames and actions ------------------------------------------------------------------------

  private frame(virtualMs: number, wallMs: number): void {
    const pg = this.playground;
    if (!pg || !this.scene) return;
    if (virtualMs > 0) {
      const safeBefore = pg.violationAt() < 0;
      pg.advance(virtualMs);
      if (safeBefore && this.stopAtViolation(pg)) return;
    }
    this.paint(pg, wallMs, false);
  }

  /** Playing into the run's first safety violation pauses there, at its event. */
  private stopAtViolation(pg: PlaygroundApi): boolean {
    const at = pg.violationAt();
    if (at < 0) return false;
    pg.seek(at);
    this.rewindPending = true;
    this.clock.pause(); // paused, the clock redraws once
    this.notice?.show(t('notice.pausedAtViolation', { time: formatTime(at) }), 'warn', 8000);
    return true;
  }

  /**
   * A "Break Raft" switch changed: the same run (seed, starting states, actions) replayed from
   * its start under the new switches, to the same moment. Not a recorded action: a switch
   * changes how every server behaves from time 0.
   */
  private rerunWith(switches: Switches): void {
    const pg = this.playground;
    const session = this.session;
    if (!pg || !session) return;
    const wasPlaying = this.clock.playing;
    let next: PlaygroundApi;
    try {
      next = pg.withSwitches(switches.noElectionRestriction, switches.commitPreviousTerms, switches.forgetVoteOnRestart, switches.snapshotPastCommit, switches.trustTransferTarget, switches.changeBeforeOwnTermCommit);
    } catch (e) {
      this.notice?.show(t('notice.applyFailed', { error: errorText(e) }), 'error', 8000);
      if (this.options) this.safety?.showSwitches(this.options);
      return;
    }
    this.clock.pause();
    this.install({ ...session, playground: next }, { kind: 'rerun' }, this.scenarioTitle);
    const on = Object.values(switches).some((b) => b);
    this.notice?.show(t(on ? 'notice.replayedBroken' : 'notice.replayedSafe', { time: formatTime(next.now()) }), 'info', 5000);
    if (wasPlaying) this.clock.play();
  }

  /** Where the safety panel highlights a violation: the servers on the ring, their log rows. */
  private readonly highlightTargets: HighlightTargets = {
    node: (id) => this.scene?.nodeLayer.element(id) ?? null,
    logRow: (id) => this.logsHost?.querySelector(`[data-testid="log-${id}"]`) ?? null,
  };

  /** Draws the cluster, the time, the timeline and the caption at the cursor. */
  private paint(pg: PlaygroundApi, wallMs: number, force: boolean): void {
    const scene = this.scene;
    if (!scene) return;
    const now = pg.now();
    if (this.rewindPending || now < this.lastDrawnNow) {
      this.rewindPending = false;
      scene.rewind(now);
    }
    this.lastDrawnNow = now;
    if (pg.nodeCount !== this.shownCount) {
      // Servers were added during the run (dissertation §4.2), or a new run has another size.
      this.shownCount = pg.nodeCount;
      this.style.setProperty('--rows', String(pg.nodeCount));
      this.diagram?.resize(pg.nodeCount);
    }
    scene.draw(pg, wallMs, this.clock.pace, this.clock.playing);
    this.diagram?.draw(pg, force);
    const violation = this.safety?.update(pg, this.highlightTargets) ?? null;
    this.notice?.showViolation(violation === null ? null : violationHeadline(violation));
    this.controls?.showTime(now);
    this.controls?.showNetwork(pg.network());
    const inForce = memberCount(pg.members());
    this.controls?.showClusterSize(inForce);
    this.header?.showCount(inForce);
    this.travel?.update(pg, wallNow(), force);
    this.captions?.update(now);
    this.tour?.update(now);
    this.inspector?.update(pg, wallMs);
    this.inspector?.mark((node) => scene.nodeLayer.element(node));
    this.host.events?.observe(pg);
    this.scheduleAddress();
  }

  /**
   * Wall ms for which the picture stays as drawn (the browser runs what moves), so the clock
   * sleeps instead of drawing empty frames; anything that changes the cluster meanwhile goes
   * through redraw(), which wakes it.
   */
  private idleMs(): number {
    const scene = this.scene;
    const speed = this.idleAheadMs() > 0 ? this.clock.speed * this.clock.lapse : this.clock.speed;
    if (!scene || !(speed > 0)) return 0;
    const strip = this.travel?.strip;
    return Math.min(scene.idleMs, strip ? strip.nextChangeMs() / speed : Infinity, this.diagram?.idleMs(speed) ?? Infinity);
  }

  /** The language switched (i18n/element-language.ts): say again what the run has said; the run goes on as it was. */
  private relocalize(): void {
    const pg = this.playground;
    if (pg) this.header?.showCount(memberCount(pg.members()), true);
    if (pg) this.scene?.retell(pg.now());
    // Scenario titles and captions are in the scenario catalogue's words: fetch them again.
    this.scenarioList = listScenarios().catch(() => []);
    void this.scenarioList.then((list) => this.controls?.showScenarios(list));
    const tour = this.tour;
    if (tour?.active) void Promise.all([scenarioCatalogue(), import('./tour-steps.js')]).then(([list, steps]) => tour.reword(steps.buildTour(list)));
    const id = this.scenarioId;
    if (id !== null) {
      void scenarioCatalogue().then((list) => {
        const entry = list.find((s) => s.id === id);
        if (!entry || this.scenarioId !== id) return;
        this.scenarioTitle = entry.title;
        this.captions?.load({ title: entry.title, captions: entry.captions.map((c) => ({ at: c.atMs, text: c.text })) });
        this.redraw(true);
      });
    }
    this.redraw(true);
  }

  /** Draws once. While playing the next frame draws anyway (woken if asleep), unless `always`. */
  private redraw(always = false): void {
    if (this.clock.playing && !always) {
      this.clock.wake();
      return;
    }
    const pg = this.playground;
    if (!pg || !this.scene) return;
    try {
      this.paint(pg, 0, true);
    } catch (e) {
      this.notice?.show(t('notice.drawFailed', { error: errorText(e) }), 'error');
    }
  }

  /** How often the run forked, or -1 if that cannot be read. */
  private forkCount(pg: PlaygroundApi): number {
    try {
      return pg.forks();
    } catch {
      return -1;
    }
  }

  /** Runs one action on the playground; an Error becomes a notice. */
  /**
   * A membership change (dissertation §4.2): add `node` (null: the next server to add, a removed
   * one first) or remove it; the leader's answer, or its refusal, as a notice.
   */
  private changeMembers(node: number | null, add: boolean): void {
    let answer: ChangeAnswer | null = null;
    this.act(t(add ? 'controls.addServer' : 'insp.remove'), (pg) => {
      const id = node ?? serverToAdd(pg.members(), pg.nodeCount, this.limits?.maxNodes ?? 9);
      if (id < 0) throw new Error(t('change.lastMember', { node: nodeName(pg.nodeCount - 1) }));
      answer = add ? pg.addServer(id) : pg.removeServer(id);
    });
    if (answer) this.notice?.show(changeAnswerWords(answer), (answer as ChangeAnswer).refused ? 'warn' : 'info', 5000);
  }

  private act(label: string, run: (pg: PlaygroundApi) => void): boolean {
    const pg = this.playground;
    if (!pg) return false;
    this.fastForward.cancel(); // the user's action wins over a skip in progress
    const forks = this.forkCount(pg);
    let ok = true;
    try {
      run(pg);
    } catch (e) {
      ok = false;
      this.notice?.show(t('notice.actionFailed', { action: label, error: errorText(e) }), 'warn');
    }
    if (ok && forks >= 0 && this.forkCount(pg) > forks) this.travel?.showForked();
    this.redraw();
    return ok;
  }

  /** Moves the cursor without acting (never forks); an Error becomes a notice. */
  private travelTo(label: string, run: (pg: PlaygroundApi) => void): void {
    const pg = this.playground;
    if (!pg) return;
    this.fastForward.cancel();
    const before = pg.now();
    try {
      run(pg);
    } catch (e) {
      this.notice?.show(t('notice.actionFailed', { action: label, error: errorText(e) }), 'warn');
    }
    if (pg.now() < before) this.rewindPending = true;
    this.redraw(true);
  }

  /**
   * Moves the cursor to `ms` (0 to an hour past the horizon) without freezing the page: a far
   * seek runs in slices with the progress pill and Cancel (sliced-seek.ts). Resolves to whether
   * it got there (false when cancelled or refused; a refusal is shown as a notice).
   */
  seek(ms: number): Promise<boolean> {
    return this.moveInSlices(t('act.seek'), ms, (pg) => seekInSlices(this.fastForward, pg, Math.max(0, ms)));
  }

  /** Runs `ms` (up to an hour) further, as `seek` does: in slices when long. */
  advance(ms: number): Promise<boolean> {
    const to = (this.playground?.now() ?? 0) + ms;
    return this.moveInSlices(t('act.skip'), to, (pg) => advanceInSlices(this.fastForward, pg, ms));
  }

  /** A cursor move in slices; the clock waits while it runs (it would move the run under it). */
  private async moveInSlices(label: string, toMs: number, move: (pg: PlaygroundApi) => Promise<SeekSlice | null>): Promise<boolean> {
    const pg = this.playground;
    if (!pg) return false;
    const before = pg.now();
    this.skipLabel = t('skip.seeking', { time: formatAxisTime(toMs) }); // "1:00:02": fits the pill
    let end: SeekSlice | null = null;
    let resume = false;
    try {
      // Back: the scene reads the trace afresh at its next draw, whoever draws (a later move or
      // skip may take over before this one ends).
      if (toMs < before) this.rewindPending = true;
      const moving = move(pg);
      resume = this.fastForward.running && this.clock.playing;
      if (resume) this.clock.pause();
      end = await moving;
    } catch (e) {
      this.notice?.show(t('notice.actionFailed', { action: label, error: errorText(e) }), 'warn');
    }
    if (this.fastForward.running) return false; // a later move took over: it draws
    this.skipProgress?.hide();
    if (this.playground !== pg) return false;
    if (pg.now() < before) this.rewindPending = true;
    this.redraw(true);
    if (resume) this.clock.play();
    return end?.done ?? false;
  }

  private stepBack(): void {
    this.clock.pause();
    this.travelTo(t('act.stepBack'), (pg) => {
      if (!pg.stepBack()) this.notice?.show(t('notice.atStart'), 'info', 2500);
      // Several events can share one virtual time: read the trace afresh anyway.
      this.rewindPending = true;
    });
  }

  /**
   * Skips to the next leader change, commit or split vote and pauses there, in slices (see
   * fast-forward.ts) with a progress bar and Cancel. When none comes within the limit, or none
   * can come at all, the cursor stays where it was: the core looks ahead on a throwaway copy
   * first, so the run, its feed and its timeline's scale are untouched.
   */
  private runUntil(kind: UntilKind): void {
    const wasPlaying = this.clock.playing;
    this.clock.pause();
    const words = t(UNTIL_WORDS[kind]);
    const minutes = FAST_FORWARD_LIMIT_MS / 60_000;
    const pg = this.playground;
    if (!pg) return;
    const before = pg.now();
    this.skipLabel = t('skip.running', { what: words });
    let run;
    try {
      run = this.fastForward.run(pg, kind, FAST_FORWARD_LIMIT_MS);
    } catch (e) {
      this.notice?.show(t('notice.skipFailed', { words, error: errorText(e) }), 'warn');
      return;
    }
    run.then(
      (end) => {
        this.skipProgress?.hide();
        if (this.playground !== pg) return;
        if (end === null) {
          this.notice?.show(t('notice.skipCancelled', { words, time: formatTime(pg.now()) }), 'info', 3500);
        } else if (end.found) {
          const place = { place: t(UNTIL_PLACE[kind]), time: formatTime(pg.now()) };
          this.notice?.show(t(wasPlaying ? 'notice.pausedAt' : 'notice.stoppedAt', place), 'info', 6000);
        } else if (end.why) {
          this.notice?.show(t('notice.unreachable', { why: capitalise(end.why), time: formatTime(before) }), 'warn', 6000);
        } else {
          this.notice?.show(t('notice.noneAhead', { words, minutes, time: formatTime(before) }), 'warn', 5000);
        }
        this.redraw(true);
      },
      (e: unknown) => {
        this.skipProgress?.hide();
        if (this.playground !== pg) return;
        this.notice?.show(t('notice.skipFailed', { words, error: errorText(e) }), 'warn');
        this.redraw(true);
      },
    );
  }

  /** Opens a message's card (clicked in the diagram or on the ring), pausing to read it. */
  private openMessage(id: number): void {
    this.clock.pause();
    void this.loadCard().then((card) => {
      const pg = this.playground;
      if (!pg || !card) return;
      try {
        card.show(id, (m) => pg.messageDetail(m), pg.now());
        this.diagram?.select(id);
      } catch (e) {
        this.notice?.show(t('notice.messageFailed', { error: errorText(e) }), 'warn');
      }
    });
  }

  /** The message card, loaded on first use; null (and a notice) when that fails. */
  private loadCard(): Promise<MessageCard | null> {
    this.cardLoading ??= import('./ui/message-card.js').then(
      ({ MessageCard }) => {
        const app = this.teachingSlots?.app ?? this; // in the shadow root when the bundle draws there
        this.messageCard = new MessageCard(app, () => {
          this.diagram?.select(null);
          this.focus();
        });
        return this.messageCard;
      },
      (e: unknown) => {
        this.cardLoading = null;
        this.notice?.show(t('notice.cardFailed', { error: errorText(e) }), 'error', 8000);
        return null;
      },
    );
    return this.cardLoading;
  }

  private skip(): void {
    void this.advance(SKIP_MS);
  }

  private readonly onHashChange = (): void => {
    if (drawsInShadow()) return; // a docs page's anchors, not runs
    const fragment = readFragment(location.hash);
    // Our own address (written by writeAddress) is the run on screen: never reopen it.
    if (fragment === null || fragment === this.openedFragment || fragment === this.writtenFragment) return;
    this.openedFragment = fragment;
    void this.open({ kind: 'link', text: fragment, from: 'fragment' }, false);
  };

  private togglePlay(): void {
    if (!this.playground) return;
    this.fastForward.cancel(); // playing moves the run: a skip in progress gives way
    this.clock.toggle();
  }

  /** Runs one event, paused, and says what it delivered: no step is silent. */
  private stepOnce(): void {
    this.clock.pause();
    this.fastForward.cancel();
    const pg = this.playground;
    const scene = this.scene;
    if (!pg || !scene) return;
    // Bring the scene up to the cursor, noting how far it has read the trace.
    let readFrom = -1;
    const tap = new Proxy(pg, {
      get: (target, prop) => {
        if (prop === 'events') {
          return (since: number) => {
            const evs = target.events(since);
            for (const ev of evs) readFrom = Math.max(readFrom, ev.seq);
            return evs;
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    try {
      this.paint(tap, 0, true);
    } catch {
      // Drawn again below.
    }
    const lastSeq = this.traceEnd(pg, readFrom);
    const wireBefore: MessageView[] = decodeMessages(pg.messages());
    const nodesBefore = decodeNodes(pg.nodes());
    const feedTop = scene.feed.list.firstElementChild;
    let at = pg.now();
    if (!this.act(t('act.step'), (p) => void (at = p.step()))) return;
    const feedLines: string[] = [];
    for (let li = scene.feed.list.firstElementChild; li && li !== feedTop; li = li.nextElementSibling) {
      feedLines.unshift(li.querySelector('.text')?.textContent ?? '');
    }
    let events: ReturnType<PlaygroundApi['events']> = [];
    try {
      events = pg.events(lastSeq + 1).filter((ev) => ev.seq > lastSeq);
    } catch {
      // Named from the messages and timers alone.
    }
    // The trace names an action by raft-core's description; the recording's entry with that
    // description at this moment carries it as data, phrased in the page's language.
    const phraseAction = (text: string): string => {
      const recorded = pg.actions().find((a) => a.atMs === at && a.text === text);
      return recorded ? actionWords(recorded) : text;
    };
    const facts = { at, events, wireBefore, feedLines, nodesBefore, nodesAfter: decodeNodes(pg.nodes()), actionWords: phraseAction };
    this.notice?.show(`t = ${formatTime(at)} · ${describeStep(facts)}`, 'info', 8000);
    // Mark where it happened until the next step.
    this.clearStepMarks();
    const node = steppedNode(facts);
    if (node >= 0) scene.nodeLayer.element(node)?.setAttribute('data-stepped', '1');
    // A delivery also marks the message's path; a timer firing has the server mark alone.
    scene.messages.markDelivered(deliveredMessage(facts), scene.layout);
  }

  /** Removes the marks of the last step: its server's and its delivered message's. */
  private clearStepMarks(): void {
    const scene = this.scene;
    if (!scene) return;
    scene.nodeLayer.group.querySelector('[data-stepped]')?.removeAttribute('data-stepped');
    scene.messages.markDelivered(null, null);
  }

  /** The last trace seq, reading on from `from` (a seq known to exist, or -1). */
  private traceEnd(pg: PlaygroundApi, from: number): number {
    const page = this.limits?.eventsPage ?? 200;
    let last = from;
    try {
      for (let i = 0; i < 1000; i++) {
        const evs = pg.events(Math.max(0, last));
        const end = evs.length ? evs[evs.length - 1].seq : last;
        if (end <= last || evs.length < page) return Math.max(last, end);
        last = end;
      }
    } catch {
      // Unknown: the step is named from the messages and timers.
    }
    return last;
  }

  /** Every running follower's election timer fires at once: the quickest way to a split vote. */
  private timeoutAll(): void {
    let ids: number[] = [];
    const ok = this.act(t('act.timeoutAll'), (pg) => {
      ids = Array.from(pg.timeoutFollowers());
    });
    if (ok) this.notice?.show(t('notice.timedOutTogether', { nodes: ids.map(nodeName).join(t('notice.listSep')) }), 'info', 5000);
  }

  /** "value 3 appended at index 1, term 2": the entry's term, read from the log it went into. */
  private entryWords(pg: PlaygroundApi, node: number, value: number, index: number): string {
    let term: number | undefined;
    try {
      term = decodeLog(pg.log(node))[index - 1]?.term;
    } catch {
      term = undefined;
    }
    return term === undefined ? t('notice.entryAtNoTerm', { value, index }) : t('notice.entryAt', { value, index, term });
  }

  private submitToLeader(): void {
    const value = this.nextValue;
    this.act(t('act.valueRefused', { value }), (pg) => {
      const r = pg.proposeToLeader(value);
      this.nextValue++;
      this.notice?.show(capitalise(t('notice.entryByLeader', { entry: this.entryWords(pg, r.node, value, r.index), node: nodeName(r.node) })), 'info', 3000);
    });
  }

  private submitTo(node: number): void {
    const value = this.nextValue;
    this.act(t('act.nodeRefusedValue', { node: nodeName(node), value }), (pg) => {
      const index = pg.propose(node, value);
      this.nextValue++;
      this.notice?.show(capitalise(t('notice.entryByNode', { entry: this.entryWords(pg, node, value, index), node: nodeName(node) })), 'info', 3000);
    });
  }

  // Idle time-lapse and the address bar ---------------------------------------------------

  /**
   * Virtual ms to the next event while nothing is on the wire (only timers run), else 0: the
   * clock time-lapses through those stretches. Reads the messages view and nextEventAt() only.
   */
  private idleAheadMs(): number {
    const pg = this.playground;
    if (!pg) return 0;
    try {
      if (pg.messages().length > 0) return 0;
      const next = pg.nextEventAt();
      return next < 0 ? 0 : Math.max(0, next - pg.now());
    } catch {
      return 0;
    }
  }

  /** Shows "skipping idle time ×20" while lapsing; kept a moment so short lapses do not flicker. */
  private showLapse(on: boolean): void {
    const badge = this.lapseBadge;
    if (!badge) return;
    if (this.lapseHideTimer !== null) clearTimeout(this.lapseHideTimer);
    this.lapseHideTimer = null;
    if (on) {
      badge.textContent = t('chrome.lapse', { lapse: this.clock.lapse });
      badge.classList.remove('hidden');
    } else {
      this.lapseHideTimer = setTimeout(() => {
        this.lapseHideTimer = null;
        badge.classList.add('hidden');
      }, 400);
    }
  }

  /**
   * The address bar follows the run (full page only): its link replaces the fragment a moment
   * after the run changes (address-bar.ts says when), with replaceState so Back is not flooded
   * and no hashchange fires.
   */
  private scheduleAddress(): void {
    if (this.embed || typeof history === 'undefined') return;
    this.address.schedule();
  }

  private writeAddress(link: string | null): void {
    if (!this.isConnected) return;
    if (link === null) {
      // Past a link's reach (an hour, too many actions): an older moment in the address would
      // pass for this run, so drop it (Copy link says why there is none).
      if (location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      return;
    }
    if (readFragment(location.hash) === link) return;
    this.writtenFragment = link;
    this.openedFragment = link;
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${link}`);
  }

  private readonly onVisibility = (): void => {
    this.clock.setHidden(this.host.hidden());
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
