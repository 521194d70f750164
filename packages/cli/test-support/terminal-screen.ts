/**
 * What a terminal shows after receiving `bytes`, as lines of text (scrollback included): a
 * minimal interpreter of what genlab run may write, enough to tell a line redrawn in place from
 * fragments run together. Handles printable text, \r, \n, \b, ESC[K (erase to end of line) and
 * colours (ESC[...m, dropped); any other control sequence (cursor movement, screen clears) is an
 * error, so a test notices output it cannot judge.
 */
export function terminalScreen(bytes: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i];
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row += 1;
      col = 0; // the pty's onlcr turns \n into \r\n
      lines[row] ??= [];
    } else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\x1b') {
      const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(bytes.slice(i, i + 32));
      if (!m) throw new Error(`terminalScreen: unsupported escape at byte ${i}: ${JSON.stringify(bytes.slice(i, i + 12))}`);
      if (m[2] === 'K' && (m[1] === '' || m[1] === '0')) lines[row].length = Math.min(lines[row].length, col);
      else if (m[2] !== 'm') throw new Error(`terminalScreen: unsupported control sequence ${JSON.stringify(m[0])} at byte ${i}`);
      i += m[0].length - 1;
    } else if (ch >= ' ' || ch === '\t') {
      while (lines[row].length < col) lines[row].push(' ');
      lines[row][col++] = ch;
    }
  }
  return lines.map((l) => l.join('').trimEnd());
}
