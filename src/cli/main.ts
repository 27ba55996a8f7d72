/**
 * pipette: the same core as the browser, from Node.
 *
 *   pipette resolve [REQ ...] [-r requirements.txt] (--index SNAPSHOT.json | --index-url URL) [options]
 *   pipette scenario FILE [options]          (a packse .toml or a case .json)
 *   pipette why NAME [REQ ...] [-r FILE] (--index ... | --index-url ...) [options]
 *
 * Exit status: 0 solved, 1 no solution, 2 bad input, 4 stopped by --max-seconds.
 */
import { parseArgs } from 'node:util';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import {
  describeTarget,
  ENGINE_NAMES,
  explainFailure,
  isEngineName,
  IndexProvider,
  makeTarget,
  normalizeName,
  parsePlatformSpec,
  type Constraint,
  parsePyproject,
  parseRequirement,
  parseRequirementsTxt,
  POLICIES,
  resolve,
  ResolveTimeLimitError,
  tryParseVersion,
  VOICES,
  whyInstalled,
  whyNotNewer,
  BASE_VARIANT,
  findingsOf,
  messageKind,
  renderFindings,
  type Verbosity,
  type WordingVariant,
  type DataWarning,
  type DependencyProvider,
  type EngineName,
  type Explanation,
  type Policy,
  type FileReference,
  type Requirement,
  type ResolveRequest,
  type ResolveResult,
  type TargetEnvironment,
  type Voice,
} from '../core/index.ts';
import { environmentVariable, InputError, readIndexFile, readProblem, readText, REPO_ROOT } from './files.ts';
import { redactLogins } from '../sources/index.ts';
import { maxMsFrom, terminalProgress, TIME_LIMIT_EXIT, timeLimitJson, timeLimitText } from './progress.ts';
import { commandStudy, STUDY_USAGE } from './study.ts';
import { readFollowing } from './followed-files.ts';
import { fileSystemProblem } from './read-bounded.ts';
import { chooseIndexes, type FileIndexOption } from './index-choice.ts';
import { ConstraintFileReader } from './constraint-files.ts';
import { commandLineIndexes, excludeNewerFrom, LIVE_INDEX_OPTIONS, LIVE_INDEX_USAGE, liveProviderFromArgs, type LiveIndex, type LiveIndexValues } from './live-index.ts';
import { reportEngine } from './engines.ts';
import { AUDIT_USAGE, commandAudit } from './audit.ts';
import { LINT_INDEX_USAGE, commandLintIndex } from './lint-index.ts';
import { commandWording, readVariantFile, verbosityFrom, WORDING_USAGE } from './wording.ts';
import { commandSuite, SUITE_USAGE } from './suite.ts';
import { commandCheck, commandMatrix, ENVIRONMENT_OPTIONS, ENVIRONMENT_USAGE, needsEnvironmentReport, reportEnvironment, withEnvironment } from './environment.ts';

const USAGE = `usage:
  pipette resolve [REQUIREMENT ...] [-r FILE] --index SNAPSHOT.json [options]
  pipette resolve [REQUIREMENT ...] [-r FILE] --index-url URL [options]
  pipette --version                    the version of pipette
  pipette scenario FILE [options]      a packse scenario (.toml) or a case (.json)
  pipette why NAME [REQUIREMENT ...] [-r FILE] (--index FILE | --index-url URL) [options]
                                       why NAME is installed, and why not a newer one
${AUDIT_USAGE}
${LINT_INDEX_USAGE}
${WORDING_USAGE}
${SUITE_USAGE}
${STUDY_USAGE}
  pipette check --installed FILE (--index FILE | --index-url URL)
                                       pip check: what the installed set breaks
  pipette matrix [REQUIREMENT ...] [-r FILE] (--index ... | --index-url ...) [--pythons 3.8,3.12] [--platforms linux,windows]
                                       the same requirements for many targets

options:
  -r, --requirement FILE   requirements.txt (or pyproject.toml) to resolve; repeatable
  --index FILE             index snapshot (index-snapshot/1 JSON)
${LIVE_INDEX_USAGE}
  --python X.Y[.Z]         target Python (default 3.12)
  --platform NAME          linux, macos, windows, or a uv platform such as x86_64-manylinux2014
  --implementation NAME    cpython (default), pypy or graalpy
  --marker KEY=VALUE       set a PEP 508 marker variable; repeatable
  --pre                    allow pre-releases
  --policy pip|uv          which installer's rules to follow (default pip)
  --no-binary NAMES        projects (comma separated, or :all:) that must not use wheels
  --no-build NAMES         projects that must not be built from source
  --exclude-newer DATE     ignore files uploaded after DATE (ISO 8601)
  --engine pubgrub|pip|legacy  which resolver: the complete one (default), pip 23.2's
                           (prints what pip prints), or pip 20.2's legacy one
${ENVIRONMENT_USAGE}
  --voice pubgrub|pip|plain  how to explain a failure (default pubgrub)
  --suggest                look for the minimal conflict and fixes checked by resolving again
  --budget MS              time for that search (default 2000)
  --max-seconds N          stop a resolve that runs longer, saying what it tried
  --wording VARIANT.json   explain in a wording variant (pipette-wording/1 JSON, or a .po file)
  --verbosity LEVEL        brief, normal (default) or full
  --json                   print one JSON object
  -h, --help               this help

exit status: 0 solved, 1 no solution, 2 bad input, 4 stopped by --max-seconds`;

