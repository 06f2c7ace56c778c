// A message's card: the request's fields as Figure 2 names them (term, candidate or leader,
// lastLogIndex/Term or prevLogIndex/Term, the entries with their terms, leaderCommit) and the
// reply (granted or success, or the refusal with the trace's reason). Opened by clicking a
// message's line in the diagram, its glyph on the ring, or its button in the diagram's list;
// the core replays the run to read the message (`messageDetail`), the card only words it.

import type { MessageDetailView } from '../../pkg/raft_playground_web.js';
import { type PlainKey, localizeAttr, onLanguageChange, t } from '../i18n/index.js';
import { refusalWords } from '../i18n/refusal-words.js';
import { nodeName } from '../narrate.js';
import { html } from '../render/dom.js';
import { formatTime } from '../render/feed.js';

const KIND_WORDS: Record<MessageDetailView['msgKind'], PlainKey> = {
  requestVote: 'card.kind.requestVote',
  requestVoteResponse: 'card.kind.requestVoteResponse',
  preVote: 'card.kind.preVote',
  preVoteResponse: 'card.kind.preVoteResponse',
  appendEntries: 'card.kind.appendEntries',
  appendEntriesResponse: 'card.kind.appendEntriesResponse',
};

const DROP_WORDS: Record<string, PlainKey> = {
  loss: 'card.drop.loss',
  partition: 'card.drop.partition',
  linkCut: 'card.drop.linkCut',
  nodeDown: 'card.drop.nodeDown',
};

export function isReply(d: MessageDetailView): boolean {
  return d.msgKind.endsWith('Response');
}

/** When and how the message's flight went, relative to the cursor. */
export function flightLine(d: MessageDetailView, cursor: number): string {
  const sent = formatTime(d.sentAt);
  const end = formatTime(d.endAt);
  const later = (flight: string): string => (d.endAt > cursor ? t('card.afterCursor', { flight }) : flight);
  switch (d.fate) {
    case 'delivered':
      return later(t('card.delivered', { sent, end }));
    case 'dropped':
      return t('card.droppedHow', { flight: later(t('card.dropped', { sent, end })), how: t(DROP_WORDS[d.dropReason ?? ''] ?? 'card.drop.other') });
    default:
      return t('card.inFlight', { sent, due: formatTime(d.arriveAt) });
  }
}

/** The request's or reply's fields, as Figure 2 identifier (or, where Figure 2 has none, words)
 * and value. */
export function fieldRows(d: MessageDetailView): [string, string][] {
  const f = d.fields;
  const rows: [string, string][] = [['term', String(d.term)]];
  switch (f.kind) {
    case 'vote':
      rows.push(['candidate', nodeName(d.from)], ['lastLogIndex', String(f.lastLogIndex)], ['lastLogTerm', String(f.lastLogTerm)]);
      break;
    case 'voteReply':
      rows.push(['voteGranted', f.granted ? 'true' : 'false']);
      break;
    case 'append': {
      rows.push(['leader', nodeName(d.from)], ['prevLogIndex', String(f.prevLogIndex)], ['prevLogTerm', String(f.prevLogTerm)]);
      const shown = f.entries.map((e) => (e.value === undefined ? t('card.entryNoop', { index: e.index, term: e.term }) : t('card.entry', { index: e.index, term: e.term, value: e.value }))).join(t('card.entrySep'));
      const listed = f.entryCount > f.entries.length ? t('card.entriesMore', { shown, count: f.entryCount - f.entries.length }) : shown;
      rows.push(['entries', f.entryCount === 0 ? t('card.noEntries') : listed]);
      rows.push(['leaderCommit', String(f.leaderCommit)]);
      break;
    }
    case 'appendReply':
      rows.push(['success', f.success ? 'true' : 'false']);
      if (f.success) rows.push(['matchIndex', String(f.matchIndex)]);
      else rows.push([FOR_PREV, String(f.prevLogIndex)]);
      if (f.conflictIndex !== undefined) rows.push([CONFLICT, t('card.conflict', { term: f.conflictTerm === -1 ? t('card.logShorter') : (f.conflictTerm ?? ''), index: f.conflictIndex })]);
      break;
  }
  return rows;
}

/** The rows whose name is no Figure 2 identifier: their label is worded in the reader's language. */
const FOR_PREV = 'for prevLogIndex';
const CONFLICT = 'conflict';
function fieldLabel(field: string): string {
  if (field === FOR_PREV) return t('card.forField', { field: 'prevLogIndex' });
  if (field === CONFLICT) return t('card.conflictField');
  return field;
}

