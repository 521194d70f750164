import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, stageWorkDir } from '@genlab/artifacts';
import { artifactDir } from '@genlab/spec';

const GRID = /^epoch-(\d{4,})\.png$/;

/** What changed in a run's training since the last look: new loss lines and new epoch grids. */
export interface TailUpdate {
  /** The history was rewritten from its start (a run restarted): drop what was sent before. */
  reset: boolean;
  /** New lines of losses.jsonl, parsed, in order. */
  losses: Record<string, unknown>[];
  /** Newly complete grid PNGs: epoch and the URL the ui serves it at (an epoch sent before: its new URL). */
  grids: { epoch: number; url: string }[];
}

/**
 * Follows one variant's train stage: the work folder's losses.jsonl and grids/ while it trains
 * (for the train fingerprint of the current spec), the artifact's once it is done. Reads only
 * what was appended since the last look (by byte offset); a file that shrank means a restart.
 */
export class RunTail {
  private file: string | null = null;
  private offset = 0;
  private linesSent = 0;
  private readonly gridsSent = new Set<number>();

  constructor(private readonly root: string, private readonly name: string, private readonly variant: string, private readonly trainFingerprint: string | null) {}

  poll(): TailUpdate {
    const src = this.source();
    const update: TailUpdate = { reset: false, losses: [], grids: [] };
    if (src === null) return update;
    const size = fileSize(src.losses);
    if (src.losses !== this.file) {
      // Another file (the work folder became the artifact): its first lines are the ones sent;
      // its grids are sent again, under their new URLs (the work folder's are gone).
      this.file = src.losses;
      this.gridsSent.clear();
      this.offset = 0;
      const skip = this.linesSent;
      this.linesSent = 0;
      const lines = this.readNewLines(size);
      if (lines.length < skip) update.reset = true;
      else lines.splice(0, skip);
      this.linesSent = update.reset ? lines.length : skip + lines.length;
      update.losses = parse(lines);
    } else if (size < this.offset) {
      this.offset = 0;
      update.reset = true;
      const lines = this.readNewLines(size);
      this.linesSent = lines.length;
      update.losses = parse(lines);
    } else if (size > this.offset) {
      const lines = this.readNewLines(size);
      this.linesSent += lines.length;
      update.losses = parse(lines);
    }
    if (update.reset) this.gridsSent.clear();
    for (const g of src.grids) {
      if (!this.gridsSent.has(g.epoch) && isCompletePng(g.path)) {
        this.gridsSent.add(g.epoch);
        update.grids.push({ epoch: g.epoch, url: g.url });
      }
    }
    update.grids.sort((a, b) => a.epoch - b.epoch);
    return update;
  }

  /** The bytes from `offset` to the last complete line; advances `offset` past them. */
  private readNewLines(size: number): string[] {
    if (this.file === null || size <= this.offset) return [];
    const buf = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const end = buf.lastIndexOf(0x0a) + 1;
    this.offset += end;
    return buf.subarray(0, end).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  }

  private source(): { losses: string; grids: { epoch: number; path: string; url: string }[] } | null {
    const enc = (s: string) => encodeURIComponent(s);
    if (this.trainFingerprint !== null) {
      const work = stageWorkDir(this.root, { name: this.name, variant: this.variant, stage: 'train', fingerprint: this.trainFingerprint });
      if (existsSync(join(work, 'losses.jsonl'))) {
        const grids = gridNames(join(work, 'grids')).map((g) => ({ ...g, path: join(work, 'grids', g.file), url: `/work-files/${enc(this.name)}/${enc(this.variant)}/${this.trainFingerprint}/grids/${g.file}` }));
        return { losses: join(work, 'losses.jsonl'), grids };
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
      return m ? [{ epoch: Number(m[2]), file: m[1], path: join(dir, f), url: `/files/${enc(this.name)}/${enc(this.variant)}/train/${f}` }] : [];
    });
    return { losses: join(dir, 'losses.jsonl'), grids };
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

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
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

function parse(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((l) => {
    try {
      const v = JSON.parse(l) as unknown;
      return typeof v === 'object' && v !== null ? [v as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
