/**
 * Loads the AWS SigV4 test suite (`../shared/vectors/aws-sigv4/v4`, from the
 * repository root) and parses its raw HTTP requests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is `<root>/__tests__/edge/helpers/vectors.ts`). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The vectors folder: `../shared/vectors/aws-sigv4/v4` relative to the repository root. */
export const VECTORS_DIR = resolve(REPO_ROOT, '../shared/vectors/aws-sigv4/v4');

export interface ParsedHttpRequest {
  readonly method: string;
  /** The request target's path, as written (not decoded). */
  readonly path: string;
  /** The raw query string without "?" ("" when none). */
  readonly query: string;
  /** Headers in order; repeated names stay separate entries; folded lines joined with a space. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body: Buffer;
}

export interface VectorContext {
  readonly credentials: { readonly access_key_id: string; readonly secret_access_key: string; readonly token?: string };
  readonly normalize: boolean;
  readonly region: string;
  readonly service: string;
  readonly sign_body: boolean;
  readonly timestamp: string;
  readonly omit_session_token?: boolean;
}

export interface Vector {
  readonly name: string;
  readonly context: VectorContext;
  readonly request: ParsedHttpRequest;
  readonly signedRequest: ParsedHttpRequest;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

/** Parses a raw HTTP/1.1 request as the vectors write it ("Name:value", obs-fold continuation lines). */
export function parseHttpRequest(raw: Buffer): ParsedHttpRequest {
  const text = raw.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? Buffer.alloc(0) : Buffer.from(text.slice(split + 2), 'utf8');
  const lines = head.split('\n');
  const requestLine = lines[0];
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body,
  };
}

export function loadVectors(): Vector[] {
  if (!existsSync(VECTORS_DIR)) throw new Error(`SigV4 vectors not found at ${VECTORS_DIR}`);
  return readdirSync(VECTORS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(VECTORS_DIR, name);
      const read = (f: string) => readFileSync(join(dir, f));
      return {
        name,
        context: JSON.parse(read('context.json').toString('utf8')) as VectorContext,
        request: parseHttpRequest(read('request.txt')),
        signedRequest: parseHttpRequest(read('header-signed-request.txt')),
        canonicalRequest: read('header-canonical-request.txt').toString('utf8'),
        stringToSign: read('header-string-to-sign.txt').toString('utf8'),
        signature: read('header-signature.txt').toString('utf8').trim(),
      };
    });
}

/** Headers as a name -> values map (names lower-cased, order of values kept). */
export function headerMap(headers: ParsedHttpRequest['headers']): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [name, value] of headers) (map[name.toLowerCase()] ??= []).push(value);
  return map;
}
