import { basename, dirname, join, resolve } from 'node:path';
import type { CreateNodesContextV2, CreateNodesResult, CreateNodesV2, ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import {
  DEFAULT_VARIANT,
  EXPERIMENT_STAGES,
  PIPELINE,
  STAGES,
  evaluatorSlice,
  experimentSlice,
  experimentStageDefinition,
  experimentStages,
  fingerprint,
  importedSampleFiles,
  loadWorkspaceLenient,
  reportSlice,
  type BrokenSpec,
  type LoadedSpec,
  type Workspace,
  type LoadedEvaluator,
  type LoadedExperiment,
  type LoadedReport,
  type Stage,
} from '@genlab/spec';
import { stageInputs } from './stage-inputs';

export interface GenlabPluginOptions {
  /** Command that runs one stage; the CLI's `stage` subcommand. */
  stageCommand?: string;
  /** Command that checks a spec file; a broken spec's targets run it (and fail with its problems). */
  validateCommand?: string;
}

const SPEC_GLOB = 'experiments/*/{experiment,evaluator,report}.yaml';

/** One Nx project per spec file; see README "How caching works". */
export const createNodesV2: CreateNodesV2<GenlabPluginOptions> = [
  SPEC_GLOB,
  // @nx/devkit is loaded here, not at the top: the CLI imports stageTarget from this package,
  // and loading devkit costs a quarter of a second that `genlab validate` and `list` need not pay.
  (files, options, context) => {
    // References between specs (a report's experiments, an experiment's evaluator) are checked
    // across all of them at once, the way genlab validate does.
    const { ws, broken } = loadWorkspaceLenient(
      context.workspaceRoot,
      files.map((f) => join(context.workspaceRoot, f)),
    );
    const byFile = new Map<string, LoadedSpec | BrokenSpec>(
      [...ws.experiments, ...ws.evaluators, ...ws.reports, ...broken].map((l) => [resolve(l.file), l]),
    );
    // A broken spec named like a valid one (a duplicate name) goes by its folder: Nx refuses two projects of one name.
    const taken = new Set([...ws.experiments, ...ws.evaluators, ...ws.reports].map((l) => l.spec.name));
    for (const b of broken)
      if (taken.has(b.name))
        b.name = taken.has(basename(dirname(b.file))) ? `${basename(dirname(b.file))}-invalid` : basename(dirname(b.file));
    const forSpec = (file: string, o: GenlabPluginOptions | undefined, c: CreateNodesContextV2) =>
      createNodesForSpec(file, byFile.get(resolve(c.workspaceRoot, file)), ws, o, c);
    return (require('@nx/devkit') as typeof import('@nx/devkit')).createNodesFromFiles(forSpec, files, options ?? {}, context);
  },
];

function normalize(options: GenlabPluginOptions | undefined): Required<GenlabPluginOptions> {
  options ??= {};
  options.stageCommand ??= 'node packages/cli/bin/genlab.cjs stage';
  options.validateCommand ??= 'node packages/cli/bin/genlab.cjs validate';
  return options as Required<GenlabPluginOptions>;
}

function createNodesForSpec(
  file: string,
  loaded: LoadedSpec | BrokenSpec | undefined,
  ws: Workspace,
  options: GenlabPluginOptions | undefined,
  context: CreateNodesContextV2,
): CreateNodesResult {
  const o = normalize(options);
  if (!loaded) return {};
  const root = dirname(file);
  if ('issues' in loaded) return { projects: { [root]: brokenProject(file, loaded, o) } };
  const targets =
    loaded.kind === 'experiment'
      ? experimentTargets(loaded, o)
      : loaded.kind === 'evaluator'
        ? evaluatorTargets(loaded, o)
        : reportTargets(loaded, o);
  return {
    projects: {
      [root]: {
        name: loaded.spec.name,
        root,
        tags: [`genlab:${loaded.kind}`, ...(isOnDemand(loaded, ws) ? [ON_DEMAND_TAG] : [])],
        // Project-graph edges for `nx affected`: code changes reach experiments through the
        // cli (which depends on every package); a report is affected by the experiments it lists.
        implicitDependencies:
          loaded.kind === 'report' ? ['@genlab/report', ...new Set(loaded.spec.experiments.map((r) => r.split('/')[0]))] : ['@genlab/cli'],
        targets,
      },
    },
  };
}

/** Tag of a spec that does not load or whose references do not hold (see brokenProject). */
export const INVALID_TAG = 'genlab:invalid';

/**
 * A broken spec stays in the graph, never silently dropped: a project under its name whose every
 * target (every stage name, so `nx affected -t <any>` and `nx run-many` reach it) runs
 * `genlab validate <file>`, which prints each problem as file:line:col and fails.
 * So `nx affected` and `nx run-many` fail on it, and CI goes red with the reason.
 */
function brokenProject(file: string, b: BrokenSpec, o: Required<GenlabPluginOptions>): ProjectConfiguration {
  const where = b.issues[0] ? `${b.issues[0].file}:${b.issues[0].line}:${b.issues[0].col}` : file;
  const target: TargetConfiguration = {
    executor: 'nx:run-commands',
    options: { command: `${o.validateCommand} ${file}`, cwd: '{workspaceRoot}' },
    cache: false,
    metadata: {
      description: `fails: ${file} is not a valid spec (${b.issues.length} problem(s), the first at ${where})`,
      technologies: ['genlab'],
    },
  };
  return {
    name: b.name,
    root: dirname(file),
    tags: [`genlab:${b.kind}`, INVALID_TAG],
    implicitDependencies: ['@genlab/cli'],
    targets: Object.fromEntries(STAGES.map((t) => [t, target])),
  };
}

/**
 * Tag of on-demand studies (experiments with `onDemand: true`, and reports that compare one):
 * `nx affected -t report --exclude=tag:genlab:on-demand` leaves them out of a CI run.
 */
export const ON_DEMAND_TAG = 'genlab:on-demand';

function isOnDemand(loaded: LoadedSpec, ws: Workspace): boolean {
  if (loaded.kind === 'experiment') return loaded.spec.onDemand;
  if (loaded.kind === 'evaluator') return false;
  return loaded.spec.experiments.some((ref) => ws.experiments.find((e) => e.spec.name === ref.split('/')[0])?.spec.onDemand === true);
}

/** Target name of a stage for one variant: `train`, or `train--latentDim-2` in a sweep. */
export function stageTarget(stage: string, variant: string): string {
  return variant === DEFAULT_VARIANT ? stage : `${stage}--${variant}`;
}

function experimentTargets(e: LoadedExperiment, o: Required<GenlabPluginOptions>): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  const swept = e.variants.length > 1 || e.variants[0].name !== DEFAULT_VARIANT;
  for (const v of e.variants) {
    for (const stage of experimentStages(e.spec)) {
      const dependsOn: TargetConfiguration['dependsOn'] = (experimentStageDefinition(e.spec, stage)?.upstream ?? []).map((u) =>
        stageTarget(u, v.name),
      );
      if (stage === 'evaluate' && v.spec.evaluate.features.kind === 'evaluator') {
        dependsOn.push({ projects: [v.spec.evaluate.evaluator], target: 'evaluator' });
      }
      const fp = fingerprint(stage, experimentSlice(v.spec, stage));
      const variantFlag = swept ? ` --variant ${v.name}` : '';
      const config = stageTargetConfig(
        stage,
        fp,
        `${o.stageCommand} ${stage} ${e.spec.name}${variantFlag}`,
        [e.spec.name, v.name],
        dependsOn,
        `${stage} of ${e.spec.name}${swept ? ` variant ${v.name}` : ''}`,
      );
      // Nx reuses this graph while the spec's text is unchanged, so the imported files' content
      // enters the task hash at run time too (the fingerprint holds it only as of graph time).
      if (stage === 'sample' && v.spec.samples)
        config.inputs = [
          ...(config.inputs ?? []),
          {
            runtime: `node packages/spec/bin/samples-content.cjs ${importedSampleFiles(v.spec.samples)
              .map((f) => JSON.stringify(f.from))
              .join(' ')}`,
          },
        ];
      targets[stageTarget(stage, v.name)] = config;
    }
  }
  if (swept) {
    for (const stage of experimentStages(e.spec)) {
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
  return {
    evaluator: stageTargetConfig(
      'evaluator',
      fp,
      `${o.stageCommand} evaluator ${e.spec.name}`,
      [e.spec.name, DEFAULT_VARIANT],
      [],
      `train the MNIST classifier ${e.spec.name} (features for FID/IS)`,
    ),
  };
}

function reportTargets(r: LoadedReport, o: Required<GenlabPluginOptions>): Record<string, TargetConfiguration> {
  const dependsOn = r.spec.experiments.flatMap((ref) => {
    const [exp, variant] = ref.split('/');
    return PIPELINE.report.upstream.map((u) => ({ projects: [exp], target: variant ? stageTarget(u, variant) : u }));
  });
  const fp = fingerprint('report', reportSlice(r.spec));
  return {
    report: stageTargetConfig(
      'report',
      fp,
      `${o.stageCommand} report ${r.spec.name}`,
      [r.spec.name, DEFAULT_VARIANT],
      dependsOn,
      `report ${r.spec.name} from cached artifacts`,
    ),
  };
}

function stageTargetConfig(
  stage: Stage,
  fp: string,
  command: string,
  [name, variant]: [string, string],
  dependsOn: TargetConfiguration['dependsOn'],
  description: string,
): TargetConfiguration {
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
