/**
 * The target environment of a resolve: Python version and implementation, OS,
 * architecture, libc or macOS version. From it come the PEP 508 marker
 * environment (https://peps.python.org/pep-0508/#environment-markers) and, in
 * `tags.ts`, the wheel tags it can install.
 *
 * A target is plain data: it crosses the worker boundary by structured clone
 * and is stored in IndexedDB unchanged. Build one with {@link makeTarget}.
 */

import {
  PythonVersionError,
  normalizePythonVersion,
  parsePythonVersion,
  tryParsePythonVersion,
} from './python-versions.ts';

export type OperatingSystem = 'linux' | 'macos' | 'windows';
export type Implementation = 'cpython' | 'pypy' | 'graalpy';

export interface Libc {
  readonly kind: 'glibc' | 'musl';
  readonly version: readonly [number, number];
}

export interface TargetEnvironment {
  /** Full version: `3.12.0` (a `3.12` input becomes `3.12.0`). */
  readonly python: string;
  readonly implementation: Implementation;
  readonly os: OperatingSystem;
  /**
   * One spelling per machine, whatever the OS: `x86_64`, `aarch64`, `i686`,
   * `armv7l`, `ppc64le`, `s390x`... {@link makeTarget} also accepts the OS
   * spellings (`arm64` on macOS, `AMD64`/`ARM64`/`x86` on Windows), and
   * {@link markerEnvironment} gives them back in `platform_machine`.
   */
  readonly arch: string;
  /** Linux only (`null` elsewhere); default glibc 2.35. */
  readonly libc: Libc | null;
  /** macOS only (`null` elsewhere); default 14.0. */
  readonly macosVersion: readonly [number, number] | null;
  /**
   * PEP 508 variables set by the user; they win over the derived values.
   * `implementation_version` also sets the PyPy / GraalPy version used for
   * their ABI tags.
   */
  readonly markerOverrides: Readonly<Record<string, string>>;
}

/** The PEP 508 marker variables, in the order of the PEP's table. */
export const MARKER_VARIABLES = [
  'os_name',
  'sys_platform',
  'platform_machine',
  'platform_python_implementation',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_version',
  'python_full_version',
  'implementation_name',
  'implementation_version',
] as const;
export type MarkerVariable = (typeof MARKER_VARIABLES)[number];

/** Thrown by {@link makeTarget}, {@link targetFromMarkers} and {@link parsePlatformSpec}. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

const OPERATING_SYSTEMS: readonly OperatingSystem[] = ['linux', 'macos', 'windows'];
const IMPLEMENTATIONS: readonly Implementation[] = ['cpython', 'pypy', 'graalpy'];

const DEFAULT_PYTHON = '3.12.0';
const DEFAULT_GLIBC: Libc = { kind: 'glibc', version: [2, 35] };
const DEFAULT_MACOS: readonly [number, number] = [14, 0];
const DEFAULT_ARCH: Readonly<Record<OperatingSystem, string>> = {
  linux: 'x86_64',
  macos: 'aarch64',
  windows: 'x86_64',
};

// ---------------------------------------------------------------------------
// Architectures

/** Every accepted spelling (lower-cased) → the one the target stores. */
const ARCH_SPELLINGS: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  amd64: 'x86_64',
  x64: 'x86_64',
  x8664: 'x86_64',
  aarch64: 'aarch64',
  arm64: 'aarch64',
  i686: 'i686',
  i586: 'i686',
  i386: 'i686',
  x86: 'i686',
  armv7l: 'armv7l',
  armv7: 'armv7l',
  armv6l: 'armv6l',
  ppc64le: 'ppc64le',
  powerpc64le: 'ppc64le',
  ppc64: 'ppc64',
  powerpc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  riscv64gc: 'riscv64',
  loongarch64: 'loongarch64',
};

