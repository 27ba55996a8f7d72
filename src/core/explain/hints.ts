/**
 * Hints: one line each under the proof of the default voice ("hint: ..."), after uv's
 * PubGrubHint (crates/uv-resolver/src/pubgrub/report.rs): what is easy to miss about a cause
 * and what to do about it — a close name, a post-release or local version a specifier leaves
 * out, pre-releases (only when allowing them would help), a yanked pin, the wheels that
 * exist, a --no-binary / --no-build flag in the way, where the target Python comes from,
 * metadata that could not be read or was skipped.
 */
import { baseVersion, compareVersions, containsVersion, parseVersion, publicVersion, tryParseVersion, type Specifier, type Version } from '../pep440/index.ts';
import { tryParseRequirement } from '../pep508/index.ts';
import { describePythons, pythonsSatisfying } from './causes.ts';
import { say, type Wording } from './template.ts';
import type { SpecialCause } from './types.ts';
import { PUBGRUB } from './wording.ts';

export interface HintContext {
  readonly causes: readonly SpecialCause[];
  /** The target Python as the request gives it. */
  readonly python: string;
  /** Whether the target Python takes part in the failure. */
  readonly pythonInvolved: boolean;
  /** Whether allowing pre-releases resolves (null: not known, say nothing). */
  readonly prereleasesHelp: boolean | null;
  /** Where the target Python was set ("--python 3.13"); default: the `hint.python.source` words. */
  readonly pythonSource?: string;
}

function joinOr(items: readonly string[], w: (key: string, values: Record<string, string>) => string): string {
  return items.reduce((a, b) => w('join.or', { a, b }));
}

/** A specifier's subtlety about post-releases and local versions that leaves out `v`; null when there is none. */
function subtlety(s: Specifier, v: Version): { kind: 'post' | 'local'; better: string } | null {
  if (s.wildcard || containsVersion({ specifiers: [s] }, v, { prereleases: true })) return null;
  const bound = tryParseVersion(s.version);
  if (!bound) return null;
  if (v.post !== null && bound.post === null && compareVersions(baseVersion(v), baseVersion(bound)) === 0 && v.pre === null && bound.pre === null) {
    const post = publicVersion(v).text;
    if (s.operator === '<=' || s.operator === '==') return { kind: 'post', better: `${s.operator}${post}` };
    if (s.operator === '>') return { kind: 'post', better: `>=${post}` };
  }
  if (v.local !== null && compareVersions(publicVersion(v), bound) === 0) {
    if (s.operator === '<') return { kind: 'local', better: `<=${s.version}` };
    if (s.operator === '>') return { kind: 'local', better: `>=${s.version}` };
  }
  return null;
}

/** Hints for a requirement that no version matches: post-releases and local versions it leaves out. */
function versionHints(cause: Extract<SpecialCause, { kind: 'noMatch' }>, w: (key: string, values: Record<string, string>) => string): string[] {
  const req = tryParseRequirement(cause.requirement);
  if (!req) return [];
  const hints: string[] = [];
  for (const s of req.specifier.specifiers) {
    const left: Record<'post' | 'local', { examples: string[]; better: string }> = { post: { examples: [], better: '' }, local: { examples: [], better: '' } };
    for (const text of cause.available) {
      const v = tryParseVersion(text);
      const found = v && subtlety(s, v);
      if (!found) continue;
      left[found.kind].examples.push(text);
      left[found.kind].better = `${req.name}${found.better}`;
    }
    for (const kind of ['post', 'local'] as const) {
      const { examples, better } = left[kind];
      if (examples.length === 0) continue;
      const shown = examples.slice(0, 3);
      const listed = shown.length > 1 ? shown.slice(0, -1).join(', ') + w('join.and', { a: '', b: shown[shown.length - 1]! }) : shown[0]!;
      hints.push(w(`hint.${kind}.${examples.length === 1 ? 'one' : 'many'}`, { requirement: cause.requirement, version: s.version, examples: listed, better }));
    }
  }
  return hints;
}

export function hintLines(context: HintContext, wording: Wording = PUBGRUB): string[] {
  const w = (key: string, values: Record<string, string> = {}) => say(wording, PUBGRUB, key, values);
  const hints: string[] = [];
  const add = (line: string) => {
    if (!hints.includes(line)) hints.push(line);
  };
  const list = (versions: readonly string[]) => (versions.length > 4 ? `${versions.slice(0, 3).join(', ')}, … ${versions[versions.length - 1]}` : versions.join(', '));
  const number = (versions: readonly string[]) => (versions.length === 1 ? 'one' : 'many');
  for (const cause of context.causes) {
    switch (cause.kind) {
      case 'notFound':
        if (cause.closeNames.length) add(w('hint.close', { name: cause.package, close: joinOr(cause.closeNames.slice(0, 3), w) }));
        break;
      case 'noMatch':
        versionHints(cause, w).forEach(add);
        break;
      case 'prereleaseOnly':
        if (context.prereleasesHelp) add(w('hint.pre', { name: cause.package, versions: list(cause.versions) }));
        break;
      case 'yanked': {
        const reason = cause.reasons.length ? w('hint.yanked.reason', { reason: cause.reasons[0]! }) : '';
        const newest = [...cause.versions].sort((a, b) => compareVersions(parseVersion(b), parseVersion(a)))[0]!;
        add(w(`hint.yanked.${number(cause.versions)}`, { name: cause.package, versions: list(cause.versions), reason, pin: `${cause.package}==${newest}` }));
        break;
      }
      case 'noWheel':
        if (cause.detail.includes('--no-binary')) add(w('hint.nobinary', { name: cause.package }));
        else if (cause.detail.includes('--no-build')) add(w('hint.nobuild', { name: cause.package }));
        else if (cause.platforms.length) add(w(`hint.platforms.${number(cause.versions)}`, { name: cause.package, versions: list(cause.versions), platforms: cause.platforms.join(', ') }));
        else if (cause.wheels.length) add(w('hint.interpreters', { name: cause.package, versions: list(cause.versions), wheels: cause.wheels.join(', ') }));
        break;
      case 'requiresPython':
        break; // one hint for them all, below
      case 'tooNew':
        add(w(`hint.toonew.${number(cause.versions)}`, { name: cause.package, versions: list(cause.versions), cutoff: cause.cutoff }));
        break;
      case 'metadata':
        add(w('hint.metadata', { name: cause.package, versions: list(cause.versions), message: cause.message }));
        break;
      case 'invalidMetadata':
        add(w('hint.invalid', { name: cause.package, count: String(cause.messages.length), first: cause.messages[0] ?? '' }));
        break;
      default:
        break;
    }
  }
  const python = context.causes.filter((c): c is Extract<SpecialCause, { kind: 'requiresPython' }> => c.kind === 'requiresPython');
  if (context.pythonInvolved && python.length > 0) {
    const items = python.slice(0, 3).map((cause) => {
      const working = pythonsSatisfying(cause.requiresPython);
      return w(`${working.length ? 'hint.python.item' : 'hint.python.item.none'}.${number(cause.versions)}`, { subject: `${cause.package} ${list(cause.versions)}`, spec: cause.requiresPython, pythons: working.length ? describePythons(working, w) : '' });
    });
    add(w('hint.python', { python: context.python, source: context.pythonSource ?? w('hint.python.source'), list: items.join('; ') }));
  }
  return hints;
}
