/**
 * Resolving into an environment: installed sets in every form, pip's upgrade strategies,
 * constraints, overrides, "what if" edits, and what a plan breaks (pip's own words).
 */
import { describe, expect, it } from 'vitest';
import {
  checkInstalled,
  explainFailure,
  IndexProvider,
  loadProjects,
  markerEnvironment,
  DEFAULT_TARGET,
  OverridesProvider,
  parseConstraints,
  parseInstalledSet,
  parseRequirement,
  parseRequirementsTxt,
  pipConflictMessage,
  resolve,
  resolveInto,
  WhatIfProvider,
  type PackageIndex,
} from '../../../src/core/index.ts';

function index(projects: Record<string, Record<string, string[]>>): PackageIndex {
  const json: Record<string, unknown> = {};
  for (const [name, versions] of Object.entries(projects)) {
    json[name] = { versions: Object.fromEntries(Object.entries(versions).map(([v, requires]) => [v, { requires_dist: requires }])) };
  }
  return { source: 'test', projects: loadProjects(json).projects, environment: null, advisories: [] };
}

const reqs = (...texts: string[]) => texts.map((t) => parseRequirement(t));

const web = index({
  flask: { '1.0': ['werkzeug<2', 'click'], '2.0': ['werkzeug>=2', 'click>=8'], '3.0': ['werkzeug>=3', 'click>=8'] },
  werkzeug: { '1.0': [], '2.0': [], '3.0': [] },
  click: { '7.0': [], '8.0': [], '8.1': [] },
  legacyapp: { '1.0': ['werkzeug<2'] },
  tool: { '1.0': ['click<8'] },
});

describe('installed sets', () => {
  it('reads pip freeze, with editables, direct URLs and comments, and says where a line is wrong', () => {
    const set = parseInstalledSet(
      [
        '# a comment',
        'Flask==2.0',
        'werkzeug==2.0.0  # pinned',
        '-e git+https://example.org/repo.git@abc#egg=mytool',
        'pkg @ file:///tmp/pkg-1.2-py3-none-any.whl',
        'not a line',
        'click===weird',
      ].join('\n'),
      'freeze.txt',
    );
    expect(set.format).toBe('pip-freeze');
    expect(set.packages.map((p) => [p.key, p.version])).toEqual([
      ['flask', '2.0'],
      ['werkzeug', '2.0.0'],
      ['mytool', ''],
      ['pkg', '1.2'],
      ['click', 'weird'],
    ]);
    expect(set.packages.find((p) => p.key === 'mytool')!.direct).toContain('git+https');
    expect(set.problems).toEqual([expect.objectContaining({ line: 6, column: 1, severity: 'error', source: 'freeze.txt' })]);
  });

  it('refuses an invalid version with == and suggests ===', () => {
    const set = parseInstalledSet('a==not-a-version\n');
    expect(set.packages).toEqual([]);
    expect(set.problems[0]!.message).toContain("'a===not-a-version'");
  });

  it('reads pip list --format=json and pip inspect, keeping requirements and the environment', () => {
    const list = parseInstalledSet(JSON.stringify([{ name: 'Flask', version: '2.0' }, { name: 'click', version: '8.0' }, { nope: 1 }]));
    expect(list.format).toBe('pip-list');
    expect(list.packages.map((p) => p.key)).toEqual(['flask', 'click']);
    expect(list.problems[0]!.message).toContain('[2]');

    const inspect = parseInstalledSet(
      JSON.stringify({
        version: '1',
        installed: [
          { metadata: { name: 'legacyapp', version: '1.0', requires_dist: ['werkzeug<2'] }, requested: true },
          { metadata: { name: 'werkzeug', version: '1.0' }, requested: false },
        ],
        environment: { python_version: '3.11', sys_platform: 'linux' },
      }),
    );
    expect(inspect.format).toBe('pip-inspect');
    expect(inspect.packages[0]).toMatchObject({ key: 'legacyapp', requiresDist: ['werkzeug<2'], requested: true });
    expect(inspect.environment).toEqual({ python_version: '3.11', sys_platform: 'linux' });
  });

  it('reads pylock.toml packages with the line of each', () => {
    const set = parseInstalledSet(['lock-version = "1.0"', 'created-by = "test"', '', '[[packages]]', 'name = "click"', 'version = "8.1"', '', '[[packages]]', 'name = "flask"', 'version = "3.0"'].join('\n'));
    expect(set.format).toBe('pylock');
    expect(set.packages.map((p) => [p.key, p.version, p.line])).toEqual([
      ['click', '8.1', 4],
      ['flask', '3.0', 8],
    ]);
  });

  it('says where broken JSON and TOML go wrong, and never throws on junk', () => {
    expect(parseInstalledSet('{"installed": [').problems[0]!.message).toMatch(/not valid JSON/);
    expect(parseInstalledSet('[[packages]]\nname = ').problems[0]!.message).toMatch(/not valid TOML/);
    expect(parseInstalledSet('{}').problems[0]!.message).toMatch(/neither/);
    expect(() => parseInstalledSet('\u0000\u0001\uffff')).not.toThrow();
  });
});