/** The architectures each OS supports (as stored), most common first. */
export const ARCHITECTURES: Readonly<Record<OperatingSystem, readonly string[]>> = {
  linux: [
    'x86_64',
    'aarch64',
    'i686',
    'armv7l',
    'armv6l',
    'ppc64le',
    'ppc64',
    's390x',
    'riscv64',
    'loongarch64',
  ],
  macos: ['aarch64', 'x86_64'],
  windows: ['x86_64', 'aarch64', 'i686'],
};

/** `platform_machine` where the OS spells the machine differently from Linux. */
const MACHINE_NAMES: Readonly<Record<OperatingSystem, Readonly<Record<string, string>>>> = {
  linux: {},
  macos: { aarch64: 'arm64' },
  windows: { x86_64: 'AMD64', aarch64: 'ARM64', i686: 'x86' },
};

/** `AMD64`, `arm64`, `x86_64` → the stored spelling; `null` for an unknown machine. */
export function normalizeArch(input: string): string | null {
  return ARCH_SPELLINGS[input.trim().toLowerCase()] ?? null;
}

/** The `platform_machine` value of an architecture on an OS: `arm64` on macOS, `AMD64` on Windows. */
export function machineName(os: OperatingSystem, arch: string): string {
  const canonical = normalizeArch(arch) ?? arch;
  return MACHINE_NAMES[os][canonical] ?? canonical;
}

// ---------------------------------------------------------------------------
// Building targets

/**
 * Fills in defaults and checks every field: CPython 3.12.0, Linux, the OS's
 * usual architecture, glibc 2.35 on Linux, macOS 14.0 on macOS. Fields that
 * do not apply to the OS (`libc` off Linux, `macosVersion` off macOS) are
 * dropped, so `makeTarget({ ...target, os: 'windows' })` just works.
 */
export function makeTarget(
  partial: Partial<TargetEnvironment> & { python?: string },
): TargetEnvironment {
  const implementation = checkImplementation(partial.implementation ?? 'cpython');
  const os = checkOs(partial.os ?? 'linux');
  const python = checkPython(partial.python ?? DEFAULT_PYTHON);
  const arch = checkArch(os, partial.arch ?? DEFAULT_ARCH[os]);
  const libc = os === 'linux' ? checkLibc(partial.libc ?? DEFAULT_GLIBC) : null;
  const macosVersion =
    os === 'macos' ? checkMacosVersion(partial.macosVersion ?? DEFAULT_MACOS) : null;
  const markerOverrides = checkOverrides(partial.markerOverrides ?? {});
  return { python, implementation, os, arch, libc, macosVersion, markerOverrides };
}

/** CPython 3.12.0 on Linux x86_64 with glibc 2.35. */
export const DEFAULT_TARGET: TargetEnvironment = makeTarget({});

function quoteAll(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function checkImplementation(input: string): Implementation {
  const lower = String(input).toLowerCase();
  const found = IMPLEMENTATIONS.find((implementation) => implementation === lower);
  if (found === undefined) {
    throw new TargetError(
      `unknown Python implementation ${JSON.stringify(input)}: expected one of ${quoteAll(IMPLEMENTATIONS)}`,
    );
  }
  return found;
}

const OS_HINTS: Readonly<Record<string, OperatingSystem>> = {
  darwin: 'macos',
  mac: 'macos',
  osx: 'macos',
  win32: 'windows',
  win: 'windows',
};

function checkOs(input: string): OperatingSystem {
  const lower = String(input).toLowerCase();
  const found = OPERATING_SYSTEMS.find((os) => os === lower);
  if (found === undefined) {
    const hint = OS_HINTS[lower];
    throw new TargetError(
      `unknown os ${JSON.stringify(input)}: expected one of ${quoteAll(OPERATING_SYSTEMS)}` +
        (hint === undefined ? '' : ` (use "${hint}" for ${lower})`),
    );
  }
  return found;
}

function checkPython(input: string): string {
  try {
    return normalizePythonVersion(String(input));
  } catch (error) {
    if (error instanceof PythonVersionError) {
      throw new TargetError(error.message, { cause: error });
    }
    throw error;
  }
}

function checkArch(os: OperatingSystem, input: string): string {
  const arch = normalizeArch(String(input));
  if (arch === null || !ARCHITECTURES[os].includes(arch)) {
    throw new TargetError(
      `unknown architecture ${JSON.stringify(input)} for ${os}: expected one of ` +
        ARCHITECTURES[os].map((a) => JSON.stringify(machineName(os, a))).join(', '),
    );
  }
  return arch;
}

function isVersionPair(value: unknown): value is readonly [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((part) => Number.isInteger(part) && part >= 0)
  );
}

