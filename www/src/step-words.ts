// What one step delivered, in words, so no step is silent. It reads only what the page already
// has: the trace records the step produced, the messages that were on the wire before it (a
// delivery names only the message's id), the feed lines the step added, and the timers before and
// after (a step that only fires or restarts a timer leaves no other trace). Nothing here decides
// anything about Raft.

import { t } from './i18n/index.js';
import { nodeName } from './narrate.js';
import { type MessageView, MsgKindCode, type NodeView, TimerCode, type TraceEventView } from './view.js';

/** A message's kind as the reader knows it: an empty AppendEntries is a heartbeat. */
export function messageWords(kind: MsgKindCode, entries: number, ok: boolean): string {
  switch (kind) {
    case MsgKindCode.RequestVote:
      return t('msg.requestVote');
    case MsgKindCode.PreVote:
      return t('msg.preVote');
    case MsgKindCode.RequestVoteResponse:
      return t(ok ? 'msg.vote' : 'msg.voteRefusal');
    case MsgKindCode.PreVoteResponse:
      return t(ok ? 'msg.preVoteGranted' : 'msg.preVoteRefusal');
    case MsgKindCode.AppendEntries:
      return entries > 0 ? t('msg.appendEntries', { count: entries }) : t('msg.heartbeat');
    case MsgKindCode.AppendEntriesResponse:
      return t(ok ? 'msg.appendAck' : 'msg.appendRefusal');
    default:
      return t('msg.other');
  }
}

const SENT_KIND: Record<string, MsgKindCode> = {
  requestVote: MsgKindCode.RequestVote,
  requestVoteResponse: MsgKindCode.RequestVoteResponse,
  preVote: MsgKindCode.PreVote,
  preVoteResponse: MsgKindCode.PreVoteResponse,
  appendEntries: MsgKindCode.AppendEntries,
  appendEntriesResponse: MsgKindCode.AppendEntriesResponse,
};

const DROP_WORDS = {
  loss: 'drop.loss',
  partition: 'drop.partition',
  linkCut: 'drop.linkCut',
  nodeDown: 'drop.nodeDown',
} as const;

function dropWords(reason: string): string {
  return t(reason in DROP_WORDS ? DROP_WORDS[reason as keyof typeof DROP_WORDS] : 'drop.other');
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return t('step.list', { init: names.slice(0, -1).join(t('step.listSep')), last: names[names.length - 1] });
}

function timerWords(heartbeat: boolean): string {
  return t(heartbeat ? 'timer.heartbeat' : 'timer.election');
}

export interface StepFacts {
  /** Virtual time of the event the step ran. */
  at: number;
  /** Trace records the step produced, in order. */
  events: readonly TraceEventView[];
  /** The messages on the wire just before the step. */
  wireBefore: readonly MessageView[];
  /** Feed lines the step added, oldest first. */
  feedLines: readonly string[];
  nodesBefore: readonly NodeView[];
  nodesAfter: readonly NodeView[];
  /** A recorded action's words in the page's language, from the trace's English text (absent: that text). */
  actionWords?: (text: string) => string;
}

/** "S2 received S1's heartbeat (term 3): S2 …": never empty. */
export function describeStep(f: StepFacts): string {
  const head = headline(f);
  const told = f.feedLines.filter((l) => l !== head);
  return [head, ...told].join(t('step.join'));
}

/** The server the step happened at (a message's receiver, a timer's owner), or -1. */
export function steppedNode(f: StepFacts): number {
  for (const ev of f.events) {
    if (ev.kind === 'messageDelivered') {
      const m = f.wireBefore.find((w) => w.id === ev.id);
      if (m) return m.to;
    }
    if (ev.kind === 'messageSent') return ev.from;
    if (ev.kind === 'roleChanged') return ev.node;
  }
  for (const after of f.nodesAfter) {
    const before = f.nodesBefore.find((n) => n.id === after.id);
    if (before && before.timerDeadline !== after.timerDeadline) return after.id;
  }
  return -1;
}

/**
 * The message the step delivered (its row from before the step: a delivered message leaves the
 * wire), or null when the step was a timer, a drop or anything else.
 */
export function deliveredMessage(f: StepFacts): MessageView | null {
  for (const ev of f.events) {
    if (ev.kind !== 'messageDelivered') continue;
    const m = f.wireBefore.find((w) => w.id === ev.id);
    if (m) return m;
  }
  return null;
}

function headline(f: StepFacts): string {
  for (const ev of f.events) {
    if (ev.kind === 'messageDelivered' || ev.kind === 'messageDropped') {
      const m = f.wireBefore.find((w) => w.id === ev.id);
      if (!m) continue;
      const what = t('step.what', { from: nodeName(m.from), message: messageWords(m.kind, m.entryCount, m.ok), term: m.term });
      if (ev.kind === 'messageDelivered') return t('step.received', { to: nodeName(m.to), what });
      return t('step.dropped', { what, to: nodeName(m.to), how: dropWords(ev.reason) });
    }
  }
  // No message arrived: a timer fired. What it sent says which.
  const sent = f.events.filter((e): e is Extract<TraceEventView, { kind: 'messageSent' }> => e.kind === 'messageSent');
  if (sent.length > 0) {
    const from = sent[0].from;
    const kind = SENT_KIND[sent[0].msgKind] ?? MsgKindCode.AppendEntries;
    const timer = timerWords(kind === MsgKindCode.AppendEntries);
    const words = messageWords(kind, sent[0].entries, sent[0].ok);
    const what = sent.length > 1 ? t('msg.plural', { what: words }) : words;
    return t('step.timerSent', { node: nodeName(from), timer, what, to: list(sent.map((s) => nodeName(s.to))) });
  }
  for (const ev of f.events) {
    if (ev.kind === 'roleChanged') return t('step.timerFired', { node: nodeName(ev.node), timer: timerWords(false) });
    if (ev.kind === 'action') return t('step.action', { text: f.actionWords?.(ev.text) ?? ev.text });
  }
  // Only a timer moved (the trace leaves timer resets out): say whose.
  for (const after of f.nodesAfter) {
    const before = f.nodesBefore.find((n) => n.id === after.id);
    if (before && (before.timerDeadline !== after.timerDeadline || before.timerKind !== after.timerKind)) {
      const timer = timerWords(after.timerKind === TimerCode.Heartbeat);
      return t(before.timerDeadline <= f.at ? 'step.timerFired' : 'step.timerRestarted', { node: nodeName(after.id), timer });
    }
  }
  return f.events.length > 0 ? t('step.records', { count: f.events.length }) : t('step.nothing');
}
