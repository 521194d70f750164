import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// Test code is not stage code: editing a test helper (test-support/) or a test leaves every
// stage cached, through real Nx in a copied workspace; editing a stage's source reruns that
// stage. A stage "ran" when its manifest's `created` changed.

const STAGES = ['data', 'model', 'train'] as const;
let root: string;

const created = () =>
  Object.fromEntries(
    STAGES.map((s) => [
      s,
      (JSON.parse(readFileSync(join(root, 'artifacts', 'a', 'default', s, 'manifest.json'), 'utf8')) as { created: string }).created,
    ]),
  );
const ran = (before: Record<string, string>, after: Record<string, string>) => STAGES.filter((s) => before[s] !== after[s]);
const run = async () => {
  let out = '';
  const code = await main(['run', 'a', '--until', 'train'], { cwd: root, out: (s) => (out += s), err: (s) => (out += s) });
  expect(code, out).toBe(0);
};

beforeAll(() => {
  root = makeTempWorkspace({ 'a/experiment.yaml': `name: a\n${TINY_GAN}`, 'evaluator/evaluator.yaml': TINY_EVALUATOR });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('test code in the cache key', () => {
  it('editing test helpers and tests leaves every stage restored; editing a stage source reruns that stage', async () => {
    await run();
    const first = created();
    for (const f of [
      'spec/test-support/tiny-specs.ts', // in @genlab/spec, which every stage's key covers
      'models/test-support/test-specs.ts',
      'train/test-support/stage-fixture.ts',
      'backend/test-support/compare-backends.ts',
      'data/src/rng.test.ts',
    ]) {
      appendFileSync(join(root, 'packages', f), '\n// edited by a test\n');
    }
    await run();
    expect(ran(first, created())).toEqual([]);
    appendFileSync(join(root, 'packages', 'train', 'src', 'loss-row.ts'), '\n// a training change\n');
    await run();
    expect(ran(first, created())).toEqual(['train']);
  });
});
