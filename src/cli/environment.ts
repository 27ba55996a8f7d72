/**
 * The environment a resolve installs into, from the command line: `-c FILE` constraints,
 * `--override FILE`, `--installed FILE` with pip's upgrade options, and the commands
 * `pipette check` (pip check on an installed set) and `pipette matrix` (one set of
 * requirements for many targets).
 */
import { parseArgs } from 'node:util';
import {
  checkInstalled,
  describeTarget,
  explainFailure,
  IndexProvider,
  makeTarget,
  markerEnvironment,
  normalizeName,
  OverridesProvider,
  parseRequirement,
  WhatIfProvider,
  parseInstalledSet,
  parsePlatformSpec,
  parseRequirementsTxt,
  pipConflictMessage,
  resolveInto,
  resolveMatrix,
  matrixDifferences,
  MATRIX_PLATFORMS,
  MATRIX_PYTHONS,
  type Constraint,
  type DependencyProvider,
  type InstalledSet,
  type InstallIntoOptions,
  type Requirement,
  type ResolveRequest,
  type TargetEnvironment,
  type UpgradeStrategy,
} from '../core/index.ts';
import { environmentVariable, InputError, readIndexFile, readText } from './files.ts';
import { at, readFollowing } from './followed-files.ts';
import { chooseIndexes } from './index-choice.ts';
import { commandLineIndexes, LIVE_INDEX_OPTIONS, liveProviderFromArgs, type LiveIndexValues } from './live-index.ts';

export const ENVIRONMENT_OPTIONS = {
  constraint: { type: 'string', short: 'c', multiple: true },
  override: { type: 'string', multiple: true },
  installed: { type: 'string' },
  upgrade: { type: 'boolean', short: 'U' },
  'upgrade-strategy': { type: 'string' },
  'force-reinstall': { type: 'boolean' },
  'no-deps': { type: 'boolean' },
  'whole-environment': { type: 'boolean' },
  'what-if': { type: 'string' },
  'what-if-requires': { type: 'string', multiple: true },
} as const;

export const ENVIRONMENT_USAGE = `  -c, --constraint FILE    constraints (pip's -c): they limit versions, never add a package; repeatable
  --override FILE          requirements that replace every requirement on their projects (uv's overrides); repeatable
  --installed FILE         what is installed: pip freeze, pip list --format=json, pip inspect or pylock.toml
  -U, --upgrade            with --installed: move your requirements to the newest versions that fit
  --upgrade-strategy S     only-if-needed (default) or eager (upgrade dependencies too)
  --force-reinstall        with --installed: reinstall what would be kept
  --no-deps                install only what you name
  --whole-environment      keep every installed package working (pip looks only at what your requirements reach)
  --what-if NAME==VERSION  for this resolve, that release requires what --what-if-requires says (repeatable; none: nothing)`;

type Values = Record<string, string | boolean | string[] | undefined>;

const MAX_FILE = 1024 * 1024;

function fail(message: string): never {
  throw new InputError(message);
}

/** Overrides from files (requirements files, as uv reads them); errors stop the command. */
function readOverrides(paths: readonly string[]): Requirement[] {
  const overrides: Requirement[] = [];
  const errors: string[] = [];
  readFollowing(paths, 'overrides', (path, follow) => {
    const parsed = parseRequirementsTxt(readText(path, MAX_FILE), path, { followIncludes: true, environment: environmentVariable });
    for (const p of parsed.problems) if (p.severity === 'error') errors.push(`${at(path, p)}: ${p.message}`);
    overrides.push(...parsed.requirements.map((r) => r.requirement));
    parsed.includeFiles.forEach(follow);
  });
  if (errors.length) fail(errors.join('\n'));
  return overrides;
}

export function readInstalled(path: string): InstalledSet {
  const set = parseInstalledSet(readText(path, MAX_FILE * 4), path);
  const errors = set.problems.filter((p) => p.severity === 'error');
  for (const p of set.problems.filter((q) => q.severity !== 'error')) process.stderr.write(`${at(path, p)}: ${p.severity}: ${p.message}\n`);
  if (errors.length) fail(errors.map((p) => `${at(path, p)}: ${p.message}`).join('\n'));
  return set;
}

