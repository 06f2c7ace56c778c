// The guided tour's panel: the chapter and step on show, Back / Next, a list to jump to any
// chapter and step, a progress bar, a link to this step, "Try it yourself" and "Leave the tour".
// The steps and the moves between them are tour-steps.ts's; this module only draws them and asks
// its host to open a chapter's scenario and seek to a step's moment. The step follows the cursor,
// so playing or scrubbing moves it as it moves the captions.

import { html, setAttr, setClass, setText } from '../render/dom.js';
import {
  type TourChapter,
  type TourPosition,
  formatTourParam,
  nextPosition,
  previousPosition,
  progressOf,
  stepAtCursor,
} from '../tour-steps.js';

/** What the tour asks of the element. */
export interface TourHost {
  /** Opens chapter scenario `id`, paused at its start; resolves to whether it opened. */
  openScenario(id: string): Promise<boolean>;
  /** Moves the cursor to `ms` (paused): never acts, never forks. */
  seek(ms: number): void;
  /** Hands the cluster over to free play at the cursor (a fork). */
  tryItYourself(): void;
  /** Whether the run on screen forked from the chapter's script (an action in its past). */
  forked(): boolean;
  /** The tour ended (left, or another run was opened): the page is free play or a plain scenario again. */
  ended(): void;
  /** The full page keeps the step in its address (`?tour=…`); an embed leaves the address alone. */
  readonly ownsAddress: boolean;
}

/** Writes (or with null, removes) the `tour` parameter of the address bar, leaving the rest. */
function writeTourParam(param: string | null): void {
  if (typeof history === 'undefined' || typeof location === 'undefined') return;
  const url = new URL(location.href);
  if (param === null ? !url.searchParams.has('tour') : url.searchParams.get('tour') === param) return;
  if (param === null) url.searchParams.delete('tour');
  else url.searchParams.set('tour', param);
  history.replaceState(history.state, '', url.toString());
}

/** The page address that opens the tour at `param` ("split-vote:2"), keeping other query parameters. */
export function tourHref(param: string, href: string): string {
  const url = new URL(href);
  url.searchParams.set('tour', param);
  url.hash = '';
  return url.toString();
}

export class TourPanel {
  readonly el: HTMLDivElement;
  private readonly chapterLabel: HTMLSpanElement;
  private readonly title: HTMLSpanElement;
  private readonly text: HTMLParagraphElement;
  private readonly stepLabel: HTMLSpanElement;
  private readonly bar: HTMLDivElement;
  private readonly backButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly jump: HTMLSelectElement;
  private readonly link: HTMLAnchorElement;
  private readonly tryButton: HTMLButtonElement;
  private tour: TourChapter[] = [];
  private pos: TourPosition = { chapter: 0, step: 0 };
  /** The chapter whose scenario is being opened, if any (its install is expected). */
  private opening: string | null = null;
  private shownKey = '';
  /** The cursor has reached the chapter's last step: "Try it yourself" is the way on. */
  private atEnd = false;

  constructor(
    parent: HTMLElement,
    before: Element | null,
    private readonly host: TourHost,
  ) {
    this.el = html('div', { class: 'rp-tour hidden', 'data-testid': 'tour', role: 'region', 'aria-label': 'Guided tour' });
    parent.insertBefore(this.el, before);
    const head = html('div', { class: 'tour-head' }, this.el);
    html('span', { class: 'tour-kicker' }, head, 'Tour');
    this.chapterLabel = html('span', { class: 'tour-chapter', 'data-testid': 'tour-chapter' }, head);
    this.title = html('span', { class: 'tour-title', 'data-testid': 'tour-title' }, head);
    const leave = html('button', { type: 'button', class: 'tour-leave', 'data-testid': 'tour-leave', title: 'Leave the tour; the run stays as it is' }, head, 'Leave tour');
    leave.addEventListener('click', () => this.leave());
    this.text = html('p', { class: 'tour-text', 'data-testid': 'tour-text', 'aria-live': 'polite' }, this.el);
    const progress = html('div', { class: 'tour-progress', role: 'progressbar', 'aria-label': 'Tour progress', 'data-testid': 'tour-progress' }, this.el);
    this.bar = html('div', { class: 'tour-bar' }, progress);
    const row = html('div', { class: 'tour-row' }, this.el);
    this.backButton = html('button', { type: 'button', 'data-testid': 'tour-back', title: 'The previous step, at its moment' }, row, '‹ Back');
    this.backButton.addEventListener('click', () => this.back());
    this.stepLabel = html('span', { class: 'tour-step', 'data-testid': 'tour-step' }, row);
    this.nextButton = html('button', { type: 'button', class: 'tour-next', 'data-testid': 'tour-next', title: 'The next step, at its moment' }, row, 'Next ›');
    this.nextButton.addEventListener('click', () => this.next());
    this.tryButton = html('button', { type: 'button', class: 'tour-try', 'data-testid': 'tour-try', title: 'Take over the cluster from this moment: free play, a fork of this run' }, row, 'Try it yourself');
    this.tryButton.addEventListener('click', () => this.tryIt());
    this.link = html('a', { class: 'tour-link', 'data-testid': 'tour-link', title: 'A link that opens the tour at this step' }, row, 'Link');
    const jumpLabel = html('label', { class: 'tour-jump' }, row);
    html('span', { class: 'visually-hidden' }, jumpLabel, 'Jump to a chapter and step');
    this.jump = html('select', { 'data-testid': 'tour-jump' }, jumpLabel);
    this.jump.addEventListener('change', () => {
      const [c, s] = this.jump.value.split(':').map(Number);
      void this.go({ chapter: c, step: s });
    });
  }

