/** One word for bash: single-quoted unless it is plain (letters, digits, and `_-./:=@%+,`). */
export function shellQuote(word: string): string {
  return /^[\w\-./:=@%+,]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
