// Wall time -> virtual time. The simulator runs in virtual milliseconds; the page decides how
// fast that time flows on screen. Pausing cancels the animation frame, so a paused page does no
// work at all; and while playing, when the page says nothing on screen will change for a while
// (`idleMs`), the clock sleeps through those frames instead of running them empty.

/** Slowest speed: one virtual millisecond per wall second. */
export const MIN_SPEED = 1 / 1000;
/** Fastest speed: real time. */
export const MAX_SPEED = 1;
/**
 * A message flight is 10–30 virtual ms; at 1/40× it takes 0.4–1.2 s on screen, slow enough to
 * follow one RequestVote with the eye, fast enough that an election (two flights, about 40
 * virtual ms) fits in under two seconds: with the idle time-lapse below, the first leader shows
 * within about 3 s of opening the page (at 1/50× the election alone took 2 s of the 3).
 */
export const DEFAULT_SPEED = 1 / 40;
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

/**
 * How much faster idle stretches pass on screen: while nothing is on the wire, the only thing
 * ahead is a timer, and watching its arc shrink for seconds teaches nothing. Virtual time is
 * unchanged (every timeout keeps its length); only wall-clock pacing is.
 */
export const IDLE_LAPSE = 20;

/**
 * Virtual ms one frame of `wallMs` accounts for at `speed`, time-lapsing by `factor` through the
 * `idleAheadMs` of virtual time before the next event (0 or less: not idle), then at `speed`
 * again for the rest of the frame, so the event and whatever it sends play at normal pace.
 */
export function frameVirtualMs(wallMs: number, speed: number, factor: number, idleAheadMs: number): number {
  const normal = wallMs * speed;
  if (!(factor > 1) || !(idleAheadMs > 0) || !(speed > 0)) return normal;
  const fast = normal * factor;
  if (fast <= idleAheadMs) return fast;
  const wallAtEvent = idleAheadMs / (speed * factor);
  return idleAheadMs + (wallMs - wallAtEvent) * speed;
}

/**
 * Longest sleep between two frames, wall ms, however still the picture: a change the clock was
 * not told about (see `wake`) shows at most this late.
 */
export const MAX_IDLE_MS = 500;
/** Shorter idle spells are not worth a timer: the next animation frame comes anyway. */
export const MIN_IDLE_MS = 30;

/** The animation-frame source, injectable so tests can count frames. */
export interface FrameScheduler {
  request(callback: (wallTimeMs: number) => void): number;
  cancel(handle: number): void;
  /** A plain timer, for sleeping through frames that would draw nothing new (optional). */
  delay?(callback: () => void, ms: number): number;
  cancelDelay?(handle: number): void;
}

export const browserScheduler: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
  delay: (cb, ms) => setTimeout(cb, ms) as unknown as number,
  cancelDelay: (h) => clearTimeout(h),
};

export interface ClockCallbacks {
  /** One frame: advance the simulation by `virtualMs`, then draw. */
  frame(virtualMs: number, wallMs: number): void;
  /**
   * Asked after each frame: for how many wall ms nothing on screen will change (no event due,
   * nothing moving by a visible step). The clock then sleeps that long instead of running empty
   * frames (at most MAX_IDLE_MS); 0, or no callback: the next animation frame, as always.
   * Anything that changes the picture meanwhile must call `wake()`.
   */
  idleMs?(): number;
  /**
   * Virtual ms until the next event when only timers run (nothing on the wire), so the clock
   * may time-lapse through them; 0 or less (or no callback): not idle.
   */
  idleAheadMs?(): number;
  /** The clock started or stopped time-lapsing through idle time. */
  lapseChanged?(lapsing: boolean): void;
  /** The frame threw: the clock has paused itself. */
  error?(error: unknown): void;
  /** Playing/paused or speed changed. */
  changed?(): void;
}

