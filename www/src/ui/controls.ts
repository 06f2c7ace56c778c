// The toolbar and the options panel. Controls only report intent to the element through
// ControlActions and show what they are told; they hold no simulation state.

import { localize, localizeAttr, onLanguageChange, t, type PlainKey } from '../i18n/index.js';
import { clampSpeed, formatSpeed, sliderToSpeed, speedToSlider } from '../clock.js';
import { type Backtracking, type PageOptions, SIZE_CHOICES, SNAPSHOT_EVERY_CHOICES, SNAPSHOT_THRESHOLD_CHOICES } from '../config.js';
import { html, setAttr, setText } from '../render/dom.js';
import type { NetworkView } from '../view.js';
import { formatTime } from '../render/feed.js';

export interface ControlActions {
  togglePlay(): void;
  submit(): void;
  /** Every running follower's election timer fires at once (a recorded action). */
  timeoutAll(): void;
  heal(): void;
  /** Start a new server and have the leader add it (§4.2); absent where not offered. */
  addServer?(): void;
  setSpeed(speed: number): void;
  restart(): void;
  newSeed(): void;
  /** Any option change; the element recreates the playground. */
  setOptions(change: Partial<PageOptions>): void;
  /** A scenario picked by id; '' means free play. */
  chooseScenario(id: string): void;
  /** Message loss, a probability; applied as an action (it can be replayed and shared). */
  setLoss(probability: number): void;
  /** One-way latency range, virtual ms; applied as an action. */
  setLatency(minMs: number, maxMs: number): void;
}

/** Latency choices: the range each message's delay is drawn from. Wide ranges reorder. */
export const LATENCY_CHOICES: readonly { label: PlainKey; min: number; max: number }[] = [
  { label: 'controls.latencyFast', min: 1, max: 5 },
  { label: 'controls.latencyNormal', min: 10, max: 30 },
  { label: 'controls.latencySlow', min: 50, max: 150 },
  { label: 'controls.latencyJittery', min: 5, max: 200 },
];

/** The largest loss the slider offers, in percent. */
const MAX_LOSS_PERCENT = 50;

/** Slider resolution: the range input runs 0..SLIDER_STEPS. */
const SLIDER_STEPS = 1000;

/** Twice (or half) `speed`, within the slider's range. */
export function doubledSpeed(speed: number, faster: boolean): number {
  return clampSpeed(faster ? speed * 2 : speed / 2);
}

/** A button whose label and title are catalog keys. */
function button(parent: HTMLElement, testid: string, label: PlainKey, title: PlainKey, onClick: () => void): HTMLButtonElement {
  const b = html('button', { type: 'button', 'data-testid': testid }, parent);
  localize(b, label);
  localizeAttr(b, 'title', title);
  b.addEventListener('click', onClick);
  return b;
}

export class Controls {
  /** The size the Servers option shows (NaN: none yet). */
  private sizeShown = NaN;
  private readonly playButton: HTMLButtonElement;
  private readonly speedInput: HTMLInputElement;
  private readonly speedLabel: HTMLOutputElement;
  private readonly timeLabel: HTMLSpanElement;
  private readonly sizeSelect: HTMLSelectElement;
  private readonly seedLabel: HTMLSpanElement;
  private readonly backtrackingSelect: HTMLSelectElement;
  /** Log compaction (§7): snapshot every N applied entries, and entries kept behind a snapshot. */
  private readonly snapshotEverySelect: HTMLSelectElement;
  private readonly snapshotThresholdSelect: HTMLSelectElement;
  private readonly checks: Record<'preVote' | 'checkQuorum' | 'leaderNoop', HTMLInputElement>;
  private readonly scenarioSelect: HTMLSelectElement;
  private readonly lossInput: HTMLInputElement;
  private readonly lossLabel: HTMLOutputElement;
  private readonly latencySelect: HTMLSelectElement;
  private lastNetwork = '';
  /** The scenario on show, kept so a list that arrives later still selects it. */
  private scenarioShown = '';
  private lastTimeText = '';
  /** The speed on show, so the arrow keys double what the reader sees. */
  private speedShown = 1 / 50;
  private playingShown = false;

