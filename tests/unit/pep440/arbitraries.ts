/**
 * fast-check generators of PEP 440 version and specifier text, in varied spellings.
 *
 * Numbers come mostly from 0..3 so that generated versions and specifiers often meet at
 * the boundaries where the rules differ (equal releases, zero padding, same base).
 */
import fc from 'fast-check';

const SEPARATORS = ['', '.', '-', '_'] as const;

/** Mostly tiny, sometimes large (but exact as doubles: the oracle uses Number). */
export const smallNumber = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 8 },
  { arbitrary: fc.integer({ min: 0, max: 1_000_000 }), weight: 1 },
);

/** A number as written: sometimes with leading zeros. */
const writtenNumber = fc
  .tuple(smallNumber, fc.constantFrom('', '', '', '0', '00'))
  .map(([n, zeros]) => `${zeros}${n}`);

/** Upper-cases some letters of a label. */
const casing = (label: string) =>
  fc.array(fc.boolean(), { minLength: label.length, maxLength: label.length }).map((upper) =>
    [...label].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''),
  );

const preLabel = fc.constantFrom('a', 'alpha', 'b', 'beta', 'c', 'rc', 'pre', 'preview').chain(casing);
const postLabel = fc.constantFrom('post', 'rev', 'r').chain(casing);
const devLabel = casing('dev');
const separator = fc.constantFrom(...SEPARATORS);

/**
 * Local segments: letters/digits. Letters that JavaScript's Number() reads inside a number
 * ("1e5", "0x1f", "0b1", "0o7") are left to a few fixed cases, so the oracle's bug with
 * those stays a small, named exclusion.
 */
const localSegment = fc.oneof(
  { arbitrary: fc.stringMatching(/^[0-9acdfghzACZ]{1,4}$/), weight: 8 },
  { arbitrary: writtenNumber, weight: 4 },
  { arbitrary: fc.constantFrom('1e5', '0x1f', '0b1', '0o7', 'Infinity', 'abc', 'ubuntu'), weight: 1 },
);

/** `part` with probability `p`, else ''. */
function sometimes(part: fc.Arbitrary<string>, p: number): fc.Arbitrary<string> {
  const present = Math.round(p * 100);
  return fc.oneof({ arbitrary: part, weight: present }, { arbitrary: fc.constant(''), weight: 100 - present });
}

export interface VersionShape {
  /** Leave these parts out (for specifiers that do not allow them). */
  readonly noDev?: boolean;
  readonly noLocal?: boolean;
  /** At least this many release numbers. */
  readonly minRelease?: number;
  /** Pre- and post-release segments only now and then (for wildcards). */
  readonly rareTail?: boolean;
}

/** The text of a valid version, in one of its many spellings. */
export function versionText(shape: VersionShape = {}): fc.Arbitrary<string> {
  const labelled = (label: fc.Arbitrary<string>) =>
    fc.tuple(separator, label, separator, fc.option(writtenNumber, { nil: null })).map(
      ([s1, l, s2, n]) => (n === null ? `${s1}${l}` : `${s1}${l}${s2}${n}`),
    );
  const pre = sometimes(labelled(preLabel), shape.rareTail ? 0.15 : 0.4);
  const post = sometimes(fc.oneof(writtenNumber.map((n) => `-${n}`), labelled(postLabel)), shape.rareTail ? 0.1 : 0.3);
  const dev = shape.noDev ? fc.constant('') : sometimes(labelled(devLabel), 0.3);
  const local = shape.noLocal
    ? fc.constant('')
    : sometimes(
        fc
          .tuple(localSegment, fc.array(fc.tuple(fc.constantFrom('.', '-', '_'), localSegment), { maxLength: 2 }))
          .map(([first, rest]) => `+${first}${rest.map(([s, p]) => s + p).join('')}`),
        0.2,
      );
  return fc
    .record({
      v: sometimes(fc.constantFrom('v', 'V'), 0.15),
      epoch: sometimes(writtenNumber.map((n) => `${n}!`), 0.15),
      release: fc.array(writtenNumber, { minLength: shape.minRelease ?? 1, maxLength: 4 }),
      pre,
      post,
      dev,
      local,
    })
    .map((p) => `${p.v}${p.epoch}${p.release.join('.')}${p.pre}${p.post}${p.dev}${p.local}`);
}

/** Version-like text that is often not a version: valid text with an edit, or random characters. */
export const maybeVersionText: fc.Arbitrary<string> = fc.oneof(
  versionText(),
  fc
    .tuple(versionText(), fc.nat(), fc.constantFrom('', '.', '-', '_', '+', '!', '*', ' ', 'a', 'x', 'post', 'dev', '1', '..', '+-'))
    .map(([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
    }),
  fc.stringMatching(/^[0-9.\-_+!*a-eprvostlhiwAB ]{0,10}$/),
);

export type Op = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

/** One valid specifier: operator, whitespace, and a version its operator allows. */
export function specifierText(candidates?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const space = fc.constantFrom('', '', ' ');
  const ordered = fc
    .tuple(fc.constantFrom<Op>('<=', '>=', '<', '>'), space, versionText({ noLocal: true }))
    .map(([op, s, v]) => `${op}${s}${v}`);
  const equality = fc
    .tuple(fc.constantFrom<Op>('==', '!='), space, versionText())
    .map(([op, s, v]) => `${op}${s}${v}`);
  const wildcard = fc
    .tuple(fc.constantFrom<Op>('==', '!='), space, versionText({ noDev: true, noLocal: true, rareTail: true }))
    .map(([op, s, v]) => `${op}${s}${v}.*`);
  const compatible = fc
    .tuple(space, versionText({ noLocal: true, minRelease: 2 }))
    .map(([s, v]) => `~=${s}${v}`);
  const arbitrary = fc.tuple(space, candidates ?? versionText()).map(([s, v]) => `===${s}${v}`);
  return fc.oneof(
    { arbitrary: ordered, weight: 4 },
    { arbitrary: equality, weight: 2 },
    { arbitrary: wildcard, weight: 2 },
    { arbitrary: compatible, weight: 2 },
    { arbitrary: arbitrary, weight: 1 },
  );
}

/** A comma-separated set of 0..3 specifiers with varied whitespace. */
export function specifierSetText(candidates?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(specifierText(candidates), { minLength: 0, maxLength: 3 }), fc.constantFrom(',', ', ', ' , '))
    .map(([specs, comma]) => specs.join(comma));
}
