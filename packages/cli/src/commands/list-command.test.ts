import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentProcess, lockFileOf, stageWorkDir } from '@genlab/artifacts';
import { loadWorkspace } from '@genlab/spec';
import { resolveStage } from '../resolve-stage';
import { TINY_EVALUATOR, TINY_GAN, makeTempWorkspace } from '../../test-support/temp-workspace';
import { listCommand } from './list-command';

const spec = `name: g\n${TINY_GAN.replace(/^train: .*$/m, 'train: { epochs: 10, batchSize: 25, checkpointEvery: 2 }')}`;
const root = makeTempWorkspace({ 'g/experiment.yaml': spec, 'evaluator/evaluator.yaml': TINY_EVALUATOR }, { packages: false });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const trainColumn = () => {
  let text = '';
  listCommand(root, (s) => (text += s));
  const header = text.split('\n')[0]!;
  const row = text.split('\n').find((l) => l.startsWith('g '))!;
  return row.slice(header.indexOf('train'), header.indexOf('sample')).trim();
};

describe('genlab list', () => {
  it('shows how far an unfinished train stage got, and whether a live process trains it', () => {
    expect(trainColumn()).toBe('-');
    const r = resolveStage(loadWorkspace(root), 'train', 'g');
    const work = stageWorkDir(root, { name: 'g', variant: 'default', stage: 'train', fingerprint: r.fingerprint });
    mkdirSync(join(work, 'checkpoints', 'epoch-0002'), { recursive: true });
    writeFileSync(join(work, 'checkpoints', 'epoch-0002', 'state.json'), '{}');
    mkdirSync(join(work, 'checkpoints', '.epoch-0004.tmp-1-x'), { recursive: true }); // a checkpoint being written: not one yet
    writeFileSync(join(work, 'losses.jsonl'), '{"epoch":1}\n{"epoch":2}\n{"epoch":3}\n');
    expect(trainColumn()).toBe('3/10 stopped, resumes at 2');

    mkdirSync(join(root, 'artifacts', 'g', 'default'), { recursive: true });
    const lock = lockFileOf(r.dir);
    writeFileSync(lock, JSON.stringify({ ...currentProcess(), since: new Date().toISOString() }));
    expect(trainColumn()).toBe('3/10 running');
    writeFileSync(lock, JSON.stringify({ ...currentProcess(), startTicks: -1, since: new Date().toISOString() })); // its pid now runs another process
    expect(trainColumn()).toBe('3/10 stopped, resumes at 2');
  });
});
