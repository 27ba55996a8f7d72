/** A file the person picked, read as text: too large or binary files are refused, never shown as junk. */
export type ReadText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export async function readTextFile(file: Blob, limit: number): Promise<ReadText> {
  if (file.size > limit) return { ok: false, reason: `it is ${Math.ceil(file.size / 1024)} kB, more than the ${Math.ceil(limit / 1024)} kB allowed here` };
  return decodeText(new Uint8Array(await file.arrayBuffer()));
}

/** UTF-8 text without NUL bytes; anything else is a binary file. */
export function decodeText(bytes: Uint8Array): ReadText {
  if (bytes.includes(0)) return { ok: false, reason: 'it is a binary file, not text' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'it is not UTF-8 text' };
  }
}
