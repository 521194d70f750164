import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempWorkspace, TINY_EVALUATOR, TINY_GAN, TINY_VAE } from '../../test-support/temp-workspace';
import { GENLAB_BIN, startCacheServerProcess, type CacheServerProcess, type ServerLogLine } from '../../test-support/cache-server-process';

// Results shared between machines, end to end with real processes on loopback: `genlab cache
// serve` over a folder, and fresh workspaces ("clones", each with its own artifacts/ and
// .nx/cache) running `genlab run` through Nx against it. One server and one sequence of runs
// carry every assertion, to keep the real training this costs small.

const RW = 'rw-token-for-tests-0123456789';
const RO = 'ro-token-for-tests-0123456789';
const SPECS = {
  'g/experiment.yaml': `name: g\n${TINY_GAN}`,
  // A sweep of two variants, marked on-demand: only shards (a person's run) may train it.
  's/experiment.yaml': `name: s\nonDemand: true\n${TINY_VAE}sweep:\n  model.latentDim: [2, 3]\n`,
  'evaluator/evaluator.yaml': TINY_EVALUATOR,
  'cmp/report.yaml': 'name: cmp\ntitle: Shared results\nexperiments: [g, s]\n',
};
const UNITS = ['g/default', 's/latentDim-2', 's/latentDim-3'];

let storeDir: string;
let server: CacheServerProcess;
let serverUrl: string;
let serverLog: ServerLogLine[];
const workspaces: string[] = [];

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `genlab <args>` as its own process in `cwd`, with the remote cache set up by `token`. */
function genlab(
  cwd: string,
  args: string[],
  token: string | null,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Run> } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const k of ['NX_SELF_HOSTED_REMOTE_CACHE_SERVER', 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN', 'GENLAB_ON_DEMAND'])
    if (!(k in extraEnv)) delete env[k];
  if (token !== null)
    Object.assign(env, { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: serverUrl, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token });
  const child = spawn(process.execPath, [GENLAB_BIN, ...args], { cwd, env });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (err += c));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err }))) };
}
const run = (cwd: string, args: string[], token: string | null, env?: Record<string, string>) => genlab(cwd, args, token, env).done;

function clone(): string {
  const ws = makeTempWorkspace(SPECS);
  workspaces.push(ws);
  return ws;
}

/** Every file under artifacts/<name>/<variant>/<stage>/ (what Nx caches), relative to artifacts/. */
function stageFiles(ws: string): string[] {
  const base = join(ws, 'artifacts');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
  return existsSync(base)
    ? walk(base)
        .map((f) => relative(base, f))
        .filter((f) => !f.startsWith('.'))
        .sort()
    : [];
}
const read = (ws: string, rel: string) => readFileSync(join(ws, 'artifacts', rel));
const manifest = (ws: string, unit: string, stage: string) => read(ws, `${unit}/${stage}/manifest.json`).toString();
const trained = (ws: string) => UNITS.filter((u) => existsSync(join(ws, 'artifacts', u, 'train', 'manifest.json')));
const storedEntries = () =>
  readdirSync(storeDir)
    .filter((d) => !d.startsWith('.'))
    .flatMap((d) => readdirSync(join(storeDir, d)));