function checkLibc(libc: Libc): Libc {
  if (libc.kind !== 'glibc' && libc.kind !== 'musl') {
    throw new TargetError(
      `unknown libc ${JSON.stringify(libc.kind)}: expected "glibc" or "musl"`,
    );
  }
  if (!isVersionPair(libc.version)) {
    throw new TargetError(
      `bad ${libc.kind} version ${JSON.stringify(libc.version)}: expected [major, minor]`,
    );
  }
  const major = libc.kind === 'glibc' ? 2 : 1;
  if (libc.version[0] !== major) {
    throw new TargetError(
      `bad ${libc.kind} version ${libc.version.join('.')}: ${libc.kind} versions are ${major}.x`,
    );
  }
  return { kind: libc.kind, version: [libc.version[0], libc.version[1]] };
}

function checkMacosVersion(version: readonly [number, number]): readonly [number, number] {
  if (!isVersionPair(version)) {
    throw new TargetError(
      `bad macOS version ${JSON.stringify(version)}: expected [major, minor], like [14, 0]`,
    );
  }
  const [major, minor] = version;
  // After 10.15 came 11, 12 ... 15, then 26 (versions follow the year since 2025).
  const exists = (major === 10 && minor <= 16) || (major >= 11 && major <= 15) || major >= 26;
  if (!exists) {
    throw new TargetError(
      `bad macOS version ${major}.${minor}: macOS versions are 10.0 to 10.16, 11 to 15, then 26 on`,
    );
  }
  return [major, minor];
}

function isMarkerVariable(name: string): name is MarkerVariable {
  return (MARKER_VARIABLES as readonly string[]).includes(name);
}

function checkOverrides(overrides: Readonly<Record<string, string>>): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(overrides)) {
    if (!isMarkerVariable(name)) {
      throw new TargetError(
        `unknown marker variable ${JSON.stringify(name)}: expected one of ${MARKER_VARIABLES.join(', ')}`,
      );
    }
    if (typeof value !== 'string') {
      throw new TargetError(`marker variable ${name} must be a string, not ${typeof value}`);
    }
    checked[name] = value;
  }
  return checked;
}

// ---------------------------------------------------------------------------
// The marker environment

/** Default PyPy version for a Python series: the last PyPy release for it. */
function defaultPypyVersion(major: number, minor: number): string {
  if (major === 2) return '7.3.20';
  if (minor <= 6) return '7.3.3';
  if (minor === 7) return '7.3.9';
  if (minor === 8) return '7.3.11';
  if (minor === 9) return '7.3.16';
  if (minor === 10) return '7.3.19';
  return '7.3.20';
}

/** Default GraalPy version for a Python series. */
function defaultGraalpyVersion(minor: number): string {
  if (minor <= 10) return '24.0.0';
  if (minor === 11) return '24.2.0';
  return '25.0.0';
}

/**
 * `sys.implementation.version`: the Python version for CPython, the PyPy or
 * GraalPy release otherwise (the `implementation_version` override wins).
 */
export function implementationVersion(target: TargetEnvironment): string {
  const override = target.markerOverrides['implementation_version'];
  if (override !== undefined) return override;
  const { major, minor } = parsePythonVersion(target.python);
  switch (target.implementation) {
    case 'cpython':
      return target.python;
    case 'pypy':
      return defaultPypyVersion(major, minor);
    case 'graalpy':
      return defaultGraalpyVersion(minor);
  }
}

