import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { buildReportFixtures, runFixtureReport } from '../test-support/build-report-fixtures';
import { FIXTURE_VARIANTS } from '../test-support/fixture-values';
import { headlessChromium } from '../test-support/headless-chromium';

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
/** Kept after the run (cleared at the start of the next) so the screenshot can be looked at. */
const WORK = join(tmpdir(), 'genlab-report-browser');

it('opens index.html in headless Chromium: every image loads, one table row per variant', async () => {
  // The browser comes from npm (@sparticuz/chromium), so a fresh clone after `npm ci` has it.
  const { executablePath, env } = await headlessChromium();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const { dir } = await runFixtureReport(WORK, await buildReportFixtures(WORK));
  const browser = await chromium.launch({ executablePath, env, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((i) => ({ src: i.getAttribute('src'), complete: i.complete, width: i.naturalWidth })),
    );
    expect(images.length).toBeGreaterThan(10);
    expect(images.filter((i) => !i.complete || i.width === 0)).toEqual([]);
    const rows = await page.$$eval('#comparison tr[data-experiment]', (trs) => trs.map((tr) => tr.getAttribute('data-experiment')));
    expect(rows).toEqual(FIXTURE_VARIANTS.map((v) => `${v.experiment}/${v.variant}`));
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  copyFileSync(join(dir, 'screenshot.png'), join(WORK, 'screenshot.png'));
  const shot = await sharp(join(WORK, 'screenshot.png')).metadata();
  expect(shot.width).toBe(1280);
  expect(shot.height).toBeGreaterThan(900);
});
