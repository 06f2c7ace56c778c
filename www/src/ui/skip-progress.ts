// The progress of a skip-to or a far seek while it runs: what it does, how far it got, and Cancel.
// It floats at the foot of the stage; the page stays usable around it.

import { localize, localizeAttr } from '../i18n/index.js';
import { html, setClass } from '../render/dom.js';

export class SkipProgress {
  readonly el: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly bar: HTMLProgressElement;

  constructor(parent: HTMLElement, cancel: () => void) {
    this.el = html('div', { class: 'rp-skip hidden', 'data-testid': 'skip-progress', role: 'status' }, parent);
    this.label = html('span', { class: 'rp-skip-label' }, this.el);
    this.bar = html('progress', { max: 1, value: 0 }, this.el);
    localizeAttr(this.bar, 'aria-label', 'skip.progress');
    const button = html('button', { type: 'button', 'data-testid': 'skip-cancel' }, this.el);
    localize(button, 'skip.cancel');
    button.addEventListener('click', cancel);
  }

  /** Shows `label` ("Skipping to the next {what}…", "Going to {time}…") at `fraction` (0 to 1). */
  show(label: string, fraction: number): void {
    this.label.textContent = label;
    this.bar.value = Math.max(0, Math.min(1, fraction));
    setClass(this.el, 'hidden', false);
  }

  hide(): void {
    setClass(this.el, 'hidden', true);
  }
}
