// A message's card: the request's fields as Figure 2 names them (term, candidate or leader,
// lastLogIndex/Term or prevLogIndex/Term, the entries with their terms, leaderCommit) and the
// reply (granted or success, or the refusal with the trace's reason). Opened by clicking a
// message's line in the diagram, its glyph on the ring, or its button in the diagram's list;
// the core replays the run to read the message (`messageDetail`), the card only words it.

import type { MessageDetailView } from '../../pkg/raft_playground_web.js';
import { nodeName } from '../narrate.js';
import { html } from '../render/dom.js';
import { formatTime } from '../render/feed.js';

const KIND_WORDS: Record<MessageDetailView['msgKind'], string> = {
  requestVote: 'RequestVote',
  requestVoteResponse: 'RequestVote reply',
  preVote: 'PreVote',
  preVoteResponse: 'PreVote reply',
  appendEntries: 'AppendEntries',
  appendEntriesResponse: 'AppendEntries reply',
};

const DROP_WORDS: Record<string, string> = {
  loss: 'lost on the network',
  partition: 'blocked by the partition',
  linkCut: 'the link was cut',
  nodeDown: 'the receiver was down',
};

export function isReply(d: MessageDetailView): boolean {
  return d.msgKind.endsWith('Response');
}

/** When and how the message's flight went, relative to the cursor. */
export function flightLine(d: MessageDetailView, cursor: number): string {
  const sent = `sent at ${formatTime(d.sentAt)}`;
  const later = d.endAt > cursor ? ' (after the cursor)' : '';
  switch (d.fate) {
    case 'delivered':
      return `${sent}, arrived at ${formatTime(d.endAt)}${later}`;
    case 'dropped':
      return `${sent}, lost at ${formatTime(d.endAt)}${later}: ${DROP_WORDS[d.dropReason ?? ''] ?? 'lost'}`;
    default:
      return `${sent}, on the wire (due at ${formatTime(d.arriveAt)})`;
  }
}

/** The request's or reply's fields, as label/value pairs. */
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
      const shown = f.entries.map((e) => `${e.index}: term ${e.term}${e.value === undefined ? ' (no-op)' : ` “${e.value}”`}`);
      const more = f.entryCount > f.entries.length ? ` … ${f.entryCount - f.entries.length} more` : '';
      rows.push(['entries', f.entryCount === 0 ? 'none (a heartbeat)' : shown.join(', ') + more]);
      rows.push(['leaderCommit', String(f.leaderCommit)]);
      break;
    }
    case 'appendReply':
      rows.push(['success', f.success ? 'true' : 'false']);
      if (f.success) rows.push(['matchIndex', String(f.matchIndex)]);
      else rows.push(['for prevLogIndex', String(f.prevLogIndex)]);
      if (f.conflictIndex !== undefined) rows.push(['conflict', `term ${f.conflictTerm === -1 ? '(log shorter)' : f.conflictTerm}, first index ${f.conflictIndex}`]);
      break;
  }
  return rows;
}

/** The outcome in one line: granted/success, or the refusal and its reason. */
export function replyLine(request: MessageDetailView, reply: MessageDetailView | null): string {
  const reason = request.delivered?.refusal ?? reply?.sent.refusal;
  if (request.fate === 'dropped') return 'No reply: the request never arrived.';
  if (request.fate === 'inFlight') return 'No reply yet: the request is on the wire.';
  if (!reply && !request.delivered?.replyId) return reason ? `Refused, no reply sent: ${reason}.` : 'No reply was sent.';
  const ok = reply ? (reply.fields.kind === 'voteReply' ? reply.fields.granted : reply.fields.kind === 'appendReply' ? reply.fields.success : false) : (request.delivered?.replyOk ?? false);
  const word = request.fields.kind === 'vote' ? (ok ? 'Vote granted' : 'Vote refused') : ok ? 'Success' : 'Refused';
  return reason && !ok ? `${word}: ${reason}.` : `${word}.`;
}

export class MessageCard {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement, private readonly onClose: () => void = () => {}) {
    this.el = html('section', { class: 'rp-msg-card hidden', 'data-testid': 'message-card', role: 'dialog', 'aria-label': 'Message' }, parent);
    const close = html('button', { type: 'button', class: 'mc-close', 'aria-label': 'Close', 'data-testid': 'message-card-close' }, this.el, '×');
    close.addEventListener('click', () => this.close());
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
    this.body = html('div', { class: 'mc-body' }, this.el);
  }

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
    if (request) this.section(request, 'Request', request === d, cursor);
    if (reply) this.section(reply, 'Reply', reply === d, cursor);
    if (request) html('p', { class: 'mc-outcome', 'data-testid': 'message-outcome' }, this.body, replyLine(request, reply));
    this.el.classList.remove('hidden');
    this.el.querySelector<HTMLButtonElement>('.mc-close')?.focus({ preventScroll: true });
  }

  private section(d: MessageDetailView, label: string, chosen: boolean, cursor: number): void {
    const box = html('div', { class: `mc-part${chosen ? ' chosen' : ''}`, 'data-part': label.toLowerCase() }, this.body);
    html('h3', {}, box, `${label}: ${KIND_WORDS[d.msgKind]} ${nodeName(d.from)} → ${nodeName(d.to)}`);
    html('p', { class: 'mc-flight' }, box, flightLine(d, cursor));
    const dl = html('dl', {}, box);
    for (const [k, v] of fieldRows(d)) {
      html('dt', {}, dl, k);
      html('dd', { 'data-field': k }, dl, v);
    }
  }
}
