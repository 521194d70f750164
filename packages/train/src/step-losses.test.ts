import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { appendStepLosses, keepStepLossesUpTo, readStepLosses } from './step-losses';

const dir = mkdtempSync(join(tmpdir(), 'genlab-step-losses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the lines up to the resume step and drops what a killed run wrote after it, half a line included', () => {
  const file = join(dir, 'step-losses.jsonl');
  for (let step = 1; step <= 6; step++) appendStepLosses(file, { step, epoch: step <= 4 ? 1 : 2, loss: step / 10 });
  appendFileSync(file, '{"step":7,"epo'); // killed mid-write
  expect(readStepLosses(file).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
  keepStepLossesUpTo(file, 4);
  expect(readFileSync(file, 'utf8')).toBe([1, 2, 3, 4].map((s) => `{"step":${s},"epoch":1,"loss":${s / 10}}\n`).join(''));
  keepStepLossesUpTo(file, 0);
  expect(readFileSync(file, 'utf8')).toBe('');
  expect(readStepLosses(join(dir, 'none.jsonl'))).toEqual([]);
});
