import type { ExperimentSpec } from './schema/experiment-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import { ImportedSamplesError, importedSamplesPath, importedSamplesSha256, inspectImportedSamples, scaleProblem } from './imported-samples';

/** Fields an experiment that imports its samples does not have: it neither builds nor trains a model. */
const NOT_IMPORTED = ['preset', 'model', 'train', 'sample'] as const;

export interface ImportedSamplesCheck {
  issues: SpecIssue[];
  /** The file does not exist yet: validate warns; the sample stage fails (exit 2) naming samples.producedBy. */
  warnings: SpecIssue[];
  /** Content hash, or null while the file does not exist (then the stage cannot run anyway). */
  sha256: string | null;
}

/**
 * What `genlab validate` can tell about `samples: { from }` without reading pixels: the file
 * exists (else a warning), its header says 28x28 images of a dtype we read, the declared scale
 * fits that dtype, it holds enough images for evaluate; and the spec asks nothing of a model.
 */
export function checkImportedSamples(spec: ExperimentSpec, source: YamlSource, root: string): ImportedSamplesCheck {
  const s = spec.samples;
  const out: ImportedSamplesCheck = { issues: [], warnings: [], sha256: null };
  if (!s) return out;
  const add = (list: SpecIssue[], path: (string | number)[], expected: string, found: string, hint?: string) =>
    list.push({ ...source.at(path), path: path.join('.'), expected, found, ...(hint ? { hint } : {}) });
  for (const field of NOT_IMPORTED) {
    if (source.has([field]))
      add(
        out.issues,
        [field],
        `no ${field} section in an experiment whose samples come from a file (samples.from)`,
        `a ${field} section`,
        'remove it, or remove samples to train a model',
      );
  }
  for (const key of Object.keys(spec.sweep)) {
    if (/^(samples|model|train|sample)\./.test(key))
      add(out.issues, ['sweep', key], 'a swept field an imported-samples experiment reads (seed, evaluate.*)', `'${key}'`);
  }
  const path = importedSamplesPath(root, s.from);
  let layout;
  try {
    layout = inspectImportedSamples(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const how = s.producedBy ? `; it is written by: ${s.producedBy}` : '; samples.producedBy can name the command that writes it';
      add(
        out.warnings,
        ['samples', 'from'],
        `an existing .npy file or PNG folder (${path})`,
        'nothing there yet',
        `genlab run will fail until it exists${how}`,
      );
      return out;
    }
    if (!(err instanceof ImportedSamplesError)) throw err;
    add(out.issues, ['samples', 'from'], err.expected, `${err.found} (${err.file})`, err.hint);
    return out;
  }
  const scale = scaleProblem(layout, s.scale);
  if (scale) add(out.issues, source.has(['samples', 'scale']) ? ['samples', 'scale'] : ['samples', 'from'], scale.expected, scale.found);
  const needed = Math.max(2, spec.evaluate.isSplits, spec.evaluate.precisionRecallK + 1);
  if (layout.count < needed) {
    add(
      out.issues,
      ['samples', 'from'],
      `at least ${needed} images (evaluate.isSplits ${spec.evaluate.isSplits}, evaluate.precisionRecallK + 1 = ${spec.evaluate.precisionRecallK + 1})`,
      `${layout.count} in ${path}`,
    );
  }
  if (out.issues.length === 0) out.sha256 = importedSamplesSha256(layout);
  return out;
}
