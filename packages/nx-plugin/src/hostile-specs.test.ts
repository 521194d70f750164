import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodesV2 } from './create-nodes';

const root = mkdtempSync(join(tmpdir(), 'genlab-plugin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;

function write(rel: string, text: string): string {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
  return rel;
}

describe('createNodesV2 on hostile specs', () => {
  it('turns a 160,000-variant sweep (counted, never expanded) and an alias bomb into failing projects, and keeps the good spec', async () => {
    const files = [
      write(
        'experiments/grid/experiment.yaml',
        `name: grid\npreset: paper-gan\nsweep:\n  model.latentDim: ${list(20)}\n  seed: ${list(20)}\n  train.epochs: ${list(20)}\n  train.batchSize: ${list(20)}\n`,
      ),
      write(
        'experiments/bomb/experiment.yaml',
        'name: bomb\na: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n',
      ),
      write('experiments/ok/experiment.yaml', 'name: ok\npreset: paper-gan\nsweep:\n  model.latentDim: [2, 10]\n'),
      write('experiments/evaluator/evaluator.yaml', 'name: evaluator\nnetwork:\n  - { type: flatten }\n  - { type: dense, units: 16 }\n'),
    ];
    const results = await createNodesV2[1](files, {}, { workspaceRoot: root, nxJsonConfiguration: {} });
    const projects = results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => p.name));
    expect(projects).toEqual(['grid', 'bomb', 'ok', 'evaluator']);
    const bomb = results.find(([f]) => f.includes('/bomb/'))![1].projects!['experiments/bomb'];
    expect(bomb.tags).toContain('genlab:invalid');
    expect(bomb.targets?.train?.options.command).toBe('node packages/cli/bin/genlab.cjs validate experiments/bomb/experiment.yaml');
    const ok = results.find(([f]) => f.includes('/ok/'))![1].projects!['experiments/ok'];
    expect(Object.keys(ok.targets ?? {})).toContain('train--latentDim-10');
  });
});
