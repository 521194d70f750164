import { benchTraining, type TrainBenchOptions } from './train-bench';

// One training benchmark in a process of its own, for rows that need their own thread count:
// wasm fixes its threads when it starts, so 1 thread and all threads cannot share a process.
// usage: GENLAB_THREADS=<n> node --require tsx/cjs train-bench-process.ts '<TrainBenchOptions as JSON>'
// Prints one line, RESULT <TrainBenchResult as JSON>.

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '') as TrainBenchOptions;
  const result = await benchTraining(options);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
