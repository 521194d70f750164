// A cache of the plugin's answer per spec file, in plain JavaScript because it runs before any
// TypeScript loader: when a spec file's text, the plugin options and the code that turns specs
// into targets (this plugin and @genlab/spec, presets included) are what they were when the
// answer was computed, Nx gets that answer back without tsx, yaml or ajv being loaded. Building
// the graph of an unchanged workspace then costs file reads and hashes, not a spec parse.
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const CACHE_VERSION = 2;

/** Every file under `dir` (recursively) except tests, sorted: the code a cached answer depends on. */
function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [] : [join(dir, e.name)]))
    .sort();
}

/**
 * Hash of the plugin's own code, of @genlab/spec (schemas, presets, fingerprints, the pipeline)
 * and of every package's package.json (their dependencies decide the code inputs of a stage).
 */
function codeKey() {
  const plugin = __dirname;
  const spec = dirname(require.resolve('@genlab/spec/package.json', { paths: [plugin] }));
  const packages = dirname(spec);
  const manifests = readdirSync(packages)
    .sort()
    .map((p) => join(packages, p, 'package.json'))
    .filter((f) => existsSync(f));
  const files = [
    join(plugin, 'plugin.cjs'),
    join(plugin, 'nodes-cache.cjs'),
    ...sourceFiles(join(plugin, 'src')),
    ...sourceFiles(join(spec, 'src')),
    ...sourceFiles(join(spec, 'presets')),
    ...manifests,
  ];
  const h = createHash('sha256').update(`genlab-nodes-cache ${CACHE_VERSION}\n`);
  for (const f of files)
    h.update(`${relative(plugin, f)}\n`)
      .update(readFileSync(f))
      .update('\n');
  return h.digest('hex');
}

/** Where the cache lives: beside Nx's own workspace data (git-ignored with .nx). */
function cacheFile(workspaceRoot) {
  const dir = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? join(workspaceRoot, '.nx', 'workspace-data');
  return join(dir, 'genlab-nodes.json');
}

function readCache(file, code) {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    if (c.code === code && c.entries && typeof c.entries === 'object') return c;
  } catch {
    // Missing or unreadable: start empty; it is only a cache.
  }
  return { code, entries: {} };
}

function writeCache(file, cache) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, file); // atomic: a concurrent graph build reads the old or the new file
  } catch {
    // A read-only workspace still builds its graph; it just will not be faster next time.
  }
}

/**
 * Wraps a createNodesV2 function: when every file's key is cached the answer comes from the
 * cache; otherwise `compute()` (loaded only then) answers for all of them, and that is stored.
 * @param {() => (files: string[], options: unknown, context: { workspaceRoot: string }) => Promise<[string, unknown][]> | [string, unknown][]} compute
 */
function cachedCreateNodes(compute) {
  return async (files, options, context) => {
    const code = codeKey();
    const file = cacheFile(context.workspaceRoot);
    const cache = readCache(file, code);
    const opts = JSON.stringify(options ?? {});
    // A spec's answer depends on the others too (a report on the experiments it names, an
    // experiment on its evaluator), so every file's key covers the text of every spec file.
    const texts = new Map(files.map((f) => [f, readFileSync(join(context.workspaceRoot, f))]));
    const all = createHash('sha256');
    for (const f of [...files].sort()) all.update(`${f}\n`).update(texts.get(f)).update('\n');
    const workspace = all.digest('hex');
    const keys = new Map(
      files.map((f) => [
        f,
        createHash('sha256').update(opts).update('\n').update(workspace).update('\n').update(texts.get(f)).digest('hex'),
      ]),
    );
    const misses = files.filter((f) => cache.entries[f]?.key !== keys.get(f));
    if (misses.length > 0) {
      // All of them, not only the misses: references are checked across every spec.
      const computed = await compute()(files, options, context);
      for (const [f, result] of computed) cache.entries[f] = { key: keys.get(f), result };
      // Drop entries of spec files that no longer exist, so the cache does not grow forever.
      for (const f of Object.keys(cache.entries)) if (!keys.has(f)) delete cache.entries[f];
      writeCache(file, cache);
    }
    return files.map((f) => [f, cache.entries[f].result]);
  };
}

module.exports = { cachedCreateNodes, codeKey, cacheFile };
