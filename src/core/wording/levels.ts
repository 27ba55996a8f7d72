/**
 * Verbosity as data: each voice says how its brief, normal and full messages are put together
 * from the parts of one failure, as templates over these slots (never code):
 *
 *   {message}    the voice's whole message, as it is printed today
 *   {summary}    its first paragraph (up to the first blank line)
 *   {conclusion} its last line
 *   {headline}   the one-sentence headline (the plain voice's summary)
 *   {proof}      the full proof (the pubgrub voice, in this variant's words)
 *   {hints}      one line per checked fix, easiest first, each from `hint.line`
 *   {kind}       the stable kind of the message (see kind.ts), usable in every template
 *
 * Runs of blank lines left by an empty slot are collapsed, so `{message}\n\n{hints}` is safe
 * when there are no hints. A variant tries pip #10421's error / note / hint shape by
 * overriding these few templates.
 */
import type { Voice } from '../explain/index.ts';

export const VERBOSITIES = ['brief', 'normal', 'full'] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

/** Slots every level template may use. */
export const LEVEL_SLOTS = ['message', 'summary', 'conclusion', 'headline', 'proof', 'hints', 'kind'] as const;
/** The slot every template may use, whatever its base uses. */
export const KIND_SLOT = 'kind';

export const LEVELS: Readonly<Record<Voice, Readonly<Record<string, string>>>> = {
  pubgrub: {
    'level.brief': '{conclusion}',
    'level.normal': '{message}',
    'level.full': '{message}\n\n{hints}',
    'hint.line': 'Hint: {hint}',
  },
  pip: {
    'level.brief': '{summary}',
    'level.normal': '{message}',
    'level.full': '{message}\n\nThe full reasoning:\n{proof}',
    'hint.line': 'hint: {hint}',
  },
  plain: {
    'level.brief': '{summary}',
    'level.normal': '{message}',
    'level.full': '{message}\n\nThe full reasoning, step by step:\n{proof}',
    'hint.line': 'Try: {hint}',
  },
};

export function isLevelKey(key: string): boolean {
  return key.startsWith('level.');
}