  get active(): boolean {
    return !this.el.classList.contains('hidden');
  }

  /** Where the tour stands (tests, the console). */
  get position(): TourPosition {
    return { ...this.pos };
  }

  /** The chapters (tests, the console). */
  get chapters(): readonly TourChapter[] {
    return this.tour;
  }

  /** Starts the tour over `tour` at `pos`; resolves to whether the chapter opened. */
  start(tour: TourChapter[], pos: TourPosition = { chapter: 0, step: 0 }): Promise<boolean> {
    this.tour = tour;
    this.fillJumpList();
    setClass(this.el, 'hidden', tour.length === 0);
    this.shownKey = '';
    this.pos = { ...pos };
    return this.go(pos, true).then((ok) => {
      // A first chapter that did not open leaves no tour to show (the page said why).
      if (!ok && this.opening === null && this.shownKey === '') this.end();
      return ok;
    });
  }

  /** Goes to `pos`: opens its chapter when another is loaded, then seeks to the step's moment. */
  async go(pos: TourPosition, reopen = false): Promise<boolean> {
    const chapter = this.tour[pos.chapter];
    const step = chapter?.steps[pos.step];
    if (!chapter || !step) return false;
    // A forked run is no longer the chapter's: its steps' moments would show another story.
    if (reopen || pos.chapter !== this.pos.chapter || this.opening !== null || this.host.forked()) {
      this.opening = chapter.id;
      const opened = await this.host.openScenario(chapter.id);
      if (this.opening !== chapter.id) return false; // overtaken by a later move
      this.opening = null;
      if (!opened) return false;
    }
    this.pos = { chapter: pos.chapter, step: pos.step };
    this.host.seek(step.atMs);
    this.show();
    return true;
  }

  next(): Promise<boolean> {
    const to = nextPosition(this.tour, this.pos);
    return to ? this.go(to) : Promise.resolve(false);
  }

  back(): Promise<boolean> {
    const to = previousPosition(this.tour, this.pos);
    return to ? this.go(to) : Promise.resolve(false);
  }

  /**
   * A run was installed. Another scenario or free play opened by other means ends the tour;
   * the tour's own chapter does not.
   */
  installed(scenarioId: string | null): void {
    if (!this.active) return;
    const ours = this.opening ?? this.tour[this.pos.chapter]?.id;
    if (scenarioId !== ours) this.end();
  }

  /** Per frame: the step follows the cursor (cheap when nothing changed). */
  update(nowMs: number): void {
    if (!this.active || this.opening !== null) return;
    const chapter = this.tour[this.pos.chapter];
    if (!chapter) return;
    this.pos.step = stepAtCursor(chapter.steps, this.pos.step, nowMs);
    this.atEnd = nowMs >= chapter.steps[chapter.steps.length - 1].atMs;
    this.show();
  }

  private show(): void {
    const chapter = this.tour[this.pos.chapter];
    const step = chapter?.steps[this.pos.step];
    if (!chapter || !step) return;
    const key = `${this.pos.chapter}:${this.pos.step}:${this.atEnd}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    setText(this.chapterLabel, `Chapter ${this.pos.chapter + 1} of ${this.tour.length}`);
    setText(this.title, chapter.title);
    setText(this.text, step.text);
    const { index, total } = progressOf(this.tour, this.pos);
    setText(this.stepLabel, `Step ${this.pos.step + 1} of ${chapter.steps.length}`);
    this.bar.style.width = `${(100 * (index + 1)) / Math.max(1, total)}%`;
    const bar = this.bar.parentElement;
    if (bar) {
      setAttr(bar, 'aria-valuemin', '1');
      setAttr(bar, 'aria-valuemax', String(total));
      setAttr(bar, 'aria-valuenow', String(index + 1));
      setAttr(bar, 'aria-valuetext', `step ${index + 1} of ${total}`);
    }
    this.backButton.disabled = previousPosition(this.tour, this.pos) === null;
    const next = nextPosition(this.tour, this.pos);
    this.nextButton.disabled = next === null;
    setText(this.nextButton, next && next.chapter !== this.pos.chapter ? 'Next chapter ›' : 'Next ›');
    this.jump.value = `${this.pos.chapter}:${this.pos.step}`;
    const last = this.pos.step === chapter.steps.length - 1;
    // The chapter's end hands over: the button says so loudest there.
    setClass(this.tryButton, 'emphasis', last && this.atEnd);
    const param = formatTourParam(this.tour, this.pos);
    this.el.setAttribute('data-step', param);
    if (typeof location !== 'undefined') this.link.href = tourHref(param, location.href);
    if (this.host.ownsAddress) writeTourParam(param);
  }

  private fillJumpList(): void {
    this.jump.replaceChildren();
    this.tour.forEach((chapter, c) => {
      const group = html('optgroup', { label: `${c + 1}. ${chapter.title}` }, this.jump);
      chapter.steps.forEach((step, s) => {
        const words = step.text.length > 60 ? `${step.text.slice(0, 57)}…` : step.text;
        html('option', { value: `${c}:${s}` }, group, `${c + 1}.${s + 1} ${words}`);
      });
    });
  }

  private tryIt(): void {
    this.host.tryItYourself();
    this.end();
  }

  /** Leaves the tour; the run stays as it is. */
  leave(): void {
    this.end();
  }

  private end(): void {
    if (!this.active) return;
    this.opening = null;
    setClass(this.el, 'hidden', true);
    if (this.host.ownsAddress) writeTourParam(null);
    this.host.ended();
  }
}