function installOptions(values: Values): InstallIntoOptions {
  const strategy = (values['upgrade-strategy'] as string | undefined) ?? 'only-if-needed';
  if (strategy !== 'only-if-needed' && strategy !== 'eager') fail(`--upgrade-strategy ${strategy}: expected only-if-needed or eager`);
  return {
    upgrade: Boolean(values.upgrade),
    upgradeStrategy: strategy as UpgradeStrategy,
    forceReinstall: Boolean(values['force-reinstall']),
    noDeps: Boolean(values['no-deps']),
    scope: values['whole-environment'] ? 'environment' : 'pip',
  };
}

export interface EnvironmentJob {
  readonly provider: DependencyProvider;
  readonly request: ResolveRequest;
  readonly overrides: OverridesProvider | null;
  readonly installed: InstalledSet | null;
  readonly options: InstallIntoOptions;
}

/**
 * Adds the environment options to a resolve: constraints into the request, overrides around the
 * provider. `fileConstraints`: those of the `-c` files (the command line's and the -r files'), as
 * main.ts read them.
 */
export function withEnvironment(values: Values, provider: DependencyProvider, request: ResolveRequest, fileConstraints: readonly Constraint[]): EnvironmentJob {
  const constraints = [...(request.constraints ?? []), ...fileConstraints];
  const base = whatIfFrom(values, provider);
  const overrideList = readOverrides((values.override as string[] | undefined) ?? []);
  const overrides = overrideList.length ? new OverridesProvider(base, overrideList) : null;
  const installed = typeof values.installed === 'string' ? readInstalled(values.installed) : null;
  const options = installOptions(values);
  if (!installed && (options.upgrade || options.forceReinstall || values['whole-environment'])) {
    fail('--upgrade, --force-reinstall and --whole-environment need --installed FILE (what is installed now)');
  }
  return { provider: overrides ?? base, request: { ...request, constraints }, overrides, installed, options };
}

function whatIfFrom(values: Values, provider: DependencyProvider): DependencyProvider {
  const release = values['what-if'];
  const requires = (values['what-if-requires'] as string[] | undefined) ?? [];
  if (typeof release !== 'string') {
    if (requires.length) fail('--what-if-requires needs --what-if NAME==VERSION');
    return provider;
  }
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\S+)\s*$/.exec(release);
  if (!match) fail(`--what-if ${release}: expected NAME==VERSION`);
  for (const text of requires) {
    try {
      parseRequirement(text);
    } catch (error) {
      fail(`--what-if-requires ${text}: ${(error as Error).message}`);
    }
  }
  return new WhatIfProvider(provider, { project: normalizeName(match[1]!), version: match[2]!, requiresDist: requires });
}

/** Whether anything of the environment changes how the resolve runs or is reported. */
export function needsEnvironmentReport(job: EnvironmentJob): boolean {
  return job.installed !== null || job.overrides !== null || job.options.noDeps === true;
}

const ACTION_WORDS = { install: 'install', upgrade: 'upgrade', downgrade: 'downgrade', replace: 'replace', reinstall: 'reinstall', keep: 'keep' } as const;

