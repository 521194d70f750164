import { Resvg } from '@resvg/resvg-js';

/**
 * The one font every figure uses. Shipped by the dejavu-fonts-ttf npm package, so text renders
 * the same on a bare CI container as on a laptop (no system fonts are consulted).
 */
export const FONT_FAMILY = 'DejaVu Sans';

export function fontFile(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}

/** Rasterises an SVG with resvg and the bundled font only; `zoom` 2 gives crisp figures. */
export function svgToPng(svg: string, opts: { zoom?: number; background?: string } = {}): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: opts.zoom ?? 2 },
    background: opts.background,
  });
  return resvg.render().asPng();
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/**
 * A text label as a PNG (white background), e.g. "epoch 10" above a sample grid. Sizes are in
 * output pixels; the width is a generous estimate for DejaVu Sans (about 0.62 em per glyph).
 */
export function textPng(text: string, opts: { fontSize: number; width?: number; bold?: boolean }): Buffer {
  const h = Math.ceil(opts.fontSize * 1.5);
  const w = opts.width ?? Math.ceil(text.length * opts.fontSize * 0.62) + 8;
  const weight = opts.bold ? ' font-weight="bold"' : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<text x="${w / 2}" y="${opts.fontSize * 1.1}" text-anchor="middle" font-family="${FONT_FAMILY}" font-size="${opts.fontSize}"${weight} fill="#111">${escapeXml(text)}</text></svg>`;
  return svgToPng(svg, { zoom: 1, background: 'white' });
}
