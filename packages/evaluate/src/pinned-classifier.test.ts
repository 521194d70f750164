import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StageError } from '@genlab/artifacts';
import { readMnistSplit } from '@genlab/data';
import { runEvaluatorFixture, tinyEvaluatorSpec } from '../test-support/test-fixtures';

// An evaluator with `pinned` weights scores with exactly those weights on every machine: the
// stage copies them byte for byte after checking their hash, their fit and their accuracy.
// The MNIST splits the stage reads, recorded (each read still happens).
vi.mock('@genlab/data', async (importOriginal) => {
  const data = await importOriginal<typeof import('@genlab/data')>();
  return { ...data, readMnistSplit: vi.fn(data.readMnistSplit) };
});

const root = mkdtempSync(join(tmpdir(), 'genlab-pinned-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const artifact = (name: string) => join(root, 'artifacts', name, 'default', 'evaluator');

describe('an evaluator with pinned weights', () => {
  let pinnedSha = '';
  beforeAll(async () => {
    // Weights to pin: a tiny classifier trained once, copied where a spec can name them.
    await runEvaluatorFixture(root, artifact('trained'), tinyEvaluatorSpec({ name: 'trained' }));
    cpSync(join(artifact('trained'), 'classifier'), join(root, 'published', 'classifier'), { recursive: true });
    pinnedSha = sha256(join(root, 'published', 'classifier', 'weights.bin'));
  });

  it('copies the weights byte for byte and records their accuracy, without training', async () => {
    const spec = tinyEvaluatorSpec({ name: 'pinned', pinned: { weights: 'published/classifier', sha256: pinnedSha } });
    const m = await runEvaluatorFixture(root, artifact('pinned'), spec);
    expect(sha256(join(artifact('pinned'), 'classifier', 'weights.bin'))).toBe(pinnedSha);
    const r = m.result as { testAccuracy: number; pinned: unknown; epochs?: number };
    expect(r.pinned).toEqual({ weights: 'published/classifier', sha256: pinnedSha });
    expect(r.epochs).toBeUndefined();
    const trained = (JSON.parse(readFileSync(join(artifact('trained'), 'manifest.json'), 'utf8')) as { result: { testAccuracy: number } })
      .result;
    expect(r.testAccuracy).toBe(trained.testAccuracy); // the same weights, the same test images
  });

  it('reads only the MNIST test split (training reads both)', async () => {
    const splits = () => vi.mocked(readMnistSplit).mock.calls.map((c) => c[0]);
    vi.mocked(readMnistSplit).mockClear();
    const spec = tinyEvaluatorSpec({ name: 'pinned-reads', pinned: { weights: 'published/classifier', sha256: pinnedSha } });
    await runEvaluatorFixture(root, artifact('pinned-reads'), spec);
    expect(splits()).toEqual(['test']);
    vi.mocked(readMnistSplit).mockClear();
    await runEvaluatorFixture(root, artifact('trained-reads'), tinyEvaluatorSpec({ name: 'trained-reads', trainLimit: 100 }));
    expect(splits()).toEqual(['test', 'train']);
  });

  it('refuses weights whose hash is not the one the spec names, leaving no artifact', async () => {
    const spec = tinyEvaluatorSpec({ name: 'other', pinned: { weights: 'published/classifier', sha256: '0'.repeat(64) } });
    const run = runEvaluatorFixture(root, artifact('other'), spec);
    await expect(run).rejects.toThrow(StageError);
    await expect(run).rejects.toThrow(`published/classifier/weights.bin has SHA-256 ${pinnedSha}, the spec names ${'0'.repeat(64)}`);
    expect(existsSync(artifact('other'))).toBe(false);
  });

  it('refuses weights that do not fit the spec network, a missing folder, and a folder outside the workspace', async () => {
    const wider = tinyEvaluatorSpec({ name: 'wider', pinned: { weights: 'published/classifier', sha256: pinnedSha } });
    wider.network = wider.network.map((l) => (l.type === 'dense' ? { ...l, units: 32 } : l));
    await expect(runEvaluatorFixture(root, artifact('wider'), wider)).rejects.toThrow(
      /published\/classifier does not fit the network in the spec/,
    );
    const missing = tinyEvaluatorSpec({ name: 'missing', pinned: { weights: 'nowhere', sha256: pinnedSha } });
    await expect(runEvaluatorFixture(root, artifact('missing'), missing)).rejects.toThrow('pinned.weights: nowhere/model.json is missing');
    const outside = tinyEvaluatorSpec({ name: 'outside', pinned: { weights: '../elsewhere', sha256: pinnedSha } });
    await expect(runEvaluatorFixture(root, artifact('outside'), outside)).rejects.toThrow("'../elsewhere' is outside the workspace");
    for (const n of ['wider', 'missing', 'outside']) expect(existsSync(artifact(n))).toBe(false);
  });

  it("fails below minAccuracy, saying the weights are not this evaluator's", async () => {
    const strict = tinyEvaluatorSpec({
      name: 'strict',
      minAccuracy: 0.9999,
      pinned: { weights: 'published/classifier', sha256: pinnedSha },
    });
    await expect(runEvaluatorFixture(root, artifact('strict'), strict)).rejects.toThrow(
      /below minAccuracy 99\.99% with the pinned weights published\/classifier/,
    );
  });
});
