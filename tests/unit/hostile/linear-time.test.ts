/**
 * Every parser of untrusted text runs in linear time: each is fed hostile inputs at its size
 * limit (long runs of whitespace, backslashes, quotes, brackets, separators, long words), and
 * its cost is compared with that of sixteen inputs a sixteenth of the size (a ratio, not a
 * wall-clock bound: about 1 when linear, about 16 when quadratic; more than 6 fails).
 */
import { describe, expect, it } from 'vitest';
import {
  loadPackseScenario,
  MAX_SCENARIO_CHARS,
  parseMarker,
  parsePyproject,
  parseRequirement,
  parseRequirementsTxt,
  parseScenarioFile,
  parseSnapshotText,
  parseSpecifierSet,
  tryParseVersion,
} from '../../../src/core/index.ts';
import { DEFAULT_BODY_LIMITS, parseCoreMetadata, parseDistributionFilename, parseHtmlProjectPage } from '../../../src/sources/index.ts';
import { repeatTo, superlinearity } from '../../support/linear-time.ts';

const MiB = 1024 * 1024;
/** The import limit for a requirements file, and the CLI's (src/cache/imports.ts, src/cli/main.ts). */
const REQUIREMENTS_LIMIT = MiB;
/** The import limit for TOML (pyproject.toml, packse scenarios). */
const TOML_LIMIT = 4 * MiB;
/** Requirements and versions come one by one from index data: a line of a metadata file at most. */
const FIELD_LIMIT = DEFAULT_BODY_LIMITS.metadataFile;
/** How much slower than linear a parser may look before it is called superlinear. */
const TOLERANCE = 6;

const quietly = (parse: (text: string) => unknown) => (text: string) => {
  try {
    parse(text);
  } catch {
    // A typed error is an answer too; only the time matters here.
  }
};

/** A hostile input; `size` when the limit's worth of it would take seconds (many small items, each parsed). */
type Case = readonly [name: string, make: (size: number) => string, size?: number];

function check(parse: (text: string) => unknown, cases: readonly Case[], limit: number) {
  it.each(cases.map(([name, make, size]) => ({ name, make, size: Math.min(size ?? limit, limit) })))('$name', ({ make, size }) => {
    expect(superlinearity(quietly(parse), make, size)).toBeLessThan(TOLERANCE);
  });
}

/** For inputs of many small items: linear, but a limit's worth takes seconds. */
const ITEMS = 128 * 1024;

describe('requirements.txt at its 1 MiB limit', () => {
  check(
    (text) => parseRequirementsTxt(text),
    [
      ['a run of spaces with no comment', (n) => repeatTo(' ', n, 'a', 'b'), ITEMS],
      ['a run of spaces and tabs before a comment', (n) => repeatTo(' \t', n, 'a', '#x')],
      ['a run of backslashes', (n) => repeatTo('\\', n, '', 'x\\')],
      ['one long --hash', (n) => repeatTo('a', n, 'a --hash=sha256:')],
      ['continued lines full of ${VARIABLES}', (n) => repeatTo('a ${X} \\\n', n), ITEMS],
      ['--no-binary :all:,:none:,...', (n) => repeatTo(':all:,:none:,', n, '--no-binary '), ITEMS],
      ['a long marker word', (n) => repeatTo('x', n, 'a; ')],
      ['unclosed quotes', (n) => repeatTo("a '", n)],
      ['a long specifier list', (n) => repeatTo('>=1,', n, 'a', '>=1'), ITEMS],
      ['many lines', (n) => repeatTo('a>=1; python_version < "3"\n', n), ITEMS],
      ['many long comments', (n) => repeatTo(`a ${' '.repeat(60)}# comment\n`, n)],
      ['nested parentheses', (n) => repeatTo('(', n, 'a; ')],
    ],
    REQUIREMENTS_LIMIT,
  );
});

describe('pyproject.toml at the 4 MiB TOML limit', () => {
  check(
    (text) => parsePyproject(text),
    [
      ['a long dependency list', (n) => repeatTo('"a>=1",', n, '[project]\nname = "x"\ndependencies = [', ']\n'), ITEMS],
      ['a run of spaces in an array', (n) => repeatTo(' ', n, '[project]\ndependencies = [', 'x')],
      ['nested arrays', (n) => repeatTo('[', n, 'a = ')],
      ['a long string of quotes', (n) => repeatTo('"', n, 'a = ')],
    ],
    TOML_LIMIT,
  );
});

