// The time-travel bar under the cluster: the timeline strip, one-event steps back and forward,
// skips to the next leader change / commit / split vote, "skip 1 minute", and the hints
// that say when the cursor is in the past and when an action forked the run. Like Controls, it
// reports intent and shows what it is told; the element does the work.

import { html, setClass, setText } from '../render/dom.js';
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

function button(parent: HTMLElement, testid: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = html('button', { type: 'button', 'data-testid': testid, title, 'aria-label': title }, parent, label);
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
    this.el = html('section', { class: 'rp-travel', 'aria-label': 'Time travel' }, parent);
    const stripBox = html('div', { class: 'tl-box' }, this.el);
    this.strip = new TimelineStrip(stripBox, actions, scheduler);

    const row = html('div', { class: 'tl-row' }, this.el);
    const steps = html('div', { class: 'tl-group', role: 'group', 'aria-label': 'Step one event' }, row);
    // One step control: the page's only "run one event" (it pauses, and says what it delivered).
    button(steps, 'step-back', '◀ Step', 'Step back one event (,)', () => actions.stepBack());
    button(steps, 'step-forward', 'Step ▶', 'Step: deliver the next event and say what it was (.)', () => actions.stepForward());

    const ff = html('div', { class: 'tl-group tl-ff', role: 'group', 'aria-label': 'Skip to the next' }, row);
    html('span', { class: 'tl-group-label' }, ff, 'Skip to next:');
    button(ff, 'ff-leader', 'Leader', 'Skip to the next leader change, then pause (L; looks 10 minutes ahead)', () => actions.runUntil('leader'));
    button(ff, 'ff-commit', 'Commit', 'Skip to the next commit, then pause (M; looks 10 minutes ahead)', () => actions.runUntil('commit'));
    button(ff, 'ff-split', 'Split vote', 'Skip to the next split vote, then pause (V; looks 10 minutes ahead)', () => actions.runUntil('split'));
    button(ff, 'skip-minute', '+1 min', 'Skip ahead +1 min of virtual time', () => actions.skip());

    const hints = html('div', { class: 'tl-hints' }, row);
    this.pastHint = html('span', { class: 'tl-hint past hidden', 'data-testid': 'past-hint', role: 'status' }, hints);
    this.forkNotice = html('span', { class: 'tl-hint fork hidden', 'data-testid': 'fork-notice', role: 'status' }, hints, 'Forked: later actions were dropped');
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
        src.now() < src.horizon()
          ? 'Viewing the past — Play replays what happened; acting here will fork'
          : this.scenario
            ? 'The scenario’s script goes on — acting now will fork and drop its later steps'
            : 'Recorded actions ahead — acting now will fork and drop them';
      if (text !== this.lastPastText) {
        this.lastPastText = text;
        setText(this.pastHint, text);
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
