import { claimsTables, type ReportSpec } from './schema/report-schema';
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
  const experimentsOf = new Set(listed.map((e) => e.split('/')[0]));
  for (const { claims, path } of claimsTables(spec)) {
    const at = (...rest: (string | number)[]) => ({ ...source.at([...path, ...rest]), path: [...path, ...rest].join('.') });
    for (const side of ['gan', 'vae'] as const) {
      if (!compared(claims[side])) {
        issues.push({
          ...at(side),
          expected: `an entry of experiments (${listed.join(', ')}) or a variant of one`,
          found: `'${claims[side]}'`,
        });
      }
    }
    if (claims.gan === claims.vae)
      issues.push({ ...at('vae'), expected: `a different entry than ${path.join('.')}.gan`, found: `'${claims.vae}' on both sides` });
    (claims.latentSweeps ?? []).forEach((name, i) => {
      if (!experimentsOf.has(name)) {
        issues.push({
          ...at('latentSweeps', i),
          expected: `an experiment of experiments (${[...experimentsOf].join(', ')})`,
          found: `'${name}'`,
        });
      }
    });
  }
  const titles = claimsTables(spec).map(({ claims }) => claims.title);
  if (titles.length > 1)
    titles.forEach((title, i) => {
      if (title === undefined || titles.indexOf(title) !== i)
        issues.push({
          ...source.at(title === undefined ? ['claims', i] : ['claims', i, 'title']),
          path: title === undefined ? `claims.${i}` : `claims.${i}.title`,
          expected: 'a title of its own (several claims tables are told apart by their titles)',
          found: title === undefined ? 'no title' : `'${title}' again`,
        });
    });
  return issues;
}
