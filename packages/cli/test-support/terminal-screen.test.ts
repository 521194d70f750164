import { describe, expect, it } from 'vitest';
import { terminalScreen } from './terminal-screen';

describe('terminalScreen', () => {
  it('redraws a line on \\r, erases on ESC[K, drops colours', () => {
    expect(terminalScreen('a\r\n\rstep 1/9 long\x1b[K\rstep 9/9\x1b[K\r\n\x1b[32mINFO\x1b[39m done\r\n')).toEqual([
      'a',
      'step 9/9',
      'INFO done',
      '',
    ]);
  });

  it('keeps fragments written without \\r on one line, as a terminal would', () => {
    expect(terminalScreen('zz: step 1 zz: step 2\n')).toEqual(['zz: step 1 zz: step 2', '']);
  });

  it('refuses cursor movement it cannot interpret', () => {
    expect(() => terminalScreen('x\x1b[1Ay')).toThrow(/unsupported control sequence "\\u001b\[1A"/);
  });
});
