import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { makeTempWorkspace, REPO_ROOT, TINY_GAN } from '../../test-support/temp-workspace';

// The cache test of issue 2, end to end: real YAML, real Nx, real (tiny) stages, in a temporary
// workspace. A stage "ran" when its manifest's `created` changed; Nx restoring or keeping a
// cached folder leaves the manifest byte for byte as it was.

const STAGES = ['data', 'model', 'train'] as const;
let root: string;

const created = (exp: string) =>
  Object.fromEntries(
    STAGES.map((s) => [
      s,
      (JSON.parse(readFileSync(join(root, 'artifacts', exp, 'default', s, 'manifest.json'), 'utf8')) as { created: string }).created,
    ]),
  );
const ran = (before: Record<string, string>, after: Record<string, string>) => STAGES.filter((s) => before[s] !== after[s]);
const specFile = (exp: string) => join(root, 'experiments', exp, 'experiment.yaml');
const edit = (exp: string, from: string, to: string) => {
  const text = readFileSync(specFile(exp), 'utf8');
  if (!text.includes(from)) throw new Error(`test setup: '${from}' not in ${exp}`);
  writeFileSync(specFile(exp), text.replace(from, to));
};
const run = async (exp: string) => {
  let out = '';
  const code = await main(['run', exp, '--until', 'train'], { cwd: root, out: (s) => (out += s) });
  expect(code, out).toBe(0);
};

beforeAll(() => {
  root = makeTempWorkspace({
    'a/experiment.yaml': `name: a\n${TINY_GAN}`,
    'b/experiment.yaml': `name: b\n${TINY_GAN}`,
    'evaluator/evaluator.yaml': readFileSync(join(REPO_ROOT, 'experiments/evaluator/evaluator.yaml'), 'utf8'),
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('genlab run through Nx: each stage is cached on its own inputs', () => {
  it('runs every stage the first time and none the second time', async () => {
    await run('a');
    const first = created('a');
    await run('a');
    expect(ran(first, created('a'))).toEqual([]);
  });

  it('reruns only the stage whose slice changed (train.epochs -> train)', async () => {
    const before = created('a');
    edit('a', 'epochs: 1,', 'epochs: 2,');
    let plan = '';
    expect(await main(['run', 'a', '--until', 'train', '--dry-run'], { cwd: root, out: (s) => (plan += s) })).toBe(0);
    expect(plan).toMatch(/run +train +a +changed train\.epochs \(continues from epoch 1\)/);
    await run('a');
    expect(ran(before, created('a'))).toEqual(['train']);
    // Nx runs the train target (its fingerprint changed) without clearing the old folder first,
    // so the stage finds the 1-epoch artifact and trains only epoch 2 on top of it.
    const train = JSON.parse(readFileSync(join(root, 'artifacts', 'a', 'default', 'train', 'manifest.json'), 'utf8')) as {
      result: { continuedFrom: { epochs: number } | null };
    };
    expect(train.result.continuedFrom?.epochs).toBe(1);
  });

  it('reruns a stage and its downstream (data.trainLimit -> data, train; not model)', async () => {
    const before = created('a');
    edit('a', 'trainLimit: 100', 'trainLimit: 120');
    await run('a');
    expect(ran(before, created('a'))).toEqual(['data', 'train']);
  });

  it("leaves an experiment cached when another experiment's YAML changes", async () => {
    const before = created('a');
    edit('b', 'seed: 3', 'seed: 4');
    await run('a');
    expect(ran(before, created('a'))).toEqual([]);
  });

  it('lists the stages as done', async () => {
    let out = '';
    expect(await main(['list'], { cwd: root, out: (s) => (out += s) })).toBe(0);
    expect(out).toMatch(/^a\s+default\s+done\s+done\s+done\s+-\s+-$/m);
  });

  it('list gives the states and reasons --dry-run gives, on the same edited workspace', async () => {
    edit('a', 'trainLimit: 120', 'trainLimit: 140');
    const plan = await capture(['run', 'a', '--until', 'train', '--dry-run']);
    const list = await capture(['list', 'a']);
    expect(list).toMatch(/^a\s+default\s+stale\s+done\s+stale\s+-\s+-$/m);
    expect(list).not.toMatch(/^b\s/m); // `list <name>` lists only that experiment
    for (const stage of ['data', 'train']) {
      const reason = new RegExp(`^  run +${stage} +a +(.*?)(  ~.*)?$`, 'm').exec(plan)![1];
      expect(list).toContain(`  a ${stage}: ${reason}`);
    }
    expect(list).toContain('  a train: upstream data runs');
    const json = JSON.parse(await capture(['list', 'a', '--json'])) as {
      experiments: { stages: Record<string, { state: string; reason?: string }> }[];
    };
    expect(json.experiments[0].stages.data).toEqual({ state: 'stale', reason: 'changed data.trainLimit' });
  });

  it('list shows a damaged artifact as damaged, and verify says genlab run restores it from the cache', async () => {
    const dir = join(root, 'artifacts', 'a', 'default', 'model');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: string[] };
    writeFileSync(join(dir, manifest.files[0]), 'damaged');
    expect(await capture(['list', 'a'])).toMatch(/^a\s+default\s+stale\s+damaged\s+stale\s+-\s+-$/m);
    let err = '';
    expect(await main(['verify', 'a'], { cwd: root, out: () => {}, err: (s) => (err += s) })).toBe(1);
    expect(err).toContain('restore it from the Nx cache: genlab run a --until model');
    await run('a');
    expect(await main(['verify', 'a'], { cwd: root, out: () => {}, err: () => {} })).toBe(0);
  });
});

async function capture(argv: string[]): Promise<string> {
  let out = '';
  const code = await main(argv, { cwd: root, out: (s) => (out += s) });
  expect(code, out).toBe(0);
  return out;
}
