// The node inspector: one server's state as Figure 2 lays it out (persistent, volatile, a
// leader's nextIndex and matchIndex per peer) and why its last vote and append went as they
// did. Everything comes from the core's `inspect(id)` at the cursor, so it follows time travel;
// the reasons are the trace's own words, this module only puts them in sentences. Crash or
// restart, force timeout and submit act from here as from the node's menu.

import { nodeName } from '../narrate.js';
import { html, setClass, setText } from '../render/dom.js';
import { formatTime } from '../render/feed.js';
import type { AppendWhyView, NodeInspection, VoteWhyView } from '../view.js';
import { language, localize, localizeAttr, t } from '../i18n/index.js';
import { refusalWords } from '../i18n/refusal-words.js';
import type { RefusalView } from '../../pkg/raft_playground_web.js';

/** A role as the core names it ('leader'), in the reader's words. */
function roleWords(role: string | undefined): string {
  switch (role) {
    case 'leader':
      return t('role.leaderShort');
    case 'candidate':
      return t('role.candidateShort');
    case 'precandidate':
      return t('role.precandidateShort');
    case 'follower':
      return t('role.followerShort');
    default:
      return role ?? '';
  }
}

/** What the inspector needs of the playground. */
export interface InspectSource {
  inspect(id: number): NodeInspection;
  now(): number;
  /** The configuration in force, a bit per id (§4.1); without it every server is a member. */
  members?(): number;
}

/** What its buttons do (the element's guarded actions). */
export interface InspectorActions {
  crash(node: number): void;
  restart(node: number): void;
  forceTimeout(node: number): void;
  snapshot(node: number): void;
  /** Asks the leader to hand leadership to `node` (dissertation §3.10). */
  transferLeadership(node: number): void;
  submitTo(node: number): void;
  /** Membership changes (§4.2): have the leader remove the server, or add it back. */
  removeServer?(node: number): void;
  addServer?(node: number): void;
}

/** "S2 refused S4 its vote in term 3: candidate log behind (last term 1 < 2)". */
export function voteCastWords(v: VoteWhyView): string {
  const who = { voter: nodeName(v.voter), candidate: nodeName(v.candidate), term: v.term };
  if (v.granted) return t(v.preVote ? 'insp.preVoteGranted' : 'insp.voteGranted', who);
  return t(v.preVote ? 'insp.preVoteRefused' : 'insp.voteRefused', { ...who, reason: reasonWords(v, v.voter) });
}

/** The refusal's reason in the reader's words (the core's code), else "no longer known". */
function reasonWords(v: { why?: RefusalView }, voter = -1): string {
  return refusalWords(v.why, null, voter) ?? t('insp.reasonUnknown');
}

/** "S3 refused S4's RequestVote in term 3: …", the candidate's side with the voter's reason. */
export function voteRefusedWords(v: VoteWhyView): string {
  const what = v.preVote ? 'PreVote' : 'RequestVote';
  return t('insp.requestRefused', { voter: nodeName(v.voter), candidate: nodeName(v.candidate), what, term: v.term, reason: reasonWords(v) });
}

/** "S2 refused S1's AppendEntries (term 7): term mismatch at index 10: …". */
export function appendRefusedWords(a: AppendWhyView): string {
  return t('insp.appendRefused', { follower: nodeName(a.follower), leader: nodeName(a.leader), term: a.term, reason: reasonWords(a) });
}

/** The leader's side: "… so nextIndex[S2] went 11 → 10". */
export function stepBackWords(a: AppendWhyView): string {
  if (a.nextIndexFrom === undefined || a.nextIndexTo === undefined) return appendRefusedWords(a);
  return t('insp.stepBack', { refused: appendRefusedWords(a), follower: nodeName(a.follower), from: a.nextIndexFrom, to: a.nextIndexTo });
}

