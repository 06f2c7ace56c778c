// The logs, one row per node, columns aligned by index so a glance down a column compares the
// nodes' entries at that index. Committed entries are solid, the rest dashed. In each follower's
// row, over its cells, the leader's nextIndex and matchIndex for it, gliding as they change so the
// walk back over a diverging log can be followed entry by entry. The view carries one leader's
// progress (the current leader's), so each marker is named with whose view it is ("S5's next"):
// while an old leader still believes it leads, the markers are never mistaken for its view.
//
// Only the cells in the visible window (plus a margin) exist, so a log of thousands of entries
// costs what the screen shows. A row is rebuilt only when its log version, commit index or the
// window changes.

import { configMembers, memberNames } from '../membership.js';
import { nodeName } from '../narrate.js';
import { LOG_STRIDE, type NodeView, PROGRESS_STRIDE, ProgressCol, RoleCode } from '../view.js';
import { html, setAttr, setClass, setStyleProp, setText } from './dom.js';
import { language, localize, localizeAttr, t } from '../i18n/index.js';

/** The role word beside a log row. */
const ROLE_SHORT = { crashed: 'role.crashedShort', leader: 'role.leaderShort', candidate: 'role.candidateShort' } as const;
import { termColor, termInk } from './palette.js';
import { fitLabel, textWidth, visiblePart } from './snapshot-label.js';

/** Width of one index column, px. */
export const CELL_W = 28;
/**
 * Where index 1's column starts, px. Room on the left for index 0, where matchIndex points
 * before a follower has matched anything, and for its label ("S5's match" at 11 px), which
 * extends leftwards.
 */
export const LOG_GUTTER = 92;
/**
 * Room after the last column, px: the label of a nextIndex marker ("S5's next") runs to the
 * right of its arrow, beyond the last entry.
 */
const NEXT_LABEL_ROOM = CELL_W;
/** Cells kept beyond each visible edge, so a small scroll shows no gap. */
const WINDOW_MARGIN = 8;
/** Visible width assumed before layout has happened (and in tests). */
const FALLBACK_WIDTH = 1000;
/** The snapshot block's label font (style.css: 11px, weight 600, the page's family), read once. */
let labelFont = '';
/** How long erased entries flash, wall ms. */
export const FLASH_MS = 1400;

/** Left edge, px, of the cell of `index`. */
export function cellLeft(index: number): number {
  return LOG_GUTTER + (index - 1) * CELL_W;
}

/** Centre, px, of the column of `index`: where the next/match arrows point. */
export function markerX(index: number): number {
  return cellLeft(index) + CELL_W / 2;
}

/** The index whose column contains x (px from the content's left edge). */
export function indexAt(x: number): number {
  return Math.floor((x - LOG_GUTTER) / CELL_W) + 1;
}

class LogRow {
  readonly el: HTMLDivElement;
  readonly label: HTMLDivElement;
  private readonly labelRole: HTMLSpanElement;
  private readonly labelCommit: HTMLSpanElement;
  private readonly nextMarker: HTMLDivElement;
  private readonly matchMarker: HTMLDivElement;
  private readonly nextLabel: HTMLSpanElement;
  private readonly matchLabel: HTMLSpanElement;
  /** Whose view the marker labels name; -1 before the first. */
  private shownOwner = -1;
  /** The language the markers' labels were written in. */
  private markersLang = '';
  private readonly cells = new Map<number, HTMLDivElement>();
  /** The last index the log discarded (§7): the buffer's first entry is index offset + 1. */
  offset = 0;
  /** The snapshot that replaced the discarded prefix: its last included index and term. */
  snapshotIndex = 0;
  snapshotTerm = 0;
  /** The compacted block at the start of the row, while the log has discarded entries. */
  private block: HTMLDivElement | null = null;
  /** The block's full label, for screen readers (its visible one is generated content). */
  private blockText: HTMLSpanElement | null = null;
  /** What the visible label was last placed from. */
  private labelKey = '';
  /** The log's entries, LOG_STRIDE numbers each, in the first `used` numbers of a buffer that
   * doubles as entries are appended (so appending costs what was appended). */
  private buffer: Float64Array = new Float64Array(0);
  private used = 0;
  commitIndex = 0;
  dirty = true;
  private lastNext = -1;
  /** Alternates between two identical animations so each step back restarts the pulse. */
  private pulseFlip = false;
  // What the label and markers were last drawn from: an unchanged frame builds no strings.
  private shownNext = NaN;
  private shownMatch = NaN;
  private drawnUp = -1;
  private drawnRole = -1;
  private drawnLeader = -1;
  private drawnCommit = NaN;
  private drawnLang = '';

