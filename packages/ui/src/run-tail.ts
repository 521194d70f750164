import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, stageWorkDir } from '@genlab/artifacts';
import { artifactDir } from '@genlab/spec';
import { LineTail } from './line-tail';

const GRID = /^epoch-(\d{4,})\.png$/;

/** What changed in a run's training since the last look: new loss lines and new epoch grids. */
export interface TailUpdate {
  /** The history was rewritten from its start (a run restarted): drop what was sent before. */
  reset: boolean;
  /** New lines of losses.jsonl (one per epoch: its mean losses), parsed, in order. */
  losses: Record<string, unknown>[];
  /** New lines of step-losses.jsonl (one per training step, appended as the step lands). */
  steps: Record<string, unknown>[];
  /** Newly complete grid PNGs: epoch and the URL the ui serves it at (an epoch sent before: its new URL). */
  grids: { epoch: number; url: string }[];
}

/** The train stage's per-step loss file (packages/train work-folder.ts; not imported: that package loads tfjs). */
export const STEP_LOSSES_FILE = 'step-losses.jsonl';

/**
 * Follows one variant's train stage: the work folder's losses.jsonl, step-losses.jsonl and
 * grids/ while it trains (for the train fingerprint of the current spec), the artifact's once it
 * is done. Reads only what was appended since the last look (LineTail).
 */
export class RunTail {
  private readonly epochs = new LineTail();
  private readonly steps = new LineTail();
  private readonly gridsSent = new Set<number>();
  private gridSource: string | null = null;

  constructor(
    private readonly root: string,
    private readonly name: string,
    private readonly variant: string,
    private readonly trainFingerprint: string | null,
  ) {}

  poll(): TailUpdate {
    const src = this.source();
    const update: TailUpdate = { reset: false, losses: [], steps: [], grids: [] };
    if (src === null) return update;
    let e = this.epochs.read(src.losses);
    let s = this.steps.read(src.steps);
    // Either file restarting voids what the page holds: both are sent again from their start.
    if (e.reset && !s.reset) s = this.steps.restart();
    if (s.reset && !e.reset) e = this.epochs.restart();
    update.reset = e.reset || s.reset;
    update.losses = e.rows;
    update.steps = s.rows;
    // The work folder's grids are gone once the artifact takes over: send them again, under their new URLs.
    if (update.reset || src.losses !== this.gridSource) this.gridsSent.clear();
    this.gridSource = src.losses;
    for (const g of src.grids) {
      if (!this.gridsSent.has(g.epoch) && isCompletePng(g.path)) {
        this.gridsSent.add(g.epoch);
        update.grids.push({ epoch: g.epoch, url: g.url });
      }
    }
    update.grids.sort((a, b) => a.epoch - b.epoch);
    return update;
  }

  private source(): { losses: string; steps: string | null; grids: { epoch: number; path: string; url: string }[] } | null {
    const enc = (s: string) => encodeURIComponent(s);
    if (this.trainFingerprint !== null) {
      const work = stageWorkDir(this.root, { name: this.name, variant: this.variant, stage: 'train', fingerprint: this.trainFingerprint });
      if (existsSync(join(work, 'losses.jsonl'))) {
        const grids = gridNames(join(work, 'grids')).map((g) => ({
          ...g,
          path: join(work, 'grids', g.file),
          url: `/work-files/${enc(this.name)}/${enc(this.variant)}/${this.trainFingerprint}/grids/${g.file}`,
        }));
        return { losses: join(work, 'losses.jsonl'), steps: join(work, STEP_LOSSES_FILE), grids };
      }
    }
    const dir = artifactDir(this.root, this.name, this.variant, 'train');
    let files: string[];
    try {
      files = readManifest(dir, { stage: 'train', name: this.name, variant: this.variant }, { verify: false }).manifest.files;
    } catch {
      return null;
    }
    if (!files.includes('losses.jsonl')) return null;
    const grids = files.flatMap((f) => {
      const m = /^grids\/(epoch-(\d{4,})\.png)$/.exec(f);
      return m
        ? [{ epoch: Number(m[2]), file: m[1], path: join(dir, f), url: `/files/${enc(this.name)}/${enc(this.variant)}/train/${f}` }]
        : [];
    });
    return { losses: join(dir, 'losses.jsonl'), steps: files.includes(STEP_LOSSES_FILE) ? join(dir, STEP_LOSSES_FILE) : null, grids };
  }
}

function gridNames(dir: string): { epoch: number; file: string }[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const m = GRID.exec(f);
      return m ? [{ epoch: Number(m[1]), file: f }] : [];
    });
  } catch {
    return [];
  }
}

/** A PNG is complete once its last chunk, IEND, is written (grids are written in one go, not atomically). */
export function isCompletePng(file: string): boolean {
  try {
    const size = statSync(file).size;
    if (size < 20) return false;
    const tail = Buffer.alloc(12);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, tail, 0, 12, size - 12);
    } finally {
      closeSync(fd);
    }
    return tail.subarray(4, 8).toString('latin1') === 'IEND';
  } catch {
    return false;
  }
}
