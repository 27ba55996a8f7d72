/**
 * Candidate fixes, before they are checked: rewrites of your requirements (the smallest
 * relaxation that lets in one more version, dropping a bound, dropping the requirement),
 * answers to the special causes (a close name, a pre-release, a yanked pin, a flag to
 * lift), and the nearest Python. Words come from the wording tables (`suggest.*` keys).
 */
import { compareVersions, containsVersion, formatSpecifierSet, isPrerelease, parseVersion, publicVersion, tryParseVersion, type Specifier, type Version } from '../pep440/index.ts';
import { formatRequirement, normalizeName, type Requirement } from '../pep508/index.ts';
import type { ResolveRequest } from '../solver/index.ts';
import { knownPythons, pythonsSatisfying } from './causes.ts';
import { say, type Wording } from './template.ts';
import type { RequestChange, SpecialCause, SuggestionKind } from './types.ts';
import { FACTS } from './wording.ts';

export interface Candidate {
  readonly kind: SuggestionKind;
  readonly title: string;
  readonly detail: string;
  readonly change: RequestChange;
  readonly cost: number;
  /** Candidates of one group are alternatives, nearest first: the first that resolves ends the group. */
  readonly group?: string;
}

export type Say = (key: string, values?: Record<string, string>) => string;

export function sayer(wording?: Wording): Say {
  const words = wording ? { ...FACTS, ...wording } : FACTS;
  return (key, values = {}) => say(words, FACTS, key, values);
}

/** A requirement rewritten with other specifiers (extras and marker kept). */
export function withSpecifiers(req: Requirement, specifiers: readonly Specifier[]): string {
  return formatRequirement({ ...req, specifier: { specifiers } });
}

function isUpperBound(s: Specifier): boolean {
  return s.operator === '<' || s.operator === '<=' || s.operator === '==' || s.operator === '~=' || s.operator === '===';
}

/**
 * The next bound above `v` at the depth the author wrote: `<2.0.0` moved past 2.1.0 is
 * `<3.0.0`, `<2.5` past 2.5.1 is `<2.6`, `<1.2.3` past 1.2.3+foo is `<1.2.4`.
 */
function boundAbove(written: string, v: Version): string {
  const bound = parseVersion(written).release;
  let level = 0;
  bound.forEach((part, i) => {
    if (part !== 0) level = i;
  });
  const parts = Array.from({ length: Math.max(bound.length, level + 1) }, (_, i) => (i < level ? (v.release[i] ?? 0) : i === level ? (v.release[i] ?? 0) + 1 : 0));
  return `${v.epoch ? `${v.epoch}!` : ''}${parts.join('.')}`;
}

/** `req`'s specifiers changed as little as possible so that they admit `v`; null when no rewrite does. */
function admitting(req: Requirement, v: Version): Specifier[] | null {
  try {
    return rewriteToAdmit(req, v);
  } catch {
    return null; // a bound that is no PEP 440 version (`===`), or a rewrite PEP 440 does not allow
  }
}

function rewriteToAdmit(req: Requirement, v: Version): Specifier[] | null {
  const out: Specifier[] = [];
  for (const s of req.specifier.specifiers) {
    if (containsVersion({ specifiers: [s] }, v, { prereleases: true })) {
      out.push(s);
      continue;
    }
    switch (s.operator) {
      case '!=':
        break; // an exclusion in the way is dropped
      case '<':
        out.push({ operator: '<', version: boundAbove(s.version, v), wildcard: false });
        break;
      case '<=':
        out.push({ operator: '<=', version: publicVersion(v).text, wildcard: false });
        break;
      case '==':
      case '===':
        if (s.wildcard) {
          const depth = parseVersion(s.version).release.length;
          out.push({ operator: '==', version: v.release.slice(0, depth).join('.'), wildcard: true });
        } else out.push({ operator: '==', version: v.text, wildcard: false });
        break;
      case '~=': {
        const floor = parseVersion(s.version);
        const lower = compareVersions(v, floor) < 0 ? publicVersion(v).text : s.version;
        const prefix = floor.release.slice(0, -1).join('.');
        out.push({ operator: '>=', version: lower, wildcard: false }, { operator: '<', version: boundAbove(prefix, v), wildcard: false });
        break;
      }
      case '>':
      case '>=':
        // A local label is not allowed after >=; the public version admits it.
        out.push({ operator: '>=', version: publicVersion(v).text, wildcard: false });
        break;
    }
  }
  return containsVersion({ specifiers: out }, v, { prereleases: true }) ? out : null;
}