  constructor(toolbar: HTMLElement, optionsHost: HTMLElement, actions: ControlActions) {
    this.playButton = button(toolbar, 'play', 'controls.play', 'controls.playTitle', () => actions.togglePlay());
    onLanguageChange(() => this.showPlaying(this.playingShown));

    const speedBox = html('label', { class: 'speed' }, toolbar);
    localize(html('span', { class: 'speed-title' }, speedBox), 'controls.speed');
    this.speedInput = html('input', { type: 'range', min: 0, max: SLIDER_STEPS, step: 1, 'data-testid': 'speed' }, speedBox);
    localizeAttr(this.speedInput, 'aria-label', 'controls.speed');
    this.speedLabel = html('output', { class: 'speed-value', 'data-testid': 'speed-label' }, speedBox);
    this.speedInput.addEventListener('input', () => actions.setSpeed(sliderToSpeed(Number(this.speedInput.value) / SLIDER_STEPS)));
    // Arrow keys on the slider double or halve the speed (a step of the range would be a
    // fraction of a 1-2-5 step, and read as nothing happening).
    this.speedInput.addEventListener('keydown', (e) => {
      const faster = e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'PageUp';
      const slower = e.key === 'ArrowLeft' || e.key === 'ArrowDown' || e.key === 'PageDown';
      if (!faster && !slower) return;
      e.preventDefault();
      actions.setSpeed(doubledSpeed(this.speedShown, faster));
    });
    localizeAttr(this.speedInput, 'title', 'controls.speedTitle');
    button(toolbar, 'submit', 'controls.submit', 'controls.submitTitle', () => actions.submit());
    button(toolbar, 'timeout-all', 'controls.timeoutAll', 'controls.timeoutAllTitle', () => actions.timeoutAll());
    button(toolbar, 'heal', 'controls.heal', 'controls.healTitle', () => actions.heal());
    if (actions.addServer) button(toolbar, 'add-server', 'controls.addServer', 'controls.addServerTitle', () => actions.addServer?.());
    button(toolbar, 'restart', 'controls.restart', 'controls.restartTitle', () => actions.restart());
    const pick = html('label', { class: 'scenario-pick' }, toolbar);
    localizeAttr(pick, 'title', 'controls.scenarioTitle');
    localize(html('span', { class: 'scenario-pick-title' }, pick), 'controls.scenario');
    this.scenarioSelect = html('select', { 'data-testid': 'scenario-select' }, pick);
    localizeAttr(this.scenarioSelect, 'aria-label', 'controls.scenario');
    localize(html('option', { value: '' }, this.scenarioSelect), 'controls.freePlay');
    this.scenarioSelect.addEventListener('change', () => actions.chooseScenario(this.scenarioSelect.value));
    this.timeLabel = html('span', { class: 'vtime', 'data-testid': 'time' }, toolbar);
    localizeAttr(this.timeLabel, 'title', 'controls.timeTitle');

    // Options: each change recreates the playground.
    const opts = html('div', { class: 'options-grid' }, optionsHost);
    const sizeLabel = html('label', {}, opts);
    localize(html('span', {}, sizeLabel), 'controls.servers');
    this.sizeSelect = html('select', { 'data-testid': 'size' }, sizeLabel);
    for (const n of SIZE_CHOICES) html('option', { value: n }, this.sizeSelect, String(n));
    this.sizeSelect.addEventListener('change', () => actions.setOptions({ nodes: Number(this.sizeSelect.value) }));

    const seedRow = html('div', { class: 'seed-row' }, opts);
    localize(html('span', {}, seedRow), 'controls.seed');
    this.seedLabel = html('span', { class: 'seed', 'data-testid': 'seed' }, seedRow);
    button(seedRow, 'new-seed', 'controls.newSeed', 'controls.newSeedTitle', () => actions.newSeed());

    const btLabel = html('label', {}, opts);
    localize(html('span', {}, btLabel), 'controls.backtracking');
    this.backtrackingSelect = html('select', { 'data-testid': 'backtracking' }, btLabel);
    localize(html('option', { value: 'one-by-one' }, this.backtrackingSelect), 'controls.oneByOne');
    localize(html('option', { value: 'by-conflict-term' }, this.backtrackingSelect), 'controls.byConflictTerm');
    this.backtrackingSelect.addEventListener('change', () =>
      actions.setOptions({ backtracking: this.backtrackingSelect.value as Backtracking }),
    );

    // A select of whole numbers, recreating the playground with the chosen one.
    const numberSelect = (key: 'snapshotEvery' | 'snapshotThreshold', testid: string, label: PlainKey, title: PlainKey, choices: readonly number[]): HTMLSelectElement => {
      const l = html('label', {}, opts);
      localizeAttr(l, 'title', title);
      localize(html('span', {}, l), label);
      const select = html('select', { 'data-testid': testid }, l);
      for (const n of choices) {
        const option = html('option', { value: n }, select);
        if (n === 0 && key === 'snapshotEvery') localize(option, 'controls.snapshotOff');
        else setText(option, String(n));
      }
      select.addEventListener('change', () => actions.setOptions({ [key]: Number(select.value) }));
      return select;
    };
    this.snapshotEverySelect = numberSelect('snapshotEvery', 'snapshot-every', 'controls.snapshotEvery', 'controls.snapshotEveryTitle', SNAPSHOT_EVERY_CHOICES);
    this.snapshotThresholdSelect = numberSelect('snapshotThreshold', 'snapshot-threshold', 'controls.snapshotThreshold', 'controls.snapshotThresholdTitle', SNAPSHOT_THRESHOLD_CHOICES);

    const check = (key: 'preVote' | 'checkQuorum' | 'leaderNoop', testid: string, label: PlainKey, title: PlainKey): HTMLInputElement => {
      const l = html('label', { class: 'check' }, opts);
      localizeAttr(l, 'title', title);
      const input = html('input', { type: 'checkbox', 'data-testid': testid }, l);
      l.append(' ');
      localize(html('span', {}, l), label);
      input.addEventListener('change', () => actions.setOptions({ [key]: input.checked }));
      return input;
    };
    // Network: changed live, as recorded actions, not by recreating the playground.
    const net = html('div', { class: 'network-grid' }, optionsHost);
    const lossBox = html('label', { class: 'loss' }, net);
    localizeAttr(lossBox, 'title', 'controls.lossTitle');
    localize(html('span', {}, lossBox), 'controls.loss');
    this.lossInput = html('input', { type: 'range', min: 0, max: MAX_LOSS_PERCENT, step: 1, 'data-testid': 'loss' }, lossBox);
    localizeAttr(this.lossInput, 'aria-label', 'controls.loss');
    this.lossLabel = html('output', { 'data-testid': 'loss-label' }, lossBox);
    this.lossInput.addEventListener('change', () => actions.setLoss(Number(this.lossInput.value) / 100));
    this.lossInput.addEventListener('input', () => setText(this.lossLabel, `${this.lossInput.value}%`));
    const latencyLabel = html('label', {}, net);
    localizeAttr(latencyLabel, 'title', 'controls.latencyTitle');
    localize(html('span', {}, latencyLabel), 'controls.latency');
    this.latencySelect = html('select', { 'data-testid': 'latency' }, latencyLabel);
    LATENCY_CHOICES.forEach((c, i) => localize(html('option', { value: i }, this.latencySelect), c.label));
    this.latencySelect.addEventListener('change', () => {
      const c = LATENCY_CHOICES[Number(this.latencySelect.value)];
      if (c !== undefined) actions.setLatency(c.min, c.max);
    });

    this.checks = {
      preVote: check('preVote', 'prevote', 'controls.preVote', 'controls.preVoteTitle'),
      checkQuorum: check('checkQuorum', 'checkquorum', 'controls.checkQuorum', 'controls.checkQuorumTitle'),
      leaderNoop: check('leaderNoop', 'leadernoop', 'controls.leaderNoop', 'controls.leaderNoopTitle'),
    };
  }

