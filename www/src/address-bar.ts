// The address bar follows the run (full page only): a moment after the run changes, its share
// link replaces the fragment. Encoding a link costs in proportion to the tape, and a long session
// at 20 actions a second changes the run every second, so writing it once a second cost more and
// more (51 → 159 ms per 10 s between minutes 1 and 5 of the soak) until the link's 64 KB cap.
// Two rules keep the cost flat: nothing is encoded while the run is unchanged (the same cursor,
// tape and forks), and a longer link waits proportionally longer before the next write, so
// encoding costs about the same per second however long the tape.

/** The shortest wait between two writes, ms. */
export const ADDRESS_DEBOUNCE_MS = 1000;
/** Link characters one wait of ADDRESS_DEBOUNCE_MS pays for: a link of 64 KB waits 16 s. */
export const ADDRESS_CHARS_PER_WAIT = 4096;
/** The wait after a run could not be linked (past the first hour, past the link's cap): it
 * stays so until a fork cuts the tape or the cursor goes back, and finding out costs an encode. */
export const ADDRESS_REFUSED_WAIT_MS = 16_000;

/** What the follower reads of a playground: the link, and what says the run changed without
 * encoding it (a new action adds a mark at once; a fork counts). */
export interface LinkSource {
  link(): string;
  now(): number;
  forks(): number;
  marksEpoch(): number;
  marksUpTo(toMs: number): number;
}

/** The wait before writing again after a link of `length` characters (null: refused). */
export function addressWaitMs(length: number | null): number {
  if (length === null) return ADDRESS_REFUSED_WAIT_MS;
  return ADDRESS_DEBOUNCE_MS * Math.max(1, length / ADDRESS_CHARS_PER_WAIT);
}

/** Schedules the address bar's writes for the run `current()` returns; `write` gets the link, or
 * null when the run cannot be linked. */
export class AddressFollower {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wait = ADDRESS_DEBOUNCE_MS;
  private source: LinkSource | null = null;
  private key = '';

  constructor(
    private readonly current: () => LinkSource | null,
    private readonly write: (link: string | null) => void,
  ) {}

  /** The run changed (or may have): write its link once the wait is over. */
  schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.wait);
  }

  /** Stops a pending write (the element left the page). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    const pg = this.current();
    if (!pg) return;
    const key = `${pg.now()}|${pg.forks()}|${pg.marksEpoch()}|${pg.marksUpTo(Infinity)}`;
    if (pg === this.source && key === this.key) return;
    this.source = pg;
    this.key = key;
    let link: string | null;
    try {
      link = pg.link();
    } catch {
      link = null;
    }
    this.wait = addressWaitMs(link === null ? null : link.length);
    this.write(link);
  }
}
