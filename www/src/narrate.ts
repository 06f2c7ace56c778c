// Trace events -> sentences for the event feed. Pure: fed events in order, returns lines. It
// keeps only what it needs to phrase things (the last role each node announced, the elections
// of recent terms), never a copy of the cluster.

import type { TraceEventView } from './view.js';

export type Tone = 'leader' | 'election' | 'nolead' | 'vote' | 'refusal' | 'log' | 'commit' | 'fault' | 'violation';

export interface FeedLine {
  seq: number;
  at: number;
  text: string;
  tone: Tone;
}

/** Node id 0 is "S1": the paper numbers servers from 1. */
export function nodeName(id: number): string {
  return `S${id + 1}`;
}

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

/** One candidate's result in a term that found no leader. */
export interface Loss {
  node: number;
  granted: number;
  needed: number;
}

interface Candidacy {
  /** Votes this candidate knows it has, itself included. */
  granted: number;
  /** From its electionLost event, when it reported one. */
  needed: number | null;
  /** Its candidacy in this term is over: it timed out, moved to a later term, or crashed. */
  over: boolean;
  crashed: boolean;
}

interface TermElection {
  candidates: Map<number, Candidacy>;
  hasLeader: boolean;
  reported: boolean;
}

/**
 * Builds the notice for a term that ended without a leader: a split vote (several candidates)
 * or a lost one. Only the candidate whose timer fires first reports `electionLost`; the others
 * step down when they hear of the next term. So a term is written up once every one of its
 * candidates is over (electionLost, a role change into a later term, or a crash), with the
 * tallies the candidates themselves saw (`voteReceived`), or the one `electionLost` gives.
 * Waiting for the candidates themselves, not for any node to reach a later term, matters: a
 * node cut off by a partition can raise its term while the real election of the old term is
 * still being won.
 */
export class SplitVoteTracker {
  private readonly terms = new Map<number, TermElection>();
  private highestTerm = 0;

  /** `clusterSize` gives the majority for candidates that never said what they needed. */
  constructor(private readonly clusterSize = 0) {}

  private election(term: number): TermElection {
    let e = this.terms.get(term);
    if (!e) {
      e = { candidates: new Map(), hasLeader: false, reported: false };
      this.terms.set(term, e);
    }
    return e;
  }

  /** Feed one event; returns the notices it completes. */
  observe(ev: TraceEventView): string[] {
    const node = num(ev, 'node');
    const term = num(ev, 'term');
    if (term !== null && term > this.highestTerm) this.highestTerm = term;
    // A settled term (reported, or won) takes no more news.
    const settled = term !== null && this.terms.get(term)?.reported === true;
    switch (ev.kind) {
      case 'roleChanged': {
        if (node === null || term === null) return [];
        const role = str(ev, 'role');
        if (role === 'candidate' && !settled) {
          this.election(term).candidates.set(node, { granted: 1, needed: null, over: false, crashed: false });
        } else if (role === 'leader') {
          this.election(term).hasLeader = true;
        }
        // Entering a later term ends this node's candidacy in every earlier term.
        for (const [t, e] of this.terms) {
          const c = e.candidates.get(node);
          if (t < term && c) c.over = true;
        }
        break;
      }
      case 'voteReceived': {
        if (node === null || term === null || ev['granted'] !== true || ev['preVote'] === true) return [];
        const c = this.terms.get(term)?.candidates.get(node);
        if (c && !c.over) c.granted++;
        return [];
      }
      case 'electionLost': {
        if (node === null || term === null || settled) return [];
        const e = this.election(term);
        const c = e.candidates.get(node) ?? { granted: 0, needed: null, over: false, crashed: false };
        c.granted = num(ev, 'granted') ?? c.granted;
        c.needed = num(ev, 'needed');
        c.over = true;
        e.candidates.set(node, c);
        break;
      }
      case 'crashed': {
        if (node === null) return [];
        for (const e of this.terms.values()) {
          const c = e.candidates.get(node);
          if (c && !c.over) {
            c.over = true;
            c.crashed = true;
          }
        }
        break;
      }
      default:
        return [];
    }
    return this.collect();
  }

  private collect(): string[] {
    const out: string[] = [];
    for (const [term, e] of this.terms) {
      if (e.reported) continue;
      if (e.hasLeader) {
        e.reported = true;
        continue;
      }
      if (e.candidates.size === 0 || ![...e.candidates.values()].every((c) => c.over)) continue;
      e.reported = true;
      const majority = this.clusterSize > 0 ? Math.floor(this.clusterSize / 2) + 1 : 0;
      const losses: Loss[] = [];
      for (const [node, c] of e.candidates) {
        if (!c.crashed) losses.push({ node, granted: c.granted, needed: c.needed ?? majority });
      }
      if (losses.length) out.push(describeFailedElection(term, losses));
    }
    // Forget long-settled terms so a long run stays small; recent ones are kept so late news of
    // them (a candidate's loss after another won) is recognised and ignored.
    for (const [term, e] of this.terms) if (e.reported && term < this.highestTerm - 8) this.terms.delete(term);
    return out;
  }
}

export function describeFailedElection(term: number, losses: readonly Loss[]): string {
  const sorted = [...losses].sort((a, b) => a.node - b.node);
  const votes = (l: Loss): string => `${nodeName(l.node)} ${l.granted} vote${l.granted === 1 ? '' : 's'}`;
  if (sorted.length >= 2) {
    return `split vote in term ${term}: ${sorted.map(votes).join(', ')}`;
  }
  const l = sorted[0];
  const of = l.needed > 0 ? ` of the ${l.needed} votes it needed` : ` vote${l.granted === 1 ? '' : 's'}, not a majority`;
  return `no leader in term ${term}: ${nodeName(l.node)} got ${l.granted}${of}`;
}

/** Turns the trace into feed lines. One per page; reset with the playground. */
export class Narrator {
  private readonly lastRole = new Map<number, string>();
  private readonly splits: SplitVoteTracker;

  constructor(clusterSize = 0) {
    this.splits = new SplitVoteTracker(clusterSize);
  }

  narrate(ev: TraceEventView): FeedLine[] {
    const out: FeedLine[] = [];
    const line = (text: string, tone: Tone): void => {
      out.push({ seq: ev.seq, at: ev.at, text, tone });
    };
    const text = this.describe(ev);
    if (text) line(text.text, text.tone);
    for (const notice of this.splits.observe(ev)) line(notice, 'nolead');
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
        const what = count === 1 ? `entry ${from}` : `entries ${from}–${from + count - 1}`;
        return { text: `${nodeName(node)} erased conflicting ${what}`, tone: 'log' };
      }
      case 'commitAdvanced': {
        // Followers learn the commit index a heartbeat later; only the leader's decision is news.
        const node = n('node');
        const from = n('from');
        const to = n('to');
        if (node === null || from === null || to === null) return null;
        if (this.lastRole.get(node) !== 'leader') return null;
        const what = to - from === 1 ? `entry ${to}` : `entries ${from + 1}–${to}`;
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
        const text = str(ev, 'text');
        return { text: `Safety violation: ${text ?? 'unknown'}`, tone: 'violation' };
      }
      default:
        // Unknown, or too frequent to narrate: sends and drops, appends (the log shows them, and a
        // submit says where its entry went).
        return null;
    }
  }
}