describe('a packse scenario at the 4 MiB TOML limit', () => {
  check((text) => loadPackseScenario(text, 'hostile.toml'), [['a long requirement list', (n) => repeatTo('"a>=1",', n, 'name = "x"\n[root]\nrequires = [', ']\n'), ITEMS]], TOML_LIMIT);
});

describe('one requirement, marker, version or specifier at the metadata file limit', () => {
  check((text) => parseRequirement(text), [
    ['a long name', (n) => repeatTo('a', n)],
    ['long extras', (n) => repeatTo('x,', n, 'a[', 'x]'), ITEMS],
    ['a run of spaces', (n) => repeatTo(' ', n, 'a', 'b')],
    ['a long URL', (n) => repeatTo('/', n, 'a @ https://x')],
  ], FIELD_LIMIT);
  check((text) => parseMarker(text), [
    ['a long unknown variable (the suggestion is bounded)', (n) => repeatTo('x', n)],
    ['a misspelt variable after spaces', (n) => repeatTo(' ', n, '', 'pyton_version == "3"')],
    ['an unclosed string', (n) => repeatTo('a', n, 'os_name == "')],
  ], FIELD_LIMIT);
  check((text) => tryParseVersion(text), [
    ['long digits', (n) => repeatTo('1', n, '', 'x')],
    ['long dotted release', (n) => repeatTo('1.', n, '', 'x'), ITEMS],
    ['a run of spaces', (n) => repeatTo(' ', n, '1', 'x')],
    ['a long local label', (n) => repeatTo('a.', n, '1+', '!')],
  ], FIELD_LIMIT);
  check((text) => parseSpecifierSet(text), [
    ['many clauses', (n) => repeatTo('>=1,', n, '', 'x'), ITEMS],
    ['a long version', (n) => repeatTo('1.', n, '>=', 'x')],
    ['a run of spaces', (n) => repeatTo(' ', n, '>=1', 'x')],
  ], FIELD_LIMIT);
});

describe('index data', () => {
  check((text) => parseCoreMetadata(text, 'METADATA'), [
    ['many Requires-Dist lines', (n) => repeatTo('Requires-Dist: b>=1\n', n, 'Metadata-Version: 2.1\nName: a\nVersion: 1\n'), ITEMS],
    ['a long continued field', (n) => repeatTo('        y\n', n, 'Metadata-Version: 2.1\nName: a\nVersion: 1\nDescription: x\n'), ITEMS],
  ], DEFAULT_BODY_LIMITS.metadataFile);
  check((text) => parseDistributionFilename(text, 'a'), [['a long wheel name', (n) => repeatTo('1-', n, 'a-', '.whl')]], FIELD_LIMIT);
  check((text) => parseHtmlProjectPage(text, 'https://index.test/simple/a/'), [
    ['many links', (n) => repeatTo('<a href="a-1.0.tar.gz">a-1.0.tar.gz</a>\n', n), ITEMS],
    ['a run of <', (n) => repeatTo('<', n), ITEMS],
    ['an endless tag', (n) => repeatTo('b ', n, '<a '), ITEMS],
    ['an endless entity run', (n) => repeatTo('&amp', n, '<a href="')],
    ['unclosed comments', (n) => repeatTo('<!--', n)],
    ['links never closed', (n) => repeatTo('<a href="example-1.0.tar.gz">', n), ITEMS],
    ['a run of ampersands in an attribute', (n) => repeatTo('&', n, '<a href="example-1.0.tar.gz" data-yanked="', '">')],
    ['almost references', (n) => repeatTo('&#x1&gt', n, '<a href="example-1.0.tar.gz" data-yanked="', '">')],
    ['end tags in a script', (n) => repeatTo('</scrip', n, '<script>')],
    ['less-than signs in text', (n) => repeatTo('< <', n, '<p>')],
  ], DEFAULT_BODY_LIMITS.projectPage);
  check((text) => parseSnapshotText(text), [
    ['one long requirement', (n) => repeatTo(' ', n, '{"format":"index-snapshot/1","projects":{"a":{"versions":{"1.0":{"requires_dist":["b', '"]}}}}}')],
    ['many requirements', (n) => repeatTo('"b>=1; os_name == \\"x\\"",', n, '{"format":"index-snapshot/1","projects":{"a":{"versions":{"1.0":{"requires_dist":[', '"c"]}}}}}'), ITEMS],
  ], 16 * MiB);
  check((text) => parseScenarioFile(text), [['a long requirements text', (n) => repeatTo(' \\n', n, '{"format":"pipette-scenario/1","requirements":"a', '"}')]], MAX_SCENARIO_CHARS);
});
