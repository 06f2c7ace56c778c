// A recorded action in the reader's words: the binding sends what the action did as data
// (web/src/action_words.rs, `ActionView.what`), this phrases it from the catalogs. raft-core's
// English description (`text`) is kept for a binding too old to send `what`.

import type { ActionView, ActionWhat } from '../../pkg/raft_playground_web.js';
import { nodeName } from '../narrate.js';
import { t } from './index.js';

/** "{S1} | {S2 S3}": the groups of a partition, as the partition notices write them. */
function groupsWords(groups: readonly (readonly number[])[]): string {
  return groups.map((g) => `{${g.map(nodeName).join(' ')}}`).join(' | ');
}

/** What `what` did, in the page's language. */
export function actionWhatWords(what: ActionWhat): string {
  switch (what.kind) {
    case 'propose':
      return what.node === undefined ? t('action.proposeToLeader', { value: what.value }) : t('action.propose', { value: what.value, node: nodeName(what.node) });
    case 'crash':
      return t('action.crash', { node: nodeName(what.node) });
    case 'snapshot':
      return t('action.snapshot', { node: nodeName(what.node) });
    case 'restart':
      return t('action.restart', { node: nodeName(what.node) });
    case 'forceTimeout':
      return t('action.forceTimeout', { node: nodeName(what.node) });
    case 'partition':
      return t('action.partition', { groups: groupsWords(what.groups) });
    case 'heal':
      return t('action.heal');
    case 'cutLink':
      return t('action.cutLink', { from: nodeName(what.from), to: nodeName(what.to) });
    case 'restoreLink':
      return t('action.restoreLink', { from: nodeName(what.from), to: nodeName(what.to) });
    case 'setLoss':
      // In tenths of a percent, as raft-core writes it: "12.5%", "0.0%".
      return t('action.setLoss', { percent: (Math.floor(Math.min(1, Math.max(0, what.probability)) * 1000 + 0.5) / 10).toFixed(1) });
    case 'setLatency':
      return t('action.setLatency', { min: what.minMs, max: what.maxMs });
    case 'timeoutFollowers':
      return t('action.timeoutFollowers');
    case 'transferLeadership':
      return t('action.transferLeadership', { node: nodeName(what.to) });
    case 'addServer':
      return t('action.addServer', { node: nodeName(what.node) });
    case 'removeServer':
      return t('action.removeServer', { node: nodeName(what.node) });
  }
}

/** A recorded action, in the page's language (its English text from an older binding). */
export function actionWords(action: Pick<ActionView, 'text'> & { what?: ActionWhat }): string {
  return action.what ? actionWhatWords(action.what) : action.text;
}
