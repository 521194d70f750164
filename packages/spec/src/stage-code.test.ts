import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeHashIn, stagePackages } from './stage-code';
import { STAGES } from './pipeline';

// The code hash over a copy of the packages, edited the way a kernel fix or a build-flag change
// edits them.

const PACKAGES = resolve(__dirname, '..', '..');
const KERNEL_STAGES = STAGES.filter((s) => s !== 'report');
let copy: string;
const hashes = () => Object.fromEntries(STAGES.map((s) => [s, codeHashIn(s, (p) => join(copy, p))]));
const changedStages = (a: Record<string, string>, b: Record<string, string>) => STAGES.filter((s) => a[s] !== b[s]);

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'genlab-code-'));
  cpSync(PACKAGES, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|build)([/\\]|$)/.test(src.slice(PACKAGES.length)) });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('stage code hashes', () => {
  it('a kernel source edit changes every stage that runs kernels, and not the report', () => {
    const before = hashes();
    appendFileSync(join(copy, 'backend-native', 'csrc', 'conv2d.cc'), '\n// a kernel fix\n');
    expect(changedStages(before, hashes())).toEqual(KERNEL_STAGES);
  });

  it('so do the addon build settings and its loader', () => {
    for (const f of ['binding.gyp', 'scripts/install.cjs', 'src/load-addon.ts']) {
      const before = hashes();
      appendFileSync(join(copy, 'backend-native', f), '\n');
      expect(changedStages(before, hashes()), f).toEqual(KERNEL_STAGES);
    }
  });

  it("the addon's tests and README are not code", () => {
    const before = hashes();
    appendFileSync(join(copy, 'backend-native', 'src', 'install-script.test.ts'), '\n');
    appendFileSync(join(copy, 'backend-native', 'README.md'), '\n');
    expect(changedStages(before, hashes())).toEqual([]);
  });

  it('a report source edit changes only the report', () => {
    const before = hashes();
    appendFileSync(join(copy, 'report', 'src', 'format-values.ts'), '\n');
    expect(changedStages(before, hashes())).toEqual(['report']);
  });
});

describe('the packages a stage key covers', () => {
  it("are the stage's package and its @genlab dependencies, read from the package.json files", () => {
    const core = ['artifacts', 'backend', 'backend-native', 'spec'];
    expect(Object.fromEntries(STAGES.map((s) => [s, stagePackages(s)]))).toEqual({
      data: [...core, 'data'].sort(),
      model: [...core, 'models'].sort(),
      train: [...core, 'data', 'models', 'train'].sort(),
      sample: [...core, 'data', 'models', 'sample'].sort(),
      evaluate: [...core, 'data', 'evaluate', 'models'].sort(),
      evaluator: [...core, 'data', 'evaluate', 'models'].sort(),
      report: ['artifacts', 'report', 'spec'],
    });
  });

  it('a new dependency of the report package brings its code into the report key', () => {
    const file = join(copy, 'report', 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> };
    const before = hashes();
    writeFileSync(file, JSON.stringify({ ...json, dependencies: { ...json.dependencies, '@genlab/data': '*' } }));
    expect(stagePackages('report', (p) => join(copy, p))).toEqual(['artifacts', 'backend', 'backend-native', 'data', 'report', 'spec']);
    expect(changedStages(before, hashes())).toEqual(['report']);
  });
});
