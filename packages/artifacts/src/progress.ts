import { formatDuration, ProgressLine, type ProgressLineOptions } from './progress-line';

export interface ProgressOptions extends ProgressLineOptions {
  /** What is being counted, e.g. 'features', 'UMAP', 'evaluator epoch 1/4'. */
  label: string;
  total: number;
  /** Plural unit of `total`, e.g. 'images', 'epochs'. */
  unit: string;
}

/**
 * Progress of a counted loop (`label done/total unit, rate, ETA`) on the shared ProgressLine:
 * in place on a terminal (the final state stays on screen), a log line every ~10 s elsewhere
 * (where the stage's own log lines say when it is done).
 */
export class Progress {
  private readonly line: ProgressLine;
  private readonly started = Date.now();
  private done = 0;

  constructor(private readonly o: ProgressOptions) {
    this.line = new ProgressLine(o);
  }

  /** `done` items of `total` are finished; `detail` (e.g. a running loss) is appended. */
  update(done: number, detail?: string): void {
    this.done = done;
    this.line.show(this.text(detail), this.fields());
  }

  /** Draws the final state on a live line and ends it; call it on failure too. */
  end(detail?: string): void {
    if (this.line.mode !== 'log' && this.done > 0) this.line.show(this.text(detail), this.fields(), true);
    this.line.end();
  }

  private text(detail: string | undefined): string {
    const sec = (Date.now() - this.started) / 1000;
    const rate = this.done / sec;
    const { label, total, unit } = this.o;
    const head = `${label} ${this.done}/${total} ${unit}${detail ? ` ${detail}` : ''}`;
    if (this.done >= total) return `${head} in ${formatDuration(sec)}`;
    // Right after the start no time has passed yet: rates and ETA are unknown, not infinite.
    const known = this.done > 0 && sec > 0;
    return `${head} ${known ? rate.toFixed(rate >= 100 ? 0 : 1) : '?'} ${unit}/s ETA ${known ? formatDuration((total - this.done) / rate) : '?'}`;
  }

  private fields(): Record<string, unknown> {
    return { label: this.o.label, done: this.done, total: this.o.total, seconds: (Date.now() - this.started) / 1000 };
  }
}