describe('resolving into an environment, as pip 23.2 does', () => {
  const provider = new IndexProvider(web);
  const installed = parseInstalledSet('flask==1.0\nwerkzeug==1.0\nclick==7.0\nlegacyapp==1.0\n');

  it('keeps what is installed when it fits (no --upgrade)', async () => {
    const out = await resolveInto(provider, { requirements: reqs('flask') }, installed);
    expect(out.result.ok).toBe(true);
    expect(out.changes.map((c) => [c.key, c.action, c.version])).toEqual(
      expect.arrayContaining([
        ['flask', 'keep', '1.0'],
        ['werkzeug', 'keep', '1.0'],
        ['click', 'keep', '7.0'],
      ]),
    );
    expect(out.broken).toEqual([]);
    expect(out.needsConfirmation).toBe(false);
  });

  it('--upgrade moves your requirement, and only what it needs; the plan breaks an installed package', async () => {
    const out = await resolveInto(provider, { requirements: reqs('flask') }, installed, { upgrade: true });
    const actions = Object.fromEntries(out.changes.map((c) => [c.key, `${c.action} ${c.installed ?? '-'}->${c.version}`]));
    expect(actions).toEqual({ flask: 'upgrade 1.0->3.0', werkzeug: 'upgrade 1.0->3.0', click: 'upgrade 7.0->8.1' });
    expect(out.changes.find((c) => c.key === 'werkzeug')!.reason).toContain('werkzeug>=3');
    expect(out.broken).toEqual([{ project: 'legacyapp', version: '1.0', requirement: 'werkzeug<2', dependency: 'werkzeug', dependencyVersion: '3.0' }]);
    expect(pipConflictMessage(out.broken)).toEqual([
      "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.",
      'legacyapp 1.0 requires werkzeug<2, but you have werkzeug 3.0 which is incompatible.',
    ]);
  });

  it('only-if-needed leaves a dependency that still fits; eager upgrades it', async () => {
    const env = parseInstalledSet('flask==2.0\nwerkzeug==2.0\nclick==8.0\n');
    const needed = await resolveInto(provider, { requirements: reqs('flask==2.0') }, env, { upgrade: true });
    expect(needed.changes.find((c) => c.key === 'click')!.action).toBe('keep');
    const eager = await resolveInto(provider, { requirements: reqs('flask==2.0') }, env, { upgrade: true, upgradeStrategy: 'eager' });
    expect(eager.changes.find((c) => c.key === 'click')).toMatchObject({ action: 'upgrade', version: '8.1' });
    expect(eager.changes.find((c) => c.key === 'werkzeug')).toMatchObject({ action: 'upgrade', version: '3.0' });
  });

  it('a new requirement that forces a downgrade asks first, and says why', async () => {
    const env = parseInstalledSet('click==8.1\n');
    const out = await resolveInto(provider, { requirements: reqs('tool') }, env);
    expect(out.changes.find((c) => c.key === 'click')).toMatchObject({ action: 'downgrade', installed: '8.1', version: '7.0' });
    expect(out.changes.find((c) => c.key === 'click')!.reason).toContain('tool 1.0 requires click<8');
    expect(out.needsConfirmation).toBe(true);
  });

  it('--force-reinstall reinstalls what it would have kept', async () => {
    const out = await resolveInto(provider, { requirements: reqs('click==7.0') }, parseInstalledSet('click==7.0'), { forceReinstall: true });
    expect(out.changes).toEqual([expect.objectContaining({ key: 'click', action: 'reinstall' })]);
  });

  it('--no-deps installs only what you name', async () => {
    const out = await resolveInto(provider, { requirements: reqs('flask') }, parseInstalledSet(''), { noDeps: true });
    expect(out.changes.map((c) => c.key)).toEqual(['flask']);
  });

  it('an installed version the index lacks is kept, with its own requirements', async () => {
    const env = parseInstalledSet(JSON.stringify({ installed: [{ metadata: { name: 'werkzeug', version: '1.5', requires_dist: [] } }] }));
    const out = await resolveInto(provider, { requirements: reqs('werkzeug<2') }, env);
    expect(out.changes).toEqual([expect.objectContaining({ key: 'werkzeug', action: 'keep', version: '1.5' })]);
  });

  it('the whole-environment resolver keeps every installed package working', async () => {
    const out = await resolveInto(provider, { requirements: reqs('flask') }, installed, { upgrade: true, scope: 'environment' });
    expect(out.result.ok).toBe(true);
    expect(out.broken).toEqual([]);
    expect(out.changes.find((c) => c.key === 'werkzeug')!.version).toBe('1.0');
  });

  it('pip check words an installed set', async () => {
    const env = parseInstalledSet('legacyapp==1.0\nwerkzeug==3.0\nflask==2.0\n');
    const { lines } = await checkInstalled(provider, env, markerEnvironment(DEFAULT_TARGET));
    expect(lines).toEqual(['flask 2.0 requires click, which is not installed.', 'legacyapp 1.0 has requirement werkzeug<2, but you have werkzeug 3.0.']);
    const fine = await checkInstalled(provider, parseInstalledSet('werkzeug==1.0'), markerEnvironment(DEFAULT_TARGET));
    expect(fine.lines).toEqual(['No broken requirements found.']);
  });
});

