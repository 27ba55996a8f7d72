import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, MARKER_VARIABLES, type OperatingSystem } from '../../../src/core/environment/index.ts';
import { base64urlEncode, utf8Encode } from '../../../src/core/export/bytes.ts';
import {
  decodePermalink,
  encodePermalink,
  MAX_PERMALINK_CHARS,
  MAX_PERMALINK_JSON_BYTES,
  PermalinkError,
  type PermalinkErrorCode,
  type PermalinkState,
} from '../../../src/core/export/permalink.ts';

const STATE: PermalinkState = {
  v: 2,
  requirements: 'flask>=2\nrequests[socks] ; python_version >= "3.8"\n',
  format: 'requirements.txt',
  target: { python: '3.11', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
  policy: 'pip',
  prereleases: false,
  scenario: { kind: 'bundled', id: 'transitive-clash' },
};

/** A link made by hand from any JSON value, as a hostile or buggy page could make it. */
function linkOf(value: unknown): string {
  return base64urlEncode(deflateSync(utf8Encode(typeof value === 'string' ? value : JSON.stringify(value))));
}

function rejection(fragment: string): PermalinkError {
  try {
    decodePermalink(fragment);
  } catch (error) {
    expect(error).toBeInstanceOf(PermalinkError);
    return error as PermalinkError;
  }
  throw new Error('expected the link to be rejected');
}

function expectRejected(fragment: string, code: PermalinkErrorCode, why: RegExp, path = ''): void {
  const error = rejection(fragment);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(why);
  expect(error.path).toBe(path);
}

// ---------------------------------------------------------------------------------------
// Generated states
// ---------------------------------------------------------------------------------------

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((n) => !n.includes('--'));
const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`);
const release = fc.record(
  {
    requires_dist: fc.array(fc.tuple(name, version).map(([n, v]) => `${n}>=${v}`), { maxLength: 3 }),
    requires_python: fc.constantFrom('>=3.8', '>=3.9,<4', '!=3.0.*,>=2.7'),
    yanked: fc.oneof(fc.boolean(), fc.string({ maxLength: 20 })),
    wheel_tags: fc.constantFrom(['py3-none-any'], ['cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64', 'cp312-cp312-win_amd64']),
  },
  { requiredKeys: [] },
);
const index = fc
  .dictionary(name, fc.dictionary(version, release, { maxKeys: 3 }), { maxKeys: 4 })
  // Names equal once normalised (a-b, a_b) may not appear twice; the generator only makes [a-z0-9-].
  .map((projects) => ({
    format: 'index-snapshot/1' as const,
    source: 'generated',
    projects: Object.fromEntries(Object.entries(projects).map(([n, versions]) => [n, { versions }])),
  }));
const target = fc.constantFrom<OperatingSystem>('linux', 'macos', 'windows').chain((os) =>
  fc.record(
    {
      python: fc.constantFrom('3.8', '3.12', '3.12.4', '3.13.0rc1', '2.7.18'),
      os: fc.constant(os),
      arch: fc.constantFrom(...ARCHITECTURES[os]),
      implementation: fc.constantFrom('cpython' as const, 'pypy' as const, 'graalpy' as const),
      markerOverrides: fc.dictionary(fc.constantFrom(...MARKER_VARIABLES), fc.string({ unit: 'binary', maxLength: 12 }), { maxKeys: 3 }),
    },
    { requiredKeys: ['python', 'os', 'arch', 'implementation'] },
  ),
);
const liveIndex = fc.record({
  kind: fc.constant('live' as const),
  url: fc.constantFrom('https://pypi.org/simple/', 'http://127.0.0.1:8080/simple/', 'https://example.com/pypi/simple'),
  asOf: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
});
const state: fc.Arbitrary<PermalinkState> = fc.record({
  v: fc.constant(2 as const),
  requirements: fc.string({ unit: 'binary', maxLength: 400 }),
  format: fc.constantFrom('requirements.txt' as const, 'pyproject' as const),
  target,
  policy: fc.constantFrom('pip' as const, 'uv' as const),
  prereleases: fc.boolean(),
  scenario: fc.oneof(
    fc.constant(null),
    name.map((id) => ({ kind: 'bundled' as const, id })),
    index.map((i) => ({ kind: 'inline' as const, index: i })),
    liveIndex,
  ),
});

describe('encodePermalink and decodePermalink', () => {
  it('round-trip every valid state', () => {
    fc.assert(
      fc.property(state, (s) => {
        const link = encodePermalink(s);
        expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodePermalink(link)).toEqual(s);
        expect(decodePermalink(`#${link}`)).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps text the user could type, including lone surrogates and newlines', () => {
    const tricky = { ...STATE, requirements: 'a\ud800b\r\n# ünïcödé 🐍\n\u0000' };
    expect(decodePermalink(encodePermalink(tricky))).toEqual(tricky);
  });

  it('is short for a plain workspace', () => {
    expect(encodePermalink(STATE).length).toBeLessThan(400);
  });

  it('is deterministic', () => {
    expect(encodePermalink(STATE)).toBe(encodePermalink({ ...STATE }));
  });

  it('names a live index by its URL and "as of" date', () => {
    const live: PermalinkState = { ...STATE, scenario: { kind: 'live', url: 'https://pypi.org/simple/', asOf: '2023-09-01' } };
    expect(decodePermalink(encodePermalink(live))).toEqual(live);
  });
});