/**
 * The smallest relaxations of `req` that let in one more version each, nearest first:
 * versions just past what it allows (or, when it allows none, nearest to where it points).
 * `a<2.0.0` gives `a<3.0.0` before `a<4.0.0`, never a jump to the newest.
 */
export function nearestRelaxations(req: Requirement, versions: readonly Version[], allowPre: boolean, limit = 6): { text: string; version: string }[] {
  const n = versions.length;
  const allowed = versions.map((v) => containsVersion(req.specifier, v, { prereleases: true }));
  const anchors: number[] = [];
  allowed.forEach((ok, i) => ok && anchors.push(i));
  if (anchors.length === 0) {
    for (const s of req.specifier.specifiers) {
      if (s.operator === '!=') continue;
      const bound = tryParseVersion(s.version.replace(/\.\*$/, ''));
      if (!bound) continue; // `===` may name anything
      const at = versions.findIndex((v) => compareVersions(v, bound) >= 0);
      anchors.push(at < 0 ? n - 0.5 : at - 0.5);
    }
  }
  const distance = (i: number) => Math.min(...anchors.map((a) => Math.abs(i - a)));
  const order = versions
    .map((v, i) => ({ v, i }))
    .filter(({ v, i }) => !allowed[i] && (allowPre || !isPrerelease(v)))
    .sort((a, b) => distance(a.i) - distance(b.i) || b.i - a.i);
  const seen = new Set<string>();
  const out: { text: string; version: string }[] = [];
  for (const { v } of order) {
    const specifiers = admitting(req, v);
    if (!specifiers) continue;
    const text = withSpecifiers(req, specifiers);
    if (text === req.text || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, version: v.text });
    if (out.length >= limit) break;
  }
  return out;
}

/** Candidates for one of your requirements in the conflict: move it a little, drop a bound, or drop it. */
export function requirementCandidates(req: Requirement, versions: readonly Version[], request: ResolveRequest, s: Say, totalRequirements = request.requirements.length): Candidate[] {
  const candidates: Candidate[] = [];
  const specifiers = req.specifier.specifiers;
  if (specifiers.length > 0) {
    const allowPre = request.prereleases === true || versions.every((v) => isPrerelease(v)) || specifiers.some((x) => {
        const v = tryParseVersion(x.version.replace(/\.\*$/, ''));
        return v !== null && isPrerelease(v);
      });
    nearestRelaxations(req, versions, allowPre).forEach(({ text, version }, k) => {
      candidates.push({
        kind: 'range',
        title: s('suggest.change.title', { from: req.text, to: text }),
        detail: s('suggest.nearest.detail', { name: req.name, version }),
        change: { remove: [req.text], add: [text] },
        cost: 0.95 + k / 100,
        group: `nearest:${req.text}`,
      });
    });
    const uppers = specifiers.filter(isUpperBound);
    const lowers = specifiers.filter((x) => !isUpperBound(x));
    if (uppers.length > 0 && lowers.length > 0) {
      const text = withSpecifiers(req, lowers);
      candidates.push({ kind: 'relax', title: s('suggest.change.title', { from: req.text, to: text }), detail: s('suggest.upper.detail', { bound: formatSpecifierSet({ specifiers: uppers }), name: req.name }), change: { remove: [req.text], add: [text] }, cost: 1 });
      const other = withSpecifiers(req, uppers);
      candidates.push({ kind: 'relax', title: s('suggest.change.title', { from: req.text, to: other }), detail: s('suggest.lower.detail', { bound: formatSpecifierSet({ specifiers: lowers }), name: req.name }), change: { remove: [req.text], add: [other] }, cost: 1.2 });
    }
    const bare = withSpecifiers(req, []);
    candidates.push({ kind: 'relax', title: s('suggest.change.title', { from: req.text, to: bare }), detail: s('suggest.any.detail', { name: req.name }), change: { remove: [req.text], add: [bare] }, cost: 2 });
  }
  // Taking out your only requirement "resolves" to installing nothing: no fix.
  if (totalRequirements > 1) {
    candidates.push({ kind: 'drop', title: s('suggest.remove.title', { requirement: req.text }), detail: s('suggest.remove.detail', { requirement: req.text }), change: { remove: [req.text], add: [] }, cost: 4 });
  }
  return candidates;
}

