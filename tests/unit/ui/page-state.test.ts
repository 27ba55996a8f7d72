/**
 * The page's plain logic, without a browser: which inputs make a result stale, which
 * messages stay and for how long, which files are text, what a damaged link says, and the
 * syntax switch that carries everything across (and back).
 */
import { describe, expect, it } from 'vitest';
import { encodePermalink, makeTarget, parsePyproject, parseRequirementsTxt } from '../../../src/core/index.ts';
import { caseTarget, indexForPath } from '../../../src/cache/case-index.ts';
import { convert } from '../../../src/ui/components/RequirementsEditor/convert.ts';
import { linkFailureMessage } from '../../../src/ui/components/ShareExport/link-message.ts';
import { decodePermalink } from '../../../src/core/export/permalink.ts';
import { changedInputs } from '../../../src/ui/state/job-diff.ts';
import { admit, lifetimeMs, MAX_SHOWN, type NoticeKind } from '../../../src/ui/state/notice-queue.ts';
import { checkTextFile } from '../../../src/ui/state/text-file.ts';
import type { ResolveJob } from '../../../src/worker/client.ts';

const JOB: ResolveJob = {
  index: { kind: 'snapshot', id: 'bundled:transitive-clash' },
  requirements: 'typer<0.4\nblack>=22.1\n',
  format: 'requirements',
  target: makeTarget({ python: '3.10' }),
  policy: 'pip',
  prereleases: false,
};

describe('a result goes stale when an input changes', () => {
  it('is current for the same inputs, even as new objects', () => {
    expect(changedInputs(JOB, { ...JOB, target: makeTarget({ python: '3.10' }) })).toEqual([]);
  });
  it.each([
    [{ requirements: 'typer<0.4\n' }, ['the requirements']],
    [{ format: 'pyproject' as const }, ['the requirements']],
    [{ target: makeTarget({ python: '3.11' }) }, ['the environment']],
    [{ prereleases: true }, ['the environment']],
    [{ policy: 'uv' as const }, ['the environment']],
    [{ index: { kind: 'snapshot' as const, id: 'imported:x' } }, ['the index']],
    [{ requirements: 'x\n', index: { kind: 'snapshot' as const, id: 'imported:x' } }, ['the requirements', 'the index']],
  ])('names what changed: %o', (change, expected) => {
    expect(changedInputs(JOB, { ...JOB, ...change })).toEqual(expected);
  });
  it('is stale when no job can be made any more', () => {
    expect(changedInputs(JOB, 'The environment is not valid: Python 4')).toEqual(['the environment']);
    expect(changedInputs(JOB, 'Pick an index (or a scenario) to resolve against.')).toEqual(['the index']);
  });
});

describe('messages', () => {
  const notice = (kind: NoticeKind, text: string) => ({ kind, text, details: [] as string[], action: null });
  it(`shows at most ${MAX_SHOWN}, dropping news before warnings and warnings before errors`, () => {
    let items = [notice('error', 'e1'), notice('success', 's1'), notice('warning', 'w1')];
    const { kept, dropped } = admit(items, notice('error', 'e2'));
    expect(kept.map((n) => n.text)).toEqual(['e1', 'w1', 'e2']);
    expect(dropped.map((n) => n.text)).toEqual(['s1']);
    items = kept;
    expect(admit(items, notice('info', 'i1')).kept.map((n) => n.text)).toEqual(['e1', 'e2', 'i1']);
    expect(admit([notice('error', 'a'), notice('error', 'b'), notice('error', 'c')], notice('error', 'd')).kept.map((n) => n.text)).toEqual(['b', 'c', 'd']);
  });
  it('replaces the same message said again instead of stacking it', () => {
    const { kept } = admit([notice('error', 'same'), notice('info', 'other')], notice('error', 'same'));
    expect(kept.map((n) => n.text)).toEqual(['other', 'same']);
  });
  it('lets news leave on its own and keeps errors and warnings until dismissed', () => {
    expect(lifetimeMs(notice('success', 'x'))).toBeGreaterThan(0);
    expect(lifetimeMs(notice('info', 'x'))).toBeGreaterThan(0);
    expect(lifetimeMs({ ...notice('info', 'x'), action: {} })).toBeGreaterThan(lifetimeMs(notice('info', 'x'))!);
    expect(lifetimeMs(notice('error', 'x'))).toBeNull();
    expect(lifetimeMs(notice('warning', 'x'))).toBeNull();
  });
});

