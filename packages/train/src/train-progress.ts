import { formatDuration, ProgressLine, type Logger, type ProgressMode } from '@genlab/artifacts';
import type { LossRow } from './loss-row';

export interface TrainProgressOptions {
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  log: Logger;
  /** Where the live line goes (see ProgressLine); defaults to progressMode(). */
  mode?: ProgressMode;
  stream?: NodeJS.WritableStream;
  /** Seconds between progress log lines in `log` mode. */
  logEverySec?: number;
}

/**
 * Training progress on the shared ProgressLine: a live line (on a terminal, or drawn by genlab
 * run) reads epoch x/y, step, losses, images/s, ETA; elsewhere (CI, pipes) a log line every
 * ~10 s within long epochs. Plus one log line per epoch (see epoch()).
 */
export class TrainProgress {
  private readonly line: ProgressLine;
  private readonly started = Date.now();
  private stepsDone = 0;

  constructor(private readonly o: TrainProgressOptions) {
    this.line = new ProgressLine({ log: o.log, mode: o.mode, stream: o.stream, logEverySec: o.logEverySec });
  }

  /** After each step; `stepsLeft` counts the steps of this run still to do. */
  step(epoch: number, step: number, losses: Record<string, number>, stepsLeft: number): void {
    this.stepsDone += 1;
    const perStep = (Date.now() - this.started) / 1000 / this.stepsDone;
    this.line.show(this.text(epoch, step, losses, this.o.batchSize / perStep, perStep * stepsLeft), { epoch, step });
  }

  epoch(row: LossRow, lossNames: string[]): void {
    const losses = lossNames.map((n) => `${n} ${fmt(row[n])}`).join(', ');
    const msg = `epoch ${row.epoch}/${this.o.epochs}: ${losses}; ${row.imagesPerSec.toFixed(1)} images/s, ${row.seconds.toFixed(1)} s`;
    // On a terminal it is printed above the live line: one row per epoch stays in the scrollback.
    this.o.log.info({ ...row }, msg);
  }

  /** Ends the live line so later output starts on a fresh line. */
  done(): void {
    this.line.end();
  }

  private text(epoch: number, step: number, losses: Record<string, number>, ips: number, etaSec: number): string {
    const l = Object.entries(losses)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(' ');
    // Right after the start no time has passed yet: rates and ETA are unknown, not infinite.
    const rate = Number.isFinite(ips) ? ips.toFixed(1) : '?';
    return `epoch ${epoch}/${this.o.epochs} step ${step}/${this.o.stepsPerEpoch} ${l} ${rate} img/s ETA ${formatDuration(etaSec)}`;
  }
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

export { formatDuration };