/** Resolves into the installed set (or an empty one) and prints the plan's actions and what it breaks. */
export async function reportEnvironment(job: EnvironmentJob, target: TargetEnvironment, json: boolean): Promise<number> {
  const installed = job.installed ?? { format: 'pip-freeze' as const, packages: [], environment: null, problems: [] };
  const out = await resolveInto(job.provider, job.request, installed, job.options);
  const overridden = job.overrides?.uses ?? [];
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        satisfiable: out.result.ok,
        target: describeTarget(target),
        changes: out.changes,
        broken: out.broken,
        pipMessage: pipConflictMessage(out.broken),
        needsConfirmation: out.needsConfirmation,
        unchecked: out.unchecked,
        overridden,
        warnings: out.result.warnings.map((w) => w.message),
        stats: out.result.stats,
      })}\n`,
    );
  } else {
    for (const use of overridden) process.stderr.write(`warning: override: ${use.project} ${use.version} requires ${use.replaced}; replaced by ${use.override}\n`);
    if (!out.result.ok) {
      const explanation = await explainFailure(job.provider, job.request, out.result, { search: false });
      console.log(`No solution for ${describeTarget(target)}.\n`);
      console.log(explanation.voices.pubgrub);
      return 1;
    }
    console.log(`Plan for ${describeTarget(target)}:`);
    for (const c of out.changes) {
      const from = c.installed && c.installed !== c.version ? `${c.installed} -> ` : '';
      console.log(`  ${ACTION_WORDS[c.action].padEnd(9)} ${c.name} ${from}${c.version}  (${c.reason})`);
    }
    if (out.broken.length) {
      console.log('');
      for (const line of pipConflictMessage(out.broken)) console.log(line);
    }
    if (out.unchecked.length) process.stderr.write(`note: the requirements of ${out.unchecked.join(', ')} are unknown, so they were not checked\n`);
    if (out.needsConfirmation) console.log('\nThis plan downgrades or replaces installed packages: pip would ask nothing and go ahead.');
  }
  return out.result.ok ? 0 : 1;
}

function providerFrom(values: Values, target: TargetEnvironment): DependencyProvider {
  if (typeof values.index === 'string') {
    const { index, warnings } = readIndexFile(values.index, { lazy: true });
    return new IndexProvider(index, warnings);
  }
  const live = liveProviderFromArgs(values as Parameters<typeof liveProviderFromArgs>[0], chooseIndexes(commandLineIndexes(values as LiveIndexValues), []), target);
  if (!live) fail('--index SNAPSHOT.json or --index-url URL is required');
  return live.provider;
}

/** `pipette check --installed FILE --index ...`: pip check, in pip check's words. */
export async function commandCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { installed: { type: 'string' }, index: { type: 'string' }, python: { type: 'string' }, json: { type: 'boolean' }, ...LIVE_INDEX_OPTIONS },
  });
  if (typeof values.installed !== 'string') fail('pipette check needs --installed FILE');
  const installed = readInstalled(values.installed);
  const target = makeTarget({ python: typeof values.python === 'string' ? values.python : '3.12' });
  const provider = providerFrom(values, target);
  const markers = { ...markerEnvironment(target), ...(installed.environment ?? {}) };
  const { broken, unchecked, lines } = await checkInstalled(provider, installed, markers);
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: broken.length === 0, broken, unchecked, lines })}\n`);
  else {
    for (const line of lines) console.log(line);
    if (unchecked.length) process.stderr.write(`note: the requirements of ${unchecked.join(', ')} are unknown (not in the index, and the installed set does not say), so they were not checked\n`);
  }
  return broken.length === 0 ? 0 : 1;
}


/** Runs `check` on a value of `option`; what it throws (naming the value) becomes an InputError naming the option too. */
function checkedOption(option: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new InputError(`${option}: ${(error as Error).message}`);
  }
}

/** `pipette matrix -r REQS --index ...`: the same requirements for many targets. */

export async function commandMatrix(args: string[], readRequirementsFrom: (positional: readonly string[], files: readonly string[]) => { requirements: Requirement[] }): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      requirement: { type: 'string', short: 'r', multiple: true },
      index: { type: 'string' },
      pythons: { type: 'string' },
      platforms: { type: 'string' },
      json: { type: 'boolean' },
      ...LIVE_INDEX_OPTIONS,
    },
  });
  const pythons = typeof values.pythons === 'string' ? values.pythons.split(',').map((s) => s.trim()) : MATRIX_PYTHONS;
  const platforms = typeof values.platforms === 'string' ? values.platforms.split(',').map((s) => s.trim()) : MATRIX_PLATFORMS;
  // What was typed is checked before any resolve, as --python and --platform are.
  for (const python of pythons) checkedOption('--pythons', () => makeTarget({ python }));
  for (const platform of platforms) checkedOption('--platforms', () => parsePlatformSpec(platform));
  const { requirements } = readRequirementsFrom(positionals, (values.requirement as string[] | undefined) ?? []);
  const provider = providerFrom(values, makeTarget({}));
  const cells = await resolveMatrix(provider, requirements, pythons, platforms);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ pythons, platforms, cells })}\n`);
  } else {
    const width = Math.max(...pythons.map((p) => p.length), 6);
    const columns = platforms.map((p) => Math.max(p.length, 9));
    console.log(`${'Python'.padEnd(width)}  ${platforms.map((p, i) => p.padEnd(columns[i]!)).join(' ')}`);
    for (const python of pythons) {
      const row = platforms.map((platform, i) => {
        const cell = cells.find((c) => c.python === python && c.platform === platform)!;
        return (cell.ok ? 'ok' : cell.error ? 'error' : 'no').padEnd(columns[i]!);
      });
      console.log(`${python.padEnd(width)}  ${row.join(' ')}`);
    }
    const differences = matrixDifferences(cells);
    if (differences.length) {
      console.log('\nWhere the plans differ:');
      for (const d of differences) console.log(`  ${d}`);
    }
    for (const cell of cells.filter((c) => !c.ok)) console.log(`\n${cell.python} on ${cell.platform}: ${cell.error ?? cell.headline}`);
  }
  return cells.every((c) => c.ok) ? 0 : 1;
}

