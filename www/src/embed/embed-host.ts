// What <raft-playground> does for a page that embeds it, kept out of element.ts: the embedding
// attributes (read, checked, shown when wrong, applied again when they change), the look they
// set on the host (controls, theme, height), the host events, and pausing while off screen or
// in a hidden tab.

import { type PageOptions, readOptions } from '../config.js';
import { nodeName } from '../narrate.js';
import type { Source } from '../run-loader.js';
import type { Limits } from '../view.js';
import { readFragment } from '../links.js';
import { prefersReducedMotion } from '../render/reduced-motion.js';
import { Announcer } from './announcer.js';
import { AttributeNote } from './attribute-note.js';
import { HostEvents } from './host-events.js';
import { watchOffscreen } from './offscreen.js';
import { type EmbedAttribute, type EmbedSettings, DEFAULT_SETTINGS, readSettings } from './settings.js';

export interface EmbedHostDeps {
  open(source: Source, autoplay: boolean): Promise<boolean>;
  playing(): boolean;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  setHidden(hidden: boolean): void;
  options(): PageOptions | null;
  limits(): Limits | null;
}

export class EmbedHost {
  settings: EmbedSettings = { ...DEFAULT_SETTINGS };
  readonly events: HostEvents;
  private note: AttributeNote | null = null;
  private offscreen = false;
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly deps: EmbedHostDeps,
  ) {
    this.events = new HostEvents(el, nodeName);
  }

  /** The attribute, else the page's query parameter of that name (embed.html?scenario=…). */
  pick(name: EmbedAttribute | string): string | null {
    const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
    return this.el.getAttribute(name) ?? query.get(name);
  }

  /** Builds the note (under the toolbar) and the live region, and applies the settings read so far. */
  build(app: HTMLElement, before: Node | null): void {
    this.note = new AttributeNote(app, before);
    new Announcer(app, this.el);
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
    const { settings, problems } = readSettings((name) => this.pick(name), this.deps.limits());
    this.settings = settings;
    this.note?.show(problems);
    const el = this.el;
    el.setAttribute('data-controls', settings.controls);
    el.setAttribute('data-theme', settings.theme);
    // CSSOM, not a style attribute: allowed under `style-src 'self'`.
    if (settings.height === null) el.style.removeProperty('height');
    else el.style.setProperty('height', settings.height);
    el.toggleAttribute('data-height', settings.height !== null);
  }

  /** An observed attribute changed on a built element: apply it the way a reader expects. */
  attributeChanged(name: string): void {
    this.refresh();
    const limits = this.deps.limits();
    switch (name) {
      case 'speed':
        if (this.settings.speed !== null) this.deps.setSpeed(this.settings.speed);
        return;
      case 'autoplay':
        // Turning autoplay on starts the run; off stops it (a reader can still press Play).
        if (this.settings.autoplay) this.deps.play();
        else this.deps.pause();
        return;
      case 'nodes':
      case 'seed': {
        const base = this.deps.options();
        if (!base || !limits) return;
        const read = readOptions((n) => this.pick(n), new URLSearchParams(), limits);
        const next = { ...base, [name]: read[name] };
        void this.deps.open({ kind: 'config', options: next }, this.deps.playing() || this.autoplay());
        return;
      }
      case 'scenario': {
        const id = this.pick('scenario');
        const base = this.deps.options();
        if (id) void this.deps.open({ kind: 'scenario', id }, this.autoplay());
        else if (base) void this.deps.open({ kind: 'config', options: base }, this.autoplay());
        return;
      }
      case 'link': {
        const text = readFragment(this.pick('link'));
        if (text !== null) void this.deps.open({ kind: 'link', text, from: 'fragment' }, false);
        return;
      }
      default:
        // controls, theme, height: the look, set by refresh().
        return;
    }
  }
}
