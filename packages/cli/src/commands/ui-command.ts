import { startUiServer } from '@genlab/ui';
import { UsageError } from '../exit-codes';
import { parseCommandLine } from '../parse-command-line';

export const DEFAULT_UI_PORT = 8750;

export const UI_HELP = `genlab ui [--port <n>] [--host <address>]

A local web app over this workspace's experiments/ and artifacts/, read only:
  runs       every experiment and variant, its stages' state (done, stale and why, running with
             epochs and ETA, stopped, failed with its error line), swept fields and key metrics;
             sortable, filterable, updated live
  a run      its loss curves growing as epochs end, and every epoch's sample grid (a slider)
  compare    metrics with deltas against a baseline, overlaid losses, grids side by side, a
             sweep's metrics against the swept value
  reports    each built report's page
Charts are drawn in the browser by Vega-Lite from node_modules; nothing comes from the internet.
  --port <n>        port (default ${DEFAULT_UI_PORT}; 0 picks a free one)
  --host <address>  address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 shares
                    it on the network: anyone who reaches it reads every artifact)
Stops on Ctrl-C or SIGTERM.`;

type UiFlags = { help?: boolean; port?: string; host?: string };

/** `genlab ui`: serves until SIGINT/SIGTERM, then returns 0. */
export async function uiCommand(root: string, argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseCommandLine<UiFlags>(argv, {
    help: { type: 'boolean', short: 'h' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (values.help) {
    out(`${UI_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('usage: genlab ui [--port P] [--host H]');
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
