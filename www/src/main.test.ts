// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlaygroundConfig } from './config.js';
import { FakePlayground } from './testing/fixtures.js';

const wasm = vi.hoisted(() => ({
  made: [] as { config: PlaygroundConfig; pg: unknown }[],
  fail: null as string | null,
}));

vi.mock('./wasm.js', () => ({
  createPlayground: async (config: PlaygroundConfig) => {
    if (wasm.fail) throw new Error(wasm.fail);
    const pg = new FakePlayground(config.nodes ?? 5, config.seed ?? 1);
    wasm.made.push({ config, pg });
    return pg;
  },
}));

const { RaftPlaygroundElement } = await import('./main.js');

function mount(attrs: Record<string, string> = {}): InstanceType<typeof RaftPlaygroundElement> {
  const el = document.createElement('raft-playground');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.appendChild(el);
  return el;
}

const byTestId = (root: Element, id: string): HTMLElement => {
  const el = root.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no ${id}`);
  return el as HTMLElement;
};

function fake(el: InstanceType<typeof RaftPlaygroundElement>): FakePlayground {
  if (!(el.playground instanceof FakePlayground)) throw new Error('no playground');
  return el.playground;
}

beforeEach(() => {
  wasm.made.length = 0;
  wasm.fail = null;
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('<raft-playground>', () => {
  it('creates the playground from attributes and draws every node', async () => {
    const el = mount({ paused: '', nodes: '3', seed: '99' });
    await el.ready;
    expect(el.getAttribute('data-state')).toBe('ready');
    expect(wasm.made[0].config).toMatchObject({ nodes: 3, seed: 99 });
    expect(el.querySelectorAll('[data-testid^="node-"]:not([data-testid="node-menu"])')).toHaveLength(3);
    expect(el.querySelectorAll('[data-testid^="log-"]')).toHaveLength(3);
    expect(byTestId(el, 'seed').textContent).toBe('99');
    expect(byTestId(el, 'speed-label').textContent).toBe('1/50×');
  });

  it('shows a clear message, not a blank page, when the simulator cannot load', async () => {
    wasm.fail = 'WebAssembly.instantiate(): bad magic';
    const el = mount({ paused: '' });
    await el.ready;
    expect(el.getAttribute('data-state')).toBe('error');
    expect(byTestId(el, 'fatal').textContent).toContain('bad magic');
    expect(el.playground).toBeNull();
  });

  it('turns a refused entry into a notice and keeps going', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    fake(el).failWith = 'no leader';
    byTestId(el, 'submit').click();
    expect(byTestId(el, 'notice').textContent).toBe('Entry 1 refused: no leader');
    byTestId(el, 'submit').click();
    expect(fake(el).calls).toContain('proposeToLeader 1');
    byTestId(el, 'submit').click();
    expect(fake(el).calls).toContain('proposeToLeader 2');
  });

  it('steps exactly one event and stays paused', async () => {
    const el = mount();
    await el.ready;
    expect(el.playing).toBe(true);
    byTestId(el, 'step').click();
    expect(el.playing).toBe(false);
    expect(fake(el).calls.filter((c) => c === 'step')).toHaveLength(1);
    expect(byTestId(el, 'play').textContent).toBe('Play');
  });

  it('advances only while playing', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    const pg = fake(el);
    await new Promise((r) => setTimeout(r, 80));
    expect(pg.calls.filter((c) => c === 'advance')).toHaveLength(0);
    el.play();
    await new Promise((r) => setTimeout(r, 120));
    el.pause();
    const advanced = pg.calls.filter((c) => c === 'advance').length;
    expect(advanced).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(pg.calls.filter((c) => c === 'advance')).toHaveLength(advanced);
  });

  it('pauses itself and says why when a frame throws', async () => {
    const el = mount();
    await el.ready;
    fake(el).failWith = 'simulator exploded';
    await new Promise((r) => setTimeout(r, 100));
    expect(el.playing).toBe(false);
    expect(byTestId(el, 'notice').textContent).toContain('simulator exploded');
  });

  it('recreates the playground for a new size, freeing the old one', async () => {
    const el = mount({ paused: '', seed: '5' });
    await el.ready;
    const first = fake(el);
    const size = byTestId(el, 'size') as unknown as HTMLSelectElement;
    size.value = '7';
    size.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    await vi.waitFor(() => expect(el.playground).not.toBe(first));
    expect(first.freed).toBe(true);
    expect(wasm.made[1].config).toMatchObject({ nodes: 7, seed: 5 });
    expect(el.querySelectorAll('[data-testid^="log-"]')).toHaveLength(7);
  });

  it('New seed changes the seed, Restart keeps it', async () => {
    const el = mount({ paused: '', seed: '5' });
    await el.ready;
    byTestId(el, 'restart').click();
    await vi.waitFor(() => expect(wasm.made).toHaveLength(2));
    expect(wasm.made[1].config.seed).toBe(5);
    byTestId(el, 'new-seed').click();
    await vi.waitFor(() => expect(wasm.made).toHaveLength(3));
    expect(wasm.made[2].config.seed).not.toBe(5);
  });

  it('exposes setSpeed for tests and shows it', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    el.setSpeed(1 / 10);
    expect(byTestId(el, 'speed-label').textContent).toBe('1/10×');
  });

  it('shows a safety violation from the trace in a banner', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(true);
    fake(el).trace = [{ seq: 1, at: 10, kind: 'violation', text: 'Election Safety: two leaders in term 3' }];
    byTestId(el, 'heal').click(); // any action redraws while paused
    expect(byTestId(el, 'violation').classList.contains('hidden')).toBe(false);
    expect(byTestId(el, 'violation').textContent).toBe('Safety violation: Election Safety: two leaders in term 3');
  });

  it('Heal heals', async () => {
    const el = mount({ paused: '' });
    await el.ready;
    byTestId(el, 'heal').click();
    expect(fake(el).calls).toContain('heal');
  });
});
