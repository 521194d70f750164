import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { makeTempWorkspace, REPO_ROOT, TINY_EVALUATOR, TINY_GAN } from '../../test-support/temp-workspace';

// The native kernels are code the stages run: editing their C++ in a workspace reruns the
// stages through real Nx, and the report's own inputs leave them out. A stage "ran" when its
// manifest's `created` changed.

const STAGES = ['data', 'model', 'train'] as const;
let root: string;

const created = () =>
  Object.fromEntries(
    STAGES.map((s) => [
      s,
      (JSON.parse(readFileSync(join(root, 'artifacts', 'a', 'default', s, 'manifest.json'), 'utf8')) as { created: string }).created,
    ]),
  );
const ran = (before: Record<string, string>, after: Record<string, string>) => STAGES.filter((s) => before[s] !== after[s]);
const run = async () => {
  let out = '';
  const code = await main(['run', 'a', '--until', 'train'], { cwd: root, out: (s) => (out += s), err: (s) => (out += s) });
  expect(code, out).toBe(0);
};
/** The Nx inputs of one target, as `nx show project` prints them (one nx call per project). */
const shown = new Map<string, Record<string, { inputs: unknown[] }>>();
const inputsOf = (project: string, target: string): unknown[] => {
  if (!shown.has(project)) shown.set(project, showProject(project));
  return shown.get(project)![target]!.inputs;
};
const showProject = (project: string): Record<string, { inputs: unknown[] }> => {
  const json = execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'project', project, '--json'],
    {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      encoding: 'utf8',
    },
  );
  return (JSON.parse(json) as { targets: Record<string, { inputs: unknown[] }> }).targets;
};

beforeAll(() => {
  root = makeTempWorkspace({
    'a/experiment.yaml': `name: a\n${TINY_GAN}`,
    'evaluator/evaluator.yaml': TINY_EVALUATOR,
    'r/report.yaml': 'name: r\ntitle: t\nexperiments: [a]\n',
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('native kernel sources in the cache key', () => {
  it('a kernel source edit reruns data, model and train; nothing changed reruns nothing', async () => {
    await run();
    const first = created();
    await run();
    expect(ran(first, created())).toEqual([]);
    appendFileSync(join(root, 'packages', 'backend-native', 'csrc', 'fused_batch_norm.cc'), '\n// a kernel fix\n');
    await run();
    expect(ran(first, created())).toEqual([...STAGES]);
  });

  it('a build-setting edit (binding.gyp) reruns them too', async () => {
    const before = created();
    appendFileSync(join(root, 'packages', 'backend-native', 'binding.gyp'), '\n');
    await run();
    expect(ran(before, created())).toEqual([...STAGES]);
  });

  it("the stages' Nx inputs hold the addon's sources and build settings; the report's do not", () => {
    const native = (inputs: unknown[]) => inputs.filter((i) => typeof i === 'string' && i.includes('packages/backend-native/'));
    for (const target of ['data', 'model', 'train', 'sample', 'evaluate']) {
      expect(native(inputsOf('a', target)), target).toEqual([
        '{workspaceRoot}/packages/backend-native/src/**/*',
        '!{workspaceRoot}/packages/backend-native/src/**/*.test.ts',
        '{workspaceRoot}/packages/backend-native/csrc/**/*',
        '!{workspaceRoot}/packages/backend-native/csrc/**/*.test.ts',
        '{workspaceRoot}/packages/backend-native/scripts/**/*',
        '!{workspaceRoot}/packages/backend-native/scripts/**/*.test.ts',
        '{workspaceRoot}/packages/backend-native/binding.gyp',
      ]);
    }
    expect(native(inputsOf('evaluator', 'evaluator')).length).toBe(7);
    expect(native(inputsOf('r', 'report'))).toEqual([]);
  });
});
