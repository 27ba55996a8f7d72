/**
 * Wheel tags and which of them a target can install, following
 * `packaging.tags.sys_tags()` for the target
 * (https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/).
 *
 * The compatible tags of a target are generated once, in `sys_tags()` order
 * (most specific first), and looked up by string: a tag is compatible exactly
 * when packaging would list it, and its priority is its place in that list.
 */

import { parsePythonVersion } from './python-versions.ts';
import { implementationVersion, machineName, normalizeArch } from './target.ts';
import type { Libc, TargetEnvironment } from './target.ts';

/** One expanded tag triple, lower-cased as packaging does. */
export interface WheelTag {
  readonly python: string;
  readonly abi: string;
  readonly platform: string;
}

/** Thrown by {@link parseWheelTags} for a tag that is not `PYTHON-ABI-PLATFORM`. */
export class InvalidWheelTagError extends Error {
  override readonly name = 'InvalidWheelTagError';
  constructor(
    readonly tag: string,
    reason: string,
  ) {
    super(`invalid wheel tag ${JSON.stringify(tag)}: ${reason}`);
  }
}

const TAG_PARTS = ['python', 'ABI', 'platform'] as const;

/**
 * Expands a compressed tag set: `py2.py3-none-any` is `py2-none-any` and
 * `py3-none-any`; `cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64`
 * is one tag for each platform.
 */
export function parseWheelTags(tag: string): WheelTag[] {
  const parts = tag.trim().toLowerCase().split('-');
  if (parts.length !== 3) {
    throw new InvalidWheelTagError(
      tag,
      `expected three parts PYTHON-ABI-PLATFORM separated by "-", found ${parts.length}`,
    );
  }
  const [pythons, abis, platforms] = parts.map((part, index) => {
    const members = part.split('.');
    if (members.includes('')) {
      throw new InvalidWheelTagError(tag, `empty ${TAG_PARTS[index]} tag in ${JSON.stringify(part)}`);
    }
    return members;
  }) as [string[], string[], string[]];
  return pythons.flatMap((python) =>
    abis.flatMap((abi) => platforms.map((platform) => ({ python, abi, platform }))),
  );
}

/** {@link parseWheelTags}, or `null` for a malformed tag. */
export function tryParseWheelTags(tag: string): WheelTag[] | null {
  try {
    return parseWheelTags(tag);
  } catch (error) {
    if (error instanceof InvalidWheelTagError) return null;
    throw error;
  }
}

export function formatWheelTag(tag: WheelTag): string {
  return `${tag.python}-${tag.abi}-${tag.platform}`;
}

/**
 * `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`
 * (https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
 * The name is returned as written in the file name (not normalized); a
 * leading path or URL is ignored. `null` when it is not a wheel file name.
 */
export function parseWheelFilename(
  filename: string,
): { name: string; version: string; build: string | null; tags: WheelTag[] } | null {
  const base = filename.slice(filename.lastIndexOf('/') + 1);
  if (!base.toLowerCase().endsWith('.whl')) return null;
  const parts = base.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [name, version] = parts as [string, string];
  const build = parts.length === 6 ? parts[2]! : null;
  if (name === '' || version === '') return null;
  if (build !== null && !/^\d/.test(build)) return null; // a build tag starts with a digit
  const tags = tryParseWheelTags(parts.slice(-3).join('-'));
  return tags === null ? null : { name, version, build, tags };
}

// ---------------------------------------------------------------------------
// Platform tags of a target, as packaging's platform_tags() would give them

/** Architectures with manylinux wheels (packaging `_manylinux._have_compatible_abi`). */
const MANYLINUX_ARCHS = new Set([
  'x86_64',
  'i686',
  'aarch64',
  'armv7l',
  'ppc64',
  'ppc64le',
  's390x',
  'loongarch64',
  'riscv64',
]);

/** PEP 600: the legacy names of manylinux_2_5, _2_12 and _2_17. */
const LEGACY_MANYLINUX = new Map([
  [5, 'manylinux1'],
  [12, 'manylinux2010'],
  [17, 'manylinux2014'],
]);

