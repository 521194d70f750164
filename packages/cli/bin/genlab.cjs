#!/usr/bin/env node
// The `genlab` command. Sources are TypeScript run without a build step (tsx's loader).
require('tsx/cjs/api').register();
// `genlab list | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// Under npm start / npm run / npx, stop when npm is gone: npm does not pass signals on.
require('../src/watch-launcher.ts').watchLauncher();
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
