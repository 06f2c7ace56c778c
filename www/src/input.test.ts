// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RING_CENTER, ringPoint } from './geometry.js';
import { Input, type InputActions, KEY_TABLE, keyCommand } from './input.js';
import { RoleCode } from './view.js';
import { Scene } from './render/scene.js';
import { FakeView, EVENTS_PAGE } from './testing/fixtures.js';

function recorder(): { actions: InputActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      partition: (g) => calls.push(`partition ${JSON.stringify(g)}`),
      crash: (n) => calls.push(`crash ${n}`),
      restart: (n) => calls.push(`restart ${n}`),
      forceTimeout: (n) => calls.push(`timeout ${n}`),
      snapshot: (n) => calls.push(`snapshot ${n}`),
      transferLeadership: (n) => calls.push(`transfer ${n}`),
      submitTo: (n) => calls.push(`submitTo ${n}`),
      submitToLeader: () => calls.push('submit'),
      togglePlay: () => calls.push('toggle'),
      step: () => calls.push('step'),
      stepBack: () => calls.push('back'),
      redraw: () => calls.push('redraw'),
      timeoutAll: () => calls.push('timeoutAll'),
      heal: () => calls.push('heal'),
      skipTo: (kind) => calls.push(`skipTo ${kind}`),
      changeSpeed: (faster) => calls.push(faster ? 'faster' : 'slower'),
      toggleHelp: (open) => {
        calls.push(`help ${open ?? 'toggle'}`);
        return true;
      },
      tell: (text) => calls.push(`tell ${text}`),
    },
  };
}

let stage: HTMLElement;
let scene: Scene;
let view: FakeView;

beforeEach(() => {
  document.body.innerHTML = '<div id="stage"></div><div id="logs"></div><div id="feed"></div>';
  stage = document.getElementById('stage') as HTMLElement;
  view = new FakeView(5);
  scene = new Scene({ stage, logs: document.getElementById('logs') as HTMLElement, feed: document.getElementById('feed') as HTMLElement }, 5, EVENTS_PAGE);
  scene.draw(view, 0, 1 / 50);
});

afterEach(() => {
  document.body.innerHTML = '';
});

/** jsdom has no layout: the stage maps client px 1:1 to SVG units, which these tests rely on. */
function pointer(type: string, target: Element, x: number, y: number): void {
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 1, clientX: x, clientY: y, button: 0 }));
}

function nodeBody(id: number): Element {
  const el = document.querySelector(`[data-testid="node-${id}"] .body`);
  if (!el) throw new Error('no node');
  return el;
}

describe('dragging nodes', () => {
  it('dropping node 2 on empty space splits it off: [[0,1,3,4],[2]]', () => {
    const { actions, calls } = recorder();
    new Input(stage, () => scene, actions);
    const home = ringPoint(2, 5);
    pointer('pointerdown', nodeBody(2), home.x, home.y);
    pointer('pointermove', nodeBody(2), home.x + 40, home.y);
    expect(scene.layout.dragged).toBe(2);
    pointer('pointermove', nodeBody(2), RING_CENTER.x, RING_CENTER.y);
    pointer('pointerup', nodeBody(2), RING_CENTER.x, RING_CENTER.y);
    expect(calls.filter((c) => c.startsWith('partition'))).toEqual(['partition [[0,1,3,4],[2]]']);
    expect(scene.layout.dragged).toBe(-1);
    // It stays where it was dropped: that is its home now, not a ring slot.
    expect(scene.layout.pinned(2)).toBe(true);
    expect(scene.layout.home[2]).toEqual(RING_CENTER);
  });

  it('a server moved by a key goes to its ring place, not where it was last dropped', () => {
    const { actions } = recorder();
    const input = new Input(stage, () => scene, actions);
    [0, 0, 1, 0, 0].forEach((g, id) => view.setNode(id, { group: g }));
    scene.draw(view, 0, 1 / 50);
    scene.layout.pin(2, RING_CENTER);
    input.select(2);
    input.run('cycleGroup', 'g');
    expect(scene.layout.pinned(2)).toBe(false);
  });

  it('the dragged node follows the pointer', () => {
    const { actions } = recorder();
    new Input(stage, () => scene, actions);
    const home = ringPoint(0, 5);
    pointer('pointerdown', nodeBody(0), home.x, home.y);
    pointer('pointermove', nodeBody(0), 100, 120);
    expect(scene.layout.shown[0]).toEqual({ x: 100, y: 120 });
  });

  it('dropping a split-off node onto the other group heals', () => {
    const { actions, calls } = recorder();
    new Input(stage, () => scene, actions);
    [0, 0, 1, 0, 0].forEach((g, id) => view.setNode(id, { group: g }));
    scene.draw(view, 0, 1 / 50);
    const from = scene.layout.home[2];
    const onto = scene.layout.home[0];
    pointer('pointerdown', nodeBody(2), from.x, from.y);
    pointer('pointermove', nodeBody(2), onto.x, onto.y);
    pointer('pointerup', nodeBody(2), onto.x, onto.y);
    expect(calls.filter((c) => c.startsWith('partition'))).toEqual(['partition [[0,1,2,3,4]]']);
  });
});

