// Whether an element is on screen: several playgrounds on one docs page each pause while
// scrolled out of view, so only the ones a reader sees spend CPU.

/** Calls `changed(true)` when `el` leaves the viewport and `changed(false)` when it comes
 * back; returns a function that stops watching. Without IntersectionObserver it never fires. */
export function watchOffscreen(el: Element, changed: (offscreen: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {};
  const observer = new IntersectionObserver((entries) => {
    const last = entries[entries.length - 1];
    if (last) changed(!last.isIntersecting);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