export function causeCandidates(request: ResolveRequest, causes: readonly SpecialCause[], s: Say): Candidate[] {
  const candidates: Candidate[] = [];
  const direct = (name: string) => request.requirements.find((r) => r.key === normalizeName(name));
  for (const cause of causes) {
    switch (cause.kind) {
      case 'notFound': {
        const mine = direct(cause.package);
        if (!mine) break;
        for (const close of cause.closeNames) {
          const text = formatRequirement({ ...mine, name: close });
          candidates.push({ kind: 'rename', title: s('suggest.rename.title', { close, from: mine.text, to: text }), detail: s('suggest.rename.detail', { name: cause.package, close }), change: { remove: [mine.text], add: [text] }, cost: 0.5 });
        }
        break;
      }
      case 'prereleaseOnly': {
        const lowest = [...cause.versions].sort((a, b) => compareVersions(parseVersion(a), parseVersion(b)))[0];
        const mine = direct(cause.package);
        if (lowest) {
          const specifiers: Specifier[] = [...(mine?.specifier.specifiers ?? []).filter((x) => x.operator !== '>=' && x.operator !== '>'), { operator: '>=', version: lowest, wildcard: false }];
          const text = mine ? withSpecifiers(mine, specifiers) : `${cause.package}>=${lowest}`;
          candidates.push({
            kind: 'prereleases',
            title: mine ? s('suggest.pre.change.title', { from: mine.text, to: text }) : s('suggest.pre.add.title', { to: text }),
            detail: s('suggest.pre.detail', { name: cause.package }),
            change: { remove: mine ? [mine.text] : [], add: [text] },
            cost: 0.9,
          });
        }
        if (!request.prereleases) {
          candidates.push({ kind: 'prereleases', title: s('suggest.pre.all.title'), detail: s('suggest.pre.all.detail', { name: cause.package }), change: { remove: [], add: [], prereleases: true }, cost: 2.5 });
        }
        break;
      }
      case 'yanked': {
        const newest = [...cause.versions].sort((a, b) => compareVersions(parseVersion(b), parseVersion(a)))[0];
        if (!newest) break;
        const mine = direct(cause.package);
        const text = mine ? withSpecifiers(mine, [{ operator: '==', version: newest, wildcard: false }]) : `${cause.package}==${newest}`;
        const reason = cause.reasons.length ? s('suggest.yanked.reason', { reason: cause.reasons[0]! }) : '';
        candidates.push({
          kind: 'yanked',
          title: mine ? s('suggest.yanked.change.title', { from: mine.text, to: text }) : s('suggest.yanked.add.title', { to: text }),
          detail: s('suggest.yanked.detail', { reason }),
          change: { remove: mine ? [mine.text] : [], add: [text] },
          cost: 2,
        });
        break;
      }
      case 'advisory': {
        // "Require X>=fixed": the first fix above every blocked version, and the newest fix.
        const byVersion = (a: string, b: string) => compareVersions(parseVersion(a), parseVersion(b));
        const fixes = cause.fixed.filter((f) => tryParseVersion(f) !== null).sort(byVersion);
        const highestBlocked = [...cause.versions].sort(byVersion).at(-1);
        const above = fixes.find((f) => !highestBlocked || byVersion(f, highestBlocked) > 0);
        const mine = direct(cause.package);
        for (const [fix, cost] of [[above, 0.8], [fixes.at(-1), 0.9]] as const) {
          if (!fix) continue;
          const text = mine ? withSpecifiers(mine, [{ operator: '>=', version: fix, wildcard: false }]) : `${cause.package}>=${fix}`;
          candidates.push({
            kind: 'advisory',
            title: mine ? `Require a fixed release: change ${mine.text} to ${text}` : `Require a fixed release: add ${text}`,
            detail: `${cause.package} ${fix} fixes ${cause.advisories.length === 1 ? cause.advisories[0] : 'the advisories'} affecting the versions that fit.`,
            change: { remove: mine ? [mine.text] : [], add: [text] },
            cost,
          });
        }
        break;
      }
      case 'noWheel':
        candidates.push(...flagCandidates(request, cause, s));
        break;
      default:
        break;
    }
  }
  return candidates;
}

