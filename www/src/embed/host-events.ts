// The DOM events a host page listens to on <raft-playground>: `leaderchange`, `commit`,
// `splitvote` and `violation`, as CustomEvents that bubble out of the shadow root (composed). Fired while the
// run moves forward: a step back in time resets what was seen without firing.

import { violationHeadline } from '../safety-words.js';
import { MarkCode, MarkCol, type ViolationView, decodeNodes } from '../view.js';
import type { PlaygroundApi } from '../wasm.js';

export interface LeaderChangeDetail {
  /** The new leader's id (0-based), or -1 when no leader is running. */
  leader: number;
  /** Its name as the page shows it (S1…), or null. */
  name: string | null;
  term: number;
  /** Virtual time, ms. */
  at: number;
}

export interface CommitDetail {
  /** The highest commit index any server knows. */
  index: number;
  at: number;
}

export interface SplitVoteDetail {
  /** The term that ended without a leader because the votes split (§5.2). */
  term: number;
  at: number;
}

export interface ViolationDetail {
  /** The broken property's key (`electionSafety`, `leaderCompleteness`, …). */
  property: ViolationView['property'];
  /** What broke, in a sentence ("Election Safety broken: S1 and S4 both lead term 1."). */
  text: string;
  /** When it broke, virtual ms. */
  at: number;
}

export type HostEventMap = {
  leaderchange: CustomEvent<LeaderChangeDetail>;
  commit: CustomEvent<CommitDetail>;
  splitvote: CustomEvent<SplitVoteDetail>;
  violation: CustomEvent<ViolationDetail>;
};

type Watched = Pick<PlaygroundApi, 'leader' | 'nodes' | 'violation' | 'violationAt' | 'now' | 'marks' | 'marksVersion'>;

export class HostEvents {
  private leader = -1;
  private commit = 0;
  /** When the violation seen last happened (-1: none). */
  private violationAt = -1;
  private lastNow = 0;
  /** The run's marks (time order) as last fetched, their version, and how many are behind us. */
  private marks: Float64Array = new Float64Array(0);
  private marksVersion = -1;
  private marksSeen = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly nameOf: (node: number) => string,
    private readonly phrase: (violation: ViolationView) => string = violationHeadline,
  ) {}

  /** A new run: nothing seen yet. */
  reset(): void {
    this.leader = -1;
    this.commit = 0;
    this.violationAt = -1;
    this.lastNow = 0;
    this.marks = new Float64Array(0);
    this.marksVersion = -1;
    this.marksSeen = 0;
  }

  /** How many marks lie at or before `now`. */
  private marksUpTo(now: number): number {
    let i = 0;
    while (i * MarkCol.Stride < this.marks.length && this.marks[i * MarkCol.Stride + MarkCol.At] <= now) i++;
    return i;
  }

  /** Compares the run at its cursor with what was seen last and fires what changed. */
  observe(pg: Watched): void {
    const now = pg.now();
    const nodes = decodeNodes(pg.nodes());
    const leader = pg.leader();
    const commit = nodes.reduce((max, n) => Math.max(max, n.commitIndex), 0);
    // Cheap every frame; the violation itself is read only when it is new.
    const violationAt = pg.violationAt();
    const back = now < this.lastNow;
    this.lastNow = now;
    const version = pg.marksVersion();
    if (version !== this.marksVersion) {
      // Marks are added as the horizon grows and dropped by a fork: count afresh what is behind.
      const seenAt = this.marksSeen > 0 ? this.marks[(this.marksSeen - 1) * MarkCol.Stride + MarkCol.At] : -1;
      this.marks = pg.marks();
      this.marksVersion = version;
      this.marksSeen = this.marksUpTo(Math.min(seenAt, now));
    }
    if (back) {
      this.marksSeen = this.marksUpTo(now);
      // Time travelled back: take the picture as it is, announce nothing.
      this.leader = leader;
      this.commit = commit;
      this.violationAt = violationAt;
      return;
    }
    if (leader !== this.leader) {
      this.leader = leader;
      const term = nodes.find((n) => n.id === leader)?.term ?? 0;
      this.fire('leaderchange', { leader, name: leader >= 0 ? this.nameOf(leader) : null, term, at: now });
    }
    if (commit > this.commit) {
      this.commit = commit;
      this.fire('commit', { index: commit, at: now });
    }
    for (; this.marksSeen * MarkCol.Stride < this.marks.length; this.marksSeen++) {
      const row = this.marksSeen * MarkCol.Stride;
      if (this.marks[row + MarkCol.At] > now) break;
      if (this.marks[row + MarkCol.Kind] === MarkCode.SplitVote) this.fire('splitvote', { term: this.marks[row + MarkCol.A], at: this.marks[row + MarkCol.At] });
    }
    if (violationAt >= 0 && violationAt !== this.violationAt) {
      const violation = pg.violation();
      if (violation) this.fire('violation', { property: violation.property, text: this.phrase(violation), at: violationAt });
    }
    this.violationAt = violationAt;
  }

  private fire<K extends keyof HostEventMap>(type: K, detail: HostEventMap[K]['detail']): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
