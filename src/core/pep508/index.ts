/** PEP 508: names, environment markers and dependency specifiers (requirements). */

export { normalizeName, normalizeExtra, isValidName } from './names.ts';
export {
  InvalidMarkerError,
  parseMarker,
  formatMarker,
  evaluateMarker,
  markerVariables,
  defaultMarkerEnvironment,
  MAX_MARKER_NESTING,
  MAX_MARKER_COMPARISONS,
  type Marker,
  type MarkerValue,
  type MarkerOperator,
  type MarkerEnvironment,
} from './marker.ts';
export {
  InvalidRequirementError,
  parseRequirement,
  tryParseRequirement,
  formatRequirement,
  type Requirement,
} from './requirement.ts';
