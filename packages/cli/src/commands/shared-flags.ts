import type { FlagDeclaration } from '../command-declaration';

// Flags more than one command declares (run, report, stage), written once so their help agrees.

export const NO_WAIT_FLAG = {
  type: 'boolean',
  help: 'fail at once if another genlab process is working on a stage (default: wait)',
} as const satisfies FlagDeclaration;

export const LOG_FLAG = {
  type: 'string',
  value: 'plain|json',
  help: 'piped output as readable lines (plain; also GENLAB_PROGRESS=plain) or JSON lines (json, the default when piped)',
} as const satisfies FlagDeclaration;

export const DRY_RUN_FLAG = {
  type: 'boolean',
  help:
    'print, without running anything, each stage that would run or be restored, why it runs (first run, changed fields, ' +
    "code changed, upstream runs) and an estimate of its time (FLOPs over this machine's measured training speed)",
} as const satisfies FlagDeclaration;
