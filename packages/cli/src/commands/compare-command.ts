import { buildCompareTable, formatCompareTable, loadComparedRuns, UnknownRunError } from '@genlab/ui';
import { UsageError } from '../exit-codes';
import { runsAtRevision } from './runs-at-revision';
import { defineCommand } from '../command-declaration';

export const COMPARE_DECLARATION = defineCommand({
  name: 'compare',
  usage: ['compare <name>...'],
  summary: 'key metrics of runs side by side, with deltas against a baseline',
  description: `The key metrics of experiment variants side by side (from their evaluate artifacts), with each
one's difference from the baseline (the first named, or --baseline): value (+delta, +relative%).
On a terminal, deltas are green where better (lower FID, higher IS, ...) and red where worse;
piped, plain text. A metric a run lacks (the other model kind, or an older evaluate format)
reads "missing", never 0.`,
  args: [{ name: '<name>[/<variant>]', help: 'a run to compare; a name without /variant compares all its variants' }],
  flags: {
    baseline: { type: 'string', value: '<run>', help: 'the run the others are compared against (default: the first)' },
    rev: {
      type: 'string',
      value: '<revision>',
      help: "also each named run as the experiment's spec at that git revision defines it (<name>/<variant>@<rev>, listed first: the default baseline), from an evaluate artifact built from exactly that spec, found in artifacts/ or the local Nx cache (not a remote cache); the evaluator spec is not compared",
    },
    json: {
      type: 'boolean',
      help: 'the table as JSON: {baseline, metrics, rows: [{key, cells: {<metric>: {value, delta, relative, better}}}]} (null where a value is missing)',
    },
  },
  run: (c) => compareCommand(c.root(), c.positionals, c.values, c.out, c.isTty),
});

export function compareCommand(
  root: string,
  refs: string[],
  flags: { baseline?: string; json?: boolean; rev?: string },
  out: (s: string) => void,
  isTty: boolean,
): number {
  if (refs.length === 0) throw new UsageError('usage: genlab compare <name>[/<variant>] ... [--baseline X] [--rev R] [--json]');
  try {
    const atRev = flags.rev !== undefined ? runsAtRevision(root, refs, flags.rev) : [];
    const table = buildCompareTable([...atRev, ...loadComparedRuns(root, refs)], flags.baseline);
    out(flags.json ? `${JSON.stringify(table, null, 2)}\n` : formatCompareTable(table, { colour: isTty && !process.env.NO_COLOR }));
    return 0;
  } catch (err) {
    if (err instanceof UnknownRunError) throw new UsageError(err.message);
    throw err;
  }
}