  showPlaying(playing: boolean): void {
    this.playingShown = playing;
    setText(this.playButton, t(playing ? 'controls.pause' : 'controls.play'));
    setAttr(this.playButton, 'aria-pressed', playing ? 'true' : 'false');
    setAttr(this.playButton, 'data-playing', playing ? '1' : '0');
  }

  showSpeed(speed: number): void {
    this.speedShown = speed;
    const v = String(Math.round(speedToSlider(speed) * SLIDER_STEPS));
    if (this.speedInput.value !== v) this.speedInput.value = v;
    setText(this.speedLabel, formatSpeed(speed));
  }

  showTime(now: number): void {
    const text = `t = ${formatTime(now)}`;
    if (text !== this.lastTimeText) {
      this.lastTimeText = text;
      this.timeLabel.textContent = text;
    }
  }

  /** Fills the scenario picker (titles as text). */
  showScenarios(list: readonly { id: string; title: string }[]): void {
    while (this.scenarioSelect.options.length > 1) this.scenarioSelect.remove(1);
    for (const s of list) html('option', { value: s.id }, this.scenarioSelect, s.title);
    this.showScenario(this.scenarioShown);
  }

  /** The scenario on show ('' or null: free play). */
  showScenario(id: string | null): void {
    const v = id ?? '';
    this.scenarioShown = v;
    const known = Array.from(this.scenarioSelect.options).some((o) => o.value === v);
    this.scenarioSelect.value = known ? v : '';
  }

