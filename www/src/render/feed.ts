// The event feed: the last few notable events in words, newest first.

import type { FeedLine } from '../narrate.js';
import { html } from './dom.js';

export const FEED_LENGTH = 8;

export function formatTime(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export class Feed {
  readonly list: HTMLOListElement;

  constructor(parent: HTMLElement) {
    this.list = html('ol', { class: 'feed', 'data-testid': 'feed', 'aria-live': 'polite' }, parent);
  }

  /** Adds lines (oldest first) and trims the list; only the newest FEED_LENGTH get elements. */
  push(lines: readonly FeedLine[]): void {
    const fresh = lines.slice(-FEED_LENGTH);
    for (const line of fresh) {
      const li = html('li', { class: `tone-${line.tone}`, 'data-kind': line.tone });
      html('span', { class: 'at' }, li, formatTime(line.at));
      html('span', { class: 'text' }, li, line.text);
      this.list.prepend(li);
    }
    while (this.list.children.length > FEED_LENGTH) this.list.lastElementChild?.remove();
  }
}
