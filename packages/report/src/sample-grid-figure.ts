import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { ArtifactError } from '@genlab/artifacts';
import { writeFigureFiles, type Figure } from './figure';
import { textPng } from './svg-to-png';
import type { VariantArtifacts } from './variant-artifacts';

const PAD = 12;
const LABEL_PX = 16;
const TITLE_PX = 18;
/** Grids smaller than this are enlarged (nearest neighbour, integer factor) so digits stay legible. */
const MIN_GRID_PX = 200;

/** Epochs the sample artifact has grids for, with each grid's path inside it. */
export function sampledGrids(v: VariantArtifacts): Map<number, string> {
  const r = v.stages.sample.manifest.result as { epochs?: number[]; grids?: Record<string, string> };
  const grids = new Map<number, string>();
  for (const [e, file] of Object.entries(r.grids ?? {})) grids.set(Number(e), file);
  for (const e of r.epochs ?? []) if (!grids.has(e)) grids.set(e, `grids/epoch-${String(e).padStart(4, '0')}.png`);
  return new Map([...grids.entries()].sort((a, b) => a[0] - b[0]));
}

/** `requested` empty = every available epoch; otherwise those available, and which are missing. */
export function chooseEpochs(requested: readonly number[], available: readonly number[]): { epochs: number[]; missing: number[] } {
  if (requested.length === 0) return { epochs: [...available], missing: [] };
  return { epochs: requested.filter((e) => available.includes(e)), missing: requested.filter((e) => !available.includes(e)) };
}

/**
 * Paper figure 1: a variant's sample grids at the chosen epochs side by side, each labelled
 * "epoch N" (labels rendered with the bundled font, composed with sharp). PNG only.
 */
export async function writeSampleGridFigure(
  outDir: string,
  v: VariantArtifacts,
  epochs: number[],
  id: string,
  title: string,
): Promise<Figure> {
  const grids = sampledGrids(v);
  const images = await Promise.all(epochs.map((e) => loadGrid(v.stages.sample.dir, grids.get(e) as string)));
  const cellW = Math.max(...images.map((g) => g.width));
  const cellH = Math.max(...images.map((g) => g.height));
  const titleH = Math.ceil(TITLE_PX * 1.5) + PAD;
  const labelH = Math.ceil(LABEL_PX * 1.5);
  const width = Math.max(PAD + epochs.length * (cellW + PAD), Math.ceil(title.length * TITLE_PX * 0.62) + 2 * PAD);
  const height = titleH + labelH + cellH + PAD;
  const left = Math.floor((width - (epochs.length * (cellW + PAD) - PAD)) / 2);
  const layers: OverlayOptions[] = [{ input: textPng(title, { fontSize: TITLE_PX, width, bold: true }), left: 0, top: PAD / 2 }];
  epochs.forEach((e, i) => {
    const x = left + i * (cellW + PAD);
    layers.push({ input: textPng(`epoch ${e}`, { fontSize: LABEL_PX, width: cellW }), left: x, top: titleH });
    layers.push({ input: images[i].png, left: x + Math.floor((cellW - images[i].width) / 2), top: titleH + labelH });
  });
  const png = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
  return { id, title, ...writeFigureFiles(outDir, id, png), sources: [v.key] };
}

async function loadGrid(dir: string, file: string): Promise<{ png: Buffer; width: number; height: number }> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ArtifactError(dir, `sample grid ${file} is missing`);
  const meta = await sharp(path).metadata();
  if (!meta.width || !meta.height) throw new ArtifactError(dir, `sample grid ${file} is not a readable image`);
  const k = Math.max(1, Math.ceil(MIN_GRID_PX / meta.height));
  const width = meta.width * k;
  const height = meta.height * k;
  const png = await sharp(path).resize(width, height, { kernel: 'nearest' }).png().toBuffer();
  return { png, width, height };
}
