/**
 * Errors of the cluster package; only the CLI chooses exit codes. A ClusterUsageError is bad
 * input (a flag, a name, a script sbatch refuses, no sbatch here): exit 2, nothing submitted.
 */
export class ClusterUsageError extends Error {
  override readonly name = 'ClusterUsageError';
}

/** A Slurm command failed after something was accepted (cancelling, querying): exit 1. */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';
}
