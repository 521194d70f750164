import { stageTarget } from '@genlab/nx-plugin';
import type { ExperimentStage, Workspace } from '@genlab/spec';
import { UsageError } from '../exit-codes';
import { reportVariants } from '../resolve-stage';
import { assignShards, estimatedCost, parseShard, type ShardUnit } from '../shard-assignment';

/**
 * `genlab run <experiment|report> --shard i/n`: runs, up to `until`, only the variants that
 * shard i of n owns (see assignShards). For a report, the units are every experiment variant it
 * compares. With a shared remote cache, n machines split a sweep and a final `genlab run
 * <report>` restores all of it.
 */
export async function runShard(
  ws: Workspace,
  name: string,
  shardText: string,
  until: ExperimentStage,
  runNx: (args: string[]) => Promise<number>,
  out: (s: string) => void,
  finish: (variants: [string, string][], code: number) => number = (_, code) => code,
): Promise<number> {
  const shard = parseShard(shardText);
  const units = shardUnits(ws, name);
  const mine = assignShards(units, shard.count)[shard.index - 1];
  const gflop = (u: ShardUnit) => `${(estimatedCost(u.spec) / 1e9).toFixed(1)} GFLOP`;
  out(
    `genlab: shard ${shard.index}/${shard.count} of ${name} owns ${mine.length} of ${units.length} variant(s)${mine.map((u) => `\n  ${u.experiment}/${u.variant} (${gflop(u)})`).join('')}\n`,
  );
  let code = 0;
  // One Nx run per experiment: run-many over several projects would run every listed target
  // on every listed project, and a sweep's bare `evaluate` means all of its variants.
  for (const experiment of [...new Set(mine.map((u) => u.experiment))]) {
    const targets = mine.filter((u) => u.experiment === experiment).map((u) => stageTarget(until, u.variant));
    code = Math.max(code, await runNx(['run-many', `--projects=${experiment}`, `--targets=${targets.join(',')}`]));
  }
  return finish(
    mine.map((u) => [u.experiment, u.variant]),
    code,
  );
}

export function shardUnits(ws: Workspace, name: string): ShardUnit[] {
  const exp = ws.experiments.find((e) => e.spec.name === name);
  if (exp) return exp.variants.map((v) => ({ experiment: name, variant: v.name, spec: v.spec }));
  const report = ws.reports.find((r) => r.spec.name === name);
  if (!report) throw new UsageError(`--shard applies to an experiment or a report; '${name}' is neither (see genlab list)`);
  return reportVariants(ws, report.spec.experiments).map(([e, v]) => {
    const spec = ws.experiments.find((x) => x.spec.name === e)!.variants.find((x) => x.name === v)!.spec;
    return { experiment: e, variant: v, spec };
  });
}
