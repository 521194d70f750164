import { startUiServer } from '@genlab/ui';
import { UsageError } from '../exit-codes';
import { defineCommand, positionalsOf, type FlagTable, type FlagValues } from '../command-declaration';

export const DEFAULT_UI_PORT = 8750;

const UI_FLAGS = {
  port: { type: 'string', value: '<n>', help: 'port; 0 picks a free one', default: String(DEFAULT_UI_PORT) },
  host: {
    type: 'string',
    value: '<address>',
    help: 'address to listen on; 0.0.0.0 shares it on the network: anyone who reaches it reads every artifact',
    default: '127.0.0.1',
  },
} as const satisfies FlagTable;

export const UI_DECLARATION = defineCommand({
  name: 'ui',
  usage: ['ui'],
  summary: 'a local web app over artifacts/: runs, live training, compare, reports',
  description: `A local web app over this workspace's experiments/ and artifacts/, read only:
  runs       every experiment and variant, its stages' state (done, stale and why, running with
             epochs and ETA, stopped, failed with its error line), swept fields and key metrics;
             sortable, filterable, updated live
  a run      its loss curves growing as epochs end, and every epoch's sample grid (a slider)
  compare    metrics with deltas against a baseline, overlaid losses, grids side by side, a
             sweep's metrics against the swept value
  reports    each built report's page
Charts are drawn in the browser by Vega-Lite from node_modules; nothing comes from the internet.`,
  flags: UI_FLAGS,
  notes: 'Stops on Ctrl-C or SIGTERM.',
  run: (c) => {
    positionalsOf(c, 0);
    return uiCommand(c.root(), c.values, c.out, c.err);
  },
});

/** `genlab ui`: serves until SIGINT/SIGTERM, then returns 0. */
export async function uiCommand(
  root: string,
  values: FlagValues<typeof UI_FLAGS>,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const port = values.port === undefined ? DEFAULT_UI_PORT : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535))
    throw new UsageError(`--port expects a port number 0-65535, found '${values.port}'`);
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    err(`genlab ui: warning: listening on ${host}: anyone who can reach this machine can read every artifact and spec of ${root}\n`);
  const srv = await startUiServer({ root, host, port });
  out(`genlab ui: ${srv.url}/ (workspace ${root}; Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    const stop = () => void srv.close().then(done);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
