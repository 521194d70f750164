/**
 * One line of losses.jsonl (docs/artifacts.md): the epoch, the global step count at its end,
 * the steps in it, its wall time and throughput, and the mean of each loss over its steps.
 */
export type LossRow = {
  epoch: number;
  step: number;
  steps: number;
  seconds: number;
  imagesPerSec: number;
} & Record<string, number>;
