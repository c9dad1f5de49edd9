/**
 * Request signing for the two origin modes.
 *
 * `edge-sigv4`: the edge signs the origin request itself (service `lambda`,
 * region from the function URL's host) with its own role's credentials: the
 * request is signed with `@smithy/signature-v4` (see `signSigV4`). Only a small, stable set of headers
 * is signed, so nothing CloudFront adds or rewrites after the function runs
 * (`via`, `x-forwarded-for`, `x-amz-cf-id`, `cloudfront-*`, `user-agent`, ...)
 * can break the signature, and no viewer header has to be dropped for it:
 *   host, x-amz-date, x-amz-content-sha256, x-amz-security-token (when the
 *   credentials carry one), and the verified-claims header when present (so
 *   the identity the API reads is bound to the signature).
 * `content-type` is not signed: CloudFront does not change it, the body is
 * pinned by its hash, and the API validates the type itself.
 *
 * `oac`: CloudFront's Origin Access Control signs after the function; Lambda
 * refuses unsigned payloads, so the edge sets `x-amz-content-sha256` to the
 * hex SHA-256 of the raw body bytes.
 */
import { createHash, hash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest as SmithyHttpRequest, QueryParameterBag } from '@smithy/types';
import type { CloudFrontHeaders, CloudFrontRequest } from 'aws-lambda';
import { parseQueryString, rfc3986Encode, toQueryBag, type QueryBag } from './encoding';

export const SIGNING_SERVICE = 'lambda';

/** Credentials as Lambda puts them in the function's environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** node:crypto's one-shot `hash` (Node >= 20.12; undefined before): no Hash stream object per call. */
const oneShotHash: typeof hash | undefined = typeof hash === 'function' ? hash : undefined;

/** Hex SHA-256 of raw bytes, or of a string's UTF-8 bytes. */
function sha256HexOf(data: Uint8Array | string): string {
  return oneShotHash ? oneShotHash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** Hex SHA-256 of raw bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return sha256HexOf(bytes);
}

/** Input of the signing core. */
export interface SigV4Input {
  readonly method: string;
  /** The host the request goes to; signed as the `host` header. */
  readonly host: string;
  /**
   * The path as it goes on the wire (already percent-encoded). The signer
   * encodes it once more, as SigV4 requires for every service but S3.
   */
  readonly path: string;
  /** Decoded query parameters (repeated keys as arrays). */
  readonly query: QueryBag;
  /** Further headers to sign (any case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body bytes (hashed as they are). */
  readonly body: Uint8Array;
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly signingDate: Date;
  /** Send and sign `x-amz-content-sha256`. @default true */
  readonly contentSha256Header?: boolean;
  /** Remove `.`/`..`/empty segments before encoding (SigV4 for non-S3 services). @default true */
  readonly normalizePath?: boolean;
}

/** Output of the signing core: every header to send (lower-case names), including `authorization`. */
export interface SigV4Output {
  readonly headers: Readonly<Record<string, string>>;
  readonly signedHeaders: readonly string[];
  readonly canonicalRequest: string;
}

/**
 * The one query key smithy cannot sign. `getCanonicalQuery` in
 * @smithy/signature-v4 5.7.5 collects each key's pairs in a plain `{}`
 * (`serialized[encodedKey] = ...`): for the encoded key `__proto__` that
 * assignment hits Object.prototype's setter and is dropped, and the read-back
 * gives Object.prototype, so the canonical query says `[object Object]`
 * where `__proto__=...` belongs and the function URL refuses the signature.
 * Every other name (`constructor`, `toString`, ...) becomes an own property
 * there and comes out right; `__proto__` is also its own encoding (`_` is
 * unreserved), so no other key can land on it.
 */
const PROTO_KEY = '__proto__';

/** The query bag without one key (a null-prototype copy, so `__proto__` stays an ordinary key). */
function queryWithout(query: QueryParameterBag, key: string): QueryParameterBag {
  const rest = Object.create(null) as QueryParameterBag;
  for (const k of Object.keys(query)) if (k !== key) rest[k] = query[k];
  return rest;
}

/** A key's canonical pairs as smithy builds them: encoded `key=value` strings, sorted; none for a value that is neither a string nor an array (smithy skips it). */
function canonicalPairs(key: string, value: string | string[] | null): string[] {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const encodedKey = rfc3986Encode(key);
  return values.map((v) => `${encodedKey}=${rfc3986Encode(v)}`).sort();
}

