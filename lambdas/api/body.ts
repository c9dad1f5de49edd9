/**
 * Reading a JSON request body, in this order:
 * 1. 413 when the declared Content-Length (as the client sent it, from the
 *    event) or the decoded body (base64 bodies are decoded by the adapter)
 *    is larger than the limit;
 * 2. 415 when the Content-Type is not JSON (`application/json` or
 *    `application/*+json`, charset utf-8 or none);
 * 3. 400 `invalid_json` when the bytes are not UTF-8 ("The request body is
 *    not valid UTF-8.", checked on the raw bytes: a body the function URL
 *    passed base64-encoded, decoded by the adapter) or not JSON;
 * 4. 400 `validation_failed` naming every bad or unknown field.
 */
import type { z } from 'zod';
import { eventOf, type AppContext } from './context';
import { ApiError, validationError } from './errors';

function declaredLength(c: AppContext): number | undefined {
  const fromEvent = eventOf(c)?.headers?.['content-length'];
  const raw = fromEvent ?? c.req.header('content-length');
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/** Whether a Content-Type header names JSON in UTF-8. */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const [type, ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

export async function readJsonBody<S extends z.ZodType>(c: AppContext, schema: S, maxBytes: number): Promise<z.output<S>> {
  const declared = declaredLength(c);
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  const contentType = c.req.header('content-type');
  if (!isJsonContentType(contentType)) {
    throw new ApiError(415, 'unsupported_media_type', 'The request body must be JSON: send Content-Type: application/json.');
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid UTF-8.');
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(input, result.error.issues);
  return result.data;
}
