/**
 * Decodes a spec file's bytes as UTF-8, refusing what is not: Node's 'utf8' decoding would turn
 * a Latin-1 or UTF-16 file into U+FFFD characters silently, and the spec would then be read with
 * values the user never wrote. A UTF-8 byte-order mark is fine (YAML allows it).
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { issue: { line: number; col: number; found: string } } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { issue: { line: 1, col: 1, found: 'UTF-16 LE (byte-order mark FF FE); save the file as UTF-8' } };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { issue: { line: 1, col: 1, found: 'UTF-16 BE (byte-order mark FE FF); save the file as UTF-8' } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).split('\n');
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    return {
      issue: {
        line: before.length,
        col: before[before.length - 1].length + 1,
        found: `the byte 0x${hex} at offset ${at}, which is not UTF-8 (Latin-1 or another legacy encoding?)`,
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length - 1;
}
