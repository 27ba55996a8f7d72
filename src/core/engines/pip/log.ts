/**
 * pip 23.2.1's console output: `pip/_internal/utils/logging.py` (INFO on stdout without a
 * prefix, WARNING and ERROR on stderr as "WARNING: " / "ERROR: ", `indent_log()` indenting
 * every line of a record) and the lines `pip/_internal/operations/prepare.py` and
 * `pip/_internal/network/download.py` print while preparing a candidate: "Collecting ...",
 * "Obtaining dependency information for ... from ...", "Downloading URL (size)".
 *
 * The file sizes are those of the files an index built from the snapshot serves
 * (../shared/peers/pip_resolve.py): the metadata file as `email.message.Message` writes it,
 * and the stored (uncompressed) wheel holding METADATA, WHEEL and RECORD.
 */

export type Stream = 'stdout' | 'stderr';

export interface OutputLine {
  readonly stream: Stream;
  readonly text: string;
}

export class PipLog {
  readonly lines: OutputLine[] = [];
  private indentation = 0;

  private emit(stream: Stream, prefix: string, message: string): void {
    const pad = ' '.repeat(this.indentation);
    message.split('\n').forEach((line, i) => this.lines.push({ stream, text: (pad + (i === 0 ? prefix : '') + line).replace(/\s+$/, '') }));
  }

  info(message: string): void {
    this.emit('stdout', '', message);
  }

  warning(message: string): void {
    this.emit('stderr', 'WARNING: ', message);
  }

  /** `logger.error` and `logger.critical`. */
  error(message: string): void {
    this.emit('stderr', 'ERROR: ', message);
  }

  indented<T>(body: () => T): T {
    this.indentation += 2;
    try {
      return body();
    } finally {
      this.indentation -= 2;
    }
  }

  stdout(): string[] {
    return this.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  }

  stderr(): string[] {
    return this.lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
  }

  /**
   * What a capture of stdout followed by stderr holds, stripped and split as
   * pip_resolve.py records it (`(stdout + stderr).strip().splitlines()`).
   */
  captured(): string[] {
    const out = this.stdout();
    const err = this.stderr();
    const text = (out.length ? out.join('\n') + '\n' : '') + (err.length ? err.join('\n') + '\n' : '');
    const trimmed = text.trim();
    return trimmed ? trimmed.split('\n') : [];
  }

  /** The lines in the order a terminal shows them. */
  interleaved(): string[] {
    return this.lines.map((l) => l.text);
  }
}

/** `format_size` from pip/_internal/utils/misc.py. */
export function formatSize(bytes: number): string {
  if (bytes > 1000 * 1000) return `${(bytes / 1000 / 1000).toFixed(1)} MB`;
  if (bytes > 10 * 1000) return `${Math.floor(bytes / 1000)} kB`;
  if (bytes > 1000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${Math.floor(bytes)} bytes`;
}

export interface RawRelease {
  readonly name: string;
  readonly version: string;
  readonly requiresPython: string | null;
  readonly requiresDist: readonly string[];
  readonly providesExtra: readonly string[];
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The METADATA file as the index serves it (`Message.as_string()`: headers, then an empty body). */
export function metadataText(release: RawRelease): string {
  const headers = [`Metadata-Version: 2.1`, `Name: ${release.name}`, `Version: ${release.version}`];
  if (release.requiresPython) headers.push(`Requires-Python: ${release.requiresPython}`);
  for (const r of release.requiresDist) headers.push(`Requires-Dist: ${r}`);
  for (const e of release.providesExtra) headers.push(`Provides-Extra: ${e}`);
  return headers.join('\n') + '\n\n';
}

export function metadataSize(release: RawRelease): number {
  return utf8Length(metadataText(release));
}

/** The size of the stored zip the index serves as the wheel: METADATA, WHEEL (its tags expanded) and RECORD. */
export function wheelSize(release: RawRelease, dist: string, tag: string): number {
  const info = `${dist}-${release.version}.dist-info`;
  const [py = '', abi = '', plat = ''] = splitTag(tag);
  const expanded: string[] = [];
  for (const p of py.split('.')) for (const a of abi.split('.')) for (const q of plat.split('.')) expanded.push(`${p}-${a}-${q}`);
  const wheelFile = 'Wheel-Version: 1.0\nGenerator: peer\nRoot-Is-Purelib: true\n' + expanded.map((t) => `Tag: ${t}\n`).join('');
  const files: [string, number][] = [
    [`${info}/METADATA`, metadataSize(release)],
    [`${info}/WHEEL`, utf8Length(wheelFile)],
  ];
  // RECORD: "path,sha256=<43 base64 characters>,size\n" per file, then its own "path,,\n".
  let record = 0;
  for (const [path, size] of files) record += utf8Length(path) + ',sha256='.length + 43 + 1 + String(size).length + 1;
  record += utf8Length(`${info}/RECORD,,\n`);
  files.push([`${info}/RECORD`, record]);
  // Stored entries: a 30-byte local header and a 46-byte central header per file, each with its name; 22 bytes at the end.
  let total = 22;
  for (const [path, size] of files) total += 76 + 2 * utf8Length(path) + size;
  return total;
}

function splitTag(tag: string): string[] {
  const first = tag.indexOf('-');
  const second = tag.indexOf('-', first + 1);
  return [tag.slice(0, first), tag.slice(first + 1, second), tag.slice(second + 1)];
}