/**
 * Splices pairs of one key into a canonical query that lacks the key, at the
 * key's sorted position: smithy sorts the encoded keys with the default
 * (UTF-16 code unit) sort and writes each key's pairs together, so they go
 * before the first pair whose encoded key sorts after `encodedKey`.
 */
function spliceCanonicalPairs(canonicalQuery: string, encodedKey: string, pairs: readonly string[]): string {
  if (pairs.length === 0) return canonicalQuery;
  const existing = canonicalQuery === '' ? [] : canonicalQuery.split('&');
  const keyOf = (pair: string) => pair.slice(0, pair.indexOf('='));
  const at = existing.findIndex((pair) => keyOf(pair) > encodedKey);
  const position = at === -1 ? existing.length : at;
  return [...existing.slice(0, position), ...pairs, ...existing.slice(position)].join('&');
}

/** The canonical query is the third line of a canonical request (method, path, query, headers...). */
const CANONICAL_QUERY_LINE = 2;

/**
 * SignatureV4 that also reports the canonical request it signed (for tests
 * and debugging), and signs a `__proto__` query key correctly (see
 * PROTO_KEY). smithy's `signRequest` passes the return value of
 * `createCanonicalRequest` to `getSignature`, which hashes it into the
 * string to sign, so the signature covers the corrected canonical request.
 */
class ReportingSignatureV4 extends SignatureV4 {
  canonicalRequest = '';
  protected override createCanonicalRequest(request: SmithyHttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    const query = request.query ?? {};
    if (!Object.prototype.hasOwnProperty.call(query, PROTO_KEY)) {
      this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
      return this.canonicalRequest;
    }
    // Let smithy build everything without the key, then put its pairs back in.
    const lines = super.createCanonicalRequest({ ...request, query: queryWithout(query, PROTO_KEY) }, canonicalHeaders, payloadHash).split('\n');
    lines[CANONICAL_QUERY_LINE] = spliceCanonicalPairs(lines[CANONICAL_QUERY_LINE], rfc3986Encode(PROTO_KEY), canonicalPairs(PROTO_KEY, query[PROTO_KEY]));
    this.canonicalRequest = lines.join('\n');
    return this.canonicalRequest;
  }
}

const sha256Ctor = Hash.bind(null, 'sha256');

/**
 * The SigV4 core: signs with `@smithy/signature-v4`'s `SignatureV4`,
 * configured as for any non-S3 AWS service (path escaped once more and
 * normalised, query from a parameter bag, body hashed from its raw bytes).
 * smithy keeps derived signing keys in its own module-level cache, so a
 * signer per call costs no key derivation. The AWS test vectors run through
 * this function.
 */
export async function signSigV4(input: SigV4Input): Promise<SigV4Output> {
  const normalize = input.normalizePath ?? true;
  const headers: Record<string, string> = { host: input.host };
  if (input.headers) for (const name of Object.keys(input.headers)) headers[name.toLowerCase()] = input.headers[name];
  const body = input.body ?? new Uint8Array(0);
  if (input.contentSha256Header ?? true) headers['x-amz-content-sha256'] = sha256Hex(body);
  const signer = new ReportingSignatureV4({
    service: input.service,
    region: input.region,
    credentials: input.credentials,
    sha256: sha256Ctor,
    uriEscapePath: normalize,
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: input.method.toUpperCase(),
    protocol: 'https:',
    hostname: input.host,
    // Without normalisation smithy uses the path verbatim: escape each segment here instead.
    path: normalize ? input.path : input.path.split('/').map(rfc3986Encode).join('/'),
    query: input.query,
    headers,
    body,
  });
  const signed = await signer.sign(request, { signingDate: input.signingDate });
  const out: Record<string, string> = {};
  for (const name of Object.keys(signed.headers)) out[name.toLowerCase()] = signed.headers[name];
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(out.authorization ?? '')?.[1]?.split(';') ?? [];
  return { headers: out, signedHeaders, canonicalRequest: signer.canonicalRequest };
}

/** The canonical spelling CloudFront sends for a header we set. */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  authorization: 'Authorization',
  host: 'Host',
  'x-amz-date': 'X-Amz-Date',
  'x-amz-content-sha256': 'X-Amz-Content-Sha256',
  'x-amz-security-token': 'X-Amz-Security-Token',
};

/** Replaces every copy of a header (any case) with one value. */
export function setHeader(headers: CloudFrontHeaders, name: string, value: string, displayName?: string): void {
  deleteHeader(headers, name);
  headers[name.toLowerCase()] = [{ key: displayName ?? DISPLAY_NAMES[name.toLowerCase()] ?? name, value }];
}

const LOWER_CASE_NAME = /^[a-z0-9-]*$/;

