import type { ReportSpec } from './schema/report-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';

// Rules of a report a JSON Schema cannot say: the claims table may only draw on what the report
// compares (so the report's Nx target depends on it and --frozen checks it).
export function checkReport(spec: ReportSpec, source: YamlSource): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const listed = spec.experiments;
  const compared = (entry: string) => listed.includes(entry) || (entry.includes('/') && listed.includes(entry.split('/')[0]));
  (spec.figureExperiments ?? []).forEach((entry, i) => {
    if (!compared(entry)) {
      issues.push({
        ...source.at(['figureExperiments', i]),
        path: `figureExperiments.${i}`,
        expected: `an entry of experiments (${listed.join(', ')}) or a variant of one`,
        found: `'${entry}'`,
      });
    }
  });
  const claims = spec.claims;
  if (!claims) return issues;
  const experimentsOf = new Set(listed.map((e) => e.split('/')[0]));
  for (const side of ['gan', 'vae'] as const) {
    if (!compared(claims[side])) {
      issues.push({
        ...source.at(['claims', side]),
        path: `claims.${side}`,
        expected: `an entry of experiments (${listed.join(', ')}) or a variant of one`,
        found: `'${claims[side]}'`,
      });
    }
  }
  if (claims.gan === claims.vae)
    issues.push({
      ...source.at(['claims', 'vae']),
      path: 'claims.vae',
      expected: 'a different entry than claims.gan',
      found: `'${claims.vae}' on both sides`,
    });
  (claims.latentSweeps ?? []).forEach((name, i) => {
    if (!experimentsOf.has(name)) {
      issues.push({
        ...source.at(['claims', 'latentSweeps', i]),
        path: `claims.latentSweeps.${i}`,
        expected: `an experiment of experiments (${[...experimentsOf].join(', ')})`,
        found: `'${name}'`,
      });
    }
  });
  return issues;
}
