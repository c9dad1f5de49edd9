/**
 * Builders for Lambda function URL events (payload format 2.0) and Lambda
 * contexts, shaped as the function URL sends them (../shared/docs/aws-facts.md,
 * "Event format 2.0"): lower-case header keys, rawPath/rawQueryString,
 * `requestContext.http`, and `requestContext.authorizer.iam` only when the
 * request was SigV4-signed through an AWS_IAM function URL.
 */
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { CLAIMS_HEADER, encodeClaims, type VerifiedClaims } from '../../lib/claims';

export const URL_ID = 'abcdefghijklmnopqrstuvwxyz012345';
export const FUNCTION_URL_HOST = `${URL_ID}.lambda-url.eu-west-1.on.aws`;

/** The edge function's role (resourceNames('dev').edgeRole), whose sessions the API trusts in edge-sigv4 mode. */
export const EDGE_ROLE_ARN = 'arn:aws:iam::111122223333:role/dev-edge-auth';

/** The edge function's role, as the IAM authorizer context reports it. */
export const EDGE_IAM = {
  accessKey: 'ASIAEXAMPLEEXAMPLE00',
  accountId: '111122223333',
  callerId: 'AROAEXAMPLEEXAMPLE000:us-east-1.dev-edge-auth',
  cognitoIdentity: null,
  principalOrgId: null,
  userArn: 'arn:aws:sts::111122223333:assumed-role/dev-edge-auth/us-east-1.dev-edge-auth',
  userId: 'AROAEXAMPLEEXAMPLE000:us-east-1.dev-edge-auth',
};

/** Another principal allowed to invoke the function URL (a CI role with invoke rights on `*`). */
export const OTHER_IAM = {
  accessKey: 'ASIAOTHEROTHEROTHER0',
  accountId: '111122223333',
  callerId: 'AROAOTHEROTHEROTHER0:ci-deploy',
  cognitoIdentity: null,
  principalOrgId: null,
  userArn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/ci-deploy',
  userId: 'AROAOTHEROTHEROTHER0:ci-deploy',
};

/** Claims as the edge forwards them; expires far in the future unless overridden. */
export function claims(overrides: Partial<VerifiedClaims> = {}): VerifiedClaims {
  return {
    sub: '11111111-2222-3333-4444-555555555555',
    username: 'ada',
    email: 'ada@example.com',
    groups: [],
    scopes: [],
    tokenUse: 'access',
    clientId: 'spa-client-id',
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
    exp: 4_102_444_800, // 2100-01-01
    ...overrides,
  };
}

export interface EventOptions {
  method?: string;
  /** Raw path, e.g. "/api/books/1". */
  path: string;
  /** Raw query string (without "?") or parameters to encode. */
  query?: string | Record<string, string>;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (content-type application/json unless given). */
  body?: unknown;
  /** Send the body base64-encoded, as function URLs do for non-text content. */
  base64?: boolean;
  /** Raw bytes to send base64-encoded (overrides `body`), e.g. invalid UTF-8. */
  bodyBytes?: Uint8Array;
  /** IAM authorizer context: true (the edge role, the default), false (none), or a custom one. */
  iam?: boolean | Record<string, unknown>;
  /** Claims header: claims to encode, or a raw header value. */
  claims?: Partial<VerifiedClaims> | string;
  requestId?: string;
}

let counter = 0;

export function functionUrlEvent(o: EventOptions): LambdaFunctionURLEvent {
  const method = (o.method ?? 'GET').toUpperCase();
  const rawQueryString = o.query === undefined ? '' : typeof o.query === 'string' ? o.query : new URLSearchParams(o.query).toString();
  const headers: Record<string, string> = {
    host: FUNCTION_URL_HOST,
    'user-agent': 'jest',
    'x-forwarded-proto': 'https',
    'x-forwarded-for': '198.51.100.7',
  };
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (typeof o.body !== 'string') headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
  }
  if (o.bodyBytes !== undefined) headers['content-length'] = String(o.bodyBytes.byteLength);
  if (o.claims !== undefined) headers[CLAIMS_HEADER] = typeof o.claims === 'string' ? o.claims : encodeClaims(claims(o.claims));
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;

  const queryStringParameters: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) queryStringParameters[k] = queryStringParameters[k] ? `${queryStringParameters[k]},${v}` : v;

  const requestId = o.requestId ?? `req-${++counter}`;
  const iam = o.iam === undefined || o.iam === true ? EDGE_IAM : o.iam === false ? undefined : o.iam;
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: o.path,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    requestContext: {
      accountId: iam ? '111122223333' : 'anonymous',
      apiId: URL_ID,
      domainName: FUNCTION_URL_HOST,
      domainPrefix: URL_ID,
      http: { method, path: o.path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'jest' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
      ...(iam ? { authorizer: { iam } } : {}),
    },
    ...(o.bodyBytes !== undefined
      ? { body: Buffer.from(o.bodyBytes).toString('base64') }
      : body !== undefined
        ? { body: o.base64 ? Buffer.from(body, 'utf8').toString('base64') : body }
        : {}),
    isBase64Encoded: o.bodyBytes !== undefined || Boolean(o.base64 && body !== undefined),
  };
  return event as unknown as LambdaFunctionURLEvent;
}

export function lambdaContext(awsRequestId = `ctx-${++counter}`, functionName = 'sfu-dev-api'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2030/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
