import type { StageContext, StageResult } from '@genlab/artifacts';
import type { Stage } from '@genlab/spec';

type StageFn = (ctx: StageContext<never>) => Promise<StageResult>;

/**
 * The function behind each stage, loaded on demand so `genlab validate` and `genlab list`
 * never load tfjs.
 */
export function stageFunction(stage: Stage): StageFn {
  switch (stage) {
    // The data stage only reads and writes files: its own module, not @genlab/data's index, which loads tfjs (about 1 s of CPU).
    case 'data':
      return require('@genlab/data/data-stage').runDataStage;
    case 'model':
      return require('@genlab/models').runModelStage;
    case 'train':
      return require('@genlab/train').runTrainStage;
    case 'sample':
      return require('@genlab/sample').runSampleStage;
    case 'evaluator':
      return require('@genlab/evaluate').runEvaluatorStage;
    case 'evaluate':
      return require('@genlab/evaluate').runEvaluateStage;
    case 'report':
      return require('@genlab/report').runReportStage;
  }
}
