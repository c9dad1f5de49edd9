/**
 * The shapes the API answers with, as plain types (no code, no imports):
 * what the API stores and returns, and the claims the edge forwards. The
 * API, the edge and the web app (web/src/api.ts) share them, so a field
 * added on one side is a type error on the other.
 */

/** A book as the API stores and returns it. */
export interface Book {
  readonly id: string;
  readonly title: string;
  readonly author: string;
  readonly year?: number;
  readonly isbn?: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC. */
  readonly updatedAt: string;
}

/** The claims the edge forwards (lib/claims.ts): only what the API needs, never the token. */
export interface VerifiedClaims {
  readonly sub: string;
  readonly username?: string;
  readonly email?: string;
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
  readonly tokenUse: 'access' | 'id';
  readonly clientId: string;
  readonly issuer: string;
  /** Token expiry, seconds since the epoch. */
  readonly exp: number;
}
