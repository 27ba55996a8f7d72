/**
 * The target environment of a resolve and the wheels it can install: what
 * callers outside `src/core/environment/` may use.
 */

export {
  ARCHITECTURES,
  DEFAULT_TARGET,
  MARKER_VARIABLES,
  TargetError,
  describePlatform,
  describeTarget,
  implementationVersion,
  machineName,
  makeTarget,
  markerEnvironment,
  normalizeArch,
  parsePlatformSpec,
  targetFromMarkers,
} from './target.ts';
export type {
  Implementation,
  Libc,
  MarkerVariable,
  OperatingSystem,
  TargetEnvironment,
} from './target.ts';

export {
  InvalidWheelTagError,
  bestTagPriority,
  compatibleTags,
  describePlatformTag,
  formatWheelTag,
  isAnyTagCompatible,
  isTagCompatible,
  parseWheelFilename,
  parseWheelTags,
  platformTags,
  platformsOf,
  tagCompatibility,
  tagPriority,
  tryParseWheelTags,
} from './tags.ts';
export type { TagCompatibility, TagMismatch, WheelTag } from './tags.ts';

export {
  KNOWN_PYTHON_VERSIONS,
  PythonVersionError,
  normalizePythonVersion,
  pythonVersionsWith,
} from './python-versions.ts';
