import { spawnSync } from 'node:child_process';
import { cacheDeadlines, startRemoteCacheForwarder } from './remote-cache-forwarder';

export const REMOTE_CACHE_SERVER_ENV = 'NX_SELF_HOSTED_REMOTE_CACHE_SERVER';
export const REMOTE_CACHE_TOKEN_ENV = 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN';

export type RemoteCacheProbe = { state: 'ok' } | { state: 'refused-token'; detail: string } | { state: 'unusable'; detail: string };

// Asks for a hash that is never stored: 404 (or 200) means the server is there and takes the
// token. Run in a child process so the probe's own timeout is simple to bound.
const PROBE = `
fetch(process.argv[1] + '/v1/cache/0', { headers: process.env.T ? { authorization: 'Bearer ' + process.env.T } : {}, signal: AbortSignal.timeout(5000) })
  .then((r) => console.log(String(r.status)), (e) => console.log('error ' + ((e.cause && e.cause.code) || e.name || e.message)));
`;

/** Whether the remote cache at `url` answers and accepts `token`, within 5 seconds. */
export function probeRemoteCache(url: string, token: string | undefined): RemoteCacheProbe {
  const res = spawnSync(process.execPath, ['-e', PROBE, url.replace(/\/+$/, '')], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: process.env.PATH, T: token ?? '' },
  });
  const answer = (res.stdout ?? '').trim();
  if (answer === '200' || answer === '404') return { state: 'ok' };
  if (answer === '401') return { state: 'refused-token', detail: 'answered 401: the access token is missing or wrong' };
  return {
    state: 'unusable',
    detail: /^\d+$/.test(answer)
      ? `answered ${answer}`
      : `is unreachable (${answer.replace(/^error /, '') || res.error?.message || 'no answer'})`,
  };
}

/**
 * Runs Nx with the remote cache when one is configured, through a loopback forwarder with
 * deadlines (remote-cache-forwarder.ts): a server that hangs, trickles, resets or is gone is
 * warned about once, and the run goes on with the local cache. Should Nx fail anyway while the
 * server is unusable (Nx 23.3.1 fails a run on "Failed to send request"), this warns once and
 * runs again with the local cache only: what finished before is a local hit. A refused token is
 * a setup error to fix, not an outage: that run's failure stands.
 */
export async function runWithRemoteCacheFallback(
  run: (env: NodeJS.ProcessEnv) => number | Promise<number>,
  env: NodeJS.ProcessEnv,
  warn: (s: string) => void,
): Promise<number> {
  const url = env[REMOTE_CACHE_SERVER_ENV];
  if (!url) return run(env);
  const forwarder = await startRemoteCacheForwarder(url, cacheDeadlines(env), warn);
  let code: number;
  try {
    code = await run({ ...env, [REMOTE_CACHE_SERVER_ENV]: forwarder.url });
  } finally {
    await forwarder.close();
  }
  // Given up on during the run: Nx already went on locally, and the user was told.
  if (code === 0 || forwarder.failure !== null) return code;
  const probe = probeRemoteCache(url, env[REMOTE_CACHE_TOKEN_ENV]);
  if (probe.state === 'ok') return code;
  if (probe.state === 'refused-token') {
    warn(`genlab: the remote cache at ${url} ${probe.detail} (${REMOTE_CACHE_TOKEN_ENV}).\n`);
    return code;
  }
  warn(
    `genlab: warning: the remote cache at ${url} ${probe.detail}; running again with the local cache only (what this run computes is not shared).\n`,
  );
  const { [REMOTE_CACHE_SERVER_ENV]: _off, ...local } = env;
  return run(local);
}
