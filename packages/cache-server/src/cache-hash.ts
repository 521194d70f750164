// Nx's task hashes are decimal digits today (a u64); the OpenAPI spec only says "string". We
// accept letters and digits, which covers any hash encoding Nx might move to (hex, base36) and
// nothing that can name a path: no dot, no slash, no percent-escape survives this check.
const HASH = /^[A-Za-z0-9]{1,128}$/;

/** True when `hash` can name a cache entry (and so never escapes the storage folder or prefix). */
export function isCacheHash(hash: string): boolean {
  return HASH.test(hash);
}
