/**
 * The complete resolver under the `pip` policy installs what pip 23.2 installed, version for
 * version, on every real case pip solved (../shared/data/cases: pip's recorded install set).
 * pip's set is one valid answer among many; agreeing with it is what a user comparing the two
 * expects, and it checks the policy's pre-release, yanked and Requires-Python rules on real data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexProvider, normalizeName, resolve } from '../../../src/core/index.ts';
import { readProblem, requestFor, sharedDataDir } from '../../../src/cli/files.ts';

const data = sharedDataDir();
const casesDir = data ? join(data, 'cases') : null;

function solvedByPip(): { name: string; file: string; install: Record<string, string> }[] {
  const files = readdirSync(casesDir!).filter((f) => f.endsWith('.json')).map((f) => join(casesDir!, f));
  const yaml = join(casesDir!, 'pip-yaml');
  if (existsSync(yaml)) files.push(...readdirSync(yaml).filter((f) => f.endsWith('.json')).map((f) => join(yaml, f)));
  return files.flatMap((file) => {
    const pip = (JSON.parse(readFileSync(file, 'utf8')) as { pip?: { ok: boolean; install?: Record<string, string> } }).pip;
    return pip?.ok && pip.install ? [{ name: file.slice(casesDir!.length + 1), file, install: pip.install }] : [];
  });
}

describe.skipIf(!casesDir)('the pip policy against pip 23.2’s install sets (skipped when ../shared/data/cases is absent; set PIPETTE_SHARED_DATA)', () => {
  const cases = casesDir ? solvedByPip() : [];

  it('has the real cases to compare', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const problem = readProblem(c.file);
    const result = await resolve(new IndexProvider(problem.index), requestFor(problem, 'pip'));
    expect(result.ok).toBe(true);
    const mine = Object.fromEntries(result.ok ? result.packages.map((p) => [p.key, p.version]) : []);
    const pips = Object.fromEntries(Object.entries(c.install).map(([name, version]) => [normalizeName(name), version]));
    expect(mine).toEqual(pips);
  });
});
