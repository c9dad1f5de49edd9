/**
 * Cognito JWT verification for the edge, built once per execution
 * environment (at module load, through `createHandler`) so the JWKS cache and
 * the key-object cache live across invocations.
 *
 * - One `CognitoJwtVerifier` for every configured pool (several pools and
 *   several app clients allowed; `tokenUse` and `clientIds` per pool).
 *   `clientIds: null` is pool-wide trust: aws-jwt-verify's `clientId: null`
 *   (no `client_id`/`aud` check) for that pool only; issuer, `token_use`,
 *   signature and expiry are still checked (edge/config.ts says when the
 *   stack writes it).
 * - The JWKS baked into the package at deploy time is loaded with
 *   `cacheJwks()`, so a cold start verifies without any fetch.
 * - An unknown `kid` makes aws-jwt-verify's `SimpleJwksCache` refetch the
 *   pool's JWKS once (concurrent misses share one fetch). When the kid is
 *   still missing, its `SimplePenaltyBox` refuses further fetches for that
 *   JWKS URI for `penaltySeconds` (default 10): tokens with unknown kids fail
 *   at once, without a fetch, until the wait is over. The library does not
 *   penalise a fetch that FAILS (network error, non-200); the fetcher wrapper
 *   below does, so an outage of the JWKS endpoint cannot turn every bad token
 *   into an outbound request either.
 * - Before the library sees a token, its header is checked: `alg` must be
 *   RS256 (what Cognito signs with; `none` and HMAC are refused), and
 *   `jku`, `x5u`, `jwk`, `x5c` and `crit` are refused outright (RFC 8725):
 *   nothing a token says is ever fetched. The issuer decides which JWKS URI
 *   may be fetched, and only configured pools' URIs exist.
 * - `jwksBaseUrl` (an emulator such as moto serving
 *   `/{poolId}/.well-known/jwks.json`) only changes where the JWKS is
 *   fetched from; issuer, audience and signature checks are unchanged.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, SimplePenaltyBox, type Jwks as LibJwks } from 'aws-jwt-verify/jwk';
import type { VerifiedClaims } from '../lib/claims';
import type { EdgeConfig } from './config';

export type { Fetcher };

/** Why a token was refused (logged; never the token itself). */
export type TokenRejection =
  | 'malformed'
  | 'alg_not_allowed'
  | 'header_not_allowed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_client'
  | 'wrong_token_use'
  | 'unknown_kid'
  | 'jwks_unavailable'
  | 'invalid_claims';

export type TokenCheck =
  { readonly ok: true; readonly claims: VerifiedClaims; readonly kid: string } | { readonly ok: false; readonly reason: TokenRejection; readonly kid?: string };

export interface TokenVerifier {
  verify(token: string): Promise<TokenCheck>;
}

export interface TokenVerifierOptions {
  /** Replaces the HTTPS fetcher (tests; the emulator fetcher is chosen automatically for `jwksBaseUrl`). */
  readonly fetcher?: Fetcher;
  /** Seconds to refuse JWKS refetches after a miss or a failed fetch. @default 10 */
  readonly penaltySeconds?: number;
}

/** Longest token accepted (Cognito tokens are 1-4 KB). */
export const MAX_TOKEN_LENGTH = 16 * 1024;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const FORBIDDEN_HEADER_PARAMS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'];

/** Checks a token's shape and header before any cryptography; returns its kid. */
export function inspectTokenHeader(token: string): { ok: true; kid: string } | { ok: false; reason: TokenRejection; kid?: string } {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return { ok: false, reason: 'malformed' };
  const h = header as Record<string, unknown>;
  const kid = typeof h.kid === 'string' ? h.kid.slice(0, 128) : undefined;
  if (h.alg !== 'RS256') return { ok: false, reason: 'alg_not_allowed', kid };
  if (FORBIDDEN_HEADER_PARAMS.some((p) => p in h)) return { ok: false, reason: 'header_not_allowed', kid };
  if (kid === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, kid };
}

/** Fetches with the global fetch (http or https), as needed for an emulator. */
const globalFetcher: Fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const res = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (res.status !== 200) throw new FetchError(uri, `Status code is ${res.status}, expected 200`);
    return res.arrayBuffer();
  },
};

