/**
 * What the fuzzer feeds, and what each parser may answer: a value, or one of its own typed
 * errors. Anything else (a RangeError from a deep stack, a TypeError from a field taken on
 * trust) is a finding. Seeds come from real files (../shared/data when present) and from a few
 * hostile shapes; mutations splice in the tokens that break parsers: brackets, quotes,
 * backslashes, comment signs, separators, long runs, `__proto__`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  baseTemplates,
  decodePermalink,
  encodePermalink,
  InvalidWheelTagError,
  normalizePythonVersion,
  OsvError,
  parseConstraints,
  parseInstalledSet,
  parseOsvText,
  parsePlatformSpec,
  parseWheelTags,
  PythonVersionError,
  TargetError,
  evaluateMarker,
  formatMarker,
  formatRequirement,
  InvalidMarkerError,
  InvalidRequirementError,
  InvalidSpecifierError,
  loadPackseScenario,
  parseMarker,
  parsePo,
  parsePyproject,
  parseRequirement,
  parseRequirementsTxt,
  parseScenarioFile,
  parseSnapshotText,
  parseSpecifierSet,
  parseStudy,
  parseStudyText,
  parseWordingFile,
  PermalinkError,
  PoSyntaxError,
  ScenarioError,
  serializeScenarioFile,
  serializeWordingVariant,
  SnapshotError,
  StudyError,
  tryParseVersion,
  variantFromPo,
  variantToPo,
  variantWording,
  type WordingCheck,
} from '../../src/core/index.ts';
import { studyJson } from '../unit/study/fixtures.ts';
import { IndexRequestError, parseNetrc, parseCoreMetadata, parseDistributionFilename, parseHtmlProjectPage, parseJsonApiRelease, parseProjectPage } from '../../src/sources/index.ts';
import { sharedDataDir } from '../../src/cli/files.ts';

export interface FuzzTarget {
  readonly name: string;
  /** Throws only what the contract allows; the fuzzer calls anything else a finding. */
  run(input: string): void;
  readonly allowed: readonly (abstract new (...args: never[]) => Error)[];
  readonly seeds: readonly string[];
}

/** Errors that name themselves (`FieldError`, `ScenarioFileError`...) are typed answers too. */
const OWN_ERROR_NAMES = new Set(['FieldError', 'ScenarioFileError', 'TargetError', 'PythonVersionError', 'InvalidVersionError']);

export function isAllowed(target: FuzzTarget, error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return target.allowed.some((type) => error instanceof type) || OWN_ERROR_NAMES.has(error.name);
}

const HOSTILE_TOKENS = ['(', ')', '[', ']', '{', '}', '"', "'", '\\', '#', ';', ',', '@', '==', '<', '>=', '~=', '!', '*', ' ', '\t', '\n', '\r\n', '\u2028', '\uFEFF', '\u0000', 'and ', 'or ', 'extra == "x"', '__proto__', 'constructor', '${X}', '-r ', '--hash=', '<a href="', '&amp;', '<!--', 'javascript:'];

/** A seed changed at a few places: a token spliced in, a slice repeated, a slice cut out. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...HOSTILE_TOKENS), times: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1000, max: 12_000 })) }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }), times: fc.integer({ min: 2, max: 300 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let text = seed;
    for (const e of edits) {
      const at = text.length === 0 ? 0 : e.at % (text.length + 1);
      if (e.kind === 'insert') text = text.slice(0, at) + e.token.repeat(e.times) + text.slice(at);
      else if (e.kind === 'repeat') text = text.slice(0, at) + text.slice(at, at + e.length).repeat(e.times) + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + e.length);
    }
    return text;
  });
}

/** Inputs for a target: its mutated seeds, and strings of any kind. */
export function inputsFor(target: FuzzTarget): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: mutated(target.seeds), weight: 4 }, { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), weight: 1 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 100 }), weight: 1 });
}

function sharedFiles(folder: string, limit: number, maxBytes = 64 * 1024): string[] {
  const data = sharedDataDir();
  const dir = data ? join(data, folder) : null;
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && statSync(path).size <= maxBytes)
    .slice(0, limit)
    .map((path) => readFileSync(path, 'utf8'));
}

