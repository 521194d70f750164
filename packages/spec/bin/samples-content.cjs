#!/usr/bin/env node
// Prints a hash of an imported samples file (or of a folder's files, by name and content), or
// "missing". The Nx sample target of an experiment with `samples: { from }` runs it as a runtime
// input: Nx keeps a spec's targets while the spec's text is unchanged, so the file's content
// must reach the task hash here, not only through the fingerprint (docs/imported-samples.md).
// Plain JavaScript, builtins only: it runs at every hash of that task, before any TypeScript.
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const path = resolve(process.argv[2] ?? '');
if (!process.argv[2] || !existsSync(path)) {
  process.stdout.write('missing\n');
} else if (statSync(path).isDirectory()) {
  const h = createHash('sha256');
  for (const f of readdirSync(path).sort()) {
    const p = join(path, f);
    h.update(`${f}\n`)
      .update(statSync(p).isFile() ? readFileSync(p) : 'folder')
      .update('\n');
  }
  process.stdout.write(`${h.digest('hex')}\n`);
} else {
  // A stream, not readFileSync: the file may be large (the stage refuses it later, not here).
  const h = createHash('sha256');
  const fd = require('node:fs').openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  for (let n; (n = require('node:fs').readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  process.stdout.write(`${h.digest('hex')}\n`);
}