describe('clicking a node', () => {
  it('opens its menu; Crash crashes that node', () => {
    const { actions, calls } = recorder();
    new Input(stage, () => scene, actions);
    const p = ringPoint(3, 5);
    pointer('pointerdown', nodeBody(3), p.x, p.y);
    pointer('pointerup', nodeBody(3), p.x + 2, p.y);
    const menu = document.querySelector('[data-testid="node-menu"]');
    expect(menu?.getAttribute('data-node')).toBe('3');
    (document.querySelector('[data-testid="menu-crash"]') as HTMLButtonElement).click();
    expect(calls).toContain('crash 3');
    expect(document.querySelector('[data-testid="node-menu"]')).toBeNull();
  });

  it('closes the menu on a press elsewhere on the page', () => {
    const { actions } = recorder();
    const input = new Input(stage, () => scene, actions);
    input.openMenu(2);
    expect(document.querySelector('[data-testid="node-menu"]')).not.toBeNull();
    pointer('pointerdown', document.body, 5, 5);
    expect(document.querySelector('[data-testid="node-menu"]')).toBeNull();
  });

  it('offers Restart, not Crash, for a crashed node', () => {
    view.setNode(1, { up: false });
    scene.draw(view, 0, 1 / 50);
    const { actions, calls } = recorder();
    const input = new Input(stage, () => scene, actions);
    input.openMenu(1);
    expect(document.querySelector('[data-testid="menu-crash"]')).toBeNull();
    (document.querySelector('[data-testid="menu-restart"]') as HTMLButtonElement).click();
    expect(calls).toEqual(['restart 1']);
    input.openMenu(1);
    expect((document.querySelector('[data-testid="menu-submit"]') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('keyboard', () => {
  it('maps space, s, Enter and . to their commands', () => {
    const k = (key: string, mods: Partial<KeyboardEvent> = {}) =>
      keyCommand({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(k(' ')).toBe('toggle');
    expect(k('s')).toBe('submit');
    expect(k('Enter')).toBe('submit');
    expect(k('.')).toBe('step');
    expect(k(',')).toBe('back');
    expect(k('s', { ctrlKey: true })).toBeNull();
    expect(k('x')).toBeNull();
  });

  it('leaves keys typed into form controls alone', () => {
    const { actions, calls } = recorder();
    const input = new Input(stage, () => scene, actions);
    input.attachKeyboard(document);
    const select = document.createElement('select');
    document.body.appendChild(select);
    select.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '.', bubbles: true }));
    expect(calls).toEqual(['toggle', 'step']);
  });
});

describe('the key table', () => {
  it('binds each key once, and every command has a key and words for the sheet', () => {
    const seen = new Map<string, string>();
    for (const b of KEY_TABLE) {
      expect(b.keys.length).toBeGreaterThan(0);
      expect(b.label).not.toBe('');
      expect(b.does).not.toBe('');
      for (const k of b.keys) {
        expect(seen.get(k), `key ${JSON.stringify(k)} bound twice`).toBeUndefined();
        seen.set(k, b.command);
      }
    }
  });

  it('has a key for every action the issue lists', () => {
    const commands = new Set(KEY_TABLE.map((b) => b.command));
    for (const c of ['submit', 'isolate', 'heal', 'crashRestart', 'forceTimeout', 'timeoutAll', 'toggle', 'step', 'back', 'skipLeader', 'skipCommit', 'skipSplit', 'help'] as const) {
      expect(commands.has(c), c).toBe(true);
    }
  });

  it('the handler does what the table says, key by key', () => {
    const { actions, calls } = recorder();
    const input = new Input(stage, () => scene, actions);
    // On the stage: earlier tests left listeners on the document.
    input.attachKeyboard(stage);
    const press = (key: string): void => void stage.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    const expected: Record<string, string> = {
      ' ': 'toggle',
      '.': 'step',
      ',': 'back',
      s: 'submit',
      a: 'timeoutAll',
      h: 'heal',
      l: 'skipTo leader',
      m: 'skipTo commit',
      v: 'skipTo split',
      '+': 'faster',
      '-': 'slower',
      '?': 'help toggle',
    };
    for (const [key, call] of Object.entries(expected)) {
      calls.length = 0;
      press(key);
      expect(calls, key).toEqual([call]);
      expect(keyCommand({ key, ctrlKey: false, metaKey: false, altKey: false })).toBe(KEY_TABLE.find((b) => b.keys.includes(key))?.command);
    }
  });

  it('digits select a server; C, T, I and G act on it; Esc clears the selection', () => {
    const { actions, calls } = recorder();
    const input = new Input(stage, () => scene, actions);
    // On the stage: earlier tests left listeners on the document.
    input.attachKeyboard(stage);
    const press = (key: string): void => void stage.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    press('t');
    expect(calls.pop()).toMatch(/^tell Pick a server first/);
    press('3');
    expect(input.selection).toBe(2);
    expect(document.querySelector('[data-testid="node-2"]')?.getAttribute('data-selected')).toBe('1');
    calls.length = 0;
    press('c');
    press('t');
    press('i');
    expect(calls).toEqual(['crash 2', 'timeout 2', 'partition [[0,1,3,4],[2]]']);
    // Split off already: G moves it into the next group (here the others: heal).
    [0, 0, 1, 0, 0].forEach((g, id) => view.setNode(id, { group: g }));
    scene.draw(view, 0, 1 / 50);
    calls.length = 0;
    press('g');
    expect(calls).toEqual(['partition [[0,1,2,3,4]]']);
    press('i');
    expect(calls.pop()).toBe('tell S3 is already cut off from the others');
    press('Escape');
    expect(input.selection).toBe(-1);
    expect(document.querySelector('[data-testid="node-2"]')?.hasAttribute('data-selected')).toBe(false);
    press('9');
    expect(calls.pop()).toMatch(/^tell There is no S9/);
  });
});

describe('the node menu', () => {
  it('disables Force timeout on a leader and says why', () => {
    view.setNode(1, { role: RoleCode.Leader });
    scene.draw(view, 0, 1 / 50);
    const { actions } = recorder();
    const input = new Input(stage, () => scene, actions);
    input.openMenu(1);
    const b = document.querySelector('[data-testid="menu-timeout"]') as HTMLButtonElement;
    expect(b.disabled).toBe(true);
    expect(b.title).toContain('a leader has no election timeout');
  });

  it('Isolate this server cuts it off, keeping the other groups', () => {
    [0, 0, 1, 1, 0].forEach((g, id) => view.setNode(id, { group: g }));
    scene.draw(view, 0, 1 / 50);
    const { actions, calls } = recorder();
    const input = new Input(stage, () => scene, actions);
    input.openMenu(0);
    (document.querySelector('[data-testid="menu-isolate"]') as HTMLButtonElement).click();
    expect(calls).toEqual(['partition [[0],[1,4],[2,3]]']);
  });
});

describe('dragging shows where the drop goes', () => {
  it('outlines the group it would join, or a ring where it would stand alone', () => {
    const { actions } = recorder();
    new Input(stage, () => scene, actions);
    const home = ringPoint(2, 5);
    pointer('pointerdown', nodeBody(2), home.x, home.y);
    pointer('pointermove', nodeBody(2), home.x + 60, home.y);
    pointer('pointermove', nodeBody(2), RING_CENTER.x, RING_CENTER.y);
    const preview = document.querySelector('[data-testid="drop-preview"]');
    expect(preview?.getAttribute('data-target')).toBe('alone');
    expect(preview?.textContent).toContain('cut S3 off');
    pointer('pointerup', nodeBody(2), RING_CENTER.x, RING_CENTER.y);
    expect(document.querySelector('[data-testid="drop-preview"]')).toBeNull();
  });

  it('over another group: that group is outlined, and the label says what the drop does', () => {
    const { actions } = recorder();
    new Input(stage, () => scene, actions);
    [0, 0, 1, 0, 0].forEach((g, id) => view.setNode(id, { group: g }));
    scene.draw(view, 0, 1 / 50);
    const from = scene.layout.home[2];
    const onto = scene.layout.home[0];
    pointer('pointerdown', nodeBody(2), from.x, from.y);
    pointer('pointermove', nodeBody(2), onto.x, onto.y);
    const preview = document.querySelector('[data-testid="drop-preview"]');
    expect(preview?.getAttribute('data-target')).toBe('group-0');
    expect(preview?.querySelector('path.drop-region')?.getAttribute('d')).toMatch(/^M/);
    expect(preview?.textContent).toBe('drop: heal, S3 rejoins');
  });
});
