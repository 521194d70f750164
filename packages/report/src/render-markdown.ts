import type { Table } from './comparison-table';
import type { ReportModel } from './report-model';
import { claimsMarkdown } from './render-claims';
import { equalTimeMarkdown } from './render-equal-time';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(t: Table): string {
  const lines = [`| ${t.columns.map(cell).join(' | ')} |`, `|${t.columns.map(() => ' --- ').join('|')}|`];
  for (const r of t.rows)
    lines.push(`| ${r.cells.map((c, i) => (i === 0 && r.kind !== 'experiment' ? `*${cell(c)}*` : cell(c))).join(' | ')} |`);
  return lines.join('\n');
}

/** report.md: figures linked relatively (figures/<id>.png), tables in Markdown, provenance last. */
export function renderMarkdown(r: ReportModel): string {
  const out: string[] = [`# ${r.title}`, ''];
  if (r.description) out.push(r.description, '');
  out.push('## Comparison (paper section 3.8.3)', '', markdownTable(r.table), '');
  for (const n of r.tableNotes) out.push(`> ${n}`, '');
  if (r.seedDetails) out.push('### Per-seed values', '', markdownTable(r.seedDetails), '');
  r.claims.forEach((t, i) => out.push(...claimsMarkdown(t, i)));
  if (r.equalTime) out.push(...equalTimeMarkdown(r.equalTime));
  for (const s of r.sections) {
    out.push(`## ${s.heading}`, '', s.intro, '');
    for (const f of s.figures) {
      out.push(`### ${f.title}`, '', `![${f.title}](${f.png})`, '');
      out.push(`Figure \`${f.id}\` from ${f.sources.map((k) => `\`${k}\``).join(', ')}${f.svg ? ` ([SVG](${f.svg}))` : ''}.`, '');
    }
  }
  if (r.warnings.length > 0) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  out.push('## Provenance', '');
  for (const p of r.provenance) {
    out.push(`### ${p.key}`, '');
    out.push(
      `Evaluator \`${p.evaluator.name}\` (fingerprint \`${p.evaluator.fingerprint}\`, test accuracy ${(p.evaluator.testAccuracy * 100).toFixed(2)}%); trained on ${p.backend}.`,
      '',
    );
    out.push(
      '| run | stage | slice fingerprint | artifact id | same slice as | backend | kernels | wall time | commit | created | artifact |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const s of p.stages)
      out.push(
        `| ${s.run} | ${s.stage} | \`${s.fingerprint}\` | \`${s.artifactId}\` | ${s.sameSliceAs.join(', ') || '—'} | ${cell(s.backend)} | ${cell(s.kernels)} | ${s.wallTime} | ${s.commit} | ${s.created} | \`${s.path}\` |`,
      );
    out.push('');
    for (const k of p.kernelSets) out.push(`Kernel set \`${k.id}\`: ${k.kernels.join(', ')}.`, '');
  }
  return out.join('\n');
}
