import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderChartPng, type VegaLiteSpec } from './render-chart-png';
import { textPng } from './svg-to-png';

const chart: VegaLiteSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 200,
  height: 120,
  data: {
    values: [
      { epoch: 1, loss: 1.2 },
      { epoch: 2, loss: 0.9 },
      { epoch: 3, loss: 0.7 },
    ],
  },
  mark: 'line',
  encoding: { x: { field: 'epoch', type: 'quantitative', title: 'EPOCH AXIS TITLE' }, y: { field: 'loss', type: 'quantitative' } },
};

/** Non-white pixels in a band of rows [y0, y1) given as fractions of the height. */
async function inkInRows(png: Buffer, y0: number, y1: number): Promise<number> {
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  let ink = 0;
  for (let y = Math.floor(info.height * y0); y < Math.floor(info.height * y1); y++) {
    for (let x = 0; x < info.width; x++) if (data[y * info.width + x] < 128) ink++;
  }
  return ink;
}

describe('renderChartPng', () => {
  it('renders vega-lite to an SVG and a PNG of twice its size', async () => {
    const { svg, png } = await renderChartPng(chart);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('EPOCH AXIS TITLE');
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(svgWidth * 2);
  });

  it('draws the axis title with the bundled font (the same SVG without fonts leaves that band blank)', async () => {
    const { svg, png } = await renderChartPng(chart);
    // The x-axis title is the last row of the chart: the bottom 6% holds nothing else.
    const withFont = await inkInRows(png, 0.94, 1);
    const noFonts = new Resvg(svg, { font: { fontFiles: [], loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
    expect(withFont).toBeGreaterThan(100);
    expect(await inkInRows(noFonts, 0.94, 1)).toBe(0);
  });

  it('renders a text label to a PNG with ink in it', async () => {
    const png = textPng('epoch 10', { fontSize: 16 });
    expect(await inkInRows(png, 0, 1)).toBeGreaterThan(30);
  });
});
