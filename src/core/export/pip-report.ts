/**
 * An install plan as pip's installation report (`pip install --dry-run --report`), version 1:
 * https://pip.pypa.io/en/stable/reference/installation-report/
 *
 * It is a simulation and says so: `pip_version` names Pipette. A file's URL is the one its
 * index gave, without a login, as pip writes it; for a snapshot, where no index gave one, it is
 * made up (or under the base URL given). A file's hash is the one its index gave, written as
 * pip writes it (below); a file the index gave no hash for, and every file of a snapshot, has
 * none (`"archive_info": {}`), where pip, which downloads the file, writes its sha256.
 */
import { markerEnvironment } from '../environment/index.ts';
import { tryParseRequirement } from '../pep508/index.ts';
import type { ResolvedPackage } from '../solver/index.ts';
import { chooseDistribution, distributionName, fileUrl, findRelease, locateFile, type ExportContext } from './distribution.ts';
import { installOrder } from './order.ts';
import type { FileHashes } from '../file-hashes.ts';

export const PIP_REPORT_VERSION = '1';
/** Not a pip version: consumers that show it tell the reader no pip ran. */
export const SIMULATED_PIP_VERSION = 'Pipette simulation (no pip ran)';
/** Core metadata 2.1 is the first with Provides-Extra in the form the report uses. */
const METADATA_VERSION = '2.1';

export interface PipReportMetadata {
  readonly metadata_version: string;
  readonly name: string;
  readonly version: string;
  readonly requires_dist?: readonly string[];
  readonly requires_python?: string;
  readonly provides_extra?: readonly string[];
}

export interface PipReportItem {
  /** As in direct_url.json: where the file would come from (never with a login in it), and its hash when the index gave one. */
  readonly download_info: { readonly url: string; readonly archive_info: ArchiveInfo };
  /** True only for direct URL requirements (`name @ url`), which an index resolve never has. */
  readonly is_direct: boolean;
  readonly is_yanked: boolean;
  /** Named by one of the user's requirements. */
  readonly requested: boolean;
  readonly requested_extras?: readonly string[];
  readonly metadata: PipReportMetadata;
}

/** PEP 610's `archive_info`: `hash` is the legacy `<name>=<hex digest>`, `hashes` the same as `{name: digest}`. */
export interface ArchiveInfo {
  readonly hash?: string;
  readonly hashes?: FileHashes;
}

export interface PipReport {
  readonly version: typeof PIP_REPORT_VERSION;
  readonly pip_version: string;
  readonly install: readonly PipReportItem[];
  /** The PEP 508 marker values of the target. */
  readonly environment: Readonly<Record<string, string>>;
}

export function toPipReport(success: { readonly packages: readonly ResolvedPackage[] }, context: ExportContext): PipReport {
  return {
    version: PIP_REPORT_VERSION,
    pip_version: SIMULATED_PIP_VERSION,
    install: installOrder(success.packages).map((pkg) => reportItem(pkg, context)),
    environment: markerEnvironment(context.target),
  };
}

/** The report as pip writes it: JSON, two-space indentation. */
export function formatPipReport(report: PipReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function reportItem(pkg: ResolvedPackage, context: ExportContext): PipReportItem {
  const release = findRelease(context.index, pkg.key, pkg.version);
  const distribution = release ? chooseDistribution(pkg.name, release, context.target) : null;
  const location = distribution ? locateFile(context, pkg.key, pkg.version, distribution) : null;
  const url = location ? location.url : fileUrl(context, pkg.key, `${distributionName(pkg.name)}-${pkg.version}.tar.gz`);
  const metadata: PipReportMetadata = {
    metadata_version: METADATA_VERSION,
    name: pkg.name,
    version: pkg.version,
    ...(release && release.requiresDist.length > 0 ? { requires_dist: [...release.requiresDist] } : {}),
    ...(pkg.requiresPython ? { requires_python: pkg.requiresPython } : {}),
    ...(release && release.providesExtra.length > 0 ? { provides_extra: [...release.providesExtra] } : {}),
  };
  const requestedExtras = userExtras(pkg);
  return {
    download_info: { url, archive_info: archiveInfo(location?.hashes ?? {}) },
    is_direct: false,
    is_yanked: pkg.yanked !== false,
    requested: pkg.direct,
    ...(requestedExtras.length > 0 ? { requested_extras: requestedExtras } : {}),
    metadata,
  };
}

/**
 * As pip 23.2.1 writes it (`direct_url_from_link`, `ArchiveInfo` in models/direct_url.py): the
 * link's first hash only, in the order the index gave them (a PEP 691 `hashes` object's order,
 * then the fragment's), as `hash` and again as the one entry of `hashes`, in that order. pip
 * 23.2.1 against a local index whose page listed `{"sha512": …, "sha256": …}` wrote
 * `"archive_info": {"hash": "sha512=…", "hashes": {"sha512": "…"}}`. No hash: nothing.
 */
function archiveInfo(hashes: FileHashes): ArchiveInfo {
  const first = Object.entries(hashes)[0];
  if (!first) return {};
  const [name, digest] = first;
  return { hash: `${name}=${digest}`, hashes: { [name]: digest } };
}

/** The extras the user's own requirements ask for on this package. */
function userExtras(pkg: ResolvedPackage): string[] {
  const extras = new Set<string>();
  for (const edge of pkg.requiredBy) {
    if (edge.from !== null) continue;
    for (const extra of tryParseRequirement(edge.requirement)?.extras ?? []) extras.add(extra);
  }
  return [...extras].sort();
}