describe('links of format version 1 (before live indexes)', () => {
  const { v: _v, ...rest } = STATE;

  it('open as version 2, unchanged', () => {
    expect(decodePermalink(linkOf({ v: 1, ...rest }))).toEqual(STATE);
    const inline = { kind: 'inline', index: { format: 'index-snapshot/1', projects: { a: { versions: { '1.0': {} } } } } } as const;
    expect(decodePermalink(linkOf({ v: 1, ...rest, scenario: inline }))).toEqual({ ...STATE, scenario: inline });
  });

  it('may not name a live index, which version 1 did not have', () => {
    expectRejected(linkOf({ v: 1, ...rest, scenario: { kind: 'live', url: 'https://pypi.org/simple/', asOf: null } }), 'invalid', /expected one of "bundled", "inline", found the string "live"/, 'scenario.kind');
  });
});

describe('encodePermalink refuses', () => {
  it('a scenario too large for a link, and says to export a file instead', () => {
    // Random-looking requirement names do not compress: thousands of them pass the link limit.
    const projects: Record<string, { versions: Record<string, object> }> = {};
    let seed = 1;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 48271) % 2147483647;
      projects[`p${seed.toString(36)}`] = { versions: { [`1.${i}.0`]: {} } };
    }
    const big: PermalinkState = { ...STATE, scenario: { kind: 'inline', index: { format: 'index-snapshot/1', projects } } };
    let error: PermalinkError | null = null;
    try {
      encodePermalink(big);
    } catch (e) {
      error = e as PermalinkError;
    }
    expect(error?.code).toBe('too-large');
    expect(error?.message).toMatch(/too large to share by link/);
    expect(error?.message).toMatch(/Export the scenario as a file/);
  });

  it('a state that would not decode', () => {
    expect(() => encodePermalink({ ...STATE, policy: 'poetry' } as unknown as PermalinkState)).toThrow(/policy: expected one of "pip", "uv"/);
  });
});

