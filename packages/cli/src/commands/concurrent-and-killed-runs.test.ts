import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireStageLock, runStage, type StageResult } from '@genlab/artifacts';
import { EXPERIMENT_STAGES, loadWorkspace, type Stage } from '@genlab/spec';
import { main } from '../main';
import { resolveStage } from '../resolve-stage';
import { packageVersion } from './stage-command';
import { stageContent } from '../../test-support/stage-content';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// Issue 9's acceptance, end to end with real processes and real files, kept tiny (1 epoch on
// 100 images) because CI has 2 cores: concurrent `genlab run`s of one experiment and of two
// experiments sharing the evaluator; kill -9 of every stage at a random point, then a rerun;
// a byte flipped in an upstream file; SIGTERM to `genlab run` during training.

let root: string;
const REPORT = 'name: cmp\ntitle: Tiny\nexperiments: [g, h]\n';
// 20 short epochs, a checkpoint every 2: long enough to be interrupted during training.
const SLOW = `name: slow\n${TINY_GAN.replace('train: { epochs: 1, batchSize: 25, checkpointEvery: 1 }', 'train: { epochs: 20, batchSize: 25, checkpointEvery: 2 }')}`;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = makeTempWorkspace({
    'g/experiment.yaml': `name: g\n${TINY_GAN}`,
    'h/experiment.yaml': `name: h\n${TINY_GAN}`,
    'slow/experiment.yaml': SLOW,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'cmp/report.yaml': REPORT,
  });
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** `genlab ...` as a separate process; `out` collects stdout and stderr. */
function genlabProcess(...argv: string[]): {
  child: ChildProcess;
  out: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const env = { ...process.env };
  for (const k of ['GENLAB_RUN_PID', 'GENLAB_RUN_STARTED', 'GENLAB_NO_WAIT']) delete env[k];
  const child = spawn(process.execPath, [join(root, 'packages/cli/bin/genlab.cjs'), ...argv], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, done };
}

async function genlab(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd: root, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/**
 * What `genlab stage <stage> <name>` does, in this process, with `run` standing in for the stage
 * function: everything the runner checks before a stage reads its upstream, and whether the
 * stage was reached.
 */
function stageInProcess(stage: Stage, name: string, run: () => Promise<StageResult>) {
  return runStage({ ...resolveStage(loadWorkspace(root), stage, name), root, packageVersion: packageVersion(root), run });
}

const stageDir = (name: string, stage: string) => join(root, 'artifacts', name, 'default', stage);
const manifestOf = (name: string, stage: string) => JSON.parse(readFileSync(join(stageDir(name, stage), 'manifest.json'), 'utf8'));

/** A stage folder's content (see stageContent); `otherName`: comparing two experiments of one spec, which differ in their names. */
function contentOf(name: string, stage: string, opts: { otherName?: boolean } = {}): unknown {
  const content = stageContent(stageDir(name, stage));
  if (!opts.otherName) return content;
  // Names, and the upstream manifests (recorded in train's state.json and every manifest) that hold them.
  const nameless = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(nameless) : v && typeof v === 'object' ? { ...v, upstream: undefined, name: undefined } : v;
  return {
    files: Object.fromEntries(Object.entries(content.files).map(([f, v]) => [f, nameless(v)])),
    manifest: nameless(content.manifest),
  };
}

/** Temp folders and locks anywhere under artifacts/ (none may be left). */
function leftovers(dir = join(root, 'artifacts')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    const own = /\.tmp-|\.lock/.test(e.name) ? [relative(root, p)] : [];
    return [...own, ...(e.isDirectory() && !own.length ? leftovers(p) : [])];
  });
}

/** Processes that a `genlab run` started (they inherit its GENLAB_RUN_PID) and are still there. */
function survivorsOf(runPid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`GENLAB_RUN_PID=${runPid}`);
      } catch {
        return false; // gone while we looked
      }
    })
    .map(Number);
}

