import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Size and SHA-256 of one file, as manifest.json records them (DVC records an md5 per output). */
export interface FileChecksum {
  size: number;
  sha256: string;
}

// 1 MiB at a time: constant memory however large the file (the paper's data artifact is ~55 MB),
// and synchronous so readManifest (called from sync code in every stage) can verify.
const CHUNK = 1 << 20;
let buffer: Buffer | undefined;

/** Hashes a file by streaming it through SHA-256 in fixed-size chunks. */
export function hashFile(file: string): FileChecksum {
  buffer ??= Buffer.allocUnsafe(CHUNK);
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    let size = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(n === CHUNK ? buffer : buffer.subarray(0, n));
      size += n;
    }
    if (size !== fstatSync(fd).size) throw new Error(`${file} changed while it was hashed`);
    return { size, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}