const REQUIREMENT_SEEDS = ['requests[socks,security]>=2.8.1,==2.8.*; python_version < "2.7" and (os_name == "posix" or extra == "x")', 'name @ https://example.com/a.whl ; sys_platform == "win32"', 'botocore (<2.0.0,>=1.5.40)', 'a'];
const TXT_SEEDS = ['# tools\nblack>=22.1  # pinned\n-r other.txt\n--pre\nrequests[socks] ; python_version >= "3" \\\n  --hash=sha256:ab\n--no-binary :all:,:none:\n', ...sharedFiles('requirements', 12, 4096)];
const SNAPSHOT_SEED = JSON.stringify({ format: 'index-snapshot/1', projects: { a: { versions: { '1.0': { requires_dist: ['b>=1; extra == "x"'], provides_extra: ['x'], yanked: 'bad', requires_python: '>=3.8', wheel_tags: ['py3-none-any'] } } }, b: { versions: { '2.0': {} } } } });
const PAGE_JSON_SEED = JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'a', versions: ['1.0'], files: [{ filename: 'a-1.0-py3-none-any.whl', url: 'https://x/a-1.0-py3-none-any.whl', hashes: { sha256: 'ab' }, 'requires-python': '>=3', yanked: false, 'core-metadata': { sha256: 'cd' }, 'upload-time': '2024-01-01T00:00:00Z', size: 3 }] });
const PAGE_HTML_SEED = '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"><title>Links for a</title></head><body><a href="../../files/a-1.0.tar.gz#sha256=ab" data-requires-python="&gt;=3.8" data-yanked="" data-core-metadata="sha256=cd">a-1.0.tar.gz</a><br/></body></html>';
const PACKSE_SEED = 'name = "x"\n[root]\nrequires = ["a[x]>=1"]\n[expected]\nsatisfiable = true\n[packages.a.versions."1.0.0"]\nrequires = ["b"]\nextras = { x = ["c"] }\n[packages.b.versions."2.0.0"]\n';
const PYPROJECT_SEED = '[project]\nname = "x"\ndependencies = ["a>=1", "b; python_version < \'3.9\'"]\n[project.optional-dependencies]\nx = ["c"]\n[dependency-groups]\ndev = ["d", {include-group = "x"}]\n';

const [PIP_KEY, PIP_BASE] = [...baseTemplates('pip')][0]!;
const WORDING_SEED = JSON.stringify({ format: 'pipette-wording/1', id: 'short-pip', name: 'Shorter pip', language: 'en-GB', description: 'Fewer words.\nTwo lines.', templates: { pip: { [PIP_KEY]: PIP_BASE.text.replace(/\w+/, 'Shorter') } } });

/** `step` after a read that succeeded, where even a parser's own typed error is a finding. */
function untyped<T>(step: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(`${step} failed: ${(error as Error).message}`);
  }
}

/** A usable variant read back from its own file and its own PO file is the same variant, and never an error. */
function roundTrips(check: WordingCheck): void {
  const variant = check.variant;
  if (!variant) return;
  variantWording(variant);
  const again = parseWordingFile(serializeWordingVariant(variant));
  if (JSON.stringify(again.variant) !== JSON.stringify(variant)) throw new Error(`the variant written and read again differs: ${JSON.stringify(again.variant)}`);
  const fromPo = variantFromPo(variantToPo(variant), variant.id);
  const errors = fromPo.issues.filter((issue) => issue.severity === 'error');
  if (!fromPo.variant || errors.length > 0) throw new Error(`the variant's own PO file is refused: ${JSON.stringify(errors)}`);
  if (JSON.stringify(fromPo.variant.templates) !== JSON.stringify(variant.templates)) throw new Error(`the templates read from the variant's own PO file differ: ${JSON.stringify(fromPo.variant.templates)}`);
}

