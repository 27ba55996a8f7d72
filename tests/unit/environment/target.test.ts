import { sharedDataDir } from '../../../src/cli/files.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_TARGET,
  MARKER_VARIABLES,
  TargetError,
  describeTarget,
  makeTarget,
  markerEnvironment,
  parsePlatformSpec,
  targetFromMarkers,
} from '../../../src/core/environment/index.ts';
import type { TargetEnvironment } from '../../../src/core/environment/index.ts';

const SHARED_DATA = pathToFileURL(`${sharedDataDir() ?? resolve('../shared/data')}/`);

describe('makeTarget', () => {
  it('defaults to CPython 3.12.0 on Linux x86_64 with glibc 2.35', () => {
    expect(DEFAULT_TARGET).toEqual({
      python: '3.12.0',
      implementation: 'cpython',
      os: 'linux',
      arch: 'x86_64',
      libc: { kind: 'glibc', version: [2, 35] },
      macosVersion: null,
      markerOverrides: {},
    });
    expect(makeTarget({})).toEqual(DEFAULT_TARGET);
  });

  it.each([
    [{ python: '3.12' }, { python: '3.12.0' }],
    [{ python: '3.13.9' }, { python: '3.13.9' }],
    [{ python: '3.14.0rc1' }, { python: '3.14.0rc1' }],
    [{ os: 'macos' }, { os: 'macos', arch: 'aarch64', libc: null, macosVersion: [14, 0] }],
    [{ os: 'windows' }, { os: 'windows', arch: 'x86_64', libc: null, macosVersion: null }],
    // Every spelling of a machine is stored one way.
    [{ os: 'macos', arch: 'arm64' }, { arch: 'aarch64' }],
    [{ os: 'windows', arch: 'AMD64' }, { arch: 'x86_64' }],
    [{ os: 'windows', arch: 'ARM64' }, { arch: 'aarch64' }],
    [{ os: 'windows', arch: 'x86' }, { arch: 'i686' }],
    [{ arch: 'ppc64le' }, { arch: 'ppc64le' }],
    [{ arch: 's390x' }, { arch: 's390x' }],
    [{ implementation: 'pypy' }, { implementation: 'pypy' }],
  ] as [Partial<TargetEnvironment>, Partial<TargetEnvironment>][])('%j', (input, expected) => {
    expect(makeTarget(input)).toMatchObject(expected);
  });

  it('drops fields that do not apply to the OS', () => {
    const mac = makeTarget({ ...DEFAULT_TARGET, os: 'macos' });
    expect(mac.libc).toBeNull();
    expect(mac.macosVersion).toEqual([14, 0]);
    const windows = makeTarget({ ...mac, os: 'windows', arch: 'x86_64' });
    expect(windows.macosVersion).toBeNull();
  });

  it('is idempotent and gives plain data', () => {
    const target = makeTarget({ os: 'macos', python: '3.11', markerOverrides: { platform_release: '23.1.0' } });
    expect(makeTarget(target)).toEqual(target);
    expect(structuredClone(target)).toEqual(target);
    expect(JSON.parse(JSON.stringify(target))).toEqual(target);
  });

  it.each([
    [{ os: 'darwin' }, /unknown os "darwin": expected one of "linux", "macos", "windows" \(use "macos" for darwin\)/],
    [{ os: 'freebsd' }, /unknown os "freebsd"/],
    [{ python: '3.x' }, /bad Python version "3.x": expected MAJOR.MINOR/],
    [{ python: '' }, /bad Python version ""/],
    [{ python: '3' }, /bad Python version "3"/],
    [{ python: '4.0' }, /bad Python version "4.0": only Python 2 and Python 3 exist/],
    [{ implementation: 'jython' }, /unknown Python implementation "jython"/],
    [{ arch: 'sparc' }, /unknown architecture "sparc" for linux/],
    [{ os: 'macos', arch: 'i686' }, /unknown architecture "i686" for macos: expected one of "arm64", "x86_64"/],
    [{ os: 'windows', arch: 's390x' }, /expected one of "AMD64", "ARM64", "x86"/],
    [{ libc: { kind: 'uclibc', version: [1, 0] } }, /unknown libc "uclibc"/],
    [{ libc: { kind: 'glibc', version: [3, 1] } }, /glibc versions are 2.x/],
    [{ libc: { kind: 'musl', version: [1] } }, /bad musl version \[1\]/],
    [{ os: 'macos', macosVersion: [16, 0] }, /bad macOS version 16.0/],
    [{ os: 'macos', macosVersion: [14, -1] }, /bad macOS version/],
    [{ markerOverrides: { pyton_version: '3.11' } }, /unknown marker variable "pyton_version"/],
    [{ markerOverrides: { python_version: 3.11 } }, /marker variable python_version must be a string/],
  ] as [Partial<TargetEnvironment>, RegExp][])('rejects %j', (input, message) => {
    expect(() => makeTarget(input)).toThrow(TargetError);
    expect(() => makeTarget(input)).toThrow(message);
  });
});

