/**
 * Permalinks: the workspace (requirements, target, options and the scenario) in a URL
 * fragment, as JSON → raw DEFLATE (fflate) → base64url. Whatever a link holds is untrusted:
 * it is size-limited before and while inflating (so a small link can't expand into a
 * decompression bomb), and every field is checked before anything uses it.
 *
 * Format versions: 1 names a bundled scenario or holds an index inline; 2 may also name a
 * live index (its URL and "as of" date). A version 1 link reads as version 2 unchanged; a
 * Pipette that reads only version 1 refuses a version 2 link as made by a newer Pipette.
 * Either may carry a wording variant (`wording`, optional, checked as a variant file is).
 */
import { Inflate, deflateSync } from 'fflate';
import {
  MARKER_VARIABLES,
  type Implementation,
  type OperatingSystem,
} from '../environment/index.ts';
import { POLICIES, type Policy } from '../solver/index.ts';
import { ENGINE_NAMES, type EngineName } from '../engines/index.ts';
import { isRealIsoTime } from '../iso-time.ts';
import { checkWordingVariant, type WordingVariant } from '../wording/format.ts';
import { base64urlDecode, base64urlEncode, ByteFormatError, utf8Decode, utf8Encode } from './bytes.ts';
import {
  FieldError,
  checkIndexSnapshot,
  expectArchitecture,
  expectPythonVersion,
  describeValue,
  expectBoolean,
  expectObject,
  expectOneOf,
  expectString,
  join,
  onlyKeys,
  type IndexSnapshotJson,
} from './fields.ts';

export const PERMALINK_VERSION = 2;
/** Every format version this Pipette reads; the older ones are brought up to PERMALINK_VERSION. */
const READABLE_VERSIONS: readonly number[] = [1, 2];
/** Longest link payload accepted or made: browsers keep far longer URLs, but people paste them. */
export const MAX_PERMALINK_CHARS = 32 * 1024;
/** Largest JSON a link may inflate to; an honest 32 KiB link inflates to a few hundred KiB. */
export const MAX_PERMALINK_JSON_BYTES = 1024 * 1024;

export type RequirementsFormat = 'requirements.txt' | 'pyproject';

export interface PermalinkTarget {
  readonly python: string;
  readonly os: OperatingSystem;
  readonly arch: string;
  readonly implementation: Implementation;
  readonly markerOverrides?: Readonly<Record<string, string>>;
}

export type PermalinkScenario =
  | { readonly kind: 'bundled'; readonly id: string }
  | { readonly kind: 'inline'; readonly index: IndexSnapshotJson }
  /** Since version 2: a live index (PEP 691), read as of a date (`YYYY-MM-DD`) or as it is now. */
  | { readonly kind: 'live'; readonly url: string; readonly asOf: string | null }
  | null;

export interface PermalinkState {
  readonly v: typeof PERMALINK_VERSION;
  readonly requirements: string;
  readonly format: RequirementsFormat;
  readonly target: PermalinkTarget;
  readonly policy: Policy;
  readonly prereleases: boolean;
  readonly scenario: PermalinkScenario;
  /** Optional: the resolver picked, when not the complete one (links without it open with `pubgrub`). */
  readonly engine?: EngineName;
  /** The wording variant the messages are shown in (optional; absent: the base wording). */
  readonly wording?: WordingVariant;
}

/**
 * - `too-large`: over a size limit (making: suggest a file export instead);
 * - `malformed`: not a permalink at all (bad characters, cut short);
 * - `corrupt`: the compressed data or its text is damaged;
 * - `invalid`: it decodes, but a field is wrong (`path` says which);
 * - `unsupported-version`: made by a newer Pipette.
 */
export type PermalinkErrorCode = 'too-large' | 'malformed' | 'corrupt' | 'invalid' | 'unsupported-version';

export class PermalinkError extends Error {
  constructor(
    readonly code: PermalinkErrorCode,
    message: string,
    /** Where in the state the problem is (`target.arch`), for `invalid`. */
    readonly path = '',
  ) {
    super(message);
    this.name = 'PermalinkError';
  }
}

const FORMATS: readonly RequirementsFormat[] = ['requirements.txt', 'pyproject'];
const OPERATING_SYSTEMS: readonly OperatingSystem[] = ['linux', 'macos', 'windows'];
const IMPLEMENTATIONS: readonly Implementation[] = ['cpython', 'pypy', 'graalpy'];
const STATE_KEYS = ['v', 'requirements', 'format', 'target', 'policy', 'prereleases', 'scenario', 'engine', 'wording'];
const TARGET_KEYS = ['python', 'os', 'arch', 'implementation', 'markerOverrides'];
const BUNDLED_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An absolute http(s) URL without spaces; the page parses it fully before using it. */
const INDEX_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const MAX_INDEX_URL_CHARS = 2048;

