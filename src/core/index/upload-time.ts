/**
 * `--exclude-newer` / uv's `exclude-newer`: whether a release was uploaded after the cut-off.
 * Compared as instants, so an upload time with an offset (`+02:00`) and a cut-off in UTC agree;
 * text that is not a date is compared as text, as it always was.
 */
export function uploadedAfter(uploadTime: string | null, cutoff: string): boolean {
  if (uploadTime === null) return false;
  const at = Date.parse(uploadTime);
  const limit = Date.parse(cutoff);
  return Number.isNaN(at) || Number.isNaN(limit) ? uploadTime > cutoff : at > limit;
}
