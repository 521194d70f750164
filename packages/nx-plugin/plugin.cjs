// Nx loads this file (nx.json "plugins"). Our sources are TypeScript run without a build step,
// so register tsx's CommonJS loader first; the plugin imports only @genlab/spec (never tfjs),
// which keeps graph building fast.
require('tsx/cjs/api').register();
module.exports = require('./src/index.ts');