describe('markerEnvironment', () => {
  it('gives every PEP 508 variable for Linux', () => {
    expect(markerEnvironment(DEFAULT_TARGET)).toEqual({
      os_name: 'posix',
      sys_platform: 'linux',
      platform_machine: 'x86_64',
      platform_python_implementation: 'CPython',
      platform_release: '',
      platform_system: 'Linux',
      platform_version: '',
      python_version: '3.12',
      python_full_version: '3.12.0',
      implementation_name: 'cpython',
      implementation_version: '3.12.0',
    });
    expect(Object.keys(markerEnvironment(DEFAULT_TARGET))).toEqual([...MARKER_VARIABLES]);
  });

  it.each([
    [
      'Windows x86-64',
      { os: 'windows', python: '3.11.9' },
      { os_name: 'nt', sys_platform: 'win32', platform_system: 'Windows', platform_machine: 'AMD64', platform_release: '10', python_version: '3.11' },
    ],
    ['Windows ARM64', { os: 'windows', arch: 'aarch64' }, { platform_machine: 'ARM64' }],
    ['Windows x86', { os: 'windows', arch: 'i686' }, { platform_machine: 'x86' }],
    [
      'macOS arm64',
      { os: 'macos', macosVersion: [14, 1] },
      { os_name: 'posix', sys_platform: 'darwin', platform_system: 'Darwin', platform_machine: 'arm64', platform_release: '23.1.0' },
    ],
    ['macOS x86_64 10.15', { os: 'macos', arch: 'x86_64', macosVersion: [10, 15] }, { platform_machine: 'x86_64', platform_release: '19.0.0' }],
    ['macOS 26', { os: 'macos', macosVersion: [26, 0] }, { platform_release: '25.0.0' }],
    ['Linux aarch64', { arch: 'aarch64' }, { platform_machine: 'aarch64', sys_platform: 'linux' }],
    [
      'PyPy',
      { implementation: 'pypy', python: '3.10.14' },
      { implementation_name: 'pypy', platform_python_implementation: 'PyPy', implementation_version: '7.3.19', python_full_version: '3.10.14' },
    ],
    [
      'GraalPy',
      { implementation: 'graalpy', python: '3.11.7' },
      { implementation_name: 'graalpy', platform_python_implementation: 'GraalVM', implementation_version: '24.2.0' },
    ],
    [
      'overrides win',
      { markerOverrides: { platform_release: '6.8.0', python_version: '3.11' } },
      { platform_release: '6.8.0', python_version: '3.11', python_full_version: '3.12.0' },
    ],
  ] as [string, Partial<TargetEnvironment>, Record<string, string>][])('%s', (_, input, expected) => {
    expect(markerEnvironment(makeTarget(input))).toMatchObject(expected);
  });
});

