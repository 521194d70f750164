import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import pino from 'pino';
import {
  AccessTokens,
  DirectoryStorage,
  S3Storage,
  startCacheServer,
  tokenList,
  TokenConfigError,
  type CacheStorage,
} from '@genlab/cache-server';
import { UsageError } from '../exit-codes';
import { defineCommand, type FlagTable, type FlagValues } from '../command-declaration';

export const DEFAULT_CACHE_PORT = 8745;

const CACHE_FLAGS = {
  dir: { type: 'string', value: '<folder>', help: 'store entries in this folder (default: .genlab-cache in the current folder)' },
  bucket: {
    type: 'string',
    value: '<b>[/<p>]',
    help: "store entries in an S3-compatible bucket instead, under prefix <p>; the server then keeps no state and can run as several replicas behind a load balancer. Credentials and region: the AWS SDK's usual environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, or an instance role)",
  },
  endpoint: { type: 'string', value: '<url>', help: "the bucket's service URL when it is not AWS (MinIO, R2, Ceph, ...)" },
  host: { type: 'string', value: '<address>', help: 'address to listen on; 0.0.0.0 for every interface', default: '127.0.0.1' },
  port: { type: 'string', value: '<n>', help: 'port; 0 picks a free one', default: String(DEFAULT_CACHE_PORT) },
  'max-entry-mb': { type: 'string', value: '<n>', help: 'largest entry accepted, in MiB', default: '2048' },
  'tls-cert': {
    type: 'string',
    value: '<file>',
    help: "serve HTTPS with this PEM certificate (chain) and --tls-key's private key, so tokens never cross the network in clear; clients trust a private CA through NODE_EXTRA_CA_CERTS=<ca.pem>",
  },
  'tls-key': { type: 'string', value: '<file>', help: "the PEM private key of --tls-cert's certificate" },
} as const satisfies FlagTable;

type CacheFlags = FlagValues<typeof CACHE_FLAGS>;

export const CACHE_DECLARATION = defineCommand({
  name: 'cache',
  usage: ['cache serve'],
  summary: "serve the remote stage cache that machines share (Nx's self-hosted protocol)",
  description: `Serves Nx's self-hosted remote cache protocol (PUT and GET /v1/cache/<hash>) so that machines
share stage results. Point Nx at it with NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://<host>:<port>
and NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token>.`,
  flags: CACHE_FLAGS,
  notes: `Tokens (comma-separated, at least 16 characters each; at least one token is required):
  GENLAB_CACHE_READ_TOKENS    may GET: laptops, pull-request builds
  GENLAB_CACHE_WRITE_TOKENS   may GET and PUT: trusted CI on the main branch, the GPU box
Entries are immutable: a PUT of a hash that exists is refused (409) and never changes what GET
returns. Logs are JSON lines on stdout. SIGTERM, SIGINT or SIGHUP (or, under npx, the end of the
npx process): finish requests in flight (up to 10 s), then exit 0. GET /health answers 200 when the storage is usable, 503 when not.`,
  // The cache server needs no workspace.
  run: (c) => cacheCommand(c.positionals, c.values),
});

/** `genlab cache serve ...`: runs until SIGTERM/SIGINT, then returns the exit code. */
export async function cacheCommand(positionals: string[], values: CacheFlags): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'serve')
    throw new UsageError('usage: genlab cache serve [options] (see genlab cache --help)');
  const storage = storageFrom(values);
  const tls = tlsFrom(values);
  let tokens: AccessTokens;
  try {
    tokens = new AccessTokens({
      read: tokenList(process.env.GENLAB_CACHE_READ_TOKENS),
      write: tokenList(process.env.GENLAB_CACHE_WRITE_TOKENS),
    });
  } catch (err) {
    if (err instanceof TokenConfigError) throw new UsageError(`${err.message} (GENLAB_CACHE_READ_TOKENS / GENLAB_CACHE_WRITE_TOKENS)`);
    throw err;
  }
  const logger = pino({ name: 'genlab-cache' });
  const srv = await startCacheServer({
    storage,
    tokens,
    maxEntryBytes: positiveInt(values['max-entry-mb'] ?? '2048', '--max-entry-mb') * 1024 * 1024,
    logger,
    host: values.host ?? '127.0.0.1',
    port: port(values.port),
    tls,
  });
  logger.info({ url: srv.url, storage: storage.kind, tokens: tokens.size }, 'listening');
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: finishing requests in flight');
      void srv.close(10_000).then(done);
    };
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => stop(signal));
  });
  logger.info('stopped');
  return 0;
}

function storageFrom(v: CacheFlags): CacheStorage {
  if (v.bucket && v.dir) throw new UsageError('--dir and --bucket exclude each other: entries live in one place');
  if (v.endpoint && !v.bucket) throw new UsageError('--endpoint is the URL of a bucket service; it needs --bucket');
  if (!v.bucket) return new DirectoryStorage(resolve(v.dir ?? '.genlab-cache'));
  const [bucket, ...rest] = v.bucket.split('/');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new UsageError(`--bucket expects a bucket name (3-63 lower-case letters, digits, dots, dashes), found '${bucket}'`);
  const prefix = rest.join('/');
  return new S3Storage({ bucket, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix, endpoint: v.endpoint });
}

function tlsFrom(v: CacheFlags): { cert: Buffer; key: Buffer } | undefined {
  const cert = v['tls-cert'];
  const key = v['tls-key'];
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined)
    throw new UsageError('--tls-cert and --tls-key go together: a certificate and its private key');
  const read = (file: string, flag: string, what: RegExp) => {
    let pem: Buffer;
    try {
      pem = readFileSync(resolve(file));
    } catch (err) {
      throw new UsageError(`${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!what.test(pem.toString('latin1')))
      throw new UsageError(`${flag}: ${file} is not a PEM file holding ${flag === '--tls-cert' ? 'a certificate' : 'a private key'}`);
    return pem;
  };
  const pair = {
    cert: read(cert, '--tls-cert', /-----BEGIN CERTIFICATE-----/),
    key: read(key, '--tls-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
  };
  try {
    createSecureContext(pair);
  } catch (err) {
    throw new UsageError(`--tls-cert ${cert} and --tls-key ${key} do not make a usable pair: ${(err as Error).message}`);
  }
  return pair;
}

function port(v: string | undefined): number {
  if (v === undefined) return DEFAULT_CACHE_PORT;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port expects a port number 0-65535, found '${v}'`);
  return n;
}

function positiveInt(v: string, flag: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${flag} expects a whole number >= 1, found '${v}'`);
  return Number(v);
}
