// The compiled CLI: bin/pipette.js runs dist-cli/ (plain JavaScript) and rebuilds it when a source is newer.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { ENTRY, buildCli, readManifest, staleInput } from '../../../scripts/build-cli.mjs';
// @ts-expect-error: a plain CommonJS script, no types
import launch from '../../../scripts/cli-launch.cjs';
import { REPO_ROOT } from '../../../src/cli/files.ts';

const { codeCacheFile } = launch as { codeCacheFile: (file: string, builtAt: number) => string };

describe('the built CLI', () => {
  it('is plain JavaScript that needs no TypeScript loader, and runs', async () => {
    if (staleInput()) await buildCli();
    for (const name of readdirSync(dirname(ENTRY)).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dirname(ENTRY), name), 'utf8');
      expect(code, name).not.toMatch(/from ["']tsx|from ["'][^"']*\.ts["']|import\(["'][^"']*\.ts["']\)/);
    }
    const out = execFileSync(process.execPath, [ENTRY, 'scenario', join(REPO_ROOT, 'public/scenarios/success.json')], { encoding: 'utf8' });
    expect(out).toContain('==');
  });

  it('knows the sources it was built from and finds one that changed or went away', async () => {
    if (staleInput()) await buildCli();
    const manifest = readManifest() as { builtAt: number; inputs: string[] };
    expect(manifest.inputs).toContain('src/cli/run.ts');
    expect(manifest.inputs).toContain('src/core/index/snapshot.ts');
    expect(staleInput(manifest)).toBeNull();
    expect(staleInput({ builtAt: 0, inputs: ['src/cli/run.ts'] })).toBe('src/cli/run.ts changed');
    expect(staleInput({ builtAt: Date.now(), inputs: ['src/cli/no-such-file.ts'] })).toBe('src/cli/no-such-file.ts is gone');
    expect(staleInput(null)).toBe('no build yet');
  });

  it('runs suites on worker threads that load the built worker', () => {
    const out = execFileSync(process.execPath, [ENTRY, 'suite', 'run', join(REPO_ROOT, 'public/scenarios/yanked.json'), join(REPO_ROOT, 'public/scenarios/success.json'), '--jobs', '2', '--no-pip-baseline'], { encoding: 'utf8' });
    expect(out).toMatch(/2 scenarios × 1 combination in [\d.]+ s on 2 workers/);
  });

  it('loads what only some commands need on first use: a resolve loads neither fflate, smol-toml nor crypto, a packse file does load smol-toml', () => {
    const loaded = (args: string[]) => {
      const run = spawnSync(process.execPath, ['-r', join(REPO_ROOT, 'tests/support/loaded-modules.cjs'), ENTRY, ...args], { encoding: 'utf8' });
      expect([0, 1], run.stderr).toContain(run.status); // solved, or no solution
      const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '))!;
      return JSON.parse(line.slice('LOADED '.length)) as { files: string[]; builtins: string[] };
    };
    const resolve = loaded(['scenario', join(REPO_ROOT, 'public/scenarios/success.json')]);
    expect(resolve.files.filter((f) => /node_modules\/(fflate|smol-toml|pg|hono|@electric-sql)\//.test(f))).toEqual([]);
    expect(resolve.builtins.filter((b) => ['crypto', 'worker_threads', 'fs/promises'].includes(b))).toEqual([]);
    const packse = loaded(['scenario', join(REPO_ROOT, 'tests/e2e/fixtures/transitive-clash.packse.toml')]);
    expect(packse.files.some((f) => f.includes('node_modules/smol-toml/'))).toBe(true);
  });

  it('runs through bin/pipette.js with the code cache of its own build beside it, and none of older builds', async () => {
    if (staleInput()) await buildCli();
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'bin/pipette.js'), '--help'], { encoding: 'utf8' });
    expect(out).toContain('pipette resolve');
    const { builtAt } = readManifest() as { builtAt: number };
    const cache = codeCacheFile(ENTRY, builtAt) as string;
    expect(statSync(cache).size).toBeGreaterThan(1000);
    expect(readdirSync(dirname(ENTRY)).filter((name) => name.endsWith('.cache'))).toEqual([basename(cache)]);
    // Named by the build: a rebuilt file of the same length can't take an older build's code (V8 checks only the length).
    expect(codeCacheFile(ENTRY, builtAt + 1)).not.toBe(cache);
  });

  it('takes its code cache as it is: V8 accepts it under the flags the CLI sets, so no run makes it again', async () => {
    if (staleInput()) await buildCli();
    const cache = codeCacheFile(ENTRY, (readManifest() as { builtAt: number }).builtAt) as string;
    execFileSync(process.execPath, [join(REPO_ROOT, 'bin/pipette.js'), '--help']);
    const before = statSync(cache).mtimeMs;
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'bin/pipette.js'), 'scenario', join(REPO_ROOT, 'public/scenarios/success.json')], { encoding: 'utf8' });
    expect(out).toContain('==');
    // A rejected cache (made under other V8 flags than those SHORT_RUN_FLAGS sets) is written again at exit.
    expect(statSync(cache).mtimeMs).toBe(before);
  });
});
