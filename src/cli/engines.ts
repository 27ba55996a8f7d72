/**
 * `--engine pip|legacy` for `pipette resolve` and `pipette scenario`: run pip 23.2's resolver
 * (resolvelib) or pip 20.2's legacy resolver on the job and print what that pip would print,
 * or one JSON object with the verdict, the plan and the output.
 */
import { describeTarget, engine, type DependencyProvider, type EngineName, type EngineOptions, type ResolveRequest, type TargetEnvironment } from '../core/index.ts';

export interface EngineJob {
  readonly provider: DependencyProvider;
  readonly request: ResolveRequest;
  readonly target: TargetEnvironment;
  /** Where each requirement was written ("-r requirements.txt (line 3)"), null for the command line. */
  readonly origins: readonly (string | null)[];
  readonly indexUrl: string | null;
  readonly extraIndexUrls?: readonly string[];
  readonly extra: Record<string, unknown>;
}

export async function reportEngine(name: Exclude<EngineName, 'pubgrub'>, job: EngineJob, json: boolean): Promise<number> {
  const options: EngineOptions = {
    origins: job.origins,
    ...(job.indexUrl ? { indexUrl: job.indexUrl.endsWith('/') ? job.indexUrl : `${job.indexUrl}/` } : {}),
    ...(job.extraIndexUrls ? { extraIndexUrls: job.extraIndexUrls } : {}),
  };
  const run = await engine(name).run(job.provider, job.request, {}, options);
  const broken = run.legacy?.conflicts ?? [];
  if (json) {
    const packages: Record<string, string> = {};
    if (run.result.ok) for (const p of run.result.packages) packages[p.name] = p.version;
    process.stdout.write(
      `${JSON.stringify({
        engine: name,
        satisfiable: run.result.ok,
        packages,
        install: run.result.ok ? run.result.packages : [],
        output: run.output ?? [],
        rounds: run.rounds ?? null,
        stats: run.result.stats,
        target: describeTarget(job.target),
        ...(run.pip ? { pip: { verdict: run.pip.verdict, error: run.pip.error, causes: run.pip.causes } } : {}),
        ...(run.legacy ? { legacy: { failed: run.legacy.failed, error: run.legacy.error, conflicts: broken.map((c) => c.line) } } : {}),
        ...job.extra,
      })}\n`,
    );
  } else {
    for (const line of run.output ?? []) console.log(line);
  }
  return run.result.ok ? 0 : 1;
}
