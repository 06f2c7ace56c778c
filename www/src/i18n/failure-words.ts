// Why something failed, in the reader's words: the binding throws an Error carrying a `code` and
// its `values` (web/src/failure.rs, type generated from Rust), the run-file reader does the same
// (runfile.ts), and this module phrases them in the catalogs. The Error's own message is English
// for developers; a person reads this instead. An Error without a code keeps its message.

import type { FailureView, Given } from '../../pkg/raft_playground_web.js';
import { nodeName } from '../narrate.js';
import { t } from './index.js';

/** What the run-file reader refuses (runfile.ts), in the binding's shape. */
export type RunFileFailure =
  | { code: 'runFileUnreadable'; values: Record<string, never> }
  | { code: 'runFileEmpty'; values: Record<string, never> }
  | { code: 'runFileTooLarge'; values: { size: number; max: number } }
  | { code: 'runFileNotRunFile'; values: Record<string, never> }
  | { code: 'runFileBadVersion'; values: Record<string, never> }
  | { code: 'runFileNewer'; values: { version: number; ours: number } }
  | { code: 'runFileNoLink'; values: Record<string, never> }
  | { code: 'runFileLinkTooLong'; values: { length: number; max: number } };

/** What the page itself refuses (wasm.ts), in the same shape. */
export type PageFailure = { code: 'unknownScenario'; values: { id: string } };

/** Every failure the page can phrase. */
export type Failure = FailureView | RunFileFailure | PageFailure;

/** An Error carrying a failure's code and values, as the binding throws them. */
export function failureError<F extends Failure>(failure: F, message: string): Error & F {
  return Object.assign(new Error(message), { code: failure.code, values: 'values' in failure ? failure.values : {} }) as unknown as Error & F;
}

/** The failure an Error carries, or null for one without a code. */
export function failureOf(e: unknown): Failure | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, values } = e as { code?: unknown; values?: unknown };
  if (typeof code !== 'string') return null;
  return { code, values: typeof values === 'object' && values !== null ? values : {} } as Failure;
}

/** A JS value the binding names, in words. */
function givenWords(got: Given): string | number {
  switch (got.type) {
    case 'number':
      return got.value;
    case 'boolean':
      return String(got.value);
    case 'string':
      return t('fail.got.text', { text: got.value });
    case 'undefined':
      return t('fail.got.nothing');
    case 'null':
      return 'null';
    case 'array':
      return t('fail.got.array');
    case 'function':
      return t('fail.got.function');
    default:
      // A symbol, a BigInt or any other object.
      return t('fail.got.object');
  }
}

/** A setting's name as the page's controls say it; an API name without one stays as it is. */
export function fieldWords(field: string): string {
  switch (field) {
    case 'nodes':
      return t('fail.field.nodes');
    case 'seed':
      return t('fail.field.seed');
    case 'electionTimeoutMinMs':
      return t('fail.field.electionMin');
    case 'electionTimeoutMaxMs':
      return t('fail.field.electionMax');
    case 'heartbeatMs':
      return t('fail.field.heartbeat');
    case 'latencyMinMs':
    case 'latency min':
      return t('fail.field.latencyMin');
    case 'latencyMaxMs':
    case 'latency max':
      return t('fail.field.latencyMax');
    case 'loss':
      return t('fail.field.loss');
    case 'maxEntriesPerAppend':
      return t('fail.field.maxEntries');
    case 'value':
      return t('fail.field.value');
    default:
      return field;
  }
}

