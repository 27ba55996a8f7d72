/**
 * The versions pip names in "(from versions: ...)": those its finder found for the project,
 * i.e. with a file that can be installed here (a compatible wheel, or a source distribution,
 * as --no-binary / --only-binary allow) and a Requires-Python the target meets. Yanked
 * releases and pre-releases are listed (they are filtered later). After pip 23.2's
 * `PackageFinder.find_all_candidates` and `LinkEvaluator.evaluate_link`.
 */
import { containsVersion, parseSpecifierSet, parseVersion } from '../pep440/index.ts';
import { normalizeName } from '../pep508/index.ts';
import { DEFAULT_TARGET, isAnyTagCompatible } from '../environment/index.ts';
import type { Candidate, DependencyProvider, ResolveRequest } from '../solver/index.ts';
import { uploadedAfter } from '../index/upload-time.ts';

function meetsPython(candidate: Candidate, python: string): boolean {
  if (!candidate.requiresPython) return true;
  try {
    return containsVersion(parseSpecifierSet(candidate.requiresPython), parseVersion(python), { prereleases: true });
  } catch {
    return true; // pip ignores a Requires-Python it cannot parse
  }
}

export interface PipFound {
  /** "(from versions: ...)": found, not yanked. */
  readonly versions: readonly string[];
  /** "Ignored the following yanked versions: ...". */
  readonly yanked: readonly string[];
  /** "Ignored the following versions that require a different python version: ..." ("1.0 Requires-Python >=3.10"). */
  readonly otherPython: readonly string[];
}

export async function pipFoundVersions(provider: DependencyProvider, request: ResolveRequest, name: string): Promise<PipFound> {
  const key = normalizeName(name);
  const project = await provider.getProject(key);
  const found: PipFound = { versions: [], yanked: [], otherPython: [] };
  if (!project) return found;
  const target = request.target ?? DEFAULT_TARGET;
  const noBinary = (request.noBinary ?? []).some((n) => n === key || n === ':all:');
  const noBuild = (request.noBuild ?? []).some((n) => n === key || n === ':all:');
  const versions: string[] = [];
  const yanked: string[] = [];
  const otherPython: string[] = [];
  for (const c of project.candidates) {
    if (!meetsPython(c, target.python)) {
      otherPython.push(`${c.version.text} Requires-Python ${c.requiresPython}`);
      continue;
    }
    if (request.excludeNewer && uploadedAfter(c.uploadTime, request.excludeNewer)) continue;
    const installable = c.wheelTags === null || (!noBinary && c.wheelTags.length > 0 && isAnyTagCompatible(c.wheelTags, target)) || (c.sdist && !noBuild);
    if (!installable) continue;
    (c.yanked === false ? versions : yanked).push(c.version.text);
  }
  return { versions, yanked, otherPython };
}
