/**
 * What a distribution's file name says: wheel or source distribution, which version, which
 * wheel tags. Wheels follow the binary distribution format
 * (https://packaging.python.org/en/latest/specifications/binary-distribution-format/);
 * source distributions follow PEP 625 (`name-version.tar.gz`) or the older archive names pip
 * still accepts. Eggs, Windows installers and the like are not installable by pip, so they
 * are skipped without a word, as pip does.
 */
import { normalizeName, parseWheelFilename } from '../core/index.ts';

export type DistributionFilename =
  | {
      readonly kind: 'wheel';
      /** The version as written in the file name. */
      readonly version: string;
      /** Compressed tag triple as written, e.g. `cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64`. */
      readonly tags: string;
    }
  | { readonly kind: 'sdist'; readonly version: string };

export type FilenameVerdict =
  | { readonly ok: true; readonly file: DistributionFilename }
  /** `other-format`: not a wheel or an sdist; `other-project`: names another project; `malformed`: a wheel name that can't be read. */
  | { readonly ok: false; readonly reason: 'other-format' | 'other-project' | 'malformed' };

/** Archive suffixes pip accepts for source distributions, longest first so `.tar.gz` wins over `.gz`. */
const SDIST_SUFFIXES = ['.tar.lzma', '.tar.bz2', '.tar.gz', '.tar.xz', '.tar.lz', '.tar', '.tbz', '.tgz', '.tlz', '.txz', '.zip'] as const;

export function parseDistributionFilename(filename: string, projectKey: string): FilenameVerdict {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl')) {
    const wheel = parseWheelFilename(filename);
    if (!wheel) return { ok: false, reason: 'malformed' };
    if (normalizeName(wheel.name) !== projectKey) return { ok: false, reason: 'other-project' };
    const tags = filename.slice(0, -'.whl'.length).split('-').slice(-3).join('-');
    return { ok: true, file: { kind: 'wheel', version: wheel.version, tags } };
  }
  const suffix = SDIST_SUFFIXES.find((s) => lower.endsWith(s));
  if (!suffix) return { ok: false, reason: 'other-format' };
  const stem = filename.slice(0, -suffix.length);
  const version = sdistVersion(stem, projectKey);
  return version === null ? { ok: false, reason: 'other-project' } : { ok: true, file: { kind: 'sdist', version } };
}

/**
 * The version part of `name-version`, where both may hold dashes (`django-cms-3.0-rc1`): the
 * first dash whose left side normalises to the project's name splits them (pip's rule).
 */
function sdistVersion(stem: string, projectKey: string): string | null {
  for (let dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
    if (normalizeName(stem.slice(0, dash)) === projectKey) {
      const version = stem.slice(dash + 1);
      return version === '' ? null : version;
    }
  }
  return null;
}
