// The polite live region: tells a screen reader what matters in the run (a new leader, commits,
// a split vote, a safety violation) from the host events, at most one announcement per
// ANNOUNCE_GAP_MS so a playing cluster does not flood the reader. What arrives in between is
// merged: the latest of each kind, the most important first.

import { t } from '../i18n/index.js';
import { html } from '../render/dom.js';
import type { CommitDetail, LeaderChangeDetail, SplitVoteDetail, ViolationDetail } from './host-events.js';

/** Wall ms between two announcements. */
export const ANNOUNCE_GAP_MS = 3000;

type Kind = 'violation' | 'leader' | 'split' | 'commit';
const ORDER: readonly Kind[] = ['violation', 'leader', 'split', 'commit'];

export interface AnnouncerClock {
  now(): number;
  later(fn: () => void, ms: number): unknown;
}

const wallClock: AnnouncerClock = {
  now: () => performance.now(),
  later: (fn, ms) => setTimeout(fn, ms),
};

export class Announcer {
  readonly el: HTMLElement;
  private readonly pending = new Map<Kind, string>();
  private lastSaid = -Infinity;
  private timer: unknown = null;

  constructor(
    parent: HTMLElement,
    host: EventTarget,
    private readonly clock: AnnouncerClock = wallClock,
  ) {
    this.el = html('div', { class: 'rp-announcer visually-hidden', 'data-testid': 'announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }, parent);
    host.addEventListener('leaderchange', (e) => {
      const d = (e as CustomEvent<LeaderChangeDetail>).detail;
      this.say('leader', d.leader >= 0 ? t('announce.leader', { name: d.name ?? '', term: d.term }) : t('announce.noLeader'));
    });
    host.addEventListener('commit', (e) => this.say('commit', t('announce.commit', { index: (e as CustomEvent<CommitDetail>).detail.index })));
    host.addEventListener('splitvote', (e) => this.say('split', t('announce.split', { term: (e as CustomEvent<SplitVoteDetail>).detail.term })));
    host.addEventListener('violation', (e) => this.say('violation', t('announce.violation', { text: (e as CustomEvent<ViolationDetail>).detail.text })));
  }

  /** Queues `text` (replacing an older one of its kind) and speaks when the gap allows. */
  say(kind: Kind, text: string): void {
    this.pending.set(kind, text);
    if (this.timer !== null) return;
    const wait = this.lastSaid + ANNOUNCE_GAP_MS - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.later(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const text = ORDER.map((k) => this.pending.get(k))
      .filter((t): t is string => t !== undefined)
      .join(' ');
    this.pending.clear();
    if (!text) return;
    this.el.textContent = text;
    this.lastSaid = this.clock.now();
  }
}
