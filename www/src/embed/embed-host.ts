// What <raft-playground> does for a page that embeds it, kept out of element.ts: the embedding
// attributes (read, checked, shown when wrong, applied again when they change), the look they
// set on the host (controls, theme, height), the host events, and pausing while off screen or
// in a hidden tab. What the first drawn cluster does not need (the note, the host events and
// their live region, changes at run time) comes with the page's extras (page-extras.ts).

import type { PageOptions } from '../config.js';
import { nodeName } from '../narrate.js';
import type { Source } from '../run-loader.js';
import type { Limits } from '../view.js';
import { prefersReducedMotion } from '../render/reduced-motion.js';
import type { Announcer } from './announcer.js';
import type { AttributeNote } from './attribute-note.js';
import type { HostEvents } from './host-events.js';
import { watchOffscreen } from './offscreen.js';
import type { findProblems } from './problems.js';
import { type EmbedAttribute, type EmbedSettings, DEFAULT_SETTINGS, readSettings } from './settings.js';

/** What the element lends its embedding host. */
export interface EmbedHostDeps {
  open(source: Source, autoplay: boolean): Promise<boolean>;
  playing(): boolean;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  setHidden(hidden: boolean): void;
  options(): PageOptions | null;
  limits(): Limits | null;
  /** Opens the guided tour at `param` (`chapter:step`), or leaves it when null. */
  tour(param: string | null): void;
}

export class EmbedHost {
  settings: EmbedSettings = { ...DEFAULT_SETTINGS };
  /** The host events, from the page's extras (loaded after the first draw); null until then. */
  events: HostEvents | null = null;
  /** Where the note goes (under the toolbar), and the note once the extras built it. */
  private notePlace: { app: HTMLElement; before: Node | null } | null = null;
  private note: AttributeNote | null = null;
  private findProblems: typeof findProblems | null = null;
  private offscreen = false;
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly deps: EmbedHostDeps,
  ) {}

  /** The extras are in: fire host events and announce them in the live region from now on. */
  live(extras: { HostEvents: typeof HostEvents; Announcer: typeof Announcer; AttributeNote: typeof AttributeNote; findProblems: typeof findProblems }): void {
    const place = this.notePlace;
    if (this.events || !place) return;
    this.events = new extras.HostEvents(this.el, nodeName);
    new extras.Announcer(place.app, this.el);
    this.note = new extras.AttributeNote(place.app, place.before);
    this.findProblems = extras.findProblems;
    this.showProblems();
  }

  /** The attribute, else the page's query parameter of that name (embed.html?scenario=…). */
  pick(name: EmbedAttribute | string): string | null {
    const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    return this.el.getAttribute(name) ?? query.get(name);
  }

  /** Notes where the attribute note will go and applies the settings read so far. */
  build(app: HTMLElement, before: Node | null): void {
    this.notePlace = { app, before };
    this.refresh();
  }

  /** The wasm is loaded: the node count can be judged against its limits now. */
  limitsKnown(): void {
    this.refresh();
  }

  connect(): void {
    this.stopWatching ??= watchOffscreen(this.el, (off) => {
      this.offscreen = off;
      this.deps.setHidden(this.hidden());
    });
  }

  disconnect(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.offscreen = false;
  }

  /** Whether the clock should sleep: the tab is hidden or the element is scrolled away. */
  hidden(): boolean {
    return (typeof document !== 'undefined' && document.visibilityState === 'hidden') || this.offscreen;
  }

  /** Whether the first run plays by itself: `autoplay`, unless the reader asked for less motion. */
  autoplay(): boolean {
    return this.settings.autoplay && !prefersReducedMotion();
  }

  /** Re-reads every setting, shows what was not understood and sets the host's look. */
  private refresh(): void {
    const settings = readSettings((name) => this.pick(name));
    this.settings = settings;
    this.showProblems();
    const el = this.el;
    el.setAttribute('data-controls', settings.controls);
    el.setAttribute('data-theme', settings.theme);
    // CSSOM, not a style attribute: allowed under `style-src 'self'`.
    if (settings.height === null) el.style.removeProperty('height');
    else el.style.setProperty('height', settings.height);
    el.toggleAttribute('data-height', settings.height !== null);
  }

  /** The note lists the values not understood (once the extras are in). */
  private showProblems(): void {
    if (this.note && this.findProblems) this.note.show(this.findProblems((name) => this.pick(name), this.deps.limits()));
  }

  /**
   * An observed attribute changed on a built element: the look at once; the rest (a new run,
   * the speed, play or pause) by attribute-change.ts, loaded with the page's extras.
   */
  attributeChanged(name: string): void {
    this.refresh();
    void import('../page-extras.js').then((extras) => extras.applyAttributeChange(name, this, this.deps));
  }
}
