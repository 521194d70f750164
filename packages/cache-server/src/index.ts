export { AccessTokens, TokenConfigError, MIN_TOKEN_LENGTH, tokenList, type Role } from './access-tokens';
export { isCacheHash } from './cache-hash';
export type { CacheStorage, StoredEntry } from './cache-storage';
export { DirectoryStorage } from './directory-storage';
export { S3Storage, type S3StorageOptions } from './s3-storage';
export { BodyLengthError, exactLength } from './exact-length';
export { createCacheServer, startCacheServer, type CacheServerOptions, type RunningCacheServer } from './cache-server';
