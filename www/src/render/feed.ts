// The event feed: the last few notable events in words, newest first.

import { t } from '../i18n/index.js';
import type { FeedLine } from '../narrate.js';
import { html } from './dom.js';

export const FEED_LENGTH = 8;

export function formatTime(ms: number): string {
  // The digits as strings: a catalog number would gain a grouping separator ("9,999 ms").
  return ms < 10_000 ? t('time.ms', { ms: String(Math.round(ms)) }) : t('time.s', { s: (ms / 1000).toFixed(2) });
}

export class Feed {
  readonly list: HTMLOListElement;

  constructor(parent: HTMLElement) {
    // Not a live region: every event would be read out; embed/announcer.ts says what matters.
    this.list = html('ol', { class: 'feed', 'data-testid': 'feed' }, parent);
  }

  /** Adds lines (oldest first) and trims the list; only the newest FEED_LENGTH get elements. */
  push(lines: readonly FeedLine[]): void {
    const fresh = lines.slice(-FEED_LENGTH);
    for (const line of fresh) {
      const li = html('li', { class: `tone-${line.tone}`, 'data-kind': line.tone, 'data-at': line.at });
      html('span', { class: 'at' }, li, formatTime(line.at));
      html('span', { class: 'text' }, li, line.text);
      this.list.prepend(li);
    }
    while (this.list.children.length > FEED_LENGTH) this.list.lastElementChild?.remove();
  }

  /**
   * Time travelled back to `now`: drops the lines from after it and returns the time of the
   * newest line kept (-Infinity when none), so re-read events are not told twice.
   */
  trimAfter(now: number): number {
    let newest = -Infinity;
    for (const li of Array.from(this.list.children)) {
      const at = Number(li.getAttribute('data-at'));
      if (!(at <= now)) li.remove();
      else newest = Math.max(newest, at);
    }
    return newest;
  }
}
