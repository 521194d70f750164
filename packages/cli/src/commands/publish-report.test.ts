import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFixtures, FIXTURE_REPORT, runFixtureReport } from '@genlab/report/test-support/build-report-fixtures';
import { UsageError } from '../exit-codes';
import { PUBLICATION_FILE, publishReport, type Publication } from './publish-report';

process.env.GENLAB_LOG_LEVEL = 'error';

let root: string;
let head: string;
const git = (...args: string[]) =>
  spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).stdout.trim();
const OUT = 'docs/results/fixture-report';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genlab-publish-'));
  git('init', '-q');
  writeFileSync(join(root, '.gitignore'), '/artifacts/\n');
  git('add', '.gitignore');
  git('commit', '-qm', 'init');
  head = git('rev-parse', 'HEAD');
  await runFixtureReport(root, await buildReportFixtures(root));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('publishReport', () => {
  it('copies report.md, index.html and the figures, nothing else, with the commit it was published from', () => {
    const { dir, publication } = publishReport(root, FIXTURE_REPORT, OUT, `genlab report fixture-report --frozen --out ${OUT}`);
    expect(dir).toBe(join(root, OUT));
    const figures = readdirSync(join(dir, 'figures'));
    expect(figures.length).toBeGreaterThan(10);
    expect(figures.every((f) => /\.(png|svg)$/.test(f))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['figures', 'index.html', PUBLICATION_FILE, 'report.md']);
    const saved = JSON.parse(readFileSync(join(dir, PUBLICATION_FILE), 'utf8')) as Publication;
    expect(saved).toEqual(publication);
    expect(saved.source).toEqual({ commit: head, dirty: false });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('## The paper’s claims, measured');
    expect(md).toContain(`Published by \`genlab report fixture-report --frozen --out ${OUT}\``);
    expect(md).toContain(`from commit \`${head}\`.`);
    expect(md).toContain('`genlab run fixture-gan`, `genlab run fixture-vae`, `genlab run fixture-sweep`');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<h2 id="publication">Publication</h2>[\\s\\S]*<code>${head}</code>[\\s\\S]*</body>`));
    for (const src of [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1])) expect(existsSync(join(dir, src))).toBe(true);
  });

  it('replaces its own earlier publication, and says when tracked files had uncommitted changes', () => {
    writeFileSync(join(root, '.gitignore'), '/artifacts/\n/docs/\n');
    const { publication } = publishReport(root, FIXTURE_REPORT, OUT, 'again');
    expect(publication.source).toEqual({ commit: head, dirty: true });
    expect(readFileSync(join(root, OUT, 'report.md'), 'utf8')).toContain('with uncommitted changes to tracked files');
    expect(readdirSync(join(root, 'docs/results')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a folder it did not publish, and folders inside artifacts/', () => {
    mkdirSync(join(root, 'docs/other'), { recursive: true });
    writeFileSync(join(root, 'docs/other/notes.md'), 'mine');
    expect(() => publishReport(root, FIXTURE_REPORT, 'docs/other', 'x')).toThrow(UsageError);
    expect(() => publishReport(root, FIXTURE_REPORT, 'docs/other', 'x')).toThrow(/not empty and holds no publication.json/);
    expect(readFileSync(join(root, 'docs/other/notes.md'), 'utf8')).toBe('mine');
    expect(() => publishReport(root, FIXTURE_REPORT, 'artifacts/published', 'x')).toThrow(/outside artifacts/);
  });
});
