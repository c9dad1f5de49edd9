/**
 * What a Lambda function URL does around the function, as plain functions:
 * build the payload-2.0 event from an HTTP request (after AWS_IAM auth
 * succeeded), and turn the function's result into the HTTP response.
 *
 * Modelled on the Lambda Developer Guide's "Invoking Lambda function URLs":
 * lower-case header keys with repeated values comma-joined, cookies moved to
 * `cookies[]`, `queryStringParameters` decoded with repeated keys
 * comma-joined, `isBase64Encoded` for bodies that are not text (see
 * {@link encodeBody}), and `requestContext.authorizer.iam` describing the
 * signer.
 */
import { isUtf8 } from 'node:buffer';
import * as crypto from 'node:crypto';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';

/** The IAM identity that signed the request, as function URLs report it. */
export interface IamIdentity {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly userArn: string;
  readonly userId: string;
}

export interface IncomingHttpRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+json|[^;]*\+xml)/i;

/** Decodes a query component: "+" is a literal plus in function URLs' parameters, %XX is decoded. */
function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The request body as a function URL passes it: `body` plus `isBase64Encoded`.
 *
 * What AWS documents (Lambda Developer Guide, "Invoking Lambda function URLs",
 * "Request payload format",
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-request-payload;
 * quoted from the guide's published source, github.com/awsdocs/
 * aws-lambda-developer-guide, doc_source/urls-invocation.md):
 * - `body`: "The body of the request. If the content type of the request is
 *   binary, the body is base64-encoded."
 * - `isBase64Encoded`: "TRUE if the body is a binary payload and
 *   base64-encoded. FALSE otherwise."
 * So a text content type (TEXT_TYPES, our reading of "not binary") arrives as
 * a string and anything else as base64.
 *
 * What AWS does not document: what happens to a body whose content type is
 * text but whose bytes are not valid UTF-8 (a JSON string can only carry
 * text). OUR CHOICE, not documented behaviour: such a body is passed
 * base64-encoded with `isBase64Encoded: true`, so no byte is lost and the
 * function can still refuse it (the API answers 400 "The request body is not
 * valid UTF-8."). The old `toString('utf8')` replaced the bad bytes with
 * U+FFFD, which hid them from the API and let them be stored. Whether the
 * real service does the same, or replaces the bytes, is to be checked on a
 * deployed function URL (README deploy checklist).
 */
export function encodeBody(body: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  if (TEXT_TYPES.test(contentType ?? '') && isUtf8(body)) return { body: body.toString('utf8'), isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/**
 * Adds a value under a key, comma-joining repeats. A Map, not a plain `{}`:
 * on `{}`, `params['__proto__'] = v` sets the prototype (the key is lost) and
 * `params['constructor']` reads Object before any value is stored.
 */
function appendJoined(map: Map<string, string>, key: string, value: string): void {
  const existing = map.get(key);
  map.set(key, existing === undefined ? value : `${existing},${value}`);
}

/**
 * A plain object with the map's entries as own data properties, `__proto__`
 * included: the shape JSON.parse gives the function in Lambda
 * (Object.fromEntries defines properties, it does not assign them).
 */
function toJsonLikeObject(map: Map<string, string>): Record<string, string> {
  return Object.fromEntries(map);
}

/** Builds the payload-2.0 event the function receives. */
export function toFunctionUrlEvent(req: IncomingHttpRequest, iam: IamIdentity, opts: { urlId: string; region: string; now: Date }): LambdaFunctionURLEvent {
  const headerMap = new Map<string, string>();
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const key = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    if (key === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c.length > 0),
      );
      continue;
    }
    appendJoined(headerMap, key, value);
  }
  const headers = toJsonLikeObject(headerMap);
  const q = req.url.indexOf('?');
  const rawPath = q === -1 ? req.url : req.url.slice(0, q);
  const rawQueryString = q === -1 ? '' : req.url.slice(q + 1);
  const paramMap = new Map<string, string>();
  for (const part of rawQueryString.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    appendJoined(paramMap, decodeComponent(eq === -1 ? part : part.slice(0, eq)), decodeComponent(eq === -1 ? '' : part.slice(eq + 1)));
  }
  const params = toJsonLikeObject(paramMap);
  const encoded = encodeBody(req.body, headers['content-type']);
  const time = opts.now;
  const event: LambdaFunctionURLEvent = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: iam.accountId,
      apiId: opts.urlId,
      authorizer: {
        iam: {
          accessKey: iam.accessKey,
          accountId: iam.accountId,
          callerId: iam.callerId,
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: iam.userArn,
          userId: iam.userId,
        },
      },
      domainName: `${opts.urlId}.lambda-url.${opts.region}.on.aws`,
      domainPrefix: opts.urlId,
      http: { method: req.method.toUpperCase(), path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: time.toUTCString(),
      timeEpoch: time.getTime(),
    },
    isBase64Encoded: encoded.isBase64Encoded,
  } as LambdaFunctionURLEvent;
  if (cookies.length > 0) event.cookies = cookies;
  if (rawQueryString !== '') event.queryStringParameters = params;
  if (encoded.body !== undefined) event.body = encoded.body;
  return event;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

/**
 * Maps the function's result to HTTP the way function URLs do: a structured
 * result (`statusCode` present) gives status, headers, cookies (one
 * Set-Cookie each) and a body, base64-decoded when `isBase64Encoded`; any
 * other value is sent as a 200 JSON body.
 */
export function fromFunctionUrlResult(result: LambdaFunctionURLResult): HttpResponse {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(result)) };
  }
  const headers: Array<[string, string]> = Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]);
  for (const cookie of result.cookies ?? []) headers.push(['set-cookie', cookie]);
  const raw = result.body ?? '';
  const body = result.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return { status: result.statusCode ?? 200, headers, body };
}
