// The time-travel bar under the cluster: the timeline strip, one-event steps back and forward,
// skips to the next leader change / commit / split vote, "skip 1 minute", and the hints
// that say when the cursor is in the past and when an action forked the run. Like Controls, it
// reports intent and shows what it is told; the element does the work.

import { html, setClass, setText } from '../render/dom.js';
import { language, localize, localizeAttr, t, type PlainKey } from '../i18n/index.js';
import { type StripActions, type StripScheduler, type StripSource, TimelineStrip } from './strip.js';
import type { UntilKind } from '../view.js';

/** How long "forked: later actions were dropped" stays, wall ms. */
export const FORK_NOTICE_MS = 4000;

export interface TravelActions extends StripActions {
  stepBack(): void;
  stepForward(): void;
  runUntil(kind: UntilKind): void;
  skip(): void;
}

/** What the bar reads each frame (the playground). */
export interface TravelSource extends StripSource {
  inPast(): boolean;
}

function button(parent: HTMLElement, testid: string, label: PlainKey, title: PlainKey, onClick: () => void): HTMLButtonElement {
  const b = html('button', { type: 'button', 'data-testid': testid }, parent);
  localize(b, label);
  localizeAttr(b, 'title', title);
  localizeAttr(b, 'aria-label', title);
  b.addEventListener('click', onClick);
  return b;
}

export class TravelBar {
  readonly el: HTMLElement;
  readonly strip: TimelineStrip;
  private readonly pastHint: HTMLSpanElement;
  private readonly forkNotice: HTMLSpanElement;
  private forkTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPast: boolean | null = null;
  private lastPastText = '';
  /** A scenario is loaded: its script is what acting would drop. */
  scenario = false;

  constructor(parent: HTMLElement, actions: TravelActions, scheduler?: StripScheduler) {
    this.el = html('section', { class: 'rp-travel' }, parent);
    localizeAttr(this.el, 'aria-label', 'travel.label');
    const stripBox = html('div', { class: 'tl-box' }, this.el);
    this.strip = new TimelineStrip(stripBox, actions, scheduler);

    const row = html('div', { class: 'tl-row' }, this.el);
    const steps = html('div', { class: 'tl-group', role: 'group' }, row);
    localizeAttr(steps, 'aria-label', 'travel.stepGroup');
    // One step control: the page's only "run one event" (it pauses, and says what it delivered).
    button(steps, 'step-back', 'travel.stepBack', 'travel.stepBackTitle', () => actions.stepBack());
    button(steps, 'step-forward', 'travel.stepForward', 'travel.stepForwardTitle', () => actions.stepForward());

    const ff = html('div', { class: 'tl-group tl-ff', role: 'group' }, row);
    localizeAttr(ff, 'aria-label', 'travel.skipGroup');
    localize(html('span', { class: 'tl-group-label' }, ff), 'travel.skipLabel');
    button(ff, 'ff-leader', 'travel.ffLeader', 'travel.ffLeaderTitle', () => actions.runUntil('leader'));
    button(ff, 'ff-commit', 'travel.ffCommit', 'travel.ffCommitTitle', () => actions.runUntil('commit'));
    button(ff, 'ff-split', 'travel.ffSplit', 'travel.ffSplitTitle', () => actions.runUntil('split'));
    button(ff, 'skip-minute', 'travel.skipMinute', 'travel.skipMinuteTitle', () => actions.skip());

    const hints = html('div', { class: 'tl-hints' }, row);
    this.pastHint = html('span', { class: 'tl-hint past hidden', 'data-testid': 'past-hint', role: 'status' }, hints);
    this.forkNotice = html('span', { class: 'tl-hint fork hidden', 'data-testid': 'fork-notice', role: 'status' }, hints);
    localize(this.forkNotice, 'travel.forked');
  }

  /** Per frame (and after every jump, with `force`). */
  update(src: TravelSource, wallNow: number, force = false): void {
    this.strip.update(src, wallNow, force);
    const past = src.inPast();
    if (past !== this.lastPast || force) {
      this.lastPast = past;
      setClass(this.pastHint, 'hidden', !past);
      setClass(this.el, 'in-past', past);
    }
    if (past) {
      // Behind the horizon: the recorded future replays on Play. At it, with actions still on
      // the tape (a scenario's script, a shared run), acting drops those.
      const text =
        language() +
        t(src.now() < src.horizon() ? 'travel.pastViewing' : this.scenario ? 'travel.pastScenario' : 'travel.pastRecorded');
      if (text !== this.lastPastText) {
        this.lastPastText = text;
        setText(this.pastHint, text.slice(language().length));
      }
    }
  }

  /** Shows "forked" for a few seconds. */
  showForked(): void {
    setClass(this.forkNotice, 'hidden', false);
    if (this.forkTimer !== null) clearTimeout(this.forkTimer);
    this.forkTimer = setTimeout(() => {
      this.forkTimer = null;
      setClass(this.forkNotice, 'hidden', true);
    }, FORK_NOTICE_MS);
  }

  destroy(): void {
    this.strip.destroy();
    if (this.forkTimer !== null) clearTimeout(this.forkTimer);
  }
}
