// @vitest-environment jsdom
// Browser-run motion: a message's flight handed to the browser as one animation kept in step with
// virtual time, so the page wakes only for sends, arrivals and drops; and the per-frame path where
// Web Animations are missing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnimation, installFakeAnimations } from '../testing/animation.js';
import { FakeView, message, EVENTS_PAGE } from '../testing/fixtures.js';
import { type SceneHost, mountSceneHost } from '../testing/host.js';
import { BURST_WALL_MS } from './messages.js';
import { MAX_DRIFT_MS, Track, canAnimate, setAnimated } from './motion.js';
import { Scene } from './scene.js';
import { DropCode } from '../view.js';

let host: SceneHost;
let fake: ReturnType<typeof installFakeAnimations>;

beforeEach(() => {
  host = mountSceneHost();
  fake = installFakeAnimations();
});

afterEach(() => {
  fake.uninstall();
  setAnimated(true);
  document.body.innerHTML = '';
});

/** A fake cluster whose next event is `gap` virtual ms away. */
class Quiet extends FakeView {
  gap = 1000;
  constructor(n: number) {
    super(n);
    // No timer runs: the arcs ask for no frames of their own.
    for (let id = 0; id < n; id++) this.setNode(id, { timerStart: -1, timerDeadline: -1 });
  }
  nextEventAt(): number {
    return this.time + this.gap;
  }
}

const flightOf = (id: number): FakeAnimation | undefined =>
  fake.live().find((a) => a.el.getAttribute('data-testid') === `msg-${id}`);
const burstOf = (id: number): FakeAnimation | undefined =>
  fake.live().find((a) => a.el.getAttribute('data-testid') === `burst-${id}`);

describe('Track', () => {
  const el = (): Element => document.createElement('div');

  it('starts at the point virtual time has reached, as long as the span at this speed', () => {
    const t = new Track(el());
    expect(t.run('k', { opacity: 0 }, { opacity: 1 }, 100, 300, { now: 150, speed: 1 / 50, playing: true })).toBe(true);
    const a = t.current as unknown as FakeAnimation;
    expect(a.options.duration).toBeCloseTo(200 * 50);
    expect(a.currentTime).toBeCloseTo(50 * 50);
    expect(a.options.easing).toBe('linear');
    expect(a.options.fill).toBe('both');
  });

  it('leaves a running animation alone while in step, puts it back when it drifted', () => {
    const t = new Track(el());
    const pace = { now: 100, speed: 1, playing: true };
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, pace);
    const a = t.current as unknown as FakeAnimation;
    const seeks = a.seeks;
    fake.advance(40);
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, { ...pace, now: 140 + MAX_DRIFT_MS / 2 });
    expect(a.seeks).toBe(seeks);
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, { ...pace, now: 140 + 3 * MAX_DRIFT_MS });
    expect(a.seeks).toBe(seeks + 1);
    expect(a.currentTime).toBeCloseTo(140 + 3 * MAX_DRIFT_MS);
    expect(fake.live()).toHaveLength(1);
  });

  it('holds still when paused and resumes from the same point', () => {
    const t = new Track(el());
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, { now: 100, speed: 1, playing: true });
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, { now: 120, speed: 1, playing: false });
    const a = t.current as unknown as FakeAnimation;
    expect(a.playState).toBe('paused');
    expect(a.currentTime).toBe(120);
    t.run('k', { opacity: 0 }, { opacity: 1 }, 0, 1000, { now: 120, speed: 1, playing: true });
    expect(a.playState).toBe('running');
    expect(fake.live()).toHaveLength(1);
  });

  it('rebuilds the animation for new keyframes or a new speed, and says when it cannot animate', () => {
    const t = new Track(el());
    t.run('a', { opacity: 0 }, { opacity: 1 }, 0, 1000, { now: 0, speed: 1, playing: true });
    t.run('b', { opacity: 0 }, { opacity: 0.5 }, 0, 1000, { now: 0, speed: 1, playing: true });
    t.run('b', { opacity: 0 }, { opacity: 0.5 }, 0, 1000, { now: 0, speed: 0.5, playing: true });
    expect(fake.all).toHaveLength(3);
    expect(fake.live()).toHaveLength(1);
    setAnimated(false);
    expect(canAnimate(document.body)).toBe(false);
    expect(t.run('b', { opacity: 0 }, { opacity: 0.5 }, 0, 1000, { now: 0, speed: 0.5, playing: true })).toBe(false);
    expect(fake.live()).toHaveLength(0);
  });
});

