/**
 * Python versions: parsing the version a target runs, and the list of CPython
 * releases that the virtual `python` package offers to the solver.
 *
 * Only final releases are listed. The list is hard-coded as of late 2025
 * (https://www.python.org/doc/versions/): 3.13 up to 3.13.9, 3.14.0, no 3.15.
 */

/** A Python version as a target uses it: `3.12.0`, `3.13.0rc1`. */
export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release part, `null` for a final release. */
  readonly pre: { readonly kind: 'a' | 'b' | 'rc'; readonly number: number } | null;
}

const PYTHON_VERSION = new RegExp(
  [
    '^',
    '(?<major>\\d+)', //                      3
    '\\.(?<minor>\\d+)', //                   .12
    '(?:\\.(?<patch>\\d+))?', //              .1   (optional: "3.12" means 3.12.0)
    '(?:(?<preKind>a|b|rc)(?<preNumber>\\d+))?', // rc1 (optional pre-release)
    '$',
  ].join(''),
);

/** Thrown for a Python version that is not `MAJOR.MINOR[.PATCH][{a|b|rc}N]`. */
export class PythonVersionError extends Error {
  override readonly name = 'PythonVersionError';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`bad Python version ${JSON.stringify(input)}: ${reason}`);
  }
}

/** The largest minor, patch or pre-release number taken. */
const MAX_PART = 9999;

/** Parses `3.12`, `3.12.1` or `3.13.0rc1`; throws a {@link PythonVersionError} otherwise. */
export function parsePythonVersion(input: string): PythonVersion {
  const match = PYTHON_VERSION.exec(input.trim());
  if (match?.groups === undefined) {
    throw new PythonVersionError(
      input,
      'expected MAJOR.MINOR or MAJOR.MINOR.PATCH, like "3.12" or "3.12.1"',
    );
  }
  const { major, minor, patch, preKind, preNumber } = match.groups;
  const version: PythonVersion = {
    major: Number(major),
    minor: Number(minor),
    patch: patch === undefined ? 0 : Number(patch),
    pre:
      preKind === undefined
        ? null
        : { kind: preKind as 'a' | 'b' | 'rc', number: Number(preNumber) },
  };
  if (version.major !== 2 && version.major !== 3) {
    throw new PythonVersionError(input, 'only Python 2 and Python 3 exist');
  }
  // Past 2^53 a number is no longer the one typed ("3.12.99999999999999999999" came back as
  // 3.12.100000000000000000000); no Python release numbers anything near 10,000.
  if ([version.minor, version.patch, version.pre?.number ?? 0].some((n) => n > MAX_PART)) {
    throw new PythonVersionError(input, `a minor, patch or pre-release number above ${MAX_PART} is not a Python release`);
  }
  return version;
}

export function tryParsePythonVersion(input: string): PythonVersion | null {
  try {
    return parsePythonVersion(input);
  } catch {
    return null;
  }
}

/** The full form: `3.12` becomes `3.12.0`. */
export function formatPythonVersion(version: PythonVersion): string {
  const pre = version.pre === null ? '' : `${version.pre.kind}${version.pre.number}`;
  return `${version.major}.${version.minor}.${version.patch}${pre}`;
}

/** `"3.12"` → `"3.12.0"`; throws for anything that is not a Python version. */
export function normalizePythonVersion(input: string): string {
  return formatPythonVersion(parsePythonVersion(input));
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

export function comparePythonVersions(a: PythonVersion, b: PythonVersion): number {
  return (
    a.major - b.major ||
    a.minor - b.minor ||
    a.patch - b.patch ||
    // A final release sorts after its pre-releases.
    (a.pre === null ? 3 : PRE_RANK[a.pre.kind]) - (b.pre === null ? 3 : PRE_RANK[b.pre.kind]) ||
    (a.pre?.number ?? 0) - (b.pre?.number ?? 0)
  );
}

/** The last final patch release of each CPython series (2.7, then 3.0 on). */
const LAST_PATCH_RELEASE: ReadonlyArray<readonly [series: string, lastPatch: number]> = [
  ['2.7', 18],
  ['3.0', 1],
  ['3.1', 5],
  ['3.2', 6],
  ['3.3', 7],
  ['3.4', 10],
  ['3.5', 10],
  ['3.6', 15],
  ['3.7', 17],
  ['3.8', 20],
  ['3.9', 25],
  ['3.10', 19],
  ['3.11', 14],
  ['3.12', 12],
  ['3.13', 9],
  ['3.14', 0],
];

/** Every final CPython release from 2.7.0 to 3.14.0, ascending. */
export const KNOWN_PYTHON_VERSIONS: readonly string[] = Object.freeze(
  LAST_PATCH_RELEASE.flatMap(([series, lastPatch]) =>
    Array.from({ length: lastPatch + 1 }, (_, patch) => `${series}.${patch}`),
  ),
);

/**
 * The versions the virtual `python` package offers for a target: the known
 * releases plus the target's own full version when it is not among them
 * (a pre-release, or a release newer than this list), sorted ascending.
 */
export function pythonVersionsWith(target: string): string[] {
  const own = normalizePythonVersion(target);
  if (KNOWN_PYTHON_VERSIONS.includes(own)) return [...KNOWN_PYTHON_VERSIONS];
  return [...KNOWN_PYTHON_VERSIONS, own]
    .map(parsePythonVersion)
    .sort(comparePythonVersions)
    .map(formatPythonVersion);
}
