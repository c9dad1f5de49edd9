/**
 * The Lambda side of the API: a function URL (payload 2.0) handler around the
 * Hono app, built with hono/aws-lambda's `handle()` (the adapter that ships
 * with hono 4; its successor `@hono/aws-lambda` is not published on the npm
 * registry yet, see the README's notes).
 *
 * Around `handle()` it:
 * - adds the Lambda context to the logger (Powertools: `function_request_id`
 *   and cold start on every line of the invocation);
 * - answers a body flagged base64 that is not base64, and a GET/HEAD that
 *   carries a body, with a JSON 400 (the adapter cannot build a Request from
 *   them and would answer in plain text);
 * - makes sure every response, including the adapter's own plain-text
 *   fallbacks, is JSON with no-store.
 */
import type { Context as LambdaContext, LambdaFunctionURLEvent } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { AppLogger } from '../shared/logger';
import type { AppEnv } from './context';
import { codeForStatus, errorBody, type ErrorCode } from './errors';

/** The payload-2.0 response a function URL expects. */
export interface FunctionUrlResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

export type FunctionUrlHandler = (event: LambdaFunctionURLEvent, context?: LambdaContext) => Promise<FunctionUrlResult>;

/** A logger that can take the Lambda context (Powertools' Logger can). */
export type LambdaLogger = AppLogger & { addContext?(context: LambdaContext): void };

const BASE_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

function jsonError(statusCode: number, code: ErrorCode, message: string, requestId: string): FunctionUrlResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'x-request-id': requestId },
    body: JSON.stringify(errorBody(code, message)),
    isBase64Encoded: false,
  };
}

function isBase64(body: string): boolean {
  try {
    atob(body);
    return true;
  } catch {
    return false;
  }
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Turns anything that is not JSON (and not a bodiless 204) into the JSON error envelope. */
export function ensureJsonResult(result: FunctionUrlResult, requestId: string): FunctionUrlResult {
  const contentType = headerOf(result.headers, 'content-type') ?? '';
  const bodiless = result.statusCode === 204 && !result.body;
  if (bodiless || /^application\/([a-z0-9.+-]+\+)?json\b/i.test(contentType)) {
    return headerOf(result.headers, 'cache-control') === 'no-store' ? result : { ...result, headers: { ...result.headers, 'cache-control': 'no-store' } };
  }
  const status = result.statusCode >= 400 ? result.statusCode : 500;
  const message =
    status === 400 ? 'The request could not be read.' : status >= 500 ? `The request could not be completed (request id ${requestId}).` : 'The request failed.';
  return jsonError(status, codeForStatus(status), message, requestId);
}

export function createLambdaHandler(app: Hono<AppEnv>, logger: LambdaLogger): FunctionUrlHandler {
  const inner = handle(app);
  return async (event, context) => {
    if (context) logger.addContext?.(context);
    const requestId = context?.awsRequestId ?? event?.requestContext?.requestId ?? 'unknown';
    try {
      if (event.isBase64Encoded && event.body && !isBase64(event.body)) {
        return jsonError(400, 'invalid_json', 'The request body is flagged base64 but is not valid base64.', requestId);
      }
      const method = event.requestContext?.http?.method?.toUpperCase();
      if ((method === 'GET' || method === 'HEAD') && event.body) {
        return jsonError(400, 'validation_failed', `(body): a ${method} request cannot carry a body.`, requestId);
      }
      // @types/aws-lambda types an absent body as undefined, hono as null; the adapter handles both.
      const result = (await inner(event as unknown as Parameters<typeof inner>[0], context)) as FunctionUrlResult;
      return ensureJsonResult(result, requestId);
    } catch (error) {
      logger.error('unhandled error outside the app', { requestId, error });
      return jsonError(500, 'internal_error', `The request could not be completed (request id ${requestId}).`, requestId);
    }
  };
}
