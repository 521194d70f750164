import { createHash } from 'node:crypto';

/** What a bearer token may do: read (GET) or read and write (GET and PUT). */
export type Role = 'read' | 'write';

export class TokenConfigError extends Error {
  override name = 'TokenConfigError';
}

/** Shortest token we accept: long enough that guessing one over HTTP is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The tokens a server accepts and the role of each. Tokens are kept only as SHA-256 digests
 * and looked up by digest, so a request's timing says nothing about how much of a token matched.
 */
export class AccessTokens {
  private readonly roles = new Map<string, Role>();

  constructor(tokens: { read?: string[]; write?: string[] }) {
    const add = (list: string[] | undefined, role: Role) => {
      for (const token of list ?? []) {
        if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
          throw new TokenConfigError(
            `a ${role} token must be at least ${MIN_TOKEN_LENGTH} characters without spaces; found one of ${token.length} characters`,
          );
        }
        const key = digest(token);
        if (this.roles.get(key) === 'write' || role === 'write') this.roles.set(key, 'write');
        else this.roles.set(key, 'read');
      }
    };
    add(tokens.read, 'read');
    add(tokens.write, 'write');
    if (this.roles.size === 0) throw new TokenConfigError('no access tokens configured: set at least one read or write token');
  }

  /** The role of the request's `Authorization: Bearer <token>` header, or null (missing or unknown). */
  roleOf(authorization: string | undefined): Role | null {
    const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    return m ? (this.roles.get(digest(m[1])) ?? null) : null;
  }

  get size(): number {
    return this.roles.size;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Splits a comma-separated token list from an environment variable; empty entries dropped. */
export function tokenList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}