/** Nx's output less the task sections it replayed from its cache (`> nx run g:train  [local cache]`). */
function executedOutput(out: string): string {
  return out
    .split(/^(?=> nx run )/m)
    .filter((section) => !/^> nx run \S+\s+\[(local cache|remote cache|existing outputs)/.test(section))
    .join('');
}

const until = async (cond: () => boolean, what: string, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const STAGES = EXPERIMENT_STAGES;

describe('concurrent runs, kills and damaged files', () => {
  it('two concurrent runs of g and one of h (sharing the evaluator): every stage runs once, all exit 0, same artifacts', async () => {
    const runs = [genlabProcess('run', 'g'), genlabProcess('run', 'g'), genlabProcess('run', 'h')];
    const results = await Promise.all(runs.map((r) => r.done));
    const all = runs.map((r) => executedOutput(r.out())).join('\n');
    expect(
      results.map((r) => r.code),
      all.slice(-3000),
    ).toEqual([0, 0, 0]);
    const ran = (name: string, stage: string) =>
      all.split('\n').filter((l) => l.includes(`"stage":"${stage}","name":"${name}"`) && l.includes(`"msg":"running ${stage}:`)).length;
    for (const name of ['g', 'h']) for (const stage of STAGES) expect(ran(name, stage), `${name} ${stage}`).toBe(1);
    expect(ran('evaluator', 'evaluator')).toBe(1);
    // g (built by whichever run got each lock first) and h (built alone) are the same spec.
    for (const stage of STAGES)
      expect(contentOf('g', stage, { otherName: true }), stage).toEqual(contentOf('h', stage, { otherName: true }));
    expect(leftovers()).toEqual([]);
    expect((await genlab('run', 'cmp')).code).toBe(0);
    expect((await genlab('verify')).code).toBe(0);
  }, 600_000); // three pipelines at once on 2 cores

  it('--no-wait fails at once, naming who holds the stage', async () => {
    // Another process holding g's train lock, as a second `genlab run` would while training.
    const code = `require('tsx/cjs/api').register();
      require(${JSON.stringify(join(root, 'packages/artifacts/src/stage-lock.ts'))}).acquireStageLock(${JSON.stringify(stageDir('g', 'train'))}, { wait: true })
        .then(() => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); });`;
    const holder = spawn(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    await new Promise((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(null)));
    const p = genlabProcess('stage', 'train', 'g', '--no-wait');
    expect((await p.done).code).toBe(1);
    expect(p.out()).toMatch(
      new RegExp(`another genlab process is working on this stage \\(pid ${holder.pid} on .+, since \\d{4}-.*--no-wait`),
    );
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('close', resolve));
    // Its lock stays behind (kill -9) and is taken over at once, without waiting.
    expect(existsSync(join(root, 'artifacts/g/default/.train.lock'))).toBe(true);
    (await acquireStageLock(stageDir('g', 'train'), { wait: false })).release();
    expect(existsSync(join(root, 'artifacts/g/default/.train.lock'))).toBe(false);
  });

  // Reverse pipeline order, so every stage is rebuilt from the very upstream artifacts its
  // reference was built from.
  const KILLS: [string, string][] = [
    ['report', 'cmp'],
    ['evaluate', 'g'],
    ['sample', 'g'],
    ['train', 'g'],
    ['model', 'g'],
    ['data', 'g'],
    ['evaluator', 'evaluator'],
  ];
  it.each(KILLS)('kill -9 of the %s stage at a random point, then a rerun: the same artifact, nothing left behind', async (stage, name) => {
    const reference = contentOf(name, stage);
    const wallMs = manifestOf(name, stage).wallTimeSec * 1000;
    rmSync(stageDir(name, stage), { recursive: true });
    const p = genlabProcess('stage', stage, name);
    await until(() => p.out().includes(`"msg":"running ${stage}:`) || p.child.exitCode !== null, `${stage} to start`);
    const delay = Math.random() * wallMs * 1.2;
    await new Promise((r) => setTimeout(r, delay));
    p.child.kill('SIGKILL');
    const killed = await p.done;
    // A process of its own, as Nx runs it (in this one, tfjs would suffix the layer names of a
    // model it built before, e.g. kernel_1, and they are saved in the optimizer state).
    const rerun = genlabProcess('stage', stage, name);
    expect(
      (await rerun.done).code,
      `rerun after a kill at ${delay.toFixed(0)} ms (${killed.signal ?? killed.code}): ${rerun.out().slice(-2000)}`,
    ).toBe(0);
    expect(contentOf(name, stage)).toEqual(reference);
    expect(leftovers()).toEqual([]);
    const work = join(root, 'artifacts', '.work', name, 'default');
    expect(existsSync(work) ? readdirSync(work).filter((d) => d.startsWith(`${stage}-`)) : []).toEqual([]);
  });

  // data, model and the evaluator read MNIST itself, whose files are pinned by SHA-256 (data package).
  const FLIPS: [string, string, string, string][] = [
    ['train', 'g', 'model', 'generator/weights.bin'],
    ['train', 'g', 'data', 'train-images.u8'],
    ['sample', 'g', 'train', 'checkpoints/epoch-0001/generator/weights.bin'],
    ['evaluate', 'g', 'sample', 'samples.u8'],
    ['evaluate', 'g', 'evaluator', 'classifier/weights.bin'],
    ['report', 'cmp', 'train', 'losses.jsonl'],
  ];
  it.each(FLIPS)(
    'a byte flipped in an upstream file of %s (%s) is refused before use, naming %s/%s; verify finds it',
    async (stage, name, upStage, file) => {
      const upName = upStage === 'evaluator' ? 'evaluator' : 'g';
      const path = join(stageDir(upName, upStage), file);
      const good = readFileSync(path);
      const bad = Buffer.from(good);
      bad[Math.floor(bad.length / 2)] ^= 0x20;
      writeFileSync(path, bad);
      const before = manifestOf(name, stage).created;
      let reached = false;
      const err = await stageInProcess(stage as Stage, name, async () => ((reached = true), { result: {} })).catch((e: Error) => e);
      expect((err as Error).message).toContain(`${stageDir(upName, upStage)}: ${file} is damaged`);
      expect(reached).toBe(false);
      expect(manifestOf(name, stage).created).toBe(before);
      const v = await genlab('verify');
      expect(v.code).toBe(1);
      expect(v.err).toContain(`artifacts/${upName}/default/${upStage}: ${file} is damaged`);
      writeFileSync(path, good);
    },
  );

  it('Nx restores a damaged artifact from its intact cache entry', async () => {
    // The stages were rebuilt above outside Nx; one Nx run caches this state first.
    expect((await genlab('run', 'g')).code).toBe(0);
    const path = join(stageDir('g', 'model'), 'generator/weights.bin');
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[10] ^= 0xff;
    writeFileSync(path, bad);
    expect((await genlab('verify', 'g')).code).toBe(1);
    expect((await genlab('run', 'g')).code).toBe(0);
    expect(readFileSync(path).equals(good)).toBe(true);
    expect((await genlab('verify', 'g')).code).toBe(0);
  });

  it('SIGTERM to genlab run during training: it exits non-zero, no process survives, the next run resumes', async () => {
    const run = genlabProcess('run', 'slow', '--until', 'train');
    const work = join(root, 'artifacts', '.work', 'slow', 'default');
    const checkpoints = () =>
      existsSync(work)
        ? readdirSync(work)
            .filter((d) => d.startsWith('train-'))
            .flatMap((d) => (existsSync(join(work, d, 'checkpoints')) ? readdirSync(join(work, d, 'checkpoints')) : []))
        : [];
    await until(() => checkpoints().length > 0 || run.child.exitCode !== null, 'a first checkpoint');
    run.child.kill('SIGTERM');
    const { code, signal } = await run.done;
    expect(code !== 0 || signal !== null, run.out().slice(-2000)).toBe(true);
    // The stage notices that its genlab run is gone and stops at its next step boundary.
    await until(() => survivorsOf(run.child.pid!).length === 0, 'no process of that genlab run left', 60_000).catch(() => undefined);
    expect(survivorsOf(run.child.pid!)).toEqual([]);
    expect(checkpoints().length).toBeGreaterThan(0);
    expect(leftovers().filter((f) => f.startsWith('artifacts/slow/'))).toEqual([]);
    const again = await genlab('run', 'slow', '--until', 'train');
    expect(again.code).toBe(0);
    expect(readFileSync(join(stageDir('slow', 'train'), 'log.jsonl'), 'utf8')).toContain('resuming from the checkpoint of epoch');
  }, 300_000);
});
