// Hands on the cluster: drag a node into another partition group (or out on its own), click a
// node for its actions, and the keyboard shortcuts. What a drop means is decided by the pure
// functions in partition.ts; this module only turns pointer events into those calls.

import { type Point, STAGE_HEIGHT, STAGE_WIDTH } from './geometry.js';
import { nodeName } from './narrate.js';
import { REGION_PAD, dropTarget, movedPartition } from './partition.js';
import { html } from './render/dom.js';
import { roleName } from './render/nodes.js';
import type { Scene } from './render/scene.js';

/** Pointer travel, in CSS px, below which a press is a click, not a drag. */
const DRAG_THRESHOLD_PX = 6;

export interface InputActions {
  /** New groups for the network; one group means heal. */
  partition(groups: number[][]): void;
  crash(node: number): void;
  restart(node: number): void;
  forceTimeout(node: number): void;
  submitTo(node: number): void;
  submitToLeader(): void;
  togglePlay(): void;
  step(): void;
  /** One event back (time travel). */
  stepBack(): void;
  /** Draw once now (the clock may be paused). */
  redraw(): void;
}

interface Press {
  pointerId: number;
  node: number;
  startX: number;
  startY: number;
  dragging: boolean;
}

/** Keys handled, by `KeyboardEvent.key`. */
export type KeyCommand = 'toggle' | 'submit' | 'step' | 'back' | 'escape' | null;

export function keyCommand(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): KeyCommand {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return 'toggle';
    case 's':
    case 'S':
    case 'Enter':
      return 'submit';
    case '.':
      return 'step';
    case ',':
      return 'back';
    case 'Escape':
      return 'escape';
    default:
      return null;
  }
}

/** Keys typed into a field or a select belong to it. */
function isTextEntry(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]') !== null;
}

/**
 * Whether a shortcut should give way to the focused element. Enter on a button presses that
 * button; Space does not, since after a mouse click focus stays on the button and Space is
 * expected to play/pause, not to press "Submit" again.
 */
export function yieldsToTarget(key: string, target: EventTarget | null): boolean {
  if (isTextEntry(target)) return true;
  return key === 'Enter' && target instanceof HTMLElement && target.closest('button, a[href], summary') !== null;
}