/** `name.toLowerCase()`, without copying a name that is lower-case already (CloudFront's keys are). */
export function lowerCaseName(name: string): string {
  return LOWER_CASE_NAME.test(name) ? name : name.toLowerCase();
}

/** Removes every copy of a header, whatever the case of its key. */
export function deleteHeader(headers: CloudFrontHeaders, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (lowerCaseName(key) === lower) delete headers[key];
}

/**
 * The headers but every copy of the named ones (lower-case names, any case of
 * key), in their order, as a new object (deleting keys from the event's
 * object would turn it into a slow dictionary-mode object); undefined when
 * none is there.
 */
function withoutHeaders(headers: CloudFrontHeaders, lowerNames: ReadonlySet<string>): CloudFrontHeaders | undefined {
  const keys = Object.keys(headers);
  let found = false;
  for (const key of keys) if (lowerNames.has(lowerCaseName(key))) found = true;
  if (!found) return undefined;
  const kept: CloudFrontHeaders = {};
  for (const key of keys) if (!lowerNames.has(lowerCaseName(key))) kept[key] = headers[key];
  return kept;
}

/** Headers the signer owns: a viewer's copy never goes through. */
const SIGNER_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);

/** The raw body bytes of a CloudFront request (include-body delivers base64). */
export function bodyBytes(request: CloudFrontRequest): Uint8Array {
  const body = request.body;
  if (!body || body.data === '') return new Uint8Array(0);
  return body.encoding === 'base64' ? Buffer.from(body.data, 'base64') : Buffer.from(body.data, 'utf8');
}

/** What the edge needs to sign one origin request. */
export interface OriginSigning {
  /** The function URL host the request goes to. */
  readonly host: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly signingDate: Date;
  readonly body: Uint8Array;
  /** Extra headers already set on the request that must be signed too (lower-case names). */
  readonly signHeaders?: readonly string[];
}

/**
 * Signs a CloudFront origin request in place (`edge-sigv4`). The request's
 * `uri` and `querystring` must already be in the strict form of
 * ./encoding.ts; the signature covers the origin's path prefix too.
 */
export async function signCloudFrontRequest(request: CloudFrontRequest, signing: OriginSigning): Promise<SigV4Output> {
  const query = parseQueryString(request.querystring);
  if (!query.ok) throw new Error(`cannot sign: ${query.reason}`);
  const originPath = request.origin?.custom?.path ?? '';
  const extra: Record<string, string> = {};
  for (const name of signing.signHeaders ?? []) {
    const value = request.headers[name]?.[0]?.value;
    if (value !== undefined) extra[name] = value;
  }
  let result: SigV4Output;
  try {
    result = await signSigV4({
      method: request.method,
      host: signing.host,
      path: `${originPath}${request.uri}`,
      query: toQueryBag(query.value),
      headers: extra,
      body: signing.body,
      service: SIGNING_SERVICE,
      region: signing.region,
      credentials: signing.credentials,
      signingDate: signing.signingDate,
    });
  } catch (err) {
    // Headers the signer owns never go through, signed or not.
    request.headers = withoutHeaders(request.headers, SIGNER_HEADERS) ?? request.headers;
    throw err;
  }
  // In one pass: every copy (any case) of the headers the signer owns goes
  // (a viewer's copy never goes through), and every header the signer returns
  // replaces all copies of it, but the extra signed headers: they are already
  // on the request, unchanged. The returned ones are added after the rest.
  const set = Object.keys(result.headers).filter((name) => !(name in extra));
  const drop = new Set(SIGNER_HEADERS);
  for (const name of set) drop.add(name);
  const headers = withoutHeaders(request.headers, drop) ?? request.headers;
  for (const name of set) headers[name] = [{ key: DISPLAY_NAMES[name] ?? name, value: result.headers[name] }];
  request.headers = headers;
  return result;
}

/** Methods whose requests carry a body that OAC must see hashed. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * `oac`: sets `x-amz-content-sha256` (hex SHA-256 of the raw body) for POST,
 * PUT and PATCH, and for any other method that carries a non-empty body.
 * Returns whether it was set.
 */
export function setOacContentHash(request: CloudFrontRequest, body: Uint8Array): boolean {
  deleteHeader(request.headers, 'x-amz-content-sha256');
  if (!BODY_METHODS.has(request.method.toUpperCase()) && body.byteLength === 0) return false;
  setHeader(request.headers, 'x-amz-content-sha256', sha256Hex(body));
  return true;
}

/** Credentials from the function's environment (Lambda sets them per execution environment). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN || undefined;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}
