/** The install into an environment as a terminal session, and reading a picked file as text. */
import { describe, expect, it } from 'vitest';
import { decisionFor, installTranscript, PROMPT } from '../../../src/ui/components/InstallTarget/install-transcript.ts';
import { decodeText } from '../../../src/ui/components/InstallTarget/read-file.ts';
import type { InstallPlan } from '../../../src/worker/api.ts';

// eslint-disable-next-line no-control-regex
const plain = (lines: readonly string[]) => lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));

const PLAN: InstallPlan = {
  changes: [
    { key: 'lib', name: 'lib', action: 'downgrade', version: '1.0', installed: '3.0', reason: 'tool 1.0 requires lib<2, which lib 3.0 does not meet' },
    { key: 'six', name: 'six', action: 'keep', version: '1.16.0', installed: '1.16.0', reason: 'already satisfied' },
    { key: 'tool', name: 'tool', action: 'install', version: '1.0', installed: null, reason: 'not installed; you require tool' },
  ],
  broken: [{ project: 'app', version: '2.0', requirement: 'lib>=2', dependency: 'lib', dependencyVersion: '1.0' }],
  pipMessage: ["ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.", 'app 2.0 requires lib>=2, but you have lib 1.0 which is incompatible.'],
  needsConfirmation: true,
  unchecked: [],
  overridden: [],
  installedCount: 3,
  installedFormat: 'pip-freeze',
};

describe('the install transcript', () => {
  it('stops at the prompt until answered', () => {
    const lines = plain(installTranscript(PLAN, '-r requirements.txt', null));
    expect(lines[0]).toContain('pip install -r requirements.txt');
    expect(lines).toContain('Requirement already satisfied: six in ./site-packages (1.16.0)');
    expect(lines).toContain('  downgrade lib 3.0 -> 1.0 (tool 1.0 requires lib<2, which lib 3.0 does not meet)');
    expect(lines.at(-1)).toBe(PROMPT);
    expect(lines.join('\n')).not.toContain('Successfully installed');
  });

  it('a yes installs, uninstalling what is replaced, then pip checks what broke', () => {
    const lines = plain(installTranscript(PLAN, '-r requirements.txt', 'proceed'));
    expect(lines).toContain('Proceed (y/N)? y');
    expect(lines).toContain('Installing collected packages: lib, tool');
    expect(lines).toContain('    Found existing installation: lib 3.0');
    expect(lines).toContain('      Successfully uninstalled lib-3.0');
    expect(lines).toContain('Successfully installed lib-1.0 tool-1.0');
    expect(lines.at(-1)).toBe('app 2.0 requires lib>=2, but you have lib 1.0 which is incompatible.');
  });

  it("shows control characters from the index or the person's files as escapes, keeping its own colours", () => {
    const evil: InstallPlan = {
      ...PLAN,
      changes: [{ ...PLAN.changes[0]!, name: 'lib\x1b[8m', reason: 'see \x1b]8;;https://evil.example\x07here' }, ...PLAN.changes.slice(1)],
      pipMessage: ['ERROR: \x1b[2J gone'],
    };
    const lines = installTranscript(evil, '-r requirements.txt', 'proceed');
    const withoutColours = plain(lines).join('\n');
    expect(withoutColours).not.toContain('\x1b');
    expect(withoutColours).toContain('downgrade lib\\u001b[8m 3.0 -> 1.0 (see \\u001b]8;;https://evil.example\\u0007here)');
    expect(lines.at(-1)).toBe('\x1b[31mERROR: \\u001b[2J gone\x1b[0m');
  });

  it('a no installs nothing', () => {
    const lines = plain(installTranscript(PLAN, '.', 'cancel'));
    expect(lines.slice(-2)).toEqual(['Proceed (y/N)? n', 'Nothing was installed.']);
  });

  it('a plan that changes nothing risky asks nothing', () => {
    const lines = plain(installTranscript({ ...PLAN, needsConfirmation: false, changes: PLAN.changes.filter((c) => c.action !== 'downgrade') }, '.', null));
    expect(lines.join('\n')).not.toContain('Proceed');
    expect(lines).toContain('Successfully installed tool-1.0');
  });

  it.each([
    ['y', 'proceed'],
    ['Yes', 'proceed'],
    [' y ', 'proceed'],
    ['', 'cancel'],
    ['n', 'cancel'],
    ['yep', 'cancel'],
  ] as const)('answer %j means %s (pip defaults to no)', (answer, decision) => {
    expect(decisionFor(answer)).toBe(decision);
  });
});

describe('reading a picked file', () => {
  it('takes UTF-8 text and refuses binary or other encodings', () => {
    expect(decodeText(new TextEncoder().encode('flask==2.0\n'))).toEqual({ ok: true, text: 'flask==2.0\n' });
    expect(decodeText(new Uint8Array([0x66, 0x00, 0x6c]))).toEqual({ ok: false, reason: 'it is a binary file, not text' });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toEqual({ ok: false, reason: 'it is not UTF-8 text' });
  });
});
