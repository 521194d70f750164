import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportSpec } from '@genlab/spec';
import { renderChartPng, type VegaLiteSpec } from './render-chart-png';

/** One figure file (and its SVG for charts), paths relative to the report folder. */
export interface Figure {
  id: string;
  title: string;
  png: string;
  svg?: string;
  /** The experiment variants it shows (`exp/variant`), for provenance. */
  sources: string[];
}

export const FIGURES_DIR = 'figures';

/**
 * Stable, file-name-safe id: `fig1-samples-quickstart-gan-latentDim-32`. Ids match the schema's
 * `figureTitles` key pattern, so every figure title can be overridden.
 */
export function figureId(base: string, ...parts: string[]): string {
  return [base, ...parts]
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
}

/**
 * `figureTitles[id]` wins; `figureTitles[base]` (e.g. `fig1-samples`) retitles every figure of
 * that kind, suffixed with what the figure shows so per-variant figures stay distinguishable.
 */
export function titleFor(spec: Pick<ReportSpec, 'figureTitles'>, id: string, base: string, fallback: string, suffix?: string): string {
  const titles = spec.figureTitles ?? {};
  if (titles[id] !== undefined) return titles[id];
  if (titles[base] !== undefined) return suffix && id !== base ? `${titles[base]} (${suffix})` : titles[base];
  return fallback;
}

export function writeFigureFiles(outDir: string, id: string, png: Buffer, svg?: string): { png: string; svg?: string } {
  mkdirSync(join(outDir, FIGURES_DIR), { recursive: true });
  const pngPath = `${FIGURES_DIR}/${id}.png`;
  writeFileSync(join(outDir, pngPath), png);
  if (svg === undefined) return { png: pngPath };
  const svgPath = `${FIGURES_DIR}/${id}.svg`;
  writeFileSync(join(outDir, svgPath), svg);
  return { png: pngPath, svg: svgPath };
}

/** Renders a vega-lite chart and writes `figures/<id>.{png,svg}`; the title goes into the chart. */
export async function writeChartFigure(outDir: string, id: string, title: string, vl: VegaLiteSpec, sources: string[]): Promise<Figure> {
  const { svg, png } = await renderChartPng({ ...vl, title: { text: title, anchor: 'start', offset: 14 } } as VegaLiteSpec);
  return { id, title, ...writeFigureFiles(outDir, id, png, svg), sources };
}
