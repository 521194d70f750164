import { expect, it } from 'vitest';
import type { BackendProvenance } from '@genlab/artifacts';
import { provenanceOf } from './provenance';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { makeVariant } from '../test-support/make-variant';
import { fmtKernels, kernelSetId } from './kernel-identity';
import { STAGES, type PipelineStage } from './variant-artifacts';

const NATIVE_KERNELS = ['_FusedMatMul', 'Conv2D', 'GenlabAdam'];

/** One variant whose stages ran on the given backends (manifests as the stages write them). */
function variantOn(backends: Partial<Record<PipelineStage, BackendProvenance | null>>) {
  const v = makeVariant({ experiment: 'k', variant: 'default' });
  for (const s of STAGES)
    Object.assign(v.stages[s]!, { contentSha256: '0'.repeat(64), manifest: { ...v.stages[s]!.manifest, backend: backends[s] ?? null } });
  return v;
}

it('names, per stage, the backend, the oneDNN version and the native code and kernel set that produced it, in report.md and index.html', () => {
  const native: BackendProvenance = {
    name: 'native',
    threads: 2,
    simd: true,
    kernels: NATIVE_KERNELS,
    reason: 'native: oneDNN 3.5.3 (OpenMP) kernels, 2 threads, on wasm (SIMD)',
    onednn: 'oneDNN 3.5.3 (OpenMP)',
    nativeCode: '0123456789abcdef',
  };
  // A manifest written before onednn and nativeCode were recorded: the version is in its reason.
  const older: BackendProvenance = {
    name: 'native',
    threads: 1,
    simd: true,
    kernels: NATIVE_KERNELS,
    reason: 'native: oneDNN 3.4.1 kernels, 1 threads, on wasm (SIMD)',
  };
  const wasm: BackendProvenance = { name: 'wasm', threads: 2, simd: true, kernels: ['Conv2DBackpropInput'] };
  const p = provenanceOf('/a', variantOn({ model: wasm, train: native, sample: older, evaluate: native }));
  const id = kernelSetId(NATIVE_KERNELS);
  expect(Object.fromEntries(p.stages.map((s) => [s.stage, s.kernels]))).toEqual({
    data: '—',
    model: `kernel set ${kernelSetId(['Conv2DBackpropInput'])} (1)`,
    train: `oneDNN 3.5.3 (OpenMP), native code 0123456789abcdef, kernel set ${id} (3)`,
    sample: `oneDNN 3.4.1, native code not recorded, kernel set ${id} (3)`,
    evaluate: `oneDNN 3.5.3 (OpenMP), native code 0123456789abcdef, kernel set ${id} (3)`,
  });
  // The set's id is of its names, whatever their order; each set is listed once, sorted.
  expect(kernelSetId([...NATIVE_KERNELS].reverse())).toBe(id);
  expect(p.kernelSets).toEqual([
    { id: kernelSetId(['Conv2DBackpropInput']), kernels: ['Conv2DBackpropInput'] },
    { id, kernels: [...NATIVE_KERNELS].sort() },
  ]);

  const model = {
    title: 't',
    description: '',
    table: { columns: [], rows: [] },
    seedDetails: null,
    tableNotes: [],
    sections: [],
    warnings: [],
    provenance: [p],
    claims: [],
  };
  const md = renderMarkdown(model);
  expect(md).toContain('| backend | kernels |');
  expect(md).toContain(
    `| k/default | train | \`train-fp\` | \`0000000000000000\` | — | native (2 threads, SIMD) | oneDNN 3.5.3 (OpenMP), native code 0123456789abcdef, kernel set ${id} (3) |`,
  );
  expect(md).toContain(`Kernel set \`${id}\`: Conv2D, GenlabAdam, _FusedMatMul.`);
  const html = renderHtml(model);
  expect(html).toContain(
    `<td>native (2 threads, SIMD)</td><td>oneDNN 3.5.3 (OpenMP), native code 0123456789abcdef, kernel set ${id} (3)</td>`,
  );
  expect(html).toContain(`<p class="kernel-set">Kernel set <code>${id}</code>: Conv2D, GenlabAdam, _FusedMatMul.</p>`);
  expect(fmtKernels(null)).toBe('—');
});