describe('constraints', () => {
  const provider = new IndexProvider(web);

  it('limit versions and never add a project', async () => {
    const { constraints, problems } = parseConstraints('click<8\ntool==1.0\n', 'constraints.txt');
    expect(problems).toEqual([]);
    const result = await resolve(provider, { requirements: reqs('flask<2'), constraints });
    expect(result.ok && Object.fromEntries(result.packages.map((p) => [p.key, p.version]))).toEqual({ flask: '1.0', werkzeug: '1.0', click: '7.0' });
  });

  it('a clash with a requirement is worded as a constraint, naming the file and line', async () => {
    const { constraints } = parseConstraints('# pins\nwerkzeug<2\n', 'constraints.txt');
    const request = { requirements: reqs('flask>=2'), constraints };
    const result = await resolve(provider, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const explanation = await explainFailure(provider, request, result, { search: false });
    expect(explanation.voices.pubgrub).toContain('constraint werkzeug<2 (constraints.txt, line 2)');
    expect(explanation.voices.plain).toContain('constraint');
  });

  it('refuses extras in a constraint, as pip does', () => {
    const { constraints, problems } = parseConstraints('requests[socks]<3\n', 'c.txt');
    expect(constraints).toEqual([]);
    expect(problems[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(problems[0]!.message).toContain("can't have extras");
  });

  it('-c lines are kept for callers that read files, and refused where files cannot be read', () => {
    const follow = parseRequirementsTxt('flask\n-c constraints.txt\n', 'r.txt', { followConstraints: true });
    expect(follow.constraintFiles).toEqual([{ path: 'constraints.txt', line: 2, column: 1 }]);
    expect(follow.problems).toEqual([]);
    const page = parseRequirementsTxt('flask\n-c constraints.txt\n');
    expect(page.problems[0]!.severity).toBe('error');
  });

  it('-r lines likewise, and a constraints file names its -c and -r files in line order when asked', () => {
    const follow = parseRequirementsTxt('flask\n  -r base.txt\n--requirement=more.txt\n', 'r.txt', { followIncludes: true });
    expect(follow.includeFiles).toEqual([
      { path: 'base.txt', line: 2, column: 3 },
      { path: 'more.txt', line: 3, column: 1 },
    ]);
    expect(follow.problems).toEqual([]);
    const page = parseRequirementsTxt('flask\n-r base.txt\n');
    expect(page.includeFiles).toEqual([]);
    expect(page.problems[0]).toMatchObject({ line: 2, severity: 'error' });
    const nested = parseConstraints('-r b.txt\nlib<2\n-c a.txt\n', 'c.txt', { follow: true });
    expect(nested.files.map((f) => f.path)).toEqual(['b.txt', 'a.txt']);
    expect(nested.problems).toEqual([]);
    expect(parseConstraints('-c a.txt\n', 'c.txt').problems[0]!.severity).toBe('error');
  });
});

describe('overrides and what-if edits', () => {
  it('an override replaces every requirement on the project and is reported', async () => {
    const overrides = new OverridesProvider(new IndexProvider(web), reqs('werkzeug>=3'));
    const result = await resolve(overrides, { requirements: reqs('legacyapp') });
    expect(result.ok && Object.fromEntries(result.packages.map((p) => [p.key, p.version]))).toEqual({ legacyapp: '1.0', werkzeug: '3.0' });
    expect(overrides.uses).toEqual([{ project: 'legacyapp', version: '1.0', replaced: 'werkzeug<2', override: 'werkzeug>=3' }]);
  });

  it('a what-if edit changes one release for one resolve', async () => {
    const base = new IndexProvider(web);
    const edited = new WhatIfProvider(base, { project: 'legacyapp', version: '1.0', requiresDist: ['werkzeug<4'] });
    const before = await resolve(base, { requirements: reqs('legacyapp', 'werkzeug>=3') });
    const after = await resolve(edited, { requirements: reqs('legacyapp', 'werkzeug>=3') });
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(true);
  });
});
