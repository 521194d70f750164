import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateNodesContextV2 } from '@nx/devkit';
import { createNodesV2 } from './create-nodes';

// The plugin Nx loads (plugin.cjs) answers unchanged spec files from nodes-cache.cjs without
// loading TypeScript; these tests hold it to the TypeScript implementation's answer.
const plugin = require('../plugin.cjs') as {
  createNodesV2: [string, (f: string[], o: unknown, c: CreateNodesContextV2) => Promise<[string, unknown][]>];
};
const { cachedCreateNodes } = require('../nodes-cache.cjs') as {
  cachedCreateNodes: (
    c: () => (typeof createNodesV2)[1],
  ) => (f: string[], o: unknown, c: CreateNodesContextV2) => Promise<[string, unknown][]>;
};

const GAN = (epochs: number) => `name: a
model:
  kind: gan
  latentDim: 4
  generator:
    - { type: dense, units: 784, activation: tanh }
    - { type: reshape, targetShape: [28, 28, 1] }
  discriminator:
    - { type: flatten }
    - { type: dense, units: 1 }
train: { epochs: ${epochs} }
`;

let root: string;
let context: CreateNodesContextV2;
const files = ['experiments/a/experiment.yaml', 'experiments/evaluator/evaluator.yaml', 'experiments/r/report.yaml'];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genlab-nodes-'));
  mkdirSync(join(root, 'experiments', 'a'), { recursive: true });
  mkdirSync(join(root, 'experiments', 'r'), { recursive: true });
  mkdirSync(join(root, 'experiments', 'evaluator'), { recursive: true });
  writeFileSync(join(root, files[0]), GAN(3));
  writeFileSync(join(root, files[1]), 'name: evaluator\nnetwork:\n  - { type: flatten }\n  - { type: dense, units: 16 }\n');
  writeFileSync(join(root, files[2]), 'name: r\nexperiments: [a]\n');
  process.env.NX_WORKSPACE_DATA_DIRECTORY = join(root, 'data');
  context = { workspaceRoot: root, nxJsonConfiguration: {} } as CreateNodesContextV2;
});
afterAll(() => {
  delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
  rmSync(root, { recursive: true, force: true });
});

describe('the cached plugin', () => {
  it('uses the same glob as the TypeScript plugin', () => {
    expect(plugin.createNodesV2[0]).toBe(createNodesV2[0]);
  });

  it('answers as the TypeScript plugin does, computing each unchanged file once', async () => {
    let computed: string[] = [];
    const cached = cachedCreateNodes(() => (f, o, c) => {
      computed = [...computed, ...f];
      return createNodesV2[1](f, o, c);
    });
    const direct = await createNodesV2[1](files, {}, context);
    expect(await cached(files, {}, context)).toEqual(direct);
    expect(computed).toEqual(files);
    expect(await cached(files, {}, context)).toEqual(direct);
    expect(computed).toEqual(files); // the second answer came from the cache
    expect(await plugin.createNodesV2[1](files, {}, context)).toEqual(direct);
  });

  it('recomputes every file when one changed (a report depends on the experiments it names)', async () => {
    let computed: string[] = [];
    const cached = cachedCreateNodes(() => (f, o, c) => {
      computed = [...computed, ...f];
      return createNodesV2[1](f, o, c);
    });
    await cached(files, {}, context);
    computed = [];
    const before = JSON.stringify(await cached(files, {}, context));
    writeFileSync(join(root, files[0]), GAN(4));
    const after = await cached(files, {}, context);
    expect(computed).toEqual(files);
    expect(after).toEqual(await createNodesV2[1](files, {}, context));
    expect(JSON.stringify(after)).not.toBe(before); // the train fingerprint moved
    expect(readFileSync(join(root, 'data', 'genlab-nodes.json'), 'utf8')).toContain('"code"');
  });
});
