import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { stageWorkDir } from '@genlab/artifacts';
import { buildReportFixtures } from '@genlab/report/test-support/build-report-fixtures';
import { FIXTURE_VARIANTS } from '@genlab/report/test-support/fixture-values';
import { RunTail } from './run-tail';

const root = mkdtempSync(join(tmpdir(), 'genlab-tail-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FP = '0123456789abcdef';

it('sends only appended complete lines (epochs and steps), grids once complete, a reset when the history restarts, nothing twice when the artifact takes over', async () => {
  await buildReportFixtures(root, FIXTURE_VARIANTS.slice(0, 1));
  const art = join(root, 'artifacts', 'fixture-gan', 'default', 'train');
  const work = stageWorkDir(root, { name: 'fixture-gan', variant: 'default', stage: 'train', fingerprint: FP });
  mkdirSync(join(work, 'grids'), { recursive: true });
  const lines = readFileSync(join(art, 'losses.jsonl'), 'utf8').trimEnd().split('\n');
  const png = readFileSync(join(art, 'grids', 'epoch-0001.png'));
  const tail = new RunTail(root, 'fixture-gan', 'default', FP);

  writeFileSync(join(work, 'losses.jsonl'), `${lines[0]}\n${lines[1].slice(0, 10)}`);
  // Step lines as the training appends them, the last one half-written.
  const step = (n: number) => JSON.stringify({ step: n, epoch: Math.ceil(n / 2), dLoss: 1 / n });
  writeFileSync(join(work, 'step-losses.jsonl'), `${step(1)}\n${step(2)}\n${step(3).slice(0, 7)}`);
  // A grid still being written (no IEND yet) is not announced.
  writeFileSync(join(work, 'grids', 'epoch-0001.png'), png.subarray(0, png.length - 12));
  let u = tail.poll();
  expect(u.losses.map((r) => r.epoch)).toEqual([1]);
  expect(u.steps.map((r) => r.step)).toEqual([1, 2]);
  expect(u.grids).toEqual([]);

  appendFileSync(join(work, 'losses.jsonl'), `${lines[1].slice(10)}\n`);
  appendFileSync(join(work, 'step-losses.jsonl'), `${step(3).slice(7)}\n${step(4)}\n`);
  writeFileSync(join(work, 'grids', 'epoch-0001.png'), png);
  u = tail.poll();
  expect(u.losses.map((r) => r.epoch)).toEqual([2]);
  expect(u.steps).toEqual([
    { step: 3, epoch: 2, dLoss: 1 / 3 },
    { step: 4, epoch: 2, dLoss: 1 / 4 },
  ]);
  expect(u.grids).toEqual([{ epoch: 1, url: `/work-files/fixture-gan/default/${FP}/grids/epoch-0001.png` }]);
  expect(tail.poll()).toEqual({ reset: false, losses: [], steps: [], grids: [] });

  // A resumed run rewrites the history with fewer lines: start over, steps too.
  writeFileSync(join(work, 'losses.jsonl'), `${lines[0]}\n`);
  writeFileSync(join(work, 'step-losses.jsonl'), `${step(1)}\n${step(2)}\n`);
  u = tail.poll();
  expect([u.reset, u.losses.map((r) => r.epoch), u.steps.map((r) => r.step)]).toEqual([true, [1], [1, 2]]);
  appendFileSync(join(work, 'losses.jsonl'), `${lines[1]}\n`);
  expect(tail.poll().losses.map((r) => r.epoch)).toEqual([2]);

  // Training done: the work folder goes, the artifact (3 epochs) takes over; only epoch 3 is new.
  rmSync(work, { recursive: true });
  u = tail.poll();
  expect(u.reset).toBe(false);
  expect(u.losses.map((r) => r.epoch)).toEqual([3]);
  expect(u.grids.map((g) => g.url)).toEqual([1, 2, 3].map((e) => `/files/fixture-gan/default/train/grids/epoch-000${e}.png`));
});
