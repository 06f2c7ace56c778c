// A stand-in for Web Animations in jsdom (which has none): `Element.animate` records keyframes
// and timing, and the animation keeps currentTime and playState the way the motion code reads
// and sets them. Wall time does not pass by itself: `advance(ms)` moves every running animation.

export class FakeAnimation {
  currentTime: number | null = 0;
  playState: AnimationPlayState = 'running';
  cancelled = false;
  /** How many times currentTime was set from outside after creation. */
  seeks = 0;

  constructor(
    readonly el: Element,
    readonly keyframes: Keyframe[],
    readonly options: KeyframeAnimationOptions,
  ) {}

  pause(): void {
    this.playState = 'paused';
  }

  play(): void {
    this.playState = 'running';
  }

  cancel(): void {
    this.cancelled = true;
    this.playState = 'idle';
    this.currentTime = null;
  }

  /** The interpolated value of `prop` now (numbers in the keyframes' first number, linear). */
  value(prop: string): number {
    const duration = Number(this.options.duration);
    const t = Math.min(1, Math.max(0, duration > 0 ? Number(this.currentTime) / duration : 1));
    const num = (k: Keyframe): number[] => (String(k[prop]).match(/-?[\d.]+/g) ?? []).map(Number);
    const a = num(this.keyframes[0]);
    const b = num(this.keyframes[1]);
    return a[0] + (b[0] - a[0]) * t;
  }
}

/** Installs the fake on Element.prototype; returns the list of animations and a remover. */
export function installFakeAnimations(): { all: FakeAnimation[]; live: () => FakeAnimation[]; advance: (ms: number) => void; uninstall: () => void } {
  const all: FakeAnimation[] = [];
  const proto = Element.prototype as unknown as { animate?: unknown };
  const before = proto.animate;
  proto.animate = function (this: Element, keyframes: Keyframe[], options: KeyframeAnimationOptions) {
    const a = new FakeAnimation(this, keyframes, options);
    all.push(a);
    // Record outside writes of currentTime (the creation's first write included).
    let time: number | null = 0;
    Object.defineProperty(a, 'currentTime', {
      get: () => time,
      set: (v: number | null) => {
        time = v;
        a.seeks += 1;
      },
    });
    return a;
  };
  return {
    all,
    live: () => all.filter((a) => !a.cancelled),
    advance: (ms) => {
      for (const a of all) {
        if (!a.cancelled && a.playState === 'running') {
          const t = Number(a.currentTime) + ms;
          Object.getOwnPropertyDescriptor(a, 'currentTime')?.set?.call(a, t);
          a.seeks -= 1; // time passing is not a seek
        }
      }
    },
    uninstall: () => {
      if (before === undefined) delete proto.animate;
      else proto.animate = before;
    },
  };
}
