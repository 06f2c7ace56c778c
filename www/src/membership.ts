// Membership changes on the page (dissertation §4.1–4.3): reading a configuration entry out of a
// log row, and naming the servers of a configuration. The wasm decides everything; this module
// only decodes what `log()` and `members()` say.

import { nodeName } from '../pkg/raft_playground_web.js';
import { t } from './i18n/index.js';
import type { ChangeAnswer } from './view.js';
import './membership.css';

/**
 * The members of a configuration entry, from a `log()` row's value: the wasm writes a
 * configuration entry as -2 minus its members (a bit per server id), a no-op as -1. `null` for
 * any other entry.
 */
export function configMembers(value: number): number | null {
  if (!(value <= -2) || !Number.isInteger(value)) return null;
  return -2 - value;
}

/** The servers of a configuration (a bit per id), lowest first: "S1 S2 S3". */
export function memberNames(bits: number): string {
  const names: string[] = [];
  for (let id = 0; id < 16; id++) if (bits & (1 << id)) names.push(nodeName(id));
  return names.join(' ');
}

/** How many servers a configuration (a bit per id) names: the cluster's size in force. */
export function memberCount(bits: number): number {
  let count = 0;
  for (let b = bits >>> 0; b !== 0; b &= b - 1) count++;
  return count;
}

/** The next server id an "add server" starts (a removed one comes back first), or -1. */
export function serverToAdd(members: number, count: number, maxNodes: number): number {
  for (let id = 0; id < count; id++) if (!(members & (1 << id))) return id;
  return count < maxNodes ? count : -1;
}

/** The leader's answer to a membership change, in the reader's language. */
export function changeAnswerWords(a: ChangeAnswer): string {
  const r = a.refused;
  if (r === undefined || r === null) return t('change.proposed', { index: a.index ?? 0 });
  switch (r.why) {
    case 'notLeader':
      return r.leader < 0 ? t('change.notLeaderNone') : t('change.notLeader', { leader: nodeName(r.leader) });
    case 'alreadyMember':
      return t('change.alreadyMember', { node: nodeName(r.node) });
    case 'notMember':
      return t('change.notMember', { node: nodeName(r.node) });
    case 'lastMember':
      return t('change.lastMember', { node: nodeName(r.node) });
    case 'changePending':
      return t('change.pending', { index: r.index });
    case 'noCommitInTerm':
      return t('change.noCommitInTerm', { term: r.term });
  }
}
