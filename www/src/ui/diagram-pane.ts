// The space-time diagram's place on the page: a section under the ring with its toggle (or, on a
// narrow page, the Diagram tab), whether it is open, and the diagram itself (render/diagram.ts),
// loaded the first time it opens so a page that never opens it does not download it.

import type { PlaygroundApi } from '../wasm.js';
import { localize, localizeAttr } from '../i18n/index.js';
import { html } from '../render/dom.js';
import type { Diagram, DiagramHooks } from '../render/diagram.js';
import '../render/diagram.css';

export class DiagramPane {
  readonly el: HTMLElement;
  readonly bar: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  /** The diagram, once loaded (null before the first opening). */
  view: Diagram | null = null;
  private loading: Promise<void> | null = null;
  private nodes = 0;

  constructor(
    parent: HTMLElement,
    private readonly host: HTMLElement,
    private readonly hooks: DiagramHooks,
  ) {
    this.el = html('section', { class: 'rp-diagram', 'data-testid': 'diagram' }, parent);
    localizeAttr(this.el, 'aria-label', 'diagram.label');
    this.bar = html('div', { class: 'dg-bar' }, this.el);
    this.toggle = html('button', { type: 'button', class: 'dg-toggle', 'data-testid': 'diagram-toggle', 'aria-expanded': 'false' }, this.bar);
    localize(this.toggle, 'diagram.label');
    this.toggle.addEventListener('click', () => this.setOpen(!this.open));
    // Opened from the start by the element's `diagram` attribute or `?diagram` in the address
    // (a lecture's embed, a link to a run to read as a diagram).
    const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    if (host.hasAttribute('diagram') || query.has('diagram')) this.setOpen(true);
    // The Diagram tab shows it too.
    new MutationObserver(() => this.changed()).observe(host, { attributes: true, attributeFilter: ['data-view', 'data-diagram'] });
  }

  /** Open by its toggle, or shown by the Diagram tab on a narrow page. */
  get open(): boolean {
    return this.host.getAttribute('data-diagram') === 'open' || this.host.getAttribute('data-view') === 'diagram';
  }

  setOpen(open: boolean): void {
    if (open) this.host.setAttribute('data-diagram', 'open');
    else this.host.removeAttribute('data-diagram');
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  private changed(): void {
    if (!this.open) return;
    if (this.view) this.view.shown();
    else this.load();
  }

  /** Loads the diagram (once), then asks for a drawing. */
  private load(): void {
    this.loading ??= import('../render/diagram.js').then(
      ({ Diagram }) => {
        this.view = new Diagram(this, this.hooks);
        this.view.reset(this.nodes);
        this.hooks.redraw();
      },
      (e: unknown) => {
        this.loading = null; // a later opening tries again
        this.hooks.failed(e);
      },
    );
  }

  /** A new run with `nodes` servers. */
  reset(nodes: number): void {
    this.nodes = nodes;
    this.view?.reset(nodes);
  }

  /** The same run with `nodes` servers at the cursor (added during the run, §4.2): the lanes
   * and the rest of the drawing persist. */
  resize(nodes: number): void {
    this.nodes = nodes;
    this.view?.resize(nodes);
  }

  draw(pg: PlaygroundApi, force: boolean): void {
    if (!this.open) return;
    if (this.view) this.view.draw(pg, force);
    else this.load();
  }

  /** See Diagram.idleMs: Infinity until loaded. */
  idleMs(speed: number): number {
    return this.view ? this.view.idleMs(speed) : Infinity;
  }

  select(id: number | null): void {
    this.view?.select(id);
  }
}
