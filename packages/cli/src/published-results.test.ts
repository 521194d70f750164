import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/temp-workspace';

// Issue 11: every number in the README's summary of the paper's study comes from the report
// published under docs/results/, so the summary cannot drift from the files it summarises.

const SECTION = "## The paper's study, run";
const PUBLISHED = join(REPO_ROOT, 'docs', 'results', 'paper', 'report.md');

function readmeSection(): string | null {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) return null;
  const end = readme.indexOf('\n## ', start + SECTION.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe("the README's summary of the published paper study", () => {
  it.runIf(existsSync(PUBLISHED))('quotes only numbers the published report holds', () => {
    const section = readmeSection();
    expect(section, `README.md needs a "${SECTION}" section summarising ${PUBLISHED}`).not.toBeNull();
    // Measured values carry decimals (FID 32.86, 0.0169, 1.4x); counts such as "10 epochs" are spec.
    const quoted = [...section!.replace(/\([^)]*\.(png|md|html)\)/g, '').matchAll(/\d[\d,]*\.\d+/g)].map((m) => m[0]);
    expect(quoted.length).toBeGreaterThan(0);
    const report = readFileSync(PUBLISHED, 'utf8');
    expect(quoted.filter((n) => !report.includes(n))).toEqual([]);
  });
});