const TARGET_OPTIONS = {
  python: { type: 'string' },
  platform: { type: 'string' },
  implementation: { type: 'string' },
  marker: { type: 'string', multiple: true },
  pre: { type: 'boolean' },
  policy: { type: 'string' },
} as const;

export const RESOLVE_OPTIONS = {
  ...TARGET_OPTIONS,
  requirement: { type: 'string', short: 'r', multiple: true },
  index: { type: 'string' },
  'no-binary': { type: 'string', multiple: true },
  'no-build': { type: 'string', multiple: true },
  'exclude-newer': { type: 'string' },
  ...LIVE_INDEX_OPTIONS,
} as const;

export const OUTPUT_OPTIONS = {
  json: { type: 'boolean' },
  engine: { type: 'string' },
  voice: { type: 'string' },
  suggest: { type: 'boolean' },
  budget: { type: 'string' },
  'max-seconds': { type: 'string' },
  wording: { type: 'string' },
  verbosity: { type: 'string' },
} as const;

export type Values = Record<string, string | boolean | string[] | undefined>;

interface Output {
  readonly json: boolean;
  readonly engine: EngineName;
  readonly voice: Voice;
  readonly suggest: boolean;
  readonly budgetMs: number;
  readonly maxMs: number | undefined;
  readonly variant: WordingVariant | null;
  readonly verbosity: Verbosity;
}

/** What to resolve, against what: the same for `resolve`, `why` and `scenario`. */
export interface Job {
  readonly provider: DependencyProvider;
  readonly request: ResolveRequest;
  readonly target: TargetEnvironment;
  readonly warnings: readonly DataWarning[];
  readonly live: LiveIndex | null;
  readonly extra: Record<string, unknown>;
  /** Where the target Python was set, for the explanation's hint (default: `--python`). */
  readonly pythonSource?: string;
  /** Where each requirement was written, as pip names it ("-r FILE (line N)"); null for arguments. */
  readonly origins?: readonly (string | null)[];
  readonly indexUrl?: string | null;
  readonly extraIndexUrls?: readonly string[];
  /** The constraints of the `-c` files, the command line's and the -r files' (each file read once: a FIFO can't be read twice). */
  readonly constraints?: readonly Constraint[];
}

export function fail(message: string): never {
  throw new InputError(message);
}

function splitNames(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean).map((v) => (v === ':all:' ? v : normalizeName(v)));
}

const VERSION_MARKERS = new Set(['python_version', 'python_full_version', 'implementation_version']);

