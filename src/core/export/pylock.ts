/**
 * An install plan as a `pylock.toml` lock file (PEP 751):
 * https://packaging.python.org/en/latest/specifications/pylock-toml/
 *
 * The lock covers the one target it was resolved for (`environments`, `requires-python`).
 * Each file has the `hashes` its index gave, when a live index gave them. The spec requires a
 * hash for every file, so a lock with a file that has none can't be installed by an installer
 * that follows the spec: a snapshot has no files at all, only wheel tags, so its file names are
 * inferred and none has a hash; a live index may give no hash for some files. The comment at
 * the top says which case this is; Pipette downloads no file, so no hash is checked by it.
 */
import { stringify } from 'smol-toml';
import { markerEnvironment, type TargetEnvironment } from '../environment/index.ts';
import type { ResolvedPackage } from '../solver/index.ts';
import { chooseDistribution, findRelease, locateFile, SYNTHETIC_FILE_BASE_URL, type ExportContext } from './distribution.ts';
import { dependenciesOf } from './order.ts';
import { withoutLogin } from '../redact-logins.ts';
import { clipText } from '../clip-text.ts';

export const PYLOCK_VERSION = '1.0';
export const PYLOCK_CREATED_BY = 'pipette';

/** How the locked files were named, and which have no hash. */
interface FileTally {
  inferred: number;
  given: number;
  /** Names of the files without a hash, in the order locked. */
  readonly unhashed: string[];
}

export function toPylock(success: { readonly packages: readonly ResolvedPackage[] }, context: ExportContext): string {
  const dependencies = dependenciesOf(success.packages);
  const files: FileTally = { inferred: 0, given: 0, unhashed: [] };
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

/** At most this many files without a hash are named in the header. */
const UNHASHED_NAMED = 5;

function header(context: ExportContext, files: FileTally): string {
  const total = files.inferred + files.given;
  const unhashed = files.unhashed.length;
  const synthetic = files.inferred > 0 && (context.fileBaseUrl ?? SYNTHETIC_FILE_BASE_URL) === SYNTHETIC_FILE_BASE_URL;
  const names =
    files.inferred === 0 && files.given > 0
      ? 'The file names and URLs are the ones the index gave.'
      : `File names are inferred from wheel tags${files.given > 0 ? ' where the index gave none' : ''}${synthetic ? ', and the URLs are placeholders (pipette-synthetic).' : '.'}`;
  const lockAgain = 'Lock again against a real index (for example `pip lock` or `uv export --format pylock.toml`) to get an installable file.';
  let body: string[];
  if (total > 0 && unhashed === 0) {
    body = [`Every wheel and sdist below has the hashes its index gave. ${names} Pipette downloaded none of the files: an installer checks each against its hashes as it downloads it.`];
  } else if (unhashed < total) {
    const listed = files.unhashed.slice(0, UNHASHED_NAMED).map(commentSafe).join(', ') + (unhashed > UNHASHED_NAMED ? ` and ${unhashed - UNHASHED_NAMED} more` : '');
    body = [
      `NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and ${unhashed} of the ${total} wheels and sdists below ${unhashed === 1 ? 'has' : 'have'} none (the index gave none${files.inferred > 0 ? ', or named no file' : ''}): ${listed}. An installer that follows the spec will refuse this file; the other files have the hashes their index gave.`,
      names,
      lockAgain,
    ];
  } else {
    const why = context.givenFile ? 'the index gave no hashes for these files' : "Pipette's index data has no file hashes";
    body = [`NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and ${why}, so no wheel or sdist below has one. ${names}`, lockAgain];
  }
  return `${['Written by Pipette from a simulated resolve, for one target environment.', ...body].flatMap((paragraph) => wrap(paragraph, 94)).map((line) => `# ${line}`.trimEnd()).join('\n')}\n`;
}

/**
 * A file name as the index gave it, fit for a TOML comment: control characters (which TOML
 * forbids there, and a line break would end the comment) become U+FFFD, and a long name is cut.
 */
function commentSafe(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return safe.length > 120 ? `${clipText(safe, 119)}…` : safe;
}

/** `text` in lines of at most `width` characters, broken between words (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function lockedPackage(pkg: ResolvedPackage, dependencies: readonly string[], context: ExportContext, files: FileTally): Record<string, unknown> {
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
    if (Object.keys(location.hashes).length > 0) file.hashes = { ...location.hashes };
    else files.unhashed.push(location.filename);
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
