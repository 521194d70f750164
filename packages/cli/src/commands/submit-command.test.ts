import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmissions, submissionJobs, type JobState } from '@genlab/cluster';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_VAE } from '../../test-support/temp-workspace';
import { GENLAB_BIN } from '../../test-support/cache-server-process';
import { markedProcesses, startSlurmCluster, type SlurmCluster } from '../../test-support/slurm-cluster';
import { stageContents } from '../../test-support/stage-content';
import { main } from '../main';

// `genlab submit --slurm` against a real Slurm (slurmctld, slurmd and munged on loopback, from
// Debian's slurm-wlm and munge): a 4-variant sweep as 2 array tasks and the report job, one task
// cancelled mid-training and the study resubmitted, compared with a single-machine run.

const VARIANTS = ['latentDim-2_epochs-2', 'latentDim-2_epochs-20', 'latentDim-3_epochs-2', 'latentDim-3_epochs-20'];
// Two of the four train 20 epochs (the cost split puts one in each task) on 1,000 images, a few
// seconds: long enough that a task is cancelled after its first checkpoint and before its last.
// (On 100 images a 20-epoch training ended before scancel reached it.)
const SWEEP = `name: s\n${TINY_VAE.replace('trainLimit: 100,', 'trainLimit: 1000,')}sweep:\n  model.latentDim: [2, 3]\n  train.epochs: [2, 20]\n`;
if (!SWEEP.includes('trainLimit: 1000,')) throw new Error('TINY_VAE no longer reads trainLimit: 100; update SWEEP');
const SPECS = {
  's/experiment.yaml': SWEEP,
  'evaluator/evaluator.yaml': TINY_EVALUATOR,
  'cmp/report.yaml': 'name: cmp\ntitle: On a cluster\nexperiments: [s]\n',
};

interface Run {
  code: number | null;
  out: string;
  err: string;
}
const workspaces: string[] = [];
let cluster: SlurmCluster | null = null;
let skip = '';

const started: ChildProcess[] = [];
function genlab(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [GENLAB_BIN, ...args], { cwd, env: { ...env, GENLAB_THREADS: '1' } });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (err += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
function workspace(): string {
  const ws = makeTempWorkspace(SPECS);
  workspaces.push(ws);
  return ws;
}
/** The environment without a remote cache: the jobs share the workspace's file system. */
function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER;
  delete env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
  return env;
}
const latest = (ws: string) => readSubmissions(ws, 'cmp').at(-1)!;
const jobs = (ws: string) => submissionJobs(latest(ws).dir, latest(ws).record, cluster!.env);
/** Waits for cond (a hang guard, not a timing assertion); on timeout shows the jobs' output. */
async function until(cond: () => boolean, what: string, ms = 600_000, ws?: string): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${ws ? `\n${outputs(ws)}` : ''}`);
  }
}
function outputs(ws: string): string {
  const { dir } = latest(ws);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.out'))
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').slice(-2500)}`)
    .join('\n');
}
const done = (j: JobState[]) => j.every((x) => !x.active);
/**
 * The stages a job's output says it ran: its JSON log lines `running <stage>: <why>`, as
 * `name/variant stage`, leaving out the sections Nx replays from its cache (their header reads
 * `> nx run <task>  [local cache]`, and the stage's old log lines follow it).
 */
function ranStages(output: string): string[] {
  let replayed = false;
  return output.split('\n').flatMap((line) => {
    let o: { msg?: unknown; name?: string; variant?: string; stage?: string };
    try {
      o = JSON.parse(line);
    } catch {
      return [];
    }
    if (typeof o.msg !== 'string') return [];
    if (o.msg.startsWith('> nx run ')) replayed = /\[(local cache|remote cache|existing outputs)/.test(o.msg);
    return !replayed && /^running \w+: /.test(o.msg) && o.stage ? [`${o.name}/${o.variant} ${o.stage}`] : [];
  });
}
const trainedVariants = (output: string) =>
  ranStages(output)
    .filter((s) => s.startsWith('s/') && s.endsWith(' train'))
    .map((s) => s.slice(2, -6));
const shardUnits = (ws: string, index: number) => latest(ws).record.plan.shards[index - 1].units.map((u) => u.slice(2));

beforeAll(async () => {
  const c = await startSlurmCluster();
  if ('skip' in c) skip = c.skip;
  else cluster = c;
}, 60_000);
afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  const dir = cluster?.dir;
  await cluster?.stop();
  if (dir) expect(markedProcesses(dir), 'no Slurm daemon or job process is left').toEqual([]);
  for (const ws of workspaces) rmSync(ws, { recursive: true, force: true });
}, 120_000);

