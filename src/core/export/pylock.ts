/**
 * An install plan as a `pylock.toml` lock file (PEP 751):
 * https://packaging.python.org/en/latest/specifications/pylock-toml/
 *
 * The lock covers the one target it was resolved for (`environments`, `requires-python`).
 * It can't be complete: the spec requires a hash for every file, and Pipette keeps none; a
 * snapshot has no files either, only wheel tags, so its file names are inferred (a live index's
 * are the ones it gave). The file says so in a comment at the top; an installer that follows the spec will refuse it until it is
 * locked again against a real index.
 */
import { stringify } from 'smol-toml';
import { markerEnvironment, type TargetEnvironment } from '../environment/index.ts';
import type { ResolvedPackage } from '../solver/index.ts';
import { chooseDistribution, findRelease, locateFile, SYNTHETIC_FILE_BASE_URL, type ExportContext } from './distribution.ts';
import { dependenciesOf } from './order.ts';
import { withoutLogin } from '../redact-logins.ts';

export const PYLOCK_VERSION = '1.0';
export const PYLOCK_CREATED_BY = 'pipette';

export function toPylock(success: { readonly packages: readonly ResolvedPackage[] }, context: ExportContext): string {
  const dependencies = dependenciesOf(success.packages);
  const files = { inferred: 0, given: 0 };
  const packages = [...success.packages].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((pkg) => lockedPackage(pkg, dependencies.get(pkg.key) ?? [], context, files));
  const lock = {
    'lock-version': PYLOCK_VERSION,
    environments: [environmentMarker(context.target)],
    'requires-python': `==${pythonSeries(context.target)}.*`,
    extras: [],
    'dependency-groups': [],
    'default-groups': [],
    'created-by': PYLOCK_CREATED_BY,
    packages,
  };
  return `${header(context, files)}${stringify(lock)}\n`;
}

/** `files`: how many files were named by their index (`given`) and how many were inferred. */
function header(context: ExportContext, files: { readonly inferred: number; readonly given: number }): string {
  const synthetic = files.inferred > 0 && (context.fileBaseUrl ?? SYNTHETIC_FILE_BASE_URL) === SYNTHETIC_FILE_BASE_URL;
  const names =
    files.inferred === 0 && files.given > 0
      ? ['# index data has no file hashes, so no wheel or sdist below has one. The file names and', '# URLs are the ones the index gave.']
      : ['# index data has no file hashes, so no wheel or sdist below has one. File names are inferred', `# from wheel tags${files.given > 0 ? ' where the index gave none' : ''}${synthetic ? ', and the URLs are placeholders (pipette-synthetic).' : '.'}`];
  return [
    '# Written by Pipette from a simulated resolve, for one target environment.',
    '# NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and Pipette\'s',
    ...names,
    '# Lock again against a real index (for example `pip lock` or `uv export --format pylock.toml`)',
    '# to get an installable file.',
    '',
  ].join('\n');
}

function lockedPackage(pkg: ResolvedPackage, dependencies: readonly string[], context: ExportContext, files: { inferred: number; given: number }): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: pkg.key, version: pkg.version };
  if (pkg.requiresPython) entry['requires-python'] = pkg.requiresPython;
  if (dependencies.length > 0) entry.dependencies = dependencies.map((name) => ({ name }));
  if (context.indexUrl) entry.index = withoutLogin(context.indexUrl);
  const release = findRelease(context.index, pkg.key, pkg.version);
  const distribution = release ? chooseDistribution(pkg.name, release, context.target) : null;
  if (distribution) {
    const location = locateFile(context, pkg.key, pkg.version, distribution);
    if (location.given) files.given++;
    else files.inferred++;
    const file: Record<string, unknown> = { name: location.filename, url: location.url };
    const uploaded = release?.uploadTime ? new Date(release.uploadTime) : null;
    if (uploaded && !Number.isNaN(uploaded.getTime())) file['upload-time'] = uploaded;
    if (distribution.kind === 'wheel') entry.wheels = [file];
    else entry.sdist = file;
  }
  return entry;
}

/** `3.12` for a target running 3.12.x. */
function pythonSeries(target: TargetEnvironment): string {
  return target.python.split('.').slice(0, 2).join('.');
}

/** The target as a PEP 508 marker: the environment this lock was resolved for. */
function environmentMarker(target: TargetEnvironment): string {
  const env = markerEnvironment(target);
  return ['python_full_version', 'implementation_name', 'sys_platform', 'platform_machine']
    .map((name) => `${name} == ${quoteMarkerValue(env[name] ?? '')}`)
    .join(' and ');
}

/** PEP 508 strings have no escapes: quote with whichever quote the value lacks. */
function quoteMarkerValue(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replaceAll('"', '')}"`;
}
