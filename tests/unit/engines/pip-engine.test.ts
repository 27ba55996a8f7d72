/**
 * The pip and legacy engines on small hand-made indexes (pip's words for each kind of
 * failure, the yanked and pre-release rules, the first-requirement-wins of pip 20.2), and on
 * the shared cases against what pip itself printed (skipped, saying so, without ../shared).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engine, IndexProvider, loadSnapshot, makeTarget, parseRequirement, type EngineName, type ResolveRequest } from '../../../src/core/index.ts';
import { filterVersions, requirementText, specifierSetText } from '../../../src/core/engines/pip/packaging.ts';
import { formatSize, metadataSize } from '../../../src/core/engines/pip/log.ts';
import { LayeredProvider, type IndexFile } from '../../../src/core/solver/provider.ts';
import { brokenNames } from '../../../src/ui/components/EngineComparison/broken.ts';
import { parseSpecifierSet, parseVersion } from '../../../src/core/index.ts';
import { readProblem, requestFor, sharedDataDir } from '../../../src/cli/files.ts';

type Versions = Record<string, { requires_dist?: string[]; provides_extra?: string[]; yanked?: boolean | string; requires_python?: string }>;

function provider(projects: Record<string, Versions>): IndexProvider {
  const snapshot = { format: 'index-snapshot/1', source: 'test', projects: Object.fromEntries(Object.entries(projects).map(([name, versions]) => [name, { versions }])) };
  return new IndexProvider(loadSnapshot(snapshot).index);
}

async function runEngine(name: EngineName, projects: Record<string, Versions>, requirements: string[], extra: Partial<ResolveRequest> = {}) {
  const request: ResolveRequest = { requirements: requirements.map((r) => parseRequirement(r)), target: makeTarget({ python: '3.11' }), ...extra };
  return engine(name).run(provider(projects), request, {}, { pythonVersion: '3.11.7' });
}

describe('packaging 21.3 as pip 23.2 uses it', () => {
  it.each([
    ['>=1.0,<2', '<2,>=1.0'],
    ['==1.0', '==1.0'],
    ['>1.0, !=1.5, <3', '!=1.5,<3,>1.0'],
  ])('str(SpecifierSet(%s)) is %s', (input, expected) => {
    expect(specifierSetText(parseSpecifierSet(input))).toBe(expected);
  });

  it('writes a requirement with its extras as written, specifiers sorted and the marker', () => {
    expect(requirementText(parseRequirement('Celery[Redis] >=5.3 ; python_version < "3.12"'))).toBe('Celery[Redis]>=5.3; python_version < "3.12"');
  });

  it.each([
    ['', ['1.0', '2.0b1'], ['1.0']],
    ['', ['2.0b1'], ['2.0b1']],
    ['>=1.0', ['2.0b1'], []],
    ['>=2.0b1', ['1.0', '2.0b1'], ['2.0b1']],
    ['<3', ['1.0', '2.0b1'], ['1.0']],
  ])('SpecifierSet(%j).filter(%j) gives %j', (spec, versions, expected) => {
    expect(filterVersions(parseSpecifierSet(spec), versions, (v) => parseVersion(v), null)).toEqual(expected);
  });

  it("formats sizes as pip's format_size", () => {
    expect([formatSize(92), formatSize(1100), formatSize(15000), formatSize(2_500_000)]).toEqual(['92 bytes', '1.1 kB', '15 kB', '2.5 MB']);
    expect(metadataSize({ name: 'B', version: '1.0.0', requiresPython: null, requiresDist: [], providesExtra: [] })).toBe(46);
  });
});

describe('the pip engine', () => {
  const clash = {
    a: { '1.0': { requires_dist: ['c==1.0'] }, '2.0': { requires_dist: ['c==2.0'] } },
    b: { '1.0': { requires_dist: ['c==3.0'] } },
    c: { '1.0': {}, '2.0': {}, '3.0': {} },
  };

  // What pip 23.2.1 printed for this index (pip_resolve.py, "Obtaining"/"Downloading" lines left out).
  it('words a conflict as pip 23.2.1 does on the same index', async () => {
    const run = await runEngine('pip', clash, ['a', 'b']);
    expect(run.result.ok).toBe(false);
    expect(run.pip!.captured.filter((l) => !/^\s+(Obtaining|Downloading) /.test(l))).toEqual([
      'Looking in indexes: INDEX_URL/simple/',
      'Collecting a (from -r requirements.txt (line 1))',
      'Collecting b (from -r requirements.txt (line 2))',
      'Collecting c==2.0 (from a->-r requirements.txt (line 1))',
      'INFO: pip is looking at multiple versions of b to determine which version is compatible with other requirements. This could take a while.',
      'Collecting a (from -r requirements.txt (line 1))',
      'Collecting c==1.0 (from a->-r requirements.txt (line 1))',
      '',
      'The conflict is caused by:',
      '    a 1.0 depends on c==1.0',
      '    b 1.0 depends on c==3.0',
      '',
      'To fix this you could try to:',
      "1. loosen the range of package versions you've specified",
      '2. remove package versions to allow pip attempt to solve the dependency conflict',
      '',
      'ERROR: Cannot install -r requirements.txt (line 1) and -r requirements.txt (line 2) because these package versions have conflicting dependencies.',
      'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
    ]);
  });

  // pip 23.2.1 on packse's extra-required: the marker is parsed apart when the candidate is made from its link.
  it('collects a dependency of an extra without its marker, and names the chain without markers', async () => {
    const run = await runEngine('pip', { a: { '1.0': { requires_dist: ['b; extra == "extra"', 'c; python_version >= "3"'], provides_extra: ['extra'] } }, b: { '1.0': { requires_dist: ['d'] } }, c: { '1.0': {} }, d: { '1.0': {} } }, ['a[extra]']);
    expect(run.result.ok).toBe(true);
    expect(run.pip!.captured.filter((l) => l.startsWith('Collecting '))).toEqual([
      'Collecting a[extra] (from -r requirements.txt (line 1))',
      'Collecting b (from a[extra]->-r requirements.txt (line 1))',
      'Collecting c (from a[extra]->-r requirements.txt (line 1))',
      'Collecting d (from b->a[extra]->-r requirements.txt (line 1))',
    ]);
  });

  it('lists what exists and the versions skipped for Requires-Python when nothing matches', async () => {
    const run = await runEngine('pip', { a: { '1.0': {}, '2.0': { requires_python: '>=3.12' } } }, ['a>=2']);
    expect(run.pip!.stderr).toEqual([
      'ERROR: Ignored the following versions that require a different python version: 2.0 Requires-Python >=3.12',
      'ERROR: Could not find a version that satisfies the requirement a>=2 (from versions: 1.0)',
      'ERROR: No matching distribution found for a>=2',
    ]);
  });

  it('takes a yanked release only when pinned and nothing else matches, with the warning', async () => {
    const projects = { a: { '1.0': {}, '2.0': { yanked: 'broken' } } };
    const unpinned = await runEngine('pip', projects, ['a']);
    expect(unpinned.result.ok && unpinned.result.packages.map((p) => p.version)).toEqual(['1.0']);
    const pinned = await runEngine('pip', projects, ['a==2.0']);
    expect(pinned.result.ok && pinned.result.packages.map((p) => p.version)).toEqual(['2.0']);
    expect(pinned.pip!.stderr[0]).toMatch(/^WARNING: The candidate selected for download or install is a yanked version: 'a' candidate \(version 2\.0 at .*a-2\.0-py3-none-any\.whl\)$/);
    expect(pinned.pip!.stderr[1]).toBe('Reason for being yanked: broken');
  });

  it('says "Would install" with the names and versions as published', async () => {
    const run = await runEngine('pip', { Flask: { '2.0': { requires_dist: ['itsdangerous>=2'] } }, itsdangerous: { '2.1': {} } }, ['flask']);
    expect(run.output!.at(-1)).toBe('Would install Flask-2.0 itsdangerous-2.1');
    expect(run.output).toContain('Collecting itsdangerous>=2 (from flask->-r requirements.txt (line 1))');
  });
});

describe("the files' URLs", () => {
  /** A snapshot whose files have URLs of their own, as a live index gives them (pip's engines ask the provider). */
  class WithFileUrls extends LayeredProvider {
    override indexFile(key: string, index: number, wheelTag: string | null): IndexFile | undefined {
      const where: Record<string, string> = {
        a: 'https://files.pythonhosted.org/packages/ab/cd/',
        b: 'https://ci:s3cret@private.example/files/',
      };
      return where[key] === undefined || wheelTag === null ? undefined : { url: `${where[key]}${key}-${index === 0 ? '1.0' : '?'}-${wheelTag}.whl#sha256=00`, hashes: {} };
    }
  }
  const projects = { a: { '1.0': { requires_dist: ['b', 'c'] } }, b: { '1.0': {} }, c: { '1.0': {} } };

  it.each(['pip', 'legacy'] as const)('the %s engine prints the URL the index gave, as pip does: the file name alone on files.pythonhosted.org, never a password', async (name) => {
    const request: ResolveRequest = { requirements: [parseRequirement('a')], target: makeTarget({ python: '3.11' }) };
    const run = await engine(name).run(new WithFileUrls(provider(projects)), request, {}, { pythonVersion: '3.11.7' });
    const output = run.output!.join('\n');
    const downloads = run.output!.filter((line) => /^\s*Downloading /.test(line)).map((line) => line.trim().replace(/ \(.*\)$/, ''));
    expect(downloads).toContain('Downloading a-1.0-py3-none-any.whl');
    expect(downloads).toContain('Downloading https://ci:****@private.example/files/b-1.0-py3-none-any.whl');
    // A provider without URLs for a file: where an index serving the snapshot would put it.
    expect(downloads).toContain('Downloading INDEX_URL/simple/c/c-1.0-py3-none-any.whl');
    expect(output).not.toContain('s3cret');
    expect(output).not.toContain('#sha256');
    if (name === 'pip') expect(output).toContain('Obtaining dependency information for a from https://files.pythonhosted.org/packages/ab/cd/a-1.0-py3-none-any.whl.metadata');
  });
});

