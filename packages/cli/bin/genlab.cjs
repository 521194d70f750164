#!/usr/bin/env node
// The `genlab` command. Sources are TypeScript run without a build step (tsx's loader).
require('tsx/cjs/api').register();
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