/** Lifting --no-binary or --no-build (pip's --only-binary) for the one project they stop. */
function flagCandidates(request: ResolveRequest, cause: Extract<SpecialCause, { kind: 'noWheel' }>, s: Say): Candidate[] {
  const key = normalizeName(cause.package);
  const out: Candidate[] = [];
  const lift = (list: readonly string[] | undefined) => (list?.includes(key) ? key : list?.includes(':all:') ? ':all:' : null);
  const binary = cause.detail.includes('--no-binary') ? lift(request.noBinary) : null;
  if (binary) {
    out.push({
      kind: 'flag',
      title: s(binary === ':all:' ? 'suggest.binary.all.title' : 'suggest.binary.title', { name: cause.package }),
      detail: s('suggest.binary.detail', { name: cause.package }),
      change: { remove: [], add: [], allowBinary: [binary] },
      cost: 1.5,
    });
  }
  const build = cause.detail.includes('--no-build') ? lift(request.noBuild) : null;
  if (build) {
    out.push({
      kind: 'flag',
      title: s(build === ':all:' ? 'suggest.build.all.title' : 'suggest.build.title', { name: cause.package }),
      detail: s('suggest.build.detail', { name: cause.package }),
      change: { remove: [], add: [], allowBuild: [build] },
      cost: 1.5,
    });
  }
  return out;
}

const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');

/**
 * Other Pythons to try, nearest first, as one group (one fix names the nearest that works):
 * a later patch of the target's own series first ("3.13.2" for 3.13.0), then other series,
 * each at its newest release that meets what the proof asks of Python.
 */
export function pythonCandidates(request: ResolveRequest, causes: readonly SpecialCause[], s: Say): Candidate[] {
  const current = request.target?.python ?? '3.12.0';
  const target = parseVersion(current);
  const specs = causes.filter((c) => c.kind === 'requiresPython').map((c) => (c.kind === 'requiresPython' ? c.requiresPython : ''));
  const meets = (v: string) => specs.length === 0 || specs.some((spec) => pythonsSatisfying(spec).includes(v));
  const known = knownPythons();
  const ownMinor = minorOf(target.text);
  const choices: { version: string; label: string; distance: number }[] = [];
  const sameSeries = known.find((v) => minorOf(v) === ownMinor && compareVersions(parseVersion(v), target) > 0 && meets(v));
  if (sameSeries) choices.push({ version: sameSeries, label: sameSeries, distance: 0 });
  const series = [...new Set(known.map(minorOf))];
  // Distance in series: 3.8 is one from 3.9 and 3.10; 2.7 is one from 3.0.
  const position = (minor: string) => {
    const at = series.indexOf(minor);
    if (at >= 0) return at;
    const next = series.findIndex((m) => compareVersions(parseVersion(m), parseVersion(minor)) > 0);
    return (next < 0 ? series.length : next) - 0.5; // a series newer than any known
  };
  for (const minor of series.filter((m) => m !== ownMinor)) {
    const releases = known.filter((v) => minorOf(v) === minor);
    const best = [...releases].reverse().find(meets);
    if (!best) continue;
    const distance = Math.abs(position(minor) - position(ownMinor));
    choices.push({ version: best, label: best === releases[releases.length - 1] ? minor : best, distance });
  }
  // Nearest first; on a tie the newer series.
  choices.sort((a, b) => a.distance - b.distance || compareVersions(parseVersion(b.version), parseVersion(a.version)));
  return choices.slice(0, 4).map((c, k) => ({
    kind: 'python' as const,
    title: s('suggest.python.title', { python: c.label }),
    detail: s('suggest.python.detail', { version: c.version, current }),
    change: { remove: [], add: [], python: c.version },
    cost: (c.distance === 0 ? 2.5 : 3) + k / 100,
    group: 'python',
  }));
}
