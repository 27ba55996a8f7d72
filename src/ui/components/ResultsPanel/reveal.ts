/** Scrolling the results into view after Resolve, only when they are out of sight. */

/** The part of the viewport not covered by the sticky header and messages. */
function visibleTop(): number {
  const top = document.querySelector('.top');
  return top ? top.getBoundingClientRect().bottom : 0;
}

/**
 * Whether `element` starts in the upper third of what can be seen: then its first screenful
 * (a headline and the fixes, a plan's first rows) is in view. Lower down, only its start would be.
 */
export function startIsVisible(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const top = visibleTop();
  const room = window.innerHeight - top;
  return box.top >= top - 1 && box.top <= top + room / 3;
}

export function revealIfHidden(element: Element | undefined): void {
  if (!element || startIsVisible(element)) return;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
}
