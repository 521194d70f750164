// Files of the repository that a text names: documents cited by name (README.md) and
// paths under the repository's own folders (packages/..., docs/..., bench/...). Output names
// (report.md), runtime paths (artifacts/, .nx/), experiment folders (often a test's temporary
// workspace), templates (<name>, *, ${...}) and web links are not repository files and are left out.

const TOP_LEVEL = ['packages', 'docs', 'bench', '.github', '.ci'];
const PATH = /(?<![\w./:<>-])((?:[\w.-]+\/)*[\w.-]+\.(?:md|ts|mts|cjs|js|cc|h|py|ya?ml|json|sh))(?![\w/<>-])/g;

export function fileReferences(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    for (const [, ref] of line.replace(/https?:\/\/\S+/g, '').matchAll(PATH)) {
      const citedDocument = /^[A-Z][A-Z0-9_-]*\.md$/.test(ref!);
      const repositoryPath = ref!.includes('/') && TOP_LEVEL.includes(ref!.split('/')[0]!);
      if ((citedDocument || repositoryPath) && !found.includes(ref!)) found.push(ref!);
    }
  }
  return found;
}