/** The log as term runs: "1–3 t1 · 4–5 t4 · 6–10 t6" (empty: "empty"). */
export function termRunWords(i: NodeInspection): string {
  if (i.lastIndex === 0) return t('insp.empty');
  const runs = i.termRuns.map((r) => (r.from === r.to ? `${r.from} t${r.term}` : `${r.from}–${r.to} t${r.term}`));
  const hidden = i.termRuns.length > 0 && i.termRuns[0].from > 1 ? '… · ' : '';
  return hidden + runs.join(' · ');
}

/** Wall ms between refreshes while the run plays (paused, every change shows at once). */
const PLAYING_REFRESH_MS = 120;

export class Inspector {
  readonly el: HTMLElement;
  private node = -1;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly crashButton: HTMLButtonElement;
  private readonly timeoutButton: HTMLButtonElement;
  private readonly snapshotButton: HTMLButtonElement;
  private readonly transferButton: HTMLButtonElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly memberButton: HTMLButtonElement;
  /** Whether the server shown is in the configuration in force. */
  private member = true;
  private lastKey = '';
  private lastWall = -Infinity;
  private up = true;
  /** The ring's element of the server shown, marked `data-inspected`. */
  private marked: Element | null = null;

  constructor(
    parent: HTMLElement,
    before: Element | null,
    private readonly actions: InspectorActions,
  ) {
    this.el = html('section', { class: 'rp-inspector hidden', 'data-testid': 'inspector' });
    localizeAttr(this.el, 'aria-label', 'insp.label');
    parent.insertBefore(this.el, before);
    const head = html('div', { class: 'insp-head' }, this.el);
    this.title = html('h2', { 'data-testid': 'insp-title' }, head);
    const close = html('button', { type: 'button', class: 'insp-close', 'data-testid': 'insp-close' }, head, '×');
    localizeAttr(close, 'title', 'insp.close');
    localizeAttr(close, 'aria-label', 'insp.close');
    close.addEventListener('click', () => this.close());
    this.body = html('div', { class: 'insp-body' }, this.el);
    const row = html('div', { class: 'insp-actions' }, this.el);
    this.crashButton = html('button', { type: 'button', 'data-testid': 'insp-crash' }, row, t('insp.crash'));
    this.crashButton.addEventListener('click', () => (this.up ? this.actions.crash(this.node) : this.actions.restart(this.node)));
    this.timeoutButton = html('button', { type: 'button', 'data-testid': 'insp-timeout' }, row);
    localize(this.timeoutButton, 'insp.forceTimeout');
    this.timeoutButton.addEventListener('click', () => this.actions.forceTimeout(this.node));
    this.snapshotButton = html('button', { type: 'button', 'data-testid': 'insp-snapshot' }, row);
    localize(this.snapshotButton, 'insp.snapshotNow');
    this.snapshotButton.addEventListener('click', () => this.actions.snapshot(this.node));
    this.transferButton = html('button', { type: 'button', 'data-testid': 'insp-transfer' }, row);
    localize(this.transferButton, 'menu.transfer');
    this.transferButton.addEventListener('click', () => this.actions.transferLeadership(this.node));
    this.submitButton = html('button', { type: 'button', 'data-testid': 'insp-submit' }, row);
    localize(this.submitButton, 'insp.submitHere');
    this.submitButton.addEventListener('click', () => this.actions.submitTo(this.node));
    this.memberButton = html('button', { type: 'button', 'data-testid': 'insp-remove' }, row, t('insp.remove'));
    this.memberButton.hidden = !this.actions.removeServer;
    this.memberButton.addEventListener('click', () => (this.member ? this.actions.removeServer?.(this.node) : this.actions.addServer?.(this.node)));
  }

  /** The server shown, or -1. */
  get shown(): number {
    return this.node;
  }

  /** Shows server `node` (-1 closes). */
  open(node: number): void {
    this.node = node;
    this.lastKey = '';
    this.lastWall = -Infinity;
    setClass(this.el, 'hidden', node < 0);
  }

  close(): void {
    this.open(-1);
    this.mark(() => null);
  }