/** Darwin kernel major version of a macOS version: 14.x runs Darwin 23, 26.x Darwin 25. */
function darwinRelease([major, minor]: readonly [number, number]): string {
  if (major === 10) return `${minor + 4}.0.0`;
  return `${major <= 15 ? major + 9 : major - 1}.${minor}.0`;
}

/** The inverse of {@link darwinRelease}: `23.1.0` → macOS 14.1. */
function macosFromDarwinRelease(release: string): readonly [number, number] | null {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (match === null) return null;
  const darwin = Number(match[1]);
  const minor = Number(match[2]);
  if (darwin >= 8 && darwin <= 19) return [10, darwin - 4];
  if (darwin >= 20 && darwin <= 24) return [darwin - 9, minor];
  if (darwin >= 25) return [darwin + 1, minor];
  return null;
}

const OS_MARKERS: Readonly<
  Record<OperatingSystem, { os_name: string; sys_platform: string; platform_system: string }>
> = {
  linux: { os_name: 'posix', sys_platform: 'linux', platform_system: 'Linux' },
  macos: { os_name: 'posix', sys_platform: 'darwin', platform_system: 'Darwin' },
  windows: { os_name: 'nt', sys_platform: 'win32', platform_system: 'Windows' },
};

const IMPLEMENTATION_MARKERS: Readonly<Record<Implementation, string>> = {
  cpython: 'CPython',
  pypy: 'PyPy',
  graalpy: 'GraalVM', // what platform.python_implementation() says on GraalPy
};

function platformRelease(target: TargetEnvironment): string {
  switch (target.os) {
    case 'linux':
      return ''; // the kernel release does not follow from the target
    case 'macos':
      return darwinRelease(target.macosVersion ?? DEFAULT_MACOS);
    case 'windows':
      return '10';
  }
}

/**
 * Every PEP 508 variable for the target, in the PEP's order, then the
 * overrides. `platform_version` (and `platform_release` on Linux) do not
 * follow from the target and are empty unless overridden.
 */
export function markerEnvironment(target: TargetEnvironment): Record<string, string> {
  const { major, minor } = parsePythonVersion(target.python);
  const derived: Record<MarkerVariable, string> = {
    ...OS_MARKERS[target.os],
    platform_machine: machineName(target.os, target.arch),
    platform_python_implementation: IMPLEMENTATION_MARKERS[target.implementation],
    platform_release: platformRelease(target),
    platform_version: '',
    python_version: `${major}.${minor}`,
    python_full_version: target.python,
    implementation_name: target.implementation,
    implementation_version: implementationVersion(target),
  };
  const environment: Record<string, string> = {};
  for (const name of MARKER_VARIABLES) {
    environment[name] = target.markerOverrides[name] ?? derived[name];
  }
  return environment;
}

function implementationFromMarkers(markers: Record<string, string>): Implementation | null {
  const name = markers['implementation_name'];
  if (name !== undefined) return IMPLEMENTATIONS.find((i) => i === name) ?? null;
  const platformName = markers['platform_python_implementation'];
  if (platformName === undefined) return null;
  const entry = Object.entries(IMPLEMENTATION_MARKERS).find(([, value]) => value === platformName);
  return entry === undefined ? null : (entry[0] as Implementation);
}

function osFromMarkers(markers: Record<string, string>): OperatingSystem | null {
  const entries = Object.entries(OS_MARKERS) as [OperatingSystem, (typeof OS_MARKERS)['linux']][];
  for (const field of ['sys_platform', 'platform_system'] as const) {
    const value = markers[field];
    if (value !== undefined) return entries.find(([, m]) => m[field] === value)?.[0] ?? null;
  }
  return markers['os_name'] === 'nt' ? 'windows' : null;
}