  constructor(
    labels: HTMLElement,
    rows: HTMLElement,
    readonly id: number,
  ) {
    this.label = html('div', { class: 'log-label' }, labels);
    html('span', { class: 'log-name' }, this.label, nodeName(id));
    this.labelRole = html('span', { class: 'log-role' }, this.label);
    this.labelCommit = html('span', { class: 'log-commit' }, this.label);
    this.el = html('div', { class: 'log-row', 'data-testid': `log-${id}`, 'data-node': id }, rows);
    this.matchMarker = html('div', { class: 'marker match hidden', 'data-testid': `match-${id}` }, this.el);
    this.matchLabel = html('span', { class: 'marker-label' }, this.matchMarker);
    this.nextMarker = html('div', { class: 'marker next hidden', 'data-testid': `next-${id}` }, this.el);
    this.nextLabel = html('span', { class: 'marker-label' }, this.nextMarker);
  }

  /** The last index (entries discarded by a snapshot included). */
  get length(): number {
    return this.offset + this.held;
  }

  /** How many entries the row holds (those after the discarded prefix). */
  get held(): number {
    return Math.floor(this.used / LOG_STRIDE);
  }

  term(index: number): number {
    const i = index - this.offset;
    return i >= 1 && i <= this.held ? this.buffer[(i - 1) * LOG_STRIDE] : NaN;
  }

  value(index: number): number {
    const i = index - this.offset;
    return i >= 1 && i <= this.held ? this.buffer[(i - 1) * LOG_STRIDE + 1] : NaN;
  }

  /** The whole log (after the discarded prefix), afresh. */
  replace(entries: Float64Array): void {
    this.buffer = entries;
    this.used = entries.length;
  }

