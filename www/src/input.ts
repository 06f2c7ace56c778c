// Hands on the cluster: drag a node into another partition group (or out on its own), click a
// node for its actions, and the keyboard shortcuts. What a drop means is decided by the pure
// functions in partition.ts; this module only turns pointer events into those calls.

import { NODE_RADIUS, type Point, STAGE_HEIGHT, STAGE_WIDTH, paddedHull, polygonPath } from './geometry.js';
import { activeElementOf } from './embed/scoping.js';
import { nodeName } from './narrate.js';
import { type DropTarget, REGION_PAD, dropTarget, groupsOf, movedPartition, nextGroupTarget } from './partition.js';
import { html, svg } from './render/dom.js';
import { roleName } from './render/nodes.js';
import type { Scene } from './render/scene.js';
import { RoleCode } from './view.js';
import { type PlainKey, t } from './i18n/index.js';

/** The role word in a server's menu title, by the core's role name. */
const MENU_ROLE: Record<string, PlainKey> = { leader: 'role.leaderShort', candidate: 'role.candidateShort', precandidate: 'role.precandidateShort', follower: 'role.followerShort' };

/** Pointer travel, in CSS px, below which a press is a click, not a drag. */
const DRAG_THRESHOLD_PX = 6;

export interface InputActions {
  /** New groups for the network; one group means heal. `what` words the change for a notice. */
  partition(groups: number[][], what?: string): void;
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
  /** Every running follower's election timer fires at once. */
  timeoutAll(): void;
  heal(): void;
  /** Skip to the next leader change, commit or split vote. */
  skipTo(kind: 'leader' | 'commit' | 'split'): void;
  /** Double (`faster`) or halve the speed. */
  changeSpeed(faster: boolean): void;
  /** Show or hide the help sheet; `open` forces a state. Returns whether it is open now. */
  toggleHelp(open?: boolean): boolean;
  /** A short message for the reader (what a key did, why it did nothing). */
  tell(text: string): void;
  /** A server was clicked (or opened by key): show it in the inspector. */
  inspect?(node: number): void;
}

interface Press {
  pointerId: number;
  node: number;
  startX: number;
  startY: number;
  dragging: boolean;
}

/** What a key does; the key table below is the one place keys are bound. */
export type KeyCommand =
  | 'toggle'
  | 'step'
  | 'back'
  | 'submit'
  | 'timeoutAll'
  | 'select'
  | 'forceTimeout'
  | 'crashRestart'
  | 'isolate'
  | 'cycleGroup'
  | 'heal'
  | 'skipLeader'
  | 'skipCommit'
  | 'skipSplit'
  | 'faster'
  | 'slower'
  | 'help'
  | 'escape';

