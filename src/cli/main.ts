/**
 * pipette: the same core as the browser, from Node.
 *
 *   pipette resolve [REQ ...] [-r requirements.txt] --index SNAPSHOT.json [options]
 *   pipette scenario FILE [options]          (a packse .toml or a case .json)
 *
 * Exit status: 0 solved, 1 no solution, 2 bad input.
 */
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import {
  IndexProvider,
  makeTarget,
  normalizeName,
  parsePlatformSpec,
  parseRequirement,
  parseRequirementsTxt,
  parsePyproject,
  pubgrubReport,
  resolve,
  describeTarget,
  POLICIES,
  type PackageIndex,
  type Policy,
  type Requirement,
  type ResolveResult,
  type TargetEnvironment,
  type DataWarning,
} from '../core/index.ts';
import { InputError, readIndexFile, readProblem, readText } from './files.ts';

const USAGE = `usage:
  pipette resolve [REQUIREMENT ...] [-r FILE] --index SNAPSHOT.json [options]
  pipette scenario FILE [options]      a packse scenario (.toml) or a case (.json)

options:
  -r, --requirement FILE   requirements.txt (or pyproject.toml) to resolve; repeatable
  --index FILE             index snapshot (index-snapshot/1 JSON)
  --python X.Y[.Z]         target Python (default 3.12)
  --platform NAME          linux, macos, windows, or a uv platform such as x86_64-manylinux2014
  --implementation NAME    cpython (default), pypy or graalpy
  --marker KEY=VALUE       set a PEP 508 marker variable; repeatable
  --pre                    allow pre-releases
  --policy pip|uv          which installer's rules to follow (default pip)
  --no-binary NAMES        projects (comma separated, or :all:) that must not use wheels
  --no-build NAMES         projects that must not be built from source
  --exclude-newer DATE     ignore files uploaded after DATE (ISO 8601)
  --json                   print one JSON object
  -h, --help               this help

exit status: 0 solved, 1 no solution, 2 bad input`;

interface Options {
  readonly json: boolean;
}

function fail(message: string): never {
  throw new InputError(message);
}

function splitNames(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean).map((v) => (v === ':all:' ? v : normalizeName(v)));
}

