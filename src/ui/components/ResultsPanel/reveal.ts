/** Scrolling the results into view after Resolve, only when they are out of sight. */

/** The part of the viewport not covered by the sticky header and messages. */
function visibleTop(): number {
  const top = document.querySelector('.top');
  return top ? top.getBoundingClientRect().bottom : 0;
}

/** Whether the start of `element` (its first few lines) can be seen. */
export function startIsVisible(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const top = visibleTop();
  const bottom = window.innerHeight;
  const probe = Math.min(box.height, 160);
  return box.top >= top - 1 && box.top + probe <= bottom;
}

export function revealIfHidden(element: Element | undefined): void {
  if (!element || startIsVisible(element)) return;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
}
