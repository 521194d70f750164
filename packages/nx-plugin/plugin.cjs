// Nx loads this file (nx.json "plugins"). Our sources are TypeScript run without a build step,
// but the answer for an unchanged spec file comes from nodes-cache.cjs, plain JavaScript: tsx
// and the spec parser (yaml, ajv) are loaded only when some spec file or the plugin's code
// changed. The plugin imports only @genlab/spec (never tfjs), which keeps graph building fast.
const { cachedCreateNodes } = require('./nodes-cache.cjs');

// Same glob as src/create-nodes.ts (a test checks they agree).
const SPEC_GLOB = 'experiments/*/{experiment,evaluator,report}.yaml';

let implementation;
function load() {
  if (!implementation) {
    require('tsx/cjs/api').register();
    implementation = require('./src/index.ts');
  }
  return implementation;
}

module.exports = {
  createNodesV2: [SPEC_GLOB, cachedCreateNodes(() => load().createNodesV2[1])],
};
