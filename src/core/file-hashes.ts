/**
 * A file's hashes as its index gives them (PEP 503's `#sha256=<hex>` link fragments, PEP 691's
 * `hashes` object), for the exports that name the file: pip's report and pylock.toml.
 *
 * Only well-formed hashes are kept: a hash function pip 23.2 knows (`_SUPPORTED_HASHES` in
 * src/pip/_internal/models/link.py) with a hex digest exactly as long as that function's. An
 * index may send anything (`blake2b_256`, `sha256=zz`, a megabyte of hex); what is not such a
 * hash is dropped, so it never reaches an export, and nothing fails because of it. pip itself
 * keeps a malformed digest and fails the download on it; Pipette downloads no file, so it only
 * leaves the hash out.
 */

/** A hash function's name (`sha256`) to the file's hex digest, lower case, in the order the index gave them. */
export type FileHashes = Readonly<Record<string, string>>;

/** pip 23.2's `_SUPPORTED_HASHES`, in its order, with the length of each one's hex digest. */
export const SUPPORTED_HASHES: ReadonlyMap<string, number> = new Map([
  ['sha512', 128],
  ['sha384', 96],
  ['sha256', 64],
  ['sha224', 56],
  ['sha1', 40],
  ['md5', 32],
]);

const HEX = /^[0-9a-f]+$/;

/**
 * The well-formed hashes of `hashes`, in their order: names and digests lower-cased (a hex
 * digest means the same in either case), anything else left out. The first spelling of a name wins.
 */
export function wellFormedHashes(hashes: Readonly<Record<string, unknown>>): FileHashes {
  const kept = new Map<string, string>();
  for (const [rawName, rawDigest] of Object.entries(hashes)) {
    const name = rawName.toLowerCase();
    const length = SUPPORTED_HASHES.get(name);
    if (length === undefined || kept.has(name) || typeof rawDigest !== 'string' || rawDigest.length !== length) continue;
    const digest = rawDigest.toLowerCase();
    if (HEX.test(digest)) kept.set(name, digest);
  }
  return Object.fromEntries(kept);
}
