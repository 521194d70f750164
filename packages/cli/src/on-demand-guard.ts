import type { Stage } from '@genlab/spec';

/** Set by CI (`GENLAB_ON_DEMAND=refuse`): on-demand studies are restored from a cache, never trained. */
export const ON_DEMAND_ENV = 'GENLAB_ON_DEMAND';

/** An on-demand study asked to train where training is refused (exit 1, never cached by Nx). */
export class OnDemandRefusal extends Error {
  override name = 'OnDemandRefusal';
}

/**
 * Throws before an on-demand study's train stage starts when the environment refuses training.
 * Nx runs a stage only when neither the local nor the remote cache has its outputs, so this
 * fires exactly when a CI runner would otherwise begin training a long study: because a shared
 * package changed, or nobody trained this commit's version yet.
 */
export function assertMayTrain(stage: Stage, experiment: string, spec: { onDemand?: boolean }, env: NodeJS.ProcessEnv): void {
  const mode = env[ON_DEMAND_ENV];
  if (mode !== undefined && mode !== 'refuse' && mode !== 'run') {
    throw new OnDemandRefusal(`${ON_DEMAND_ENV} expects 'refuse' or 'run', found '${mode}'`);
  }
  if (stage !== 'train' || !spec.onDemand || mode !== 'refuse') return;
  throw new OnDemandRefusal(
    `${experiment} is an on-demand study (onDemand: true in its experiment.yaml) and ${ON_DEMAND_ENV}=refuse: ` +
      `its train stage for this commit is in neither the local nor the remote cache, and it is not trained here. ` +
      `To train it, a person runs it where that is meant to happen (a GPU box with a read-write cache token, ` +
      `or the study workflow's manual 'train' run): ${ON_DEMAND_ENV}=run genlab run ${experiment}`,
  );
}
