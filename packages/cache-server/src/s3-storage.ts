import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { CacheStorage, StoredEntry } from './cache-storage';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix, e.g. 'nx/' (entries are `<prefix><hash>`). */
  prefix?: string;
  /** For S3-compatible services (MinIO, R2, Ceph, ...): their URL; path-style addressing is used. */
  endpoint?: string;
  /** Default: AWS_REGION, else us-east-1 (S3-compatible services mostly ignore it). */
  region?: string;
}

/**
 * Entries as objects `<prefix><hash>` in an S3-compatible bucket. The server keeps no state of
 * its own, so several replicas can share one bucket behind a load balancer. Immutability is the
 * bucket's conditional write (`If-None-Match: *`): the first complete upload of a key wins, on
 * every replica, and S3 never shows a partial object, so an upload cut off halfway is no entry.
 */
export class S3Storage implements CacheStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(o: S3StorageOptions) {
    this.bucket = o.bucket;
    this.prefix = o.prefix ?? '';
    this.client = new S3Client({
      region: o.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(o.endpoint ? { endpoint: o.endpoint, forcePathStyle: true } : {}),
      // A checksum trailer needs aws-chunked uploads, which not every S3-compatible service
      // speaks; Content-Length plus TLS is what we rely on instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async init(): Promise<void> {
    await this.check();
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async has(hash: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + hash }));
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw err;
    }
  }

  async get(hash: string): Promise<StoredEntry | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + hash }));
      return { size: Number(res.ContentLength ?? 0), body: res.Body as Readable };
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  async put(hash: string, body: Readable, size: number): Promise<'stored' | 'exists'> {
    // A failing body must abort the request, not leave the SDK waiting for bytes.
    const abort = new AbortController();
    body.once('error', (err) => abort.abort(err));
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + hash,
          Body: body,
          ContentLength: size,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
        }),
        { abortSignal: abort.signal },
      );
      return 'stored';
    } catch (err) {
      if (abort.signal.aborted) throw abort.signal.reason;
      // 412: the key exists. 409: a concurrent conditional write of the same key won the race.
      if (status(err) === 412 || status(err) === 409) return 'exists';
      throw err;
    }
  }
}

function status(err: unknown): number | undefined {
  return err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
}