export class Input {
  private press: Press | null = null;
  private menu: HTMLDivElement | null = null;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly stage: HTMLElement,
    private readonly scene: () => Scene | null,
    private readonly actions: InputActions,
  ) {
    this.listen(stage, 'pointerdown', this.onPointerDown as EventListener);
    this.listen(stage, 'pointermove', this.onPointerMove as EventListener);
    this.listen(stage, 'pointerup', this.onPointerUp as EventListener);
    this.listen(stage, 'pointercancel', this.onPointerCancel as EventListener);
    this.listen(stage, 'keydown', this.onNodeKey as EventListener);
  }

  /** Shortcut keys on `target` (the element; the whole document on the full page). */
  attachKeyboard(target: EventTarget): void {
    this.listen(target, 'keydown', this.onKey as EventListener);
  }

  dispose(): void {
    for (const d of this.disposers) d();
    this.disposers.length = 0;
    this.closeMenu();
  }

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.disposers.push(() => target.removeEventListener(type, fn));
  }

  /** Client coordinates -> SVG user units of the stage. */
  private toStage(clientX: number, clientY: number): Point {
    const svgEl = this.scene()?.svg;
    if (!svgEl) return { x: 0, y: 0 };
    const ctm = typeof svgEl.getScreenCTM === 'function' ? svgEl.getScreenCTM() : null;
    if (ctm) {
      const inv = ctm.inverse();
      return { x: inv.a * clientX + inv.c * clientY + inv.e, y: inv.b * clientX + inv.d * clientY + inv.f };
    }
    const r = svgEl.getBoundingClientRect();
    const scale = Math.max(STAGE_WIDTH / (r.width || STAGE_WIDTH), STAGE_HEIGHT / (r.height || STAGE_HEIGHT));
    return { x: (clientX - r.left) * scale, y: (clientY - r.top) * scale };
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (this.menu && e.target instanceof Node && this.menu.contains(e.target)) return;
    this.closeMenu();
    const scene = this.scene();
    if (!scene || e.button > 0) return;
    const node = scene.nodeLayer.nodeOf(e.target);
    if (node < 0) return;
    e.preventDefault(); // no text selection or touch scrolling while dragging a node
    this.press = { pointerId: e.pointerId, node, startX: e.clientX, startY: e.clientY, dragging: false };
    const target = e.target;
    if (target instanceof Element && typeof target.setPointerCapture === 'function') {
      try {
        target.setPointerCapture(e.pointerId);
      } catch {
        // Capture is a nicety (keeps the drag when the pointer leaves the stage).
      }
    }
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const press = this.press;
    const scene = this.scene();
    if (!press || !scene || e.pointerId !== press.pointerId) return;
    if (!press.dragging) {
      if (Math.hypot(e.clientX - press.startX, e.clientY - press.startY) < DRAG_THRESHOLD_PX) return;
      press.dragging = true;
      scene.layout.startDrag(press.node, this.toStage(e.clientX, e.clientY));
    } else {
      scene.layout.moveDrag(this.toStage(e.clientX, e.clientY));
    }
    this.actions.redraw();
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const press = this.press;
    const scene = this.scene();
    if (!press || e.pointerId !== press.pointerId) return;
    this.press = null;
    if (!scene) return;
    if (!press.dragging) {
      this.openMenu(press.node);
      return;
    }
    const at = this.toStage(e.clientX, e.clientY);
    this.finishDrag(scene, press.node, at);
  };

  private readonly onPointerCancel = (e: PointerEvent): void => {
    const press = this.press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.press = null;
    const scene = this.scene();
    if (scene && press.dragging) {
      scene.layout.endDrag();
      this.actions.redraw();
    }
  };

  /** Applies a drop of `node` at `at` (stage units). Public for tests and keyboard use. */
  finishDrag(scene: Scene, node: number, at: Point): void {
    const target = dropTarget(scene.groups, scene.layout.home, node, at, REGION_PAD * scene.layout.scale);
    const groups = movedPartition(scene.groups, node, target);
    scene.layout.endDrag();
    if (groups) this.actions.partition(groups);
    this.actions.redraw();
  }

  /** Enter or Space on a focused node opens its menu, for keyboard users. */
  private readonly onNodeKey = (e: KeyboardEvent): void => {
    const scene = this.scene();
    if (!scene || (e.key !== 'Enter' && e.key !== ' ')) return;
    const node = scene.nodeLayer.nodeOf(e.target);
    if (node < 0) return;
    e.preventDefault();
    e.stopPropagation();
    this.openMenu(node);
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || yieldsToTarget(e.key, e.target)) return;
    const cmd = keyCommand(e);
    if (cmd === null) return;
    e.preventDefault();
    if (cmd === 'toggle') this.actions.togglePlay();
    else if (cmd === 'submit') this.actions.submitToLeader();
    else if (cmd === 'step') this.actions.step();
    else if (cmd === 'back') this.actions.stepBack();
    else this.closeMenu();
  };

  openMenu(node: number): void {
    this.closeMenu();
    const scene = this.scene();
    if (!scene) return;
    const view = scene.nodes.find((n) => n.id === node);
    const up = view?.up ?? true;
    const menu = html('div', { class: 'node-menu', role: 'menu', 'data-testid': 'node-menu', 'data-node': node }, this.stage);
    html('div', { class: 'menu-title' }, menu, `${nodeName(node)} · ${up ? roleName(view?.role ?? 0) : 'crashed'}`);
    const item = (label: string, testid: string, run: () => void, enabled = true): void => {
      const b = html('button', { type: 'button', role: 'menuitem', 'data-testid': testid }, menu, label);
      b.disabled = !enabled;
      b.addEventListener('click', () => {
        this.closeMenu();
        run();
      });
    };
    if (up) item('Crash', 'menu-crash', () => this.actions.crash(node));
    else item('Restart', 'menu-restart', () => this.actions.restart(node));
    item('Force timeout', 'menu-timeout', () => this.actions.forceTimeout(node), up);
    item('Submit entry here', 'menu-submit', () => this.actions.submitTo(node), up);
    this.positionMenu(menu, node, scene);
    this.menu = menu;
    document.addEventListener('pointerdown', this.onOutsideMenu, true);
    menu.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }

  closeMenu(): void {
    this.menu?.remove();
    this.menu = null;
    document.removeEventListener('pointerdown', this.onOutsideMenu, true);
  }

  /** A press anywhere outside the open menu (toolbar, logs, page) closes it. */
  private readonly onOutsideMenu = (e: PointerEvent): void => {
    if (this.menu && !(e.target instanceof Node && this.menu.contains(e.target))) this.closeMenu();
  };

  private positionMenu(menu: HTMLDivElement, node: number, scene: Scene): void {
    const el = scene.nodeLayer.element(node);
    const stageRect = this.stage.getBoundingClientRect();
    const r = el?.getBoundingClientRect();
    if (!r) return;
    const left = Math.max(4, Math.min(r.right - stageRect.left + 4, stageRect.width - 170));
    const top = Math.max(4, r.top - stageRect.top);
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
  }
}
