import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, DEFAULT_VARIANT } from '@genlab/spec';

// The last lines of `genlab run` and `genlab report`: each variant that was asked for, its
// headline metrics and where its artifacts are, so nobody digs through metrics.json for them.

/** Headline metrics of one evaluate artifact (metrics.json); absent fields were not measured. */
export interface HeadlineMetrics {
  fid: number;
  is: { mean: number; std: number };
  classesCovered: number;
  precision: number;
  recall: number;
  /** VAEs only: mean squared reconstruction error on [0, 1] pixels. */
  reconstructionMse?: number;
}

export interface SummaryRun {
  experiment: string;
  variant: string;
  /** artifacts/<experiment>/<variant>, relative to the workspace. */
  artifacts: string;
  /** The evaluate stage's metrics.json, when the run reached evaluate and it is there. */
  metricsFile: string | null;
  metrics: HeadlineMetrics | null;
}

export interface RunSummary {
  runs: SummaryRun[];
  report?: { name: string; html: string; markdown: string };
}

/** Reads the headline metrics of artifacts/<name>/<variant>/evaluate/metrics.json, or null. */
export function headlineMetrics(root: string, name: string, variant: string): HeadlineMetrics | null {
  try {
    const m = (
      JSON.parse(readFileSync(join(root, ARTIFACTS_DIR, name, variant, 'evaluate', 'metrics.json'), 'utf8')) as {
        metrics: {
          fid: { value: number };
          is: { mean: number; std: number };
          modeCoverage: { classesCovered: number };
          precision: { value: number };
          recall: { value: number };
          reconstruction?: { mse: number };
        };
      }
    ).metrics;
    return {
      fid: m.fid.value,
      is: { mean: m.is.mean, std: m.is.std },
      classesCovered: m.modeCoverage.classesCovered,
      precision: m.precision.value,
      recall: m.recall.value,
      ...(m.reconstruction ? { reconstructionMse: m.reconstruction.mse } : {}),
    };
  } catch {
    return null; // not evaluated (yet), or unreadable: the row shows no metrics
  }
}

/**
 * The summary of a run over `variants` ([experiment, variant]), and of report `report` if it
 * built one. `evaluated`: the run went up to evaluate, so metrics.json is this run's; a run that
 * stopped earlier shows none (an older metrics.json may describe another configuration).
 */
export function runSummary(root: string, variants: [string, string][], report?: string, evaluated = true): RunSummary {
  const runs = variants.map(([experiment, variant]) => {
    const metrics = evaluated ? headlineMetrics(root, experiment, variant) : null;
    return {
      experiment,
      variant,
      artifacts: join(ARTIFACTS_DIR, experiment, variant),
      metricsFile: metrics ? join(ARTIFACTS_DIR, experiment, variant, 'evaluate', 'metrics.json') : null,
      metrics,
    };
  });
  if (report === undefined) return { runs };
  const dir = join(root, ARTIFACTS_DIR, report, DEFAULT_VARIANT, 'report');
  return { runs, report: { name: report, html: join(dir, 'index.html'), markdown: join(dir, 'report.md') } };
}

const f = (x: number | undefined, digits: number) => (x === undefined ? '-' : x.toFixed(digits));

/** The summary as a table for people (a terminal, or --log plain). */
export function formatSummary(s: RunSummary): string {
  const lines: string[] = [];
  if (s.runs.length > 0) {
    const rows = [['run', 'classifier-FID', 'classifier-IS', 'classes', 'precision / recall', 'recon. MSE', 'artifacts']];
    for (const r of s.runs) {
      const m = r.metrics;
      const who = r.variant === DEFAULT_VARIANT ? r.experiment : `${r.experiment}/${r.variant}`;
      rows.push(
        m
          ? [
              who,
              f(m.fid, 2),
              `${f(m.is.mean, 2)} ± ${f(m.is.std, 2)}`,
              `${m.classesCovered}/10`,
              `${f(m.precision, 2)} / ${f(m.recall, 2)}`,
              f(m.reconstructionMse, 4),
              r.artifacts,
            ]
          : [who, '-', '-', '-', '-', '-', r.artifacts],
      );
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    lines.push(
      'Results:',
      ...rows.map(
        (r) =>
          `  ${r
            .map((c, i) => c.padEnd(widths[i]))
            .join('  ')
            .trimEnd()}`,
      ),
    );
    if (s.runs.some((r) => r.metrics === null)) lines.push('  (- : not evaluated by this run; genlab run <name> runs up to evaluate)');
  }
  if (s.report) lines.push(`Report: ${s.report.html}`, `        ${s.report.markdown}`);
  return `\n${lines.join('\n')}\n`;
}

/** The summary as one JSON line, like everything else genlab run prints when piped. */
export function summaryJsonLine(s: RunSummary, now = Date.now()): string {
  const msg = s.report ? `Report: ${s.report.html}` : `${s.runs.length} run(s): ${s.runs.map((r) => r.artifacts).join(', ')}`;
  return `${JSON.stringify({ level: 30, time: now, summary: s, ...(s.report ? { report: { html: s.report.html, markdown: s.report.markdown } } : {}), msg })}\n`;
}
