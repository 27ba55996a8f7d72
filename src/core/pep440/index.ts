/**
 * PEP 440: versions and version specifiers.
 * https://packaging.python.org/en/latest/specifications/version-specifiers/
 *
 * What callers may use; the rest of version.ts and specifier.ts is internal.
 */
export {
  InvalidVersionError,
  baseVersion,
  compareBase,
  compareReleasePrefix,
  compareVersions,
  formatVersion,
  isDevRelease,
  isPostRelease,
  isPrerelease,
  parseVersion,
  publicVersion,
  tryParseVersion,
  type PreReleaseLabel,
  type Version,
} from './version.ts';
export {
  InvalidSpecifierError,
  compatiblePrefix,
  compileSpecifier,
  compileSpecifierSet,
  containsVersion,
  formatSpecifier,
  formatSpecifierSet,
  parseSpecifier,
  parseSpecifierSet,
  specifierSetAllowsPrereleases,
  specifierSetMentionsPrerelease,
  type Operator,
  type Specifier,
  type SpecifierSet,
  type VersionPredicate,
} from './specifier.ts';