const FREEZE_SEED = '# pip freeze\nrequests==2.31.0\n-e git+https://github.com/a/b.git@v1#egg=b\nc @ file:///tmp/c-1.0-py3-none-any.whl\nd===1.0.dev0+local\n## The following requirements were added by pip freeze:\n';
const INSPECT_SEED = JSON.stringify({ version: '1', pip_version: '23.2', installed: [{ metadata: { name: 'requests', version: '2.31.0', requires_dist: ['idna<4,>=2.5'] }, requested: true, installer: 'pip' }], environment: { python_version: '3.11', sys_platform: 'linux', platform_machine: 'x86_64' } });
const PYLOCK_SEED = 'lock-version = "1.0"\ncreated-by = "uv"\nrequires-python = ">=3.9"\n[[packages]]\nname = "requests"\nversion = "2.31.0"\nmarker = "python_version >= \'3.8\'"\n[[packages.wheels]]\nname = "requests-2.31.0-py3-none-any.whl"\n';
const OSV_SEED = JSON.stringify({ id: 'PYSEC-2006-1', modified: '2021-01-01T00:00:00Z', details: 'x', affected: [{ package: { name: 'cherrypy', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.1.1' }] }], versions: ['2.0.0-final', '2.1.0-beta'] }], aliases: ['CVE-2006-0847'] });

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'requirements.txt',
    allowed: [],
    seeds: TXT_SEEDS,
    run: (text) => void parseRequirementsTxt(text),
  },
  {
    name: 'pyproject.toml',
    allowed: [],
    seeds: [PYPROJECT_SEED],
    run: (text) => void parsePyproject(text),
  },
  {
    name: 'requirement (parse, format, parse again, evaluate)',
    allowed: [InvalidRequirementError],
    seeds: REQUIREMENT_SEEDS,
    run: (text) => {
      const requirement = parseRequirement(text);
      const again = parseRequirement(formatRequirement(requirement));
      if (formatRequirement(again) !== formatRequirement(requirement)) throw new Error(`format is not stable: ${formatRequirement(requirement)}`);
      if (requirement.marker) evaluateMarker(requirement.marker, {}, ['x']);
    },
  },
  {
    name: 'marker',
    allowed: [InvalidMarkerError],
    seeds: ['python_version < "3.8" and (extra == "x" or os_name != \'nt\')', 'platform_machine in "x86_64 aarch64"'],
    run: (text) => {
      const marker = parseMarker(text);
      formatMarker(marker);
      evaluateMarker(marker, {});
    },
  },
  {
    name: 'version and specifier',
    allowed: [InvalidSpecifierError],
    seeds: ['1!2.0.post1.dev3+local.7', '>=1.0,<2,!=1.5.*,~=1.2,===foo'],
    run: (text) => {
      tryParseVersion(text);
      parseSpecifierSet(text);
    },
  },
  { name: 'index snapshot', allowed: [SnapshotError], seeds: [SNAPSHOT_SEED], run: (text) => void parseSnapshotText(text) },
  { name: 'packse scenario', allowed: [ScenarioError], seeds: [PACKSE_SEED], run: (text) => void loadPackseScenario(text, 'fuzz.toml') },
  { name: 'scenario file', allowed: [], seeds: [JSON.stringify({ format: 'pipette-scenario/1', id: 'x', title: 'X', requirements: 'a\n', target: {}, options: {}, index: JSON.parse(SNAPSHOT_SEED) })], run: (text) => {
      // What was read is written as it was read: read again, it is the same scenario.
      const scenario = parseScenarioFile(text);
      const again = untyped('reading the written scenario again', () => parseScenarioFile(serializeScenarioFile(scenario)));
      if (JSON.stringify(again) !== JSON.stringify(scenario)) throw new Error('the scenario written and read again differs');
    } },
  { name: 'permalink', allowed: [PermalinkError], seeds: ['#eJyrVkrOz0nNKy5JTVGyUlAqSa0oUagFAF0ICE0', 'AAAA'], run: (text) => {
      const state = decodePermalink(text);
      const again = untyped('linking the workspace again', () => decodePermalink(encodePermalink(state)));
      if (JSON.stringify(again) !== JSON.stringify(state)) throw new Error('the workspace linked again differs');
    } },
  {
    name: 'PEP 691 page',
    allowed: [IndexRequestError],
    seeds: [PAGE_JSON_SEED],
    run: (text) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return;
      }
      parseProjectPage(data, 'https://index.test/simple/a/');
      try {
        parseJsonApiRelease(data, 'https://index.test/pypi/a/1.0/json');
      } catch (error) {
        if (!(error instanceof IndexRequestError)) throw error;
      }
    },
  },
  {
    name: 'study file (read, and read again as written)',
    allowed: [StudyError],
    seeds: [JSON.stringify(studyJson(), null, 2)],
    run: (text) => {
      const study = parseStudyText(text);
      untyped('reading the study again as written', () => parseStudy(JSON.parse(JSON.stringify(study))));
    },
  },
  // Checking a wording file never throws: every problem is an issue naming its place.
  { name: 'wording file (and its round trips)', allowed: [], seeds: [WORDING_SEED], run: (text) => roundTrips(parseWordingFile(text)) },
  {
    name: 'PO file of a wording variant',
    allowed: [],
    seeds: [variantToPo(parseWordingFile(WORDING_SEED).variant!)],
    run: (text) => {
      // parsePo's own syntax errors are its answer; variantFromPo turns them into issues.
      try {
        parsePo(text);
      } catch (error) {
        if (!(error instanceof PoSyntaxError)) throw error;
      }
      roundTrips(variantFromPo(text));
    },
  },
  // The user's environment, as pip freeze, pip inspect or pylock.toml: every problem is a line's.
  { name: 'installed set (pip freeze, pip inspect, pylock.toml)', allowed: [], seeds: [FREEZE_SEED, INSPECT_SEED, PYLOCK_SEED], run: (text) => void parseInstalledSet(text, 'installed.txt') },
  { name: 'constraints file', allowed: [], seeds: ['# pins\nurllib3<2\nrequests[socks]==2.31.0\n-c other.txt\nname @ https://x/a.whl\n'], run: (text) => void parseConstraints(text, 'constraints.txt') },
  { name: 'OSV advisory', allowed: [OsvError], seeds: [OSV_SEED, `[${OSV_SEED}]`], run: (text) => void parseOsvText(text, 'advisory.json') },
  { name: 'netrc', allowed: [], seeds: ['machine pypi.example.com\n  login alice\n  password "s3 cret"\n# comment\ndefault login anonymous password x\nmacdef init\ncd /\n\n'], run: (text) => void parseNetrc(text) },
  {
    name: 'platform, Python version and wheel tags',
    allowed: [TargetError, PythonVersionError, InvalidWheelTagError],
    seeds: ['linux_x86_64', 'manylinux_2_28_aarch64', 'macosx_14_0_arm64', 'win_amd64', 'musllinux_1_2_x86_64', '3.12', '3.13t', 'cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64'],
    run: (text) => {
      for (const parse of [parsePlatformSpec, normalizePythonVersion, parseWheelTags] as const) {
        try {
          parse(text);
        } catch (error) {
          if (!(error instanceof TargetError || error instanceof PythonVersionError || error instanceof InvalidWheelTagError)) throw error;
        }
      }
    },
  },
  { name: 'PEP 503 page', allowed: [IndexRequestError], seeds: [PAGE_HTML_SEED], run: (text) => void parseHtmlProjectPage(text, 'https://index.test/simple/a/') },
  {
    name: 'core metadata and file names',
    allowed: [IndexRequestError],
    seeds: ['Metadata-Version: 2.1\nName: a\nVersion: 1.0\nRequires-Dist: b>=1; extra == "x"\nProvides-Extra: x\nRequires-Python: >=3.8\n\nbody', 'a-1.0-cp312-cp312-manylinux_2_17_x86_64.whl'],
    run: (text) => {
      parseCoreMetadata(text, 'METADATA');
      parseDistributionFilename(text, 'a');
    },
  },
];
