// The visible note inside the element listing attribute values it did not understand (and what
// it uses instead), so a docs author sees a typo on the page rather than in a console. Built
// with the page's extras, after the first draw.

import { html, setClass } from '../render/dom.js';
import { type SettingProblem, problemText } from './problems.js';

export class AttributeNote {
  readonly el: HTMLElement;

  constructor(parent: HTMLElement, before: Node | null) {
    this.el = html('div', { class: 'rp-attr-note hidden', 'data-testid': 'attribute-note', role: 'note' });
    parent.insertBefore(this.el, before);
  }

  show(problems: readonly SettingProblem[]): void {
    this.el.replaceChildren();
    for (const p of problems) html('p', {}, this.el, problemText(p));
    setClass(this.el, 'hidden', problems.length === 0);
  }
}