/** Rewrites a Cognito JWKS URI to the emulator base (keeping `/{poolId}/.well-known/jwks.json`). */
export function emulatorJwksUri(jwksBaseUrl: string, jwksUri: string): string {
  return `${jwksBaseUrl.replace(/\/+$/, '')}${new URL(jwksUri).pathname}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Maps a verified Cognito payload to the claims the edge forwards. */
export function claimsFromPayload(payload: Record<string, unknown>): VerifiedClaims | undefined {
  const sub = str(payload.sub);
  const tokenUse = payload.token_use;
  const issuer = str(payload.iss);
  const exp = payload.exp;
  if (!sub || (tokenUse !== 'access' && tokenUse !== 'id') || !issuer || typeof exp !== 'number') return undefined;
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  const clientId = tokenUse === 'access' ? str(payload.client_id) : str(aud);
  if (!clientId) return undefined;
  const groupsClaim = payload['cognito:groups'];
  const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : [];
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => s !== '') : [];
  const username = str(payload.username) ?? str(payload['cognito:username']);
  const email = str(payload.email);
  // Built in this key order (sub, username?, email?, groups, ...): the claims header encodes it as it is.
  const claims: { -readonly [K in keyof VerifiedClaims]: VerifiedClaims[K] } = { sub } as VerifiedClaims;
  if (username !== undefined) claims.username = username;
  if (email !== undefined) claims.email = email;
  claims.groups = groups;
  claims.scopes = scopes;
  claims.tokenUse = tokenUse;
  claims.clientId = clientId;
  claims.issuer = issuer;
  claims.exp = exp;
  return claims;
}

function rejectionOf(err: unknown): TokenRejection {
  if (err instanceof JwtExpiredError) return 'expired';
  if (err instanceof JwtNotBeforeError) return 'not_yet_valid';
  if (err instanceof CognitoJwtInvalidClientIdError) return 'wrong_client';
  if (err instanceof CognitoJwtInvalidTokenUseError) return 'wrong_token_use';
  if (err instanceof JwtInvalidIssuerError) return 'wrong_issuer';
  // aws-jwt-verify reports an issuer it has no configuration for this way.
  if (err instanceof ParameterValidationError && /issuer/i.test(err.message)) return 'wrong_issuer';
  if (err instanceof JwtInvalidSignatureAlgorithmError) return 'alg_not_allowed';
  if (err instanceof JwtInvalidSignatureError) return 'bad_signature';
  if (err instanceof KidNotFoundInJwksError || err instanceof WaitPeriodNotYetEndedJwkError) return 'unknown_kid';
  if (err instanceof FetchError) return 'jwks_unavailable';
  if (err instanceof JwtParseError) return 'malformed';
  return 'invalid_claims';
}

/** Builds the verifier for the configured pools. Throws for an invalid configuration (at cold start). */
export function createTokenVerifier(config: Pick<EdgeConfig, 'verifiers' | 'jwksBaseUrl'>, options: TokenVerifierOptions = {}): TokenVerifier {
  if (config.verifiers.length === 0) {
    return { verify: async () => ({ ok: false, reason: 'wrong_issuer' }) };
  }
  const pools = new Set<string>();
  for (const v of config.verifiers) {
    if (pools.has(v.userPoolId)) throw new Error(`edge config: user pool ${v.userPoolId} is listed twice; list its client ids once`);
    pools.add(v.userPoolId);
    if (v.clientIds !== null && v.clientIds.length === 0) throw new Error(`edge config: user pool ${v.userPoolId} has no client ids`);
  }

  const penaltyBox = new SimplePenaltyBox({ waitSeconds: options.penaltySeconds ?? 10 });
  const base = options.fetcher ?? (config.jwksBaseUrl ? globalFetcher : new SimpleFetcher());
  const jwksBaseUrl = config.jwksBaseUrl;
  const fetcher: Fetcher = {
    async fetch(uri, requestOptions, data) {
      try {
        return await base.fetch(jwksBaseUrl ? emulatorJwksUri(jwksBaseUrl, uri) : uri, requestOptions, data);
      } catch (err) {
        penaltyBox.registerFailedAttempt(uri); // the library only penalises misses, not failures
        throw err;
      }
    },
  };
  const jwksCache = new SimpleJwksCache({ fetcher, penaltyBox });
  const verifier = CognitoJwtVerifier.create(
    // clientId null: any app client of the pool, stated explicitly (aws-jwt-verify requires the field).
    config.verifiers.map((v) => ({ userPoolId: v.userPoolId, tokenUse: v.tokenUse, clientId: v.clientIds === null ? null : [...v.clientIds] })),
    { jwksCache },
  );
  for (const v of config.verifiers) if (v.jwks) verifier.cacheJwks(v.jwks as unknown as LibJwks, v.userPoolId);

  return {
    async verify(token: string): Promise<TokenCheck> {
      const header = inspectTokenHeader(token);
      if (!header.ok) return header;
      let payload: Record<string, unknown>;
      try {
        payload = (await verifier.verify(token)) as unknown as Record<string, unknown>;
      } catch (err) {
        return { ok: false, reason: rejectionOf(err), kid: header.kid };
      }
      const claims = claimsFromPayload(payload);
      return claims ? { ok: true, claims, kid: header.kid } : { ok: false, reason: 'invalid_claims', kid: header.kid };
    },
  };
}
