import type { Networks } from './build-networks';

/**
 * Trainable parameters per network and in total (paper 3.8.3 compares network sizes).
 * Trainable only, like countParams of @genlab/spec: batch-norm moving statistics are state,
 * not parameters.
 */
export function countParameters(networks: Networks): Record<string, number> & { total: number } {
  const out: Record<string, number> = {};
  let total = 0;
  for (const [name, net] of Object.entries(networks)) {
    const n = net.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    out[name] = n;
    total += n;
  }
  return Object.assign(out, { total });
}
