import type { EqualTimeSide, EqualTimeTable } from './equal-time';
import { fmt, fmtSeconds, NONE } from './format-values';
import { escapeHtml as e } from './render-html';

// The "at equal training time" comparison in report.md and index.html, under the claims table.

export const EQUAL_TIME_HEADING = 'GAN and VAE at equal training time';
const COLUMNS = [
  'pair',
  'seed',
  'time budget T (shorter run)',
  'GAN epoch (trained)',
  'GAN classifier-FID',
  'GAN classifier-IS',
  'GAN classes',
  'VAE epoch (trained)',
  'VAE classifier-FID',
  'VAE classifier-IS',
  'VAE classes',
  'GAN lower FID',
  'context',
];

function intro(t: EqualTimeTable): string[] {
  const n = [...new Set(t.rows.flatMap((r) => [r.gan.samples, r.vae.samples]).filter((x) => x !== undefined))];
  return [
    'The comparison and claims tables above set each run’s final epoch against the other’s (the paper’s budgets: the GAN 50 epochs, ' +
      'the VAE 100). Here each GAN/VAE pair is compared after the same training time instead: T is the shorter run’s total training ' +
      'time, and each side is shown at its latest scored epoch that had trained no longer than T (for the shorter run, its last epoch).',
    'Training times are each epoch’s wall time from train’s losses.jsonl, summed, as the runs measured them: they depend on the ' +
      'machine, its load while training and the backend, so they say what these runs took here, not what the models cost anywhere.',
    `The scores are evaluate’s per-epoch scores (scoresByEpoch), ${n.length > 0 ? n.join(' / ') : 'N'} samples per epoch: fewer ` +
      'than the final score’s, so this classifier-FID is biased upwards and is comparable only with per-epoch FIDs of the same ' +
      'sample count, not with the comparison table’s. Classes: digits covered by the same samples.',
  ];
}

const epochCell = (s: EqualTimeSide) => (s.point ? `${s.point.epoch} of ${s.finalEpoch} (${fmtSeconds(s.point.seconds)})` : NONE);

function cells(r: EqualTimeTable['rows'][number]): string[] {
  const side = (s: EqualTimeSide) => [epochCell(s), fmt(s.point?.fid, 2), fmt(s.point?.is, 2), fmt(s.point?.classesCovered, 0)];
  return [`${r.gan.key} vs ${r.vae.key}`, r.seeds, fmtSeconds(r.budget), ...side(r.gan), ...side(r.vae), r.verdict, r.note];
}

const overallLines = (t: EqualTimeTable) =>
  t.overall.map((o) => `Over seeds${o.label ? ` (${o.label})` : ''}: ${o.verdict}${o.count ? ` (${o.count})` : ''}.`);

export function equalTimeMarkdown(t: EqualTimeTable): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `## ${EQUAL_TIME_HEADING}`,
    '',
    ...intro(t).flatMap((p) => [p, '']),
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => ' --- ').join('|')}|`,
    ...t.rows.map((r) => `| ${cells(r).map(cell).join(' | ')} |`),
    '',
    ...overallLines(t).flatMap((l) => [l, '']),
  ];
}

/** Rows carry `data-equal-time-verdict` (not `data-verdict`, which marks the claims table's rows). */
export function equalTimeHtml(t: EqualTimeTable): string[] {
  const head = `<tr>${COLUMNS.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (r) =>
      `<tr data-equal-time-verdict="${e(r.verdict)}">${cells(r)
        .map((c) => `<td>${e(c)}</td>`)
        .join('')}</tr>`,
  );
  return [
    `<h2 id="equal-time">${e(EQUAL_TIME_HEADING)}</h2>`,
    ...intro(t).map((p) => `<p>${e(p)}</p>`),
    `<div class="table-wrap"><table id="equal-time-table">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`,
    ...overallLines(t).map((l) => `<p>${e(l)}</p>`),
  ];
}
