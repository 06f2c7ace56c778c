// @vitest-environment jsdom
// Scene.idleMs: how long the picture stays as drawn, for the clock to sleep through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeView, message, EVENTS_PAGE } from '../testing/fixtures.js';
import { type SceneHost, mountSceneHost } from '../testing/host.js';
import { ARC_FRAME_WALL_MS } from './nodes.js';
import { Scene } from './scene.js';

let host: SceneHost;

beforeEach(() => {
  host = mountSceneHost();
});

afterEach(() => {
  document.body.innerHTML = '';
});

/** A fake cluster that says when its next event is: `gap` virtual ms away. */
class Quiet extends FakeView {
  constructor(private readonly gap: number) {
    super(3);
    for (let id = 0; id < 3; id++) this.setNode(id, { timerStart: 0, timerDeadline: 100_000 });
  }
  nextEventAt(): number {
    return this.time + this.gap;
  }
}
const quiet = (gap: number): Quiet => new Quiet(gap);

describe('Scene.idleMs', () => {
  it('is the wall time to the next event when nothing moves', () => {
    const v = quiet(4);
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    expect(s.idleMs).toBeCloseTo(200); // 4 virtual ms at 1/50x
  });

  it('is the time to the next visible step of a timer arc, but no sooner than ARC_FRAME_WALL_MS', () => {
    const v = quiet(1000);
    v.setNode(1, { timerStart: 0, timerDeadline: 160 }); // one step of this arc = 1 virtual ms
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    expect(s.idleMs).toBeCloseTo(ARC_FRAME_WALL_MS);
    s.draw(v, 16, 1 / 1000); // a step is now 1000 wall ms
    expect(s.idleMs).toBeGreaterThan(ARC_FRAME_WALL_MS);
    expect(s.idleMs).toBeLessThanOrEqual(1000);
  });

  it('is short while a message is in flight, and 0 while a node glides or when the source cannot say', () => {
    const v = quiet(1000);
    v.msgs = [message({ id: 1, from: 0, to: 1, sentAt: 0, arriveAt: 20 })];
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    expect(s.idleMs).toBeLessThan(30);

    v.msgs = [];
    s.layout.startDrag(0, { x: 10, y: 10 });
    s.draw(v, 16, 1 / 50);
    expect(s.idleMs).toBe(0);
    s.layout.endDrag();

    // A source without nextEventAt (the plain fake) never lets the clock sleep.
    const s2 = new Scene(host, 3, EVENTS_PAGE);
    s2.draw(new FakeView(3), 16, 1 / 50);
    expect(s2.idleMs).toBe(0);
  });
});
