import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stageWorkDir } from '@genlab/artifacts';
import { TINY_EVALUATOR, TINY_GAN, TINY_VAE, makeTempWorkspace } from '@genlab/cli/test-support/temp-workspace';
import { buildReportFixtures } from '@genlab/report/test-support/build-report-fixtures';
import { headlessChromium } from '@genlab/report/test-support/headless-chromium';
import { experimentSlice, fingerprint, loadWorkspace } from '@genlab/spec';

// The acceptance test of genlab ui: the real command on a free port, a real tiny training started
// beside it in the same workspace, real headless Chromium (from npm, as the report's browser test).
// The pages are loaded once; everything after that must arrive by server-sent events.

process.env.GENLAB_LOG_LEVEL = 'error';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "quotes"`;
const EPOCHS = 8;
/** 500 training images in batches of 25 (the spec below). */
const STEPS_PER_EPOCH = 20;
/** Screenshots stay here after the run (for docs/). */
const SHOTS = join(tmpdir(), 'genlab-ui-browser');

const spec = `name: live\n${TINY_GAN.replace(/^description: .*$/m, `description: '${HOSTILE.replace(/'/g, "''")}'`)
  .replace(/^data: .*$/m, 'data: { trainLimit: 500, testLimit: 50 }')
  .replace(/^train: .*$/m, `train: { epochs: ${EPOCHS}, batchSize: 25, checkpointEvery: 4, sampleEvery: 1 }`)}`;

let root: string;
let browser: Browser;
let ui: ChildProcess;
let url: string;
const children: ChildProcess[] = [];
const env = { ...process.env, GENLAB_THREADS: '1', GENLAB_LOG_LEVEL: 'error', GENLAB_PROGRESS: 'log' };
const bin = () => join(root, 'packages/cli/bin/genlab.cjs');

function genlab(args: string[]): void {
  const r = spawnSync(process.execPath, [bin(), ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`genlab ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