  /**
   * Marks the server shown on the ring (`elementOf` finds a server's element in the scene on
   * show): scenes are rebuilt when a run loads, so it is asked on every draw.
   */
  mark(elementOf: (node: number) => Element | null | undefined): void {
    const el = this.node >= 0 ? (elementOf(this.node) ?? null) : null;
    if (el === this.marked) return;
    this.marked?.removeAttribute('data-inspected');
    el?.setAttribute('data-inspected', '1');
    this.marked = el;
  }

  /**
   * Refreshes from the playground at the cursor. While playing it refreshes a few times a
   * second (`wallMs` > 0); a paused draw (`wallMs` 0) always refreshes.
   */
  update(pg: InspectSource, wallMs: number): void {
    if (this.node < 0) return;
    if (wallMs > 0 && wallMs - this.lastWall < PLAYING_REFRESH_MS) return;
    this.lastWall = wallMs;
    let i: NodeInspection;
    const members = pg.members?.() ?? -1;
    this.member = members < 0 || (members & (1 << this.node)) !== 0;
    try {
      i = pg.inspect(this.node);
    } catch {
      this.close(); // a smaller cluster was loaded
      return;
    }
    const now = pg.now();
    const key = JSON.stringify(i) + (i.timer ? Math.round(i.timer.deadlineMs - now) : '') + language() + String(this.member);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.render(i, now);
  }

