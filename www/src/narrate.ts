// Trace events -> sentences for the event feed. Pure: fed events in order, returns lines. It
// keeps only what it needs to phrase things (the last role each node announced), never a copy
// of the cluster, and decides nothing about Raft: a term without a leader, a split vote or a
// lone candidate, is the core's call (its `noLeader` record); this file only words it.

import { nodeName } from '../pkg/raft_playground_web.js';
import type { TraceEventView } from './view.js';
import { violationHeadline } from './safety-words.js';

export type Tone = 'leader' | 'election' | 'nolead' | 'vote' | 'refusal' | 'log' | 'commit' | 'fault' | 'violation';

export interface FeedLine {
  seq: number;
  at: number;
  text: string;
  tone: Tone;
}

/** "S1" for node id 0: the core's one naming rule, from the wasm (instantiated before any run). */
export { nodeName } from '../pkg/raft_playground_web.js';

/** A field of any kind of record, by name (absent: undefined). */
function field(ev: TraceEventView, name: string): unknown {
  return (ev as unknown as Record<string, unknown>)[name];
}

function num(ev: TraceEventView, field_: string): number | null {
  const v = field(ev, field_);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(ev: TraceEventView, field_: string): string | null {
  const v = field(ev, field_);
  return typeof v === 'string' ? v : null;
}

/** One candidate of a term that found no leader, as the core reports it. */
export interface CandidateTally {
  node: number;
  granted: number;
}

/**
 * The sentence for a term that ended without a leader. Whether it was a split vote or a lone
 * candidate is the core's decision (its `noLeader` record); this only words it.
 */
export function describeFailedElection(term: number, splitVote: boolean, candidates: readonly CandidateTally[], needed: number): string {
  const sorted = [...candidates].sort((a, b) => a.node - b.node);
  const votes = (c: CandidateTally): string => `${nodeName(c.node)} ${c.granted} vote${c.granted === 1 ? '' : 's'}`;
  if (splitVote || sorted.length !== 1) {
    return `split vote in term ${term}: ${sorted.map(votes).join(', ')}`;
  }
  const c = sorted[0];
  return `no leader in term ${term}: ${nodeName(c.node)} got ${c.granted} of the ${needed} votes it needed`;
}

/** Turns the trace into feed lines. One per page; reset with the playground. */
export class Narrator {
  private readonly lastRole = new Map<number, string>();

  narrate(ev: TraceEventView): FeedLine[] {
    const out: FeedLine[] = [];
    const line = (text: string, tone: Tone): void => {
      out.push({ seq: ev.seq, at: ev.at, text, tone });
    };
    const text = this.describe(ev);
    if (text) line(text.text, text.tone);
    if (ev.kind === 'roleChanged') {
      const node = num(ev, 'node');
      const role = str(ev, 'role');
      if (node !== null && role !== null) this.lastRole.set(node, role);
    }
    if (ev.kind === 'crashed') {
      const node = num(ev, 'node');
      if (node !== null) this.lastRole.set(node, 'follower');
    }
    return out;
  }

  private describe(ev: TraceEventView): { text: string; tone: Tone } | null {
    const n = (field: string): number | null => num(ev, field);
    switch (ev.kind) {
      case 'roleChanged': {
        const node = n('node');
        const term = n('term');
        const role = str(ev, 'role');
        const reason = str(ev, 'reason');
        if (node === null || term === null || role === null) return null;
        const who = nodeName(node);
        const cause = reason === 'forced' ? 'forced to time out' : 'timed out';
        if (role === 'leader') return { text: `${who} became leader of term ${term}`, tone: 'leader' };
        if (role === 'candidate') return { text: `${who} ${cause}: candidate for term ${term}`, tone: 'election' };
        if (role === 'precandidate') return { text: `${who} ${cause}: asks for pre-votes (still term ${term})`, tone: 'election' };
        if (role === 'follower' && this.lastRole.get(node) === 'leader') {
          const why = reason === 'lostQuorum' ? 'no longer hears from a majority' : `follower in term ${term}`;
          return { text: `${who} stepped down: ${why}`, tone: 'leader' };
        }
        return null;
      }
      case 'noLeader': {
        if (ev.kind !== 'noLeader') return null;
        return { text: describeFailedElection(ev.term, ev.splitVote, ev.candidates, ev.needed), tone: 'nolead' };
      }
      case 'voteGranted': {
        const node = n('node');
        const to = n('to');
        const term = n('term');
        if (node === null || to === null) return null;
        const pre = ev['preVote'] === true;
        const when = term === null ? '' : pre ? ` for term ${term}` : ` in term ${term}`;
        return { text: `${nodeName(node)} ${pre ? 'granted a pre-vote to' : 'voted for'} ${nodeName(to)}${when}`, tone: 'vote' };
      }
      case 'voteRefused': {
        const node = n('node');
        const to = n('to');
        if (node === null || to === null) return null;
        const reason = str(ev, 'reason');
        const what = ev['preVote'] === true ? 'pre-vote' : 'vote';
        return { text: `${nodeName(node)} refused ${what} to ${nodeName(to)}${reason ? `: ${reason}` : ''}`, tone: 'refusal' };
      }
      case 'appendRefused': {
        const node = n('node');
        const leader = n('leader');
        if (node === null || leader === null) return null;
        const reason = str(ev, 'reason');
        return {
          text: `${nodeName(node)} rejected AppendEntries from ${nodeName(leader)}${reason ? `: ${reason}` : ''}`,
          tone: 'refusal',
        };
      }
      case 'nextIndexBack': {
        const leader = n('leader');
        const peer = n('peer');
        const from = n('from');
        const to = n('to');
        if (leader === null || peer === null || from === null || to === null) return null;
        return { text: `${nodeName(leader)} moves nextIndex of ${nodeName(peer)} back: ${from} → ${to}`, tone: 'log' };
      }
      case 'truncated': {
        const node = n('node');
        const from = n('from');
        const count = n('count');
        if (node === null || from === null || count === null) return null;
        // Entries are named by index everywhere (the toast, the log's hover, the feed).
        const what = count === 1 ? `entry at index ${from}` : `entries at index ${from}–${from + count - 1}`;
        return { text: `${nodeName(node)} erased conflicting ${what}`, tone: 'log' };
      }
      case 'commitAdvanced': {
        // Followers learn the commit index a heartbeat later; only the leader's decision is news.
        const node = n('node');
        const from = n('from');
        const to = n('to');
        if (node === null || from === null || to === null) return null;
        if (this.lastRole.get(node) !== 'leader') return null;
        const what = to - from === 1 ? `the entry at index ${to}` : `the entries at index ${from + 1}–${to}`;
        return { text: `${nodeName(node)} committed ${what}: stored on a majority`, tone: 'commit' };
      }
      case 'proposalRefused': {
        const node = n('node');
        const leader = n('leader');
        if (node === null) return null;
        const knows = leader === null || leader < 0 ? 'it knows no leader' : `it knows ${nodeName(leader)}`;
        return { text: `${nodeName(node)} refused the entry: not the leader; ${knows}`, tone: 'refusal' };
      }
      case 'crashed': {
        const node = n('node');
        return node === null ? null : { text: `${nodeName(node)} crashed`, tone: 'fault' };
      }
      case 'restarted': {
        const node = n('node');
        return node === null ? null : { text: `${nodeName(node)} restarted with its term, vote and log`, tone: 'fault' };
      }
      case 'violation': {
        const v = ev.violation;
        return { text: `Safety violation: ${v ? violationHeadline(v) : 'unknown'}`, tone: 'violation' };
      }
      default:
        // Unknown, or too frequent to narrate: sends and drops, appends (the log shows them, and a
        // submit says where its entry went).
        return null;
    }
  }
}
