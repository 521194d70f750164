import { dirname, join } from 'node:path';
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import {
  DEFAULT_VARIANT,
  SpecError,
  evaluatorSlice,
  experimentSlice,
  fingerprint,
  loadSpecFile,
  reportSlice,
  type ExperimentStage,
  type LoadedEvaluator,
  type LoadedExperiment,
  type LoadedReport,
  type Stage,
} from '@genlab/spec';
import { stageInputs } from './stage-inputs';

export interface GenlabPluginOptions {
  /** Command that runs one stage; the CLI's `stage` subcommand. */
  stageCommand?: string;
}

const SPEC_GLOB = 'experiments/*/{experiment,evaluator,report}.yaml';

/** One Nx project per spec file; see README "How caching works". */
export const createNodesV2: CreateNodesV2<GenlabPluginOptions> = [
  SPEC_GLOB,
  // @nx/devkit is loaded here, not at the top: the CLI imports stageTarget from this package,
  // and loading devkit costs a quarter of a second that `genlab validate` and `list` need not pay.
  (files, options, context) => (require('@nx/devkit') as typeof import('@nx/devkit')).createNodesFromFiles(createNodesForSpec, files, options ?? {}, context),
];

function normalize(options: GenlabPluginOptions | undefined): Required<GenlabPluginOptions> {
  options ??= {};
  options.stageCommand ??= 'node packages/cli/bin/genlab.cjs stage';
  return options as Required<GenlabPluginOptions>;
}

function createNodesForSpec(file: string, options: GenlabPluginOptions | undefined, context: CreateNodesContextV2): CreateNodesResult {
  const o = normalize(options);
  let loaded;
  try {
    loaded = loadSpecFile(join(context.workspaceRoot, file));
  } catch (err) {
    // An invalid spec must not break the graph for every other experiment; `genlab validate`
    // and `genlab run` report it with file:line:col.
    if (err instanceof SpecError) return {};
    throw err;
  }
  const root = dirname(file);
  const targets =
    loaded.kind === 'experiment' ? experimentTargets(loaded, o)
    : loaded.kind === 'evaluator' ? evaluatorTargets(loaded, o)
    : reportTargets(loaded, o);
  return {
    projects: {
      [root]: {
        name: loaded.spec.name,
        root,
        tags: [`genlab:${loaded.kind}`, ...(isOnDemand(loaded, context.workspaceRoot) ? [ON_DEMAND_TAG] : [])],
        // Project-graph edges for `nx affected`: code changes reach experiments through the
        // cli (which depends on every package); a report is affected by the experiments it lists.
        implicitDependencies: loaded.kind === 'report' ? ['@genlab/report', ...new Set(loaded.spec.experiments.map((r) => r.split('/')[0]))] : ['@genlab/cli'],
        targets,
      },
    },
  };
}

/**
 * Tag of on-demand studies (experiments with `onDemand: true`, and reports that compare one):
 * `nx affected -t report --exclude=tag:genlab:on-demand` leaves them out of a CI run.
 */
export const ON_DEMAND_TAG = 'genlab:on-demand';

function isOnDemand(loaded: LoadedExperiment | LoadedEvaluator | LoadedReport, workspaceRoot: string): boolean {
  if (loaded.kind === 'experiment') return loaded.spec.onDemand;
  if (loaded.kind === 'evaluator') return false;
  return loaded.spec.experiments.some((ref) => {
    try {
      const e = loadSpecFile(join(workspaceRoot, 'experiments', ref.split('/')[0], 'experiment.yaml'));
      return e.kind === 'experiment' && e.spec.onDemand;
    } catch {
      return false; // a missing or invalid experiment is reported by genlab validate/run
    }
  });
}

/** Target name of a stage for one variant: `train`, or `train--latentDim-2` in a sweep. */
export function stageTarget(stage: string, variant: string): string {
  return variant === DEFAULT_VARIANT ? stage : `${stage}--${variant}`;
}

const UPSTREAM: Record<ExperimentStage, ExperimentStage[]> = {
  data: [],
  model: [],
  train: ['data', 'model'],
  sample: ['train'],
  evaluate: ['sample'],
};

function experimentTargets(e: LoadedExperiment, o: Required<GenlabPluginOptions>): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  const swept = e.variants.length > 1 || e.variants[0].name !== DEFAULT_VARIANT;
  for (const v of e.variants) {
    for (const stage of Object.keys(UPSTREAM) as ExperimentStage[]) {
      const dependsOn: TargetConfiguration['dependsOn'] = UPSTREAM[stage].map((u) => stageTarget(u, v.name));
      if (stage === 'evaluate' && v.spec.evaluate.features.kind === 'evaluator') {
        dependsOn.push({ projects: [v.spec.evaluate.evaluator], target: 'evaluator' });
      }
      const fp = fingerprint(stage, experimentSlice(v.spec, stage));
      const variantFlag = swept ? ` --variant ${v.name}` : '';
      targets[stageTarget(stage, v.name)] = stageTargetConfig(stage, fp, `${o.stageCommand} ${stage} ${e.spec.name}${variantFlag}`, [e.spec.name, v.name], dependsOn, `${stage} of ${e.spec.name}${swept ? ` variant ${v.name}` : ''}`);
    }
  }
  if (swept) {
    for (const stage of Object.keys(UPSTREAM)) {
      targets[stage] = {
        executor: 'nx:noop',
        dependsOn: e.variants.map((v) => stageTarget(stage, v.name)),
        metadata: { description: `${stage} of every variant of ${e.spec.name}` },
      };
    }
  }
  return targets;
}

function evaluatorTargets(e: LoadedEvaluator, o: Required<GenlabPluginOptions>): Record<string, TargetConfiguration> {
  const fp = fingerprint('evaluator', evaluatorSlice(e.spec));
  return { evaluator: stageTargetConfig('evaluator', fp, `${o.stageCommand} evaluator ${e.spec.name}`, [e.spec.name, DEFAULT_VARIANT], [], `train the MNIST classifier ${e.spec.name} (features for FID/IS)`) };
}

function reportTargets(r: LoadedReport, o: Required<GenlabPluginOptions>): Record<string, TargetConfiguration> {
  const dependsOn = r.spec.experiments.map((ref) => {
    const [exp, variant] = ref.split('/');
    return { projects: [exp], target: variant ? stageTarget('evaluate', variant) : 'evaluate' };
  });
  const fp = fingerprint('report', reportSlice(r.spec));
  return { report: stageTargetConfig('report', fp, `${o.stageCommand} report ${r.spec.name}`, [r.spec.name, DEFAULT_VARIANT], dependsOn, `report ${r.spec.name} from cached artifacts`) };
}

function stageTargetConfig(stage: Stage, fp: string, command: string, [name, variant]: [string, string], dependsOn: TargetConfiguration['dependsOn'], description: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    options: { command, cwd: '{workspaceRoot}' },
    cache: true,
    inputs: stageInputs(stage, fp) as TargetConfiguration['inputs'],
    outputs: [`{workspaceRoot}/artifacts/${name}/${variant}/${stage}`],
    dependsOn,
    metadata: { description, technologies: ['genlab'] },
  };
}