describe('the legacy engine', () => {
  it("keeps the first requirement seen, installs anyway, and prints pip 20.2's conflict line", async () => {
    const run = await runEngine('legacy', { a: { '1.0': { requires_dist: ['c'] } }, b: { '1.0': { requires_dist: ['c<2'] } }, c: { '1.0': {}, '2.0': {} } }, ['a', 'b']);
    expect(run.result.ok && run.result.packages.map((p) => `${p.key}==${p.version}`)).toEqual(['a==1.0', 'b==1.0', 'c==2.0']);
    expect(run.legacy!.conflicts.map((c) => c.line)).toEqual(["b 1.0 requires c<2, but you'll have c 2.0 which is incompatible."]);
    expect(brokenNames(run.legacy!.conflicts.map((c) => c.line))).toEqual(new Set(['b', 'c']));
  });

  it('stops when a requirement matches nothing', async () => {
    const run = await runEngine('legacy', { a: { '1.0': {} } }, ['a>1']);
    expect(run.result.ok).toBe(false);
    expect(run.legacy!.stderr).toEqual([
      'ERROR: Could not find a version that satisfies the requirement a>1 (from -r requirements.txt (line 1)) (from versions: 1.0)',
      'ERROR: No matching distribution found for a>1 (from -r requirements.txt (line 1))',
    ]);
  });
});

