// The playground's configuration as the page sees it: what the wasm constructor accepts, and how
// it is read from the element's attributes and the page URL.

import type { Backtracking, Limits, PlaygroundConfig } from './view.js';

export type { Backtracking, PlaygroundConfig };

/** The node counts a run may have: the wasm's `limits()` (none while it loads). */
export type NodeRange = Pick<Limits, 'minNodes' | 'maxNodes'>;

/** The options the page lets students switch; each switch recreates the playground. */
export interface PageOptions {
  nodes: number;
  seed: number;
  backtracking: Backtracking;
  preVote: boolean;
  checkQuorum: boolean;
  leaderNoop: boolean;
  /** The unsafe "Break Raft" switches (raft-core's UnsafeSwitches). */
  noElectionRestriction: boolean;
  commitPreviousTerms: boolean;
  forgetVoteOnRestart: boolean;
  snapshotPastCommit: boolean;
  /** Log compaction (§7): snapshot every this many applied entries (0: off). */
  snapshotEvery: number;
  /** Entries a snapshot keeps behind it: a follower further behind gets InstallSnapshot. */
  snapshotThreshold: number;
  trustTransferTarget: boolean;
  changeBeforeOwnTermCommit: boolean;
}

/** The "snapshot every" choices the options offer (0: off). */
export const SNAPSHOT_EVERY_CHOICES = [0, 5, 10, 20] as const;
/** The "keep behind a snapshot" choices the options offer. */
export const SNAPSHOT_THRESHOLD_CHOICES = [0, 3, 10] as const;
/** Bounds of a snapshot option read from a URL or an attribute. */
const MAX_SNAPSHOT_OPTION = 1_000_000;

export const DEFAULT_NODES = 5;
/** Sizes offered in the size menu; 1 and 2 are allowed by URL but teach little. */
export const SIZE_CHOICES = [3, 4, 5, 6, 7, 8, 9] as const;

/** A seed fits in 32 bits so it survives a URL and a u32 on the Rust side alike. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

function parseIntIn(text: string | null | undefined, min: number, max: number): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) return null;
  return v;
}

function parseBool(text: string | null | undefined): boolean | null {
  if (text === null || text === undefined) return null;
  const t = text.trim().toLowerCase();
  if (t === '' || t === '1' || t === 'true' || t === 'on' || t === 'yes') return true;
  if (t === '0' || t === 'false' || t === 'off' || t === 'no') return false;
  return null;
}

/**
 * Options from the element's attributes, then the URL query, then defaults: an embed names its
 * scenario in attributes, a shared link in the URL. Invalid values are ignored, not fatal.
 */
export function readOptions(
  attr: (name: string) => string | null,
  query: URLSearchParams,
  range: NodeRange | null,
  makeSeed: () => number = randomSeed,
): PageOptions {
  const pick = (name: string): string | null => attr(name) ?? query.get(name);
  const backtracking = pick('backtracking');
  return {
    nodes: (range && parseIntIn(pick('nodes'), range.minNodes, range.maxNodes)) ?? DEFAULT_NODES,
    seed: parseIntIn(pick('seed'), 0, 0xffffffff) ?? makeSeed(),
    backtracking: backtracking === 'by-conflict-term' || backtracking === 'one-by-one' ? backtracking : 'one-by-one',
    preVote: parseBool(pick('prevote')) ?? false,
    checkQuorum: parseBool(pick('checkquorum')) ?? false,
    leaderNoop: parseBool(pick('leadernoop')) ?? false,
    noElectionRestriction: parseBool(pick('noelectionrestriction')) ?? false,
    commitPreviousTerms: parseBool(pick('commitpreviousterms')) ?? false,
    forgetVoteOnRestart: parseBool(pick('forgetvoteonrestart')) ?? false,
    snapshotPastCommit: parseBool(pick('snapshotpastcommit')) ?? false,
    snapshotEvery: parseIntIn(pick('snapshotevery'), 0, MAX_SNAPSHOT_OPTION) ?? 0,
    snapshotThreshold: parseIntIn(pick('snapshotthreshold'), 0, MAX_SNAPSHOT_OPTION) ?? 0,
    trustTransferTarget: parseBool(pick('trusttransfertarget')) ?? false,
    changeBeforeOwnTermCommit: parseBool(pick('changebeforeowntermcommit')) ?? false,
  };
}

export function toConfig(o: PageOptions): PlaygroundConfig {
  return {
    nodes: o.nodes,
    seed: o.seed,
    backtracking: o.backtracking,
    preVote: o.preVote,
    checkQuorum: o.checkQuorum,
    leaderNoop: o.leaderNoop,
    noElectionRestriction: o.noElectionRestriction,
    commitPreviousTerms: o.commitPreviousTerms,
    forgetVoteOnRestart: o.forgetVoteOnRestart,
    snapshotPastCommit: o.snapshotPastCommit,
    snapshotEvery: o.snapshotEvery,
    snapshotThreshold: o.snapshotThreshold,
    trustTransferTarget: o.trustTransferTarget,
    changeBeforeOwnTermCommit: o.changeBeforeOwnTermCommit,
  };
}

/**
 * The page options of a run loaded from a link, a file or a scenario (its `options()`), so the
 * controls show what the run uses; `fallback` fills anything the run does not say.
 */
export function pageOptionsFrom(
  o: {
    nodes: number;
    seed: number;
    backtracking: string;
    preVote: boolean;
    checkQuorum: boolean;
    leaderNoop: boolean;
    noElectionRestriction?: boolean;
    commitPreviousTerms?: boolean;
    forgetVoteOnRestart?: boolean;
    snapshotPastCommit?: boolean;
    snapshotEvery?: number;
    snapshotThreshold?: number;
    trustTransferTarget?: boolean;
    changeBeforeOwnTermCommit?: boolean;
  },
  fallback: PageOptions,
  range: NodeRange,
): PageOptions {
  return {
    nodes: Number.isInteger(o.nodes) && o.nodes >= range.minNodes && o.nodes <= range.maxNodes ? o.nodes : fallback.nodes,
    seed: Number.isFinite(o.seed) && o.seed >= 0 ? o.seed : fallback.seed,
    backtracking: o.backtracking === 'by-conflict-term' || o.backtracking === 'one-by-one' ? o.backtracking : fallback.backtracking,
    preVote: o.preVote === true,
    checkQuorum: o.checkQuorum === true,
    leaderNoop: o.leaderNoop === true,
    noElectionRestriction: o.noElectionRestriction === true,
    commitPreviousTerms: o.commitPreviousTerms === true,
    forgetVoteOnRestart: o.forgetVoteOnRestart === true,
    snapshotPastCommit: o.snapshotPastCommit === true,
    snapshotEvery: typeof o.snapshotEvery === 'number' && Number.isInteger(o.snapshotEvery) && o.snapshotEvery >= 0 ? o.snapshotEvery : 0,
    snapshotThreshold: typeof o.snapshotThreshold === 'number' && Number.isInteger(o.snapshotThreshold) && o.snapshotThreshold >= 0 ? o.snapshotThreshold : 0,
    trustTransferTarget: o.trustTransferTarget === true,
    changeBeforeOwnTermCommit: o.changeBeforeOwnTermCommit === true,
  };
}
