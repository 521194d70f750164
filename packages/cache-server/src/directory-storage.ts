import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, constants, link, mkdir, open, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CacheStorage, StoredEntry } from './cache-storage';

/** Uploads in progress; anything here when the server starts is a killed server's leftover. */
const INCOMING = '.incoming';

/**
 * Entries as files `<dir>/<first two characters>/<hash>`. An upload is written to
 * `<dir>/.incoming/`, flushed to disk, then hard-linked to its final name: link() fails when the
 * name exists, so the first complete upload of a hash wins, atomically, even against a racing
 * upload of the same hash, and a reader never sees a half-written entry.
 */
export class DirectoryStorage implements CacheStorage {
  readonly kind = 'directory';

  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(join(this.dir, INCOMING), { recursive: true });
    for (const f of await readdir(join(this.dir, INCOMING))) await rm(join(this.dir, INCOMING, f), { force: true });
  }

  async check(): Promise<void> {
    await access(join(this.dir, INCOMING), constants.W_OK);
  }

  private path(hash: string): string {
    return join(this.dir, hash.slice(0, 2), hash);
  }

  async has(hash: string): Promise<boolean> {
    return access(this.path(hash)).then(
      () => true,
      () => false,
    );
  }

  async get(hash: string): Promise<StoredEntry | null> {
    let handle;
    try {
      handle = await open(this.path(hash), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { size } = await handle.stat();
    return { size, body: handle.createReadStream() };
  }

  async put(hash: string, body: Readable, _size: number): Promise<'stored' | 'exists'> {
    const tmp = join(this.dir, INCOMING, `${hash}.${randomUUID()}`);
    try {
      // flush: fsync before close, so the entry we link is on disk, not only in the page cache.
      await pipeline(body, createWriteStream(tmp, { flags: 'wx', flush: true }));
      await mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
      try {
        await link(tmp, this.path(hash));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw err;
      }
      return 'stored';
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}
