/**
 * Project and extra names.
 *
 * - PEP 508 "Names": https://peps.python.org/pep-0508/#names
 * - PEP 503 normalisation: https://peps.python.org/pep-0503/#normalized-names
 * - PEP 685 (extras are compared after the same normalisation):
 *   https://peps.python.org/pep-0685/
 */

/**
 * PEP 508 name grammar, case-insensitive:
 *
 *     identifier_end = letterOrDigit | (('-' | '_' | '.' )* letterOrDigit)
 *     identifier     = letterOrDigit identifier_end*
 *
 * i.e. ASCII letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
 */
const LETTER_OR_DIGIT = '[A-Za-z0-9]';
const NAME_PATTERN = new RegExp(
  `^(?:${LETTER_OR_DIGIT}` + // a single character, or
    `|${LETTER_OR_DIGIT}[A-Za-z0-9._-]*${LETTER_OR_DIGIT})$`, // first and last alphanumeric
);

/** An ASCII letter or digit, by character code (scanners call these for every character). */
export function isLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** A character of a name: an ASCII letter or digit, `-`, `.` or `_`. */
export function isNameCharacter(code: number): boolean {
  return isLetterOrDigit(code) || code === 45 || code === 46 || code === 95;
}

/** Runs of `-`, `_` and `.` collapse into a single `-` (PEP 503). */
const SEPARATOR_RUN = /[-_.]+/g;

/** PEP 503: lower case, every run of `-`, `_`, `.` replaced by one `-`. `"Foo__Bar.baz"` → `"foo-bar-baz"`. */
export function normalizeName(name: string): string {
  return name.replace(SEPARATOR_RUN, '-').toLowerCase();
}

/** PEP 685: extras are normalised exactly like project names. */
export function normalizeExtra(extra: string): string {
  return normalizeName(extra);
}

/** Whether `name` matches the PEP 508 name grammar (which extras share). */
export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}
