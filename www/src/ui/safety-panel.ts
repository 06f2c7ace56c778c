// The safety panel and the "Break Raft (unsafe)" switches.
//
// The panel lists the seven checked properties with their meanings, green while they hold. The
// run's first violation at the cursor (the core's checker, read through `violation()`) turns its
// property red, says in a sentence or two what broke and which switched-off rule allowed it, and
// highlights the servers on the ring and the entries in the logs. It follows the cursor: scrub
// back before the violation and it clears; forward again and it returns. It keeps no Raft state:
// what it shows is read from the playground at each paint.
//
// The switches are part of the run's config (links and run files carry them). Changing one
// replays the same run (seed, starting states, actions) from its start under the new rule, to
// the same moment: the element does that through `setSwitches`.

import { html, setAttr, setClass, setText } from '../render/dom.js';
import { formatTime } from '../render/feed.js';
import {
  PROPERTIES,
  PROPERTY_WORDS,
  SWITCHES,
  SWITCH_EFFECT,
  SWITCH_WORDS,
  type PropertyName,
  type SwitchName,
  type ViolationView,
  describeViolation,
} from '../safety-words.js';
import './safety.css';

export type Switches = Record<SwitchName, boolean>;

/** What the panel reads of the playground (the wasm `Playground` or a test fake). */
export interface SafetySource {
  violationAt(): number;
  violation(): ViolationView | null;
}

export interface SafetyActions {
  /** The user changed a switch: replay the run under these switches. */
  setSwitches(switches: Switches): void;
}

/** Where highlights go: the ring's server groups and the logs' rows, by server id. */
export interface HighlightTargets {
  node(id: number): Element | null;
  logRow(id: number): Element | null;
}

export class SafetyPanel {
  readonly el: HTMLElement;
  readonly switchGroup: HTMLFieldSetElement;
  private readonly rows = new Map<PropertyName, HTMLLIElement>();
  private readonly status: HTMLParagraphElement;
  private readonly cause: HTMLParagraphElement;
  private readonly checks: Record<SwitchName, HTMLInputElement>;
  /** The violation on show: the panel rewrites only when it changes. */
  private shown: ViolationView | null = null;
  /** Elements carrying `data-safety`, to clear them without searching. */
  private highlighted: Element[] = [];

  constructor(side: HTMLElement, optionsHost: HTMLElement, actions: SafetyActions, before: Element | null = null) {
    this.el = html('section', { class: 'rp-safety', 'data-testid': 'safety', 'aria-label': 'Safety properties' }, side);
    if (before) side.insertBefore(this.el, before);
    html('h2', {}, this.el, 'Safety');
    this.status = html('p', { class: 'safety-status', 'data-testid': 'safety-status', role: 'status' }, this.el);
    const list = html('ul', { class: 'safety-list' }, this.el);
    for (const p of PROPERTIES) {
      const words = PROPERTY_WORDS[p];
      const li = html('li', { 'data-property': p, 'data-state': 'ok', title: `${words.title}: ${words.meaning}` }, list);
      html('span', { class: 'safety-dot', 'aria-hidden': 'true' }, li);
      html('span', { class: 'safety-name' }, li, words.title);
      html('span', { class: 'safety-meaning' }, li, words.meaning);
      this.rows.set(p, li);
    }
    this.cause = html('p', { class: 'safety-cause hidden', 'data-testid': 'safety-cause', role: 'alert' }, this.el);

    this.switchGroup = html('fieldset', { class: 'break-raft', 'data-testid': 'break-raft' }, optionsHost);
    html('legend', {}, this.switchGroup, 'Break Raft (unsafe)');
    const checks: Partial<Record<SwitchName, HTMLInputElement>> = {};
    for (const s of SWITCHES) {
      const words = SWITCH_WORDS[s];
      const label = html('label', { class: 'check', title: words.rule }, this.switchGroup);
      const input = html('input', { type: 'checkbox', 'data-testid': `switch-${s}`, 'data-switch': s }, label);
      label.append(` ${words.label}`);
      input.addEventListener('change', () => actions.setSwitches(this.switches()));
      checks[s] = input;
    }
    this.checks = checks as Record<SwitchName, HTMLInputElement>;
    html('p', { class: 'break-raft-note' }, this.switchGroup, SWITCH_EFFECT);
    this.render(null);
  }

  /** The switches as the checkboxes have them. */
  switches(): Switches {
    const out = {} as Switches;
    for (const s of SWITCHES) out[s] = this.checks[s].checked;
    return out;
  }

  /** Shows the run's switches (from its `options()`). */
  showSwitches(on: Partial<Switches>): void {
    for (const s of SWITCHES) this.checks[s].checked = on[s] === true;
    setClass(this.switchGroup, 'active', SWITCHES.some((s) => on[s] === true));
  }

  /**
   * Reads the violation at the cursor and shows it (or the all-clear); the highlights are
   * re-applied, as the logs may have redrawn their cells. Returns the violation on show.
   */
  update(pg: SafetySource, targets: HighlightTargets | null): ViolationView | null {
    const at = pg.violationAt();
    if (at < 0) {
      if (this.shown !== null) this.render(null);
    } else if (this.shown === null || this.shown.atMs !== at) {
      this.render(pg.violation());
    }
    this.highlight(targets);
    return this.shown;
  }

  /** The sentence on show, or null. */
  get sentence(): string | null {
    return this.shown === null ? null : describeViolation(this.shown);
  }

  private render(v: ViolationView | null): void {
    this.shown = v;
    for (const [p, li] of this.rows) setAttr(li, 'data-state', v !== null && v.property === p ? 'broken' : 'ok');
    setAttr(this.el, 'data-state', v === null ? 'ok' : 'broken');
    if (v === null) {
      setText(this.status, `All ${PROPERTIES.length} hold so far.`);
      setText(this.cause, '');
      setClass(this.cause, 'hidden', true);
      return;
    }
    setText(this.status, `${PROPERTY_WORDS[v.property].title} broken at t = ${formatTime(v.atMs)}.`);
    setText(this.cause, describeViolation(v));
    setClass(this.cause, 'hidden', false);
  }

  /** Marks what the violation names; writes only what changed (this runs every paint). */
  private highlight(targets: HighlightTargets | null): void {
    const want = new Map<Element, string>();
    const v = this.shown;
    if (v !== null && targets !== null) {
      v.nodes.forEach((id, i) => {
        const el = targets.node(id);
        if (el) want.set(el, i === 0 ? 'fault' : 'involved');
      });
      for (const e of v.entries) {
        const cell = targets.logRow(e.node)?.querySelector(`.cell[data-index="${e.index}"]`);
        if (cell) want.set(cell, 'entry');
      }
    }
    for (const el of this.highlighted) if (!want.has(el)) el.removeAttribute('data-safety');
    for (const [el, how] of want) if (el.getAttribute('data-safety') !== how) el.setAttribute('data-safety', how);
    this.highlighted = [...want.keys()];
  }

  /** Forgets what is on show (a new run): the next update reads the violation afresh. */
  reset(): void {
    this.render(null);
  }
}
