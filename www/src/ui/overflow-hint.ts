// A row that scrolls sideways (the one-row toolbar on a narrow embed) says so: its `data-overflow`
// names the edges with more content beyond them ("start", "end", "both"), and the styles fade
// those edges. Without the hint a reader at 360 px never learns that Heal or the scenarios exist.

/** Which edges of a sideways-scrolling box hide content; '' when everything is in view. */
export function overflowEdges(scrollLeft: number, scrollWidth: number, clientWidth: number): '' | 'start' | 'end' | 'both' {
  // A pixel of slack: zoomed layouts report fractional widths rounded either way.
  const start = scrollLeft > 1;
  const end = scrollLeft + clientWidth < scrollWidth - 1;
  return start && end ? 'both' : start ? 'start' : end ? 'end' : '';
}

/**
 * Keeps `row`'s `data-overflow` up to date as it scrolls, as it or any of its children changes
 * size (a longer time label, a narrower window). Returns a function that stops watching.
 */
export function watchOverflow(row: HTMLElement): () => void {
  const update = (): void => {
    const edges = overflowEdges(row.scrollLeft, row.scrollWidth, row.clientWidth);
    if (edges) row.setAttribute('data-overflow', edges);
    else row.removeAttribute('data-overflow');
  };
  row.addEventListener('scroll', update, { passive: true });
  let sizes: ResizeObserver | null = null;
  if (typeof ResizeObserver !== 'undefined') {
    sizes = new ResizeObserver(update);
    sizes.observe(row);
    for (const child of Array.from(row.children)) sizes.observe(child);
  }
  update();
  return () => {
    row.removeEventListener('scroll', update);
    sizes?.disconnect();
  };
}
