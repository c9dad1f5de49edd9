/**
 * The verified-claims header: how the edge tells the API who the caller is.
 *
 * The viewer's `Authorization` cannot reach the API (the edge signer or OAC
 * overwrite it), so the edge strips any viewer-sent copy of this header,
 * verifies the token, and sets this header from the verified claims. The API
 * trusts it only on requests that the edge signed (edge-sigv4: the edge
 * role's principal) or MACed (oac: lib/claims-mac.ts); see
 * lambdas/api/identity.ts.
 */

/** Lower-case header name (CloudFront and function URLs lower-case header keys). */
export const CLAIMS_HEADER = 'x-sfu-verified-claims';

/**
 * The claims header's value for a request without a token. The edge always
 * sets (and signs or MACs) the header, so the absence of claims is part of
 * what it vouches for: a copy of the header added later changes a signed
 * value instead of filling an unsigned gap.
 */
export const ANONYMOUS_CLAIMS = 'anonymous';

import type { VerifiedClaims } from './contracts/api-types';

export type { VerifiedClaims };

/** Encodes claims as base64url(JSON) so any value survives as a header. */
export function encodeClaims(claims: VerifiedClaims): string {
  return Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The last header decoded and its claims (frozen, arrays too: the same object
 * serves every request that sends that header, as one user's requests do).
 * Expiry is not part of decoding: callers check `exp` per request.
 */
let last: { readonly value: string; readonly claims: VerifiedClaims | undefined } | undefined;

/** Decodes the header; returns undefined for anything malformed (never throws). The result is frozen. */
export function decodeClaims(value: string | undefined): VerifiedClaims | undefined {
  if (!value) return undefined;
  if (last && last.value === value) return last.claims;
  const claims = decodeClaimsAnew(value);
  if (claims) {
    Object.freeze(claims.groups);
    Object.freeze(claims.scopes);
    Object.freeze(claims);
  }
  last = { value, claims };
  return claims;
}

function decodeClaimsAnew(value: string): VerifiedClaims | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const c = parsed as Record<string, unknown>;
  if (typeof c.sub !== 'string' || c.sub.length === 0) return undefined;
  if (!isStringArray(c.groups) || !isStringArray(c.scopes)) return undefined;
  if (c.tokenUse !== 'access' && c.tokenUse !== 'id') return undefined;
  if (typeof c.clientId !== 'string' || typeof c.issuer !== 'string' || typeof c.exp !== 'number') return undefined;
  if (c.username !== undefined && typeof c.username !== 'string') return undefined;
  if (c.email !== undefined && typeof c.email !== 'string') return undefined;
  return {
    sub: c.sub,
    username: c.username as string | undefined,
    email: c.email as string | undefined,
    groups: c.groups,
    scopes: c.scopes,
    tokenUse: c.tokenUse,
    clientId: c.clientId,
    issuer: c.issuer,
    exp: c.exp,
  };
}
