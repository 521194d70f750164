// The lint rules guard what they say they guard: ESLint's Node API over the repository's own
// eslint.config.mjs, on tiny source texts placed (by name only) inside a package.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
// The boundary and shadowing rules need no type information; without it a text that is not a
// file in tsconfig.json can be linted (the type-aware rule is covered by `npm run lint` itself).
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});
const FIXTURE = 'packages/ui/src/lint-fixture.ts';

async function problems(text: string, filePath = FIXTURE): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: resolve(ROOT, filePath) });
  return result!.messages.map((m) => `${m.line}: ${m.ruleId}`);
}

describe('lint rules', () => {
  it("forbid importing another package's src/ files, and allow its entry point and exported subpaths", async () => {
    const text = [
      "import { readMnist } from '@genlab/data/src/read-mnist';",
      "import { loadWorkspace } from '@genlab/spec';",
      "import { escapeHtml } from '@genlab/report/render-html';",
      "import { completeCheckpoints } from '@genlab/train/work-folder';",
      "const stage = require('@genlab/data/src/data-stage') as typeof import('@genlab/data/src/data-stage');",
      "export const later = () => import('@genlab/models/src/flops-per-image');",
      'export { readMnist, loadWorkspace, escapeHtml, completeCheckpoints, stage };',
    ].join('\n');
    expect(await problems(text)).toEqual([
      '1: no-restricted-imports',
      '5: no-restricted-syntax',
      '5: no-restricted-syntax',
      '6: no-restricted-syntax',
    ]);
    expect(
      await problems("const s = require('@genlab/train/src/work-folder');\nmodule.exports = s;\n", 'packages/ui/lint-fixture.cjs'),
    ).toEqual(['1: no-restricted-syntax']);
  });

  it('forbid a local that shadows a global such as console', async () => {
    const text = [
      'const createLogger = () => ({ log: { info: (_m: string) => undefined } });',
      'export function f(): void {',
      '  const { log: console } = createLogger();',
      "  console.info('x');",
      '}',
    ].join('\n');
    expect(await problems(text)).toEqual(['3: @typescript-eslint/no-shadow']);
  });
});
