import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingFlopsPerImage } from '@genlab/models/src/flops-per-image';
import { loadSpecFile, type LoadedExperiment } from '@genlab/spec';
import { TINY_GAN } from '../testing/temp-workspace';
import { BENCH_PAPER_GAN_IMAGES_PER_SEC, estimateSeconds, SpeedBook } from './estimate-seconds';
import type { PlannedStage } from './plan-stages';

const root = mkdtempSync(join(tmpdir(), 'genlab-estimate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec = (loadSpecFile('experiments/g/experiment.yaml', `name: g\n${TINY_GAN}`) as LoadedExperiment).spec;
const write = (variant: string, stage: string, m: object) => {
  mkdirSync(join(root, 'artifacts', 'g', variant, stage), { recursive: true });
  writeFileSync(join(root, 'artifacts', 'g', variant, stage, 'manifest.json'), JSON.stringify({ stage, name: 'g', variant, fingerprint: 'f', slice: {}, upstream: {}, created: '2026-01-01T00:00:00Z', wallTimeSec: 3, files: [], result: {}, ...m }));
};
const planned = (p: Partial<PlannedStage>) => ({ stage: 'train', name: 'g', variant: 'default', action: 'run', reason: '', changed: [], continuesFrom: null, onDisk: null, restored: null, resolved: { spec } as PlannedStage['resolved'], ...p }) as PlannedStage;

describe('estimateSeconds', () => {
  it('times training by FLOPs over the FLOP/s an earlier train stage reached, fewer epochs when continuing', () => {
    write('default', 'model', { slice: { seed: 3, model: spec.model } });
    write('default', 'train', { result: { imagesPerSec: 500 } });
    write('default', 'sample', { wallTimeSec: 7 });
    const book = new SpeedBook(root);
    const flopsPerSec = 500 * trainingFlopsPerImage(spec.model);
    expect(book.train[0].flopsPerSec).toBeCloseTo(flopsPerSec, 6);
    // TINY_GAN: 100 training images, 1 epoch; the same model, so the same images/s.
    expect(estimateSeconds(planned({}), book).seconds).toBeCloseTo((100 * 1) / 500, 9);
    const longer = { ...spec, train: { ...spec.train, epochs: 5 } };
    const est = estimateSeconds(planned({ continuesFrom: 2, resolved: { spec: longer } as PlannedStage['resolved'] }), book);
    expect(est.seconds).toBeCloseTo((100 * 3) / 500, 9);
    expect(est.from).toContain('3 epoch(s) x 100 images');
    expect(estimateSeconds(planned({ stage: 'sample', variant: 'other' }), book)).toEqual({ seconds: 7, from: 'median of 1 earlier sample stage(s)' });
    expect(estimateSeconds(planned({ stage: 'evaluate' }), book).seconds).toBeNull();
    expect(estimateSeconds(planned({ action: 'restore' }), book).seconds).toBe(0);
  });

  it('falls back to the bench figure when nothing has trained here', () => {
    const empty = new SpeedBook(join(root, 'nowhere'));
    const est = estimateSeconds(planned({}), empty);
    expect(est.from).toContain(`${BENCH_PAPER_GAN_IMAGES_PER_SEC} images/s`);
    expect(est.seconds).toBeGreaterThan(0);
  });
});