function pythonFromMarkers(markers: Record<string, string>): string | null {
  for (const field of ['python_full_version', 'python_version']) {
    const value = markers[field];
    const version = value === undefined ? null : tryParsePythonVersion(value);
    if (version !== null) return normalizePythonVersion(value!);
  }
  return null;
}

/**
 * The target a marker environment describes, e.g. the `"environment"` objects
 * of the shared cases and index snapshots. What the fields cannot express (a
 * kernel release, an unknown `sys_platform` ...) is kept as an override, so
 * `markerEnvironment(targetFromMarkers(m))` gives back every value of `m`.
 * Libc cannot be read from markers: Linux targets get glibc 2.35.
 */
export function targetFromMarkers(markers: Record<string, string>): TargetEnvironment {
  for (const [name, value] of Object.entries(markers)) {
    if (!isMarkerVariable(name)) {
      throw new TargetError(
        `unknown marker variable ${JSON.stringify(name)}: expected one of ${MARKER_VARIABLES.join(', ')}`,
      );
    }
    if (typeof value !== 'string') {
      throw new TargetError(`marker variable ${name} must be a string, not ${typeof value}`);
    }
  }
  const os = osFromMarkers(markers) ?? 'linux';
  const machine = markers['platform_machine'];
  const arch = machine === undefined ? null : normalizeArch(machine);
  const release = markers['platform_release'];
  const base = makeTarget({
    python: pythonFromMarkers(markers) ?? DEFAULT_PYTHON,
    implementation: implementationFromMarkers(markers) ?? 'cpython',
    os,
    arch: arch !== null && ARCHITECTURES[os].includes(arch) ? arch : DEFAULT_ARCH[os],
    macosVersion: (os === 'macos' && release !== undefined && macosFromDarwinRelease(release)) || null,
  });
  const derived = markerEnvironment(base);
  const markerOverrides: Record<string, string> = {};
  for (const name of MARKER_VARIABLES) {
    const value = markers[name];
    if (value !== undefined && value !== derived[name]) markerOverrides[name] = value;
  }
  return { ...base, markerOverrides };
}

// ---------------------------------------------------------------------------
// uv / packse `python_platform` strings

/** The glibc that uv assumes for `linux` and `ARCH-unknown-linux-gnu`: manylinux2014. */
const SPEC_GLIBC: Libc = { kind: 'glibc', version: [2, 17] };
/** The musl that uv assumes for `ARCH-unknown-linux-musl`. */
const SPEC_MUSL: Libc = { kind: 'musl', version: [1, 2] };
/** The macOS that uv assumes for `macos` and `ARCH-apple-darwin`. */
const SPEC_MACOS: readonly [number, number] = [13, 0];

const LEGACY_MANYLINUX: Readonly<Record<string, number>> = { '1': 5, '2010': 12, '2014': 17 };

const LINUX_SPEC = new RegExp(
  [
    '^(?:',
    'unknown-linux-(?<gnu>gnu(?:eabihf)?)', //            x86_64-unknown-linux-gnu
    '|unknown-linux-(?<musl>musl(?:eabihf)?)', //         x86_64-unknown-linux-musl
    '|manylinux(?<legacy>1|2010|2014)', //               x86_64-manylinux2014
    '|manylinux_?2_?(?<glibcMinor>\\d+)', //             x86_64-manylinux_2_28, uv's manylinux228
    '|musllinux_?1_?(?<muslMinor>\\d+)', //              x86_64-musllinux_1_2
    ')$',
  ].join(''),
);

const SPEC_FORMS =
  '"linux", "macos", "windows", ARCH-unknown-linux-gnu, ARCH-unknown-linux-musl, ' +
  'ARCH-manylinux2014, ARCH-manylinux_2_NN, ARCH-musllinux_1_N, ARCH-apple-darwin or ARCH-pc-windows-msvc';

