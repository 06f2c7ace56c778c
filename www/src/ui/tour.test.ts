// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildTour } from '../tour-steps.js';
import { TourPanel, tourHref } from './tour.js';

const entry = (id: string, times: number[]) => ({ id, title: `Title ${id}`, captions: times.map((atMs, i) => ({ atMs, text: `${id} step ${i}` })) });
const tour = buildTour([entry('a', [0, 100]), entry('b', [0, 50, 300])], ['a', 'b']);

/** A host that records what the panel asks, and an element-like cursor. */
function harness() {
  const calls: string[] = [];
  let loaded: string | null = null;
  let forked = false;
  let now = 0;
  let panel: TourPanel;
  const parent = document.createElement('div');
  panel = new TourPanel(parent, null, {
    openScenario: async (id) => {
      calls.push(`open ${id}`);
      loaded = id;
      forked = false;
      panel.installed(id);
      return true;
    },
    seek: (ms) => {
      calls.push(`seek ${ms}`);
      now = ms;
      panel.update(now);
    },
    tryItYourself: () => calls.push('try'),
    forked: () => forked,
    ended: () => calls.push('ended'),
    ownsAddress: false,
  });
  const text = (id: string) => parent.querySelector(`[data-testid="${id}"]`)?.textContent;
  const button = (id: string) => parent.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
  return { panel, calls, parent, text, button, loaded: () => loaded, fork: () => (forked = true), setNow: (t: number) => ((now = t), panel.update(now)) };
}

describe('the tour panel', () => {
  it('opens a chapter, seeks to each step’s moment, and crosses chapters with Next and Back', async () => {
    const h = harness();
    await h.panel.start(tour);
    expect(h.calls).toEqual(['open a', 'seek 0']);
    expect(h.text('tour-text')).toBe('a step 0');
    expect(h.text('tour-chapter')).toBe('Chapter 1 of 2');
    expect(h.button('tour-back').disabled).toBe(true);
    await h.panel.next();
    expect(h.calls.at(-1)).toBe('seek 100');
    expect(h.text('tour-step')).toBe('Step 2 of 2');
    expect(h.text('tour-next')).toBe('Next chapter ›');
    await h.panel.next();
    expect(h.calls.slice(-2)).toEqual(['open b', 'seek 0']);
    expect(h.text('tour-title')).toBe('Title b');
    await h.panel.back();
    expect(h.calls.slice(-2)).toEqual(['open a', 'seek 100']);
    expect(h.panel.position).toEqual({ chapter: 0, step: 1 });
  });

  it('reopens the chapter when the run forked, so a step shows the script’s moment, not the fork’s', async () => {
    const h = harness();
    await h.panel.start(tour);
    h.fork();
    await h.panel.next();
    expect(h.calls.slice(-2)).toEqual(['open a', 'seek 100']);
  });

  it('jumps from the list, and shows progress over the whole tour', async () => {
    const h = harness();
    await h.panel.start(tour);
    const select = h.parent.querySelector<HTMLSelectElement>('[data-testid="tour-jump"]')!;
    expect(select.options).toHaveLength(5);
    select.value = '1:2';
    select.dispatchEvent(new Event('change'));
    await Promise.resolve();
    await Promise.resolve();
    expect(h.calls.slice(-2)).toEqual(['open b', 'seek 300']);
    expect(h.parent.querySelector('[data-testid="tour-progress"]')?.getAttribute('aria-valuenow')).toBe('5');
    expect(h.button('tour-next').disabled).toBe(true);
    expect(h.button('tour-try').classList.contains('emphasis')).toBe(true);
  });

  it('follows the cursor when the run plays or is scrubbed', async () => {
    const h = harness();
    await h.panel.start(tour, { chapter: 1, step: 0 });
    h.setNow(60);
    expect(h.text('tour-text')).toBe('b step 1');
    h.setNow(10);
    expect(h.text('tour-text')).toBe('b step 0');
  });

  it('ends when another run is opened, when left, and hands over on "try it yourself"', async () => {
    const h = harness();
    await h.panel.start(tour);
    h.panel.installed('other');
    expect(h.panel.active).toBe(false);
    expect(h.calls.at(-1)).toBe('ended');
    await h.panel.start(tour);
    h.button('tour-try').click();
    expect(h.calls.slice(-2)).toEqual(['try', 'ended']);
    await h.panel.start(tour);
    h.button('tour-leave').click();
    expect(h.panel.active).toBe(false);
  });

  it('ends when its first chapter cannot open', async () => {
    const parent = document.createElement('div');
    const ended: string[] = [];
    const panel = new TourPanel(parent, null, {
      openScenario: async () => false,
      seek: () => {},
      tryItYourself: () => {},
      forked: () => false,
      ended: () => ended.push('ended'),
      ownsAddress: false,
    });
    expect(await panel.start(tour)).toBe(false);
    expect(panel.active).toBe(false);
    expect(ended).toEqual(['ended']);
  });

  it('links to a step by scenario id and step', () => {
    expect(tourHref('b:2', 'https://x.test/index.html?nodes=5#r2.abc')).toBe('https://x.test/index.html?nodes=5&tour=b%3A2');
  });
});