export class Clock {
  private handle: number | null = null;
  /** The timer of a sleep between frames, if sleeping. */
  private sleepHandle: number | null = null;
  /** Wall ms the clock meant to sleep before the coming frame (raises the stall cap). */
  private slept = 0;
  private lastWall: number | null = null;
  private playingNow = false;
  private speedNow: number;
  /** Whether to resume when the tab becomes visible again. */
  private resumeWhenVisible = false;
  private lapseFactor = IDLE_LAPSE;
  private lapsingNow = false;

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

  /** Idle time passes this many times faster (1: never time-lapse). */
  get lapse(): number {
    return this.lapseFactor;
  }

  setLapse(factor: number): void {
    this.lapseFactor = Number.isFinite(factor) && factor >= 1 ? factor : 1;
    this.wake();
  }

  /** True while the last frame time-lapsed through idle time. */
  get lapsing(): boolean {
    return this.lapsingNow;
  }

  /** Virtual ms per wall ms right now: the speed, times the lapse while time-lapsing. */
  get pace(): number {
    return this.speedNow * (this.lapsingNow ? this.lapseFactor : 1);
  }

  private setLapsing(on: boolean): void {
    if (on === this.lapsingNow) return;
    this.lapsingNow = on;
    this.callbacks.lapseChanged?.(on);
  }

  setSpeed(speed: number): void {
    this.speedNow = clampSpeed(speed);
    // An idle spell was measured at the old speed.
    this.wake();
    this.callbacks.changed?.();
  }

  /** Something changed the picture while the clock sleeps: draw at the next frame. */
  wake(): void {
    if (this.sleepHandle === null) return;
    this.scheduler.cancelDelay?.(this.sleepHandle);
    this.sleepHandle = null;
    this.schedule();
  }

  /** True while the clock sleeps through frames that would draw nothing new. */
  get sleeping(): boolean {
    return this.sleepHandle !== null;
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
    if (this.sleepHandle !== null) this.scheduler.cancelDelay?.(this.sleepHandle);
    this.sleepHandle = null;
    this.slept = 0;
    this.lastWall = null;
    this.setLapsing(false);
    if (this.playingNow) {
      this.playingNow = false;
      this.callbacks.changed?.();
    }
  }

  private schedule(): void {
    if (this.handle === null && this.sleepHandle === null) this.handle = this.scheduler.request(this.onFrame);
  }

  /** The next frame: at once, or after sleeping through an idle spell the frame reported. */
  private scheduleAfterFrame(): void {
    let idle = 0;
    try {
      idle = this.scheduler.delay ? this.callbacks.idleMs?.() ?? 0 : 0;
    } catch {
      idle = 0;
    }
    if (!(idle >= MIN_IDLE_MS) || !this.scheduler.delay) {
      this.schedule();
      return;
    }
    // The frame after the sleep comes at the next display refresh: when due, at most one frame
    // late (never early, which would only draw nothing new and sleep again).
    const sleep = Math.min(idle, MAX_IDLE_MS);
    this.slept = sleep;
    this.sleepHandle = this.scheduler.delay(() => {
      this.sleepHandle = null;
      if (this.playingNow) this.schedule();
    }, sleep);
  }

  private readonly onFrame = (wallTime: number): void => {
    this.handle = null;
    if (!this.playingNow) return;
    // A stall (a busy tab, a debugger) is not simulated beyond MAX_FRAME_WALL_MS; a sleep the
    // clock chose is.
    const cap = MAX_FRAME_WALL_MS + this.slept;
    this.slept = 0;
    const wallMs = this.lastWall === null ? 0 : Math.min(cap, Math.max(0, wallTime - this.lastWall));
    this.lastWall = wallTime;
    try {
      const idleAhead = this.lapseFactor > 1 ? this.callbacks.idleAheadMs?.() ?? 0 : 0;
      this.setLapsing(idleAhead > 0);
      this.callbacks.frame(frameVirtualMs(wallMs, this.speedNow, this.lapseFactor, idleAhead), wallMs);
    } catch (e) {
      this.stop();
      this.callbacks.error?.(e);
      return;
    }
    if (this.playingNow) this.scheduleAfterFrame();
  };
}