describe('genlab submit: bad input submits nothing', () => {
  let ws: string;
  beforeAll(() => {
    ws = workspace();
  });
  const nothingSubmitted = () =>
    expect(existsSync(join(ws, 'artifacts', '.submit', 'cmp')) && readdirSync(join(ws, 'artifacts', '.submit', 'cmp')).length > 0).toBe(
      false,
    );

  it('an unknown study, --shards 0, a bad --time, a missing --slurm: exit 2, each naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['submit', 'nope', '--slurm'], /no experiment or report named 'nope'/],
      [['submit', 'cmp', '--slurm', '--shards', '0'], /--shards expects a whole number >= 1, found '0'/],
      [['submit', 'cmp', '--slurm', '--time', '90'], /--time expects HH:MM:SS/],
      [['submit', 'cmp'], /needs --slurm/],
      [['submit', 'cmp', '--slurm', '--sbatch-arg', 'mem=4G'], /--sbatch-arg expects one sbatch option/],
    ];
    // In this process: these fail before anything reads the environment.
    for (const [args, message] of cases) {
      let err = '';
      const code = await main(args, { cwd: ws, out: () => undefined, err: (s) => (err += s) });
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(message);
    }
    nothingSubmitted();
  }, 120_000);

  it('no sbatch on PATH: exit 2, saying where to run it; --dry-run still prints the plan and both scripts', async () => {
    // A PATH with node and nothing of Slurm's.
    const bin = mkdtempSync(join(tmpdir(), 'genlab-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    workspaces.push(bin);
    const env = baseEnv({ PATH: bin });
    const r = await genlab(ws, ['submit', 'cmp', '--slurm', '--shards', '9'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('sbatch is not on PATH');
    nothingSubmitted();
    const dry = await genlab(ws, ['submit', 'cmp', '--slurm', '--shards', '9', '--dry-run'], env);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('--shards 9 is more than the 4 variant(s): using 4, one variant each');
    for (let i = 1; i <= 4; i++) expect(dry.out).toMatch(new RegExp(`task ${i}: s/latentDim-\\d_epochs-\\d+: `));
    expect(dry.out).toContain('#SBATCH --array=1-4');
    expect(dry.out).toMatch(/run cmp --shard "\$SLURM_ARRAY_TASK_ID\/4"/);
    expect(dry.out).toContain('--dependency=afterok:<array job>');
    nothingSubmitted();
  }, 120_000);

  it('sbatch refusing the script, or Slurm refusing the job: its message, exit 2, nothing queued and no submission folder', async (ctx) => {
    if (!cluster) return ctx.skip(skip);
    const refused = await genlab(ws, ['submit', 'cmp', '--slurm', '--sbatch-arg=--no-such-option'], baseEnv(cluster.env));
    expect(refused.code, refused.out + refused.err).toBe(2);
    expect(refused.err).toContain('sbatch refused shards.sbatch; nothing was submitted');
    expect(refused.err).toContain('no-such-option');
    nothingSubmitted();
    // 5 nodes on a 1-node cluster: sbatch accepts it held, Slurm refuses it on release.
    const tooBig = await genlab(ws, ['submit', 'cmp', '--slurm', '--sbatch-arg=--nodes=5'], baseEnv(cluster.env));
    expect(tooBig.code, tooBig.out + tooBig.err).toBe(2);
    expect(tooBig.err).toMatch(/Slurm refused to start array job \d+ .*both jobs were cancelled[^]*Requested .* not available/);
    nothingSubmitted();
    await until(
      () => spawnSync('squeue', ['--noheader'], { env: cluster!.env, encoding: 'utf8' }).stdout.trim() === '',
      'the cancelled jobs to leave the queue',
      30_000,
    );
  }, 60_000);
});

describe('a sweep on Slurm: 2 array tasks and the report job', () => {
  let ws: string;
  let single: string;
  let singleRun: Promise<Run>;

  it('a task cancelled mid-training leaves the report job waiting; genlab list shows it; --cancel removes it', async (ctx) => {
    if (!cluster) return ctx.skip(skip);
    ws = workspace();
    single = workspace();
    const env = baseEnv(cluster.env);
    const r = await genlab(ws, ['submit', 'cmp', '--slurm', '--shards', '2', '--cpus-per-task', '1'], env);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/Submitted array job \d+ \(2 task\(s\)\) and report job \d+/);
    expect(r.out).toContain('every node of the default partition is this machine');
    const { dir, record } = latest(ws);
    for (const f of ['shards.sbatch', 'report.sbatch', 'plan.txt', 'submission.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    // The single-machine run to compare with, on the same 1 thread per process, meanwhile.
    singleRun = genlab(single, ['run', 'cmp'], baseEnv());

    // Cancel task 1 once its 20-epoch variant has a training checkpoint (its 2-epoch one would
    // finish before the cancel lands).
    const long = shardUnits(ws, 1).filter((v) => v.endsWith('_epochs-20'));
    expect(long).toHaveLength(1);
    const work = (v: string) => join(ws, 'artifacts', '.work', 's', v);
    const checkpointed = () =>
      long.some(
        (v) =>
          existsSync(work(v)) &&
          readdirSync(work(v)).some(
            (d) =>
              d.startsWith('train-') &&
              existsSync(join(work(v), d, 'checkpoints')) &&
              readdirSync(join(work(v), d, 'checkpoints')).length > 0,
          ),
      );
    await until(
      // Or task 1 ended: `active`, not RUNNING/PENDING, since a task starting under load is
      // CONFIGURING for a moment, and that must not end the wait before any checkpoint exists.
      () => checkpointed() || !jobs(ws)[0].active,
      'a checkpoint in task 1',
      600_000,
      ws,
    );
    expect(jobs(ws)[0].state, readFileSync(join(dir, 'shard-1.out'), 'utf8').slice(-3000)).toBe('RUNNING');
    expect(spawnSync('scancel', [`${record.arrayJob}_1`], { env: cluster.env }).status).toBe(0);
    await until(() => !jobs(ws)[1].active, 'task 2 to finish', 600_000, ws);
    const states = jobs(ws);
    expect(
      states.map((j) => j.state),
      JSON.stringify(states),
    ).toEqual(['CANCELLED', 'COMPLETED', 'PENDING']);
    expect(states[2].detail).toMatch(/Dependency/);

    const list = await genlab(ws, ['list'], env);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(new RegExp(`task 1\\s+${record.arrayJob}_1\\s+CANCELLED`));
    expect(list.out).toMatch(new RegExp(`task 2\\s+${record.arrayJob}_2\\s+COMPLETED`));
    expect(list.out).toMatch(new RegExp(`report\\s+${record.reportJob}\\s+PENDING`));
    // A resubmission while the report job still waits is refused, naming it.
    const again = await genlab(ws, ['submit', 'cmp', '--slurm', '--shards', '2', '--cpus-per-task', '1'], env);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`report ${record.reportJob} PENDING`);
    const cancel = await genlab(ws, ['submit', '--cancel', 'cmp'], env);
    expect(cancel.code, cancel.err).toBe(0);
    expect(cancel.out).toContain(`cancelled report (${record.reportJob}) of cmp`);
    await until(() => done(jobs(ws)), 'the report job to leave');
    // Task 2 trained only its own variants; its output names them.
    const out2 = readFileSync(join(dir, 'shard-2.out'), 'utf8');
    expect(trainedVariants(out2).sort()).toEqual(shardUnits(ws, 2).sort());
  }, 1_200_000);

  it('resubmitted: the cancelled task resumes from its checkpoint, the other restores, the report job runs only the report', async (ctx) => {
    if (!cluster || !ws) return ctx.skip(skip || 'the first submission failed');
    const env = baseEnv(cluster.env);
    const r = await genlab(ws, ['submit', 'cmp', '--slurm', '--shards', '2', '--cpus-per-task', '1'], env);
    expect(r.code, r.out + r.err).toBe(0);
    await until(() => done(jobs(ws)), 'the resubmitted jobs', 600_000, ws);
    const { dir } = latest(ws);
    const out = (f: string) => readFileSync(join(dir, f), 'utf8');
    expect(
      jobs(ws).map((j) => j.state),
      out('report.out').slice(-3000),
    ).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    // Task 1 trains its variants (one of them from the checkpoint); task 2 restores all of its own.
    expect(trainedVariants(out('shard-1.out')).every((v) => shardUnits(ws, 1).includes(v))).toBe(true);
    expect(out('shard-1.out')).toContain('resuming from the checkpoint of epoch');
    expect(ranStages(out('shard-2.out'))).toEqual([]);
    // The report job: every stage but the report restored from the cache.
    expect(ranStages(out('report.out'))).toEqual(['cmp/default report']);
    for (const v of VARIANTS) expect(existsSync(join(ws, 'artifacts', 's', v, 'evaluate', 'manifest.json')), v).toBe(true);

    const s = await singleRun;
    expect(s.code, s.err.slice(-3000)).toBe(0);
    const [onSlurm, onOne] = [stageContents(ws), stageContents(single)] as Record<string, { files: Record<string, unknown> }>[];
    expect(Object.keys(onSlurm).sort()).toEqual(Object.keys(onOne).sort());
    expect(Object.keys(onSlurm)).toHaveLength(1 + 4 * 5 + 1);
    // The report's pages list each stage's wall time, images/s and date: those rows differ, and
    // only those. The classifier-FID-during-training figure plots each epoch against the training
    // time it took, as measured, so it differs too. Every other figure and data file is compared
    // like every other stage's files.
    const pages = ['report.md', 'index.html', 'figures/fid-by-epoch.png', 'figures/fid-by-epoch.svg'];
    for (const k of Object.keys(onOne)) {
      const strip = (c: { files: Record<string, unknown> }) => ({
        ...c,
        files: Object.fromEntries(Object.entries(c.files).filter(([f]) => !pages.includes(f))),
      });
      expect(strip(onSlurm[k]), k).toEqual(strip(onOne[k]));
    }
    const md = (root: string) => readFileSync(join(root, 'artifacts', 'cmp', 'default', 'report', 'report.md'), 'utf8').split('\n');
    const [a, b] = [md(ws), md(single)];
    expect(a.length).toBe(b.length);
    const differing = a.filter((line, i) => line !== b[i]);
    for (const line of differing) expect(line).toMatch(/\| \d+(\.\d+)? s \||\d{4}-\d\d-\d\dT\d\d:/);
  }, 1_200_000);
});