  /** Entries added after the ones held. */
  append(entries: Float64Array): void {
    const need = this.used + entries.length;
    if (need > this.buffer.length) {
      const grown = new Float64Array(Math.max(need, 2 * this.buffer.length, 64));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(entries, this.used);
    this.used = need;
  }

  /** The discarded prefix, drawn as one block over its columns, named by the snapshot. */
  private drawBlock(): void {
    if (this.offset <= 0) {
      this.block?.remove();
      this.block = null;
      return;
    }
    if (!this.block) {
      this.block = html('div', { class: 'snapshot-block', 'data-testid': `snapshot-${this.id}` }, this.el);
      this.blockText = html('span', { class: 'visually-hidden' }, this.block);
    }
    this.block.style.left = `${cellLeft(1)}px`;
    this.block.style.width = `${this.offset * CELL_W - 2}px`;
    setAttr(this.block, 'data-index', String(this.snapshotIndex));
    if (this.blockText) setText(this.blockText, t('logs.snapshotBlock', { index: this.snapshotIndex, term: this.snapshotTerm }));
    setAttr(this.block, 'title', t('logs.snapshotTitle', { to: this.offset, index: this.snapshotIndex, term: this.snapshotTerm }));
    this.labelKey = '';
  }

  /**
   * The block's visible label, in the part of the block the scroller shows (scrolled to the
   * newest entries, often only its right end), as long as fits there: the full label, without
   * the word, the index alone, or none (the title and the full text stay).
   */
  placeLabel(scrollLeft: number, viewWidth: number): void {
    const block = this.block;
    if (!block) return;
    const left = cellLeft(1) + 1;
    const place = visiblePart(left, left + this.offset * CELL_W - 2, scrollLeft, viewWidth);
    const key = `${place.room}|${place.right}|${this.snapshotIndex}|${this.snapshotTerm}|${language()}`;
    if (key === this.labelKey) return;
    this.labelKey = key;
    if (!labelFont) {
      const style = typeof getComputedStyle === 'function' ? getComputedStyle(block) : null;
      labelFont = `600 11px ${style?.fontFamily || 'system-ui, sans-serif'}`;
    }
    const words = { index: this.snapshotIndex, term: this.snapshotTerm };
    const labels = [t('logs.snapshotBlock', words), t('logs.snapshotMid', words), t('logs.snapshotShort', words)];
    setAttr(block, 'data-label', fitLabel(place.room, labels, (text) => textWidth(text, labelFont)));
    setStyleProp(block, '--label-right', `${place.right}px`);
  }

  setLabel(node: NodeView, isLeader: boolean): void {
    const up = node.up ? 1 : 0;
    const leader = isLeader ? 1 : 0;
    if (up === this.drawnUp && node.role === this.drawnRole && leader === this.drawnLeader && node.commitIndex === this.drawnCommit && this.drawnLang === language()) return;
    this.drawnLang = language();
    this.drawnUp = up;
    this.drawnRole = node.role;
    this.drawnLeader = leader;
    this.drawnCommit = node.commitIndex;
    const role = !node.up ? 'crashed' : isLeader || node.role === RoleCode.Leader ? 'leader' : node.role === RoleCode.Candidate ? 'candidate' : '';
    setText(this.labelRole, role ? t(ROLE_SHORT[role]) : '');
    setAttr(this.label, 'class', `log-label${role ? ` is-${role}` : ''}`);
    setText(this.labelCommit, t('logs.commit', { index: node.commitIndex }));
  }

  /** The markers of `owner`'s view (the leader whose progress this is): its nextIndex and matchIndex for this node. */
  setMarkers(nextIndex: number, matchIndex: number, owner: number): void {
    if (owner >= 0 && (owner !== this.shownOwner || this.markersLang !== language())) {
      this.shownOwner = owner;
      this.markersLang = language();
      setText(this.nextLabel, t('logs.next', { node: nodeName(owner) }));
      setText(this.matchLabel, t('logs.match', { node: nodeName(owner) }));
      this.shownNext = NaN; // the titles name the owner too
    }
    if (nextIndex === this.shownNext && matchIndex === this.shownMatch) return;
    this.shownNext = nextIndex;
    this.shownMatch = matchIndex;
    const show = nextIndex >= 0;
    setClass(this.nextMarker, 'hidden', !show);
    setClass(this.matchMarker, 'hidden', !show || matchIndex < 0);
    if (!show) {
      this.lastNext = -1;
      return;
    }
    if (this.lastNext >= 0 && nextIndex < this.lastNext) {
      // nextIndex walked back (a rejected AppendEntries): pulse the marker so the step is seen.
      this.pulseFlip = !this.pulseFlip;
      setClass(this.nextMarker, 'back-a', this.pulseFlip);
      setClass(this.nextMarker, 'back-b', !this.pulseFlip);
    }
    this.lastNext = nextIndex;
    setAttr(this.nextMarker, 'data-index', String(nextIndex));
    setStyleProp(this.nextMarker, 'transform', `translateX(${markerX(nextIndex)}px)`);
    const whose = this.shownOwner >= 0 ? nodeName(this.shownOwner) : t('logs.theLeader');
    setAttr(this.nextMarker, 'title', t('logs.nextTitle', { whose, node: nodeName(this.id), index: nextIndex }));
    if (matchIndex >= 0) {
      setAttr(this.matchMarker, 'data-index', String(matchIndex));
      setStyleProp(this.matchMarker, 'transform', `translateX(${markerX(matchIndex)}px)`);
      setAttr(this.matchMarker, 'title', t('logs.matchTitle', { whose, node: nodeName(this.id), index: matchIndex }));
    }
  }

  render(first: number, last: number): void {
    this.dirty = false;
    this.drawBlock();
    const end = Math.min(last, this.length);
    first = Math.max(first, this.offset + 1);
    for (const [index, cell] of this.cells) {
      if (index < first || index > end) {
        cell.remove();
        this.cells.delete(index);
      }
    }
    for (let i = first; i <= end; i++) {
      let cell = this.cells.get(i);
      if (!cell) {
        cell = html('div', { class: 'cell', 'data-index': i }, this.el);
        cell.style.left = `${cellLeft(i)}px`;
        this.cells.set(i, cell);
      }
      const term = this.term(i);
      const value = this.value(i);
      const committed = i <= this.commitIndex;
      setAttr(cell, 'data-term', String(term));
      setAttr(cell, 'data-committed', committed ? '1' : '0');
      setClass(cell, 'committed', committed);
      const config = configMembers(value);
      setClass(cell, 'noop', value < 0 && config === null);
      setClass(cell, 'config', config !== null);
      setText(cell, String(term));
      setStyleProp(cell, '--c', termColor(term));
      setStyleProp(cell, '--on', termInk(term));
      const what = config !== null ? t('logs.config', { members: memberNames(config) }) : value < 0 ? t('logs.noop') : t('logs.value', { value });
      setAttr(cell, 'title', t(committed ? 'logs.cellCommitted' : 'logs.cell', { index: i, term, what }));
    }
  }

  /** Ghost copies of erased entries that fade out over the new ones. */
  flash(from: number, terms: readonly number[]): void {
    terms.forEach((term, k) => {
      const ghost = html('div', { class: 'cell ghost', 'data-ghost-index': from + k }, this.el, String(term));
      ghost.style.left = `${cellLeft(from + k)}px`;
      ghost.style.setProperty('--c', termColor(term));
      setTimeout(() => ghost.remove(), FLASH_MS);
    });
  }
}

export class LogPanel {
  readonly root: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly content: HTMLDivElement;
  private readonly ruler: HTMLDivElement;
  private readonly rows: LogRow[] = [];
  private readonly labels: HTMLDivElement;
  /** Keep the newest entries in view until the user scrolls back. */
  private follow = true;
  private first = 1;
  private last = 0;
  private columns = 0;
  /** The ruler's ticks were drawn for indices rulerFirst..rulerLast. */
  private rulerFirst = -1;
  private rulerLast = -1;
  /**
   * Scroll metrics, cached: reading clientWidth or scrollLeft in every frame would force a
   * synchronous layout after the frame's SVG writes.
   */
  private viewWidth = 0;
  private scrollLeft = 0;
  private readonly resizeObserver: ResizeObserver | null = null;