describe('targetFromMarkers', () => {
  const presets: Partial<TargetEnvironment>[] = [
    {},
    { os: 'windows', python: '3.11.9' },
    { os: 'windows', arch: 'aarch64' },
    { os: 'windows', arch: 'i686', python: '3.8.10' },
    { os: 'macos', macosVersion: [14, 1] },
    { os: 'macos', arch: 'x86_64', macosVersion: [12, 0] },
    { os: 'macos', macosVersion: [26, 1] },
    { arch: 'aarch64', python: '3.13.9' },
    { implementation: 'pypy', python: '3.10.14' },
    { implementation: 'pypy', python: '3.10.14', markerOverrides: { implementation_version: '7.3.17' } },
    { implementation: 'graalpy', python: '3.11.7' },
    { markerOverrides: { platform_release: '6.8.0-45-generic', platform_version: '#45-Ubuntu SMP' } },
  ];

  it.each(presets)('round-trips %j', (input) => {
    const target = makeTarget(input);
    const markers = markerEnvironment(target);
    const back = targetFromMarkers(markers);
    expect(back).toEqual(target);
    expect(markerEnvironment(back)).toEqual(markers);
  });

  it('reads a real macOS environment, keeping what it cannot express as overrides', () => {
    const markers = {
      implementation_name: 'cpython',
      implementation_version: '3.11.6',
      os_name: 'posix',
      platform_machine: 'arm64',
      platform_python_implementation: 'CPython',
      platform_release: '23.1.0',
      platform_system: 'Darwin',
      platform_version: 'Darwin Kernel Version 23.1.0: Mon Oct  9 21:28:12 PDT 2023; root:xnu-10002.41.9~6/RELEASE_ARM64_T8103',
      python_full_version: '3.11.6',
      python_version: '3.11',
      sys_platform: 'darwin',
    };
    const target = targetFromMarkers(markers);
    expect(target).toEqual({
      python: '3.11.6',
      implementation: 'cpython',
      os: 'macos',
      arch: 'aarch64',
      libc: null,
      macosVersion: [14, 1],
      markerOverrides: { platform_version: markers.platform_version },
    });
    expect(markerEnvironment(target)).toEqual(markers);
  });

  it.each([
    [{ sys_platform: 'freebsd13', platform_system: 'FreeBSD' }, { os: 'linux', markerOverrides: { sys_platform: 'freebsd13', platform_system: 'FreeBSD' } }],
    [{ platform_machine: 'sparc64' }, { arch: 'x86_64', markerOverrides: { platform_machine: 'sparc64' } }],
    [{ implementation_name: 'jython' }, { implementation: 'cpython', markerOverrides: { implementation_name: 'jython' } }],
    [{ python_version: '3.9' }, { python: '3.9.0', markerOverrides: {} }],
    [{ python_full_version: '3.12.0+', python_version: '3.12' }, { python: '3.12.0', markerOverrides: { python_full_version: '3.12.0+' } }],
    [{ platform_python_implementation: 'PyPy' }, { implementation: 'pypy' }],
    [{ os_name: 'nt' }, { os: 'windows' }],
    [{}, DEFAULT_TARGET],
  ] as [Record<string, string>, Partial<TargetEnvironment>][])('%j', (markers, expected) => {
    const target = targetFromMarkers(markers);
    expect(target).toMatchObject(expected);
    expect(markerEnvironment(target)).toMatchObject(markers);
  });

  it('rejects names that are not marker variables', () => {
    expect(() => targetFromMarkers({ extra: 'socks' })).toThrow(/unknown marker variable "extra"/);
  });

  describe.skipIf(!existsSync(SHARED_DATA))('the environments of the shared cases and indexes (skipped when ../shared/data is absent; set PIPETTE_SHARED_DATA)', () => {
    const files = ['cases', 'indexes'].flatMap((folder) =>
      existsSync(new URL(`${folder}/`, SHARED_DATA))
        ? readdirSync(new URL(`${folder}/`, SHARED_DATA))
            .filter((name) => name.endsWith('.json'))
            .map((name) => `${folder}/${name}`)
        : [],
    );
    const environments = new Map<string, Record<string, string>>();
    for (const file of files) {
      const document = JSON.parse(readFileSync(new URL(file, SHARED_DATA), 'utf8')) as {
        environment?: Record<string, string>;
      };
      if (document.environment !== undefined) {
        environments.set(JSON.stringify(document.environment), document.environment);
      }
    }

    it('has some', () => {
      expect(environments.size).toBeGreaterThan(0);
    });

    it.each([...environments.values()])('%j', (markers) => {
      const target = targetFromMarkers(markers);
      expect(markerEnvironment(target)).toMatchObject(markers);
      expect(targetFromMarkers(markerEnvironment(target))).toEqual(target);
    });
  });
});

