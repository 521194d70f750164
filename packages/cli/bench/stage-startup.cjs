// Where a stage process's start-up goes, step by step, before the stage's own work: CPU and wall
// time of each step `genlab stage <stage> <name>` takes (tsx, the CLI's imports, loading the
// specs, the stage's package, the backend for the stages that compute).
//   node packages/cli/bench/stage-startup.cjs <workspace> <stage> <name>
// Prints one line per step (cumulative). Asserts nothing; compare CPU, wall is mostly waiting on
// a loaded machine.
const { join } = require('node:path');
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const marks = [];
const mark = (name) => {
  const c = process.cpuUsage(c0);
  marks.push([name, Number(process.hrtime.bigint() - t0) / 1e6, (c.user + c.system) / 1e3]);
};
const [root, stage, name] = process.argv.slice(2);
if (!root || !stage || !name) {
  process.stderr.write('usage: node packages/cli/bench/stage-startup.cjs <workspace> <stage> <name>\n');
  process.exit(2);
}
const repo = join(__dirname, '..', '..', '..');
require('tsx/cjs/api').register();
mark('tsx register');
require(join(repo, 'packages/cli/src/main.ts'));
mark('the CLI (main.ts and its imports)');
// (The fallback lets the script measure older checkouts, which loaded every spec strictly.)
const loadSpecs = join(repo, 'packages/cli/src/load-specs.ts');
if (require('node:fs').existsSync(loadSpecs)) require(loadSpecs).loadWorkspaceFor(root, [name]);
else require(join(repo, 'packages/spec/src/index.ts')).loadWorkspace(root);
mark('load the specs');
require(join(repo, 'packages/cli/src/stage-functions.ts')).stageFunction(stage);
mark(`the ${stage} stage's code`);
const computes = ['model', 'train', 'sample', 'evaluate', 'evaluator'].includes(stage);
Promise.resolve(computes ? require(join(repo, 'packages/backend/src/index.ts')).initBackend('auto') : null).then(() => {
  if (computes) mark('backend init');
  for (const [n, w, c] of marks)
    process.stdout.write(`${n.padEnd(36)} wall ${w.toFixed(0).padStart(6)} ms   cpu ${c.toFixed(0).padStart(6)} ms\n`);
});