function linuxPlatforms(arch: string, libc: Libc): string[] {
  const platforms: string[] = [];
  const [major, minor] = libc.version;
  if (libc.kind === 'glibc' && MANYLINUX_ARCHS.has(arch)) {
    // manylinux_2_5 is the oldest on x86; elsewhere manylinux2014 (2.17) is.
    const oldest = arch === 'x86_64' || arch === 'i686' ? 5 : 17;
    for (let glibcMinor = minor; glibcMinor >= oldest; glibcMinor--) {
      platforms.push(`manylinux_${major}_${glibcMinor}_${arch}`);
      const legacy = LEGACY_MANYLINUX.get(glibcMinor);
      if (legacy !== undefined) platforms.push(`${legacy}_${arch}`);
    }
  }
  if (libc.kind === 'musl') {
    for (let muslMinor = minor; muslMinor >= 0; muslMinor--) {
      platforms.push(`musllinux_${major}_${muslMinor}_${arch}`);
    }
  }
  platforms.push(`linux_${arch}`);
  return platforms;
}

/** packaging `_mac_binary_formats`, for the two architectures a target can have. */
function macBinaryFormats(version: readonly [number, number], arch: string): string[] {
  if (arch === 'x86_64') {
    const before10_4 = version[0] === 10 && version[1] < 4;
    return before10_4 ? [] : ['x86_64', 'intel', 'fat64', 'fat32', 'universal2', 'universal'];
  }
  return [arch, 'universal2'];
}

/** packaging `mac_platforms(version, arch)`. */
function macPlatforms(version: readonly [number, number], arch: string): string[] {
  const platforms: string[] = [];
  const add = (major: number, minor: number): void => {
    for (const format of macBinaryFormats([major, minor], arch)) {
      platforms.push(`macosx_${major}_${minor}_${format}`);
    }
  };
  const [major, minor] = version;
  if (major === 10) {
    // Before macOS 11 every yearly release bumped the minor version.
    for (let m = minor; m >= 0; m--) add(10, m);
    return platforms;
  }
  // Since macOS 11 every yearly release bumps the major version; only X.0 is listed.
  for (let m = major; m >= 11; m--) add(m, 0);
  // x86_64 runs 10.x binaries; arm64 only the universal2 ones.
  for (let m = 16; m >= 4; m--) {
    if (arch === 'x86_64') add(10, m);
    else platforms.push(`macosx_10_${m}_universal2`);
  }
  return platforms;
}

const WINDOWS_PLATFORMS: Readonly<Record<string, string>> = {
  x86_64: 'win_amd64',
  aarch64: 'win_arm64',
  i686: 'win32',
};

/** The platform tags of a target, most specific first (packaging `platform_tags()`). */
export function platformTags(target: TargetEnvironment): string[] {
  const arch = normalizeArch(target.arch) ?? target.arch;
  switch (target.os) {
    case 'linux':
      return linuxPlatforms(arch, target.libc ?? { kind: 'glibc', version: [2, 35] });
    case 'macos':
      return macPlatforms(target.macosVersion ?? [14, 0], machineName('macos', arch));
    case 'windows':
      return [WINDOWS_PLATFORMS[arch] ?? `win_${arch}`];
  }
}

// ---------------------------------------------------------------------------
// Interpreter and ABI tags: packaging cpython_tags / generic_tags + compatible_tags

/** packaging `_cpython_abis` for a release build: `cp312`, `cp37m`, `cp27mu`. */
function cpythonAbi(major: number, minor: number, os: TargetEnvironment['os']): string {
  const nodot = `${major}${minor}`;
  if (major > 3 || (major === 3 && minor >= 8)) return `cp${nodot}`;
  if (major === 3 && minor >= 3) return `cp${nodot}m`; // pymalloc
  return `cp${nodot}m${os === 'linux' ? 'u' : ''}`; // UCS-4 unicode on Linux builds
}

/** `7.3.17` → `[7, 3]`. */
function majorMinor(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number.parseInt(major, 10) || 0, Number.parseInt(minor, 10) || 0];
}

/** `py312`, `py3`, `py311` ... `py30`: packaging `_py_interpreter_range`. */
function pythonRange(major: number, minor: number): string[] {
  const range = [`py${major}${minor}`, `py${major}`];
  for (let m = minor - 1; m >= 0; m--) range.push(`py${major}${m}`);
  return range;
}