  private render(i: NodeInspection, now: number): void {
    const name = nodeName(i.node);
    this.up = i.up;
    setText(this.title, t('insp.title', { node: name, role: i.up ? roleWords(i.role) : t('role.crashedShort'), term: i.currentTerm }));
    this.el.setAttribute('data-node', String(i.node));
    setText(this.crashButton, t(i.up ? 'insp.crash' : 'insp.restart'));
    this.crashButton.setAttribute('data-testid', i.up ? 'insp-crash' : 'insp-restart');
    const leader = i.up && i.role === 'leader';
    this.timeoutButton.disabled = !i.up || leader;
    this.timeoutButton.title = !i.up ? t('insp.timeoutCrashed', { node: name }) : leader ? t('insp.timeoutLeader') : t('insp.timeoutTitle', { node: name });
    // §3.10: a running follower that knows a leader can be handed leadership.
    const knowsLeader = i.leader !== undefined && i.leader !== null;
    this.transferButton.disabled = !i.up || leader || !knowsLeader;
    this.transferButton.title = t(!i.up ? 'menu.transferCrashed' : leader ? 'menu.transferLeader' : knowsLeader ? 'menu.transferTitle' : 'menu.transferNoLeader', { node: name });
    this.submitButton.disabled = !i.up;
    this.snapshotButton.disabled = !i.up;
    this.snapshotButton.title = t(i.up ? 'insp.snapshotTitle' : 'insp.snapshotCrashed', { node: name });
    setText(this.memberButton, t(this.member ? 'insp.remove' : 'insp.add'));
    this.memberButton.setAttribute('data-testid', this.member ? 'insp-remove' : 'insp-add');
    this.memberButton.title = t(this.member ? 'insp.removeTitle' : 'insp.addTitle', { node: name });

    const b = this.body;
    b.replaceChildren();
    const section = (label: string, testid: string): HTMLElement => {
      const s = html('div', { class: 'insp-section', 'data-testid': testid }, b);
      html('h3', {}, s, label);
      return s;
    };
    const line = (parent: HTMLElement, label: string, value: string, testid?: string): void => {
      const row = html('div', { class: 'insp-line' }, parent);
      html('span', { class: 'insp-key' }, row, label);
      html('span', testid ? { class: 'insp-val', 'data-testid': testid } : { class: 'insp-val' }, row, value);
    };

    const persistent = section(t('insp.persistent'), 'insp-persistent');
    line(persistent, 'currentTerm', String(i.currentTerm), 'insp-term');
    line(persistent, 'votedFor', i.votedFor === undefined ? t('insp.noOne') : nodeName(i.votedFor), 'insp-voted');
    line(persistent, t('insp.logKey'), t('insp.logEntries', { count: i.lastIndex, runs: termRunWords(i) }), 'insp-log-runs');
    const snapshot = i.snapshotIndex === undefined ? t('insp.noSnapshot') : t('insp.snapshot', { index: i.snapshotIndex, term: i.snapshotTerm ?? 0 });
    line(persistent, t('insp.snapshotKey'), snapshot, 'insp-snapshot-line');
    if (i.log.length) {
      const cells = html('div', { class: 'insp-log', 'data-testid': 'insp-log' }, persistent);
      for (const e of i.log) {
        const what = e.value === undefined ? t('logs.noop') : t('logs.value', { value: e.value });
        const cell = html('span', { class: 'insp-entry', title: t('logs.cell', { index: e.index, term: e.term, what }) }, cells);
        if (e.index <= i.commitIndex) cell.classList.add('committed');
        html('small', {}, cell, String(e.index));
        html('b', {}, cell, `t${e.term}`);
        html('small', {}, cell, e.value === undefined ? '·' : String(e.value));
      }
    }

    const volatile = section(t('insp.volatile'), 'insp-volatile');
    if (!i.up) {
      html('p', { class: 'insp-note' }, volatile, t('insp.crashedNote'));
    } else {
      line(volatile, t('insp.roleKey'), roleWords(i.role));
      line(volatile, 'commitIndex', String(i.commitIndex), 'insp-commit');
      line(volatile, 'lastApplied', t('insp.lastApplied', { index: i.lastApplied }), 'insp-applied');
      line(volatile, t('insp.machineKey'), t('insp.machine', { sum: i.machineSum ?? 0, count: i.machineCount ?? 0 }), 'insp-machine');
      if (i.timer) {
        const left = Math.max(0, i.timer.deadlineMs - now);
        const what = t(i.timer.kind === 'election' ? 'insp.electionTimeout' : 'insp.nextHeartbeat');
        line(volatile, what, t('insp.timerIn', { left: formatTime(left), at: formatTime(i.timer.deadlineMs) }), 'insp-deadline');
      }
      line(volatile, t('insp.leaderKey'), i.leader === undefined ? t('insp.noneKnown') : nodeName(i.leader));
    }

    if (i.progress.length) {
      const leaderBox = section(t('insp.perFollower'), 'insp-progress');
      const table = html('table', { class: 'insp-table' }, leaderBox);
      const head = html('tr', {}, html('thead', {}, table));
      for (const h of ['', 'nextIndex', 'matchIndex']) html('th', {}, head, h);
      const tbody = html('tbody', {}, table);
      for (const p of i.progress) {
        const tr = html('tr', {}, tbody);
        html('th', {}, tr, nodeName(p.peer));
        html('td', { 'data-testid': `insp-next-${p.peer}` }, tr, String(p.nextIndex));
        html('td', { 'data-testid': `insp-match-${p.peer}` }, tr, String(p.matchIndex));
      }
    }

    const why = section(t('insp.why'), 'insp-why');
    const because = (text: string, at: number, testid: string): void => {
      html('p', { class: 'insp-why', 'data-testid': testid }, why, `${text} (t = ${formatTime(at)})`);
    };
    if (i.voteCast) because(voteCastWords(i.voteCast), i.voteCast.atMs, 'insp-why-vote');
    if (i.voteRefusedToIt) because(voteRefusedWords(i.voteRefusedToIt), i.voteRefusedToIt.atMs, 'insp-why-vote-refused');
    if (i.appendRefused) because(appendRefusedWords(i.appendRefused), i.appendRefused.atMs, 'insp-why-append');
    if (i.appendRefusedToIt) because(stepBackWords(i.appendRefusedToIt), i.appendRefusedToIt.atMs, 'insp-why-step-back');
    if (!why.querySelector('p')) html('p', { class: 'insp-note' }, why, t('insp.nothingYet'));
  }
}
