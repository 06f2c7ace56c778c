// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { type ControlActions, Controls, LATENCY_CHOICES } from './controls.js';

function setup(): { actions: ControlActions; controls: Controls; root: HTMLElement } {
  const root = document.createElement('div');
  const toolbar = document.createElement('div');
  const options = document.createElement('div');
  root.append(toolbar, options);
  const actions: ControlActions = {
    togglePlay: vi.fn(),
    timeoutAll: vi.fn(),
    submit: vi.fn(),
    heal: vi.fn(),
    setSpeed: vi.fn(),
    restart: vi.fn(),
    newSeed: vi.fn(),
    setOptions: vi.fn(),
    chooseScenario: vi.fn(),
    setLoss: vi.fn(),
    setLatency: vi.fn(),
  };
  return { actions, controls: new Controls(toolbar, options, actions), root };
}

const q = <T extends Element>(root: HTMLElement, id: string): T => {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (el === null) throw new Error(`no ${id}`);
  return el;
};

describe('network controls', () => {
  it('report a loss change as a probability and a latency choice as its range', () => {
    const { actions, root } = setup();
    const loss = q<HTMLInputElement>(root, 'loss');
    loss.value = '20';
    loss.dispatchEvent(new Event('change'));
    expect(actions.setLoss).toHaveBeenCalledWith(0.2);
    const latency = q<HTMLSelectElement>(root, 'latency');
    latency.value = '2';
    latency.dispatchEvent(new Event('change'));
    const slow = LATENCY_CHOICES[2];
    expect(actions.setLatency).toHaveBeenCalledWith(slow?.min, slow?.max);
  });

  it('show the network the cluster has now, including a range the menu does not list', () => {
    const { controls, root } = setup();
    controls.showNetwork({ loss: 0.1, latencyMinMs: 50, latencyMaxMs: 150 });
    expect(q<HTMLInputElement>(root, 'loss').value).toBe('10');
    expect(q(root, 'loss-label').textContent).toBe('10%');
    expect(q<HTMLSelectElement>(root, 'latency').value).toBe('2');
    controls.showNetwork({ loss: 0, latencyMinMs: 7, latencyMaxMs: 9 });
    const select = q<HTMLSelectElement>(root, 'latency');
    expect(select.value).toBe('other');
    expect(select.selectedOptions[0]?.textContent).toBe('7–9 ms');
  });
});

describe('the speed slider', () => {
  it('arrow keys double or halve the speed on show', () => {
    const { actions, controls, root } = setup();
    controls.showSpeed(1 / 40);
    const slider = q<HTMLInputElement>(root, 'speed');
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', cancelable: true }));
    expect(actions.setSpeed).toHaveBeenLastCalledWith(1 / 20);
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', cancelable: true }));
    expect(actions.setSpeed).toHaveBeenLastCalledWith(1 / 80);
    controls.showSpeed(1);
    slider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', cancelable: true }));
    expect(actions.setSpeed).toHaveBeenLastCalledWith(1); // the fastest stays the fastest
  });
});