describe('parsePlatformSpec', () => {
  const glibc = (minor: number) => ({ kind: 'glibc', version: [2, minor] });
  it.each([
    ['linux', { os: 'linux', arch: 'x86_64', libc: glibc(17) }],
    ['macos', { os: 'macos', arch: 'aarch64', macosVersion: [13, 0] }],
    ['windows', { os: 'windows', arch: 'x86_64' }],
    ['x86_64-manylinux2014', { os: 'linux', arch: 'x86_64', libc: glibc(17) }],
    ['aarch64-manylinux2014', { os: 'linux', arch: 'aarch64', libc: glibc(17) }],
    ['x86_64-manylinux_2_28', { os: 'linux', arch: 'x86_64', libc: glibc(28) }],
    ['x8664-manylinux231', { os: 'linux', arch: 'x86_64', libc: glibc(31) }],
    ['x86_64-manylinux2010', { os: 'linux', arch: 'x86_64', libc: glibc(12) }],
    ['i686-manylinux1', { os: 'linux', arch: 'i686', libc: glibc(5) }],
    ['x86_64-unknown-linux-gnu', { os: 'linux', arch: 'x86_64', libc: glibc(17) }],
    ['aarch64-unknown-linux-gnu', { os: 'linux', arch: 'aarch64', libc: glibc(17) }],
    ['x86_64-unknown-linux-musl', { os: 'linux', arch: 'x86_64', libc: { kind: 'musl', version: [1, 2] } }],
    ['armv7-unknown-linux-gnueabihf', { os: 'linux', arch: 'armv7l', libc: glibc(17) }],
    ['powerpc64le-unknown-linux-gnu', { os: 'linux', arch: 'ppc64le', libc: glibc(17) }],
    ['x86_64-musllinux_1_1', { os: 'linux', arch: 'x86_64', libc: { kind: 'musl', version: [1, 1] } }],
    ['aarch64-apple-darwin', { os: 'macos', arch: 'aarch64', macosVersion: [13, 0], libc: null }],
    ['x86_64-apple-darwin', { os: 'macos', arch: 'x86_64', macosVersion: [13, 0] }],
    ['x86_64-pc-windows-msvc', { os: 'windows', arch: 'x86_64', libc: null, macosVersion: null }],
    ['i686-pc-windows-msvc', { os: 'windows', arch: 'i686' }],
    ['aarch64-pc-windows-msvc', { os: 'windows', arch: 'aarch64' }],
    [' X86_64-Manylinux2014 ', { os: 'linux', arch: 'x86_64', libc: glibc(17) }],
  ] as [string, Partial<TargetEnvironment>][])('%s', (spec, expected) => {
    const parsed = parsePlatformSpec(spec);
    expect(parsed).toMatchObject(expected);
    expect(() => makeTarget(parsed)).not.toThrow();
  });

  it.each([
    ['freebsd', /unknown platform "freebsd": expected "linux", "macos", "windows", ARCH-unknown-linux-gnu/],
    ['wasm32-pyodide2024', /unknown platform "wasm32-pyodide2024": unknown architecture "wasm32"/],
    ['x86_64-unknown-freebsd', /unknown platform "x86_64-unknown-freebsd": expected/],
    ['i686-apple-darwin', /architecture "i686" is not supported on macos/],
    ['x86_64-manylinux_3_1', /unknown platform/],
    ['', /unknown platform ""/],
  ])('rejects %j', (spec, message) => {
    expect(() => parsePlatformSpec(spec)).toThrow(TargetError);
    expect(() => parsePlatformSpec(spec)).toThrow(message);
  });
});

describe('describeTarget', () => {
  it.each([
    [{}, 'CPython 3.12.0 on Linux x86_64 (glibc 2.35)'],
    [{ libc: { kind: 'musl', version: [1, 2] } }, 'CPython 3.12.0 on Linux x86_64 (musl 1.2)'],
    [{ os: 'macos', python: '3.13' }, 'CPython 3.13.0 on macOS 14.0 arm64'],
    [{ os: 'macos', arch: 'x86_64', macosVersion: [10, 15] }, 'CPython 3.12.0 on macOS 10.15 x86_64'],
    [{ os: 'windows' }, 'CPython 3.12.0 on Windows x86-64'],
    [{ os: 'windows', arch: 'ARM64' }, 'CPython 3.12.0 on Windows ARM64'],
    [{ implementation: 'pypy', python: '3.10.14', arch: 'aarch64' }, 'PyPy 3.10.14 on Linux aarch64 (glibc 2.35)'],
    [{ implementation: 'graalpy', python: '3.11' }, 'GraalPy 3.11.0 on Linux x86_64 (glibc 2.35)'],
  ] as [Partial<TargetEnvironment>, string][])('%j → %s', (input, expected) => {
    expect(describeTarget(makeTarget(input))).toBe(expected);
  });
});
