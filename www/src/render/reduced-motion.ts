// The reader's `prefers-reduced-motion`: with it, messages hop along their path in a few steps
// instead of gliding, CSS animations are off (embed/embed.css) and the element starts paused
// (embed/embed-host.ts). Read live, so changing the system setting applies to the next flight.

const query = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

export function prefersReducedMotion(): boolean {
  return query?.matches ?? false;
}

/** How many places a message shows on its way with reduced motion (sender and receiver included). */
export const REDUCED_MOTION_STOPS = 4;

/** The easing of a flight: linear, or a few discrete hops with reduced motion. */
export function flightEasing(): string {
  return prefersReducedMotion() ? `steps(${REDUCED_MOTION_STOPS - 1}, jump-none)` : 'linear';
}
