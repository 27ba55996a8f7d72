/** The playground's voices in the wording variant the person picked in the lab. */
import { findingsOf, renderFindings, type Explanation, type ResolveFailure, type ResolveRequest, type WordingVariant } from '../core/index.ts';

/** The explanation with its voices in `variant` (unchanged without one, or when a template of it can't be filled). */
export function withVariant(explanation: Explanation, request: ResolveRequest, failure: ResolveFailure, variant: WordingVariant | undefined): Explanation {
  if (!variant) return explanation;
  const { voices } = renderFindings(findingsOf(request, failure, explanation), variant, 'normal', { track: false });
  if (voices.pubgrub.error || voices.pip.error || voices.plain.error) return explanation;
  return { ...explanation, voices: { pubgrub: voices.pubgrub.text, pip: voices.pip.text, plain: voices.plain.text } };
}
