/**
 * The Lambda@Edge origin-request handler: a thin shell around the pure parts
 * (encoding, verifier, authorize, sign, responses).
 *
 * Per request, in this order:
 * 1. Canonicalise the path and query (400 when undecodable, when the query
 *    carries SigV4 parameters `X-Amz-*`, or has too many parameters).
 * 2. If an `Authorization` header is present, it must be `Bearer <JWT>` and
 *    the token must verify (401 otherwise), on public routes too.
 * 3. Decide the route with the shared route map (401 when a token is needed
 *    and none was sent, 403 when the caller lacks the groups/scopes or no
 *    rule matches).
 * 4. 413 when CloudFront truncated the body.
 * 5. Header hygiene: drop every viewer copy of the claims header, of the
 *    claims MAC header, of `Authorization` and of `x-amz-*`; set the claims
 *    header from the verified claims, or to `anonymous` without a token (the
 *    absence of claims is vouched for too); write back the canonical `uri`
 *    and `querystring`.
 * 6. `edge-sigv4`: sign (./sign.ts), the claims header and `content-type`
 *    included, so the API can trust the claims of requests signed by this
 *    function's role. `oac`: set `x-amz-content-sha256`, and the claims MAC
 *    (lib/claims-mac.ts) the API checks instead.
 * Anything unexpected answers 500: the edge never forwards a request it
 * could not check.
 *
 * One JSON log line per request: decision, status, route pattern, reason,
 * kid and sub. Never the token, the claims header or other claims.
 */
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontRequestResult } from 'aws-lambda';
import { ANONYMOUS_CLAIMS, CLAIMS_HEADER, encodeClaims, type VerifiedClaims } from '../lib/claims';
import { CLAIMS_MAC_DISPLAY_NAME, CLAIMS_MAC_HEADER, parseClaimsKey, signClaims } from '../lib/claims-mac';
import { decideRoute } from './authorize';
import type { EdgeConfig } from './config';
import { checkEdgeConfig } from './config-check';
import { canonicalizePath, parseQueryString, serializeQuery } from './encoding';
import { badRequest, edgeMisconfigured, forbidden, invalidToken, missingToken, payloadTooLarge } from './responses';
import { bodyBytes, credentialsFromEnv, lowerCaseName, setOacContentHash, sha256Hex, signCloudFrontRequest, type AwsCredentials } from './sign';
import { createTokenVerifier, type Fetcher, type TokenVerifier } from './verifier';

export type LogEntry = Record<string, unknown>;

export interface HandlerDeps {
  /**
   * The SigV4 signing clock. @default () => new Date()
   * (Token `exp`/`nbf` are checked by aws-jwt-verify against the system clock.)
   */
  readonly clock?: () => Date;
  /** Signing credentials, asked per request. @default the function's environment */
  readonly credentials?: () => AwsCredentials | undefined | Promise<AwsCredentials | undefined>;
  /** Receives one structured entry per request. @default one JSON line on stdout */
  readonly logger?: (entry: LogEntry) => void;
  /** The JWKS fetcher (tests inject one that fails; emulators get one automatically). */
  readonly jwksFetcher?: Fetcher;
  /** Seconds the JWKS penalty box refuses refetches. @default 10 */
  readonly jwksPenaltySeconds?: number;
  /** Replaces the Cognito verifier entirely. */
  readonly tokenVerifier?: TokenVerifier;
}

export type OriginRequestHandler = (event: CloudFrontRequestEvent) => Promise<CloudFrontRequestResult>;

/** One request's log entry (grows as the request is checked) and its start time. */
interface RequestLog {
  readonly entry: LogEntry;
  readonly started: number;
}

/** At most this many query parameters are accepted (and signed). */
export const MAX_QUERY_PARAMETERS = 256;
const CLAIMS_DISPLAY_NAME = 'X-Sfu-Verified-Claims';
const BEARER = /^Bearer +([^\s]+)$/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Every `Authorization` entry of a request, whatever the case of its key: how many, and the first. */
function authorizationValues(req: CloudFrontRequest): { count: number; first: { value: string } } {
  let count = 0;
  let first: { value: string } | undefined;
  for (const key of Object.keys(req.headers)) {
    if (lowerCaseName(key) !== 'authorization') continue;
    const entries: unknown = req.headers[key];
    // (A malformed event with a non-array entry counts it as one value, as flattening it would.)
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      count++;
      first ??= entry as { value: string };
    }
  }
  return { count, first: first as { value: string } };
}

