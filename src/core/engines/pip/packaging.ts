/**
 * The parts of packaging 21.3 (vendored by pip 23.2.1 as `pip/_vendor/packaging`) whose
 * exact behaviour shows in pip's choices and words: `str()` of a specifier set and of a
 * requirement (specifiers sorted as strings, extras as written), `SpecifierSet.filter()`
 * with its pre-release fallback, and pip's `safe_extra()` for marker evaluation.
 */
import {
  containsVersion,
  formatSpecifier,
  isPrerelease,
  tryParseVersion,
  type Specifier,
  type SpecifierSet,
  type Version,
} from '../../pep440/index.ts';
import { formatMarker, type Requirement } from '../../pep508/index.ts';

/** `str(SpecifierSet)`: the specifiers as written, sorted as strings, joined by ','. */
export function specifierSetText(set: SpecifierSet): string {
  return [...new Set(set.specifiers.map(formatSpecifier))].sort().join(',');
}

/** The extras as written in the requirement's text (packaging 21.3 keeps their spelling). */
export function writtenExtras(req: Requirement): string[] {
  const match = /^\s*[A-Za-z0-9._-]+\s*\[([^\]]*)\]/.exec(req.text);
  if (!match) return [...req.extras];
  return [...new Set(match[1]!.split(',').map((e) => e.trim()).filter(Boolean))];
}

/** `str(Requirement)` in packaging 21.3: `name[extras]specifiers; marker`. */
export function requirementText(req: Requirement): string {
  let text = req.name;
  const extras = writtenExtras(req);
  if (extras.length > 0) text += `[${[...extras].sort().join(',')}]`;
  if (req.url !== null) text += `@ ${req.url}${req.marker ? ' ' : ''}`;
  else text += specifierSetText(req.specifier);
  if (req.marker) text += `; ${formatMarker(req.marker)}`;
  return text;
}

/** `Specifier.prereleases` of one specifier: an inclusive operator naming a pre-release. */
function specifierAllowsPrereleases(s: Specifier): boolean {
  if (!['==', '>=', '<=', '~=', '==='].includes(s.operator)) return false;
  const v = tryParseVersion(s.version);
  return v !== null && isPrerelease(v);
}

/** `SpecifierSet.prereleases`: null when there are no specifiers. */
export function setPrereleases(set: SpecifierSet): boolean | null {
  if (set.specifiers.length === 0) return null;
  return set.specifiers.some(specifierAllowsPrereleases);
}

/**
 * `SpecifierSet.filter(versions, prereleases)` (packaging 21.3). With specifiers, each one
 * is handed `prereleases=bool(...)`, so its own pre-release fallback never fires: a
 * pre-release passes only when the set (or `--pre`) allows them. Without specifiers,
 * pre-releases are returned when nothing else is and `prereleases` is null.
 */
export function filterVersions<T>(set: SpecifierSet, items: readonly T[], versionOf: (item: T) => Version, prereleases: boolean | null): T[] {
  const allow = prereleases ?? setPrereleases(set);
  if (set.specifiers.length > 0) {
    return items.filter((item) => {
      const v = versionOf(item);
      return (allow || !isPrerelease(v)) && containsVersion(set, v, { prereleases: true });
    });
  }
  const filtered: T[] = [];
  const foundPre: T[] = [];
  for (const item of items) {
    if (isPrerelease(versionOf(item)) && !allow) {
      if (filtered.length === 0) foundPre.push(item);
    } else filtered.push(item);
  }
  if (filtered.length === 0 && foundPre.length > 0 && prereleases === null) return foundPre;
  return filtered;
}

/** pip 23.2's `safe_extra()`: runs of other characters become '_', lower-cased (not PEP 685). */
export function safeExtra(extra: string): string {
  return extra.replace(/[^A-Za-z0-9.-]+/g, '_').toLowerCase();
}