  /** Shows the network as the cluster has it now (cheap when unchanged: called per frame). */
  showNetwork(n: NetworkView): void {
    const key = `${n.loss}|${n.latencyMinMs}|${n.latencyMaxMs}`;
    if (key === this.lastNetwork) return;
    this.lastNetwork = key;
    const percent = Math.round(n.loss * 100);
    this.lossInput.value = String(Math.min(percent, MAX_LOSS_PERCENT));
    setText(this.lossLabel, `${percent}%`);
    let choice = LATENCY_CHOICES.findIndex((c) => c.min === n.latencyMinMs && c.max === n.latencyMaxMs);
    if (choice < 0) {
      // A run from a link may carry a range the menu does not list: show it as it is.
      const label = `${n.latencyMinMs}–${n.latencyMaxMs} ms`;
      let other = this.latencySelect.querySelector<HTMLOptionElement>('option[data-other]');
      if (other === null) other = html('option', { 'data-other': '1', value: 'other', disabled: '' }, this.latencySelect);
      setText(other, label);
      this.latencySelect.value = 'other';
    } else {
      this.latencySelect.value = String(choice);
    }
  }

  /**
   * The cluster's size in force: the servers of its configuration (§4.1), which membership
   * changes move away from the starting size. Cheap when unchanged (called per frame); choosing
   * a size still starts a fresh cluster of it.
   */
  showClusterSize(size: number): void {
    if (!(size > 0) || size === this.sizeShown) return;
    this.sizeShown = size;
    if (!SIZE_CHOICES.some((n) => n === size) && !this.sizeSelect.querySelector(`option[value="${size}"]`)) {
      html('option', { value: size }, this.sizeSelect, String(size));
    }
    this.sizeSelect.value = String(size);
  }

  showOptions(o: PageOptions): void {
    this.sizeShown = NaN;
    this.showClusterSize(o.nodes);
    setText(this.seedLabel, String(o.seed));
    this.backtrackingSelect.value = o.backtracking;
    this.checks.preVote.checked = o.preVote;
    this.checks.checkQuorum.checked = o.checkQuorum;
    this.checks.leaderNoop.checked = o.leaderNoop;
    // A run from a link may use a number the menus do not offer: show it as it is.
    for (const [select, value] of [
      [this.snapshotEverySelect, o.snapshotEvery],
      [this.snapshotThresholdSelect, o.snapshotThreshold],
    ] as const) {
      if (!select.querySelector(`option[value="${value}"]`)) html('option', { value }, select, String(value));
      select.value = String(value);
    }
  }
}