function targetFrom(values: Values, fallback?: TargetEnvironment): TargetEnvironment {
  const markers: Record<string, string> = {};
  for (const pair of (values.marker as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--marker ${pair}: expected KEY=VALUE`);
    const [key, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
    // Compared as versions by every marker that names them: a typo would compare as text, silently.
    if (VERSION_MARKERS.has(key) && !tryParseVersion(value)) fail(`--marker ${pair}: ${key} is compared as a version, and ${JSON.stringify(value)} is not one (such as 3.11)`);
    markers[key] = value;
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

function policyFrom(values: Values): Policy {
  const policy = (values.policy as string | undefined) ?? 'pip';
  if (!POLICIES.includes(policy as Policy)) fail(`--policy ${policy}: expected ${POLICIES.join(' or ')}`);
  return policy as Policy;
}

function outputFrom(values: Values): Output {
  const voice = (values.voice as string | undefined) ?? 'pubgrub';
  if (!VOICES.includes(voice as Voice)) fail(`--voice ${voice}: expected ${VOICES.join(', ')}`);
  const budgetMs = Number(values.budget ?? 2000);
  if (!Number.isFinite(budgetMs) || budgetMs < 0) fail(`--budget ${String(values.budget)}: expected milliseconds`);
  const engineName = (values.engine as string | undefined) ?? 'pubgrub';
  if (!isEngineName(engineName)) fail(`--engine ${engineName}: expected ${ENGINE_NAMES.join(', ')}`);
  const variant = typeof values.wording === 'string' ? readVariantFile(values.wording).variant : null;
  return { json: Boolean(values.json), engine: engineName, voice: voice as Voice, suggest: Boolean(values.suggest), budgetMs, maxMs: maxMsFrom(values['max-seconds']), variant, verbosity: verbosityFrom(values.verbosity) };
}

/**
 * Requirements from the command line and -r files; every problem is reported with file:line:column.
 * `constraintPaths`: the command line's `-c` files, whose index options pip reads first; the
 * constraints of every -c file come back read, each file once.
 */
function readRequirements(
  positional: readonly string[],
  files: readonly string[],
  constraintPaths: readonly string[],
): { requirements: Requirement[]; origins: (string | null)[]; pre: boolean; indexOptions: FileIndexOption[]; constraints: Constraint[] } {
  const requirements: Requirement[] = [];
  const origins: (string | null)[] = [];
  const errors: string[] = [];
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const constraintReader = new ConstraintFileReader();
  const indexOptions: FileIndexOption[] = constraintReader.readFiles(constraintPaths, warn);
  let pre = false;
  positional.forEach((text, i) => {
    try {
      const req = parseRequirement(text);
      if (req.url) errors.push(`argument ${i + 1}: ${redactLogins(text)}: direct references (name @ url) can't be resolved against an index`);
      else {
        requirements.push(req);
        origins.push(null);
      }
    } catch (error) {
      errors.push(`argument ${i + 1}: ${(error as Error).message}`);
    }
  });
  // -r lines inside a file are followed as pip follows them, the named file's requirements taking the place of the line.
  readFollowing(files, 'requirements', (file, follow) => {
    const text = readText(file, 1024 * 1024);
    const isTxt = !(basename(file) === 'pyproject.toml' || file.endsWith('.toml'));
    const parsed = isTxt ? parseRequirementsTxt(text, file, { followConstraints: true, followIncludes: true, readsExtraIndexes: true, environment: environmentVariable }) : parsePyproject(text, file);
    for (const problem of parsed.problems) {
      const line = `${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
      if (problem.severity === 'error') errors.push(line);
      else process.stderr.write(`${line}\n`);
    }
    const includes = parsed.includeFiles;
    let next = 0;
    const include = (ref: FileReference) => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref.path)) errors.push(`${file}:${ref.line}:${ref.column}: error: -r ${redactLogins(ref.path)}: requirements are read from files here, not from URLs`);
      else follow(ref);
    };
    // pip reads a file's lines in order, a named file's in place of the line naming it: index
    // options apply in that order (index-choice.ts), and a -c file's own come at its line.
    const named = [
      ...parsed.constraintFiles.map((ref) => ({ line: ref.line, constraint: ref, option: null })),
      ...parsed.options.indexOptions.map((option) => ({ line: option.line, constraint: null, option })),
    ].sort((a, b) => a.line - b.line);
    let nextNamed = 0;
    const upTo = (line: number): void => {
      while (next < includes.length && includes[next]!.line < line) include(includes[next++]!);
      while (nextNamed < named.length && named[nextNamed]!.line < line) {
        const { constraint, option } = named[nextNamed++]!;
        if (option) indexOptions.push({ ...option, file });
        else {
          indexOptions.push(...constraintReader.readFiles([resolvePath(dirname(file), constraint!.path)], warn));
        }
      }
    };
    for (const line of parsed.requirements) {
      upTo(line.line);
      requirements.push(line.requirement);
      origins.push(isTxt ? `-r ${file} (line ${line.line})` : null);
    }
    upTo(Infinity);
    pre ||= parsed.options.pre;
  });
  errors.push(...constraintReader.errors);
  if (errors.length > 0) fail(errors.join('\n'));
  if (requirements.length === 0) fail('nothing to resolve: give requirements as arguments or with -r FILE');
  return { requirements, origins, pre: pre || constraintReader.pre, indexOptions, constraints: constraintReader.constraints };
}

/** A job from `resolve`-style arguments: a snapshot file or a live index. */
export function jobFromArgs(values: Values, positionals: readonly string[]): Job {
  if (values.index && values['index-url']) fail('give --index SNAPSHOT.json or --index-url URL, not both');
  const { requirements, origins, pre, indexOptions, constraints } = readRequirements(positionals, (values.requirement as string[] | undefined) ?? [], (values.constraint as string[] | undefined) ?? []);
  const target = targetFrom(values);
  const common = {
    requirements,
    target,
    policy: policyFrom(values),
    prereleases: Boolean(values.pre) || pre,
    noBinary: splitNames(values['no-binary'] as string[] | undefined),
    noBuild: splitNames(values['no-build'] as string[] | undefined),
  };
  if (typeof values.index === 'string') {
    const named = [...new Set(indexOptions.flatMap((option) => (option.url === null ? [] : [option.url])))];
    if (named.length > 0) process.stderr.write(`note: the requirements name ${named.length === 1 ? 'an index' : 'indexes'} (${named.map(redactLogins).join(', ')}); the snapshot ${values.index} is read instead\n`);
    const { index, warnings } = readIndexFile(values.index, { lazy: true });
    return {
      // Load warnings reach the result for the projects the resolve meets, not for the whole index.
      provider: new IndexProvider(index, warnings),
      request: { ...common, excludeNewer: excludeNewerFrom(values['exclude-newer'] as string | undefined) },
      target,
      warnings: [],
      live: null,
      extra: {},
      origins,
      constraints,
    };
  }
  const indexes = chooseIndexes(commandLineIndexes(values as LiveIndexValues), indexOptions);
  if (indexes.noIndexAt !== null) fail(`${indexes.noIndexAt}: --no-index: pip would read no index (only --find-links folders, which Pipette does not search); remove the line, or resolve against a snapshot with --index`);
  for (const note of indexes.notes) process.stderr.write(`${note}\n`);
  const live = liveProviderFromArgs(values as Parameters<typeof liveProviderFromArgs>[0], indexes, target);
  if (!live) fail('--index SNAPSHOT.json or --index-url URL is required (PyPI is --index-url https://pypi.org/simple/)');
  // The live provider applies the date to each file, as the index looked then.
  return { provider: live.provider, request: { ...common, excludeNewer: null }, target, warnings: [], live, extra: {}, origins, constraints, ...live.shownUrls };
}

export function printWarnings(warnings: readonly DataWarning[]): void {
  for (const w of warnings.slice(0, 20)) process.stderr.write(`warning: ${w.message}\n`);
  if (warnings.length > 20) process.stderr.write(`warning: ... and ${warnings.length - 20} more\n`);
}

async function runJob(job: Job, output: Output): Promise<{ result: ResolveResult; explanation: Explanation | null }> {
  if (!output.json) printWarnings(job.warnings);
  let result: ResolveResult;
  const status = terminalProgress();
  try {
    result = await resolve(job.provider, job.request, { ...status.hooks, ...(output.maxMs !== undefined ? { maxMs: output.maxMs } : {}) });
  } finally {
    status.done();
    if (job.live && !output.json) process.stderr.write(`${job.live.summary()}\n`);
  }
  let explanation = result.ok ? null : await explainFailure(job.provider, job.request, result, { search: output.suggest, budgetMs: output.budgetMs, ...(job.pythonSource ? { pythonSource: job.pythonSource } : {}) });
  if (explanation && !result.ok && (output.variant || output.verbosity !== 'normal')) {
    // The wording lab's renderer: the variant's words, the level's layout, {kind} in every template.
    const rendered = renderFindings(findingsOf(job.request, result, explanation), output.variant ?? BASE_VARIANT, output.verbosity, { track: false });
    const failed = Object.values(rendered.voices).find((m) => m.error);
    if (failed) throw new InputError(`the wording variant can't be used here: ${failed.error}`);
    explanation = { ...explanation, voices: { pubgrub: rendered.voices.pubgrub.text, pip: rendered.voices.pip.text, plain: rendered.voices.plain.text } };
  }
  return { result, explanation };
}

async function report(job: Job, output: Output): Promise<number> {
  if (output.engine !== 'pubgrub') {
    const origins = job.origins ?? job.request.requirements.map((_, i) => `-r requirements.txt (line ${i + 1})`);
    return reportEngine(output.engine, { ...job, origins, indexUrl: job.indexUrl ?? null }, output.json);
  }
  let ran: Awaited<ReturnType<typeof runJob>>;
  try {
    ran = await runJob(job, output);
  } catch (error) {
    if (!(error instanceof ResolveTimeLimitError)) throw error;
    if (output.json) process.stdout.write(`${JSON.stringify({ ...timeLimitJson(error), ...job.extra })}\n`);
    else console.log(timeLimitText(error));
    return TIME_LIMIT_EXIT;
  }
  const { result, explanation } = ran;
  const message = explanation ? explanation.voices[output.voice] : '';
  if (output.json) {
    const packages: Record<string, string> = {};
    if (result.ok) for (const p of result.packages) packages[p.name] = p.version;
    process.stdout.write(
      `${JSON.stringify({
        satisfiable: result.ok,
        packages,
        message,
        kind: explanation ? messageKind(explanation) : null,
        voice: output.voice,
        python: job.target.python,
        target: describeTarget(job.target),
        install: result.ok ? result.packages : [],
        explanation: explanation
          ? {
              headline: explanation.headline,
              voices: explanation.voices,
              causes: explanation.causes,
              clash: explanation.clash,
              minimalConflict: explanation.minimalConflict,
              suggestions: explanation.suggestions,
              facts: explanation.facts,
              otherProblems: explanation.otherProblems,
              hints: explanation.hints,
              fixesComplete: explanation.fixesComplete,
              problemsComplete: explanation.problemsComplete,
            }
          : null,
        warnings: result.warnings.map((w) => w.message),
        skipped: result.skipped,
        stats: result.stats,
        ...(job.live ? { index: job.live.report() } : {}),
        ...job.extra,
      })}\n`,
    );
    return result.ok ? 0 : 1;
  }
  printWarnings(result.warnings);
  // A requirement left out by its own marker is said to be, as pip's "Ignoring ..." does: it was typed.
  for (const text of result.skipped) process.stderr.write(`note: ignoring ${JSON.stringify(text)}: its marker is false for ${describeTarget(job.target)}\n`);
  if (result.ok) {
    // One write for the whole plan: a write per line costs a stream write and a tick each.
    const lines = [`Resolved ${result.packages.length} package${result.packages.length === 1 ? '' : 's'} for ${describeTarget(job.target)} in ${result.stats.elapsedMs} ms:`];
    for (const p of result.packages) {
      const extras = p.extras.length ? `[${p.extras.join(',')}]` : '';
      const flags = [p.yanked !== false ? 'yanked' : '', p.prerelease ? 'pre-release' : ''].filter(Boolean);
      lines.push(`  ${p.name}${extras}==${p.version}${flags.length ? `  (${flags.join(', ')})` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  process.stdout.write(`No solution for ${describeTarget(job.target)}.\n\n${message}\n`);
  if (explanation && !explanation.problemsComplete) {
    process.stderr.write(`note: explaining stopped at its time budget (--budget ${output.budgetMs} ms): other separate problems may not be shown\n`);
  }
  if (output.suggest && output.voice === 'pubgrub' && explanation) {
    const minimal = explanation.minimalConflict;
    if (minimal) console.log(`\nMinimal conflict: ${[...minimal.requirements, ...(minimal.python ? ['the target Python'] : []), ...(minimal.platform ? ['the platform'] : [])].join(', ')}${minimal.complete ? '' : ' (search cut short; may not be minimal)'}`);
    if (explanation.suggestions.length) {
      console.log('\nFixes, each checked by resolving again:');
      explanation.suggestions.forEach((s, i) => console.log(`  ${i + 1}. ${s.title} — ${s.detail}`));
    }
  }
  if (job.live) for (const note of await job.live.notes(result)) process.stderr.write(`${note}\n`);
  return 1;
}

async function commandResolve(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...RESOLVE_OPTIONS, ...OUTPUT_OPTIONS, ...ENVIRONMENT_OPTIONS } });
  const job = jobFromArgs(values, positionals);
  const environment = withEnvironment(values, job.provider, job.request, job.constraints ?? []);
  if (needsEnvironmentReport(environment)) return reportEnvironment(environment, job.target, Boolean(values.json));
  return report({ ...job, provider: environment.provider, request: environment.request }, outputFrom(values));
}

async function commandScenario(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...TARGET_OPTIONS, ...OUTPUT_OPTIONS } });
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
  const job: Job = {
    provider: new IndexProvider(problem.index, problem.warnings),
    request: {
      requirements,
      target,
      markers: overridden ? {} : { ...problem.markers },
      policy: policyFrom(values),
      prereleases: problem.prereleases || Boolean(values.pre),
      noBinary: [...problem.noBinary],
      noBuild: [...problem.noBuild],
    },
    target,
    warnings: [],
    live: null,
    extra: { scenario: problem.name, expected: { satisfiable: problem.expected.satisfiable, packages: problem.expected.packages } },
    pythonSource: values.python ? `--python ${values.python as string}` : `the target of ${basename(problem.path)}`,
  };
  return report(job, outputFrom(values));
}

async function commandWhy(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...RESOLVE_OPTIONS, ...OUTPUT_OPTIONS } });
  const [name, ...requirements] = positionals;
  if (!name) fail('pipette why takes the NAME of a package, then the requirements (or -r FILE)');
  const job = jobFromArgs(values, requirements);
  const output = outputFrom(values);
  const { result } = await runJob(job, { ...output, suggest: false });
  if (!result.ok) {
    process.stderr.write(`pipette: the requirements have no solution, so nothing is installed; run pipette resolve to see why\n`);
    return 1;
  }
  if (!result.packages.some((p) => p.key === normalizeName(name))) fail(`${name} is not in the install plan (${result.packages.map((p) => p.name).join(', ')})`);
  const installed = whyInstalled(result, name);
  const notNewer = await whyNotNewer(job.provider, job.request, result, name);
  if (output.json) {
    process.stdout.write(`${JSON.stringify({ package: installed.package, version: installed.version, whyInstalled: installed, whyNotNewer: notNewer })}\n`);
  } else {
    console.log(installed.text);
    console.log('');
    console.log(notNewer.text);
  }
  return 0;
}

/** The version in the package.json beside the code (the repository's, in the sources and in the build). */
function pipetteVersion(): string {
  return (JSON.parse(readText(join(REPO_ROOT, 'package.json'))) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'resolve':
        return await commandResolve(rest);
      case 'scenario':
        return await commandScenario(rest);
      case 'why':
        return await commandWhy(rest);
      case 'audit':
        return await commandAudit(rest);
      case 'lint-index':
        return await commandLintIndex(rest);
      case 'wording':
        return await commandWording(rest);
      case 'suite':
        return await commandSuite(rest);
      case 'study':
        return await commandStudy(rest);
      case 'check':
        return await commandCheck(rest);
      case 'matrix':
        return await commandMatrix(rest, (positional, files) => readRequirements(positional, files, []));
      case '--version':
      case '-V':
      case 'version':
        console.log(`pipette ${pipetteVersion()}`);
        return 0;
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
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`pipette: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    // A path given for output (--out, --csv, --junit) that can't be written, or any other file error.
    const fileProblem = fileSystemProblem(error);
    if (fileProblem) {
      process.stderr.write(`pipette: ${fileProblem}\n`);
      return 2;
    }
    // Typed errors about the input (bad requirement, broken snapshot, index failure) say what and where.
    if (error instanceof InputError || (error instanceof Error && error.name.endsWith('Error') && !['Error', 'TypeError', 'RangeError', 'ReferenceError'].includes(error.name))) {
      process.stderr.write(`pipette: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
