#!/usr/bin/env node
// Prints a hash of each imported samples file named (or of a folder's files, by name and
// content), or "missing", one line each (samples.from and samples.earlierEpochs). The Nx sample target of an experiment with `samples: { from }` runs it as a runtime
// input: Nx keeps a spec's targets while the spec's text is unchanged, so the file's content
// must reach the task hash here, not only through the fingerprint (docs/imported-samples.md).
// Plain JavaScript, builtins only: it runs at every hash of that task, before any TypeScript.
const { createHash } = require('node:crypto');
const { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** One line per path: its hash, or "missing". */
function contentHash(given) {
  const path = resolve(given);
  if (!existsSync(path)) return 'missing';
  const h = createHash('sha256');
  if (statSync(path).isDirectory()) {
    for (const f of readdirSync(path).sort()) {
      const p = join(path, f);
      h.update(`${f}\n`)
        .update(statSync(p).isFile() ? readFileSync(p) : 'folder')
        .update('\n');
    }
    return h.digest('hex');
  }
  // A stream, not readFileSync: the file may be large (the stage refuses it later, not here).
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

const paths = process.argv.slice(2);
process.stdout.write(paths.length === 0 ? 'missing\n' : paths.map((p) => `${contentHash(p)}\n`).join(''));
