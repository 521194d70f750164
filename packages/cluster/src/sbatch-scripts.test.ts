import { describe, expect, it } from 'vitest';
import { sbatchScripts, type ScriptInput } from './sbatch-scripts';

const input = (over: Partial<ScriptInput> = {}): ScriptInput => ({
  name: 'latent-sweep',
  root: '/srv/lab/genlab',
  dir: '/srv/lab/genlab/artifacts/.submit/latent-sweep/2026-01-02T03-04-05Z',
  genlab: ['/usr/bin/node', '/srv/lab/genlab/packages/cli/bin/genlab.cjs'],
  shards: 3,
  sharing: { kind: 'shared-fs', why: 'nfs4 at /srv/lab/genlab' },
  resources: { timeSec: 9000, reportTimeSec: 900, cpusPerTask: 4, sbatchArgs: [] },
  submittedAs: 'genlab submit latent-sweep --slurm --shards 3',
  ...over,
});

describe('sbatch scripts', () => {
  it('an array whose task i runs shard i of n, and a report job, with the requested resources', () => {
    const s = sbatchScripts(
      input({ resources: { timeSec: 9000, reportTimeSec: 900, cpusPerTask: 4, partition: 'gpu', gpus: 1, sbatchArgs: ['--mem=8G'] } }),
    );
    expect(s.array).toMatch(/^#!\/bin\/bash\n/);
    for (const line of [
      '#SBATCH --array=1-3',
      '#SBATCH --time=02:30:00',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --partition=gpu',
      '#SBATCH --gpus=1',
      '#SBATCH --mem=8G',
      '#SBATCH --chdir=/srv/lab/genlab',
      '#SBATCH --job-name=genlab-latent-sweep',
      'export GENLAB_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
      '/usr/bin/node /srv/lab/genlab/packages/cli/bin/genlab.cjs run latent-sweep --shard "$SLURM_ARRAY_TASK_ID/3"',
    ]) {
      expect(s.array).toContain(line);
    }
    expect(s.report).toContain('#SBATCH --time=00:15:00');
    expect(s.report).toContain('#SBATCH --job-name=genlab-latent-sweep-report');
    expect(s.report).toMatch(/genlab\.cjs run latent-sweep\n/);
    expect(s.report).not.toContain('--array');
    // Every #SBATCH line comes before the first command, or sbatch ignores it.
    for (const script of [s.array, s.report]) {
      const lines = script.split('\n');
      const firstCommand = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
      expect(lines.slice(firstCommand).some((l) => l.startsWith('#SBATCH'))).toBe(false);
    }
  });

  it('names the remote cache variables, checks them in the job, and never holds their values', () => {
    const s = sbatchScripts(input({ sharing: { kind: 'remote-cache', server: 'https://cache.example.org' } }));
    expect(s.array).toContain(': "${NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN:?');
    expect(s.array).not.toContain('cache.example.org');
    expect(s.report).toContain(': "${NX_SELF_HOSTED_REMOTE_CACHE_SERVER:?');
  });

  it('quotes paths and names bash would split', () => {
    const s = sbatchScripts(input({ root: "/home/a b/it's", genlab: ['/usr/bin/node', "/home/a b/it's/packages/cli/bin/genlab.cjs"] }));
    expect(s.array).toContain(`#SBATCH --chdir='/home/a b/it'\\''s'`);
    expect(s.array).toContain(`'/home/a b/it'\\''s/packages/cli/bin/genlab.cjs' run latent-sweep`);
  });
});