describe('only text files are opened', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('opens UTF-8 text, emoji and CRLF included, without a BOM', () => {
    expect(checkTextFile(bytes('\uFEFFflask>=2 # 🙂\r\nrequests\n'))).toEqual({ ok: true, text: 'flask>=2 # 🙂\r\nrequests\n' });
  });
  it.each([
    ['a NUL byte', Uint8Array.from([0x66, 0x6c, 0x00, 0x61]), /NUL byte at byte 3/],
    ['invalid UTF-8', Uint8Array.from([0x66, 0x6c, 0xff, 0xfe, 0x61]), /not UTF-8 text \(the bytes at 3/],
    ['a cut-off character', Uint8Array.from([0x61, 0xe2, 0x82]), /not UTF-8 text/],
    ['a control character', bytes('flask\n\u0007bell\n'), /control character U\+0007 on line 2/],
    ['UTF-16', Uint8Array.from([0xff, 0xfe, 0x66, 0x00]), /UTF-16/],
    ['a PNG header', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not a text file|not UTF-8/],
  ])('refuses %s, saying why', (_what, input, reason) => {
    const checked = checkTextFile(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });
});

describe('a damaged link', () => {
  const good = encodePermalink({
    v: 2,
    requirements: 'flask\n',
    format: 'requirements.txt',
    target: { python: '3.11', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
    policy: 'pip',
    prereleases: false,
    scenario: null,
  });
  const messageFor = (fragment: string) => {
    try {
      decodePermalink(fragment);
    } catch (error) {
      return linkFailureMessage(error);
    }
    throw new Error('expected the link to be refused');
  };
  it.each([
    ['cut short by one character', good.slice(0, -1)],
    ['cut in half', good.slice(0, Math.floor(good.length / 2))],
    ['with a character changed', `${good.slice(0, 10)}${good[10] === 'A' ? 'B' : 'A'}${good.slice(11)}`],
    ['not a link at all', 'not-a-real-link'],
  ])('%s says so in plain words, with what to do', (_what, fragment) => {
    const message = messageFor(fragment);
    expect(message).toMatch(/^This link (is damaged or incomplete \(|could not be opened)/);
    expect(message).toMatch(/Copy the whole link again|ask whoever sent it/);
    expect(message).not.toMatch(/bits set|byte|inflate|invalid/i);
  });
});

describe('switching requirements.txt ↔ pyproject.toml loses nothing', () => {
  const REQUIREMENTS = [
    '# pinned for the CLI',
    '--index-url https://example.org/simple/',
    '-c constraints.txt',
    'typer<0.4  # old API',
    '',
    '--pre',
    'black>=22.1 ; python_version >= "3.8"',
    '',
  ].join('\n');

  it('carries comments and pip options across as TOML comments, and says what no longer applies', () => {
    const there = convert(REQUIREMENTS, 'requirements', 'pyproject');
    expect(there.text).toContain('# pinned for the CLI');
    expect(there.text).toContain('# requirements.txt: --index-url https://example.org/simple/');
    expect(there.text).toContain('# requirements.txt: -c constraints.txt');
    expect(there.text).toContain('"typer<0.4",  # old API');
    expect(there.notes.join(' ')).toMatch(/3 lines .*--index-url, -c, --pre.*kept as comments/);
    // Still a valid pyproject.toml with the same requirements.
    const parsed = parsePyproject(there.text);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.requirements.map((r) => r.text)).toEqual(['typer<0.4', 'black>=22.1 ; python_version >= "3.8"']);
  });

  it('comes back line for line', () => {
    const there = convert(REQUIREMENTS, 'requirements', 'pyproject').text;
    const back = convert(there, 'pyproject', 'requirements');
    expect(back.text).toBe(REQUIREMENTS.replace(/\n\n$/, '\n'));
    expect(back.notes).toEqual([]);
    expect(parseRequirementsTxt(back.text).options.indexUrl).toBe('https://example.org/simple/');
  });

  it('says when the way back leaves parts of a real pyproject.toml out', () => {
    const toml = '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.9"\ndependencies = [\n  "flask",  # web\n  \'rich\',\n]\n';
    const back = convert(toml, 'pyproject', 'requirements');
    expect(back.text).toBe('# requires-python >=3.9\nflask  # web\nrich\n');
    expect(back.notes.join(' ')).toMatch(/left out/);
  });

  it('notes --hash values it cannot carry', () => {
    const there = convert('flask==2.0 --hash=sha256:abc\n', 'requirements', 'pyproject');
    expect(there.text).toContain('"flask==2.0",');
    expect(there.notes.join(' ')).toMatch(/--hash/);
  });
});

describe('a case that names its index by path', () => {
  const index = (title: string, savedAt: string) => ({ id: `imported:${title}-${savedAt}`, title, origin: 'imported' as const, projects: 1, bytes: 1, savedAt });
  it('finds the snapshot imported under that file name, the newest first', () => {
    const indexes = [index('other', '2026-01-01'), index('pypi-2023-09-popular', '2026-01-01'), index('pypi-2023-09-popular', '2026-02-01')];
    expect(indexForPath('indexes/pypi-2023-09-popular.json', indexes)?.savedAt).toBe('2026-02-01');
    expect(indexForPath('indexes\\PYPI-2023-09-popular.json', indexes)?.title).toBe('pypi-2023-09-popular');
    expect(indexForPath('indexes/missing.json', indexes)).toBeNull();
  });
  it('takes its marker environment as the target', () => {
    const { target, warning } = caseTarget({
      implementation_name: 'cpython',
      os_name: 'nt',
      platform_machine: 'AMD64',
      platform_system: 'Windows',
      python_full_version: '3.9.13',
      python_version: '3.9',
      sys_platform: 'win32',
      platform_release: 'weird-release-42',
    });
    expect(target).toEqual({ python: '3.9.13', os: 'windows', arch: 'x86_64', implementation: 'cpython' });
    expect(warning).toMatch(/platform_release/);
    expect(caseTarget(null)).toEqual({ target: {}, warning: null });
  });
});
