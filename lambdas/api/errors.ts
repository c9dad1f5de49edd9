/**
 * The API's error responses: `{"error":{"code","message"}}`, one code per
 * HTTP status family. Handlers throw {@link ApiError}; the app's error handler
 * turns it into JSON. Anything else becomes a 500 whose body carries no
 * detail of the failure (no message, no stack), only the request id.
 */
import type { z } from 'zod';

export const ERROR_CODES = [
  'invalid_json',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUSES = [400, 401, 403, 404, 405, 409, 413, 415, 500] as const;

export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get body(): ErrorBody {
    return errorBody(this.code, this.message);
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** The generic code for a status, for error responses produced outside the app (the adapter). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    default:
      return 'internal_error';
  }
}

export const internalError = (requestId: string): ApiError =>
  new ApiError(500, 'internal_error', `The request could not be completed (request id ${requestId}).`);

/** A field name for messages: `title`, `tags[0]`, or `(body)` for the whole value. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * A 400 whose message names every offending field: `title: required`,
 * `year: a whole number from -3000 to 3000`, `unknown field "price"`.
 */
export function validationError(input: unknown, issues: readonly z.core.$ZodIssue[], where = ''): ApiError {
  const parts: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parts.push(`unknown field "${fieldName([...issue.path, key])}"`);
      continue;
    }
    const field = fieldName(issue.path);
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    parts.push(missing ? `${field}: required (${issue.message})` : `${field}: ${issue.message}`);
  }
  return new ApiError(400, 'validation_failed', `${where}${parts.join('; ')}`);
}
