import type { Table } from './comparison-table';
import type { Figure } from './figure';
import type { Provenance } from './provenance';
import type { ReportModel } from './report-model';
import { claimsHtml } from './render-claims';
import { equalTimeHtml } from './render-equal-time';

export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const e = escapeHtml;

/** Inline, so index.html is one static file plus figures/ (no network, no scripts). */
const CSS = `
body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.8rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
.table-wrap { overflow-x: auto; }
th { background: #eee; }
tr[data-reference] td, tr[data-paper] td { font-style: italic; background: #f7f7f7; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.85rem; color: #444; }
code { font-size: 0.85em; background: #f3f3f3; padding: 0 0.2em; }
.note { border-left: 3px solid #999; padding-left: 0.8rem; color: #333; font-size: 0.9rem; }
.warning { color: #8a4b00; }
`;

/** Experiment rows carry `data-experiment="exp/variant"` (one per compared variant); others are marked too. */
export function htmlTable(t: Table, attrs = ''): string {
  const head = `<tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => {
    const mark = r.kind === 'experiment' ? ` data-experiment="${e(r.key ?? '')}"` : ` data-${r.kind}=""`;
    return `<tr${mark}>${r.cells.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`;
  });
  return `<div class="table-wrap"><table${attrs}>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
}

function htmlFigure(f: Figure): string {
  const svg = f.svg ? ` (<a href="${e(f.svg)}">SVG</a>)` : '';
  return `<figure id="${e(f.id)}"><img src="${e(f.png)}" alt="${e(f.title)}"><figcaption><strong>${e(f.title)}</strong> — figure <code>${e(f.id)}</code> from ${f.sources.map((k) => `<code>${e(k)}</code>`).join(', ')}${svg}</figcaption></figure>`;
}

function htmlProvenance(p: Provenance): string {
  const rows = p.stages.map(
    (s) =>
      `<tr><td>${e(s.run)}</td><td>${e(s.stage)}</td><td><code>${e(s.fingerprint)}</code></td><td><code>${e(s.artifactId)}</code></td><td>${e(s.sameSliceAs.join(', ') || '—')}</td><td>${e(s.backend)}</td><td>${e(s.kernels)}</td><td>${e(s.wallTime)}</td><td>${e(s.commit)}</td><td>${e(s.created)}</td><td><code>${e(s.path)}</code></td></tr>`,
  );
  return [
    `<h3>${e(p.key)}</h3>`,
    `<p>Evaluator <code>${e(p.evaluator.name)}</code> (fingerprint <code>${e(p.evaluator.fingerprint)}</code>, test accuracy ${(p.evaluator.testAccuracy * 100).toFixed(2)}%); trained on ${e(p.backend)}.</p>`,
    `<table class="provenance"><thead><tr><th>run</th><th>stage</th><th>slice fingerprint</th><th>artifact id</th><th>same slice as</th><th>backend</th><th>kernels</th><th>wall time</th><th>commit</th><th>created</th><th>artifact</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...p.kernelSets.map((k) => `<p class="kernel-set">Kernel set <code>${e(k.id)}</code>: ${e(k.kernels.join(', '))}.</p>`),
  ].join('\n');
}

/** index.html: self-contained and static; figures are files beside it in figures/. */
export function renderHtml(r: ReportModel): string {
  const body: string[] = [`<h1>${e(r.title)}</h1>`];
  if (r.description) body.push(`<p>${e(r.description)}</p>`);
  body.push('<h2>Comparison (paper section 3.8.3)</h2>', htmlTable(r.table, ' id="comparison"'));
  body.push(...r.tableNotes.map((n) => `<p class="note">${e(n)}</p>`));
  if (r.seedDetails) body.push('<h3>Per-seed values</h3>', htmlTable(r.seedDetails, ' id="seed-details"'));
  r.claims.forEach((t, i) => body.push(...claimsHtml(t, i)));
  if (r.equalTime) body.push(...equalTimeHtml(r.equalTime));
  for (const s of r.sections) body.push(`<h2>${e(s.heading)}</h2>`, `<p>${e(s.intro)}</p>`, ...s.figures.map(htmlFigure));
  if (r.warnings.length > 0)
    body.push('<h2>Warnings</h2>', `<ul>${r.warnings.map((w) => `<li class="warning">${e(w)}</li>`).join('')}</ul>`);
  body.push('<h2 id="provenance">Provenance</h2>', ...r.provenance.map(htmlProvenance));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
