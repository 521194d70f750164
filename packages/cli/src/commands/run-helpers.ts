import { readManifest, type Manifest } from '@genlab/artifacts';
export { EXPERIMENT_STAGES, loadWorkspace, type ExperimentStage } from '@genlab/spec';

/** The manifest of a stage folder, or null when it is missing or unreadable (files not hashed: list and --frozen stay fast). */
export function readManifestOrNull(dir: string, expect: { stage: string; name: string; variant: string }): Manifest | null {
  try {
    return readManifest(dir, expect, { verify: false }).manifest;
  } catch {
    return null;
  }
}
