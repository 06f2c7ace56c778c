import { describe, expect, it } from 'vitest';
import { DEFAULT_NODES, readOptions, toConfig } from './config.js';

const noAttrs = (): string | null => null;
/** The node range the wasm reports (`limits()`). */
const NODES = { minNodes: 1, maxNodes: 9 };
/** Every unsafe switch off: Raft as the paper has it. */
const SAFE = { noElectionRestriction: false, commitPreviousTerms: false, trustTransferTarget: false, forgetVoteOnRestart: false, changeBeforeOwnTermCommit: false };

describe('options from attributes and URL', () => {
  it('defaults to five nodes and a fresh seed', () => {
    const o = readOptions(noAttrs, new URLSearchParams(''), NODES, () => 77);
    expect(o).toEqual({ nodes: DEFAULT_NODES, seed: 77, backtracking: 'one-by-one', preVote: false, checkQuorum: false, leaderNoop: false, ...SAFE, snapshotPastCommit: false, snapshotEvery: 0, snapshotThreshold: 0 });
  });

  it('reads the URL query', () => {
    const o = readOptions(noAttrs, new URLSearchParams('nodes=7&seed=123&prevote=1&backtracking=by-conflict-term'), NODES, () => 1);
    expect(o.nodes).toBe(7);
    expect(o.seed).toBe(123);
    expect(o.preVote).toBe(true);
    expect(o.backtracking).toBe('by-conflict-term');
  });

  it('prefers attributes over the query', () => {
    const attrs = (name: string): string | null => (name === 'nodes' ? '3' : null);
    expect(readOptions(attrs, new URLSearchParams('nodes=9'), NODES, () => 1).nodes).toBe(3);
  });

  it('ignores invalid values', () => {
    const o = readOptions(noAttrs, new URLSearchParams('nodes=12&seed=-4&backtracking=zig'), NODES, () => 5);
    expect(o.nodes).toBe(DEFAULT_NODES);
    expect(o.seed).toBe(5);
    expect(o.backtracking).toBe('one-by-one');
  });

  it('passes every option to the constructor config', () => {
    const c = toConfig({ nodes: 3, seed: 9, backtracking: 'by-conflict-term', preVote: true, checkQuorum: true, leaderNoop: true, ...SAFE, forgetVoteOnRestart: true, snapshotPastCommit: true, snapshotEvery: 10, snapshotThreshold: 3 });
    expect(c).toEqual({ nodes: 3, seed: 9, backtracking: 'by-conflict-term', preVote: true, checkQuorum: true, leaderNoop: true, ...SAFE, forgetVoteOnRestart: true, snapshotPastCommit: true, snapshotEvery: 10, snapshotThreshold: 3 });
  });

  it('reads the snapshot options from the query, off unless named (§7)', () => {
    const o = readOptions(noAttrs, new URLSearchParams('snapshotevery=10&snapshotthreshold=zig'), NODES, () => 1);
    expect(o).toMatchObject({ snapshotEvery: 10, snapshotThreshold: 0, snapshotPastCommit: false });
  });

  it('reads the unsafe switches from the query, off unless named', () => {
    const o = readOptions(noAttrs, new URLSearchParams('commitpreviousterms=1&forgetvoteonrestart=no'), NODES, () => 1);
    expect(o).toMatchObject({ ...SAFE, commitPreviousTerms: true });
  });
});
