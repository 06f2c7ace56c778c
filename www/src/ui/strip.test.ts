// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeMarks } from '../testing/fixtures.js';
import { MarkCode as K } from '../view.js';
import { type StripScheduler, type StripSource, TimelineStrip } from './strip.js';

class Source implements StripSource {
  time = 0;
  hor = 0;
  version = 0;
  rows: [number, number, number, number][] = [];
  markCalls = 0;
  /** Mark rows handed out, and the epoch (bumped when rows are dropped, as a fork does). */
  rowsRead = 0;
  epoch = 0;
  actionCalls = 0;
  now(): number {
    return this.time;
  }
  horizon(): number {
    return this.hor;
  }
  marksVersion(): number {
    return this.version;
  }
  marksEpoch(): number {
    return this.epoch;
  }
  marksSince(from: number, toMs: number): Float64Array {
    this.markCalls++;
    const rows = this.rows.slice(from).filter((r) => r[0] <= toMs);
    this.rowsRead += rows.length;
    return encodeMarks(rows);
  }
  action(index: number): { atMs: number; text: string } | undefined {
    this.actionCalls++;
    return [{ atMs: 10, text: 'crash S2' }][index];
  }
}

class Frames implements StripScheduler {
  queued: (() => void)[] = [];
  request(cb: () => void): number {
    this.queued.push(cb);
    return this.queued.length;
  }
  cancel(): void {
    this.queued = [];
  }
  run(): void {
    const q = this.queued;
    this.queued = [];
    for (const cb of q) cb();
  }
}

function pointer(type: string, clientX: number, id = 1): Event {
  const e = new MouseEvent(type, { clientX, bubbles: true, button: 0 });
  Object.defineProperty(e, 'pointerId', { value: id });
  return e;
}

let host: HTMLElement;
let src: Source;
let frames: Frames;
let seeks: number[];
let scrubs: string[];
let strip: TimelineStrip;

beforeEach(() => {
  document.body.innerHTML = '<div id="h"></div>';
  host = document.getElementById('h') as HTMLElement;
  src = new Source();
  frames = new Frames();
  seeks = [];
  scrubs = [];
  strip = new TimelineStrip(
    host,
    { seek: (ms) => seeks.push(ms), scrubStart: () => scrubs.push('start'), scrubEnd: () => scrubs.push('end') },
    frames,
  );
  // jsdom has no layout: the strip is 600 px wide from x = 0 (the fallback width).
  strip.el.getBoundingClientRect = () => ({ left: 0, top: 0, width: 600, height: 34, right: 600, bottom: 34, x: 0, y: 0, toJSON: () => ({}) });
  strip.el.setPointerCapture = () => {};
});

