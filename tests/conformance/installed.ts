/**
 * `npm run conformance:installed`: Pipette's plans into an existing environment against
 * pip 23.2's, on real metadata. pip's results are recorded once (`-- --record`, about a
 * minute per scenario: pip really installs into a fresh virtual environment) into
 * installed/pip-baseline.json; every run compares Pipette with that record: the verdict,
 * what pip installed (upgrades, downgrades and reinstalls included), the environment after,
 * and pip's post-install conflict lines word for word.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  IndexProvider,
  makeTarget,
  parseConstraints,
  parseInstalledSet,
  parseRequirement,
  pipConflictMessage,
  resolveInto,
  type DependencyProvider,
} from '../../src/core/index.ts';
import { readIndexFile, sharedDataDir, sharedPeersDir } from '../../src/cli/files.ts';
import { INSTALLED_SCENARIOS, type InstalledScenario } from './installed/scenarios.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASELINE = join(HERE, 'installed/pip-baseline.json');
const SNAPSHOT = 'indexes/pypi-2023-09-popular.json';
const PYTHON = '3.10';
const CONFLICT_HEADER = "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed.";

interface PipRecord {
  readonly name: string;
  readonly ok: boolean;
  readonly install: readonly [string, string][];
  readonly before: Readonly<Record<string, string>>;
  readonly after: Readonly<Record<string, string>>;
  /** pip's post-install conflict lines (after its ERROR header), and its error lines when it failed. */
  readonly conflicts: readonly string[];
  readonly errors: readonly string[];
}

interface Comparison {
  readonly name: string;
  readonly same: boolean;
  readonly differences: readonly string[];
}

export function record(data: string, peers: string): PipRecord[] {
  const dir = mkdtempSync(join(tmpdir(), 'pipette-installed-'));
  const spec = join(dir, 'scenarios.json');
  writeFileSync(spec, JSON.stringify({ snapshot: join(data, SNAPSHOT), scenarios: INSTALLED_SCENARIOS }));
  const out = execFileSync('python3', [join(HERE, 'installed/pip_installed.py'), spec, '--peers', peers, '--python', PYTHON], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out
    .trim()
    .split('\n')
    .map((line) => fromHarness(JSON.parse(line)));
}

export function fromHarness(raw: { name: string; ok: boolean; install: [string, string][]; before: Record<string, string>; after: Record<string, string>; output: string[] }): PipRecord {
  const at = raw.output.findIndex((l) => l.startsWith(CONFLICT_HEADER));
  const conflicts = at < 0 ? [] : raw.output.slice(at + 1).filter((l) => / requires /.test(l));
  const errors = raw.ok ? [] : raw.output.filter((l) => l.startsWith('ERROR:'));
  return { name: raw.name, ok: raw.ok, install: raw.install, before: raw.before, after: raw.after, conflicts, errors };
}

export async function compare(provider: DependencyProvider, scenario: InstalledScenario, pip: PipRecord): Promise<Comparison> {
  const differences: string[] = [];
  const installed = parseInstalledSet(Object.entries(pip.before).map(([n, v]) => `${n}==${v}`).join('\n'));
  const { constraints } = parseConstraints((scenario.constraints ?? []).join('\n'), 'constraints.txt');
  const out = await resolveInto(
    provider,
    { requirements: scenario.requirements.map((r) => parseRequirement(r)), constraints, target: makeTarget({ python: PYTHON }) },
    installed,
    scenario.options ?? {},
  );
  if (out.result.ok !== pip.ok) differences.push(`verdict: pip ${pip.ok ? 'installed' : 'failed'}, Pipette ${out.result.ok ? 'resolved' : 'found no solution'}`);
  if (pip.ok && out.result.ok) {
    const ours = Object.fromEntries(out.changes.filter((c) => c.action !== 'keep').map((c) => [c.key, c.version]));
    const theirs = Object.fromEntries(pip.install);
    for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
      if (ours[key] !== theirs[key]) differences.push(`install ${key}: pip ${theirs[key] ?? '-'}, Pipette ${ours[key] ?? '-'}`);
    }
    const after: Record<string, string> = { ...pip.before };
    for (const c of out.changes) after[c.key] = c.version;
    for (const key of new Set([...Object.keys(after), ...Object.keys(pip.after)])) {
      if (after[key] !== pip.after[key]) differences.push(`after ${key}: pip ${pip.after[key] ?? '-'}, Pipette ${after[key] ?? '-'}`);
    }
    const lines = pipConflictMessage(out.broken).slice(1);
    if (JSON.stringify([...lines].sort()) !== JSON.stringify([...pip.conflicts].sort())) {
      differences.push(`conflict lines:\n      pip:     ${pip.conflicts.join('\n               ') || '(none)'}\n      Pipette: ${lines.join('\n               ') || '(none)'}`);
    }
  }
  return { name: scenario.name, same: differences.length === 0, differences };
}

async function main(): Promise<number> {
  const data = sharedDataDir();
  const peers = sharedPeersDir();
  if (!data || !existsSync(join(data, SNAPSHOT))) {
    console.log(`conformance:installed skipped: ../shared/data (${SNAPSHOT}) is absent`);
    return 0;
  }
  if (process.argv.includes('--record')) {
    if (!peers) throw new Error('--record needs ../shared/peers (pip_resolve.py)');
    const records = record(data, peers);
    writeFileSync(BASELINE, `${JSON.stringify({ pip: '23.2.1', python: PYTHON, snapshot: SNAPSHOT, scenarios: records }, null, 1)}\n`);
    console.log(`recorded pip's outcome on ${records.length} scenarios into ${BASELINE}`);
  }
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as { scenarios: PipRecord[] };
  const { index, warnings } = readIndexFile(join(data, SNAPSHOT));
  const provider = new IndexProvider(index, warnings);
  let failed = 0;
  for (const scenario of INSTALLED_SCENARIOS) {
    const pip = baseline.scenarios.find((s) => s.name === scenario.name);
    if (!pip) {
      console.log(`  MISSING ${scenario.name}: no recorded pip outcome (run with -- --record)`);
      failed++;
      continue;
    }
    const result = await compare(provider, scenario, pip);
    if (result.same) console.log(`  same    ${scenario.name}`);
    else {
      failed++;
      console.log(`  DIFFERS ${scenario.name}\n    ${result.differences.join('\n    ')}`);
    }
  }
  console.log(`\n${INSTALLED_SCENARIOS.length - failed} passed, ${failed} failed (plans into an installed environment, against pip 23.2)`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => (process.exitCode = code));
}
