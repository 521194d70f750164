import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateNodesContextV2 } from '@nx/devkit';
import { createNodesV2, ON_DEMAND_TAG } from './create-nodes';

// The plugin's projects for real spec files in a temporary workspace.

let root: string;
const SPECS: Record<string, string> = {
  'long/experiment.yaml': 'name: long\npreset: paper-vae\nonDemand: true\n',
  'short/experiment.yaml': 'name: short\npreset: paper-vae\nseed: 1\n',
  'evaluator/evaluator.yaml': 'name: evaluator\nnetwork:\n  - { type: flatten }\n  - { type: dense, units: 16 }\n',
  'both/report.yaml': 'name: both\ntitle: t\nexperiments: [short, long]\n',
  'fast/report.yaml': 'name: fast\ntitle: t\nexperiments: [short]\n',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genlab-plugin-'));
  for (const [rel, text] of Object.entries(SPECS)) {
    mkdirSync(join(root, 'experiments', rel.split('/')[0]), { recursive: true });
    writeFileSync(join(root, 'experiments', rel), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the genlab Nx plugin', () => {
  it('tags on-demand experiments, and reports that compare one, genlab:on-demand', async () => {
    const context = { workspaceRoot: root, nxJsonConfiguration: {} } as CreateNodesContextV2;
    const results = await createNodesV2[1](
      Object.keys(SPECS).map((f) => `experiments/${f}`),
      {},
      context,
    );
    const tags = Object.fromEntries(results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => [p.name, p.tags])));
    expect(tags).toEqual({
      long: ['genlab:experiment', ON_DEMAND_TAG],
      short: ['genlab:experiment'],
      evaluator: ['genlab:evaluator'],
      both: ['genlab:report', ON_DEMAND_TAG],
      fast: ['genlab:report'],
    });
  });
});