/** The outcome in one line: granted/success, or the refusal and its reason (phrased from the
 *  core's code, i18n/refusal-words.ts). */
export function replyLine(request: MessageDetailView, reply: MessageDetailView | null): string {
  const receiver = request.delivered;
  const handled = receiver && receiver.why != null ? receiver : reply?.sent;
  const reason = refusalWords(handled?.why ?? undefined, null);
  if (request.fate === 'dropped') return t('card.neverArrived');
  if (request.fate === 'inFlight') return t('card.notYet');
  if (!reply && !request.delivered?.replyId) return reason ? t('card.refusedNoReply', { reason }) : t('card.noReply');
  const ok = reply ? (reply.fields.kind === 'voteReply' ? reply.fields.granted : reply.fields.kind === 'appendReply' ? reply.fields.success : false) : (request.delivered?.replyOk ?? false);
  const word = t(request.fields.kind === 'vote' ? (ok ? 'card.voteGranted' : 'card.voteRefused') : ok ? 'card.success' : 'card.refused');
  return reason && !ok ? t('card.outcomeWhy', { word, reason }) : t('card.outcome', { word });
}

export class MessageCard {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement, private readonly onClose: () => void = () => {}) {
    this.el = html('section', { class: 'rp-msg-card hidden', 'data-testid': 'message-card', role: 'dialog' }, parent);
    localizeAttr(this.el, 'aria-label', 'card.label');
    const close = html('button', { type: 'button', class: 'mc-close', 'data-testid': 'message-card-close' }, this.el, '×');
    localizeAttr(close, 'aria-label', 'card.close');
    close.addEventListener('click', () => this.close());
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
    this.body = html('div', { class: 'mc-body' }, this.el);
    // A language switch words the open card again (the same message, the same cursor).
    onLanguageChange(() => {
      if (this.shown && this.last) this.render(this.last.id, this.last.detail, this.last.cursor);
    });
  }

  /** What the card shows, to word it again after a language switch. */
  private last: { id: number; detail: (id: number) => MessageDetailView; cursor: number } | null = null;

  get shown(): boolean {
    return !this.el.classList.contains('hidden');
  }

  close(): void {
    const was = this.shown;
    this.el.classList.add('hidden');
    if (was) this.onClose();
  }

  /** Shows message `id` with its request or reply; `detail` reads one message (throws when the
   * history no longer holds it). */
  show(id: number, detail: (id: number) => MessageDetailView, cursor: number): void {
    this.render(id, detail, cursor);
    this.last = { id, detail, cursor };
    this.el.classList.remove('hidden');
    this.el.querySelector<HTMLButtonElement>('.mc-close')?.focus({ preventScroll: true });
  }

  private render(id: number, detail: (id: number) => MessageDetailView, cursor: number): void {
    const d = detail(id);
    const tryDetail = (other: number | undefined): MessageDetailView | null => {
      if (other === undefined) return null;
      try {
        return detail(other);
      } catch {
        return null;
      }
    };
    const request = isReply(d) ? tryDetail(d.sent.receivedId) : d;
    const reply = isReply(d) ? d : tryDetail(d.delivered?.replyId);
    this.body.replaceChildren();
    this.el.setAttribute('data-msg', String(id));
    if (request) this.section(request, 'request', request === d, cursor);
    if (reply) this.section(reply, 'reply', reply === d, cursor);
    if (request) html('p', { class: 'mc-outcome', 'data-testid': 'message-outcome' }, this.body, replyLine(request, reply));
  }

  private section(d: MessageDetailView, part: 'request' | 'reply', chosen: boolean, cursor: number): void {
    const box = html('div', { class: `mc-part${chosen ? ' chosen' : ''}`, 'data-part': part }, this.body);
    html('h3', {}, box, t('card.heading', { part: t(part === 'request' ? 'card.request' : 'card.reply'), kind: t(KIND_WORDS[d.msgKind]), from: nodeName(d.from), to: nodeName(d.to) }));
    html('p', { class: 'mc-flight' }, box, flightLine(d, cursor));
    const dl = html('dl', {}, box);
    for (const [k, v] of fieldRows(d)) {
      const label = fieldLabel(k);
      // Figure 2's identifiers are the paper's code, the same in every language (and left
      // untranslated by a browser's page translator).
      html('dt', label === k ? { translate: 'no' } : {}, dl, label);
      // So are its boolean values (success: false), which the catalog's "true or false" would otherwise count as English.
      html('dd', v === 'true' || v === 'false' ? { 'data-field': k, translate: 'no' } : { 'data-field': k }, dl, v);
    }
  }
}