/** One row of the key table: the keys (`KeyboardEvent.key` values), as the sheet shows them. */
export interface KeyBinding {
  command: KeyCommand;
  keys: readonly string[];
  /** The keys as the help sheet prints them. */
  label: string;
  /** What the key does, in the help sheet's words. */
  does: string;
  section: 'Run' | 'Servers' | 'Time travel' | 'Page';
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Every shortcut. The key handler and the `?` sheet both read this table, so the sheet cannot
 * list a key that does something else. Server keys act on the selected server (picked with a
 * digit) or, failing that, on the focused one.
 */
export const KEY_TABLE: readonly KeyBinding[] = [
  { command: 'toggle', keys: [' ', 'Spacebar'], label: 'Space', does: 'Play / pause', section: 'Run' },
  { command: 'step', keys: ['.'], label: '.', does: 'Step: deliver the next event and say what it was', section: 'Run' },
  { command: 'submit', keys: ['s', 'S', 'Enter'], label: 'S or Enter', does: 'Submit the next value to the leader', section: 'Run' },
  { command: 'timeoutAll', keys: ['a', 'A'], label: 'A', does: 'Time out all followers together (provokes a split vote)', section: 'Run' },
  { command: 'heal', keys: ['h', 'H'], label: 'H', does: 'Heal the network: reconnect every server', section: 'Run' },
  { command: 'faster', keys: ['+', '='], label: '+', does: 'Double the speed', section: 'Run' },
  { command: 'slower', keys: ['-', '_'], label: '−', does: 'Halve the speed', section: 'Run' },
  { command: 'select', keys: DIGITS, label: '1–9', does: 'Select server S1–S9 for the keys below', section: 'Servers' },
  { command: 'crashRestart', keys: ['c', 'C'], label: 'C', does: 'Crash the selected server, or restart it', section: 'Servers' },
  { command: 'forceTimeout', keys: ['t', 'T'], label: 'T', does: 'Force the selected server’s election timeout', section: 'Servers' },
  { command: 'isolate', keys: ['i', 'I'], label: 'I', does: 'Isolate the selected server (a partition of its own)', section: 'Servers' },
  { command: 'cycleGroup', keys: ['g', 'G'], label: 'G', does: 'Move the selected server to the next partition group', section: 'Servers' },
  { command: 'back', keys: [','], label: ',', does: 'Step back one event', section: 'Time travel' },
  { command: 'skipLeader', keys: ['l', 'L'], label: 'L', does: 'Skip to the next leader change', section: 'Time travel' },
  { command: 'skipCommit', keys: ['m', 'M'], label: 'M', does: 'Skip to the next commit', section: 'Time travel' },
  { command: 'skipSplit', keys: ['v', 'V'], label: 'V', does: 'Skip to the next split vote', section: 'Time travel' },
  { command: 'help', keys: ['?'], label: '?', does: 'Show or hide this sheet', section: 'Page' },
  { command: 'escape', keys: ['Escape'], label: 'Esc', does: 'Close this sheet or a menu; clear the selection', section: 'Page' },
];

/** Pointer gestures, for the help sheet (the pointer handlers below implement them). */
export const GESTURES: readonly { gesture: string; does: string }[] = [
  { gesture: 'Click a server', does: 'Its menu: crash / restart, force timeout, isolate, submit there' },
  { gesture: 'Drag a server away', does: 'Cut it off in a partition of its own (the drop target is highlighted)' },
  { gesture: 'Drag it onto a group', does: 'Join that group; onto the others again: heal' },
  { gesture: 'Click or drag the timeline', does: 'Travel in time; acting in the past forks the run' },
];

const KEY_INDEX = new Map<string, KeyCommand>(KEY_TABLE.flatMap((b) => b.keys.map((k) => [k, b.command] as const)));

export function keyCommand(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): KeyCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return KEY_INDEX.get(e.key) ?? null;
}

