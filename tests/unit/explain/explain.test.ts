/**
 * Explanations on small hand-made indexes (no shared data needed): templates, the clash,
 * the minimal conflict, special causes, checked fixes, and "why" questions.
 */
import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  explainFailure,
  fill,
  IndexProvider,
  loadProjects,
  makeTarget,
  parseRequirement,
  resolve,
  slotsOf,
  TemplateError,
  whyInstalled,
  whyNotNewer,
  PIP,
  PLAIN,
  PUBGRUB,
  type ExplainOptions,
  type PackageIndex,
  type ResolveFailure,
  type ResolveRequest,
  type ResolveSuccess,
} from '../../../src/core/index.ts';

function index(projects: Record<string, Record<string, { requires?: string[]; yanked?: boolean | string; python?: string; tags?: string[]; sdist?: boolean }>>): PackageIndex {
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

async function fail(idx: PackageIndex, requirements: string[], extra: Partial<ResolveRequest> = {}, options: ExplainOptions = {}) {
  const provider = new IndexProvider(idx);
  const request: ResolveRequest = { requirements: requirements.map((r) => parseRequirement(r)), ...extra };
  const result = await resolve(provider, request);
  if (result.ok) throw new Error(`expected no solution, got ${result.packages.map((p) => `${p.name}==${p.version}`).join(' ')}`);
  return { provider, request, result: result as ResolveFailure, explanation: await explainFailure(provider, request, result, { budgetMs: 10_000, ...options }) };
}

async function succeed(idx: PackageIndex, requirements: string[]) {
  const provider = new IndexProvider(idx);
  const request: ResolveRequest = { requirements: requirements.map((r) => parseRequirement(r)) };
  const result = await resolve(provider, request);
  if (!result.ok) throw new Error('expected a solution');
  return { provider, request, result: result as ResolveSuccess };
}

/** black/typer over click, in miniature. */
const CLICK_CLASH = index({
  black: { '22.1': { requires: ['click>=8.0'] }, '23.1': { requires: ['click>=8.0'] } },
  typer: { '0.3': { requires: ['click<8.0,>=7.1'] }, '0.4': { requires: ['click<9,>=7.1'] } },
  click: { '7.1': {}, '8.0': {}, '8.1': {} },
  six: { '1.16': {} },
});

describe('templates', () => {
  it.each([
    ['{a} and {b}', { a: 'x', b: 'y' }, 'x and y'],
    ['literal {{braces}}', {}, 'literal {braces}'],
    ['{name}{name}', { name: 'z' }, 'zz'],
  ])('fills %j', (template, values, expected) => {
    expect(fill('t', template, values)).toBe(expected);
  });

  it('refuses a missing value, a stray brace and an unknown slot', () => {
    expect(() => fill('t', 'needs {x}', {})).toThrow(TemplateError);
    expect(() => checkTemplate('t', 'a { b')).toThrow(/stray/);
    expect(() => checkTemplate('t', '{subject} {nope}', ['subject'])).toThrow(/unknown slot \{nope\}/);
    expect(slotsOf('{a} {b} {a}')).toEqual(['a', 'b']);
  });

  it.each([
    ['pubgrub', PUBGRUB],
    ['pip', PIP],
    ['plain', PLAIN],
  ])('every %s template is well formed', (_voice, wording) => {
    for (const [key, template] of Object.entries(wording)) expect(() => checkTemplate(key, template)).not.toThrow();
  });
});

describe('a transitive clash', () => {
  it('names both requirements, the package they clash on, and what each needs', async () => {
    const { explanation } = await fail(CLICK_CLASH, ['black>=22.1', 'typer<0.4', 'six']);
    expect(explanation.clash?.package).toBe('click');
    expect(explanation.clash?.sides.map((s) => s.requirement)).toEqual(['black>=22.1', 'typer<0.4']);
    expect(explanation.headline).toBe('black>=22.1 and typer<0.4 can\'t be installed together: black>=22.1 needs click>=8.0, but typer<0.4 needs click<8.0,>=7.1.');
    expect(explanation.voices.pip).toMatch(/^ERROR: Cannot install black>=22\.1 and typer<0\.4 because/);
    expect(explanation.voices.pubgrub.split('\n').at(-1)).toBe('So, because you require both black>=22.1 and typer<0.4, your requirements cannot be met.');
  });

  it('leaves the bystander out of the minimal conflict', async () => {
    const { explanation } = await fail(CLICK_CLASH, ['six', 'black>=22.1', 'typer<0.4']);
    expect(explanation.minimalConflict).toMatchObject({ requirements: ['black>=22.1', 'typer<0.4'], python: false, platform: false, complete: true });
  });

  it('offers the smallest checked fix first, with what it changes against the plan you last saw', async () => {
    const previousPlan = { six: '1.16', typer: '0.3', click: '7.1' };
    const { explanation } = await fail(CLICK_CLASH, ['black>=22.1', 'typer<0.4', 'six'], {}, { previousPlan });
    const first = explanation.suggestions[0]!;
    expect(first.title).toBe('Change typer<0.4 to typer<0.5');
    expect(first.plan).toMatchObject({ typer: '0.4', click: '8.1', black: '23.1' });
    expect(first.planChange).toEqual({
      added: [{ name: 'black', version: '23.1' }],
      removed: [],
      changed: expect.arrayContaining([{ name: 'typer', from: '0.3', to: '0.4' }, { name: 'click', from: '7.1', to: '8.1' }]),
    });
    const costs = explanation.suggestions.map((s) => s.cost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(explanation.suggestions.some((s) => s.title === 'Remove typer<0.4')).toBe(true);
  });

  it('marks the clashing edges and the minimal conflict in the facts', async () => {
    const { explanation } = await fail(CLICK_CLASH, ['black>=22.1', 'typer<0.4', 'six']);
    const clashing = explanation.facts.edges.filter((e) => e.clashing).map((e) => `${e.from}->${e.to}`).sort();
    expect(clashing).toEqual(['black->click', 'typer->click']);
    expect(explanation.facts.nodes.find((n) => n.id === 'click')).toMatchObject({ clashing: true, inMinimalConflict: true });
  });

  it('keeps the plain voice short', async () => {
    const { explanation } = await fail(CLICK_CLASH, ['black>=22.1', 'typer<0.4']);
    expect(explanation.voices.plain.split('\n').length).toBeLessThanOrEqual(12);
  });

  it('re-renders with edited wording, and nothing else changes', async () => {
    const { provider, request, result } = await fail(CLICK_CLASH, ['black>=22.1', 'typer<0.4']);
    const edited = await explainFailure(provider, request, result, { wording: { plain: { 'why.needs': '{subject} wants {needs}' } } });
    expect(edited.voices.plain).toContain('black>=22.1 wants click>=8.0');
    expect(edited.voices.pubgrub).toBe((await explainFailure(provider, request, result)).voices.pubgrub);
  });
});

describe('shapes of conflict', () => {
  it('a requirement that needs, through its own dependencies, a version of itself it rules out', async () => {
    const idx = index({ e: { '1.0': {}, '2.0': { requires: ['b>=3.0'] } }, b: { '3.0': { requires: ['e<2.0'] } } });
    const { explanation } = await fail(idx, ['e>=2.0']);
    expect(explanation.headline).toBe('e>=2.0 can\'t be installed: through b, it needs e<2.0, which e>=2.0 itself rules out.');
  });

  it('one requirement whose versions each fail for their own reason lists each', async () => {
    const idx = index({
      foo: { '1.0': { requires: ['a>=1,<2', 'b>=1,<2'] }, '1.1': { requires: ['x>=1,<2', 'y>=1,<2'] } },
      a: { '1.0': { requires: ['b>=2,<3'] } },
      b: { '1.0': {}, '2.0': {} },
      x: { '1.0': { requires: ['y>=2,<3'] } },
      y: { '1.0': {}, '2.0': {} },
    });
    const { explanation } = await fail(idx, ['foo']);
    expect(explanation.headline.split('\n')).toEqual([
      'No version that foo allows can be installed:',
      '  - foo 1.0 needs both b>=2,<3 (through a) and b>=1,<2',
      '  - foo 1.1 needs both y>=2,<3 (through x) and y>=1,<2',
    ]);
  });
});

describe('special causes', () => {
  it('a misspelt name suggests the close one, checked', async () => {
    const idx = index({ requests: { '2.31.0': {} }, flask: { '2.3.3': {} } });
    const { explanation } = await fail(idx, ['reqeusts>=2', 'flask']);
    expect(explanation.causes).toContainEqual(expect.objectContaining({ kind: 'notFound', package: 'reqeusts', closeNames: ['requests'] }));
    expect(explanation.headline).toBe('There is no package called reqeusts in the index. Did you mean requests?');
    expect(explanation.suggestions[0]).toMatchObject({ kind: 'rename', change: { remove: ['reqeusts>=2'], add: ['requests>=2'] } });
  });

  it('several projects missing from the index: one checked fix leaves them all out', async () => {
    const idx = index({ flask: { '2.3.3': {} } });
    const { explanation } = await fail(idx, ['flask', 'types-requests', 'codespell; python_version < "3"', 'hypothesis>=6']);
    const fix = explanation.suggestions.find((s) => s.change.remove.length === 2);
    expect(fix).toMatchObject({ kind: 'drop', title: 'Remove the 2 requirements the index cannot meet: types-requests, hypothesis>=6', plan: { flask: '2.3.3' } });
  });

  it('Requires-Python says which Pythons would work and suggests one, checked', async () => {
    const idx = index({ a: { '1.0': { python: '>=3.10' } } });
    const { explanation } = await fail(idx, ['a==1.0'], { target: makeTarget({ python: '3.8' }) });
    expect(explanation.causes).toContainEqual(expect.objectContaining({ kind: 'requiresPython', requiresPython: '>=3.10' }));
    expect(explanation.headline).toBe('a==1.0 needs Python >=3.10, but you are installing for Python 3.8.0. It would install on Python 3.10 or newer.');
    expect(explanation.minimalConflict).toMatchObject({ requirements: ['a==1.0'], python: true });
    expect(explanation.suggestions[0]).toMatchObject({ kind: 'python', change: { python: expect.stringMatching(/^3\.10\./) } });
  });

  it('a yanked release is explained with its reason and can be pinned on purpose', async () => {
    const idx = index({ a: { '1.0': {}, '2.0': { yanked: 'broken build' } } });
    const { explanation } = await fail(idx, ['a>=2']);
    expect(explanation.headline).toBe('a 2.0 is the only version that fits, but its authors withdrew it (yanked): "broken build".');
    expect(explanation.suggestions.map((s) => s.title)).toContain('Pin the yanked release on purpose: change a>=2 to a==2.0');
  });

  it('only pre-releases: ask for one explicitly (--pre gives the same plan, so it is not repeated)', async () => {
    const idx = index({ a: { '1.0': {}, '2.0b1': {} } });
    const { explanation } = await fail(idx, ['a>1.0']);
    expect(explanation.causes).toContainEqual(expect.objectContaining({ kind: 'prereleaseOnly', versions: ['2.0b1'] }));
    expect(explanation.suggestions[0]).toMatchObject({ title: 'Ask for a pre-release: change a>1.0 to a>=2.0b1', plan: { a: '2.0b1' } });
    expect(explanation.suggestions.map((s) => s.title)).not.toContain('Allow pre-releases (--pre)');
  });

  it('--pre is offered when asking for one pre-release is not enough', async () => {
    const idx = index({ a: { '1.0': {}, '2.0b1': { requires: ['b>1.0'] } }, b: { '1.0': {}, '2.0rc1': {} } });
    const { explanation } = await fail(idx, ['a>1.0']);
    expect(explanation.suggestions.map((s) => s.title)).toContain('Allow pre-releases (--pre)');
  });

  it('no wheel for the platform names the platforms that have one', async () => {
    const idx = index({ a: { '1.0': { tags: ['cp312-cp312-macosx_11_0_arm64', 'cp312-cp312-win_amd64'] } } });
    const { explanation } = await fail(idx, ['a'], { target: makeTarget({ python: '3.12', os: 'linux', arch: 'x86_64' }) });
    const cause = explanation.causes.find((c) => c.kind === 'noWheel');
    expect(cause).toMatchObject({ kind: 'noWheel', package: 'a' });
    expect(cause && cause.kind === 'noWheel' ? cause.platforms.length : 0).toBe(2);
    expect(explanation.minimalConflict).toMatchObject({ platform: true });
  });
});

describe('invalid metadata', () => {
  it('is skipped with a warning, and the voices say so when it concerns the failure', async () => {
    const idx = index({ a: { '1.0': { requires: ['b>=1.0<2', 'c>=2'] } }, b: { '1.0': {} }, c: { '1.0': {} } });
    const { result, explanation } = await fail(idx, ['a']);
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('a 1.0: skipped the invalid requirement "b>=1.0<2"'));
    expect(explanation.causes).toContainEqual(expect.objectContaining({ kind: 'invalidMetadata', package: 'a' }));
    expect(explanation.voices.plain).toContain("Note: 1 invalid part(s) of a's metadata were skipped");
    expect(explanation.voices.pip).toContain('WARNING: a 1.0: skipped the invalid requirement');
    // The main story is still the real conflict.
    expect(explanation.headline).toBe('No version of c matches c>=2; the index has 1.0.');
  });
});

describe('questions about a plan', () => {
  const idx = index({
    flask: { '2.3.3': { requires: ['jinja2>=3.1', 'click>=8.1'] } },
    jinja2: { '3.1.2': { requires: ['markupsafe>=2.0'] } },
    markupsafe: { '2.1.3': {} },
    click: { '8.1.7': {} },
    tool: { '1.0': { requires: ['markupsafe'] }, '2.0': { requires: ['click<8'] } },
  });

  it('why is X installed: the chains from your requirements, shortest first', async () => {
    const { result } = await succeed(idx, ['flask', 'tool']);
    const why = whyInstalled(result, 'MarkupSafe');
    expect(why.chains).toEqual([['you require tool', 'tool 1.0 requires markupsafe'], ['you require flask', 'flask 2.3.3 requires jinja2>=3.1', 'jinja2 3.1.2 requires markupsafe>=2.0']]);
    expect(why.text).toContain('markupsafe 2.1.3 is installed because');
  });

  it('why not a newer X: the reason, found by asking for one', async () => {
    const { provider, request, result } = await succeed(idx, ['flask', 'tool']);
    const why = await whyNotNewer(provider, request, result, 'tool');
    expect(why.newer).toEqual(['2.0']);
    expect(why.text).toContain('tool>1.0');
    expect(why.text).toContain('click<8');
    expect(why.possible).toBeNull();
    const newest = await whyNotNewer(provider, request, result, 'click');
    expect(newest.text).toBe('click 8.1.7 is the newest version in the index.');
  });
});