/** Every tag the target supports, in `sys_tags()` order. */
function generateTags(target: TargetEnvironment): string[] {
  const { major, minor } = parsePythonVersion(target.python);
  const nodot = `${major}${minor}`;
  const platforms = platformTags(target);
  const tags: string[] = [];
  const addAll = (python: string, abi: string): void => {
    for (const platform of platforms) tags.push(`${python}-${abi}-${platform}`);
  };

  // The interpreter's own tags (cpython_tags or generic_tags).
  let anyInterpreter: string | null;
  switch (target.implementation) {
    case 'cpython': {
      const interpreter = `cp${nodot}`;
      const abi3 = major === 3 && minor >= 2; // the stable ABI started with 3.2
      addAll(interpreter, cpythonAbi(major, minor, target.os));
      if (abi3) addAll(interpreter, 'abi3');
      addAll(interpreter, 'none');
      if (abi3) for (let m = minor - 1; m >= 2; m--) addAll(`cp${major}${m}`, 'abi3');
      anyInterpreter = interpreter;
      break;
    }
    case 'pypy': {
      // EXT_SUFFIX .pypy310-pp73-x86_64-linux-gnu.so → pypy310_pp73
      const [implMajor, implMinor] = majorMinor(implementationVersion(target));
      const abi = major === 2 ? `pypy_${implMajor}${implMinor}` : `pypy${nodot}_pp${implMajor}${implMinor}`;
      addAll(`pp${nodot}`, abi);
      addAll(`pp${nodot}`, 'none');
      anyInterpreter = `pp${major}`;
      break;
    }
    case 'graalpy': {
      // EXT_SUFFIX .graalpy242-311-native-x86_64-linux.so → graalpy242_311_native
      const [implMajor, implMinor] = majorMinor(implementationVersion(target));
      addAll(`graalpy${nodot}`, `graalpy${implMajor}${implMinor}_${nodot}_native`);
      addAll(`graalpy${nodot}`, 'none');
      anyInterpreter = null;
      break;
    }
  }

  // compatible_tags: pure-Python tags for this and older versions.
  const range = pythonRange(major, minor);
  for (const python of range) addAll(python, 'none');
  if (anyInterpreter !== null) tags.push(`${anyInterpreter}-none-any`);
  for (const python of range) tags.push(`${python}-none-any`);
  return tags;
}

interface TagTable {
  readonly list: readonly string[];
  readonly rank: ReadonlyMap<string, number>;
  /** python → abi → platforms, to say which part of an incompatible tag fails. */
  readonly tree: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
}

const TABLE_CACHE_SIZE = 16;
const tableCache = new Map<string, TagTable>();
/**
 * The same tables by target object, in front of `tableCache`: a resolve asks with one target
 * object for every tag it looks up, and making the key each time was a quarter of
 * bestTagPriority's time in a cold resolve.
 */
let tablesByTarget = new WeakMap<TargetEnvironment, TagTable>();

/** Forgets the targets' tag tables (for measuring a run without caches). */
export function clearTagTables(): void {
  tableCache.clear();
  tablesByTarget = new WeakMap();
}

/** Everything the tags depend on; targets arrive as fresh copies, so not by identity. */
function tableKey(target: TargetEnvironment): string {
  return JSON.stringify([
    target.python,
    target.implementation,
    target.os,
    target.arch,
    target.libc,
    target.macosVersion,
    target.implementation === 'cpython' ? null : implementationVersion(target),
  ]);
}

function tagTable(target: TargetEnvironment): TagTable {
  const known = tablesByTarget.get(target);
  if (known !== undefined) return known;
  const key = tableKey(target);
  const cached = tableCache.get(key);
  if (cached !== undefined) {
    tablesByTarget.set(target, cached);
    return cached;
  }
  const list = generateTags(target);
  const rank = new Map<string, number>();
  const tree = new Map<string, Map<string, Set<string>>>();
  list.forEach((tag, index) => {
    if (!rank.has(tag)) rank.set(tag, index);
    const [python, abi, platform] = tag.split('-') as [string, string, string];
    let abis = tree.get(python);
    if (abis === undefined) tree.set(python, (abis = new Map()));
    let platforms = abis.get(abi);
    if (platforms === undefined) abis.set(abi, (platforms = new Set()));
    platforms.add(platform);
  });
  const table: TagTable = { list, rank, tree };
  if (tableCache.size >= TABLE_CACHE_SIZE) {
    tableCache.delete(tableCache.keys().next().value!);
  }
  tableCache.set(key, table);
  tablesByTarget.set(target, table);
  return table;
}

// ---------------------------------------------------------------------------
// Compatibility

/** Every tag the target can install, most specific first, as `sys_tags()` lists them. */
export function compatibleTags(target: TargetEnvironment): readonly string[] {
  return tagTable(target).list;
}

/**
 * The tag's place in the target's `sys_tags()` list: 0 is the most specific;
 * `null` when the target cannot install it.
 */
export function tagPriority(tag: WheelTag, target: TargetEnvironment): number | null {
  const key = `${tag.python}-${tag.abi}-${tag.platform}`.toLowerCase();
  return tagTable(target).rank.get(key) ?? null;
}

export function isTagCompatible(tag: WheelTag, target: TargetEnvironment): boolean {
  return tagPriority(tag, target) !== null;
}

