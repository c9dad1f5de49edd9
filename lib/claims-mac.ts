/**
 * The claims MAC (`oac` mode): how the API knows that a claims header was set
 * by the edge function and not by another IAM principal.
 *
 * With Origin Access Control, CloudFront signs the request to the function
 * URL as a service principal whose `requestContext.authorizer.iam` shape AWS
 * does not document, so the API cannot recognise the edge by its principal
 * (as it does in `edge-sigv4` mode). Instead the edge adds
 * `x-sfu-claims-mac: k=<key version>,t=<unix seconds>,sig=<base64url>`, an
 * HMAC-SHA256 with a key that only the edge package and the API hold
 * (generated and rotated by Terraform: see stacks/backend-stack.ts), over:
 *
 *   sfu-claims-mac-v1 \n key version \n t \n METHOD \n canonical path \n
 *   canonical query \n content-type \n hex SHA-256 of the body \n claims header
 *
 * so the claims cannot be moved to another request (method, path, query,
 * body, type), forged (no key), or replayed later than `maxAgeSeconds`.
 * The claims value is the literal {@link ANONYMOUS_CLAIMS} for a request
 * without a token: its absence is authenticated too.
 *
 * Pure functions over node:crypto; the canonical path and query are the
 * strict forms of edge/encoding.ts, which the edge writes into the request
 * and the API recomputes from what it received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lower-case name of the MAC header. */
export const CLAIMS_MAC_HEADER = 'x-sfu-claims-mac';
/** Display spelling of {@link CLAIMS_MAC_HEADER}. */
export const CLAIMS_MAC_DISPLAY_NAME = 'X-Sfu-Claims-Mac';
const DOMAIN = 'sfu-claims-mac-v1';
/** How far the MAC's time may be from the API's clock. @default 300 s, like SigV4. */
export const CLAIMS_MAC_MAX_AGE_SECONDS = 300;

/** A MAC key and its version (the secret `{"version": n, "key": "<64 hex>"}`). */
export interface ClaimsKey {
  readonly version: number;
  /** At least 32 bytes. */
  readonly key: Uint8Array;
}

/** What the MAC covers, besides the key version and the time. */
export interface MacFields {
  readonly method: string;
  /** The canonical path (edge/encoding.ts `canonicalizePath`). */
  readonly path: string;
  /** The canonical query string, without "?" (edge/encoding.ts `serializeQuery`). */
  readonly query: string;
  /** The `content-type` header, "" when absent. */
  readonly contentType: string;
  /** Hex SHA-256 of the raw body bytes. */
  readonly bodySha256: string;
  /** The claims header value (encoded claims, or {@link ANONYMOUS_CLAIMS}). */
  readonly claims: string;
}

const HEX_KEY = /^[0-9a-f]{64,}$/;

/** Parses the key secret's JSON; throws an Error naming the field and what was received. */
export function parseClaimsKey(json: unknown): ClaimsKey {
  const v = json as { version?: unknown; key?: unknown } | null;
  const problems: string[] = [];
  if (v === null || typeof v !== 'object')
    throw new Error(`claims key: received ${JSON.stringify(json)}; allowed: {"version": <integer >= 1>, "key": "<64+ lower-case hex>"}`);
  if (!Number.isInteger(v.version) || (v.version as number) < 1) problems.push(`version: received ${JSON.stringify(v.version)}; allowed: an integer >= 1`);
  if (typeof v.key !== 'string' || !HEX_KEY.test(v.key))
    problems.push(
      `key: received ${typeof v.key === 'string' ? `${v.key.length} characters` : JSON.stringify(v.key)}; allowed: 64 or more lower-case hex digits`,
    );
  if (problems.length > 0) throw new Error(`claims key: ${problems.join('; ')}`);
  return { version: v.version as number, key: Buffer.from(v.key as string, 'hex') };
}

function mac(key: ClaimsKey, issuedAt: number, f: MacFields): Buffer {
  const text = [DOMAIN, String(key.version), String(issuedAt), f.method.toUpperCase(), f.path, f.query, f.contentType.trim(), f.bodySha256, f.claims].join(
    '\n',
  );
  return createHmac('sha256', key.key).update(text, 'utf8').digest();
}

/** The header value the edge sets: `k=<version>,t=<seconds>,sig=<base64url>`. */
export function signClaims(key: ClaimsKey, nowSeconds: number, fields: MacFields): string {
  return `k=${key.version},t=${nowSeconds},sig=${mac(key, nowSeconds, fields).toString('base64url')}`;
}

const HEADER = /^k=([1-9]\d{0,8}),t=(\d{1,12}),sig=([A-Za-z0-9_-]{43})$/;

/** The key version a header names, or undefined when the header is malformed. */
export function macKeyVersion(header: string): number | undefined {
  const m = HEADER.exec(header);
  return m ? Number(m[1]) : undefined;
}

export type MacVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'stale' | 'mismatch' };

/** Checks a MAC header against the key, the fields and the clock. */
export function verifyClaimsMac(header: string, key: ClaimsKey, fields: MacFields, nowSeconds: number, maxAgeSeconds = CLAIMS_MAC_MAX_AGE_SECONDS): MacVerdict {
  const m = HEADER.exec(header);
  if (!m) return { ok: false, reason: 'malformed' };
  if (Number(m[1]) !== key.version) return { ok: false, reason: 'unknown-key' };
  const issuedAt = Number(m[2]);
  if (Math.abs(nowSeconds - issuedAt) > maxAgeSeconds) return { ok: false, reason: 'stale' };
  const expected = mac(key, issuedAt, fields);
  const got = Buffer.from(m[3], 'base64url');
  return got.length === expected.length && timingSafeEqual(got, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
