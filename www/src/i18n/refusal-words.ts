// A refusal's reason in words, from the code and values the core sends (web/src/refusals.rs):
// the page, not Rust, phrases it, in the reader's language. An event from an older binding
// without `why` keeps its English `reason`.

import type { RefusalView } from '../../pkg/raft_playground_web.js';
import { nodeName } from '../narrate.js';
import { t } from './index.js';

/** The reason as the core sends it: a code and the values the sentence needs (type generated from Rust). */
export type Refusal = RefusalView;

/** The sentence for `why`, or `fallback` (the core's English) when it is missing or unknown.
 * `voter`: who refused, when known (a leader refusing a pre-vote is the leader it "heard from"). */
export function refusalWords(why: Refusal | undefined, fallback: string | null, voter = -1): string | null {
  if (!why) return fallback;
  switch (why.code) {
    case 'staleTerm':
      return t('refusal.staleTerm', { term: why.term, current: why.current });
    case 'alreadyVoted':
      return t('refusal.alreadyVoted', { node: nodeName(why.votedFor), term: why.term });
    case 'logBehindTerm':
      return t('refusal.logBehindTerm', { theirs: why.candidateLastTerm, ours: why.ownLastTerm });
    case 'logBehindIndex':
      return t('refusal.logBehindIndex', { theirs: why.candidateLastIndex, ours: why.ownLastIndex, term: why.term });
    case 'leaderAlive':
      if (why.leader === voter) return t('refusal.leaderItself');
      return t('refusal.leaderAlive', { node: nodeName(why.leader) });
    case 'noEntry':
      return t('refusal.noEntry', { index: why.index, last: why.lastIndex });
    case 'termMismatch':
      return t('refusal.termMismatch', { index: why.index, expected: why.expected, found: why.found });
    default:
      return fallback;
  }
}
