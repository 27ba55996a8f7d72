import { describe, expect, it } from 'vitest';
import type { ResolvedPackage } from '../../../src/core/index.ts';
import { colourLine, pipTranscript, plainText } from '../../../src/ui/components/Terminal/transcript.ts';
import type { ResolveOutcome } from '../../../src/worker/client.ts';

function pkg(name: string, version: string, requiredBy: ResolvedPackage['requiredBy'], extra: Partial<ResolvedPackage> = {}): ResolvedPackage {
  return {
    key: name.toLowerCase(),
    name,
    version,
    extras: [],
    yanked: false,
    prerelease: false,
    requiresPython: null,
    direct: requiredBy.some((r) => r.from === null),
    requiredBy,
    ...extra,
  };
}

const stats = { decisions: 3, conflicts: 0, backtracks: 0, packagesSeen: 3, rounds: 1, elapsedMs: 2 };

const solved: ResolveOutcome = {
  kind: 'solved',
  indexWarnings: [],
  live: null,
  result: {
    ok: true,
    python: '3.12.0',
    warnings: [],
    skipped: [],
    stats,
    packages: [
      pkg('Flask', '1.1.4', [{ from: null, fromVersion: null, requirement: 'flask<2' }]),
      pkg('Jinja2', '2.11.3', [{ from: 'flask', fromVersion: '1.1.4', requirement: 'Jinja2<3.0,>=2.10.1' }]),
      pkg('MarkupSafe', '2.0.1', [{ from: 'jinja2', fromVersion: '2.11.3', requirement: 'MarkupSafe>=0.23' }], { yanked: 'broken wheel' }),
    ],
  },
};

describe('pipTranscript', () => {
  it('collects your requirements with their lines, then what they need, then a dry-run summary', () => {
    const text = plainText(pipTranscript({ outcome: solved, requirements: '# web\nflask<2\n', format: 'requirements' }));
    expect(text.split('\n')).toEqual([
      '$ pip install --dry-run -r requirements.txt',
      'Collecting flask<2 (from -r requirements.txt (line 2))',
      'Collecting Jinja2<3.0,>=2.10.1 (from Flask==1.1.4)',
      'Collecting MarkupSafe>=0.23 (from Jinja2==2.11.3)',
      "WARNING: The candidate selected for download or install is a yanked version: 'MarkupSafe' candidate (version 2.0.1)",
      'WARNING: Reason for being yanked: broken wheel',
      'Would install Flask-1.1.4 Jinja2-2.11.3 MarkupSafe-2.0.1',
    ]);
  });

  it('prints the pip voice on failure, with ERROR lines in red', () => {
    const failed = {
      kind: 'failed',
      indexWarnings: [],
      explainError: null,
      fallbackReport: null,
      result: { ok: false, derivation: { root: 0, nodes: [], packages: [], python: '3.12.0' }, warnings: [], skipped: [], stats },
      explanation: { voices: { pip: 'ERROR: Cannot install a and b\n\nThe conflict is caused by:', pubgrub: '', plain: '' } },
    } as unknown as ResolveOutcome;
    const lines = pipTranscript({ outcome: failed, requirements: 'a\nb\n', format: 'requirements' });
    expect(lines).toContain('\x1b[31mERROR: Cannot install a and b\x1b[0m');
    expect(plainText(lines)).toContain('Collecting b (from -r requirements.txt (line 2))');
    expect(plainText(lines)).toContain('The conflict is caused by:');
  });

  it('stops with the error when the index could not be read', () => {
    const failed = {
      kind: 'index-error',
      error: { kind: 'http-status', url: 'https://pypi.org/simple/flask/', detail: 'the index answered 500 Internal Server Error (gave up after 4 attempts).', hint: '', status: 500 },
      live: {},
    } as unknown as ResolveOutcome;
    const lines = pipTranscript({ outcome: failed, requirements: 'flask\n', format: 'requirements' });
    expect(plainText(lines).split('\n')).toEqual([
      '$ pip install --dry-run -r requirements.txt',
      'Collecting flask (from -r requirements.txt (line 1))',
      'ERROR: https://pypi.org/simple/flask/: the index answered 500 Internal Server Error (gave up after 4 attempts).',
    ]);
  });

  it('names pyproject dependencies as coming from the project', () => {
    const text = plainText(pipTranscript({ outcome: solved, requirements: '[project]\ndependencies = ["flask<2"]\n', format: 'pyproject' }));
    expect(text).toContain('$ pip install --dry-run .');
    expect(text).toContain('Collecting flask<2 (from my-project)');
  });

  it("shows the index's control characters as escapes, keeping its own colours", () => {
    const evil: ResolveOutcome = {
      ...solved,
      result: {
        ...(solved as Extract<ResolveOutcome, { kind: 'solved' }>).result,
        packages: [pkg('Flask', '1.1.4', [{ from: null, fromVersion: null, requirement: 'flask<2' }], { yanked: 'see \x1b]0;owned\x07\x1b[2J' })],
      },
    };
    const lines = pipTranscript({ outcome: evil, requirements: 'flask<2\n', format: 'requirements' });
    const reason = lines.find((l) => l.includes('Reason for being yanked'))!;
    expect(reason).toBe('\x1b[33mWARNING: Reason for being yanked: see \\u001b]0;owned\\u0007\\u001b[2J\x1b[0m');
  });

  it('colours warnings yellow and leaves other lines alone', () => {
    expect(colourLine('WARNING: x')).toBe('\x1b[33mWARNING: x\x1b[0m');
    expect(colourLine('Collecting x')).toBe('Collecting x');
  });
});