  constructor(parent: HTMLElement, count: number) {
    this.root = html('div', { class: 'logs', 'data-testid': 'logs' }, parent);
    const labels = html('div', { class: 'log-labels' }, this.root);
    this.labels = labels;
    localize(html('div', { class: 'log-label ruler-label' }, labels), 'logs.index');
    this.scroller = html('div', { class: 'log-scroll', tabindex: 0, role: 'region' }, this.root);
    localizeAttr(this.scroller, 'aria-label', 'logs.region');
    this.content = html('div', { class: 'log-content' }, this.scroller);
    this.ruler = html('div', { class: 'log-ruler' }, this.content);
    for (let i = 0; i < count; i++) this.rows.push(new LogRow(labels, this.content, i));
    this.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => {
        this.viewWidth = this.scroller.clientWidth;
        // Shown again (a narrow page's Logs tab) or resized: the newest entry back in view, if
        // it is not (the rows were laid out hidden, with no width to follow the end by).
        const newest = cellLeft(this.columns - 2); // the last entry's right edge
        if (this.follow && this.columns > 0 && newest > this.scrollLeft + this.viewWidth) this.followEnd(cellLeft(this.columns) + NEXT_LABEL_ROOM);
        this.refreshWindow();
        this.renderRows();
      });
      this.resizeObserver.observe(this.scroller);
    }
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.root.remove();
  }

  /** Rows for `count` servers (servers are added during a run, §4.2); the rest hidden. */
  resize(count: number): void {
    for (let i = this.rows.length; i < count; i++) this.rows.push(new LogRow(this.labels, this.content, i));
    this.rows.forEach((r, i) => {
      setClass(r.el, 'hidden', i >= count);
      setClass(r.label, 'hidden', i >= count);
    });
  }

  /** A node's log changed (new logVersion): keep the fresh copy. */
  setLog(id: number, entries: Float64Array): void {
    const row = this.rows[id];
    if (!row) return;
    row.replace(entries);
    row.dirty = true;
  }

  /** A node's log grew (new logVersion, same epoch): keep the entries past the ones held. */
  appendLog(id: number, entries: Float64Array): void {
    const row = this.rows[id];
    if (!row) return;
    row.append(entries);
    row.dirty = true;
  }

  /** How many entries of node `id`'s log the panel holds (after its discarded prefix). */
  held(id: number): number {
    return this.rows[id]?.held ?? 0;
  }

  /** Entries `from`..`from+count-1` were erased from `id`'s log; flash them from the old copy. */
  flashTruncated(id: number, from: number, count: number): void {
    const row = this.rows[id];
    if (!row) return;
    const terms: number[] = [];
    for (let i = Math.max(from, row.offset + 1); i < from + count && i <= row.length; i++) terms.push(row.term(i));
    if (terms.length) row.flash(from, terms);
  }

  update(nodes: readonly NodeView[], progress: Float64Array, leader: number): void {
    let longest = 0;
    for (const node of nodes) {
      const row = this.rows[node.id];
      if (!row) continue;
      if (row.commitIndex !== node.commitIndex) {
        row.commitIndex = node.commitIndex;
        row.dirty = true;
      }
      if (row.offset !== node.logOffset || row.snapshotIndex !== node.snapshotIndex || row.snapshotTerm !== node.snapshotTerm) {
        row.offset = node.logOffset;
        row.snapshotIndex = node.snapshotIndex;
        row.snapshotTerm = node.snapshotTerm;
        row.dirty = true;
      }
      row.setLabel(node, node.id === leader);
      const o = node.id * PROGRESS_STRIDE;
      const next = o + PROGRESS_STRIDE <= progress.length ? progress[o + ProgressCol.NextIndex] : -1;
      const match = o + PROGRESS_STRIDE <= progress.length ? progress[o + ProgressCol.MatchIndex] : -1;
      row.setMarkers(node.id === leader ? -1 : next, match, leader);
      longest = Math.max(longest, row.length, next);
    }
    const columns = longest + 3;
    if (columns !== this.columns) {
      this.columns = columns;
      const width = cellLeft(columns) + NEXT_LABEL_ROOM;
      this.content.style.width = `${width}px`;
      if (this.follow) this.followEnd(width);
    }
    this.refreshWindow();
    this.renderRows();
  }

  /** Scrolls to the end of content `width` px wide: the newest entries in view. */
  private followEnd(width: number): void {
    const target = Math.max(0, width - (this.viewWidth || FALLBACK_WIDTH));
    if (target !== this.scrollLeft) {
      this.scrollLeft = target;
      this.scroller.scrollLeft = target;
    }
  }

  private readonly onScroll = (): void => {
    const s = this.scroller;
    this.scrollLeft = s.scrollLeft;
    this.viewWidth = s.clientWidth;
    this.follow = s.scrollLeft + s.clientWidth >= s.scrollWidth - CELL_W;
    // Redraw from the cached logs right away: a paused page draws no frames.
    this.refreshWindow();
    this.renderRows();
  };

  /** Recomputes the window of rendered indices; marks all rows dirty if it moved. */
  private refreshWindow(): void {
    const width = this.viewWidth || FALLBACK_WIDTH;
    const left = this.scrollLeft;
    const first = Math.max(1, indexAt(left) - WINDOW_MARGIN);
    const last = indexAt(left + width) + WINDOW_MARGIN;
    if (first !== this.first || last !== this.last) {
      this.first = first;
      this.last = last;
      for (const row of this.rows) row.dirty = true;
    }
    const rulerLast = Math.min(last, this.columns);
    if (first === this.rulerFirst && rulerLast === this.rulerLast) return;
    this.rulerFirst = first;
    this.rulerLast = rulerLast;
    this.ruler.replaceChildren();
    for (let i = first; i <= Math.min(last, this.columns - 1); i++) {
      if (i !== 1 && i % 5 !== 0) continue;
      const tick = html('span', { class: 'tick' }, this.ruler, String(i));
      tick.style.left = `${cellLeft(i)}px`;
    }
  }

  private renderRows(): void {
    for (const row of this.rows) {
      if (row.dirty) row.render(this.first, this.last);
      row.placeLabel(this.scrollLeft, this.viewWidth || FALLBACK_WIDTH);
    }
  }
}
