// Wall time -> virtual time. The simulator runs in virtual milliseconds; the page decides how
// fast that time flows on screen. Pausing cancels the animation frame, so a paused page does no
// work at all.

/** Slowest speed: one virtual millisecond per wall second. */
export const MIN_SPEED = 1 / 1000;
/** Fastest speed: real time. */
export const MAX_SPEED = 1;
/**
 * A message flight is 10–30 virtual ms; at 1/50× it takes about a second on screen, slow enough
 * to follow one RequestVote with the eye, fast enough that an election fits in a few seconds.
 */
export const DEFAULT_SPEED = 1 / 50;
/**
 * Longest wall-time step one frame may account for. A stalled tab or a debugger pause must not
 * make the cluster jump ahead by seconds.
 */
export const MAX_FRAME_WALL_MS = 100;

/** Speeds the slider snaps to when close: 1-2-5 steps read better than "1/47×". */
const NICE_SPEEDS = [1 / 1000, 1 / 500, 1 / 200, 1 / 100, 1 / 50, 1 / 20, 1 / 10, 1 / 5, 1 / 2, 1];
const SNAP_DISTANCE = 0.03; // in slider units (0..1)

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** Slider position in [0, 1] for a speed: logarithmic, 0 at 1/1000×, 1 at 1×. */
export function speedToSlider(speed: number): number {
  return Math.log(clampSpeed(speed) / MIN_SPEED) / Math.log(MAX_SPEED / MIN_SPEED);
}

/** Speed for a slider position in [0, 1], snapped to a nearby 1-2-5 value. */
export function sliderToSpeed(position: number): number {
  const p = Math.min(1, Math.max(0, position));
  for (const nice of NICE_SPEEDS) {
    if (Math.abs(speedToSlider(nice) - p) <= SNAP_DISTANCE) return nice;
  }
  return MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, p);
}

/** "1/50×", "1×". */
export function formatSpeed(speed: number): string {
  const s = clampSpeed(speed);
  if (s >= 0.995) return '1×';
  return `1/${Math.round(1 / s)}×`;
}

/** The animation-frame source, injectable so tests can count frames. */
export interface FrameScheduler {
  request(callback: (wallTimeMs: number) => void): number;
  cancel(handle: number): void;
}

export const browserScheduler: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

export interface ClockCallbacks {
  /** One frame: advance the simulation by `virtualMs`, then draw. */
  frame(virtualMs: number, wallMs: number): void;
  /** The frame threw: the clock has paused itself. */
  error?(error: unknown): void;
  /** Playing/paused or speed changed. */
  changed?(): void;
}

export class Clock {
  private handle: number | null = null;
  private lastWall: number | null = null;
  private playingNow = false;
  private speedNow: number;
  /** Whether to resume when the tab becomes visible again. */
  private resumeWhenVisible = false;

  constructor(
    private readonly callbacks: ClockCallbacks,
    private readonly scheduler: FrameScheduler = browserScheduler,
    speed: number = DEFAULT_SPEED,
  ) {
    this.speedNow = clampSpeed(speed);
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): number {
    return this.speedNow;
  }

  setSpeed(speed: number): void {
    this.speedNow = clampSpeed(speed);
    this.callbacks.changed?.();
  }

  play(): void {
    this.resumeWhenVisible = false;
    if (this.playingNow) return;
    this.playingNow = true;
    this.lastWall = null; // the time spent paused is not simulated
    this.schedule();
    this.callbacks.changed?.();
  }

  pause(): void {
    this.resumeWhenVisible = false;
    this.stop();
  }

  toggle(): void {
    if (this.playingNow) this.pause();
    else this.play();
  }

  /** Tab hidden: pause, and remember to resume if we were playing. */
  setHidden(hidden: boolean): void {
    if (hidden) {
      if (this.playingNow) {
        this.stop();
        this.resumeWhenVisible = true;
      }
    } else if (this.resumeWhenVisible) {
      this.play();
    }
  }

  /** Stops the loop for good (element removed). */
  dispose(): void {
    this.resumeWhenVisible = false;
    this.stop();
  }

  private stop(): void {
    if (this.handle !== null) this.scheduler.cancel(this.handle);
    this.handle = null;
    this.lastWall = null;
    if (this.playingNow) {
      this.playingNow = false;
      this.callbacks.changed?.();
    }
  }

  private schedule(): void {
    if (this.handle === null) this.handle = this.scheduler.request(this.onFrame);
  }

  private readonly onFrame = (wallTime: number): void => {
    this.handle = null;
    if (!this.playingNow) return;
    const wallMs = this.lastWall === null ? 0 : Math.min(MAX_FRAME_WALL_MS, Math.max(0, wallTime - this.lastWall));
    this.lastWall = wallTime;
    try {
      this.callbacks.frame(wallMs * this.speedNow, wallMs);
    } catch (e) {
      this.stop();
      this.callbacks.error?.(e);
      return;
    }
    if (this.playingNow) this.schedule();
  };
}
