// Trace events -> sentences for the event feed. Pure: fed events in order, returns lines. It
// keeps only what it needs to phrase things (the last role each node announced), never a copy
// of the cluster, and decides nothing about Raft: a term without a leader, a split vote or a
// lone candidate, is the core's call (its `noLeader` record); this file only words it.

import { memberNames } from './membership.js';
import { nodeName } from '../pkg/raft_playground_web.js';
import type { TraceEventView } from './view.js';
import { violationHeadline } from './safety-words.js';
import { t } from './i18n/index.js';
import { type Refusal, refusalWords } from './i18n/refusal-words.js';

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
  const votes = (c: CandidateTally): string => t('feed.votes', { node: nodeName(c.node), count: c.granted });
  if (splitVote || sorted.length !== 1) {
    return t('feed.splitVote', { term, tally: sorted.map(votes).join(t('feed.listSep')) });
  }
  const c = sorted[0];
  return t('feed.noLeader', { term, node: nodeName(c.node), granted: c.granted, needed });
}

/** Turns the trace into feed lines. One per page; reset with the playground. */
export class Narrator {
  private readonly lastRole = new Map<number, string>();
  /** The snapshot each leader last sent each follower ("leader>follower" → index): the feed
   * says why once per snapshot, and again only with the reason for another copy. */
  private readonly snapshotSent = new Map<string, number>();
  /** Configuration entries already told, as `index:members`. */
  private readonly configsSaid = new Set<string>();

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
        const forced = reason === 'forced';
        if (role === 'leader') return { text: t('feed.becameLeader', { node: who, term }), tone: 'leader' };
        if (role === 'candidate' && reason === 'timeoutNow') return { text: t('feed.candidateTimeoutNow', { node: who, term }), tone: 'election' };
        if (role === 'candidate') return { text: t(forced ? 'feed.candidateForced' : 'feed.candidate', { node: who, term }), tone: 'election' };
        if (role === 'precandidate') return { text: t(forced ? 'feed.preCandidateForced' : 'feed.preCandidate', { node: who, term }), tone: 'election' };
        if (role === 'follower' && this.lastRole.get(node) === 'leader') {
          const text =
            reason === 'lostQuorum'
              ? t('feed.steppedDownQuorum', { node: who })
              : reason === 'removed'
                ? t('feed.steppedDownRemoved', { node: who })
                : t('feed.steppedDown', { node: who, term });
          return { text, tone: 'leader' };
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
        const who = { node: nodeName(node), to: nodeName(to) };
        let text: string;
        if (term === null) text = t(pre ? 'feed.preVoteGrantedNoTerm' : 'feed.votedForNoTerm', who);
        else text = t(pre ? 'feed.preVoteGranted' : 'feed.votedFor', { ...who, term });
        return { text, tone: 'vote' };
      }
      case 'voteRefused': {
        const node = n('node');
        const to = n('to');
        if (node === null || to === null) return null;
        const reason = refusalWords(field(ev, 'why') as Refusal | undefined, str(ev, 'reason'), node);
        const what = t(ev['preVote'] === true ? 'feed.preVoteRefused' : 'feed.voteRefused', { node: nodeName(node), to: nodeName(to) });
        return { text: reason ? t('feed.because', { what, reason }) : what, tone: 'refusal' };
      }
      case 'appendRefused': {
        const node = n('node');
        const leader = n('leader');
        if (node === null || leader === null) return null;
        const reason = refusalWords(field(ev, 'why') as Refusal | undefined, str(ev, 'reason'));
        const what = t('feed.appendRefused', { node: nodeName(node), leader: nodeName(leader) });
        return { text: reason ? t('feed.because', { what, reason }) : what, tone: 'refusal' };
      }
      case 'nextIndexBack': {
        const leader = n('leader');
        const peer = n('peer');
        const from = n('from');
        const to = n('to');
        if (leader === null || peer === null || from === null || to === null) return null;
        return { text: t('feed.nextIndexBack', { leader: nodeName(leader), peer: nodeName(peer), from, to }), tone: 'log' };
      }
      case 'truncated': {
        const node = n('node');
        const from = n('from');
        const count = n('count');
        if (node === null || from === null || count === null) return null;
        // Entries are named by index everywhere (the toast, the log's hover, the feed).
        const text = count === 1 ? t('feed.erasedOne', { node: nodeName(node), from }) : t('feed.erasedMany', { node: nodeName(node), from, last: from + count - 1 });
        return { text, tone: 'log' };
      }
      case 'commitAdvanced': {
        // Followers learn the commit index a heartbeat later; only the leader's decision is news.
        const node = n('node');
        const from = n('from');
        const to = n('to');
        if (node === null || from === null || to === null) return null;
        if (this.lastRole.get(node) !== 'leader') return null;
        const text = to - from === 1 ? t('feed.committedOne', { node: nodeName(node), to }) : t('feed.committedMany', { node: nodeName(node), from: from + 1, to });
        return { text, tone: 'commit' };
      }
      case 'proposalRefused': {
        const node = n('node');
        const leader = n('leader');
        if (node === null) return null;
        const text = leader === null || leader < 0 ? t('feed.proposalRefusedNoLeader', { node: nodeName(node) }) : t('feed.proposalRefused', { node: nodeName(node), leader: nodeName(leader) });
        return { text, tone: 'refusal' };
      }
      case 'transferStarted':
      case 'transferAbandoned':
      case 'proposalRefusedInTransfer': {
        const node = n('node');
        const to = n('to');
        if (node === null || to === null) return null;
        const who = { node: nodeName(node), to: nodeName(to) };
        if (ev.kind === 'transferStarted') return { text: t('feed.transferStarted', who), tone: 'leader' };
        if (ev.kind === 'proposalRefusedInTransfer') return { text: t('feed.proposalRefusedInTransfer', who), tone: 'refusal' };
        return { text: t(ev.superseded ? 'feed.transferSuperseded' : 'feed.transferAbandoned', who), tone: 'leader' };
      }
      case 'configurationChanged': {
        // Said once per configuration entry: the leader appends it first, the others follow.
        const node = n('node');
        const index = n('index');
        const members = n('members');
        if (node === null || index === null || members === null) return null;
        const key = `${index}:${members}`;
        if (this.configsSaid.has(key)) return null;
        this.configsSaid.add(key);
        return { text: t('feed.configurationChanged', { node: nodeName(node), members: memberNames(members), index }), tone: 'log' };
      }
      case 'crashed': {
        const node = n('node');
        return node === null ? null : { text: t('feed.crashed', { node: nodeName(node) }), tone: 'fault' };
      }
      case 'restarted': {
        const node = n('node');
        return node === null ? null : { text: t('feed.restarted', { node: nodeName(node) }), tone: 'fault' };
      }
      case 'started': {
        // A server added to a running cluster (§4.2.1): it never ran before, so no restart.
        const node = n('node');
        return node === null ? null : { text: t('feed.started', { node: nodeName(node) }), tone: 'log' };
      }
      case 'snapshotTaken': {
        const node = n('node');
        const index = n('index');
        const term = n('term');
        if (node === null || index === null || term === null) return null;
        return { text: t('feed.snapshotTaken', { node: nodeName(node), index, term }), tone: 'log' };
      }
      case 'snapshotSent': {
        // Why a snapshot and not entries: the entry the follower needs next is gone.
        const leader = n('node');
        const to = n('to');
        const next = n('nextIndex');
        const first = n('firstIndex');
        const index = n('index');
        if (leader === null || to === null || next === null || first === null || index === null) return null;
        const pair = `${leader}>${to}`;
        const said = this.snapshotSent.get(pair) === index;
        this.snapshotSent.set(pair, index);
        // A copy goes again only on a sign the last was lost (flow control): say which sign.
        const copy = str(ev, 'copy');
        const names = { leader: nodeName(leader), to: nodeName(to), index, next, first };
        if (copy === 'noAnswer') return { text: t('feed.snapshotResentNoAnswer', names), tone: 'log' };
        if (copy === 'followerBack') return { text: t('feed.snapshotResentBack', names), tone: 'log' };
        if (said) return null;
        return { text: t('feed.snapshotSent', names), tone: 'log' };
      }
      case 'snapshotInstalled': {
        const node = n('node');
        const leader = n('leader');
        const index = n('index');
        const kept = n('kept');
        if (node === null || leader === null || index === null || kept === null) return null;
        const text = t(kept > 0 ? 'feed.snapshotInstalledKept' : 'feed.snapshotInstalled', { node: nodeName(node), leader: nodeName(leader), index, kept });
        return { text, tone: 'log' };
      }
      case 'snapshotRestored': {
        const node = n('node');
        const index = n('index');
        if (node === null || index === null) return null;
        return { text: t('feed.snapshotRestored', { node: nodeName(node), index }), tone: 'log' };
      }
      case 'violation': {
        const v = ev.violation;
        return { text: t('feed.violation', { what: v ? violationHeadline(v) : t('feed.violationUnknown') }), tone: 'violation' };
      }
      default:
        // Unknown, or too frequent to narrate: sends and drops, appends (the log shows them, and a
        // submit says where its entry went).
        return null;
    }
  }
}