/**
 * Reads a uv / packse `python_platform` string into the platform fields of a
 * target (`os`, `arch`, `libc`, `macosVersion`), with uv's defaults: `linux`
 * and `*-unknown-linux-gnu` mean glibc 2.17, `*-unknown-linux-musl` musl 1.2,
 * `macos` is aarch64 and with `*-apple-darwin` means macOS 13.0.
 */
export function parsePlatformSpec(spec: string): Partial<TargetEnvironment> {
  const text = spec.trim().toLowerCase();
  const fail = (why: string): never => {
    throw new TargetError(`unknown platform ${JSON.stringify(spec)}: ${why}`);
  };
  switch (text) {
    case 'linux':
      return { os: 'linux', arch: 'x86_64', libc: SPEC_GLIBC, macosVersion: null };
    case 'macos':
      return { os: 'macos', arch: 'aarch64', libc: null, macosVersion: SPEC_MACOS };
    case 'windows':
      return { os: 'windows', arch: 'x86_64', libc: null, macosVersion: null };
  }
  const dash = text.indexOf('-');
  if (dash <= 0) return fail(`expected ${SPEC_FORMS}`);
  const archText = text.slice(0, dash);
  const rest = text.slice(dash + 1);
  const arch = normalizeArch(archText) ?? fail(`unknown architecture ${JSON.stringify(archText)}`);
  const platformFor = (os: OperatingSystem): { os: OperatingSystem; arch: string } => {
    if (!ARCHITECTURES[os].includes(arch)) {
      fail(`architecture ${JSON.stringify(archText)} is not supported on ${os}`);
    }
    return { os, arch };
  };

  if (rest === 'pc-windows-msvc') {
    return { ...platformFor('windows'), libc: null, macosVersion: null };
  }
  if (rest === 'apple-darwin') {
    return { ...platformFor('macos'), libc: null, macosVersion: SPEC_MACOS };
  }
  const groups = LINUX_SPEC.exec(rest)?.groups ?? fail(`expected ${SPEC_FORMS}`);
  const libc: Libc =
    groups['gnu'] !== undefined
      ? SPEC_GLIBC
      : groups['musl'] !== undefined
        ? SPEC_MUSL
        : groups['legacy'] !== undefined
          ? { kind: 'glibc', version: [2, LEGACY_MANYLINUX[groups['legacy']]!] }
          : groups['glibcMinor'] !== undefined
            ? { kind: 'glibc', version: [2, Number(groups['glibcMinor'])] }
            : { kind: 'musl', version: [1, Number(groups['muslMinor'])] };
  return { ...platformFor('linux'), libc, macosVersion: null };
}

// ---------------------------------------------------------------------------
// Description

const IMPLEMENTATION_NAMES: Readonly<Record<Implementation, string>> = {
  cpython: 'CPython',
  pypy: 'PyPy',
  graalpy: 'GraalPy',
};

const WINDOWS_ARCH_NAMES: Readonly<Record<string, string>> = {
  x86_64: 'x86-64',
  aarch64: 'ARM64',
  i686: 'x86',
};

/** The platform half of {@link describeTarget}: `Linux x86_64 (glibc 2.35)`, `macOS 14.0 arm64`. */
export function describePlatform(target: TargetEnvironment): string {
  switch (target.os) {
    case 'linux': {
      const libc = target.libc ?? DEFAULT_GLIBC;
      return `Linux ${target.arch} (${libc.kind} ${libc.version.join('.')})`;
    }
    case 'macos':
      return `macOS ${(target.macosVersion ?? DEFAULT_MACOS).join('.')} ${machineName('macos', target.arch)}`;
    case 'windows':
      return `Windows ${WINDOWS_ARCH_NAMES[target.arch] ?? target.arch}`;
  }
}

/** `CPython 3.12.0 on Linux x86_64 (glibc 2.35)`. */
export function describeTarget(t: TargetEnvironment): string {
  return `${IMPLEMENTATION_NAMES[t.implementation]} ${t.python} on ${describePlatform(t)}`;
}