/** "S3 isolated: {S3} | {S1 S2 S4 S5}": a partition change, naming the groups. */
export function describeMove(node: number, groups: readonly (readonly number[])[]): string {
  if (groups.length <= 1) return t('input.rejoined', { name: nodeName(node) });
  const mine = groups.find((g) => g.includes(node));
  const shown = groups.map((g) => `{${g.map(nodeName).join(' ')}}`).join(' | ');
  return t(mine?.length === 1 ? 'input.isolated' : 'input.moved', { name: nodeName(node), groups: shown });
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
  /** The server the server keys act on (-1: none), picked with a digit key. */
  private selected = -1;
  /** The drop preview drawn while dragging, if any. */
  private preview: SVGGElement | null = null;
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
    this.showDropPreview(scene, press.node, this.toStage(e.clientX, e.clientY));
    this.actions.redraw();
  };

  /**
   * While dragging: where the drop would go, drawn over the stage. The group it would join is
   * outlined; a drop that cuts the server off shows a ring at the pointer; no change, nothing.
   */
  private showDropPreview(scene: Scene, node: number, at: Point): void {
    const target = dropTarget(scene.groups, scene.layout.home, node, at, REGION_PAD * scene.layout.scale);
    const groups = movedPartition(scene.groups, node, target);
    if (!this.preview || this.preview.ownerSVGElement !== scene.svg) {
      this.preview?.remove();
      this.preview = svg('g', { class: 'drop-preview', 'data-testid': 'drop-preview', 'pointer-events': 'none' }, scene.svg);
    }
    const g = this.preview;
    g.replaceChildren();
    if (groups === null) {
      g.setAttribute('data-target', 'none');
      return;
    }
    let labelAt: Point;
    if (target.kind === 'group') {
      const pts = scene.layout.home.filter((_, i) => i !== node && scene.groups[i] === target.group);
      svg('path', { class: 'drop-region', d: polygonPath(paddedHull(pts, REGION_PAD * scene.layout.scale)) }, g);
      labelAt = { x: at.x, y: at.y - NODE_RADIUS * 1.6 };
    } else {
      svg('circle', { class: 'drop-region', cx: at.x, cy: at.y, r: REGION_PAD * scene.layout.scale }, g);
      labelAt = { x: at.x, y: at.y - REGION_PAD * scene.layout.scale - 6 };
    }
    g.setAttribute('data-target', target.kind === 'group' ? `group-${target.group}` : 'alone');
    const name = nodeName(node);
    const text = groups.length <= 1 ? t('input.dropHeal', { name }) : target.kind === 'alone' ? t('input.dropAlone', { name }) : t('input.dropJoin', { name });
    svg('text', { class: 'drop-label', x: labelAt.x, y: labelAt.y, 'text-anchor': 'middle' }, g).textContent = text;
  }

  private clearDropPreview(): void {
    this.preview?.remove();
    this.preview = null;
  }

  private readonly onPointerUp = (e: PointerEvent): void => {
    const press = this.press;
    const scene = this.scene();
    if (!press || e.pointerId !== press.pointerId) return;
    this.press = null;
    if (!scene) return;
    if (!press.dragging) {
      this.actions.inspect?.(press.node);
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
    this.clearDropPreview();
    if (scene && press.dragging) {
      scene.layout.endDrag();
      this.actions.redraw();
    }
  };

  /** Applies a drop of `node` at `at` (stage units). Public for tests and keyboard use. */
  finishDrag(scene: Scene, node: number, at: Point): void {
    const target = dropTarget(scene.groups, scene.layout.home, node, at, REGION_PAD * scene.layout.scale);
    const groups = movedPartition(scene.groups, node, target);
    // While the network is split the server stays where it was dropped; a drop that heals it or
    // changes nothing on a whole ring sends it back to its ring place.
    if ((groups ?? groupsOf(scene.groups)).length > 1) scene.layout.pin(node, at);
    scene.layout.endDrag();
    this.clearDropPreview();
    if (groups) this.actions.partition(groups, describeMove(node, groups));
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
    this.actions.inspect?.(node);
    this.openMenu(node);
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    // The innermost target: a listener on a shadow host sees the host as `target`.
    const target = e.composedPath()[0] ?? e.target;
    if (e.defaultPrevented || yieldsToTarget(e.key, target)) return;
    const cmd = keyCommand(e);
    if (cmd === null) return;
    e.preventDefault();
    this.run(cmd, e.key, target);
  };

  /** Does what the key table says `cmd` does. Public so tests can drive it without events. */
  run(cmd: KeyCommand, key = '', target: EventTarget | null = null): void {
    const a = this.actions;
    switch (cmd) {
      case 'toggle':
        return a.togglePlay();
      case 'submit':
        return a.submitToLeader();
      case 'step':
        return a.step();
      case 'back':
        return a.stepBack();
      case 'timeoutAll':
        return a.timeoutAll();
      case 'heal':
        return a.heal();
      case 'skipLeader':
        return a.skipTo('leader');
      case 'skipCommit':
        return a.skipTo('commit');
      case 'skipSplit':
        return a.skipTo('split');
      case 'faster':
      case 'slower':
        return a.changeSpeed(cmd === 'faster');
      case 'help':
        a.toggleHelp();
        return;
      case 'escape':
        this.closeMenu();
        a.toggleHelp(false);
        this.select(-1);
        return;
      case 'select':
        return this.selectByKey(Number(key) - 1);
      default:
        return this.serverKey(cmd, target);
    }
  }

  /** The server the server keys act on: the selected one, else the focused one; -1 if none. */
  private target(eventTarget: EventTarget | null): number {
    if (this.selected >= 0) return this.selected;
    const scene = this.scene();
    return scene ? scene.nodeLayer.nodeOf(eventTarget ?? activeElementOf(scene.nodeLayer.group)) : -1;
  }

  private selectByKey(node: number): void {
    const scene = this.scene();
    if (!scene) return;
    if (node < 0 || node >= scene.count) {
      this.actions.tell(t('input.noSuchServer', { name: nodeName(node), count: scene.count }));
      return;
    }
    this.select(node === this.selected ? -1 : node);
    if (this.selected >= 0) {
      this.actions.tell(t('input.selected', { name: nodeName(node) }));
    }
  }

  /** Marks `node` (-1: none) as the target of the server keys. */
  select(node: number): void {
    const scene = this.scene();
    if (this.selected >= 0) scene?.nodeLayer.element(this.selected)?.removeAttribute('data-selected');
    this.selected = node;
    if (node >= 0) scene?.nodeLayer.element(node)?.setAttribute('data-selected', '1');
  }

  /** The selected server (-1: none). */
  get selection(): number {
    return this.selected;
  }

  private serverKey(cmd: KeyCommand, eventTarget: EventTarget | null): void {
    const scene = this.scene();
    if (!scene) return;
    const node = this.target(eventTarget);
    if (node < 0) {
      this.actions.tell(t('input.pickFirst'));
      return;
    }
    const up = scene.nodes.find((n) => n.id === node)?.up ?? true;
    if (cmd === 'crashRestart') {
      if (up) this.actions.crash(node);
      else this.actions.restart(node);
    } else if (cmd === 'forceTimeout') {
      this.actions.forceTimeout(node);
    } else if (cmd === 'isolate') {
      this.isolate(node);
    } else if (cmd === 'cycleGroup') {
      this.moveTo(node, nextGroupTarget(scene.groups, node));
    }
  }

  /** Puts `node` in a partition of its own; the other groups stay as they are. */
  isolate(node: number): void {
    const scene = this.scene();
    if (!scene) return;
    if (movedPartition(scene.groups, node, { kind: 'alone' }) === null) {
      this.actions.tell(t('input.alreadyAlone', { name: nodeName(node) }));
      return;
    }
    this.moveTo(node, { kind: 'alone' });
  }

  private moveTo(node: number, target: DropTarget): void {
    const scene = this.scene();
    if (!scene) return;
    const groups = movedPartition(scene.groups, node, target);
    if (groups === null) return;
    scene.layout.unpin(node); // moved by a key: to its ring place in the new group
    this.actions.partition(groups, describeMove(node, groups));
  }

  openMenu(node: number): void {
    this.closeMenu();
    const scene = this.scene();
    if (!scene) return;
    const view = scene.nodes.find((n) => n.id === node);
    const up = view?.up ?? true;
    const menu = html('div', { class: 'node-menu', role: 'menu', 'data-testid': 'node-menu', 'data-node': node }, this.stage);
    html('div', { class: 'menu-title' }, menu, t('menu.title', { node: nodeName(node), role: t(up ? MENU_ROLE[roleName(view?.role ?? 0)] ?? 'role.followerShort' : 'role.crashedShort') }));
    const item = (label: string, testid: string, run: () => void, enabled = true, why = ''): void => {
      const b = html('button', { type: 'button', role: 'menuitem', 'data-testid': testid }, menu, label);
      b.disabled = !enabled;
      if (why) b.title = why;
      b.addEventListener('click', () => {
        this.closeMenu();
        run();
      });
    };
    if (up) item(t('insp.crash'), 'menu-crash', () => this.actions.crash(node));
    else item(t('insp.restart'), 'menu-restart', () => this.actions.restart(node));
    // A leader has no election timer to fire (it sends heartbeats): say so rather than fail.
    const leader = up && view?.role === RoleCode.Leader;
    const who = { node: nodeName(node) };
    const timeoutWhy = t(!up ? 'insp.timeoutCrashed' : leader ? 'menu.timeoutLeader' : 'menu.timeoutTitle', who);
    item(t('insp.forceTimeout'), 'menu-timeout', () => this.actions.forceTimeout(node), up && !leader, timeoutWhy);
    const alone = movedPartition(scene.groups, node, { kind: 'alone' }) === null;
    item(t('menu.isolate'), 'menu-isolate', () => this.isolate(node), !alone, t(alone ? 'menu.alreadyAlone' : 'menu.isolateTitle', who));
    item(t('menu.submit'), 'menu-submit', () => this.actions.submitTo(node), up);
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
    const target = e.composedPath()[0] ?? e.target; // inside a shadow root, not its host
    if (this.menu && !(target instanceof Node && this.menu.contains(target))) this.closeMenu();
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
