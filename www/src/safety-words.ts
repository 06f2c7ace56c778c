// Safety in words: the checked properties and their one-line meanings, the unsafe switches and
// the rule each breaks, and a violation (data from the core: what broke, the broken rule that
// allowed it) phrased in one or two sentences. The only place these words live, so a
// translation (issue 13) has one file to change.

import { nodeName } from '../pkg/raft_playground_web.js';
import type { BreachView, CauseView, PropertyName, SwitchName, ViolationView } from '../pkg/raft_playground_web.js';

export type { PropertyName, SwitchName, ViolationView };

export interface PropertyWords {
  /** The paper's name. */
  title: string;
  /** What it promises, in one line. */
  meaning: string;
}

/** The seven checked properties in the core's order (Figure 3, then the per-server rules). */
export const PROPERTIES: readonly PropertyName[] = [
  'electionSafety',
  'leaderAppendOnly',
  'logMatching',
  'leaderCompleteness',
  'stateMachineSafety',
  'monotonicTerm',
  'monotonicCommit',
];

export const PROPERTY_WORDS: Record<PropertyName, PropertyWords> = {
  electionSafety: { title: 'Election Safety', meaning: 'at most one leader per term (§5.2)' },
  leaderAppendOnly: { title: 'Leader Append-Only', meaning: 'a leader never overwrites or deletes its own entries (§5.3)' },
  logMatching: { title: 'Log Matching', meaning: 'same index and term: the logs agree up to there (§5.3)' },
  leaderCompleteness: { title: 'Leader Completeness', meaning: "a committed entry is in every later leader's log (§5.4)" },
  stateMachineSafety: { title: 'State Machine Safety', meaning: 'no two servers apply different entries at one index (§5.4.3)' },
  monotonicTerm: { title: 'Terms only grow', meaning: "a server's current term never goes down" },
  monotonicCommit: { title: 'Commits only grow', meaning: "a server's commit index never goes down while it is up" },
};

/** The property a violation mark carries (its position in PROPERTIES), or null. */
export function propertyOfCode(code: number): PropertyName | null {
  return PROPERTIES[code] ?? null;
}

export interface SwitchWords {
  /** The checkbox's label. */
  label: string;
  /** Its tooltip: the rule of Figure 2 or section of the paper it breaks. */
  rule: string;
}

/** The three unsafe switches, in the order the options list them. */
export const SWITCHES: readonly SwitchName[] = ['noElectionRestriction', 'commitPreviousTerms', 'forgetVoteOnRestart'];

export const SWITCH_WORDS: Record<SwitchName, SwitchWords> = {
  noElectionRestriction: {
    label: 'No election restriction',
    rule: "Breaks §5.4.1, the election restriction (Figure 2, RequestVote: grant a vote only if the candidate's log is at least as up-to-date as the voter's). A server missing committed entries can then win.",
  },
  commitPreviousTerms: {
    label: 'Count replicas of old-term entries',
    rule: 'Breaks §5.4.2 (Figure 2, Rules for Servers, leaders: commit N only if log[N].term == currentTerm). Figure 8 shows how a committed entry is then overwritten.',
  },
  forgetVoteOnRestart: {
    label: 'Forget the vote on restart',
    rule: 'Breaks Figure 2, Persistent state on all servers: votedFor must be on stable storage before answering. A restarted server can then vote twice in one term.',
  },
};

/** What changing a switch does, said once in the options. */
export const SWITCH_EFFECT = 'Changing a switch replays this run (same seed and actions) from its start under the new rule, to the same moment.';

function breachWords(b: BreachView): string {
  const n = nodeName;
  switch (b.kind) {
    case 'twoLeaders':
      return `${n(b.first)} and ${n(b.second)} both lead term ${b.term}`;
    case 'leaderDeleted':
      return `Leader ${n(b.leader)} deleted ${b.count === 1 ? 'an entry' : `${b.count} entries`} of its own log from index ${b.from}`;
    case 'logsDiverge':
      return `${n(b.node)} and ${n(b.other)} both hold an entry of term ${b.term} at index ${b.index}, but their logs differ before it`;
    case 'leaderMissingEntry': {
      const own = b.found === undefined || b.found === null ? 'it has no entry there' : `its own entry there is from term ${b.found}`;
      return `${n(b.leader)} leads term ${b.term} without entry ${b.index} (term ${b.entryTerm}), which ${n(b.committedBy)} committed in term ${b.committedIn}; ${own}`;
    }
    case 'differentCommit':
      return `${n(b.node)} committed an entry of term ${b.term} at index ${b.index}, where ${n(b.other)} had committed one of term ${b.otherTerm}`;
    case 'committedDeleted':
      return `${n(b.node)} deleted entry ${b.index}, which it had committed`;
    case 'committedBeyondLog':
      return `${n(b.node)} committed index ${b.index}, past the end of its log`;
    case 'termWentBack':
      return `${n(b.node)}'s term went back from ${b.from} to ${b.to}`;
    case 'commitWentBack':
      return `${n(b.node)}'s commit index went back from ${b.from} to ${b.to}`;
  }
}

function causeWords(c: CauseView): string {
  const n = nodeName;
  switch (c.kind) {
    case 'votedTwice': {
      const second = c.second === c.voter ? 'then voted for itself' : `then voted for ${n(c.second)}`;
      return `${n(c.voter)} forgot on restart that it had voted for ${n(c.first)} in term ${c.term}, and ${second}.`;
    }
    case 'votedForStaleLog':
      return `${n(c.voter)} voted for ${n(c.candidate)} in term ${c.term} although its own log was more up-to-date: the election restriction (§5.4.1) is off.`;
    case 'countedOldTerm':
      return `${n(c.leader)} committed entry ${c.index} of term ${c.entryTerm} by counting its replicas while leading term ${c.term}, which §5.4.2 forbids.`;
  }
}

/**
 * One or two sentences: what broke, then the switched-off rule that allowed it, e.g. "S1 and S4
 * both lead term 1: S3 forgot on restart that it had voted for S1 in term 1, and then voted
 * for S4."
 */
export function describeViolation(v: ViolationView): string {
  const what = breachWords(v.breach);
  if (v.cause === undefined || v.cause === null) return `${what}. No switched-off rule explains it.`;
  return `${what}: ${causeWords(v.cause)}`;
}

/** "Election Safety broken: S1 and S4 both lead term 1.": what broke, short, for the banner
 * and the feed (the safety panel adds why). */
export function violationHeadline(v: ViolationView): string {
  return `${PROPERTY_WORDS[v.property].title} broken: ${breachWords(v.breach)}.`;
}