describe('messages run by the browser', () => {
  it('a flight is one animation from sender to receiver, and the page sleeps until the next event', () => {
    const v = new Quiet(3);
    v.gap = 10;
    v.msgs = [message({ id: 7, from: 0, to: 1, sentAt: 0, arriveAt: 20 })];
    v.time = 5;
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    const a = flightOf(7);
    expect(a).toBeDefined();
    expect(a?.options.duration).toBeCloseTo(20 * 50);
    expect(a?.currentTime).toBeCloseTo(5 * 50);
    const from = s.layout.shown[0];
    const to = s.layout.shown[1];
    expect(String(a?.keyframes[0].transform)).toBe(`translate(${from.x.toFixed(1)}px, ${from.y.toFixed(1)}px)`);
    expect(String(a?.keyframes[1].transform)).toBe(`translate(${to.x.toFixed(1)}px, ${to.y.toFixed(1)}px)`);
    // No attribute is written per frame: the idle time is the next event's, not a position step.
    expect(s.idleMs).toBeGreaterThan(100);
    expect(s.idleMs).toBeLessThanOrEqual(10 * 50);
    expect(document.querySelector('[data-testid="msg-7"]')?.getAttribute('transform')).toBeNull();
  });

  it('a lost message wakes the page at its drop, then bursts in an animation of its own', () => {
    const v = new Quiet(3);
    v.msgs = [message({ id: 3, from: 0, to: 2, sentAt: 0, arriveAt: 20, dropAt: 8, dropReason: DropCode.Loss })];
    v.time = 2;
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    expect(s.idleMs).toBeCloseTo(6 * 50);
    v.time = 8;
    s.draw(v, 16, 1 / 50);
    expect(flightOf(3)).toBeUndefined();
    const b = burstOf(3);
    expect(b?.options.duration).toBeCloseTo(BURST_WALL_MS);
    expect(b?.keyframes[1].opacity).toBe(0);
    // Awake again when the burst has faded, to remove it.
    expect(s.idleMs).toBeCloseTo(BURST_WALL_MS);
  });

  it('pausing holds every flight where virtual time stopped', () => {
    const v = new Quiet(3);
    v.msgs = [message({ id: 1, from: 0, to: 1, sentAt: 0, arriveAt: 20 }), message({ id: 2, from: 1, to: 2, sentAt: 4, arriveAt: 14 })];
    v.time = 6;
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    s.draw(v, 0, 1 / 50, false);
    expect(flightOf(1)?.playState).toBe('paused');
    expect(flightOf(2)?.playState).toBe('paused');
    expect(flightOf(2)?.value('transform')).toBeCloseTo(s.layout.shown[1].x + (s.layout.shown[2].x - s.layout.shown[1].x) * 0.2, 0);
  });

  it('without Web Animations, places each message itself', () => {
    setAnimated(false);
    const v = new Quiet(3);
    v.msgs = [message({ id: 7, from: 0, to: 1, sentAt: 0, arriveAt: 20 })];
    v.time = 10;
    const s = new Scene(host, 3, EVENTS_PAGE);
    s.draw(v, 16, 1 / 50);
    expect(fake.all).toHaveLength(0);
    expect(document.querySelector('[data-testid="msg-7"]')?.getAttribute('transform')).toMatch(/^translate\(/);
    expect(s.idleMs).toBeLessThan(30);
  });
});
