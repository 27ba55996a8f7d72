/**
 * `pipette lint-index`: the metadata audit of an index snapshot, or of the part of a live index
 * a resolve reads (give requirements with --index-url).
 */
import { parseArgs } from 'node:util';
import {
  AdvisoryIndex,
  AUDIT_KINDS,
  auditIndex,
  makeTarget,
  mergeAdvisories,
  proveRelease,
  resolve,
  whoNeeds,
  type AuditKind,
  type IndexAudit,
  type PackageIndex,
  type DataWarning,
} from '../core/index.ts';
import { readAdvisoryPaths, unusableNamedFiles } from './advisories.ts';
import { readIndexFile } from './files.ts';
import { fail, jobFromArgs, RESOLVE_OPTIONS, type Values } from './main.ts';

export const LINT_INDEX_USAGE = `  pipette lint-index SNAPSHOT.json [--python X.Y] [--advisories PATH] [--who-needs NAME] [--show N] [--json]
  pipette lint-index --index-url URL REQUIREMENT ... [-r FILE]
                                       the metadata audit of an index (of what a resolve read, for a live one)`;

/** How many uninstallable releases get the resolver's proof in the text report. */
const PROOFS = 3;

export async function commandLintIndex(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...RESOLVE_OPTIONS, json: { type: 'boolean' }, advisories: { type: 'string', multiple: true }, 'who-needs': { type: 'string', multiple: true }, show: { type: 'string' } },
  });
  const show = Number(values.show ?? 5);
  if (!Number.isInteger(show) || show < 0) fail(`--show ${String(values.show)}: expected a number of findings per kind`);
  // An empty name would match no project and read as "nothing needs it".
  for (const name of (values['who-needs'] as string[] | undefined) ?? []) if (name.trim() === '') fail(`--who-needs ${JSON.stringify(name)}: expected a project name`);
  let index: PackageIndex;
  let warnings: readonly DataWarning[] = [];
  let scope = 'the whole index';
  if (values['index-url']) {
    const job = jobFromArgs(values as Values, positionals);
    const result = await resolve(job.provider, job.request);
    index = job.live!.provider.seenIndex();
    scope = `the part a resolve of ${job.request.requirements.map((r) => r.text).join(', ')} read (${result.ok ? 'solved' : 'no solution'})`;
  } else {
    const path = (values.index as string | undefined) ?? positionals[0];
    if (!path || positionals.length > (values.index ? 0 : 1)) fail('pipette lint-index takes one SNAPSHOT.json, or --index-url URL with requirements');
    ({ index, warnings } = readIndexFile(path));
  }
  const python = (values.python as string | undefined) ?? index.environment?.python_full_version ?? '3.12';
  const target = makeTarget({ python });
  let advisories: AdvisoryIndex | undefined;
  const paths = (values.advisories as string[] | undefined) ?? [];
  if (paths.length || index.advisories.length) {
    const imported = paths.length ? await readAdvisoryPaths(paths) : { advisories: [], problems: [] };
    const unusable = unusableNamedFiles(paths, imported);
    if (unusable) fail(unusable);
    advisories = new AdvisoryIndex(mergeAdvisories(index.advisories, imported.advisories));
    for (const p of [...imported.problems, ...advisories.problems].slice(0, 10)) process.stderr.write(`warning: ${p.message}\n`);
  }
  const audit = auditIndex(index, { warnings, target, advisories });
  const who = ((values['who-needs'] as string[] | undefined) ?? []).map((name) => ({ name, needs: whoNeeds(audit, name) }));

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...audit, scope, whoNeeds: who, reverse: undefined })}\n`);
    return 0;
  }
  const source = index.source.length > 120 ? `${index.source.slice(0, 117)}…` : index.source;
  console.log(`Metadata audit of ${source} (${scope}): ${audit.projects} project${audit.projects === 1 ? '' : 's'}, ${audit.releases} release${audit.releases === 1 ? '' : 's'}, target Python ${python}, ${audit.elapsedMs} ms`);
  for (const { kind, title } of AUDIT_KINDS) {
    const findings = audit.findings[kind as AuditKind];
    if (kind === 'advisory' && !audit.advisories) continue;
    console.log(`\n${title}: ${findings.length}`);
    for (const f of findings.slice(0, show)) console.log(`  ${f.message}`);
    if (findings.length > show) console.log(`  … and ${findings.length - show} more (--show N, or --json for all)`);
    if ((kind === 'uninstallable-target' || kind === 'uninstallable-any') && findings.length) await printProofs(index, audit, kind, python);
  }
  for (const { name, needs } of who) {
    console.log(`\nWho needs ${name}: ${needs.length} project${needs.length === 1 ? '' : 's'}`);
    for (const edge of needs) console.log(`  ${edge.from} ${rangeText(edge.versions)}: ${edge.requirements.join('; ')}`);
  }
  return 0;
}

async function printProofs(index: PackageIndex, audit: IndexAudit, kind: 'uninstallable-target' | 'uninstallable-any', python: string): Promise<void> {
  const releases = audit.findings[kind].filter((f) => f.requirement).slice(0, PROOFS);
  for (const f of releases) {
    const proof = await proveRelease(index, f.project, f.version!, makeTarget({ python }));
    if (proof) console.log(`    the resolver, on ${f.project} ${f.version}: ${proof.split('\n').join(' ')}`);
  }
}

/** "1.0 … 2.3 (14 versions)". */
function rangeText(versions: readonly string[]): string {
  return versions.length <= 3 ? versions.join(', ') : `${versions[0]} … ${versions[versions.length - 1]} (${versions.length} versions)`;
}