/** The sentence for a failure, in the page's language. */
export function failureWords(f: Failure): string {
  switch (f.code) {
    case 'configNotObject':
      return t('fail.configNotObject', { got: givenWords(f.values.got) });
    case 'configUnreadable':
      return t('fail.configUnreadable');
    case 'configTooManyFields':
      return t('fail.configTooManyFields', { count: f.values.count });
    case 'unknownField':
      return t('fail.unknownField', { field: f.values.field });
    case 'notANumber':
      return t('fail.notANumber', { field: fieldWords(f.values.field), got: givenWords(f.values.got) });
    case 'notFinite':
      return t('fail.notFinite', { field: fieldWords(f.values.field), got: f.values.got });
    case 'notWhole':
      return t('fail.notWhole', { field: fieldWords(f.values.field), got: f.values.got });
    case 'notBoolean':
      return t('fail.notBoolean', { field: f.values.field, got: givenWords(f.values.got) });
    case 'notBacktracking':
      return t('fail.notBacktracking', { got: givenWords(f.values.got) });
    case 'outOfRange':
      return t('fail.outOfRange', { field: fieldWords(f.values.field), min: f.values.min, max: f.values.max, got: f.values.got });
    case 'durationOutOfRange':
      return t('fail.durationOutOfRange', { field: fieldWords(f.values.field), min: String(f.values.minMs), max: String(f.values.maxMs), got: f.values.got });
    case 'notAProbability':
      return t('fail.notAProbability', { field: fieldWords(f.values.field), got: f.values.got });
    case 'exceeds':
      return t('fail.exceeds', { field: fieldWords(f.values.field), got: f.values.got, other: fieldWords(f.values.other), limit: f.values.limit });
    case 'notShorterThan':
      return t('fail.notShorterThan', { field: fieldWords(f.values.field), got: f.values.got, other: fieldWords(f.values.other), limit: f.values.limit });
    case 'argumentThrew':
      return t('fail.argumentThrew', { what: f.values.what });
    case 'tooManyEntries':
      return t('fail.tooManyEntries', { what: f.values.what, max: f.values.max });
    case 'notGroups':
      return t('fail.notGroups', { got: givenWords(f.values.got) });
    case 'notAString':
      return t('fail.notAString', { what: f.values.what, got: givenWords(f.values.got) });
    case 'notUntilKind':
      return t('fail.notUntilKind', { what: f.values.method, got: givenWords(f.values.got) });
    case 'nodeIdNotWhole':
      return t('fail.nodeIdNotWhole', { got: f.values.got });
    case 'nodeIdOutOfRange':
      return t('fail.nodeIdOutOfRange', { got: f.values.got, count: f.values.nodes });
    case 'advanceOutOfRange':
      return t('fail.advanceOutOfRange', { max: f.values.maxMs, got: f.values.got });
    case 'seekNegative':
      return t('fail.seekNegative', { got: f.values.got });
    case 'seekTooFar':
      return t('fail.seekTooFar', { ahead: f.values.aheadMs, limit: f.values.limitMs, got: f.values.got });
    case 'runLimitOutOfRange':
      return t('fail.runLimitOutOfRange', { max: f.values.maxMs, got: f.values.got });
    case 'eventBudget':
      return t('fail.eventBudget', { max: f.values.max, got: f.values.got });
    case 'diagramWindow':
      return t('fail.diagramWindow', { from: f.values.from, to: f.values.to });
    case 'notMessageId':
      return t('fail.notMessageId', { got: f.values.got });
    case 'messageGone':
      return t('fail.messageGone', { id: f.values.id });
    case 'noRandomSource':
      return t('fail.noRandomSource');
    case 'notHandedOver':
      return t('fail.notHandedOver');
    case 'noEventPending':
      return t('fail.noEventPending');
    case 'noFastForward':
      return t('fail.noFastForward');
    case 'fastForwardStale':
      return t('fail.fastForwardStale');
    case 'noSeek':
      return t('fail.noSeek');
    case 'seekStale':
      return t('fail.seekStale');
    case 'openingFinished':
      return t('fail.openingFinished');
    case 'openingNotDone':
      return t('fail.openingNotDone');
    case 'unknownNode':
      return t('fail.unknownNode', { node: nodeName(f.values.id) });
    case 'nodeDown':
      return t('fail.nodeDown', { node: nodeName(f.values.node) });
    case 'nothingToSnapshot':
      return t('fail.nothingToSnapshot', { node: nodeName(f.values.node) });
    case 'nodeUp':
      return t('fail.nodeUp', { node: nodeName(f.values.node) });
    case 'leaderHasNoTimeout':
      return t('menu.timeoutLeader', { node: nodeName(f.values.node) });
    case 'noFollowerRunning':
      return t('fail.noFollowerRunning');
    case 'noRoomFor':
      return t('fail.noRoomFor', { node: nodeName(f.values.node) });
    case 'badPartition':
      return t('fail.badPartition');
    case 'badProbability':
      return t('fail.badProbability');
    case 'badLatency':
      return t('fail.badLatency');
    case 'inThePast':
      return t('fail.inThePast', { at: f.values.atMs, now: f.values.nowMs });
    case 'notLeader':
      return f.values.leader === null || f.values.leader === undefined
        ? t('fail.notLeaderKnowsNone', { node: nodeName(f.values.node) })
        : t('fail.notLeader', { node: nodeName(f.values.node), leader: nodeName(f.values.leader) });
    case 'noLeader':
      return t('fail.noLeader');
    case 'proposalNotTaken':
      return t('fail.proposalNotTaken');
    case 'transferring':
      return t('fail.transferring', { node: nodeName(f.values.node), to: nodeName(f.values.to) });
    case 'transferToLeader':
      return t('fail.transferToLeader');
    case 'transferPending':
      return t('fail.transferPending', { to: nodeName(f.values.to) });
    case 'linkPastFirstHour':
      return t('fail.linkPastFirstHour', { max: f.values.maxMs });
    case 'linkRunTooBig':
      return t('fail.linkRunTooBig', { actions: f.values.maxActions, chars: f.values.maxChars });
    case 'linkEmpty':
      return t('fail.linkEmpty');
    case 'linkTooLong':
      return t('fail.linkTooLong', { length: f.values.length, max: f.values.max });
    case 'linkNoVersion':
    case 'linkUnknownVersion':
      return t('fail.linkNotOurs');
    case 'linkOlderVersion':
      return t('fail.linkOlderVersion', { version: f.values.version, ours: f.values.ours });
    case 'linkNewerVersion':
      return t('fail.linkNewerVersion', { version: f.values.version, ours: f.values.ours });
    case 'linkNotBase64':
    case 'linkTruncated':
    case 'linkTrailingData':
    case 'linkNotCanonical':
      return t('fail.linkDamaged');
    case 'linkBadConfig':
    case 'linkTraceTooLarge':
    case 'linkSeedTooLarge':
    case 'linkStateCount':
      return t('fail.linkBadSettings');
    case 'linkStartLogTooLong':
    case 'linkStartVoteUnknown':
    case 'linkStartLogTerms':
    case 'linkStartLogValue':
      return t('fail.linkBadStart', { node: nodeName(f.values.server) });
    case 'linkTooManyActions':
      return t('fail.linkTooManyActions', { count: f.values.actions, max: f.values.max });
    case 'linkActionOutOfOrder':
      return t('fail.linkActionOutOfOrder', { number: f.values.number });
    case 'linkActionTooLate':
      return t('fail.linkActionTooLate', { number: f.values.number });
    case 'linkActionInvalid':
      return t('fail.linkActionInvalid', { number: f.values.number });
    case 'linkCursorTooLate':
      return t('fail.linkCursorTooLate');
    case 'replayConfig':
      return t('fail.replayConfig');
    case 'replayAction':
      return t('fail.replayAction', { number: f.values.number, why: failureWords(f.values.why) });
    case 'runFileUnreadable':
      return t('fail.runFileUnreadable');
    case 'runFileEmpty':
      return t('fail.runFileEmpty');
    case 'runFileTooLarge':
      return t('fail.runFileTooLarge', { size: f.values.size, max: f.values.max });
    case 'runFileNotRunFile':
      return t('fail.runFileNotRunFile');
    case 'runFileBadVersion':
      return t('fail.runFileBadVersion');
    case 'runFileNewer':
      return t('fail.runFileNewer', { version: f.values.version, ours: f.values.ours });
    case 'runFileNoLink':
      return t('fail.runFileNoLink');
    case 'runFileLinkTooLong':
      return t('fail.runFileLinkTooLong', { length: f.values.length, max: f.values.max });
    case 'unknownScenario':
      return t('fail.unknownScenario', { id: f.values.id });
    default: {
      // A code from a newer binding than this page: say so in the reader's language.
      const unknown: { code: string } = f;
      return t('fail.unknown', { code: unknown.code });
    }
  }
}

/** What an Error says to a person: its failure phrased, else its message. */
export function errorWords(e: unknown): string | null {
  const failure = failureOf(e);
  return failure ? failureWords(failure) : null;
}