const WHITESPACE = /\s/;
/** `value.trim()`, without copying a (long) value that has nothing to trim. */
function trimmed(value: string): string {
  return value.length > 0 && (WHITESPACE.test(value[0]) || WHITESPACE.test(value[value.length - 1])) ? value.trim() : value;
}

const X_AMZ_PARAMETER = /^x-amz-/i;
function hasReservedQueryParameter(pairs: readonly (readonly [string, string])[]): boolean {
  for (const pair of pairs) if (X_AMZ_PARAMETER.test(pair[0])) return true;
  return false;
}

/** One JSON line per entry through console.log (the Lambda runtime flushes it and adds time and request id). */
const defaultLogger = (entry: LogEntry): void => {
  console.log(JSON.stringify(entry));
};

/**
 * Builds the origin-request handler. Everything expensive (config check,
 * verifiers, baked JWKS) happens here, once per execution environment.
 */
export function createHandler(rawConfig: EdgeConfig, deps: HandlerDeps = {}): OriginRequestHandler {
  const config = checkEdgeConfig(rawConfig);
  const claimsKey = config.claimsKey ? parseClaimsKey(config.claimsKey) : undefined;
  const verifier = deps.tokenVerifier ?? createTokenVerifier(config, { fetcher: deps.jwksFetcher, penaltySeconds: deps.jwksPenaltySeconds });
  const clock = deps.clock ?? (() => new Date());
  const credentials = deps.credentials ?? (() => credentialsFromEnv(process.env));
  const log = deps.logger ?? defaultLogger;

  /** The request's log line: common fields, then the outcome's, then the time taken. */
  const finish = (r: RequestLog, level: 'info' | 'warn' | 'error', fields: LogEntry): void => {
    log({ level, ...r.entry, ...fields, ms: Math.round((performance.now() - r.started) * 100) / 100 });
  };
  const deny = (r: RequestLog, status: number, reason: string, response: CloudFrontRequestResult, fields: LogEntry = {}): CloudFrontRequestResult => {
    finish(r, status >= 500 ? 'error' : 'info', { decision: 'deny', status, reason, ...fields });
    return response;
  };

  return async (event) => {
    const started = performance.now();
    const cf = event.Records[0].cf;
    const request = cf.request;
    const r: RequestLog = { entry: { event: 'edge.request', requestId: cf.config.requestId, mode: config.mode, method: request.method }, started };
    try {
      return await handle(request, r);
    } catch (err) {
      finish(r, 'error', { decision: 'deny', status: 500, reason: 'unexpected_error', error: err instanceof Error ? err.message : String(err) });
      return edgeMisconfigured();
    }
  };

  async function handle(req: CloudFrontRequest, r: RequestLog): Promise<CloudFrontRequestResult> {
    const { entry } = r;

    // 1. Canonical path and query.
    const path = canonicalizePath(req.uri);
    if (!path.ok) return deny(r, 400, 'bad_path', badRequest('The request path cannot be decoded.'));
    const query = parseQueryString(req.querystring);
    if (!query.ok) return deny(r, 400, 'bad_query', badRequest('The query string cannot be decoded.'));
    if (query.value.length > MAX_QUERY_PARAMETERS) return deny(r, 400, 'too_many_query_parameters', badRequest('The query string has too many parameters.'));
    if (hasReservedQueryParameter(query.value)) return deny(r, 400, 'reserved_query_parameter', badRequest('X-Amz-* query parameters are reserved.'));

    // 2. The bearer token, when one is presented.
    let claims: VerifiedClaims | undefined;
    const authorization = authorizationValues(req);
    if (authorization.count > 1) return deny(r, 401, 'several_authorization_headers', invalidToken());
    if (authorization.count === 1) {
      const value = trimmed(authorization.first.value);
      const m = BEARER.exec(value);
      if (!m) {
        const bearerScheme = /^bearer(\s|$)/i.test(value);
        return deny(r, 401, bearerScheme ? 'malformed_bearer' : 'not_bearer', bearerScheme ? invalidToken() : missingToken());
      }
      const check = await verifier.verify(m[1]);
      if (!check.ok) return deny(r, 401, check.reason, invalidToken(check.reason === 'expired'), { kid: check.kid });
      claims = check.claims;
      entry.kid = check.kid;
      entry.sub = claims.sub;
    }

    // 3. The route.
    const decision = decideRoute(config, req.method, path.value, claims ? { groups: claims.groups, scopes: claims.scopes } : undefined);
    if (decision.rule) entry.route = `${decision.rule.method} ${decision.rule.path}`;
    if (decision.outcome === 'unauthenticated') return deny(r, 401, 'token_required', missingToken());
    if (decision.outcome === 'forbidden') return deny(r, 403, claims ? 'insufficient_access' : 'no_route', forbidden());

    // 4. The body.
    if (req.body?.inputTruncated) return deny(r, 413, 'body_truncated', payloadTooLarge());
    const declaredLength = Number(req.headers['content-length']?.[0]?.value ?? '0');
    if (!req.body && METHODS_WITH_BODY.has(req.method.toUpperCase()) && declaredLength > 0) {
      return deny(r, 500, 'include_body_off', edgeMisconfigured());
    }
    const body = bodyBytes(req);

    // 5. Header hygiene and the canonical request line.
    // (A new object with the kept headers, in their order: deleting from the
    // event's object would turn it into a slow dictionary-mode object.)
    const kept: CloudFrontRequest['headers'] = {};
    for (const key of Object.keys(req.headers)) {
      const lower = lowerCaseName(key);
      if (!(
        lower === CLAIMS_HEADER ||
        lower === CLAIMS_MAC_HEADER ||
        lower === 'authorization' ||
        (lower.startsWith('x-amz-') && !lower.startsWith('x-amz-cf-'))
      ))
        kept[key] = req.headers[key];
    }
    req.headers = kept;
    req.uri = path.value;
    req.querystring = serializeQuery(query.value);
    // Every copy of the claims header (any case) is gone: set the one from the
    // verified token, or the explicit anonymous value.
    const claimsValue = claims ? encodeClaims(claims) : ANONYMOUS_CLAIMS;
    req.headers[CLAIMS_HEADER] = [{ key: CLAIMS_DISPLAY_NAME, value: claimsValue }];

    // 6. The signing mode.
    if (config.mode === 'oac') {
      setOacContentHash(req, body);
      if (!claimsKey) return deny(r, 500, 'no_claims_key', edgeMisconfigured());
      const mac = signClaims(claimsKey, Math.floor(clock().getTime() / 1000), {
        method: req.method,
        path: req.uri,
        query: req.querystring,
        contentType: req.headers['content-type']?.[0]?.value ?? '',
        bodySha256: sha256Hex(body),
        claims: claimsValue,
      });
      req.headers[CLAIMS_MAC_HEADER] = [{ key: CLAIMS_MAC_DISPLAY_NAME, value: mac }];
    } else {
      if (req.origin?.s3) return deny(r, 500, 'not_a_custom_origin', edgeMisconfigured());
      const custom = req.origin?.custom;
      const host = custom ? `${custom.domainName}${custom.port && custom.port !== 443 && custom.port !== 80 ? `:${custom.port}` : ''}` : config.originHost;
      if (host.toLowerCase() !== config.originHost.toLowerCase()) return deny(r, 500, 'origin_host_mismatch', edgeMisconfigured(), { originHost: host });
      const creds = await credentials();
      if (!creds) return deny(r, 500, 'no_credentials', edgeMisconfigured());
      await signCloudFrontRequest(req, {
        host: config.originHost,
        // The function URL's region, as the backend stack reports it (its one derivation).
        region: config.originRegion,
        credentials: creds,
        signingDate: clock(),
        body,
        // The claims (or their absence) and the body's type are bound to the signature.
        signHeaders: req.headers['content-type'] ? [CLAIMS_HEADER, 'content-type'] : [CLAIMS_HEADER],
      });
    }
    finish(r, 'info', { decision: 'forward', anonymous: claims === undefined });
    return req;
  }
}
