/**
 * The wording faults of issue 8, each pinned by a test: Python releases named truly at patch
 * level, every separate problem named in every voice, what exists when nothing matches,
 * pre-releases counted and mentioned only where they matter, hints under the proof, and
 * fixes that change a flag, move a bound as little as works, and never remove your only
 * requirement.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  describePythons,
  explainFailure,
  IndexProvider,
  loadProjects,
  makeTarget,
  nearestRelaxations,
  parseRequirement,
  parseVersion,
  pythonsSatisfying,
  resolve,
  type ExplainOptions,
  type Explanation,
  type PackageIndex,
  type ResolveRequest,
} from '../../../src/core/index.ts';
import { readProblem, requestFor } from '../../../src/cli/files.ts';

type Release = { requires?: string[]; yanked?: boolean | string; python?: string; tags?: string[]; sdist?: boolean };

function index(projects: Record<string, Record<string, Release>>): PackageIndex {
  const json: Record<string, unknown> = {};
  for (const [name, versions] of Object.entries(projects)) {
    json[name] = {
      versions: Object.fromEntries(
        Object.entries(versions).map(([v, r]) => [
          v,
          { requires_dist: r.requires ?? [], yanked: r.yanked ?? false, requires_python: r.python ?? null, wheel_tags: r.tags ?? null, sdist: r.sdist ?? (r.tags ? false : true) },
        ]),
      ),
    };
  }
  return { source: 'test', projects: loadProjects(json).projects, environment: null, advisories: [] };
}

async function explain(idx: PackageIndex, requirements: string[], extra: Partial<ResolveRequest> = {}, options: ExplainOptions = {}): Promise<{ explanation: Explanation; request: ResolveRequest; provider: IndexProvider }> {
  const provider = new IndexProvider(idx);
  const request: ResolveRequest = { requirements: requirements.map((r) => parseRequirement(r)), ...extra };
  const result = await resolve(provider, request);
  if (result.ok) throw new Error('expected no solution');
  return { explanation: await explainFailure(provider, request, result, { budgetMs: 20_000, ...options }), request, provider };
}

async function everyFixResolves(provider: IndexProvider, request: ResolveRequest, explanation: Explanation): Promise<void> {
  for (const s of explanation.suggestions) expect((await resolve(provider, applyChange(request, s.change))).ok, s.title).toBe(true);
}

describe('Python releases, true at patch level', () => {
  it.each([
    ['>=3.13.2', '3.13.2 or newer'],
    ['>=3.9.4', '3.9.4 or newer'],
    ['>=3.10', '3.10 or newer'],
    ['>=3.7,<3.12', '3.7 to 3.11'],
    ['<3.12', '3.11 or older'],
    ['>=3.9.4,<3.9.8', '3.9.4 to 3.9.7'],
    ['==3.11.*', '3.11'],
    ['>=3.8,!=3.10.*', '3.8 to 3.9 or 3.11 or newer'],
    ['>=2.7,<3', '2.7'],
    ['>=3.15', 'no known Python release'],
  ])('Requires-Python %s is said as "%s"', (spec, words) => {
    expect(describePythons(pythonsSatisfying(spec))).toBe(words);
  });

  it.each([
    ['3.13.0', '>=3.13.2', '3.13.2'],
    ['3.9.0', '>=3.9.4', '3.9.4'],
  ])('on %s with Requires-Python %s it names %s+ and offers exactly that Python, checked', async (python, spec, working) => {
    const idx = index({ a: { '1.0.0': { python: spec } } });
    const { explanation, request, provider } = await explain(idx, ['a==1.0.0'], { target: makeTarget({ python }) });
    expect(explanation.headline).toBe(`a==1.0.0 needs Python ${spec}, but you are installing for Python ${python}. It would install on Python ${working} or newer.`);
    const pythons = explanation.suggestions.filter((s) => s.kind === 'python');
    expect(pythons).toHaveLength(1);
    expect(pythons[0]).toMatchObject({ title: `Use Python ${working}`, change: { python: working } });
    expect(explanation.suggestions.map((s) => s.title)).not.toContain('Use Python 3.14');
    await everyFixResolves(provider, request, explanation);
  });

  it('names the releases of the requirement it states, never those of another (no contradiction)', async () => {
    const idx = index({ a: { '1.0': { python: '>=3.7,<3.12', requires: ['b'] } }, b: { '1.0': { python: '>=3.9,<3.11' } } });
    const { explanation } = await explain(idx, ['a==1.0'], { target: makeTarget({ python: '3.12' }) });
    expect(explanation.voices.plain).toContain('a==1.0 needs Python >=3.7,<3.12, but you are installing for Python 3.12.0. It would install on Python 3.7 to 3.11.');
    expect(explanation.voices.plain).not.toContain('3.9 to 3.10');
  });

  it('offers one fix for another Python, the nearest that works', async () => {
    const idx = index({ a: { '1.0': { python: '>=3.10' }, '2.0': { python: '>=3.11' } } });
    const { explanation } = await explain(idx, ['a>=1.0'], { target: makeTarget({ python: '3.8' }) });
    const pythons = explanation.suggestions.filter((s) => s.kind === 'python');
    expect(pythons).toHaveLength(1);
    expect(pythons[0]!.title).toBe('Use Python 3.10');
  });

  it('says in a hint where the target Python comes from', async () => {
    const idx = index({ a: { '1.0.0': { python: '>=3.13.2' } } });
    const { explanation } = await explain(idx, ['a==1.0.0'], { target: makeTarget({ python: '3.13.0' }) }, { pythonSource: '--python 3.13.0' });
    expect(explanation.voices.pubgrub).toContain('hint: you are installing for Python 3.13.0, set by --python 3.13.0; a 1.0.0 requires Python >=3.13.2, that is 3.13.2 or newer.');
  });
});

describe('every separate problem, in every voice', () => {
  const TRANSITIVE = join(import.meta.dirname, '../../../public/scenarios/transitive-clash.json');

  it('a missing project beside the black/typer clash: both named, and each fix cures both', async () => {
    const problem = readProblem(TRANSITIVE);
    const request = requestFor(problem);
    const withRich: ResolveRequest = { ...request, requirements: [...request.requirements, parseRequirement('rich>=13')] };
    const provider = new IndexProvider(problem.index);
    const result = await resolve(provider, withRich);
    if (result.ok) throw new Error('expected no solution');
    const explanation = await explainFailure(provider, withRich, result, { budgetMs: 20_000 });

    expect(explanation.otherProblems).toHaveLength(1);
    expect(explanation.otherProblems[0]!.clash?.package).toBe('click');
    for (const voice of ['pubgrub', 'pip', 'plain'] as const) {
      const text = explanation.voices[voice];
      expect(text, voice).toContain('rich');
      expect(text, voice).toContain('black>=22.1');
      expect(text, voice).toContain('typer');
      expect(text, voice).toContain('click');
    }
    expect(explanation.voices.pubgrub).toContain('And separately:');
    expect(explanation.voices.pip).toContain('ERROR: Could not find a version that satisfies the requirement rich>=13 (from versions: none)');
    expect(explanation.voices.pip).toMatch(/ERROR: Cannot install typer<0\.4 and black>=22\.1 because/);
    expect(explanation.voices.plain.split('\n')[0]).toBe('There are 2 separate problems; each one alone stops the install:');
    expect(explanation.voices.plain).not.toContain('explanation below');
    expect(explanation.headline).toContain('There is one more problem');

    expect(explanation.suggestions.length).toBeGreaterThan(0);
    for (const s of explanation.suggestions) {
      expect(s.change.remove).toContain('rich>=13');
      expect((await resolve(provider, applyChange(withRich, s.change))).ok, s.title).toBe(true);
    }
  });

  it('is found without the search for fixes too, and then no voice claims a fix was looked for', async () => {
    const idx = index({ black: { '22.1': { requires: ['click>=8'] } }, typer: { '0.3': { requires: ['click<8'] } }, click: { '7.1': {}, '8.0': {} } });
    const { explanation } = await explain(idx, ['nosuch', 'black', 'typer'], {}, { search: false });
    expect(explanation.otherProblems).toHaveLength(1);
    expect(explanation.voices.plain).toContain('There is no package called nosuch');
    expect(explanation.voices.plain).toContain("black and typer can't be installed together");
    expect(explanation.voices.plain).not.toMatch(/No small change|What you can do/);
  });
});

describe('when no version matches, what exists', () => {
  it('says which versions exist, hints at the post-release, and moves the bound just enough', async () => {
    const idx = index({ a: { '1.2.3.post1': {} } });
    const { explanation } = await explain(idx, ['a<=1.2.3']);
    expect(explanation.voices.pubgrub).toContain('Because you require a<=1.2.3, but only a 1.2.3.post1 exists, your requirements cannot be met.');
    expect(explanation.voices.pubgrub).not.toContain('no version of a matches');
    expect(explanation.voices.pubgrub).toContain('hint: a<=1.2.3 leaves out 1.2.3.post1, a post-release of 1.2.3; write a<=1.2.3.post1 to allow it.');
    expect(explanation.suggestions.map((s) => s.title)).toEqual(['Change a<=1.2.3 to a<=1.2.3.post1']);
  });

  it('hints at local versions that a strict bound leaves out', async () => {
    const idx = index({ a: { '1.2.3+foo': {} } });
    const { explanation } = await explain(idx, ['a>1.2.3']);
    expect(explanation.voices.pubgrub).toContain('hint: a>1.2.3 leaves out 1.2.3+foo, a local version of 1.2.3; write a>=1.2.3 to allow it.');
  });

  it('relaxes a<2.0.0 to the smallest range that works, not to the newest version', async () => {
    const idx = index({ a: { '2.0.0': {}, '3.0.0': {}, '4.0.0': {} }, b: { '1.0': {} } });
    const { explanation } = await explain(idx, ['a<2.0.0', 'b']);
    expect(explanation.suggestions[0]!.title).toBe('Change a<2.0.0 to a<3.0.0');
    expect(explanation.suggestions.map((s) => s.title)).not.toContain('Change a<2.0.0 to a==4.0.0');
  });

  it.each([
    ['a<2.0.0', ['2.0.0', '2.1.0', '3.0.0'], 'a<3.0.0'],
    ['a<2.5', ['2.5.1', '3.0'], 'a<2.6'],
    ['a>=5', ['3.0', '4.0', '4.2'], 'a>=4.2'],
    ['a==1.5', ['1.0', '1.4', '2.0'], 'a==2.0'],
    ['a~=1.4.2', ['1.4.0', '1.5.0'], 'a>=1.4.2,<1.6'],
    ['a!=1.0', ['1.0'], 'a'],
  ])('%s over %j first tries %s', (requirement, versions, first) => {
    const relaxations = nearestRelaxations(parseRequirement(requirement), versions.map((v) => parseVersion(v)), false);
    expect(relaxations[0]!.text).toBe(first);
  });

  it("pip's (from versions: ...) lists what exists, yanked releases apart", async () => {
    const idx = index({ a: { '1.0': {}, '2.0': {}, '2.5': { yanked: 'bad' } } });
    const { explanation } = await explain(idx, ['a>=3']);
    expect(explanation.voices.pip).toContain('ERROR: Ignored the following yanked versions: 2.5');
    expect(explanation.voices.pip).toContain('ERROR: Could not find a version that satisfies the requirement a>=3 (from versions: 1.0, 2.0)');
  });
});

describe('pre-releases, only where they matter', () => {
  const PRE = Object.fromEntries([...Array(9)].flatMap((_, i) => [[`2.0.0a${i + 1}`, {}], [`2.0.0b${i + 1}`, {}]]));

  it('counts only the pre-releases inside the range, and hints at --pre when it helps', async () => {
    const idx = index({ a: { '1.0.0': { requires: ['c>=2.0.0b1'] } }, c: { '1.0.0': {}, ...PRE } });
    const { explanation } = await explain(idx, ['a'], { policy: 'uv' });
    expect(explanation.voices.pubgrub).toContain('(9 versions) are pre-releases that are not allowed here');
    expect(explanation.voices.pubgrub).not.toContain('18 versions');
    expect(explanation.voices.pubgrub).toMatch(/^hint: only pre-releases of c fit/m);
  });

  it('does not blame a pre-release when allowing it would not help', async () => {
    const idx = index({ a: { '1.0': { requires: ['b'] } }, b: { '0.9': { requires: ['missing'] }, '1.0a1': { requires: ['missing>=1'] } } });
    const { explanation } = await explain(idx, ['a']);
    for (const voice of ['pubgrub', 'pip', 'plain'] as const) expect(explanation.voices[voice], voice).not.toContain('pre-release');
    expect(explanation.voices.pubgrub).toContain('there is no project named missing');
    expect(explanation.suggestions.filter((s) => s.kind === 'prereleases')).toEqual([]);
  });
});

describe('hints and flag fixes', () => {
  it('a misspelt name: the close names, as a hint line of its own', async () => {
    const idx = index({ requests: { '2.31.0': {} }, flask: { '2.3.3': {} } });
    const { explanation } = await explain(idx, ['reqeusts>=2', 'flask']);
    expect(explanation.voices.pubgrub.split('\n')).toContain('hint: there is no project named reqeusts in the index; did you mean requests?');
  });

  it('wheels only for other platforms: a hint naming them', async () => {
    const idx = index({ a: { '1.0': { tags: ['cp312-cp312-macosx_11_0_arm64'] } } });
    const { explanation } = await explain(idx, ['a'], { target: makeTarget({ python: '3.12', os: 'linux', arch: 'x86_64' }) });
    expect(explanation.hints.some((h) => h.startsWith('hint: a 1.0 has wheels only for macOS'))).toBe(true);
  });

  it('a yanked release: a hint on pinning it', async () => {
    const idx = index({ a: { '1.0': { yanked: 'broken' } } });
    const { explanation } = await explain(idx, ['a']);
    expect(explanation.hints).toContain('hint: a 1.0 was yanked (reason: "broken"); a yanked release is installed only when pinned exactly (a==1.0).');
  });

  it('--no-binary in the way: a checked fix that lifts it for that project only', async () => {
    const idx = index({ a: { '1.0': { tags: ['py3-none-any'] } }, b: { '1.0': { tags: ['py3-none-any'], sdist: true } } });
    const { explanation, request, provider } = await explain(idx, ['a', 'b'], { noBinary: ['a', 'b'] });
    const fix = explanation.suggestions.find((s) => s.kind === 'flag');
    expect(fix).toMatchObject({ title: 'Allow wheels of a (take it out of --no-binary)', change: { allowBinary: ['a'] } });
    expect(applyChange(request, fix!.change).noBinary).toEqual(['b']);
    expect(explanation.hints).toContain('hint: a is listed in --no-binary, but only its wheels fit; take it out of --no-binary to use them.');
    await everyFixResolves(provider, request, explanation);
  });

  it('--no-build in the way: a checked fix that lifts it', async () => {
    const idx = index({ a: { '1.0': { tags: [], sdist: true } } });
    const { explanation, request, provider } = await explain(idx, ['a'], { noBuild: [':all:'] });
    expect(explanation.suggestions[0]).toMatchObject({ kind: 'flag', change: { allowBuild: [':all:'] } });
    await everyFixResolves(provider, request, explanation);
  });

  it('--pre as a fix, checked, when only pre-releases fit', async () => {
    const idx = index({ a: { '1.0': { requires: ['b>=0.1', 'c>=0.1'] } }, b: { '1.0a1': {} }, c: { '2.0b1': {} } });
    const { explanation } = await explain(idx, ['a']);
    expect(explanation.suggestions.some((s) => s.change.prereleases === true)).toBe(true);
  });
});

describe('fixes', () => {
  it('never offers to remove your only requirement', async () => {
    const idx = index({ a: { '1.0': {} } });
    const { explanation } = await explain(idx, ['a==2.0']);
    expect(explanation.suggestions.map((s) => s.title)).not.toContain('Remove a==2.0');
    expect(explanation.suggestions[0]!.title).toBe('Change a==2.0 to a==1.0');
  });

  it('without a plan you saw, a fix has no diff against nothing: its whole plan is given', async () => {
    const idx = index({ a: { '1.0': {} }, b: { '1.0': {} } });
    const { explanation } = await explain(idx, ['a==2.0', 'b']);
    expect(explanation.suggestions[0]!.planChange).toBeNull();
    expect(explanation.suggestions[0]!.plan).toEqual({ a: '1.0', b: '1.0' });
  });
});

describe('nearest relaxations: odd specifiers', () => {
  it('skips what PEP 440 cannot rewrite (=== on a non-version) without failing', () => {
    expect(nearestRelaxations(parseRequirement('a===foobar'), [parseVersion('1.0')], false)).toEqual([{ text: 'a==1.0', version: '1.0' }]);
    expect(nearestRelaxations(parseRequirement('a<1.0'), [parseVersion('1.0'), parseVersion('2.0a1')], false).map((r) => r.text)).toEqual(['a<2.0']);
  });
});

describe('separate problems: three of them, and an index that fails while they are looked for', () => {
  const IDX = index({
    black: { '22.1': { requires: ['click>=8'] } },
    typer: { '0.3': { requires: ['click<8'] } },
    click: { '7.1': {}, '8.0': {} },
    a: { '1.0': {} },
  });

  it('names all three, in every voice', async () => {
    const { explanation, request, provider } = await explain(IDX, ['nosuch', 'black', 'typer', 'a==2.0']);
    expect(explanation.otherProblems).toHaveLength(2);
    expect(explanation.voices.plain.split('\n')[0]).toBe('There are 3 separate problems; each one alone stops the install:');
    for (const voice of ['pubgrub', 'pip', 'plain'] as const) {
      for (const name of ['nosuch', 'black', 'typer', 'a==2.0']) expect(explanation.voices[voice], `${voice}: ${name}`).toContain(name);
    }
    await everyFixResolves(provider, request, explanation);
  });

  it('without the search, a resolve that fails to read the index ends the search for more problems quietly', async () => {
    const inner = new IndexProvider(IDX);
    let broken = false;
    const flaky = {
      getProject: (key: string) => inner.getProject(key),
      getMetadata: (key: string, i: number) => {
        if (broken) throw new Error('the index could not be read');
        return inner.getMetadata(key, i);
      },
    };
    const request: ResolveRequest = { requirements: ['nosuch', 'black', 'typer'].map((r) => parseRequirement(r)) };
    const result = await resolve(flaky, request);
    if (result.ok) throw new Error('expected no solution');
    broken = true;
    const explanation = await explainFailure(flaky, request, result, { search: false });
    expect(explanation.voices.plain).toContain('There is no package called nosuch');
    expect(explanation.otherProblems).toEqual([]);
  });
});
