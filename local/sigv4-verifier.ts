/**
 * An independent AWS Signature Version 4 verifier (header signatures,
 * `AWS4-HMAC-SHA256`), written from the AWS specification ("Create a signed
 * AWS API request", IAM User Guide) with node:crypto only. It deliberately
 * shares no code with the edge signer (`edge/`) or `@smithy/signature-v4`, so
 * that signing and verifying are two separate readings of the spec, both
 * pinned to AWS's published test vectors.
 *
 * It stands in for what an `AWS_IAM` function URL checks before it invokes
 * the function: the local function URL stand-in answers 403 when it fails.
 *
 * How the canonical request is built (non-S3 services):
 * - URI: the path exactly as received on the wire, optionally normalised
 *   (`.`/`..` resolved, empty segments dropped, trailing slash kept), then
 *   every byte that is not unreserved (`A-Z a-z 0-9 - . _ ~`) percent-encoded
 *   once more (`%` becomes `%25`: the "double encoding" of non-S3 services).
 * - Query: split on `&`, each `key=value` percent-decoded (`+` as a space
 *   unless `plusIsSpace: false`), re-encoded with RFC 3986 rules, sorted by
 *   encoded key then encoded value.
 * - Headers: the signed ones, lower-case, values trimmed, runs of whitespace
 *   collapsed to one space, repeated headers joined with `,`.
 * - Payload: SHA-256 of the body; an `x-amz-content-sha256` header must equal
 *   it (unsigned or streaming payloads are refused, as Lambda does).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SigV4Request {
  readonly method: string;
  /** The path as received (percent-encoded as sent), without the query. */
  readonly path: string;
  /** The raw query string as received, without "?". */
  readonly query?: string;
  /**
   * Request headers, names in any case. Give repeated headers as arrays (for
   * example Node's `req.headersDistinct`): Node's `req.headers` joins them
   * with ", ", which changes the canonical value.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes (a string is read as UTF-8). */
  readonly body?: Uint8Array | string;
}

