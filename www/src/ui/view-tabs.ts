// "Cluster | Logs": where the logs cannot sit beside the ring (a narrow page, a small embed), they
// take the ring's place on demand instead of being squeezed under it and clipped. The tabs only
// set `data-view` on the element; style.css decides, per container width, whether the tabs show
// and which pane hides. On wide layouts both panes show and the tabs are hidden.

import { html } from '../render/dom.js';
import { localize, localizeAttr, type PlainKey } from '../i18n/index.js';

export type View = 'cluster' | 'logs' | 'diagram';

export class ViewTabs {
  readonly el: HTMLDivElement;
  private readonly buttons: Record<View, HTMLButtonElement>;

  constructor(
    parent: HTMLElement,
    private readonly host: HTMLElement,
  ) {
    this.el = html('div', { class: 'rp-tabs', role: 'tablist' }, parent);
    localizeAttr(this.el, 'aria-label', 'tabs.label');
    const tab = (view: View, label: PlainKey): HTMLButtonElement => {
      const b = html('button', { type: 'button', role: 'tab', 'data-testid': `tab-${view}` }, this.el);
      localize(b, label);
      b.addEventListener('click', () => this.show(view));
      return b;
    };
    this.buttons = { cluster: tab('cluster', 'tabs.cluster'), logs: tab('logs', 'tabs.logs'), diagram: tab('diagram', 'tabs.diagram') };
    this.show('cluster');
  }

  show(view: View): void {
    this.host.setAttribute('data-view', view);
    for (const [v, b] of Object.entries(this.buttons)) b.setAttribute('aria-selected', v === view ? 'true' : 'false');
  }
}
