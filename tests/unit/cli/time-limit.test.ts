/** The CLI's --max-seconds and its progress line (stderr, on a terminal only). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';
import { progressLine, terminalProgress } from '../../../src/cli/progress.ts';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-time-'));
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  for (let i = 0; i < 3000; i++) {
    a[`1.${i}`] = { requires_dist: [`b==1.${i}`] };
    b[`1.${i}`] = { requires_dist: ['c>=2'] };
  }
  writeFileSync(join(dir, 'many.json'), JSON.stringify({ format: 'index-snapshot/1', projects: { a: { versions: a }, b: { versions: b }, c: { versions: { '1.0': {} } } } }));
});

const run = runCli;

describe('pipette resolve --max-seconds', () => {
  it('ends a resolve past the limit with exit status 4 and says what it tried', async () => {
    const { code, out } = await run('resolve', 'a', '--index', join(dir, 'many.json'), '--max-seconds', '0.001');
    expect(code).toBe(4);
    expect(out).toMatch(/^The resolve stopped at its time limit of 0.001 s without an answer, after \d+ decisions?/);
    expect(out).toContain('Allow more time with --max-seconds');
  });

  it('prints the stop as JSON', async () => {
    const { code, out } = await run('resolve', 'a', '--index', join(dir, 'many.json'), '--max-seconds', '0.001', '--json');
    expect(code).toBe(4);
    const json = JSON.parse(out);
    expect(json.satisfiable).toBeNull();
    expect(json.timeLimit).toMatchObject({ limitSeconds: 0.001, stats: { decisions: expect.any(Number) } });
  });

  it('answers within a generous limit', async () => {
    const { code, out } = await run('resolve', 'a', '--index', join(dir, 'many.json'), '--max-seconds', '600');
    expect(code).toBe(1);
    expect(out).toContain('every version of a depends on b');
  });

  it.each(['0', '-1', 'soon', ''])('rejects --max-seconds %j', async (value) => {
    const { code, err } = await run('resolve', 'a', '--index', join(dir, 'many.json'), '--max-seconds', value);
    expect(code).toBe(2);
    expect(err).toContain('--max-seconds');
  });
});

describe('the progress line', () => {
  const progress = { decisions: 1234, conflicts: 56, backtracks: 7, packagesSeen: 78, elapsedMs: 12_345, round: 1 };

  it('reads as counts', () => {
    expect(progressLine(progress)).toBe('Resolving… 12.3 s · 1,234 decisions · 56 conflicts · 78 packages');
  });

  it('is drawn on a terminal and cleared at the end', () => {
    let written = '';
    const status = terminalProgress({ isTTY: true, columns: 100, write: (t: string) => (written += t) });
    status.hooks.onProgress!(progress);
    status.done();
    expect(written).toBe(`\r\x1b[2K${progressLine(progress)}\r\x1b[2K`);
  });

  it('stays silent when stderr is not a terminal', () => {
    let written = '';
    const status = terminalProgress({ isTTY: false, write: (t: string) => (written += t) });
    expect(status.hooks.onProgress).toBeUndefined();
    status.done();
    expect(written).toBe('');
  });
});
