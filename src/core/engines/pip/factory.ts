/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/factory.py`: makes requirements and
 * candidates (`find_candidates`, `_iter_found_candidates` with PEP 592's yanked rule,
 * `collect_root_requirements`, `make_requirement_from_spec`), and turns a
 * `ResolutionImpossible` into pip's words (`get_installation_error`,
 * `_report_single_requirement_conflict`, `_report_requires_python_error`). Preparing a
 * candidate prints what `pip/_internal/operations/prepare.py` prints.
 */
import { evaluateMarker, formatMarker, type MarkerEnvironment, type Requirement } from '../../pep508/index.ts';
import { compareVersions, formatVersion, parseSpecifierSet, type SpecifierSet } from '../../pep440/index.ts';
import { MetadataUnavailableError, type DependencyProvider } from '../../solver/provider.ts';
import type { RequirementInformation } from '../resolvelib/providers.ts';
import { sequenceView, type CandidateView, type LookupMapping } from '../resolvelib/structs.ts';
import { ExtrasCandidate, LinkCandidate, RequiresPythonCandidate, versionString, type CandidateFactory, type PipCandidate } from './candidates.ts';
import { distName, downloadedUrl, type InstallationCandidate, type Link, type PackageFinder } from './finder.ts';
import { FoundCandidates, type IndexCandidateInfo } from './found-candidates.ts';
import { formatSize, metadataSize, type PipLog, type RawRelease } from './log.ts';
import { requirementText } from './packaging.ts';
import {
  canonicalizeName,
  fromPath,
  makeInstallRequirement,
  RequiresPythonRequirement,
  SpecifierRequirement,
  type InstallRequirement,
  type PipRequirement,
} from './requirements.ts';

/** Where raw release fields come from when the provider has them (an in-memory index). */
export type RawReleaseSource = (key: string, index: number) => RawRelease | null;

/** A root requirement and where it was written ("-r requirements.txt (line 3)"). */
export interface RootRequirement {
  readonly requirement: Requirement;
  readonly comesFrom: string | null;
}

export interface CollectedRootRequirements {
  readonly requirements: PipRequirement[];
  /** Identifier -> position among the root requirements. */
  readonly userRequested: Map<string, number>;
}

export class Factory implements CandidateFactory {
  readonly pythonCandidate: RequiresPythonCandidate;
  private readonly linkCandidateCache = new Map<Link, LinkCandidate>();
  /** `_build_failures`: files whose metadata could not be had are not tried again. */
  private readonly buildFailures = new Set<Link>();
  private readonly extrasCandidateCache = new Map<LinkCandidate, Map<string, ExtrasCandidate>>();
  /** `_previous_requirement_header` of the preparer: a header equal to the last one is not printed again. */
  private previousHeader = '';
  /** Candidates prepared, in order (what pip would have downloaded metadata for). */
  readonly prepared: LinkCandidate[] = [];

  constructor(
    private readonly finder: PackageFinder,
    private readonly provider: DependencyProvider,
    readonly log: PipLog,
    readonly markers: MarkerEnvironment,
    private readonly rawRelease: RawReleaseSource,
  ) {
    this.pythonCandidate = new RequiresPythonCandidate(finder.options.pythonVersion);
  }

  warning(message: string): void {
    this.log.warning(message);
  }

  private extrasCandidate(base: LinkCandidate, extras: readonly string[]): ExtrasCandidate {
    const key = [...new Set(extras)].sort().join('\u0000');
    let byExtras = this.extrasCandidateCache.get(base);
    if (!byExtras) this.extrasCandidateCache.set(base, (byExtras = new Map()));
    let candidate = byExtras.get(key);
    if (!candidate) byExtras.set(key, (candidate = new ExtrasCandidate(base, [...new Set(extras)].sort(), this)));
    return candidate;
  }

  /** `_make_candidate_from_link`: one LinkCandidate per file, prepared when first made. */
  private makeCandidateFromLink(link: Link, extras: readonly string[], template: InstallRequirement): PipCandidate | null | Promise<PipCandidate | null> {
    const base = this.linkCandidateCache.get(link);
    if (base) return extras.length === 0 ? base : this.extrasCandidate(base, extras);
    if (this.buildFailures.has(link)) return null;
    // make_install_req_from_link: the template's requirement and origin, this link. It goes through
    // install_req_from_line, which parses the marker apart, so `str(ireq.req)` (the "Collecting"
    // line, and the `(from …)` chain of what this candidate requires) never shows one.
    const req = { ...template.req, marker: null };
    return this.prepare(link, { ...template, req, text: requirementText(req) }).then((prepared) => {
      if (!prepared) {
        this.buildFailures.add(link);
        return null;
      }
      this.linkCandidateCache.set(link, prepared);
      return extras.length === 0 ? prepared : this.extrasCandidate(prepared, extras);
    });
  }

  /** `RequirementPreparer.prepare_linked_requirement` with its log lines; null when the metadata can't be had. */
  private async prepare(link: Link, ireq: InstallRequirement): Promise<LinkCandidate | null> {
    let information = ireq.text;
    if (ireq.comesFrom !== null) {
      const from = typeof ireq.comesFrom === 'string' ? ireq.comesFrom : fromPath(ireq.comesFrom);
      if (from) information += ` (from ${from})`;
    }
    const header = `Collecting ${information}`;
    if (header !== this.previousHeader) {
      this.previousHeader = header;
      this.log.info(header);
    }
    const url = this.finder.linkUrl(link);
    let metadata;
    try {
      metadata = await this.provider.getMetadata(link.project.key, link.index);
    } catch (error) {
      if (!(error instanceof MetadataUnavailableError)) throw error;
      this.log.indented(() => this.log.warning(`Discarding ${url}: ${error.message}`));
      return null;
    }
    const raw = this.rawRelease(link.project.key, link.index) ?? {
      name: link.project.name,
      version: link.candidate.version.text,
      requiresPython: link.candidate.requiresPython,
      requiresDist: metadata.requirements.map((r) => r.text),
      providesExtra: metadata.providesExtra,
    };
    this.log.indented(() => {
      if (link.isWheel) {
        this.log.info(`Obtaining dependency information for ${ireq.text} from ${url}.metadata`);
        this.log.info(`Downloading ${downloadedUrl(`${url}.metadata`)} (${formatSize(metadataSize(raw))})`);
      } else {
        // No metadata file beside an sdist: pip downloads and builds it (archive size not modelled).
        this.log.info(`Downloading ${downloadedUrl(url)}`);
        for (const step of ['Installing build dependencies', 'Getting requirements to build wheel', 'Preparing metadata (pyproject.toml)']) {
          this.log.info(`${step}: started`);
          this.log.info(`${step}: finished with status 'done'`);
        }
      }
    });
    const candidate = new LinkCandidate(link, url, ireq, this, link.project.key, link.candidate.version, metadata, raw);
    this.prepared.push(candidate);
    return candidate;
  }

  private readonly bestFirstCache = new Map<readonly InstallationCandidate[], InstallationCandidate[]>();

  /**
   * `iter_index_candidate_infos`: the applicable candidates, best first. PEP 592: yanked
   * releases are left out unless the specifier pins a version (== or ===) that only yanked
   * releases satisfy. (Cached with the finder's answer it is computed from.)
   */
  private async bestFirst(name: string, specifier: SpecifierSet): Promise<readonly InstallationCandidate[]> {
    const icans = await this.finder.applicableCandidates(name, specifier);
    const cached = this.bestFirstCache.get(icans);
    if (cached) return cached;
    const allYanked = icans.every((c) => c.link.yanked !== false);
    const pinned = specifier.specifiers.some((s) => s.operator === '===' || (s.operator === '==' && !s.wildcard));
    // PackageFinder returns earlier versions first, so reverse.
    const ordered = [...icans].reverse().filter((ican) => (allYanked && pinned) || ican.link.yanked === false);
    this.bestFirstCache.set(icans, ordered);
    return ordered;
  }

  /** `_iter_found_candidates`: the index's candidates for these install requirements, best first. */
  private iterFoundCandidates(ireqs: readonly InstallRequirement[], incompatible: ReadonlySet<PipCandidate>): CandidateView<PipCandidate> {
    if (ireqs.length === 0) return sequenceView([]);
    // The first requirement stands for all of them (its text and origin are what pip prints).
    const template = ireqs[0]!;
    const name = canonicalizeName(template.req.name);
    const specifier: SpecifierSet = { specifiers: ireqs.flatMap((i) => i.req.specifier.specifiers) };
    const extras = [...new Set(ireqs.flatMap((i) => i.extras))];

    const getInfos = async (): Promise<Iterable<IndexCandidateInfo>> => {
      const ordered = await this.bestFirst(name, specifier);
      const build = (ican: InstallationCandidate) => this.makeCandidateFromLink(ican.link, extras, template);
      return (function* () {
        for (const ican of ordered) yield [ican.link.index, () => build(ican)] as const;
      })();
    };
    return new FoundCandidates(getInfos, incompatible);
  }

  /** `find_candidates`: explicit candidates when a requirement names one, else the index's. */
  async findCandidates(
    identifier: string,
    requirements: LookupMapping<PipRequirement>,
    incompatibilities: LookupMapping<PipCandidate>,
  ): Promise<CandidateView<PipCandidate> | PipCandidate[]> {
    const explicit: PipCandidate[] = [];
    const addExplicit = (c: PipCandidate) => {
      if (!explicit.some((e) => e.equals(c) && c.equals(e))) explicit.push(c);
    };
    const ireqs: InstallRequirement[] = [];
    const requested = requirements.get(identifier) ?? [];
    for (const req of requested) {
      const [candidate, ireq] = req.getCandidateLookup();
      if (candidate) addExplicit(candidate);
      if (ireq) ireqs.push(ireq);
    }
    // An identifier with extras takes explicit candidates from its extra-less base.
    const bracket = identifier.indexOf('[');
    if (bracket > 0 && identifier !== this.pythonCandidate.name) {
      const baseName = identifier.slice(0, bracket);
      const extras = identifier.slice(bracket + 1, -1).split(',');
      for (const req of requirements.get(baseName) ?? []) {
        const [lookup] = req.getCandidateLookup();
        if (lookup && lookup.kind === 'link') addExplicit(this.extrasCandidate(lookup, extras));
      }
    }
    const incompatible = new Set(incompatibilities.get(identifier) ?? []);
    if (explicit.length === 0) return this.iterFoundCandidates(ireqs, incompatible);
    return explicit.filter((c) => !incompatible.has(c) && requested.every((req) => req.isSatisfiedBy(c)));
  }

  /** `_make_requirement_from_install_req`: null (with pip's note) when the markers don't hold. */
  makeRequirementFromInstallReq(ireq: InstallRequirement, requestedExtras: readonly string[]): PipRequirement | null {
    const marker = ireq.req.marker;
    if (marker) {
      const holds = requestedExtras.length === 0 ? evaluateMarker(marker, { ...this.markers, extra: '' }) : evaluateMarker(marker, this.markers, requestedExtras);
      if (!holds) {
        this.log.info(`Ignoring ${ireq.req.name}: markers '${formatMarker(marker)}' don't match your environment`);
        return null;
      }
    }
    return new SpecifierRequirement(ireq);
  }

  makeRequirementFromSpec(req: Requirement, comesFrom: InstallRequirement, requestedExtras: readonly string[]): PipRequirement | null {
    return this.makeRequirementFromInstallReq(makeInstallRequirement(req, comesFrom), requestedExtras);
  }

  makeRequiresPythonRequirement(text: string | null): PipRequirement | null {
    if (!text || !text.trim()) return null;
    let specifier: SpecifierSet;
    try {
      specifier = parseSpecifierSet(text);
    } catch {
      return null;
    }
    if (specifier.specifiers.length === 0) return null;
    return new RequiresPythonRequirement(specifier, this.pythonCandidate);
  }

  collectRootRequirements(roots: readonly RootRequirement[]): CollectedRootRequirements {
    const collected: CollectedRootRequirements = { requirements: [], userRequested: new Map() };
    roots.forEach((root, i) => {
      const req = this.makeRequirementFromInstallReq(makeInstallRequirement(root.requirement, root.comesFrom, true), []);
      if (!req) return;
      if (!collected.userRequested.has(req.name)) collected.userRequested.set(req.name, i);
      collected.requirements.push(req);
    });
    return collected;
  }

  /**
   * `get_installation_error`: prints pip's words for a failed resolution and returns the
   * text of the error pip raises (printed last, as "ERROR: <text>").
   */
  async getInstallationError(causes: readonly RequirementInformation<PipRequirement, PipCandidate>[]): Promise<string> {
    // If one of the things we can't solve is "we need Python X.Y", that is what is reported.
    const pythonCauses = causes.filter((c) => c.requirement.kind === 'python' && !c.requirement.isSatisfiedBy(this.pythonCandidate));
    if (pythonCauses.length > 0) return this.reportRequiresPythonError(pythonCauses);
    if (causes.length === 1) {
      const { requirement, parent } = causes[0]!;
      return this.reportSingleRequirementConflict(requirement, parent);
    }
    const textJoin = (parts: string[]) => (parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
    const describeTrigger = (parent: PipCandidate): string => {
      const ireq = parent.getInstallRequirement();
      if (!ireq || ireq.comesFrom === null) return `${parent.name}==${versionString(parent.version)}`;
      if (typeof ireq.comesFrom !== 'string') return ireq.comesFrom.req.name;
      return ireq.comesFrom;
    };
    const triggers = new Set<string>();
    for (const { requirement, parent } of causes) triggers.add(parent === null ? requirement.formatForError() : describeTrigger(parent));
    const info = triggers.size > 0 ? textJoin([...triggers].sort()) : 'the requested packages';
    this.log.error(`Cannot install ${info} because these package versions have conflicting dependencies.`);
    let msg = '\nThe conflict is caused by:';
    for (const { requirement, parent } of causes) {
      msg += '\n    ';
      msg += parent ? `${parent.name} ${versionString(parent.version)} depends on ` : 'The user requested ';
      msg += requirement.formatForError();
    }
    msg +=
      '\n\nTo fix this you could try to:\n' +
      '1. loosen the range of package versions you\'ve specified\n' +
      '2. remove package versions to allow pip attempt to solve the dependency conflict\n';
    this.log.info(msg);
    return 'ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts';
  }

  private reportRequiresPythonError(causes: readonly RequirementInformation<PipRequirement, PipCandidate>[]): string {
    const version = versionString(this.pythonCandidate.version);
    const spec = (r: PipRequirement) => pyRepr((r as RequiresPythonRequirement).toString().slice('Python '.length));
    if (causes.length === 1) return `Package ${pyRepr(causes[0]!.parent!.name)} requires a different Python: ${version} not in ${spec(causes[0]!.requirement)}`;
    let message = `Packages require a different Python. ${version} not in:`;
    for (const cause of causes) message += `\n${spec(cause.requirement)} (required by ${cause.parent!.formatForError()})`;
    return message;
  }

  private async reportSingleRequirementConflict(req: PipRequirement, parent: PipCandidate | null): Promise<string> {
    const reqDisp = parent === null ? req.toString() : `${req} (from ${parent.name})`;
    const cands = await this.finder.findAllCandidates(req.projectName);
    const versions = [...cands.map((c) => c.version)].sort(compareVersions).filter((v, i, all) => i === 0 || compareVersions(all[i - 1]!, v) !== 0);
    const skipped = this.finder.requiresPythonSkippedReasons();
    if (skipped.length > 0) this.log.error(`Ignored the following versions that require a different python version: ${skipped.join('; ')}`);
    this.log.error(`Could not find a version that satisfies the requirement ${reqDisp} (from versions: ${versions.map(formatVersion).join(', ') || 'none'})`);
    if (req.toString() === 'requirements.txt') {
      this.log.info(
        'HINT: You are attempting to install a package literally named "requirements.txt" (which cannot exist). Consider using the \'-r\' flag to install the packages listed in requirements.txt',
      );
    }
    return `No matching distribution found for ${req}`;
  }

  /** The wheel file name pip downloads for a resolved candidate (for "Downloading ..." after resolving). */
  static wheelFilename(candidate: LinkCandidate): string {
    return `${distName(candidate.link.project.name)}-${candidate.link.candidate.version.text}-${candidate.link.tag}.whl`;
  }
}

/** Python's `repr()` of a string. */
export function pyRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
