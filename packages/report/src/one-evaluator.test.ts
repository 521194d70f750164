import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireOneEvaluator } from './one-evaluator';
import { buildReportFixtures, FIXTURE_REPORT, runFixtureReport } from '../test-support/build-report-fixtures';
import { FIXTURE_EVALUATOR, FIXTURE_VARIANTS } from '../test-support/fixture-values';
import { makeVariant } from '../test-support/make-variant';

const root = mkdtempSync(join(tmpdir(), 'genlab-one-evaluator-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scoredBy = (key: string, evaluator: { name: string; fingerprint: string; weights?: string; testAccuracy: number }) => {
  const [experiment, variant] = key.split('/') as [string, string];
  return makeVariant({ experiment, variant, metrics: { evaluator } });
};

describe('one evaluator behind every compared score', () => {
  it('accepts variants scored by the same weights', () => {
    expect(() =>
      requireOneEvaluator([scoredBy('g/default', FIXTURE_EVALUATOR), scoredBy('v/default', { ...FIXTURE_EVALUATOR })]),
    ).not.toThrow();
  });

  it('refuses evaluators of one spec fingerprint whose weights differ, naming both and the variants each scored', () => {
    const other = { ...FIXTURE_EVALUATOR, weights: '0ther0ther0ther0', testAccuracy: 0.9908 };
    expect(() => requireOneEvaluator([scoredBy('g/default', FIXTURE_EVALUATOR), scoredBy('v/default', other)])).toThrow(
      /2 different evaluators \(evaluator weights 5eed5eed5eed5eed \(99\.12%\) scored g\/default; evaluator weights 0ther0ther0ther0 \(99\.08%\) scored v\/default\)/,
    );
  });

  it('tells apart metrics written before weights were recorded by their test accuracy (the published report mixed 99.08% and 99.18%)', () => {
    const old = { name: 'evaluator', fingerprint: '4272601a95f03e0e' };
    expect(() =>
      requireOneEvaluator([
        scoredBy('a/default', { ...old, testAccuracy: 0.9918 }),
        scoredBy('b/default', { ...old, testAccuracy: 0.9918 }),
      ]),
    ).not.toThrow();
    expect(() =>
      requireOneEvaluator([
        scoredBy('a/default', { ...old, testAccuracy: 0.9918 }),
        scoredBy('b/default', { ...old, testAccuracy: 0.9908 }),
      ]),
    ).toThrow(/evaluator 4272601a95f03e0e \(99\.18%\) scored a\/default; evaluator 4272601a95f03e0e \(99\.08%\) scored b\/default/);
  });

  it('the report stage refuses such a pair and leaves no report folder behind', async () => {
    const [gan, vae] = [
      FIXTURE_VARIANTS.find((v) => v.experiment === 'fixture-gan')!,
      FIXTURE_VARIANTS.find((v) => v.experiment === 'fixture-vae')!,
    ];
    const upstream = await buildReportFixtures(root, [
      gan,
      { ...vae, evaluator: { ...FIXTURE_EVALUATOR, weights: '0ther0ther0ther0', testAccuracy: 0.9908 } },
    ]);
    const spec = { ...FIXTURE_REPORT, name: 'mixed-evaluators', experiments: ['fixture-gan', 'fixture-vae'], claims: null };
    await expect(runFixtureReport(root, upstream, spec)).rejects.toThrow(
      /weights 5eed5eed5eed5eed \(99\.12%\) scored fixture-gan\/default; .*weights 0ther0ther0ther0 \(99\.08%\) scored fixture-vae\/default/,
    );
    expect(existsSync(join(root, 'artifacts/mixed-evaluators/default/report'))).toBe(false);
  }, 120_000);
});
