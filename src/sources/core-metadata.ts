/**
 * Core metadata files (`METADATA`, `PKG-INFO`, PEP 658's `.metadata`): the RFC 822 style
 * headers of https://packaging.python.org/en/latest/specifications/core-metadata/, versions
 * 1.0 to 2.4. Only what resolving needs is kept: Name, Version, Requires-Dist,
 * Requires-Python, Provides-Extra. Headers end at the first empty line; the body (the long
 * description) is never read.
 */
import type { DataWarning } from '../core/index.ts';

export interface CoreMetadata {
  readonly metadataVersion: string | null;
  readonly name: string | null;
  readonly version: string | null;
  /** As written, in order; parsing them is the resolver's business. */
  readonly requiresDist: readonly string[];
  readonly requiresPython: string | null;
  readonly providesExtra: readonly string[];
  readonly warnings: readonly DataWarning[];
}

/** Metadata versions this reader was written against. */
const KNOWN_METADATA_VERSIONS = new Set(['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '2.3', '2.4']);

/**
 * Reads the header block. A line starting with a space or tab continues the previous header
 * (RFC 5322 folding: the line break goes, the whitespace stays). `where` names the file in
 * warnings, e.g. `requests 2.31.0`.
 */
export function parseCoreMetadata(text: string, where: string): CoreMetadata {
  const headers: [string, string][] = [];
  const warnings: DataWarning[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = headers[headers.length - 1];
      if (last) last[1] += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      warnings.push({ kind: 'invalid-field', message: `${where}: metadata line ${i + 1} is not a "Name: value" header; skipped: ${JSON.stringify(line.slice(0, 80))}` });
      continue;
    }
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }

  const all = (key: string) => headers.filter(([k]) => k === key).map(([, v]) => v.trim());
  const one = (key: string) => all(key)[0] ?? null;

  const metadataVersion = one('metadata-version');
  if (metadataVersion === null) {
    warnings.push({ kind: 'invalid-field', message: `${where}: the metadata has no Metadata-Version; read as if it were 2.1` });
  } else if (!KNOWN_METADATA_VERSIONS.has(metadataVersion)) {
    warnings.push({ kind: 'unsupported', message: `${where}: Metadata-Version ${metadataVersion} is newer than Pipette knows (up to 2.4); read as far as it is understood` });
  }
  return {
    metadataVersion,
    name: one('name'),
    version: one('version'),
    requiresDist: all('requires-dist').filter(Boolean),
    requiresPython: one('requires-python') || null,
    providesExtra: all('provides-extra').filter(Boolean),
    warnings,
  };
}