const KIB = 1024;
const kib = (n: number) => `${(n / KIB).toFixed(n < 10 * KIB ? 1 : 0)} KiB`;

/** The state as a URL-fragment-safe string. Throws PermalinkError (`invalid`, `too-large`). */
export function encodePermalink(state: PermalinkState): string {
  const checked = checkPermalinkState(state);
  const json = utf8Encode(JSON.stringify(checked));
  if (json.length > MAX_PERMALINK_JSON_BYTES) throw tooLargeToShare(`${kib(json.length)} of data`);
  const encoded = base64urlEncode(deflateSync(json, { level: 9 }));
  if (encoded.length > MAX_PERMALINK_CHARS) throw tooLargeToShare(`${kib(encoded.length)} as a link`);
  return encoded;
}

function tooLargeToShare(size: string): PermalinkError {
  return new PermalinkError(
    'too-large',
    `The scenario is too large to share by link (${size}; a link holds at most ${kib(MAX_PERMALINK_CHARS)}). Export the scenario as a file and share that instead.`,
  );
}

/** Reads a permalink (with or without its leading `#`). Throws PermalinkError. */
export function decodePermalink(fragment: string): PermalinkState {
  const payload = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (payload.length === 0) throw new PermalinkError('malformed', 'The link holds no workspace: its part after # is empty.');
  if (payload.length > MAX_PERMALINK_CHARS) {
    throw new PermalinkError('too-large', `The link is ${kib(payload.length)} long, over the ${kib(MAX_PERMALINK_CHARS)} a Pipette link may be; it was not opened.`);
  }
  let compressed: Uint8Array;
  try {
    compressed = base64urlDecode(payload);
  } catch (error) {
    if (error instanceof ByteFormatError) throw new PermalinkError('malformed', `This is not a Pipette link: ${error.message}.`);
    throw error;
  }
  const bytes = inflateBounded(compressed, MAX_PERMALINK_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch (error) {
    if (error instanceof ByteFormatError || error instanceof SyntaxError) {
      throw new PermalinkError('corrupt', `The link is damaged: its contents are not readable text (${error.message}).`);
    }
    throw error;
  }
  return checkPermalinkState(value);
}

/** Raw inflate that stops as soon as the output passes `limit`, fed in small pieces so no one step can run away. */
function inflateBounded(data: Uint8Array, limit: number): Uint8Array {
  const INPUT_STEP = 1024; // DEFLATE expands at most ~1032×, so one step yields at most ~1 MiB
  if (data.length === 0) throw new PermalinkError('corrupt', 'The link is damaged: it holds no compressed data.');
  const chunks: Uint8Array[] = [];
  let total = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) {
      overflow = true;
      throw new PermalinkError('too-large', `The link expands to more than ${kib(limit)}; it was not opened (it is damaged, or not made by Pipette).`);
    }
    chunks.push(chunk);
  });
  try {
    for (let offset = 0; offset < data.length; offset += INPUT_STEP) {
      const end = Math.min(offset + INPUT_STEP, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if (overflow && error instanceof PermalinkError) throw error;
    throw new PermalinkError('corrupt', `The link is damaged: its compressed data is cut short or altered (${(error as Error).message}).`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Checks every field and returns a copy in canonical key order. Throws PermalinkError. */
export function checkPermalinkState(value: unknown): PermalinkState {
  try {
    const root = expectObject(value, '');
    if (typeof root.v === 'number' && root.v > PERMALINK_VERSION) {
      throw new PermalinkError('unsupported-version', `The link was made by a newer Pipette (format ${root.v}); this one reads format ${PERMALINK_VERSION}. Reload the page to get the newest version.`);
    }
    if (typeof root.v !== 'number' || !READABLE_VERSIONS.includes(root.v)) {
      throw new FieldError('v', `expected ${READABLE_VERSIONS.join(' or ')}, found ${describeValue(root.v)}`);
    }
    onlyKeys(root, STATE_KEYS, '');
    // Version 1 is version 2 without live indexes: nothing to convert, only less to accept.
    const scenarioKinds = root.v === 1 ? (['bundled', 'inline'] as const) : (['bundled', 'inline', 'live'] as const);
    const state: PermalinkState = {
      v: PERMALINK_VERSION,
      requirements: expectString(root.requirements, 'requirements'),
      format: expectOneOf(root.format, FORMATS, 'format'),
      target: checkTarget(root.target, 'target'),
      policy: expectOneOf(root.policy, POLICIES, 'policy'),
      prereleases: expectBoolean(root.prereleases, 'prereleases'),
      scenario: checkScenarioRef(root.scenario, 'scenario', scenarioKinds),
      // Written only when another resolver than the complete one was picked.
      ...(root.engine === undefined || root.engine === 'pubgrub' ? {} : { engine: expectOneOf(root.engine, ENGINE_NAMES, 'engine') }),
    };
    return root.wording === undefined ? state : { ...state, wording: checkWording(root.wording, 'wording') };
  } catch (error) {
    if (error instanceof FieldError) throw new PermalinkError('invalid', `The link's workspace is not valid: ${error.message}.`, error.path);
    throw error;
  }
}

function checkTarget(value: unknown, path: string): PermalinkTarget {
  const target = expectObject(value, path);
  onlyKeys(target, TARGET_KEYS, path);
  const python = expectPythonVersion(target.python, join(path, 'python'));
  const os = expectOneOf(target.os, OPERATING_SYSTEMS, join(path, 'os'));
  const arch = expectArchitecture(target.arch, os, join(path, 'arch'));
  const implementation = expectOneOf(target.implementation, IMPLEMENTATIONS, join(path, 'implementation'));
  const checked: { -readonly [K in keyof PermalinkTarget]: PermalinkTarget[K] } = { python, os, arch, implementation };
  if (target.markerOverrides !== undefined) {
    const overridesPath = join(path, 'markerOverrides');
    const overrides = expectObject(target.markerOverrides, overridesPath);
    const copy: Record<string, string> = {};
    for (const [name, v] of Object.entries(overrides)) {
      if (!(MARKER_VARIABLES as readonly string[]).includes(name)) {
        throw new FieldError(join(overridesPath, name), `not a PEP 508 marker variable; expected one of ${MARKER_VARIABLES.join(', ')}`);
      }
      copy[name] = expectString(v, join(overridesPath, name), 256);
    }
    checked.markerOverrides = copy;
  }
  return checked;
}

function checkScenarioRef(value: unknown, path: string, kinds: readonly NonNullable<PermalinkScenario>['kind'][]): PermalinkScenario {
  if (value === null) return null;
  const scenario = expectObject(value, path);
  const kind = expectOneOf(scenario.kind, kinds, join(path, 'kind'));
  if (kind === 'live') {
    onlyKeys(scenario, ['kind', 'url', 'asOf'], path);
    const url = expectString(scenario.url, join(path, 'url'), MAX_INDEX_URL_CHARS);
    if (!INDEX_URL.test(url)) throw new FieldError(join(path, 'url'), `expected an http or https URL of a package index, found ${describeValue(url)}`);
    return { kind, url, asOf: checkAsOf(scenario.asOf, join(path, 'asOf')) };
  }
  if (kind === 'bundled') {
    onlyKeys(scenario, ['kind', 'id'], path);
    const id = expectString(scenario.id, join(path, 'id'), 64);
    if (!BUNDLED_ID.test(id)) throw new FieldError(join(path, 'id'), `expected a scenario id (lower-case letters, digits and dashes), found ${describeValue(id)}`);
    return { kind, id };
  }
  onlyKeys(scenario, ['kind', 'index'], path);
  checkIndexSnapshot(scenario.index, join(path, 'index'));
  return { kind, index: scenario.index as IndexSnapshotJson };
}

/** A wording variant with no error anywhere (a link is all or nothing). */
export function checkWording(value: unknown, path: string): WordingVariant {
  const { variant, issues } = checkWordingVariant(value);
  const error = issues.find((i) => i.severity === 'error');
  if (error || !variant) throw new FieldError(error?.path ? join(path, error.path) : path, error?.message ?? 'not a wording variant');
  return variant;
}

/** null, or a calendar date `YYYY-MM-DD` that exists (no 2023-02-30). */
function checkAsOf(value: unknown, path: string): string | null {
  if (value === null) return null;
  const date = expectString(value, path);
  if (!isRealIsoTime(date, 'date')) {
    throw new FieldError(path, `expected null or a date such as 2023-09-01, found ${describeValue(date)}`);
  }
  return date;
}