const data = sharedDataDir();

describe.skipIf(!data)('on the shared cases, against what pip 23.2 printed (skipped when ../shared/data is absent; set PIPETTE_SHARED_DATA)', () => {
  const caseRun = async (name: string) => {
    const file = join(data!, 'cases', `${name}.json`);
    const problem = readProblem(file);
    const recorded = (JSON.parse(readFileSync(file, 'utf8')) as { pip: { ok: boolean; output_tail: string[]; python_full_version: string | null } }).pip;
    const run = await engine('pip').run(new IndexProvider(problem.index), requestFor(problem), {}, { requirementsFile: 'WORK/requirements.txt', pythonVersion: '3.11.7' });
    return { run, recorded };
  };

  it.each(['resolvelib-backjump-test-1', 'resolvelib-backjump-test-2', 'resolvelib-issue-134'])("keeps pip's wrong 'no solution' on %s, word for word", async (name) => {
    const { run, recorded } = await caseRun(name);
    expect(recorded.ok).toBe(false);
    expect(run.result.ok).toBe(false);
    expect(run.pip!.captured.slice(-recorded.output_tail.length)).toEqual(recorded.output_tail);
  });

  it('prints the black/typer conflict as pip does, one cause line per typer version', async () => {
    const { run, recorded } = await caseRun('pypi2023-black-typer-conflict');
    expect(run.pip!.captured.slice(-recorded.output_tail.length)).toEqual(recorded.output_tail);
  });
});
