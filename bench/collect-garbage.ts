/**
 * A full garbage collection before a timed run, when Node runs with --expose-gc (`npm run bench`
 * does): a run is then not charged for collecting what earlier runs or the load left behind
 * (reading a 9 MB snapshot again leaves tens of megabytes). Without the flag it does nothing.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
