/** `--engine` on the CLI: pip's own output with the requirements file's real line numbers, and JSON. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-cli-engine-'));
  const snapshot = {
    format: 'index-snapshot/1',
    source: 'test',
    projects: {
      black: { versions: { '22.1': { requires_dist: ['click>=8.0'] } } },
      typer: { versions: { '0.3': { requires_dist: ['click<8.0,>=7.1'] } } },
      click: { versions: { '7.1': {}, '8.0': {} } },
    },
  };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(snapshot));
  writeFileSync(join(dir, 'requirements.txt'), '# tools\nblack>=22.1\n\ntyper<0.4\n');
});

const run = runCli;

describe('pipette resolve --engine', () => {
  it("prints pip 23.2's words, naming the requirements file's lines", async () => {
    const file = join(dir, 'requirements.txt');
    const { code, out } = await run('resolve', '-r', file, '--index', join(dir, 'index.json'), '--engine', 'pip');
    expect(code).toBe(1);
    expect(out).toContain(`Collecting typer<0.4 (from -r ${file} (line 4))`);
    expect(out).toContain(`ERROR: Cannot install -r ${file} (line 2) and -r ${file} (line 4) because these package versions have conflicting dependencies.`);
    expect(out).toContain('    typer 0.3 depends on click<8.0 and >=7.1');
  });

  it("gives pip 20.2's broken install as JSON", async () => {
    const { code, out } = await run('resolve', 'black>=22.1', 'typer<0.4', '--index', join(dir, 'index.json'), '--engine', 'legacy', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { engine: string; packages: Record<string, string>; legacy: { conflicts: string[] } };
    expect(json.engine).toBe('legacy');
    expect(json.packages).toEqual({ black: '22.1', typer: '0.3', click: '8.0' });
    expect(json.legacy.conflicts).toEqual(["typer 0.3 requires click<8.0,>=7.1, but you'll have click 8.0 which is incompatible."]);
  });

  it('refuses an unknown engine', async () => {
    const { code, err } = await run('resolve', 'black', '--index', join(dir, 'index.json'), '--engine', 'poetry');
    expect(code).toBe(2);
    expect(err).toContain('poetry');
  });
});
