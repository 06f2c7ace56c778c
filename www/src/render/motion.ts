// Continuous motion run by the browser, not by our frames. A message gliding between two nodes
// (and a lost one's burst) changes linearly with virtual time between two events, so it is handed
// to the browser once as a Web Animation whose clock is kept in step with the simulation's; the
// page then wakes only when something discrete happens. That is what keeps a playing page near
// idle (the CPU budget). Only transforms and opacity go this way: an animated SVG
// stroke (the timer arcs) repaints the stage in every display frame and costs more than drawing
// the arcs by hand in steps (see nodes.ts); the timeline cursor creeps a pixel at a time and is
// moved in the page's own frames.
//
// Where Web Animations are missing (jsdom in the unit tests) the layers place everything
// themselves each frame, as before.

import { flightEasing } from './reduced-motion.js';

/** How the virtual clock runs at the moment of a draw. */
export interface Pace {
  /** Virtual ms now. */
  now: number;
  /** Virtual ms per wall ms (> 0). */
  speed: number;
  /** Whether virtual time is flowing. */
  playing: boolean;
}

/**
 * An animation running this far (wall ms) from where it should be is put back. Smaller drifts
 * are left alone: resetting the time of a running animation is itself a little jump.
 */
export const MAX_DRIFT_MS = 12;

type Animatable = Element & { animate?: (keyframes: Keyframe[], options: KeyframeAnimationOptions) => Animation };

/** Whether `el` can be animated by the browser (false in jsdom, and by `setAnimated(false)`). */
export function canAnimate(el: Element): boolean {
  return animationsOn && typeof (el as Animatable).animate === 'function';
}

let animationsOn = true;

/** Turns browser-run motion off (tests of the per-frame path). */
export function setAnimated(on: boolean): void {
  animationsOn = on;
}

/**
 * One property of one element, changing linearly in virtual time from `startAt` to `endAt`
 * (virtual ms): `from` and `to` are its keyframes. Re-described at every draw; the animation is
 * rebuilt only when its keyframes or its wall-time length change, and otherwise only nudged back
 * when it drifted or when the clock paused or resumed.
 */
export class Track {
  private animation: Animation | null = null;
  private key = '';

  constructor(private readonly el: Element) {}

  /** The running animation (tests). */
  get current(): Animation | null {
    return this.animation;
  }

  /**
   * `key` names the keyframes (same key, same keyframes: they are not compared). Returns false
   * when the element cannot be animated; the caller then sets the value itself.
   */
  run(key: string, from: Keyframe, to: Keyframe, startAt: number, endAt: number, pace: Pace): boolean {
    if (!canAnimate(this.el) || !(pace.speed > 0)) {
      this.stop();
      return false;
    }
    const duration = Math.max(0, endAt - startAt) / pace.speed;
    const want = (pace.now - startAt) / pace.speed;
    const easing = flightEasing();
    const fullKey = `${key}|${duration}|${easing}`;
    let a = this.animation;
    if (!a || fullKey !== this.key) {
      a?.cancel();
      // Linear (the layers' positions are linear in time) and held at both ends, so the value
      // before the start and after the end is the nearest keyframe, as the per-frame path draws.
      // With reduced motion the easing hops in a few steps instead (reduced-motion.ts).
      a = (this.el as Animatable).animate!([from, to], { duration: Math.max(duration, 1e-3), fill: 'both', easing });
      this.animation = a;
      this.key = fullKey;
      a.currentTime = want;
      if (!pace.playing) a.pause();
      return true;
    }
    if (!pace.playing) {
      if (a.playState !== 'paused') a.pause();
      a.currentTime = want;
      return true;
    }
    const at = typeof a.currentTime === 'number' ? a.currentTime : Number(a.currentTime ?? NaN);
    if (a.playState === 'paused') {
      a.currentTime = want;
      a.play();
    } else if (!(Math.abs(at - want) <= MAX_DRIFT_MS)) {
      a.currentTime = want;
    }
    return true;
  }

  /** Removes the animation; the element shows its own attributes again. */
  stop(): void {
    this.animation?.cancel();
    this.animation = null;
    this.key = '';
  }
}
