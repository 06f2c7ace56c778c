// Safety in words: the checked properties and their one-line meanings, the unsafe switches and
// the rule each breaks, and a violation (data from the core: what broke, the broken rule that
// allowed it) phrased in one or two sentences. The words themselves are in the catalogs
// (i18n/en.ts, `safety.*`); the getters below read them in the language on now.

import { nodeName } from '../pkg/raft_playground_web.js';
import type { BreachView, CauseView, PropertyName, SwitchName, ViolationView } from '../pkg/raft_playground_web.js';
import { type PlainKey, t } from './i18n/index.js';

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

/** Words read from the catalog at each use, so they follow a language switch. */
function worded<T extends string>(keys: Record<T, PlainKey>): Record<T, string> {
  const out = {} as Record<T, string>;
  for (const [field, key] of Object.entries(keys) as [T, PlainKey][]) Object.defineProperty(out, field, { get: () => t(key), enumerable: true });
  return out;
}

export const PROPERTY_WORDS: Record<PropertyName, PropertyWords> = {
  electionSafety: worded({ title: 'safety.electionSafety', meaning: 'safety.electionSafetyMeaning' }),
  leaderAppendOnly: worded({ title: 'safety.leaderAppendOnly', meaning: 'safety.leaderAppendOnlyMeaning' }),
  logMatching: worded({ title: 'safety.logMatching', meaning: 'safety.logMatchingMeaning' }),
  leaderCompleteness: worded({ title: 'safety.leaderCompleteness', meaning: 'safety.leaderCompletenessMeaning' }),
  stateMachineSafety: worded({ title: 'safety.stateMachineSafety', meaning: 'safety.stateMachineSafetyMeaning' }),
  monotonicTerm: worded({ title: 'safety.monotonicTerm', meaning: 'safety.monotonicTermMeaning' }),
  monotonicCommit: worded({ title: 'safety.monotonicCommit', meaning: 'safety.monotonicCommitMeaning' }),
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

/** The unsafe switches, in the order the options list them. */
export const SWITCHES: readonly SwitchName[] = ['noElectionRestriction', 'commitPreviousTerms', 'forgetVoteOnRestart', 'snapshotPastCommit', 'trustTransferTarget', 'changeBeforeOwnTermCommit'];

export const SWITCH_WORDS: Record<SwitchName, SwitchWords> = {
  noElectionRestriction: worded({ label: 'safety.noElectionRestriction', rule: 'safety.noElectionRestrictionRule' }),
  commitPreviousTerms: worded({ label: 'safety.commitPreviousTerms', rule: 'safety.commitPreviousTermsRule' }),
  forgetVoteOnRestart: worded({ label: 'safety.forgetVoteOnRestart', rule: 'safety.forgetVoteOnRestartRule' }),
  snapshotPastCommit: worded({ label: 'safety.snapshotPastCommit', rule: 'safety.snapshotPastCommitRule' }),
  trustTransferTarget: worded({ label: 'safety.trustTransferTarget', rule: 'safety.trustTransferTargetRule' }),
  changeBeforeOwnTermCommit: worded({ label: 'safety.changeBeforeOwnTermCommit', rule: 'safety.changeBeforeOwnTermCommitRule' }),
};

/** What changing a switch does, said once in the options (a catalog key). */
export const SWITCH_EFFECT = 'safety.switchEffect' satisfies PlainKey;

function breachWords(b: BreachView): string {
  const n = nodeName;
  switch (b.kind) {
    case 'twoLeaders':
      return t('breach.twoLeaders', { first: n(b.first), second: n(b.second), term: b.term });
    case 'leaderDeleted':
      return t('breach.leaderDeleted', { leader: n(b.leader), count: b.count, from: b.from });
    case 'logsDiverge':
      return t('breach.logsDiverge', { node: n(b.node), other: n(b.other), term: b.term, index: b.index });
    case 'leaderMissingEntry': {
      const own = b.found === undefined || b.found === null ? t('breach.noEntryThere') : t('breach.ownEntryFrom', { term: b.found });
      return t('breach.leaderMissingEntry', { leader: n(b.leader), term: b.term, index: b.index, entryTerm: b.entryTerm, by: n(b.committedBy), in: b.committedIn, own });
    }
    case 'differentCommit':
      return t('breach.differentCommit', { node: n(b.node), term: b.term, index: b.index, other: n(b.other), otherTerm: b.otherTerm });
    case 'committedDeleted':
      return t('breach.committedDeleted', { node: n(b.node), index: b.index });
    case 'committedBeyondLog':
      return t('breach.committedBeyondLog', { node: n(b.node), index: b.index });
    case 'termWentBack':
      return t('breach.termWentBack', { node: n(b.node), from: b.from, to: b.to });
    case 'commitWentBack':
      return t('breach.commitWentBack', { node: n(b.node), from: b.from, to: b.to });
    case 'snapshotUncommitted':
      return t('breach.snapshotUncommitted', { node: n(b.node), index: b.index, commit: b.commitIndex });
    case 'appliedStateDiffers':
      return t('breach.appliedStateDiffers', { node: n(b.node), other: n(b.other), index: b.index });
    case 'electedWithoutMajority':
      return t('breach.electedWithoutMajority', { leader: n(b.leader), term: b.term, votes: b.votes, needed: b.needed });
    case 'committedWithoutMajority':
      return t('breach.committedWithoutMajority', { leader: n(b.leader), index: b.index, holders: b.holders, needed: b.needed });
  }
}

function causeWords(c: CauseView): string {
  const n = nodeName;
  switch (c.kind) {
    case 'votedTwice': {
      const who = { voter: n(c.voter), first: n(c.first), term: c.term };
      return c.second === c.voter ? t('cause.votedTwiceSelf', who) : t('cause.votedTwice', { ...who, second: n(c.second) });
    }
    case 'votedForStaleLog':
      return t('cause.votedForStaleLog', { voter: n(c.voter), candidate: n(c.candidate), term: c.term });
    case 'countedOldTerm':
      return t('cause.countedOldTerm', { leader: n(c.leader), index: c.index, entryTerm: c.entryTerm, term: c.term });
    case 'snapshotPastCommit':
      return t('cause.snapshotPastCommit', { node: n(c.node), index: c.index, commit: c.commitIndex });
    case 'trustedTransferCandidate':
      return t('cause.trustedTransferCandidate', { voter: n(c.voter), candidate: n(c.candidate), term: c.term });
    case 'earlyChange':
      return t('cause.earlyChange', { leader: n(c.leader), index: c.index, term: c.term });
  }
}

/**
 * One or two sentences: what broke, then the switched-off rule that allowed it, e.g. "S1 and S4
 * both lead term 1: S3 forgot on restart that it had voted for S1 in term 1, and then voted
 * for S4."
 */
export function describeViolation(v: ViolationView): string {
  const what = breachWords(v.breach);
  if (v.cause === undefined || v.cause === null) return t('violation.unexplained', { what });
  return t('violation.explained', { what, cause: causeWords(v.cause) });
}

/** "Election Safety broken: S1 and S4 both lead term 1.": what broke, short, for the banner
 * and the feed (the safety panel adds why). */
export function violationHeadline(v: ViolationView): string {
  return t('violation.headline', { property: PROPERTY_WORDS[v.property].title, what: breachWords(v.breach) });
}
