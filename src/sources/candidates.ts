/**
 * A project page's files, gathered into the candidates the resolver sees: one per version,
 * sorted ascending, with the union of its wheels' tags, whether it has an sdist, its
 * Requires-Python, yanked state and upload time; plus, per candidate, which files' metadata to
 * read. Pure: the same page gives the same candidates.
 */
import {
  bestTagPriority,
  compareVersions,
  formatVersion,
  normalizeName,
  tryParseVersion,
  wellFormedHashes,
  type Candidate,
  type DataWarning,
  type FileHashes,
  type ProjectCandidates,
  type TargetEnvironment,
  type Version,
  type Yanked,
} from '../core/index.ts';
import { parseDistributionFilename } from './filenames.ts';
import type { ProjectFile, ProjectPage } from './simple-api.ts';

export interface CandidateOptions {
  /** ISO 8601: only files uploaded before it count (files without an upload time are kept, with a warning). */
  readonly asOf?: string | null;
  /** Used to prefer the metadata of a wheel the target would install. */
  readonly target?: TargetEnvironment;
}

export interface PageCandidates {
  readonly project: ProjectCandidates;
  /** Per candidate: the files whose PEP 658 metadata may be read, best first (the one pip would take), possibly none. */
  readonly metadataFiles: readonly (readonly ProjectFile[])[];
  /** Files left out because of `asOf`. */
  readonly filesAfterAsOf: number;
  /** Per candidate: the files it stands for (not the yanked files of a version that has others), in page order. */
  readonly distributions: readonly (readonly Distribution[])[];
}

/**
 * A file of a candidate: where the index said it is, the wheel's compressed tag (null for an
 * sdist), and the hashes the index gave for it (the well-formed ones; possibly none).
 */
export interface Distribution {
  readonly url: string;
  readonly wheelTag: string | null;
  readonly hashes: FileHashes;
}

interface Gathered {
  readonly version: Version;
  text: string;
  readonly files: { readonly file: ProjectFile; readonly kind: 'wheel' | 'sdist'; readonly tags: string | null }[];
}

