/**
 * `pipette audit`: resolve, then say which releases of the plan known security advisories
 * affect, under a policy (warn, avoid, block), with an ignore list.
 */
import { parseArgs } from 'node:util';
import {
  ADVISORY_POLICIES,
  AdvisoryIndex,
  describeTarget,
  explainFailure,
  IndexProvider,
  mergeAdvisories,
  statusNotes,
  type Advisory,
  type AdvisoryPolicy,
  type IgnoredAdvisory,
  type Policy,
} from '../core/index.ts';
import { jsonApiBaseFor, resolveWithLiveAdvisories } from '../sources/index.ts';
import { readAdvisoryPaths, unusableNamedFiles } from './advisories.ts';
import { fail, jobFromArgs, OUTPUT_OPTIONS, printWarnings, RESOLVE_OPTIONS, type Job, type Values } from './main.ts';

export const AUDIT_USAGE = `  pipette audit [REQUIREMENT ...] [-r FILE] (--index FILE | --index-url URL) [--advisories PATH]
                [--policy warn|avoid|block] [--ignore ID:reason] [--json]
                                       the plan's releases with known security advisories
                                       (--installer pip|uv for the installer's rules)`;

const MAX_JSON_API_BYTES = 4 * 1024 * 1024;

function parseIgnore(values: readonly string[]): IgnoredAdvisory[] {
  return values.map((value) => {
    const colon = value.indexOf(':');
    const id = (colon < 0 ? value : value.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : value.slice(colon + 1).trim();
    if (!id || !reason) fail(`--ignore ${value}: expected ID:reason (say why the advisory does not apply)`);
    return { id, reason };
  });
}

/** A JSON body from PyPI, with a size and time limit. */
async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return { vulnerabilities: [] };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_JSON_API_BYTES) throw new Error(`answer of ${text.length} bytes is over the limit`);
  return JSON.parse(text);
}

