import type { Readable } from 'node:stream';

/** One stored entry, opened for reading. */
export interface StoredEntry {
  size: number;
  body: Readable;
}

/**
 * Where entries live. Entries are immutable: `put` of a hash that exists stores nothing and
 * answers 'exists', also when two uploads of one hash race. A `put` whose body fails or ends
 * short leaves nothing behind (the body stream errors, and `put` rejects).
 */
export interface CacheStorage {
  /** 'directory' or 's3', for logs and the health endpoint. */
  readonly kind: string;
  /** Creates what is missing and clears leftovers of a killed server. */
  init(): Promise<void>;
  /** Throws when the storage cannot be used (the health endpoint's check). */
  check(): Promise<void>;
  has(hash: string): Promise<boolean>;
  get(hash: string): Promise<StoredEntry | null>;
  /** Streams `body` (exactly `size` bytes) into a new entry. */
  put(hash: string, body: Readable, size: number): Promise<'stored' | 'exists'>;
}
