// What one step delivered, in words, so no step is silent. It reads only what the page already
// has: the trace records the step produced, the messages that were on the wire before it (a
// delivery names only the message's id), the feed lines the step added, and the timers before and
// after (a step that only fires or restarts a timer leaves no other trace). Nothing here decides
// anything about Raft.

import { nodeName } from './narrate.js';
import { type MessageView, MsgKindCode, type NodeView, TimerCode, type TraceEventView } from './view.js';

/** A message's kind as the reader knows it: an empty AppendEntries is a heartbeat. */
export function messageWords(kind: MsgKindCode, entries: number, ok: boolean): string {
  switch (kind) {
    case MsgKindCode.RequestVote:
      return 'RequestVote';
    case MsgKindCode.PreVote:
      return 'pre-vote request';
    case MsgKindCode.RequestVoteResponse:
      return ok ? 'vote' : 'vote refusal';
    case MsgKindCode.PreVoteResponse:
      return ok ? 'pre-vote' : 'pre-vote refusal';
    case MsgKindCode.AppendEntries:
      return entries > 0 ? `AppendEntries (${entries} entr${entries === 1 ? 'y' : 'ies'})` : 'heartbeat';
    case MsgKindCode.AppendEntriesResponse:
      return ok ? 'AppendEntries ack' : 'AppendEntries refusal';
    default:
      return 'message';
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

const DROP_WORDS: Record<string, string> = {
  loss: 'lost on the network',
  partition: 'stopped by the partition',
  linkCut: 'stopped by a cut link',
  nodeDown: 'not received: the server is down',
};

function list(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
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
}

/** "S2 received S1's heartbeat (term 3): S2 …": never empty. */
export function describeStep(f: StepFacts): string {
  const head = headline(f);
  const told = f.feedLines.filter((l) => l !== head);
  return [head, ...told].join('; ');
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
      const what = `${nodeName(m.from)}'s ${messageWords(m.kind, m.entryCount, m.ok)} (term ${m.term})`;
      if (ev.kind === 'messageDelivered') return `${nodeName(m.to)} received ${what}`;
      return `${what} to ${nodeName(m.to)} was ${DROP_WORDS[ev.reason] ?? 'dropped'}`;
    }
  }
  // No message arrived: a timer fired. What it sent says which.
  const sent = f.events.filter((e): e is Extract<TraceEventView, { kind: 'messageSent' }> => e.kind === 'messageSent');
  if (sent.length > 0) {
    const from = sent[0].from;
    const kind = SENT_KIND[sent[0].msgKind] ?? MsgKindCode.AppendEntries;
    const timer = kind === MsgKindCode.AppendEntries ? 'heartbeat timer' : 'election timer';
    const words = messageWords(kind, sent[0].entries, sent[0].ok);
    return `${nodeName(from)}'s ${timer} fired: ${words}${sent.length > 1 ? 's' : ''} to ${list(sent.map((s) => nodeName(s.to)))}`;
  }
  for (const ev of f.events) {
    if (ev.kind === 'roleChanged') return `${nodeName(ev.node)}'s election timer fired`;
    if (ev.kind === 'action') return `Recorded action: ${ev.text}`;
  }
  // Only a timer moved (the trace leaves timer resets out): say whose.
  for (const after of f.nodesAfter) {
    const before = f.nodesBefore.find((n) => n.id === after.id);
    if (before && (before.timerDeadline !== after.timerDeadline || before.timerKind !== after.timerKind)) {
      const timer = after.timerKind === TimerCode.Heartbeat ? 'heartbeat timer' : 'election timer';
      return before.timerDeadline <= f.at ? `${nodeName(after.id)}'s ${timer} fired` : `${nodeName(after.id)}'s ${timer} restarted`;
    }
  }
  return f.events.length > 0 ? `${f.events.length} trace record${f.events.length === 1 ? '' : 's'}, nothing visible changed` : 'A timer fired; nothing visible changed';
}
