// The guided tour's steps, without any DOM: the scenarios as chapters in teaching order, each
// caption a step at its virtual moment, and the moves between steps (Back, Next, a jump). A step
// is keyed by its scenario id and its index among that scenario's captions, never by its text,
// so rewording a caption keeps every link to it. Because a run is deterministic, a step is also
// a place: seeking to its moment shows the same cluster every time.

/** The chapters, in the seed notes' order: scenario ids from the catalogue. */
export const TOUR_CHAPTERS: readonly string[] = [
  'roles-timers',
  'election',
  'split-vote',
  'stale-term',
  'replication',
  'partition',
  'backtracking',
  'backtracking-fast',
  'election-restriction',
  'figure-8',
];

/**
 * The "break Raft" chapters, appended after the others: the ids of the three unsafe-switch
 * scenarios go here once they are in the catalogue. An id the catalogue lacks is skipped, so
 * listing one early breaks nothing.
 */
export const BREAK_RAFT_CHAPTERS: readonly string[] = ['break-old-term-commit', 'break-forgotten-vote', 'break-election-restriction'];

/** Every chapter id, in order. */
export function tourChapterIds(): string[] {
  return [...TOUR_CHAPTERS, ...BREAK_RAFT_CHAPTERS];
}

/** One step: a caption and the moment it appears, virtual ms. */
export interface TourStep {
  atMs: number;
  text: string;
}

/** One chapter: a scenario and its captions as steps. */
export interface TourChapter {
  id: string;
  title: string;
  steps: TourStep[];
}

/** Where the tour stands: a chapter and a step in it, both from 0. */
export interface TourPosition {
  chapter: number;
  step: number;
}

/** What the tour needs of a catalogue entry. */
export interface CatalogueEntry {
  id: string;
  title: string;
  captions: readonly { atMs: number; text: string }[];
}

/** The chapters `ids` names, in that order, from the catalogue; unknown ids and scenarios without captions are left out. */
export function buildTour(catalogue: readonly CatalogueEntry[], ids: readonly string[] = tourChapterIds()): TourChapter[] {
  const out: TourChapter[] = [];
  for (const id of ids) {
    const entry = catalogue.find((e) => e.id === id);
    if (!entry || entry.captions.length === 0) continue;
    const steps = [...entry.captions].sort((a, b) => a.atMs - b.atMs).map((c) => ({ atMs: c.atMs, text: c.text }));
    out.push({ id: entry.id, title: entry.title, steps });
  }
  return out;
}

/** The step after `pos`, into the next chapter after a chapter's last step; null at the very end. */
export function nextPosition(tour: readonly TourChapter[], pos: TourPosition): TourPosition | null {
  const chapter = tour[pos.chapter];
  if (!chapter) return null;
  if (pos.step + 1 < chapter.steps.length) return { chapter: pos.chapter, step: pos.step + 1 };
  return pos.chapter + 1 < tour.length ? { chapter: pos.chapter + 1, step: 0 } : null;
}

/** The step before `pos`, into the previous chapter's last step from a first step; null at the very start. */
export function previousPosition(tour: readonly TourChapter[], pos: TourPosition): TourPosition | null {
  if (pos.step > 0) return { chapter: pos.chapter, step: pos.step - 1 };
  const previous = tour[pos.chapter - 1];
  return previous ? { chapter: pos.chapter - 1, step: previous.steps.length - 1 } : null;
}

/** Steps before `pos` in the whole tour, and the tour's step count: "step 7 of 38". */
export function progressOf(tour: readonly TourChapter[], pos: TourPosition): { index: number; total: number } {
  let index = 0;
  let total = 0;
  tour.forEach((c, i) => {
    if (i < pos.chapter) index += c.steps.length;
    total += c.steps.length;
  });
  return { index: index + pos.step, total };
}

/**
 * The step shown at cursor `nowMs` when `step` was the last one chosen: it stays while its
 * moment has come and the next step's has not (or shares its moment: two captions at one
 * instant are both reachable), else the latest step whose moment has come.
 */
export function stepAtCursor(steps: readonly TourStep[], step: number, nowMs: number): number {
  const here = steps[step];
  const next = steps[step + 1];
  if (here && here.atMs <= nowMs && (!next || next.atMs > nowMs || next.atMs === here.atMs)) return step;
  let latest = 0;
  steps.forEach((s, i) => {
    if (s.atMs <= nowMs) latest = i;
  });
  return latest;
}

/**
 * The `tour` URL parameter: "split-vote:2" (a chapter's scenario id and a step counted from 1),
 * "split-vote" (its first step), "3" or "3:2" (a chapter counted from 1). Null when it names
 * nothing in this tour.
 */
export function parseTourParam(tour: readonly TourChapter[], text: string): TourPosition | null {
  const [head, tail] = text.trim().split(':', 2);
  if (!head) return null;
  let chapter = tour.findIndex((c) => c.id === head);
  if (chapter < 0 && /^\d+$/.test(head)) chapter = Number(head) - 1;
  const c = tour[chapter];
  if (!c) return null;
  const step = tail === undefined || tail === '' ? 0 : /^\d+$/.test(tail) ? Number(tail) - 1 : -1;
  if (step < 0 || step >= c.steps.length) return null;
  return { chapter, step };
}

/** The `tour` URL parameter for `pos` ("split-vote:2"). */
export function formatTourParam(tour: readonly TourChapter[], pos: TourPosition): string {
  return `${tour[pos.chapter]?.id ?? ''}:${pos.step + 1}`;
}