/** Whether any of a wheel's (compressed) tags fits; malformed tags never do. */
export function isAnyTagCompatible(tags: readonly string[], target: TargetEnvironment): boolean {
  return bestTagPriority(tags, target) !== null;
}

/** The best (lowest) priority among a wheel's compressed tags, `null` if none fits. */
export function bestTagPriority(tags: readonly string[], target: TargetEnvironment): number | null {
  const { rank } = tagTable(target);
  let best: number | null = null;
  for (const compressed of tags) {
    for (const tag of tryParseWheelTags(compressed) ?? []) {
      // Parsed tags are lower-case already.
      const priority = rank.get(`${tag.python}-${tag.abi}-${tag.platform}`) ?? null;
      if (priority !== null && (best === null || priority < best)) best = priority;
    }
  }
  return best;
}

/** Why a wheel does not fit: the closest part that matched, as uv reports it. */
export type TagMismatch = 'invalid' | 'python' | 'abi' | 'platform';

export type TagCompatibility =
  | { readonly kind: 'compatible'; readonly priority: number }
  | { readonly kind: 'incompatible'; readonly reason: TagMismatch };

const MISMATCH_ORDER: readonly TagMismatch[] = ['invalid', 'python', 'abi', 'platform'];

/**
 * Whether a wheel's compressed tags fit the target and, when they do not,
 * which part failed for the closest tag: no tag has a usable Python tag
 * (`graalpy310-none-any` on CPython), a usable Python but no usable ABI
 * (`py3-graalpy240_310_native-any`), or only the platform is wrong
 * (`py3-none-macosx_10_0_ppc64` on Linux).
 */
export function tagCompatibility(
  tags: readonly string[],
  target: TargetEnvironment,
): TagCompatibility {
  const best = bestTagPriority(tags, target);
  if (best !== null) return { kind: 'compatible', priority: best };
  const { tree } = tagTable(target);
  let closest = 0;
  for (const compressed of tags) {
    for (const tag of tryParseWheelTags(compressed) ?? []) {
      const abis = tree.get(tag.python);
      const reason = abis === undefined ? 'python' : abis.has(tag.abi) ? 'platform' : 'abi';
      closest = Math.max(closest, MISMATCH_ORDER.indexOf(reason));
    }
  }
  return { kind: 'incompatible', reason: MISMATCH_ORDER[closest]! };
}

// ---------------------------------------------------------------------------
// Platforms for messages

const WINDOWS_NAMES: Readonly<Record<string, string>> = {
  win_amd64: 'Windows x86-64',
  win32: 'Windows x86',
  win_arm64: 'Windows ARM64',
};

const PLATFORM_PATTERNS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^any$/, () => 'any platform'],
  // manylinux_2_17_x86_64
  [/^manylinux_(\d+)_(\d+)_(\w+)$/, (m) => `Linux ${m[3]} (manylinux ${m[1]}.${m[2]}+)`],
  // manylinux2014_x86_64 is manylinux_2_17_x86_64
  [
    /^(manylinux1|manylinux2010|manylinux2014)_(\w+)$/,
    (m) => {
      const minor = [...LEGACY_MANYLINUX].find(([, name]) => name === m[1])![0];
      return `Linux ${m[2]} (manylinux 2.${minor}+)`;
    },
  ],
  [/^musllinux_(\d+)_(\d+)_(\w+)$/, (m) => `Linux ${m[3]} (musllinux ${m[1]}.${m[2]}+)`],
  [/^linux_(\w+)$/, (m) => `Linux ${m[1]}`],
  [/^macosx_(\d+)_(\d+)_(\w+)$/, (m) => `macOS ${m[1]}.${m[2]}+ ${m[3]}`],
  [/^win(?:32|_amd64|_arm64)$/, (m) => WINDOWS_NAMES[m[0]]!],
];

/** A platform tag for people: `Linux x86_64 (manylinux 2.17+)`, `macOS 11.0+ arm64`. */
export function describePlatformTag(platform: string): string {
  const lower = platform.toLowerCase();
  for (const [pattern, describe] of PLATFORM_PATTERNS) {
    const match = pattern.exec(lower);
    if (match !== null) return describe(match);
  }
  return platform;
}

/**
 * The platforms a set of wheels supports, for messages ("only wheels for
 * Windows x86-64, macOS 11.0+ arm64"), in first-seen order without repeats.
 */
export function platformsOf(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const compressed of tags) {
    for (const tag of tryParseWheelTags(compressed) ?? []) {
      seen.add(describePlatformTag(tag.platform));
    }
  }
  return [...seen];
}
