// A scenario's captions: the one on show is the latest whose time has come, so scrubbing the
// timeline back and forth moves the caption with it.

import { html, setClass, setText } from '../render/dom.js';
import type { CaptionView } from '../view.js';
import { localize, localizeAttr, t } from '../i18n/index.js';

/** The latest caption with `at` <= `now` (the later one of equal times), or null before the first. */
export function captionAt(captions: readonly CaptionView[], now: number): CaptionView | null {
  let best: CaptionView | null = null;
  for (const c of captions) {
    if (c.at <= now && (best === null || c.at >= best.at)) best = c;
  }
  return best;
}

export interface CaptionActions {
  /** "Back to free play". */
  exit(): void;
}

/** The caption panel over the stage, shown while a scenario is loaded. */
export class CaptionPanel {
  readonly el: HTMLDivElement;
  private readonly title: HTMLSpanElement;
  private readonly text: HTMLParagraphElement;
  private readonly step: HTMLSpanElement;
  private captions: readonly CaptionView[] = [];
  private shown: CaptionView | null | undefined = undefined;

  constructor(parent: HTMLElement, before: Element | null, actions: CaptionActions) {
    this.el = html('div', { class: 'rp-caption hidden', 'data-testid': 'caption-panel', role: 'region' });
    localizeAttr(this.el, 'aria-label', 'captions.kicker');
    parent.insertBefore(this.el, before);
    const head = html('div', { class: 'caption-head' }, this.el);
    localize(html('span', { class: 'caption-kicker' }, head), 'captions.kicker');
    this.title = html('span', { class: 'caption-title', 'data-testid': 'scenario-title' }, head);
    this.step = html('span', { class: 'caption-step' }, head);
    const exit = html('button', { type: 'button', 'data-testid': 'scenario-exit' }, head);
    localize(exit, 'captions.exit');
    localizeAttr(exit, 'title', 'captions.exitTitle');
    exit.addEventListener('click', () => actions.exit());
    this.text = html('p', { class: 'caption-text', 'data-testid': 'caption', 'aria-live': 'polite' }, this.el);
  }

  /** Shows a scenario's captions (title and captions as text, never markup); null hides the panel. */
  load(scenario: { title: string; captions: readonly CaptionView[] } | null): void {
    this.captions = scenario ? [...scenario.captions].sort((a, b) => a.at - b.at) : [];
    this.shown = undefined;
    setClass(this.el, 'hidden', scenario === null);
    setText(this.title, scenario?.title ?? '');
  }

  get active(): boolean {
    return !this.el.classList.contains('hidden');
  }

  /** Per frame: cheap when the caption did not change. */
  update(now: number): void {
    if (!this.active) return;
    const c = captionAt(this.captions, now);
    if (c === this.shown) return;
    this.shown = c;
    setText(this.text, c ? c.text : t('captions.pressPlay'));
    const i = c ? this.captions.indexOf(c) : -1;
    setText(this.step, this.captions.length ? `${i + 1} / ${this.captions.length}` : '');
  }
}
