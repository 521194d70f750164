import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { readManifest, sourceCommit, type SourceCommit } from '@genlab/artifacts';
// render-html only: @genlab/report's index loads sharp and vega, which every genlab process
// (every stage) would pay for at start-up just for this.
import { escapeHtml } from '@genlab/report/render-html';
import { artifactDir, type ReportSpec } from '@genlab/spec';
import { UsageError } from '../exit-codes';

// `genlab report <name> --out docs/results/<name>`: the report artifact copied into the repository
// (Markdown, HTML and figures; never weights, logs or other artifacts), with a publication note
// saying which commit it was published from and how to regenerate it.

export const PUBLICATION_FILE = 'publication.json';
/** What a published report holds; everything else in the report artifact stays in artifacts/. */
const PUBLISHED = /^(report\.md|index\.html|figures\/[^/]+\.(png|svg))$/;

export interface Publication {
  report: string;
  publishedAt: string;
  /** The command that published it, as typed (relative --out). */
  command: string;
  /** HEAD when it was published; each stage's own commit is in the report's provenance table. */
  source: SourceCommit | null;
  reportArtifact: { fingerprint: string; created: string; source: SourceCommit | null };
  files: string[];
}

/**
 * Copies the report artifact of `spec` into `out` (relative to the workspace root) atomically:
 * a temporary sibling folder renamed into place. Refuses a non-empty folder it did not publish.
 */
export function publishReport(root: string, spec: ReportSpec, out: string, command: string): { dir: string; publication: Publication } {
  const src = artifactDir(root, spec.name, 'default', 'report');
  const { manifest } = readManifest(src, { stage: 'report', name: spec.name });
  const dir = resolve(root, out);
  if (dir === resolve(root) || !relative(resolve(root, 'artifacts'), dir).startsWith('..')) {
    throw new UsageError(`--out ${out}: expected a folder of its own outside artifacts/, e.g. docs/results/${spec.name}`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, PUBLICATION_FILE))) {
    throw new UsageError(
      `--out ${out}: ${dir} is not empty and holds no ${PUBLICATION_FILE}; refusing to replace a folder genlab did not publish`,
    );
  }
  const files = manifest.files.filter((f) => PUBLISHED.test(f));
  const publication: Publication = {
    report: spec.name,
    publishedAt: new Date().toISOString(),
    command,
    source: sourceCommit(root),
    reportArtifact: { fingerprint: manifest.fingerprint, created: manifest.created, source: manifest.source ?? null },
    files,
  };
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const f of files) {
      mkdirSync(dirname(join(tmp, f)), { recursive: true });
      cpSync(join(src, f), join(tmp, f));
    }
    const note = publicationNote(spec, publication);
    writeFileSync(join(tmp, 'report.md'), `${readText(src, 'report.md')}\n${note.markdown}`);
    writeFileSync(join(tmp, 'index.html'), readText(src, 'index.html').replace('</body>', `${note.html}\n</body>`));
    writeFileSync(join(tmp, PUBLICATION_FILE), JSON.stringify(publication, null, 2) + '\n');
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { dir, publication };
}

function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Where it came from and how to get it again, appended to report.md and index.html. */
export function publicationNote(spec: ReportSpec, p: Publication): { markdown: string; html: string } {
  const commit = p.source
    ? `commit \`${p.source.commit}\`${p.source.dirty ? ' with uncommitted changes to tracked files' : ''}`
    : 'outside a git checkout (no commit recorded)';
  const runs = [
    ...new Set(
      spec.experiments.map((e) => {
        const [exp, variant] = e.split('/');
        return `genlab run ${exp}${variant ? ` --variant ${variant}` : ''}`;
      }),
    ),
  ];
  const lines = [
    `Published by \`${p.command}\` on ${p.publishedAt} from ${commit}.`,
    `The report artifact has fingerprint \`${p.reportArtifact.fingerprint}\` (built ${p.reportArtifact.created}); the commit, backend and wall time of every stage behind its numbers are in the provenance tables above.`,
    `Regenerate it from the cached artifacts (local, or the remote cache) without training: \`genlab report ${spec.name} --frozen\`. Rerun the study: ${runs.map((r) => `\`${r}\``).join(', ')}, then \`genlab report ${spec.name}\`.`,
  ];
  const html = lines.map((l) => `<p>${escapeHtml(l).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`).join('\n');
  return {
    markdown: ['## Publication', '', ...lines.flatMap((l) => [l, ''])].join('\n'),
    html: `<h2 id="publication">Publication</h2>\n${html}`,
  };
}
