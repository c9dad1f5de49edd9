/**
 * What CloudFront does around an origin-request Lambda@Edge function, as
 * plain functions: turn a viewer request into the origin-request event, and
 * turn the function's result into what CloudFront sends to the origin.
 *
 * Modelled on the CloudFront Developer Guide's "Lambda@Edge event structure":
 * lower-case header keys with `{key, value}` lists, the raw query string
 * without "?", the body base64-encoded when the association has include-body,
 * and `inputTruncated` when the body exceeds what CloudFront exposes (1 MB for
 * origin-request triggers).
 */
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from 'aws-lambda';

/** Origin-request triggers see at most this many body bytes (CloudFront DG, quotas). */
export const ORIGIN_REQUEST_BODY_LIMIT = 1024 * 1024;

/** Headers the viewer cannot set: CloudFront drops or replaces them before origin-request. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

export interface ViewerRequest {
  readonly method: string;
  /** Path and query exactly as the viewer sent them, e.g. "/api/hello?name=a%20b". */
  readonly url: string;
  /** Raw header pairs as received (name case as sent). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly clientIp: string;
}

export interface OriginSettings {
  /** The origin's host, e.g. the function URL host. */
  readonly domainName: string;
  readonly distributionDomainName: string;
  readonly distributionId: string;
}

/** Splits "/p?q" into the URI and the raw query string (no "?"). */
export function splitUrl(url: string): { uri: string; querystring: string } {
  const q = url.indexOf('?');
  return q === -1 ? { uri: url, querystring: '' } : { uri: url.slice(0, q), querystring: url.slice(q + 1) };
}

/**
 * Adds a header value CloudFront-style (lower-case key, `{key, value}` list).
 * Every name is an own key, as in CloudFront's JSON event, `__proto__` too
 * (`headers['__proto__'] ??= []` would find Object.prototype instead).
 */
export function addHeader(headers: CloudFrontHeaders, name: string, value: string): void {
  const key = name.toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(headers, key))
    Object.defineProperty(headers, key, { value: [], enumerable: true, writable: true, configurable: true });
  headers[key].push({ key: name, value });
}

/**
 * Builds the origin-request event for a viewer request. The origin request
 * policy is Managed-AllViewerExceptHostHeader: every viewer header but Host
 * is forwarded, Host becomes the origin's, and CloudFront adds its own
 * (`x-forwarded-for`, `via`, `cloudfront-forwarded-proto`, viewer address).
 */
export function toOriginRequestEvent(viewer: ViewerRequest, origin: OriginSettings, requestId: string): CloudFrontRequestEvent {
  const headers: CloudFrontHeaders = {};
  for (let i = 0; i + 1 < viewer.rawHeaders.length; i += 2) {
    const name = viewer.rawHeaders[i];
    const lower = name.toLowerCase();
    if (lower === 'host' || HOP_BY_HOP.has(lower) || lower === 'content-length') continue;
    addHeader(headers, name, viewer.rawHeaders[i + 1]);
  }
  addHeader(headers, 'Host', origin.domainName);
  addHeader(headers, 'X-Forwarded-For', viewer.clientIp);
  addHeader(headers, 'Via', `2.0 ${requestId.slice(0, 32)}.cloudfront.net (CloudFront)`);
  addHeader(headers, 'CloudFront-Forwarded-Proto', 'https');
  addHeader(headers, 'CloudFront-Viewer-Address', `${viewer.clientIp}:443`);
  if (viewer.body.length > 0) addHeader(headers, 'Content-Length', String(viewer.body.length));

  const { uri, querystring } = splitUrl(viewer.url);
  const truncated = viewer.body.length > ORIGIN_REQUEST_BODY_LIMIT;
  const request: CloudFrontRequest = {
    clientIp: viewer.clientIp,
    headers,
    method: viewer.method.toUpperCase(),
    querystring,
    uri,
    origin: {
      custom: {
        customHeaders: {},
        domainName: origin.domainName,
        keepaliveTimeout: 5,
        path: '',
        port: 443,
        protocol: 'https',
        readTimeout: 30,
        sslProtocols: ['TLSv1.2'],
      },
    },
    body: {
      action: 'read-only',
      data: (truncated ? viewer.body.subarray(0, ORIGIN_REQUEST_BODY_LIMIT) : viewer.body).toString('base64'),
      encoding: 'base64',
      inputTruncated: truncated,
    },
  };
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: origin.distributionDomainName,
            distributionId: origin.distributionId,
            eventType: 'origin-request',
            requestId,
          },
          request,
        },
      },
    ],
  };
}

/** Whether the function answered by itself (a generated response) rather than returning the request. */
export function isGeneratedResponse(result: CloudFrontRequest | CloudFrontResultResponse): result is CloudFrontResultResponse {
  return typeof (result as CloudFrontResultResponse).status === 'string' || typeof (result as CloudFrontResultResponse).status === 'number';
}

export interface OriginRequest {
  readonly method: string;
  /** Path and query to send, e.g. "/api/hello?name=a". */
  readonly path: string;
  /** Header pairs to send (name, value), in CloudFront's order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/**
 * What CloudFront sends to the origin after the function returned `request`:
 * its headers, URI, query string and (replaced or original) body, plus the
 * headers CloudFront sets after the function (`x-amz-cf-id`, and
 * `x-forwarded-for`, which it re-adds: the AWS sample drops it before signing).
 */
export function toOriginRequest(request: CloudFrontRequest, originalBody: Buffer, requestId: string): OriginRequest {
  const headers: Array<[string, string]> = [];
  for (const [lower, list] of Object.entries(request.headers)) {
    if (lower === 'x-forwarded-for' || lower === 'content-length' || lower === 'x-amz-cf-id') continue;
    for (const { key, value } of list) headers.push([key ?? lower, value]);
  }
  const viaClient = request.clientIp;
  headers.push(['X-Forwarded-For', viaClient]);
  headers.push(['X-Amz-Cf-Id', requestId]);
  const body =
    request.body && request.body.action === 'replace' ? Buffer.from(request.body.data, request.body.encoding === 'base64' ? 'base64' : 'utf8') : originalBody;
  if (body.length > 0) headers.push(['Content-Length', String(body.length)]);
  return { method: request.method, path: request.querystring ? `${request.uri}?${request.querystring}` : request.uri, headers, body };
}

/** Turns a generated response's `{key, value}` header lists into pairs. */
export function generatedResponseHeaders(response: CloudFrontResultResponse): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [lower, list] of Object.entries(response.headers ?? {})) {
    for (const { key, value } of list) pairs.push([key ?? lower, value]);
  }
  return pairs;
}

/** The body of a generated response as bytes. */
export function generatedResponseBody(response: CloudFrontResultResponse): Buffer {
  if (response.body === undefined) return Buffer.alloc(0);
  return Buffer.from(response.body, response.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}