export async function commandAudit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...RESOLVE_OPTIONS,
      ...OUTPUT_OPTIONS,
      advisories: { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      installer: { type: 'string' },
    },
  });
  const policy = ((values.policy as string | undefined) ?? 'warn') as AdvisoryPolicy;
  if (!ADVISORY_POLICIES.includes(policy)) fail(`--policy ${String(values.policy)}: expected ${ADVISORY_POLICIES.join(', ')}`);
  const ignore = parseIgnore((values.ignore as string[] | undefined) ?? []);
  const job: Job = jobFromArgs({ ...(values as Values), policy: values.installer as Policy | undefined }, positionals);
  const json = Boolean(values.json);

  const sources: string[] = [];
  let records: Advisory[] = [];
  const problems: string[] = [];
  if (job.provider instanceof IndexProvider && job.provider.index.advisories.length) {
    records = [...job.provider.index.advisories];
    sources.push(`the snapshot (${records.length})`);
  }
  const paths = (values.advisories as string[] | undefined) ?? [];
  if (paths.length) {
    const imported = await readAdvisoryPaths(paths);
    // A file given that can't be used at all stops the audit, as any bad input does: a CI audit must not pass without it.
    const unusable = unusableNamedFiles(paths, imported);
    if (unusable) fail(unusable);
    records = mergeAdvisories(records, imported.advisories);
    problems.push(...imported.problems.map((p) => p.message));
    sources.push(`${paths.join(', ')} (${imported.advisories.length})`);
  }
  // Range events that are not PEP 440 are skipped, which can leave an advisory affecting nothing: say so.
  problems.push(...new AdvisoryIndex(records).problems.map((p) => p.message));
  const jsonBase = job.live ? jsonApiBaseFor(job.live.report().indexUrl) : null;
  if (!records.length && !jsonBase) {
    // What was wrong with the files given is the answer here, not a warning after it.
    const why = problems.slice(0, 10).map((p) => `\n  ${p}`).join('');
    fail(`no advisories to audit against${why ? ` (the files given had none that could be read:${why})\n` : ': '}give --advisories PATH (OSV JSON file or folder), a snapshot with "advisories", or PyPI as --index-url`);
  }

  const live = await resolveWithLiveAdvisories(job.provider, job.request, { records, policy, ignore }, jsonBase, getJson);
  const trust = live.trust;
  problems.push(...live.failures);
  if (live.asked) {
    records = [...live.records];
    sources.push(`PyPI JSON API (${live.asked} releases asked)`);
  }
  const result = trust.result;
  const explanation = result.ok ? null : await explainFailure(trust.provider, job.request, result, { search: true, budgetMs: 4000 });
  const statuses = result.ok ? await statusNotes(job.provider, result) : [];
  if (job.live && !json) process.stderr.write(`${job.live.summary()}\n`);

  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        policy,
        satisfiable: result.ok,
        target: describeTarget(job.target),
        packages: result.ok ? Object.fromEntries(result.packages.map((p) => [p.name, p.version])) : {},
        audit: trust.audit,
        ignore,
        diff: trust.diff,
        warnPlan: trust.warnPlan ? Object.fromEntries(trust.warnPlan.packages.map((p) => [p.name, p.version])) : null,
        staysAffected: trust.staysAffected,
        statuses,
        explanation: explanation ? { headline: explanation.headline, voices: explanation.voices, causes: explanation.causes, suggestions: explanation.suggestions } : null,
        advisories: { records: records.filter((r) => !r.withdrawn).length, sources, problems },
        warnings: result.warnings.map((w) => w.message),
      })}\n`,
    );
    return result.ok ? 0 : 1;
  }
  for (const p of problems.slice(0, 10)) process.stderr.write(`warning: ${p}\n`);
  printWarnings(result.warnings);
  if (!result.ok) {
    console.log(`No plan for ${describeTarget(job.target)} under --policy ${policy}.\n`);
    console.log(explanation!.voices.pubgrub);
    if (explanation!.suggestions.length) {
      console.log('\nFixes, each checked by resolving again:');
      explanation!.suggestions.forEach((s, i) => console.log(`  ${i + 1}. ${s.title} — ${s.detail}`));
    }
    return 1;
  }
  const audit = trust.audit!;
  console.log(`Resolved ${result.packages.length} package${result.packages.length === 1 ? '' : 's'} for ${describeTarget(job.target)} (--policy ${policy}; advisories from ${sources.join(', ')}):`);
  const affected = new Map(audit.packages.map((p) => [p.key, p]));
  for (const p of result.packages) {
    const a = affected.get(p.key);
    const note = a?.advisories.length ? `  affected by ${a.advisories.map((h) => h.id).join(', ')}` : '';
    console.log(`  ${p.name}==${p.version}${note}`);
  }
  console.log('');
  console.log(
    audit.affected === 0
      ? `No known advisory affects this plan${audit.ignored ? ` (${audit.ignored} ignored)` : ''}.`
      : `${audit.affected} package${audit.affected === 1 ? '' : 's'} affected by ${audit.advisories} advisor${audit.advisories === 1 ? 'y' : 'ies'}${audit.ignored ? ` (${audit.ignored} ignored)` : ''}:`,
  );
  for (const p of audit.packages) {
    if (!p.advisories.length && !p.ignored.length) continue;
    console.log(`\n${p.name} ${p.version}${p.fixedIn ? `  (fixed in ${p.fixedIn})` : '  (no fixed version known)'}`);
    for (const h of p.advisories) {
      console.log(`  ${h.id}${h.aliases.length ? ` (${h.aliases.join(', ')})` : ''}: ${h.summary || '(no summary)'}`);
      if (h.fixed.length) console.log(`    fixed in ${h.fixed.join(', ')}`);
    }
    for (const i of p.ignored) console.log(`  ${i.advisory.id}: ignored — ${i.reason}`);
    for (const chain of p.chains.slice(0, 3)) console.log(`  pulled in by: ${chain.join(' → ')}`);
  }
  if (trust.diff) {
    const d = trust.diff;
    const changes = [...d.changed.map((c) => `${c.name} ${c.from} → ${c.to}`), ...d.added.map((a) => `+ ${a.name} ${a.version}`), ...d.removed.map((r) => `- ${r.name} ${r.version}`)];
    console.log(`\nAgainst the plan --policy warn gives: ${changes.length ? changes.join(', ') : 'no change'}.`);
    for (const s of trust.staysAffected) console.log(`\n${s.package} ${s.version} stays affected (${s.advisories.join(', ')}), because:\n${s.why.replace(/^/gm, '  ')}`);
  }
  if (statuses.length) {
    console.log('');
    for (const s of statuses) console.log(`warning: ${s.text}`);
  }
  return 0;
}
