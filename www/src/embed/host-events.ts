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

type Watched = Pick<PlaygroundApi, 'leader' | 'nodes' | 'violation' | 'violationAt' | 'now' | 'marksEpoch' | 'marksUpTo' | 'marksSince'>;

export class HostEvents {
  private leader = -1;
  private commit = 0;
  /** When the violation seen last happened (-1: none). */
  private violationAt = -1;
  private lastNow = 0;
  /** How many of the run's marks (time order) are behind us, when the last of them happened
   * (-1: none), and the marks' epoch then. Only new marks are read: the run keeps one per
   * commit, term and action, and copying them all whenever one is added grew with the run. */
  private marksSeen = 0;
  private seenAt = -1;
  private marksEpoch = NaN;

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
    this.marksSeen = 0;
    this.seenAt = -1;
    this.marksEpoch = NaN;
  }

  /** Counts the marks at or before `ms` as seen. */
  private seeUpTo(pg: Watched, ms: number): void {
    this.marksSeen = pg.marksUpTo(ms);
    const last = this.marksSeen > 0 ? pg.marksSince(this.marksSeen - 1, ms) : null;
    this.seenAt = last && last.length >= MarkCol.Stride ? last[MarkCol.At] : -1;
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
    const epoch = pg.marksEpoch();
    if (epoch !== this.marksEpoch) {
      // Marks are added as the horizon grows and dropped by a fork: count afresh what is behind.
      this.marksEpoch = epoch;
      this.seeUpTo(pg, Math.min(this.seenAt, now));
    }
    if (back) {
      this.seeUpTo(pg, now);
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
    if (pg.marksUpTo(now) > this.marksSeen) {
      const marks = pg.marksSince(this.marksSeen, now);
      for (let row = 0; row + MarkCol.Stride <= marks.length; row += MarkCol.Stride) {
        this.marksSeen++;
        this.seenAt = marks[row + MarkCol.At];
        if (marks[row + MarkCol.Kind] === MarkCode.SplitVote) this.fire('splitvote', { term: marks[row + MarkCol.A], at: marks[row + MarkCol.At] });
      }
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
