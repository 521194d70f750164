import type { Logger } from '@genlab/artifacts';
import type { LossRow } from './loss-row';

export interface TrainProgressOptions {
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  log: Logger;
  /** Self-updating line on stderr; defaults to process.stderr.isTTY. */
  tty?: boolean;
  stream?: NodeJS.WritableStream;
  /** Seconds between progress log lines when not on a TTY. */
  logEverySec?: number;
}

const REDRAW_MS = 200;

/**
 * Training progress. On a terminal: one line on stderr, rewritten in place (epoch x/y, step,
 * losses, images/s, ETA), with the per-epoch rows going to the log file only. Elsewhere (CI,
 * Nx output capture): a log line per epoch and one every ~10 s within long epochs.
 */
export class TrainProgress {
  private readonly tty: boolean;
  private readonly stream: NodeJS.WritableStream;
  private readonly started = Date.now();
  private stepsDone = 0;
  private lastDraw = 0;
  private lastLog = Date.now();

  constructor(private readonly o: TrainProgressOptions) {
    this.tty = o.tty ?? Boolean(process.stderr.isTTY);
    this.stream = o.stream ?? process.stderr;
  }

  /** After each step; `stepsLeft` counts the steps of this run still to do. */
  step(epoch: number, step: number, losses: Record<string, number>, stepsLeft: number): void {
    this.stepsDone += 1;
    const now = Date.now();
    const perStep = (now - this.started) / 1000 / this.stepsDone;
    const line = this.line(epoch, step, losses, this.o.batchSize / perStep, perStep * stepsLeft);
    if (this.tty && now - this.lastDraw >= REDRAW_MS) {
      this.lastDraw = now;
      this.stream.write(`\r${line}\x1b[K`);
    } else if (!this.tty && now - this.lastLog >= (this.o.logEverySec ?? 10) * 1000) {
      this.lastLog = now;
      this.o.log.info(line);
    }
  }

  epoch(row: LossRow, lossNames: string[]): void {
    const losses = lossNames.map((n) => `${n} ${fmt(row[n])}`).join(', ');
    const msg = `epoch ${row.epoch}/${this.o.epochs}: ${losses}; ${row.imagesPerSec.toFixed(1)} images/s, ${row.seconds.toFixed(1)} s`;
    // On a terminal the live line already shows it; the row still goes to log.jsonl.
    if (this.tty) this.o.log.debug({ ...row }, msg);
    else this.o.log.info({ ...row }, msg);
    this.lastLog = Date.now();
  }

  /** Ends the live line so later output starts on a fresh line. */
  done(): void {
    if (this.tty && this.lastDraw > 0) this.stream.write('\n');
  }

  private line(epoch: number, step: number, losses: Record<string, number>, ips: number, etaSec: number): string {
    const l = Object.entries(losses).map(([k, v]) => `${k} ${fmt(v)}`).join(' ');
    // Right after the start no time has passed yet: rates and ETA are unknown, not infinite.
    const rate = Number.isFinite(ips) ? ips.toFixed(1) : '?';
    return `epoch ${epoch}/${this.o.epochs} step ${step}/${this.o.stepsPerEpoch} ${l} ${rate} img/s ETA ${formatDuration(etaSec)}`;
  }
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}
