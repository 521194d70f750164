import { formatSlurmTime } from './slurm-time';
import type { JobResources } from './sbatch-scripts';

/** One array task: the variants `genlab run <name> --shard i/n` trains, and its estimate. */
export interface ShardPlan {
  /** 1-based, as in `--shard i/n` and $SLURM_ARRAY_TASK_ID. */
  index: number;
  /** `experiment/variant`, in the order the shard split gives them. */
  units: string[];
  /** Estimated seconds of the stages it would run (dry-run's estimates), null if none is known. */
  estimateSec: number | null;
  stagesToRun: number;
  /** Stages that would run without an estimate (nothing like them ran on this machine yet). */
  withoutEstimate: number;
}

/** What a submission runs: the shards, and the report job after them. */
export interface StudyPlan {
  name: string;
  kind: 'experiment' | 'report';
  /** Variants the study trains (an experiment's, or every variant a report compares). */
  variants: number;
  /** --shards as given; more than `variants` is cut to one shard per variant. */
  requestedShards: number;
  shards: ShardPlan[];
  /** The report job's own estimate (for a report, its report stage; an experiment's job only restores). */
  reportEstimateSec: number | null;
}

/** The plan as `genlab submit --dry-run` and the submission folder's plan.txt show it. */
export function formatStudyPlan(plan: StudyPlan, res: JobResources): string {
  const secs = (s: number | null) => (s === null ? 'no estimate' : `~${formatSeconds(s)}`);
  const lines = [`${plan.name} (${plan.kind}, ${plan.variants} variant(s)) as ${plan.shards.length} array task(s) and a report job:`];
  if (plan.requestedShards > plan.shards.length) {
    lines.push(
      `  --shards ${plan.requestedShards} is more than the ${plan.variants} variant(s): using ${plan.shards.length}, one variant each`,
    );
  }
  for (const s of plan.shards) {
    const unknown = s.withoutEstimate ? ` (+${s.withoutEstimate} stage(s) without an estimate)` : '';
    lines.push(`  task ${s.index}: ${s.units.join(', ')}: ${s.stagesToRun} stage(s) to run, ${secs(s.estimateSec)}${unknown}`);
  }
  lines.push(`  report job (after every task succeeded): genlab run ${plan.name}, ${secs(plan.reportEstimateSec)}`);
  lines.push(
    `  each task: --time ${formatSlurmTime(res.timeSec)}, --cpus-per-task ${res.cpusPerTask} (GENLAB_THREADS ${res.cpusPerTask})${res.gpus ? `, --gpus ${res.gpus}` : ''}${res.partition ? `, --partition ${res.partition}` : ''}`,
  );
  lines.push(`  report job: --time ${formatSlurmTime(res.reportTimeSec)}`);
  return `${lines.join('\n')}\n`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