const until = async (cond: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !cond() && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
};

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'genlab-remote-'));
  server = await startCacheServerProcess(storeDir, { read: RO, write: RW });
  serverUrl = server.url;
  serverLog = server.log;
});
afterAll(() => {
  server.child.kill('SIGKILL');
  for (const ws of workspaces) rmSync(ws, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

describe('sharing results through genlab cache serve', () => {
  let a: string;
  const shards: Record<string, string> = {};

  it('two shards split a sweep, concurrently, each training only its variants', async () => {
    a = clone();
    // The evaluator is upstream of every shard: one job computes it first (study.yml's
    // `shared` job), so both shards restore the same bytes instead of racing to compute it.
    expect((await run(a, ['run', 'evaluator'], RW)).code).toBe(0);
    const [s1, s2] = [clone(), clone()];
    const [r1, r2] = await Promise.all([run(s1, ['run', 'cmp', '--shard', '1/2'], RW), run(s2, ['run', 'cmp', '--shard', '2/2'], RW)]);
    expect([r1.code, r2.code], r1.err + r2.err).toEqual([0, 0]);
    const [t1, t2] = [trained(s1), trained(s2)];
    expect(t1.length).toBeGreaterThan(0);
    expect(t2.length).toBeGreaterThan(0);
    expect([...t1, ...t2].sort()).toEqual(UNITS);
    for (const u of t1) expect(r1.out).toContain(u);
    for (const u of t2) expect(r2.out).toContain(u);
    for (const u of t1) shards[u] = s1;
    for (const u of t2) shards[u] = s2;
    // neither shard computed the evaluator: both restored A's
    for (const s of [s1, s2])
      expect(read(s, 'evaluator/default/evaluator/manifest.json').equals(read(a, 'evaluator/default/evaluator/manifest.json'))).toBe(true);
  }, 600_000);

  it('the report run after the shards executes only the report', async () => {
    const r = await run(a, ['run', 'cmp'], RW);
    expect(r.code, r.err).toBe(0);
    for (const u of UNITS) {
      for (const stage of ['data', 'model', 'train', 'sample', 'evaluate'])
        expect(manifest(a, u, stage), `${u} ${stage}`).toBe(manifest(shards[u], u, stage));
    }
    expect(existsSync(join(a, 'artifacts', 'cmp', 'default', 'report', 'report.md'))).toBe(true);
  }, 300_000);

  let b: string;
  it('a fresh clone with a read-only token restores everything byte for byte and runs no stage', async () => {
    b = clone();
    const entries = storedEntries().length;
    // GENLAB_ON_DEMAND=refuse as on CI: the on-demand sweep is in the cache, so nothing refuses.
    const r = await run(b, ['run', 'cmp'], RO, { GENLAB_ON_DEMAND: 'refuse' });
    expect(r.code, r.err).toBe(0);
    const files = stageFiles(b);
    expect(files.filter((f) => f.endsWith('manifest.json'))).toHaveLength(3 * 5 + 2);
    for (const f of files) expect(read(b, f).equals(read(a, f)), f).toBe(true);
    // 17 cached tasks (5 stages x 3 variants, evaluator, report), each restored from the server;
    // the 18th task Nx counts is the sweep's aggregate `evaluate`, a no-op.
    expect((r.out.match(/\[remote cache\]/g) ?? []).length).toBe(17);
    expect(r.out).toContain('for 17 out of 18 tasks');
    expect(storedEntries()).toHaveLength(entries);
  }, 300_000);

  it('after one edit the read-only clone reruns that stage and its downstream locally; its uploads get 403; exit 0', async () => {
    const before = serverLog.length;
    const entries = storedEntries().length;
    writeFileSync(
      join(b, 'experiments', 'g', 'experiment.yaml'),
      SPECS['g/experiment.yaml'].replace('sample: { count: 50,', 'sample: { count: 60,'),
    );
    const r = await run(b, ['run', 'cmp'], RO);
    expect(r.code, r.err).toBe(0);
    for (const stage of ['data', 'model', 'train']) expect(manifest(b, 'g/default', stage)).toBe(manifest(a, 'g/default', stage));
    for (const stage of ['sample', 'evaluate']) expect(manifest(b, 'g/default', stage)).not.toBe(manifest(a, 'g/default', stage));
    expect(read(b, 'cmp/default/report/manifest.json').equals(read(a, 'cmp/default/report/manifest.json'))).toBe(false);
    const puts = serverLog.slice(before).filter((l) => l.req?.method === 'PUT');
    expect(puts.map((l) => l.res?.statusCode)).toEqual([403, 403, 403]);
    expect(storedEntries()).toHaveLength(entries);
  }, 300_000);

  it('an on-demand study whose training is not in the cache refuses to train under GENLAB_ON_DEMAND=refuse', async () => {
    const trainBefore = manifest(b, 's/latentDim-2', 'train');
    writeFileSync(
      join(b, 'experiments', 's', 'experiment.yaml'),
      SPECS['s/experiment.yaml'].replace('train: { epochs: 2,', 'train: { epochs: 3,'),
    );
    const r = await run(b, ['run', 's', '--variant', 'latentDim-2', '--until', 'train'], RO, { GENLAB_ON_DEMAND: 'refuse' });
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).toContain('s is an on-demand study');
    expect(manifest(b, 's/latentDim-2', 'train')).toBe(trainBefore);
    writeFileSync(join(b, 'experiments', 's', 'experiment.yaml'), SPECS['s/experiment.yaml']);
  }, 300_000);

  it('when the server is killed mid-run, the run finishes locally and exits 0', async () => {
    const evaluateBefore = manifest(b, 'g/default', 'evaluate');
    writeFileSync(
      join(b, 'experiments', 'g', 'experiment.yaml'),
      SPECS['g/experiment.yaml'].replace('evaluate: { samples: 50,', 'evaluate: { isSplits: 5, samples: 50,'),
    );
    const { child, done } = genlab(b, ['run', 'cmp'], RW);
    // Kill the server as soon as the first stage of this run has finished.
    const changed = () => {
      try {
        return manifest(b, 'g/default', 'evaluate') !== evaluateBefore;
      } catch {
        return false; // the stage folder is being replaced
      }
    };
    await until(() => child.exitCode !== null || changed(), 300_000);
    expect(child.exitCode).toBeNull();
    server.child.kill('SIGKILL');
    const r = await done;
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`the remote cache at ${serverUrl} is unreachable (ECONNREFUSED); going on with the local cache only`);
    expect(JSON.parse(manifest(b, 'g/default', 'evaluate')).slice.evaluate.isSplits).toBe(5);
    expect(read(b, 'cmp/default/report/report.md').length).toBeGreaterThan(0);
  }, 300_000);
});
