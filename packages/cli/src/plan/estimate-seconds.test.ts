import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingFlopsPerImage } from '@genlab/models/flops-per-image';
import { loadSpecFile, type LoadedExperiment } from '@genlab/spec';
import { TINY_GAN } from '../../test-support/temp-workspace';
import { BENCH_PAPER_GAN_IMAGES_PER_SEC, estimateSeconds, SpeedBook } from './estimate-seconds';
import type { PlannedStage } from './plan-stages';

const root = mkdtempSync(join(tmpdir(), 'genlab-estimate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec = (loadSpecFile('experiments/g/experiment.yaml', `name: g\n${TINY_GAN}`) as LoadedExperiment).spec;
const write = (variant: string, stage: string, m: object) => {
  mkdirSync(join(root, 'artifacts', 'g', variant, stage), { recursive: true });
  writeFileSync(
    join(root, 'artifacts', 'g', variant, stage, 'manifest.json'),
    JSON.stringify({
      stage,
      name: 'g',
      variant,
      fingerprint: 'f',
      slice: {},
      upstream: {},
      created: '2026-01-01T00:00:00Z',
      wallTimeSec: 3,
      files: [],
      result: {},
      ...m,
    }),
  );
};
const planned = (p: Partial<PlannedStage>) =>
  ({
    stage: 'train',
    name: 'g',
    variant: 'default',
    action: 'run',
    reason: '',
    changed: [],
    continuesFrom: null,
    onDisk: null,
    restored: null,
    resolved: { spec } as PlannedStage['resolved'],
    ...p,
  }) as PlannedStage;

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
    expect(estimateSeconds(planned({ stage: 'sample', variant: 'other' }), book)).toEqual({
      seconds: 7,
      from: 'median of 1 earlier sample stage(s)',
    });
    expect(estimateSeconds(planned({ stage: 'evaluate' }), book).seconds).toBeNull();
    expect(estimateSeconds(planned({ action: 'restore' }), book).seconds).toBe(0);
  });

  it('goes by the earlier run of the model closest in FLOPs per image', () => {
    const wider = {
      ...spec.model,
      generator: spec.model.generator!.map((l) => ('filters' in l && l.filters !== 1 ? { ...l, filters: l.filters! * 8 } : l)),
    };
    write('wide', 'model', { slice: { seed: 3, model: wider } });
    write('wide', 'train', { result: { imagesPerSec: 40 }, created: '2026-02-01T00:00:00Z' }); // the newest run
    const book = new SpeedBook(root);
    expect(book.train[0].variant).toBe('wide');
    const est = estimateSeconds(planned({ variant: 'third' }), book);
    expect(est.from).toContain('(the train run of g/default)');
    expect(est.seconds).toBeCloseTo(100 / 500, 9);
    const wideEst = estimateSeconds(
      planned({ variant: 'third', resolved: { spec: { ...spec, model: wider } } as PlannedStage['resolved'] }),
      book,
    );
    expect(wideEst.from).toContain('(the train run of g/wide)');
  });

  it('falls back to the bench figure when nothing has trained here', () => {
    const empty = new SpeedBook(join(root, 'nowhere'));
    const est = estimateSeconds(planned({}), empty);
    expect(est.from).toMatch(
      new RegExp(
        `paper GAN at (${BENCH_PAPER_GAN_IMAGES_PER_SEC.native} images/s on native|${BENCH_PAPER_GAN_IMAGES_PER_SEC.wasm} images/s on wasm)`,
      ),
    );
    expect(est.seconds).toBeGreaterThan(0);
  });
});
