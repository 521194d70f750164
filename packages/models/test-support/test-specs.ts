import { loadSpecFile, type ExperimentSpec } from '@genlab/spec';

// Test support, outside src/ so no stage key covers it: a full, validated experiment spec from a preset,
// loaded through the same path as a researcher's YAML.
export function presetSpec(preset: 'paper-gan' | 'paper-vae', extra = ''): ExperimentSpec {
  const text = `name: test-${preset}\npreset: ${preset}\nbackend: cpu\n${extra}`;
  return loadSpecFile(`experiments/test-${preset}/experiment.yaml`, text).spec as ExperimentSpec;
}
