// The DOM events a host page listens to on <raft-playground>: `leaderchange`, `commit` and
// `violation`, as CustomEvents that bubble out of the shadow root (composed). Fired while the
// run moves forward: a step back in time resets what was seen without firing.

import { decodeNodes } from '../view.js';
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

export interface ViolationDetail {
  text: string;
  at: number;
}

export type HostEventMap = {
  leaderchange: CustomEvent<LeaderChangeDetail>;
  commit: CustomEvent<CommitDetail>;
  violation: CustomEvent<ViolationDetail>;
};

type Watched = Pick<PlaygroundApi, 'leader' | 'nodes' | 'violation' | 'now'>;

export class HostEvents {
  private leader = -1;
  private commit = 0;
  private violation: string | null = null;
  private lastNow = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly nameOf: (node: number) => string,
  ) {}

  /** A new run: nothing seen yet. */
  reset(): void {
    this.leader = -1;
    this.commit = 0;
    this.violation = null;
    this.lastNow = 0;
  }

  /** Compares the run at its cursor with what was seen last and fires what changed. */
  observe(pg: Watched): void {
    const now = pg.now();
    const nodes = decodeNodes(pg.nodes());
    const leader = pg.leader();
    const commit = nodes.reduce((max, n) => Math.max(max, n.commitIndex), 0);
    const violation = pg.violation();
    const back = now < this.lastNow;
    this.lastNow = now;
    if (back) {
      // Time travelled back: take the picture as it is, announce nothing.
      this.leader = leader;
      this.commit = commit;
      this.violation = violation;
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
    if (violation !== null && violation !== this.violation) {
      this.fire('violation', { text: violation, at: now });
    }
    this.violation = violation;
  }

  private fire<K extends keyof HostEventMap>(type: K, detail: HostEventMap[K]['detail']): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