export function candidatesFromPage(page: ProjectPage, key: string, options: CandidateOptions = {}): PageCandidates {
  const warnings: DataWarning[] = [];
  const asOfMs = options.asOf ? Date.parse(options.asOf) : null;
  if (options.asOf && Number.isNaN(asOfMs)) throw new RangeError(`the "as of" date ${JSON.stringify(options.asOf)} is not an ISO 8601 date`);

  // PEP 700's list spells versions as uploaded; file names may spell them differently.
  const spelling = new Map<string, string>();
  for (const text of page.versions ?? []) {
    const parsed = tryParseVersion(text);
    if (parsed) spelling.set(formatVersion(parsed), text);
  }

  const byVersion = new Map<string, Gathered>();
  const invalid = new Set<string>();
  const otherProject: string[] = [];
  const malformedWheels: string[] = [];
  let filesAfterAsOf = 0;
  let filesWithoutTime = 0;
  for (const file of page.files) {
    const verdict = parseDistributionFilename(file.filename, key);
    if (!verdict.ok) {
      if (verdict.reason === 'other-project') otherProject.push(file.filename);
      if (verdict.reason === 'malformed') malformedWheels.push(file.filename);
      continue;
    }
    if (asOfMs !== null) {
      if (file.uploadTime === null) filesWithoutTime++;
      else if (Date.parse(file.uploadTime) > asOfMs) {
        filesAfterAsOf++;
        continue;
      }
    }
    const version = tryParseVersion(verdict.file.version);
    if (!version) {
      invalid.add(verdict.file.version);
      continue;
    }
    const canonical = formatVersion(version);
    let gathered = byVersion.get(canonical);
    if (!gathered) {
      gathered = { version, text: spelling.get(canonical) ?? verdict.file.version, files: [] };
      byVersion.set(canonical, gathered);
    }
    gathered.files.push({ file, kind: verdict.file.kind, tags: verdict.file.kind === 'wheel' ? verdict.file.tags : null });
  }

  // pip reads only a page's files, never its `name`: a page that names another project keeps the
  // name asked for (else its releases would stand in for that other project's in the plan).
  const name = normalizeName(page.name) === key ? page.name : key;
  if (name !== page.name) {
    warnings.push({ kind: 'invalid-field', project: key, message: `${key}: the index's page for ${key} names another project (${JSON.stringify(page.name.slice(0, 100))}); that name is ignored, as pip ignores it` });
  }
  if (invalid.size > 0) {
    const list = [...invalid];
    warnings.push({
      kind: 'invalid-version',
      project: name,
      message: `${name}: skipped ${list.length} version${list.length === 1 ? '' : 's'} that ${list.length === 1 ? 'is' : 'are'} not valid PEP 440: ${list.join(', ')}`,
    });
  }
  if (otherProject.length > 0) {
    warnings.push({ kind: 'invalid-field', project: name, message: `${name}: skipped ${otherProject.length} file${otherProject.length === 1 ? '' : 's'} named for another project: ${otherProject.slice(0, 5).join(', ')}${otherProject.length > 5 ? ', …' : ''}` });
  }
  if (malformedWheels.length > 0) {
    warnings.push({ kind: 'invalid-field', project: name, message: `${name}: skipped ${malformedWheels.length} wheel${malformedWheels.length === 1 ? '' : 's'} whose file name can't be read: ${malformedWheels.slice(0, 5).join(', ')}${malformedWheels.length > 5 ? ', …' : ''}` });
  }
  if (filesWithoutTime > 0) {
    warnings.push({ kind: 'invalid-field', project: name, message: `${name}: ${filesWithoutTime} file${filesWithoutTime === 1 ? ' has' : 's have'} no upload time, so the "as of" date can't apply to ${filesWithoutTime === 1 ? 'it' : 'them'}; kept` });
  }

  const gathered = [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
  const candidates: Candidate[] = [];
  const metadataFiles: ProjectFile[][] = [];
  const distributions: Distribution[][] = [];
  for (const g of gathered) {
    const { candidate, files, problem } = candidateOf(g, name);
    if (problem) warnings.push(problem);
    candidates.push(candidate);
    metadataFiles.push(metadataSources(g, candidate.yanked !== false, options.target));
    distributions.push(files.map((f) => ({ url: f.file.url, wheelTag: f.tags, hashes: wellFormedHashes(f.file.hashes) })));
  }
  return {
    project: { key, name, candidates, status: page.status, statusReason: page.statusReason, warnings },
    metadataFiles,
    filesAfterAsOf,
    distributions,
  };
}

function candidateOf(g: Gathered, project: string): { candidate: Candidate; files: Gathered['files']; problem: DataWarning | null } {
  // PEP 592: a version is yanked when every file is; otherwise its yanked files are simply not used.
  const usable = g.files.filter((f) => f.file.yanked === false);
  const allYanked = usable.length === 0;
  const files = allYanked ? g.files : usable;
  const yanked: Yanked = allYanked ? (g.files.map((f) => f.file.yanked).find((reason) => typeof reason === 'string' && reason !== '') ?? '') : false;

  const wheelTags = [...new Set(files.flatMap((f) => (f.tags === null ? [] : [f.tags])))];
  const uploadTimes = files.map((f) => f.file.uploadTime).filter((t): t is string => t !== null);
  const earliest = uploadTimes.length > 0 ? uploadTimes.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;

  // Files normally agree on Requires-Python; when they don't, the most common value stands.
  const counts = new Map<string | null, number>();
  for (const f of files) counts.set(f.file.requiresPython, (counts.get(f.file.requiresPython) ?? 0) + 1);
  const [requiresPython] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const problem: DataWarning | null =
    counts.size > 1
      ? {
          kind: 'invalid-requires-python',
          project,
          version: g.text,
          message: `${project} ${g.text}: its files declare different Requires-Python (${[...counts.keys()].map((v) => JSON.stringify(v ?? '')).join(', ')}); used ${JSON.stringify(requiresPython ?? '')}, the most common`,
        }
      : null;

  return {
    candidate: {
      version: tryParseVersion(g.text) ?? g.version,
      yanked,
      requiresPython,
      sdist: files.some((f) => f.kind === 'sdist'),
      wheelTags,
      uploadTime: earliest,
    },
    files,
    problem,
  };
}

/**
 * Wheels the target would install first (best tag first), then other wheels, then sdists; of
 * files that rank alike, the last on the page first. That is the file pip would take, so its
 * metadata is the metadata pip reads: pip sorts a version's files stably by a key that copies
 * of one file share and tries the best last-first (`iter_applicable`, then `reversed` in the
 * factory), so of a file that the main and an extra index both list, the extra index's copy.
 */
function metadataSources(g: Gathered, includeYanked: boolean, target: TargetEnvironment | undefined): ProjectFile[] {
  const withMetadata = g.files.filter((f) => f.file.coreMetadata !== false && (includeYanked || f.file.yanked === false));
  const rank = (f: (typeof withMetadata)[number]): number => {
    if (f.kind === 'sdist') return Number.MAX_SAFE_INTEGER;
    if (!target) return 0;
    const priority = bestTagPriority([f.tags!], target);
    return priority === null ? Number.MAX_SAFE_INTEGER - 1 : priority;
  };
  return withMetadata
    .map((f, order) => ({ f, order, rank: rank(f) }))
    .sort((a, b) => a.rank - b.rank || b.order - a.order)
    .map(({ f }) => f.file);
}