beforeAll(async () => {
  // Besides the live run: a sweep not run yet (one data artifact), and the report tests' fixture
  // artifacts, whose specs are not in experiments/ (listed as runs without a spec).
  const sweep = `name: sweep\n${TINY_VAE}sweep:\n  model.latentDim: [2, 4]\n`;
  // A report spec whose title is hostile too (listed on the runs page, not built).
  const report = `name: hostile-report\ntitle: '${HOSTILE.replace(/'/g, "''")}'\nexperiments: [live]\n`;
  root = makeTempWorkspace({
    'live/experiment.yaml': spec,
    'sweep/experiment.yaml': sweep,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'hostile-report/report.yaml': report,
  });
  await buildReportFixtures(root);
  genlab(['stage', 'data', 'sweep', '--variant', 'latentDim-2']);
  genlab(['stage', 'data', 'live']);
  genlab(['stage', 'model', 'live']);
  ui = spawn(process.execPath, [bin(), 'ui', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(ui);
  url = await new Promise<string>((ok, fail) => {
    let out = '';
    ui.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) ok(m[1]);
    });
    ui.once('exit', (code) => fail(new Error(`genlab ui exited ${code}: ${out}`)));
  });
  const { executablePath, env: browserEnv } = await headlessChromium();
  browser = await chromium.launch({ executablePath, env: browserEnv, args: ARGS });
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

it('shows a training live without reloading: running, the loss chart gaining points, new epoch grids; then compares two runs', async () => {
  const runs = await browser.newPage({ viewport: { width: 1400, height: 560 } });
  const run = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  for (const p of [runs, run]) p.on('request', (r) => requests.push(r.url()));
  await runs.goto(`${url}/`);
  await run.goto(`${url}/runs/live/default`);
  // A marker a reload would lose.
  for (const p of [runs, run]) await p.evaluate('window.__sameDocument = true');

  const row = 'tr[data-run="live/default"]';
  await runs.waitForSelector(`${row} td[data-stage="model"][data-state="done"]`);
  expect(await runs.textContent(`${row} td[data-stage="train"]`)).toBe('missing');
  // The hostile description is text: shown as written, run as nothing.
  expect(await runs.textContent(`${row} td.description`)).toBe(HOSTILE);
  expect(await runs.evaluate('window.__pwned')).toBeUndefined();
  expect(await runs.$$('td.description script, td.description img')).toEqual([]);
  expect(await runs.textContent('li[data-report="hostile-report"]')).toContain(HOSTILE);
  expect(await runs.$$('#reports script, #reports img')).toEqual([]);

  // Start the training, and hold it still (SIGSTOP) once its first epochs are written, so the
  // pages are looked at while it is under way whatever the speed of the machine.
  const train = spawn(process.execPath, [bin(), 'stage', 'train', 'live'], { cwd: root, env, stdio: 'ignore' });
  children.push(train);
  const v = loadWorkspace(root).experiments[0].variants[0];
  const losses = join(
    stageWorkDir(root, {
      name: 'live',
      variant: 'default',
      stage: 'train',
      fingerprint: fingerprint('train', experimentSlice(v.spec, 'train')),
    }),
    'losses.jsonl',
  );
  const grids = () => join(losses, '..', 'grids');
  // Stopped a few steps into epoch 2, so steps that no epoch line covers yet are on the page.
  const stepsFile = join(losses, '..', 'step-losses.jsonl');
  await waitUntil(
    () =>
      existsSync(losses) &&
      readFileSync(losses, 'utf8').split('\n').length > 1 &&
      existsSync(join(grids(), 'epoch-0001.png')) &&
      existsSync(stepsFile) &&
      readFileSync(stepsFile, 'utf8').split('\n').length > STEPS_PER_EPOCH + 5,
  );
  train.kill('SIGSTOP');
  const epochsAtStop = readFileSync(losses, 'utf8').trim().split('\n').length;
  expect(epochsAtStop).toBeLessThan(EPOCHS);
  // Every step written so far, mid-epoch ones included (complete lines: the process is stopped).
  const stepText = readFileSync(stepsFile, 'utf8');
  const stepsAtStop = stepText.slice(0, stepText.lastIndexOf('\n') + 1).split('\n').length - 1;
  expect(stepsAtStop).toBeGreaterThanOrEqual(epochsAtStop * STEPS_PER_EPOCH);

  await runs.waitForSelector(`${row} td[data-stage="train"][data-state="running"]`);
  // Epochs done, and the step of the epoch under way (the process is stopped: the files hold still).
  const inEpoch = stepsAtStop - epochsAtStop * STEPS_PER_EPOCH;
  const progress = `${epochsAtStop}/${EPOCHS} epochs${inEpoch > 0 ? `, step ${inEpoch}/${STEPS_PER_EPOCH} of epoch ${epochsAtStop + 1}` : ''}, ETA `;
  // (Waited for: the page may still show a snapshot from just before the stop.)
  await runs.waitForSelector(`${row} td[data-stage="train"] small:has-text("${progress}")`);
  // A second genlab process for the same stage waits on its lock, and the page says so.
  const second = spawn(process.execPath, [bin(), 'stage', 'train', 'live'], { cwd: root, env, stdio: 'ignore' });
  children.push(second);
  await runs.waitForSelector(`${row} td[data-stage="train"] small:has-text("1 more waiting on its lock")`);
  await run.waitForFunction(`Number(document.querySelector('#loss-chart')?.getAttribute('data-rows')) >= ${epochsAtStop}`);
  // The chart holds each step as it landed: the last one written before the stop is on it.
  await run.waitForFunction(`document.querySelector('#loss-chart')?.getAttribute('data-last-step') === '${stepsAtStop}'`);
  expect(await run.$$eval('#loss-chart .mark-line path', (ps) => ps.length)).toBeGreaterThan(0);
  const pointsWhileStopped = await run.$$eval('#loss-chart .mark-symbol path', (ps) => ps.length);
  expect(pointsWhileStopped).toBeGreaterThan(0);
  await run.waitForSelector('#grid[data-epoch]');
  const firstGrid = Number(await run.getAttribute('#grid', 'data-epoch'));
  await runs.screenshot({ path: join(SHOTS, 'ui-runs.png') });
  await run.screenshot({ path: join(SHOTS, 'ui-run.png'), fullPage: true });

  train.kill('SIGCONT');
  await run.waitForFunction(`Number(document.querySelector('#loss-chart')?.getAttribute('data-rows')) === ${EPOCHS}`);
  await run.waitForFunction(`document.querySelector('#loss-chart')?.getAttribute('data-steps') === '${EPOCHS * STEPS_PER_EPOCH}'`);
  expect(await run.$$eval('#loss-chart .mark-symbol path', (ps) => ps.length)).toBeGreaterThan(pointsWhileStopped);
  // The slider followed the newest epoch, and its image is a real, loaded PNG.
  await run.waitForFunction(`document.querySelector('#grid')?.getAttribute('data-epoch') === '${EPOCHS}'`);
  expect(EPOCHS).toBeGreaterThan(firstGrid);
  await run.waitForFunction("document.querySelector('#grid').complete && document.querySelector('#grid').naturalWidth > 0");
  expect((await run.getAttribute('#epoch-slider', 'data-epochs'))!.split(',').map(Number)).toEqual(
    Array.from({ length: EPOCHS }, (_, i) => i + 1),
  );
  await runs.waitForSelector(`${row} td[data-stage="train"][data-state="done"]`);
  for (const p of [train, second]) await new Promise<void>((ok) => (p.exitCode !== null ? ok() : p.once('exit', () => ok())));
  expect(train.exitCode).toBe(0);
  // The waiter found the artifact built meanwhile, from the same inputs, and reused it.
  expect(second.exitCode).toBe(0);
  for (const p of [runs, run]) expect(await p.evaluate('window.__sameDocument')).toBe(true);

  // Compare two finished runs (fixture artifacts: FID 14.2 and 31.7), picked on the runs page.
  expect(await runs.textContent('tr[data-run="fixture-gan/default"] td[data-metric="fid"]')).toBe('14.20');
  expect(await runs.textContent('tr[data-run="sweep/latentDim-2"] td[data-stage="data"]')).toBe('done');
  expect(await runs.textContent('tr[data-run="sweep/latentDim-4"] td[data-stage="model"]')).toBe('missing');
  await runs.screenshot({ path: join(SHOTS, 'ui-runs-done.png') });
  await runs.check('tr[data-run="fixture-gan/default"] input[type=checkbox]');
  await runs.check('tr[data-run="fixture-vae/default"] input[type=checkbox]');
  await runs.click('#compare-selected');
  await runs.waitForURL(/\/compare\?/);
  const compare = runs;
  await compare.setViewportSize({ width: 1300, height: 900 });
  await compare.waitForSelector('body[data-ready="1"]');
  const fid = 'tr[data-metric="fid"] td[data-run="fixture-vae/default"]';
  expect(await compare.textContent(fid)).toBe('31.70 +17.50 (123.2%)');
  expect(await compare.getAttribute(`${fid} .delta`, 'class')).toBe('delta worse');
  expect(await compare.textContent('tr[data-metric="reconstructionMse"] td[data-run="fixture-gan/default"]')).toBe('missing');
  expect(await compare.$$eval('#compare-losses .mark-line path', (ps) => ps.length)).toBeGreaterThan(0);
  await compare.waitForFunction("[...document.querySelectorAll('.grids img')].every((i) => i.complete && i.naturalWidth > 0)");
  expect(await compare.$$('.grids img')).toHaveLength(2);
  await compare.screenshot({ path: join(SHOTS, 'ui-compare.png'), fullPage: true });

  // Everything came from the ui itself: nothing from the internet.
  expect(requests.filter((u) => !u.startsWith(url))).toEqual([]);
});

/** Waits for a condition of the file system (a hang guard, not a timing assertion: vitest's timeout). */
async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}