function targetFrom(values: Record<string, unknown>, fallback?: TargetEnvironment): TargetEnvironment {
  const markers: Record<string, string> = {};
  for (const pair of (values.marker as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--marker ${pair}: expected KEY=VALUE`);
    markers[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  const platform = typeof values.platform === 'string' ? parsePlatformSpec(values.platform) : {};
  const base = fallback ?? makeTarget({});
  return makeTarget({
    ...base,
    ...platform,
    python: typeof values.python === 'string' ? values.python : base.python,
    implementation: (values.implementation as TargetEnvironment['implementation'] | undefined) ?? base.implementation,
    markerOverrides: { ...base.markerOverrides, ...markers },
  });
}

function policyFrom(values: Record<string, unknown>): Policy {
  const policy = (values.policy as string | undefined) ?? 'pip';
  if (!POLICIES.includes(policy as Policy)) fail(`--policy ${policy}: expected ${POLICIES.join(' or ')}`);
  return policy as Policy;
}

/** Requirements from the command line and -r files; every problem is reported with file:line:column. */
function readRequirements(positional: readonly string[], files: readonly string[]): { requirements: Requirement[]; pre: boolean } {
  const requirements: Requirement[] = [];
  const errors: string[] = [];
  let pre = false;
  positional.forEach((text, i) => {
    try {
      const req = parseRequirement(text);
      if (req.url) errors.push(`argument ${i + 1}: ${text}: direct references (name @ url) can't be resolved against an index`);
      else requirements.push(req);
    } catch (error) {
      errors.push(`argument ${i + 1}: ${(error as Error).message}`);
    }
  });
  for (const file of files) {
    const text = readText(file, 1024 * 1024);
    const parsed = basename(file) === 'pyproject.toml' || file.endsWith('.toml') ? parsePyproject(text, file) : parseRequirementsTxt(text, file);
    for (const problem of parsed.problems) {
      const line = `${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
      if (problem.severity === 'error') errors.push(line);
      else process.stderr.write(`${line}\n`);
    }
    requirements.push(...parsed.requirements.map((r) => r.requirement));
    pre ||= parsed.options.pre;
  }
  if (errors.length > 0) fail(errors.join('\n'));
  if (requirements.length === 0) fail('nothing to resolve: give requirements as arguments or with -r FILE');
  return { requirements, pre };
}

function printResult(result: ResolveResult, target: TargetEnvironment, options: Options, extra: Record<string, unknown> = {}): number {
  const message = result.ok ? '' : pubgrubReport(result.derivation);
  if (options.json) {
    const packages: Record<string, string> = {};
    if (result.ok) for (const p of result.packages) packages[p.name] = p.version;
    process.stdout.write(
      `${JSON.stringify({
        satisfiable: result.ok,
        packages,
        message,
        python: target.python,
        target: describeTarget(target),
        install: result.ok ? result.packages : [],
        warnings: result.warnings.map((w) => w.message),
        skipped: result.skipped,
        stats: result.stats,
        ...extra,
      })}\n`,
    );
    return result.ok ? 0 : 1;
  }
  printWarnings(result.warnings);
  if (result.ok) {
    console.log(`Resolved ${result.packages.length} package${result.packages.length === 1 ? '' : 's'} for ${describeTarget(target)} in ${result.stats.elapsedMs} ms:`);
    for (const p of result.packages) {
      const extras = p.extras.length ? `[${p.extras.join(',')}]` : '';
      const flags = [p.yanked !== false ? 'yanked' : '', p.prerelease ? 'pre-release' : ''].filter(Boolean);
      console.log(`  ${p.name}${extras}==${p.version}${flags.length ? `  (${flags.join(', ')})` : ''}`);
    }
    return 0;
  }
  console.log(`No solution for ${describeTarget(target)}.\n`);
  console.log(message);
  return 1;
}

function printWarnings(warnings: readonly DataWarning[]): void {
  for (const w of warnings.slice(0, 20)) process.stderr.write(`warning: ${w.message}\n`);
  if (warnings.length > 20) process.stderr.write(`warning: ... and ${warnings.length - 20} more\n`);
}

async function commandResolve(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      requirement: { type: 'string', short: 'r', multiple: true },
      index: { type: 'string' },
      python: { type: 'string' },
      platform: { type: 'string' },
      implementation: { type: 'string' },
      marker: { type: 'string', multiple: true },
      pre: { type: 'boolean' },
      policy: { type: 'string' },
      'no-binary': { type: 'string', multiple: true },
      'no-build': { type: 'string', multiple: true },
      'exclude-newer': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.index) fail('--index SNAPSHOT.json is required');
  const { index, warnings } = readIndexFile(values.index);
  const { requirements, pre } = readRequirements(positionals, values.requirement ?? []);
  const target = targetFrom(values, index.environment ? undefined : undefined);
  if (!values.json) printWarnings(warnings);
  const result = await runResolve(index, requirements, target, {
    policy: policyFrom(values),
    prereleases: Boolean(values.pre) || pre,
    noBinary: splitNames(values['no-binary']),
    noBuild: splitNames(values['no-build']),
    excludeNewer: values['exclude-newer'] ?? null,
  });
  return printResult(result, target, { json: Boolean(values.json) });
}

async function runResolve(
  index: PackageIndex,
  requirements: readonly Requirement[],
  target: TargetEnvironment,
  options: { policy: Policy; prereleases: boolean; noBinary: string[]; noBuild: string[]; excludeNewer: string | null; markers?: Record<string, string> },
): Promise<ResolveResult> {
  return resolve(new IndexProvider(index), { requirements, target, ...options });
}

async function commandScenario(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      python: { type: 'string' },
      platform: { type: 'string' },
      implementation: { type: 'string' },
      marker: { type: 'string', multiple: true },
      pre: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) fail('pipette scenario takes one FILE (a packse .toml or a case .json)');
  const problem = readProblem(positionals[0]!);
  const overridden = values.python || values.platform || values.implementation || values.marker;
  const target = overridden ? targetFrom(values, problem.target) : problem.target;
  const requirements = problem.requirements.map((text, i) => {
    try {
      return parseRequirement(text);
    } catch (error) {
      return fail(`${problem.path}: requirement ${i + 1}: ${(error as Error).message}`);
    }
  });
  if (!values.json) printWarnings(problem.warnings);
  const result = await runResolve(problem.index, requirements, target, {
    policy: policyFrom(values),
    prereleases: problem.prereleases || Boolean(values.pre),
    noBinary: [...problem.noBinary],
    noBuild: [...problem.noBuild],
    excludeNewer: null,
    markers: overridden ? {} : { ...problem.markers },
  });
  const expected = problem.expected.satisfiable;
  return printResult(result, target, { json: Boolean(values.json) }, { scenario: problem.name, expected: { satisfiable: expected, packages: problem.expected.packages } });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'resolve':
        return await commandResolve(rest);
      case 'scenario':
        return await commandScenario(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        fail(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof InputError || (error instanceof Error && (error.name.endsWith('Error') && error.name !== 'Error' && error.name !== 'TypeError'))) {
      process.stderr.write(`pipette: ${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`pipette: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}
