// @vitest-environment jsdom
// The scene after time travel: a jump back reads the trace afresh without repeating or losing
// what the feed showed up to the new moment, and refetches the logs.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeView, EVENTS_PAGE } from '../testing/fixtures.js';
import { type SceneHost, mountSceneHost } from '../testing/host.js';
import { Scene } from './scene.js';

let host: SceneHost;

beforeEach(() => {
  host = mountSceneHost();
});

const feedTimes = (): number[] => Array.from(host.feed.querySelectorAll('li')).map((li) => Number(li.getAttribute('data-at')));

describe('scene rewind', () => {
  it('keeps the feed up to the new moment and tells nothing twice', () => {
    const v = new FakeView(3);
    v.trace = [
      { seq: 0, at: 100, kind: 'crashed', node: 0 },
      { seq: 1, at: 200, kind: 'crashed', node: 1 },
      { seq: 2, at: 300, kind: 'crashed', node: 2 },
    ];
    const s = new Scene(host, 3, EVENTS_PAGE);
    v.time = 300;
    s.draw(v, 0, 1);
    expect(feedTimes()).toEqual([300, 200, 100]);
    // Back to 250: the binding's trace restarts lower (a checkpoint's tail, re-simulated).
    v.time = 250;
    v.trace = [
      { seq: 0, at: 100, kind: 'crashed', node: 0 },
      { seq: 1, at: 200, kind: 'crashed', node: 1 },
    ];
    s.rewind(250);
    s.draw(v, 0, 1);
    expect(feedTimes()).toEqual([200, 100]);
    // Forward again: the later event is told once.
    v.time = 300;
    v.trace.push({ seq: 2, at: 300, kind: 'crashed', node: 2 });
    s.draw(v, 0, 1);
    expect(feedTimes()).toEqual([300, 200, 100]);
  });

  it('refetches every log after a rewind even when versions look unchanged', () => {
    const v = new FakeView(2);
    v.setLog(0, [1, 1]);
    const s = new Scene(host, 2, EVENTS_PAGE);
    s.draw(v, 0, 1);
    const calls = v.logCalls;
    s.draw(v, 0, 1);
    expect(v.logCalls).toBe(calls);
    s.rewind(0);
    s.draw(v, 0, 1);
    expect(v.logCalls).toBe(calls + 2);
  });
});
