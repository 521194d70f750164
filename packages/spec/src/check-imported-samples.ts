import type { ExperimentSpec } from './schema/experiment-schema';
import type { SpecIssue } from './spec-error';
import type { YamlSource } from './yaml-source';
import {
  combinedSha256,
  ImportedSamplesError,
  importedSampleFiles,
  importedSamplesPath,
  importedSamplesSha256,
  inspectImportedSamples,
  scaleProblem,
  type ImportedSamplesLayout,
} from './imported-samples';

/** Fields an experiment that imports its samples does not have: it neither builds nor trains a model. */
const NOT_IMPORTED = ['preset', 'model', 'train', 'sample'] as const;

export interface ImportedSamplesCheck {
  issues: SpecIssue[];
  /** The file does not exist yet: validate warns; the sample stage fails (exit 2) naming samples.producedBy. */
  warnings: SpecIssue[];
  /** Content hash of every file (combinedSha256), or null while one does not exist (then the stage cannot run anyway). */
  sha256: string | null;
}

/**
 * What `genlab validate` can tell about `samples: { from, earlierEpochs }` without reading
 * pixels: each file exists (else a warning), its header says 28x28 images of a dtype we read,
 * the declared scale fits that dtype, it holds enough images for evaluate, the epochs ascend;
 * and the spec asks nothing of a model.
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
  const needed = Math.max(2, spec.evaluate.isSplits, spec.evaluate.precisionRecallK + 1);
  const files = importedSampleFiles(s);
  // The layout of each file that exists and reads; hashed only once all are checked.
  const layouts: { epoch: number; layout: ImportedSamplesLayout }[] = [];
  files.forEach((file, i) => {
    const earlier = i < files.length - 1;
    const next = files[i + 1];
    if (next && file.epoch >= next.epoch) {
      const named = i + 1 === files.length - 1 ? 'samples.epoch' : `earlierEpochs[${i + 1}].epoch`;
      add(out.issues, ['samples', 'earlierEpochs', i, 'epoch'], `epochs ascending, below ${named} (${next.epoch})`, `${file.epoch}`);
    }
    const path = importedSamplesPath(root, file.from);
    let layout;
    try {
      layout = inspectImportedSamples(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        const how = s.producedBy ? `; it is written by: ${s.producedBy}` : '; samples.producedBy can name the command that writes it';
        add(
          out.warnings,
          file.at,
          `an existing .npy file or PNG folder (${path})`,
          'nothing there yet',
          `genlab run will fail until it exists${how}`,
        );
        return;
      }
      if (!(err instanceof ImportedSamplesError)) throw err;
      add(out.issues, file.at, err.expected, `${err.found} (${err.file})`, err.hint);
      return;
    }
    const scale = scaleProblem(layout, s.scale);
    if (scale) add(out.issues, !earlier && source.has(['samples', 'scale']) ? ['samples', 'scale'] : file.at, scale.expected, scale.found);
    if (layout.count < needed) {
      add(
        out.issues,
        file.at,
        `at least ${needed} images (evaluate.isSplits ${spec.evaluate.isSplits}, evaluate.precisionRecallK + 1 = ${spec.evaluate.precisionRecallK + 1})`,
        `${layout.count} in ${path}`,
      );
    }
    layouts.push({ epoch: file.epoch, layout });
  });
  const complete = layouts.length === files.length;
  // Every epoch is scored on as many images as evaluate scores from samples.from, so the
  // per-epoch shares are comparable.
  if (complete) {
    const scored = Math.min(spec.evaluate.samples, layouts[layouts.length - 1]!.layout.count);
    files.slice(0, -1).forEach((file, i) => {
      const count = layouts[i]!.layout.count;
      if (count < scored) add(out.issues, file.at, `at least ${scored} images (as many as evaluate scores from samples.from)`, `${count}`);
    });
  }
  if (out.issues.length === 0 && complete)
    out.sha256 = combinedSha256(layouts.map(({ epoch, layout }) => ({ epoch, sha256: importedSamplesSha256(layout) })));
  return out;
}