describe('decodePermalink rejects', () => {
  const good = encodePermalink(STATE);

  it('an empty link', () => {
    expectRejected('#', 'malformed', /empty/);
  });

  it('characters that are not base64url', () => {
    expectRejected(`${good.slice(0, 10)}%${good.slice(11)}`, 'malformed', /not a Pipette link: character 11 \("%"\)/);
  });

  it('a link cut short', () => {
    for (const cut of [1, 5, Math.floor(good.length / 2)]) {
      const error = rejection(good.slice(0, good.length - cut));
      expect(['malformed', 'corrupt']).toContain(error.code);
    }
  });

  it('altered compressed data', () => {
    const bytes = Buffer.from(good, 'base64url');
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const error = rejection(bytes.toString('base64url'));
    expect(['corrupt', 'invalid']).toContain(error.code);
  });

  it('a link over the length limit, before decoding it', () => {
    expectRejected('A'.repeat(MAX_PERMALINK_CHARS + 4), 'too-large', /over the 32 KiB/);
  });

  it('a decompression bomb: a small link that inflates past the limit', () => {
    const bomb = base64urlEncode(deflateSync(new Uint8Array(MAX_PERMALINK_JSON_BYTES * 8).fill(0x20), { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX_PERMALINK_CHARS);
    expectRejected(bomb, 'too-large', /expands to more than 1024 KiB/);
  });

  it('compressed data that is not text or not JSON', () => {
    expectRejected(base64urlEncode(deflateSync(Uint8Array.from([0xff, 0xfe, 0x00]))), 'corrupt', /not readable text/);
    expectRejected(linkOf('{"v": 1,'), 'corrupt', /not readable text/);
  });

  it('a link from a newer Pipette', () => {
    expectRejected(linkOf({ ...STATE, v: 3 }), 'unsupported-version', /newer Pipette \(format 3\); this one reads format 2/);
  });

  it.each([
    ['a missing version', { ...STATE, v: undefined }, 'v', /expected 1 or 2, found nothing/],
    ['a version that never was', { ...STATE, v: 0 }, 'v', /expected 1 or 2, found the number 0/],
    ['an unknown field', { ...STATE, theme: 'dark' }, 'theme', /unknown field/],
    ['requirements that are not text', { ...STATE, requirements: ['flask'] }, 'requirements', /expected a string, found a list/],
    ['an unknown format', { ...STATE, format: 'setup.py' }, 'format', /expected one of "requirements.txt", "pyproject"/],
    ['a bad Python version', { ...STATE, target: { ...STATE.target, python: 'three' } }, 'target.python', /bad Python version/],
    ['an architecture the OS does not have', { ...STATE, target: { ...STATE.target, os: 'macos', arch: 'i686' } }, 'target.arch', /architecture of macos/],
    ['an unknown implementation', { ...STATE, target: { ...STATE.target, implementation: 'jython' } }, 'target.implementation', /expected one of "cpython"/],
    ['an unknown marker variable', { ...STATE, target: { ...STATE.target, markerOverrides: { python_versoin: '3.8' } } }, 'target.markerOverrides.python_versoin', /not a PEP 508 marker variable/],
    ['a marker value that is not text', { ...STATE, target: { ...STATE.target, markerOverrides: { os_name: 1 } } }, 'target.markerOverrides.os_name', /expected a string/],
    ['an unknown policy', { ...STATE, policy: 'poetry' }, 'policy', /expected one of "pip", "uv"/],
    ['a non-boolean pre-release flag', { ...STATE, prereleases: 'yes' }, 'prereleases', /true or false/],
    ['an unknown scenario kind', { ...STATE, scenario: { kind: 'remote', url: 'https://example.com' } }, 'scenario.kind', /expected one of "bundled", "inline", "live"/],
    ['a live index URL that is not http(s)', { ...STATE, scenario: { kind: 'live', url: 'javascript:alert(1)', asOf: null } }, 'scenario.url', /expected an http or https URL/],
    ['a live index URL with spaces', { ...STATE, scenario: { kind: 'live', url: 'https://pypi.org/simple/ x', asOf: null } }, 'scenario.url', /expected an http or https URL/],
    ['a live index without its URL', { ...STATE, scenario: { kind: 'live', asOf: null } }, 'scenario.url', /expected a string, found nothing/],
    ['an "as of" date that is not a date', { ...STATE, scenario: { kind: 'live', url: 'https://pypi.org/simple/', asOf: '2023-02-30' } }, 'scenario.asOf', /expected null or a date/],
    ['an "as of" date with a time', { ...STATE, scenario: { kind: 'live', url: 'https://pypi.org/simple/', asOf: '2023-09-01T00:00' } }, 'scenario.asOf', /expected null or a date such as 2023-09-01, found the string "2023-09-01T00:00"/],
    ['an extra field on a live index', { ...STATE, scenario: { kind: 'live', url: 'https://pypi.org/simple/', asOf: null, offline: true } }, 'scenario.offline', /unknown field/],
    ['a bundled id with a path in it', { ...STATE, scenario: { kind: 'bundled', id: '../index' } }, 'scenario.id', /expected a scenario id/],
    ['an extra field on a bundled scenario', { ...STATE, scenario: { kind: 'bundled', id: 'yanked', index: {} } }, 'scenario.index', /unknown field/],
    [
      'a broken inline index',
      { ...STATE, scenario: { kind: 'inline', index: { format: 'index-snapshot/1', projects: { flask: { versions: { '2.0': { requires_dist: ['werkzeug>=>2'] } } } } } } },
      'scenario.index.projects.flask.versions.2.0.requires_dist[0]',
      /not a valid requirement/,
    ],
  ])('%s, naming the field', (_, value, path, why) => {
    expectRejected(linkOf(value), 'invalid', why, path);
  });

  it('anything that is not an object', () => {
    expectRejected(linkOf([1, 2]), 'invalid', /expected an object, found a list/);
    expectRejected(linkOf('null'), 'invalid', /expected an object, found null/);
  });
});

describe('the resolver picked', () => {
  it('travels in the link when it is not the complete one, and old links open with the complete one', async () => {
    const { encodePermalink, decodePermalink, PERMALINK_VERSION } = await import('../../../src/core/export/permalink.ts');
    const base: import('../../../src/core/export/permalink.ts').PermalinkState = {
      v: PERMALINK_VERSION,
      requirements: 'flask\n',
      format: 'requirements.txt',
      target: { python: '3.12', os: 'linux', arch: 'x86_64', implementation: 'cpython', markerOverrides: {} },
      policy: 'pip',
      prereleases: false,
      scenario: null,
    };
    expect(decodePermalink(encodePermalink({ ...base, engine: 'pip' })).engine).toBe('pip');
    expect(decodePermalink(encodePermalink(base)).engine).toBeUndefined();
    expect(() => decodePermalink(encodePermalink({ ...base, engine: 'poetry' as never }))).toThrow(/engine/);
  });
});
