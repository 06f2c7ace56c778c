import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import { ANNOUNCE_GAP_MS, Announcer } from './announcer.js';
import { problemText } from './problems.js';

afterEach(() => setLanguage('en'));

/** A hand-driven clock: `later` callbacks run when `advance` passes them. */
function manualClock() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    later: (fn: () => void, ms: number) => timers.push({ at: now + ms, fn }),
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (t.at <= now) t.fn();
        else timers.push(t);
      }
    },
  };
}

function fire(host: EventTarget, type: string, detail: unknown): void {
  host.dispatchEvent(new CustomEvent(type, { detail }));
}

describe('the live region', () => {
  it('is polite and atomic', () => {
    const a = new Announcer(document.createElement('div'), new EventTarget(), manualClock());
    expect(a.el.getAttribute('role')).toBe('status');
    expect(a.el.getAttribute('aria-live')).toBe('polite');
    expect(a.el.getAttribute('aria-atomic')).toBe('true');
  });

  it('says a leader change at once, then waits the gap and merges what came meanwhile', () => {
    const host = new EventTarget();
    const clock = manualClock();
    const a = new Announcer(document.createElement('div'), host, clock);
    clock.advance(10_000);
    fire(host, 'leaderchange', { leader: 1, name: 'S2', term: 3, at: 0 });
    expect(a.el.textContent).toBe('S2 is leader in term 3.');
    for (let i = 1; i <= 20; i++) fire(host, 'commit', { index: i, at: 0 });
    fire(host, 'splitvote', { term: 4, at: 0 });
    expect(a.el.textContent).toBe('S2 is leader in term 3.');
    clock.advance(ANNOUNCE_GAP_MS - 1);
    expect(a.el.textContent).toBe('S2 is leader in term 3.');
    clock.advance(1);
    // One announcement for twenty commits and a split vote, the split vote first.
    expect(a.el.textContent).toBe('Split vote in term 4: no leader. Committed up to entry 20.');
  });

  it('puts a safety violation first', () => {
    const host = new EventTarget();
    const clock = manualClock();
    const a = new Announcer(document.createElement('div'), host, clock);
    clock.advance(10_000);
    fire(host, 'commit', { index: 1, at: 0 });
    fire(host, 'commit', { index: 2, at: 0 });
    fire(host, 'violation', { text: 'two leaders in term 2', at: 0 });
    clock.advance(ANNOUNCE_GAP_MS);
    expect(a.el.textContent).toBe('Safety violation: two leaders in term 2 Committed up to entry 2.');
  });

  it('speaks the page’s language: a Chinese reader hears Chinese, with the notes’ words', async () => {
    await setLanguage('zh-CN');
    const clock = manualClock();
    const host = new EventTarget();
    const a = new Announcer(document.createElement('div'), host, clock);
    fire(host, 'leaderchange', { leader: 1, name: 'S2', term: 3, at: 0 });
    expect(a.el.textContent).toBe('S2 成为任期 3 的领导者。');
    clock.advance(ANNOUNCE_GAP_MS);
    fire(host, 'splitvote', { term: 4, at: 0 });
    clock.advance(ANNOUNCE_GAP_MS);
    expect(a.el.textContent).toBe('任期 4 投票分裂：没有领导者。');
    // The attribute note too, the attribute's own values left as written.
    expect(problemText({ name: 'controls', value: 'some' })).toBe('无法理解 controls="some"（应为full | minimal | none）；改用full。');
  });
});
