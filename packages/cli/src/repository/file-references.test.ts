// The repository stands on its own: every file a comment or a document names exists in it. A
// clone has no design notes from elsewhere, so a comment citing one points a newcomer at nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileReferences } from './file-references';

// Built, not written out, so this file does not itself name a document that is not here.
const MISSING_DOC = ['DESIGN', 'md'].join('.');
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
const SOURCES = tracked.filter((f) => /\.(ts|mts|cjs|js|cc|h|py|md|ya?ml|sh)$/.test(f) && !f.startsWith('docs/results/'));
/** Tests and their support name paths inside temporary workspaces: only their cited documents count. */
const isTestCode = (f: string) => /\.test\.ts$|\/(test-support|testing)\//.test(f);

describe('file references', () => {
  it('finds the references it must check (and none it must not)', () => {
    const text = [
      `// see docs/design.md "Caching", packages/spec/src/stage-slice.ts and ${MISSING_DOC} 4`,
      '// artifacts/<name>/<variant>/train is a runtime path; so is .nx/cache; https://nx.dev/docs/x.md is a link',
      'read [the README](README.md), `bench/torch_reference.py`; writes report.md; experiments/g/experiment.yaml is a workspace file',
    ].join('\n');
    expect(fileReferences(text)).toEqual([
      'docs/design.md',
      'packages/spec/src/stage-slice.ts',
      MISSING_DOC,
      'README.md',
      'bench/torch_reference.py',
    ]);
  });

  it('every file named in a tracked source, doc or config exists in the repository', () => {
    const missing: string[] = [];
    for (const file of SOURCES) {
      for (const ref of fileReferences(readFileSync(join(ROOT, file), 'utf8'))) {
        if (isTestCode(file) && !/^[A-Z][A-Z0-9_-]*\.md$/.test(ref)) continue;
        const candidates = [join(ROOT, ref), join(ROOT, dirname(file), ref), join(ROOT, 'docs', ref)];
        if (!candidates.some((c) => existsSync(c))) missing.push(`${file}: ${ref}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
