/** The playground's voices in the wording variant the person picked in the lab, or a study's condition's. */
import { BASE_VARIANT, findingsOf, renderFindings, type Explanation, type ResolveFailure, type ResolveRequest, type Verbosity, type WordingVariant } from '../core/index.ts';

/**
 * The explanation with its voices in `variant` at `verbosity` (unchanged with neither, or when
 * a template of the variant can't be filled).
 */
export function withVariant(explanation: Explanation, request: ResolveRequest, failure: ResolveFailure, variant: WordingVariant | undefined, verbosity: Verbosity = 'normal'): Explanation {
  if (!variant && verbosity === 'normal') return explanation;
  const { voices } = renderFindings(findingsOf(request, failure, explanation), variant ?? BASE_VARIANT, verbosity, { track: false });
  if (voices.pubgrub.error || voices.pip.error || voices.plain.error) return explanation;
  return { ...explanation, voices: { pubgrub: voices.pubgrub.text, pip: voices.pip.text, plain: voices.plain.text } };
}
