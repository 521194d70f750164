import type { TitledClaimsTable } from './report-model';
import { SEED_VERDICT_RULE } from './judge-over-seeds';
import { escapeHtml as e } from './render-html';

// The claims table in report.md and index.html (paper sections 3.8-3.8.3 and 4).

export const CLAIMS_HEADING = 'The paper’s claims, measured';
const COLUMNS = ['claim', 'paper', 'metric and test', 'GAN', 'VAE', 'verdict', 'context'];
const INTRO =
  'Each claim of the paper’s results and conclusion, the metric that tests it and our number for each side; the verdict is computed ' +
  'from the metrics.json and manifests of the sides named below. ' +
  SEED_VERDICT_RULE;

const cells = (r: TitledClaimsTable['rows'][number]) => [r.claim, r.section, r.test, r.gan, r.vae, r.verdict, r.note];

/** A claims table's heading: its title tells several apart. */
const heading = (t: TitledClaimsTable) => (t.title ? `${CLAIMS_HEADING}: ${t.title}` : CLAIMS_HEADING);

/** The rule and the columns are explained once, above the first table. */
export function claimsMarkdown(t: TitledClaimsTable, index = 0): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `## ${heading(t)}`,
    '',
    ...(index === 0 ? [INTRO, ''] : []),
    t.sides,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
    ...t.rows.map(
      (r) =>
        `| ${cells(r)
          .map((c, i) => (i === 5 ? `**${cell(c)}**` : cell(c)))
          .join(' | ')} |`,
    ),
    '',
  ];
}

/** Rows carry `data-verdict` so a test (or a reader's stylesheet) can find each verdict. */
export function claimsHtml(t: TitledClaimsTable, index = 0): string[] {
  const id = index === 0 ? '' : `-${index + 1}`;
  const head = `<tr>${COLUMNS.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (r) =>
      `<tr data-verdict="${e(r.verdict)}">${cells(r)
        .map((c, i) => (i === 5 ? `<td><strong>${e(c)}</strong></td>` : `<td>${e(c)}</td>`))
        .join('')}</tr>`,
  );
  return [
    `<h2 id="claims${id}">${e(heading(t))}</h2>`,
    ...(index === 0 ? [`<p>${e(INTRO)}</p>`] : []),
    `<p>${e(t.sides)}</p>`,
    `<div class="table-wrap"><table id="claims-table${id}">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`,
  ];
}
