/**
 * ../shared/data/advisories/EXPECTED.md, reproduced: the counts of affected releases in the
 * 2023 snapshot, the versions real requests pick and the advisories affecting them, and the
 * shared cases whose plans install affected releases. The figures there were computed
 * independently with Python's `packaging` (affected.py); here they come from Pipette's own
 * resolver and matcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdvisoryIndex, auditIndex, auditPlan, IndexProvider, makeTarget, parseOsvText, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';
import { readIndexFile, readProblem, requestFor, sharedDataDir } from '../../../src/cli/files.ts';

const data = sharedDataDir();
const ADVISORIES = data && join(data, 'advisories/pypa-advisory-db.json');
const EXPECTED = data && join(data, 'advisories/EXPECTED.md');
const SNAPSHOT = data && join(data, 'indexes/pypi-2023-09-popular.json');
const present = !!(ADVISORIES && EXPECTED && SNAPSHOT && existsSync(ADVISORIES) && existsSync(EXPECTED) && existsSync(SNAPSHOT));
if (!present) console.warn('tests/unit/trust/expected.test.ts: skipped — ../shared/data/advisories or the 2023 snapshot is not here');

interface Row {
  readonly request: string;
  readonly picks: string;
  readonly ids: string[];
}

/** Markdown table rows under the heading that starts with `heading`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  const lines = markdown.slice(start).split('\n');
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith('|')) {
      inTable = true;
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      if (cells.every((c) => /^-+$/.test(c)) || cells[0] === 'request' || cells[0] === 'case' || cells[0] === 'snapshot') continue;
      rows.push(cells);
    } else if (inTable) break;
  }
  return rows;
}

describe.skipIf(!present)('EXPECTED.md on the 2023 snapshot (skipped when ../shared/data/advisories or the 2023 snapshot is absent)', () => {
  const markdown = present ? readFileSync(EXPECTED!, 'utf8') : '';
  const advisories = present ? parseOsvText(readFileSync(ADVISORIES!, 'utf8'), 'pypa-advisory-db.json') : null;
  const index = advisories ? new AdvisoryIndex(advisories.advisories) : null;
  const loaded = present ? readIndexFile(SNAPSHOT!) : null;
  const snapshot: PackageIndex | null = loaded?.index ?? null;

  it('reads every record, and leaves the four withdrawn ones out', () => {
    expect(advisories!.problems).toEqual([]);
    expect(advisories!.advisories).toHaveLength(434);
    expect(advisories!.advisories.filter((a) => a.withdrawn).map((a) => a.id).sort()).toEqual(['PYSEC-2022-15', 'PYSEC-2022-43059', 'PYSEC-2023-101', 'PYSEC-2023-73']);
    expect(index!.size).toBe(430);
  });

  it('counts the affected (project, version) pairs as EXPECTED.md does, invalid versions included', () => {
    const counts = /advisories exist for (\d+) of its projects; (\d+) \(project, version\) pairs are affected\s+by at least one advisory \((\d+) projects, (\d+) distinct advisories\)/.exec(markdown);
    expect(counts).not.toBeNull();
    const [, withAdvisories, pairs, projects, ids] = counts!.map(Number);
    const audit = auditIndex(snapshot!, { warnings: loaded!.warnings, advisories: index! });
    expect(audit.advisories).toEqual({ releases: pairs, projects, ids });
    expect(audit.counts.advisory).toBe(pairs);
    expect([...snapshot!.projects.keys()].filter((k) => index!.has(k))).toHaveLength(withAdvisories!);
    // The 13 releases whose versions are not PEP 440 match only as listed strings (paramiko, joblib).
    const invalid = audit.findings.advisory.filter((f) => audit.findings['invalid-version'].some((i) => i.project === f.project && i.version === f.version));
    expect(invalid.map((f) => f.project).sort()).toEqual([...Array(5).fill('joblib'), ...Array(8).fill('paramiko')]);
  });

  const rows: Row[] = tableAfter(markdown, '| request | picks |').map(([request, picks, ids]) => ({
    request: request!.replace(/`/g, ''),
    picks: picks!,
    ids: ids === 'none' ? [] : ids!.split(', '),
  }));

  it('has the table of requests', () => expect(rows.length).toBe(20));

  it.each(rows.map((r) => [r.request, r] as const))('%s: the version picked and the advisories affecting it', async (_, row) => {
    const target = makeTarget({ python: '3.10.12' });
    const req = parseRequirement(row.request);
    const result = await resolve(new IndexProvider(snapshot!), { requirements: [req], target });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const picked = result.packages.find((p) => p.key === req.key)!;
    expect(`${req.name} ${picked.version}`).toBe(row.picks);
    expect(index!.affecting(req.key, picked.version).map((h) => h.id)).toEqual(row.ids);
    // The plan audit agrees, and names the chain from your requirement.
    const audit = auditPlan(result, index!);
    const entry = audit.packages.find((p) => p.key === req.key);
    expect(entry?.advisories.map((a) => a.id) ?? []).toEqual(row.ids);
    if (entry) expect(entry.chains[0]![0]).toBe(`you require ${row.request}`);
  });

  const caseRows = tableAfter(markdown, '| case | set |').map(([name, , affected]) => ({
    name: name!.replace(/`/g, ''),
    affected: affected!.split('; ').map((part) => {
      const m = /^(\S+) (\S+) \((.*)\)$/.exec(part)!;
      return { name: m[1]!, version: m[2]!, ids: m[3]!.split(', ') };
    }),
  }));

  it('has the table of cases', () => expect(caseRows.length).toBe(13));

  // The set each row speaks of: the case's expected packages, or pip's install set (EXPECTED.md says so).
  it.each(caseRows.map((r) => [r.name, r] as const))('case %s: the affected releases of its install set', (name, row) => {
    const file = JSON.parse(readFileSync(join(data!, 'cases', name), 'utf8')) as { expected?: { packages?: Record<string, string> }; pip?: { install?: Record<string, string> } };
    const set = file.expected?.packages ?? file.pip?.install ?? {};
    const affected = Object.entries(set)
      .map(([pkg, version]) => ({ name: pkg.toLowerCase(), version, ids: index!.affecting(pkg, version).map((h) => h.id) }))
      .filter((p) => p.ids.length > 0)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(affected).toEqual(row.affected.map((a) => ({ name: a.name.toLowerCase(), version: a.version, ids: a.ids })));
  });

  it.each(['resolvelib-chalice.json', 'resolvelib-cheroot.json', 'pypi2023-flask-requests-boto3.json'])('case %s: the plan audit of Pipette\'s own resolve agrees', async (name) => {
    const problem = readProblem(join(data!, 'cases', name));
    const result = await resolve(new IndexProvider(problem.index), requestFor(problem));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = caseRows.find((r) => r.name === name)!;
    const audit = auditPlan(result, index!);
    expect(audit.packages.map((p) => `${p.key} ${p.version}`)).toEqual(row.affected.map((a) => `${a.name.toLowerCase()} ${a.version}`));
    for (const p of audit.packages) expect(p.chains.length).toBeGreaterThan(0);
  }, 30_000);
});
