import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY, svgToPng } from './svg-to-png';

export type VegaLiteSpec = TopLevelSpec;

/**
 * Renders a vega-lite (v5) chart headless: compile to vega, render to SVG with a View that has
 * no DOM renderer, then rasterise with resvg and the bundled DejaVu font so axis titles and
 * legends always show (no system fonts, no browser).
 */
export async function renderChartPng(vegaLiteSpec: VegaLiteSpec): Promise<{ svg: string; png: Buffer }> {
  const withFont = { ...vegaLiteSpec, config: { font: FONT_FAMILY, background: 'white', ...(vegaLiteSpec.config ?? {}) } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(withFont).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return { svg, png: svgToPng(svg, { zoom: 2 }) };
  } finally {
    view.finalize();
  }
}