describe('timeline strip', () => {
  it('fetches marks only when their version changes', () => {
    src.hor = 5000;
    src.rows = [[100, K.Term, 1, 0], [120, K.Leader, 0, 1], [3000, K.Action, 0, 0]];
    strip.update(src, 0, true);
    expect(src.markCalls).toBe(1);
    for (let f = 1; f < 20; f++) {
      src.time = f * 10;
      strip.update(src, f * 16);
    }
    expect(src.markCalls).toBe(1);
    src.version = 1;
    src.rows.push([4000, K.Crash, 2, 0]);
    strip.update(src, 1000, true);
    expect(src.markCalls).toBe(2);
    expect(strip.ticks.map((t) => t.kind)).toEqual(['leader', 'action', 'crash']);
    expect(host.querySelectorAll('.tl-tick')).toHaveLength(3);
    expect(host.querySelector('.tl-action title')?.textContent).toBe('You: crash S2 at 3.00 s');
    expect(host.querySelectorAll('.tl-band').length).toBeGreaterThanOrEqual(2);
  });

  it('throttles rebuilds while the marks keep changing, unless forced', () => {
    src.hor = 5000;
    strip.update(src, 0);
    const before = src.markCalls;
    src.version = 1;
    strip.update(src, 50);
    expect(src.markCalls).toBe(before);
    strip.update(src, 300);
    expect(src.markCalls).toBe(before + 1);
  });

  it('the band of the running term keeps up with the cursor between rebuilds', () => {
    // Live: the horizon is now. The marks do not change (no rebuild), yet time runs on.
    src.rows = [[0, K.Term, 1, 0]];
    src.time = src.hor = 4100; // the axis ends at 5 s for both times here: no rebuild for it either
    strip.update(src, 0, true);
    const rect = (): SVGRectElement => host.querySelector('.tl-band:last-child rect') as SVGRectElement;
    const right = (): number => Number(rect().getAttribute('x')) + Number(rect().getAttribute('width'));
    const cursorX = (): number => Number(/translate\(([\d.]+),/.exec(host.querySelector('[data-testid="timeline-cursor"]')?.getAttribute('transform') ?? '')?.[1]);
    expect(right()).toBeCloseTo(cursorX(), 0);
    src.time = src.hor = 4900;
    strip.update(src, 16);
    expect(strip.scale.endMs).toBe(5000);
    expect(src.markCalls).toBe(1);
    expect(right()).toBeCloseTo(cursorX(), 0);
  });

  it('moves the cursor with time and draws nothing else on a steady frame', () => {
    src.hor = 10_000;
    strip.update(src, 0, true);
    const cursor = host.querySelector('[data-testid="timeline-cursor"]') as SVGGElement;
    const x0 = cursor.getAttribute('transform');
    src.time = 5000;
    const ticksBefore = host.querySelector('.tl-ticks')?.innerHTML;
    strip.update(src, 16);
    expect(cursor.getAttribute('transform')).not.toBe(x0);
    expect(cursor.getAttribute('transform')).toBe('translate(300.0,0)');
    expect(host.querySelector('.tl-ticks')?.innerHTML).toBe(ticksBefore);
    // The not-yet-simulated shade starts at the horizon (the axis' end here) and ends at the
    // strip's edge.
    const unsim = host.querySelector('.tl-unsimulated') as SVGRectElement;
    expect(Number(unsim.getAttribute('x'))).toBeCloseTo(593, 0);
    expect(Number(unsim.getAttribute('x')) + Number(unsim.getAttribute('width'))).toBeCloseTo(strip.scale.width, 0);
    // The slider's value for assistive technology follows within a second, or at once when focused.
    expect(strip.el.getAttribute('aria-valuenow')).toBe('0');
    strip.update(src, 1000);
    expect(strip.el.getAttribute('aria-valuenow')).toBe('5000');
    src.time = 6000;
    strip.update(src, 1016);
    expect(strip.el.getAttribute('aria-valuenow')).toBe('5000');
    strip.el.focus();
    strip.update(src, 1032);
    expect(strip.el.getAttribute('aria-valuenow')).toBe('6000');
  });

  it('drags: at most one seek per frame, the last position on release, never past the horizon', () => {
    src.hor = 5500; // axis 0..6 s over 586 px
    src.time = 5500;
    strip.update(src, 0, true);
    strip.el.dispatchEvent(pointer('pointerdown', 300));
    expect(scrubs).toEqual(['start']);
    strip.el.dispatchEvent(pointer('pointermove', 250));
    strip.el.dispatchEvent(pointer('pointermove', 200));
    expect(seeks).toEqual([]);
    frames.run();
    expect(seeks).toHaveLength(1);
    expect(seeks[0]).toBeCloseTo(((200 - 7) / 586) * 6_000, 3);
    strip.el.dispatchEvent(pointer('pointermove', 590)); // beyond the horizon
    frames.run();
    expect(seeks[1]).toBe(5500);
    strip.el.dispatchEvent(pointer('pointermove', 100));
    strip.el.dispatchEvent(pointer('pointerup', 7));
    expect(seeks).toHaveLength(3);
    expect(seeks[2]).toBe(0);
    expect(scrubs).toEqual(['start', 'end']);
    frames.run();
    expect(seeks).toHaveLength(3);
  });

  it('ignores moves of another pointer', () => {
    src.hor = 6000;
    strip.update(src, 0, true);
    strip.el.dispatchEvent(pointer('pointermove', 100));
    frames.run();
    expect(seeks).toEqual([]);
    strip.el.dispatchEvent(pointer('pointerdown', 100, 1));
    strip.el.dispatchEvent(pointer('pointermove', 300, 2));
    strip.el.dispatchEvent(pointer('pointerup', 300, 2));
    frames.run();
    expect(seeks).toHaveLength(1);
    expect(strip.scrubbing).toBe(true);
  });

  it('keys: Home, End, arrows', () => {
    src.hor = 8000;
    src.time = 4000;
    strip.update(src, 0, true);
    const key = (k: string, shift = false): void => {
      strip.el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true }));
    };
    key('Home');
    key('End');
    key('ArrowLeft');
    key('ArrowRight', true);
    expect(seeks).toEqual([0, 8000, 3900, 5000]);
  });
});

describe('timeline strip over a long run', () => {
  it('reads each mark once while the axis stays, and draws what a strip built at once draws', () => {
    src.hor = 90_000; // the axis ends at 100 s throughout
    for (let f = 0; f < 40; f++) {
      for (let i = 0; i < 20; i++) {
        const at = f * 2200 + i * 110;
        src.rows.push(i === 0 ? [at, K.Term, f + 1, 0] : i === 1 ? [at, K.Leader, f % 3, f + 1] : [at, K.Commit, f * 20 + i, 0]);
      }
      src.version++;
      src.time = f * 2200;
      strip.update(src, f * 1000); // every frame rebuilds (a second of wall time apart)
    }
    // The old strip fetched and decoded every mark at each rebuild: ~16,000 rows.
    expect(src.rowsRead).toBe(src.rows.length);
    const fresh = new TimelineStrip(document.createElement('div'), { seek: () => {}, scrubStart: () => {}, scrubEnd: () => {} }, frames);
    fresh.update(src, 0, true);
    expect(strip.ticks).toEqual(fresh.ticks);
    expect(strip.bands).toEqual(fresh.bands);
  });

  it('reads all marks again after a fork drops some', () => {
    src.hor = 5000;
    src.rows = [[100, K.Term, 1, 0], [120, K.Leader, 0, 1], [3000, K.Crash, 1, 0]];
    strip.update(src, 0, true);
    src.rows = [[100, K.Term, 1, 0], [120, K.Leader, 0, 1], [2000, K.Action, 0, 0]];
    src.epoch++;
    src.version++;
    strip.update(src, 1000, true);
    expect(strip.ticks.map((t) => t.kind)).toEqual(['leader', 'action']);
  });
});