export type CredentialsLookupResult = string | { readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;

export interface SigV4VerifyOptions {
  /** The secret access key of an access key id (and the session token it must come with), or undefined. */
  readonly credentialsLookup: (accessKeyId: string) => CredentialsLookupResult;
  /** The verifier's clock. */
  readonly now: Date | number;
  /** e.g. "lambda" */
  readonly expectedService: string;
  /** e.g. "eu-west-1"; any region when omitted. */
  readonly expectedRegion?: string;
  /** Allowed clock difference for `x-amz-date`. @default 300 */
  readonly maxSkewSeconds?: number;
  /** Resolve `.`/`..` and drop empty path segments before encoding. @default true */
  readonly normalizePath?: boolean;
  /** Read `+` in the query string as a space. @default true */
  readonly plusIsSpace?: boolean;
}

export type SigV4VerifyResult =
  | {
      readonly ok: true;
      readonly accessKeyId: string;
      readonly region: string;
      readonly service: string;
      readonly signedHeaders: readonly string[];
      readonly amzDate: string;
      readonly canonicalRequest: string;
      readonly stringToSign: string;
    }
  | { readonly ok: false; readonly reason: string; readonly canonicalRequest?: string; readonly stringToSign?: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNRESERVED = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'.split('').map((c) => c.charCodeAt(0)));
const HEX = '0123456789ABCDEF';

/** SigV4's UriEncode: every byte of the UTF-8 form except unreserved ones as %XX (upper-case). */
export function uriEncode(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '';
  for (const b of bytes) out += UNRESERVED.has(b) ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/** Percent-decodes to bytes; undefined when a `%` is not followed by two hex digits. */
function percentDecode(value: string, plusIsSpace: boolean): Uint8Array | undefined {
  const src = Buffer.from(value, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b === 0x25) {
      const hex = src.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (b === 0x2b && plusIsSpace) {
      out.push(0x20);
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValues(headers: SigV4Request['headers'], name: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    if (typeof value === 'string') out.push(value);
    else out.push(...value);
  }
  return out;
}

/** The canonical URI of a received path. */
export function canonicalUri(path: string, normalize = true): string {
  let p = path === '' ? '/' : path;
  if (normalize) {
    const stack: string[] = [];
    for (const segment of p.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') stack.pop();
      else stack.push(segment);
    }
    const trailing = stack.length > 0 && (p.endsWith('/') || p.endsWith('/.') || p.endsWith('/..'));
    p = `/${stack.join('/')}${trailing ? '/' : ''}`;
  }
  return p
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

/** The canonical query string of a received raw query; undefined when it is malformed. */
export function canonicalQuery(raw: string, plusIsSpace = true): string | undefined {
  const pairs: [string, string][] = [];
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = percentDecode(eq < 0 ? piece : piece.slice(0, eq), plusIsSpace);
    const value = percentDecode(eq < 0 ? '' : piece.slice(eq + 1), plusIsSpace);
    if (!key || !value) return undefined;
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** SigV4 "trimall": only spaces and tabs are collapsed and trimmed (not other Unicode whitespace). */
function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',');
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  const m = /^AWS4-HMAC-SHA256\s+(.+)$/.exec(value.trim());
  if (!m) return `the authorization header is not ${ALGORITHM}`;
  // A Map, not `{}`: `name in {}` is true for `constructor`, `__proto__`, ... (Object.prototype's names).
  const parts = new Map<string, string>();
  for (const component of m[1].split(',')) {
    const c = component.trim();
    const eq = c.indexOf('=');
    if (eq <= 0) return 'the authorization header is malformed';
    const name = c.slice(0, eq);
    if (parts.has(name)) return `the authorization header repeats ${name}`;
    parts.set(name, c.slice(eq + 1));
  }
  const credential = parts.get('Credential');
  const signed = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (credential === undefined || signed === undefined || signature === undefined || parts.size !== 3) {
    return 'the authorization header needs exactly Credential, SignedHeaders and Signature';
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) return 'the credential is not <key>/<date>/<region>/<service>/aws4_request';
  const signedHeaders = signed.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) return 'SignedHeaders must be lower-case names';
  for (let i = 1; i < signedHeaders.length; i++) {
    if (signedHeaders[i - 1] >= signedHeaders[i]) return 'SignedHeaders must be sorted and unique';
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) return 'the signature is not 64 lower-case hex digits';
  const [accessKeyId, date, region, service, terminator] = scope;
  return { accessKeyId, date, region, service, terminator, signedHeaders, signature };
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : t;
}

/** Verifies a SigV4 header signature. Never throws for a bad request: it answers `{ok: false, reason}`. */
export function verifySigV4(request: SigV4Request, options: SigV4VerifyOptions): SigV4VerifyResult {
  const fail = (reason: string, extra: { canonicalRequest?: string; stringToSign?: string } = {}): SigV4VerifyResult => ({ ok: false, reason, ...extra });

  const authValues = headerValues(request.headers, 'authorization');
  if (authValues.length === 0) {
    if (/(^|&)x-amz-signature=/i.test(request.query ?? '')) return fail('query-string (presigned) signatures are not accepted');
    return fail('missing authorization header');
  }
  if (authValues.length > 1) return fail('more than one authorization header');
  const auth = parseAuthorization(authValues[0]);
  if (typeof auth === 'string') return fail(auth);

  if (auth.terminator !== 'aws4_request') return fail('the credential scope must end with aws4_request');
  if (auth.service !== options.expectedService) return fail(`the credential scope is for service "${auth.service}", not "${options.expectedService}"`);
  if (options.expectedRegion !== undefined && auth.region !== options.expectedRegion) {
    return fail(`the credential scope is for region "${auth.region}", not "${options.expectedRegion}"`);
  }

  for (const required of ['host', 'x-amz-date']) {
    if (!auth.signedHeaders.includes(required)) return fail(`the ${required} header must be signed`);
  }
  for (const name of auth.signedHeaders) {
    if (headerValues(request.headers, name).length === 0) return fail(`signed header ${name} is missing`);
  }

  const amzDates = headerValues(request.headers, 'x-amz-date');
  if (amzDates.length !== 1) return fail('exactly one x-amz-date header is required');
  const amzDate = amzDates[0].trim();
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return fail('x-amz-date is not YYYYMMDDTHHMMSSZ');
  if (amzDate.slice(0, 8) !== auth.date) return fail('the credential scope date does not match x-amz-date');
  const now = typeof options.now === 'number' ? options.now : options.now.getTime();
  const skew = (options.maxSkewSeconds ?? 300) * 1000;
  if (Math.abs(now - signedAt) > skew) return fail('x-amz-date is outside the allowed clock skew');

  const found = options.credentialsLookup(auth.accessKeyId);
  if (found === undefined) return fail('unknown access key id');
  const secret = typeof found === 'string' ? found : found.secretAccessKey;
  const sessionToken = typeof found === 'string' ? undefined : found.sessionToken;
  if (sessionToken !== undefined) {
    const tokens = headerValues(request.headers, 'x-amz-security-token');
    if (tokens.length !== 1 || tokens[0] !== sessionToken) return fail('the security token is missing or wrong');
    if (!auth.signedHeaders.includes('x-amz-security-token')) return fail('the x-amz-security-token header must be signed');
  }

  const body = request.body === undefined ? new Uint8Array(0) : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const payloadHash = sha256Hex(body);
  const declared = headerValues(request.headers, 'x-amz-content-sha256');
  if (declared.length > 1) return fail('more than one x-amz-content-sha256 header');
  if (declared.length === 1 && declared[0].trim() !== payloadHash) {
    return fail(/^[0-9a-f]{64}$/.test(declared[0].trim()) ? 'x-amz-content-sha256 does not match the body' : 'unsigned or streaming payloads are not accepted');
  }

  const query = canonicalQuery(request.query ?? '', options.plusIsSpace ?? true);
  if (query === undefined) return fail('the query string has a malformed percent-encoding');

  const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headerValues(request.headers, name))}\n`).join('');
  const canonicalRequest = [
    request.method,
    canonicalUri(request.path, options.normalizePath ?? true),
    query,
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;

  let key = hmac(`AWS4${secret}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('the signature does not match', { canonicalRequest, stringToSign });
  }
  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    region: auth.region,
    service: auth.service,
    signedHeaders: auth.signedHeaders,
    amzDate,
    canonicalRequest,
    stringToSign,
  };
}
