/**
 * The distribution's default behaviour with the web app on, for the local
 * chain: the CloudFront Function the deploy attaches there
 * (packaging/spa-fallback-function.js, run as is), then the private S3
 * bucket read through OAC, standing in as a directory (the web build) plus
 * the generated `config.json`.
 *
 * Like S3 through OAC without `s3:ListBucket`, a missing object is a 403
 * `AccessDenied` XML answer, and objects carry the content type and
 * cache-control the deploy sets (packaging/web-build.ts). Only GET and HEAD
 * (and OPTIONS, refused without CORS) reach the bucket, as the default
 * behaviour allows. The API's behaviour (`<basePath>/*`) never comes here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSpaFallback, type ViewerRequest } from '../packaging/spa-fallback';
import { webCacheControl, webContentType } from '../packaging/web-build';

export interface StaticAnswer {
  readonly status: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

export interface StaticRequest {
  readonly method: string;
  /** The request target as received (path and query). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** An object that is not in the build directory (e.g. config.json). */
export interface GeneratedObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface StaticSiteOptions {
  /** The build directory (web/dist). Read per request: a rebuild shows at once. */
  readonly root: string;
  /** Extra objects by key (no leading "/"), looked up before the directory. @default none */
  readonly objects?: () => ReadonlyMap<string, GeneratedObject>;
  /** The viewer-request function. @default packaging/spa-fallback-function.js */
  readonly viewerRequest?: (request: ViewerRequest) => ViewerRequest;
}

export type StaticSite = (request: StaticRequest) => StaticAnswer;

const xml = (status: number, code: string, message: string): StaticAnswer => ({
  status,
  headers: [['content-type', 'application/xml']],
  body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`),
});

const accessDenied = () => xml(403, 'AccessDenied', 'Access Denied');

/** CloudFront's own answer to a method the behaviour does not allow. */
const methodNotAllowed = (): StaticAnswer => ({
  status: 403,
  headers: [['content-type', 'text/html']],
  body: Buffer.from(
    '<html><body><h1>403 ERROR</h1><p>This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.</p></body></html>',
  ),
});

/** The object key for a (function-rewritten) URI: percent-decoded, without the leading "/"; undefined when it cannot name a file of the build. */
function objectKey(uri: string): string | undefined {
  let key: string;
  try {
    key = decodeURIComponent(uri.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  if (key === '' || key.includes('\0') || key.includes('\\')) return undefined;
  // S3 keys are literal, but a directory is not a bucket: "." and ".." segments would leave it.
  if (key.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return key;
}

function header(request: StaticRequest, name: string): string | undefined {
  const v = request.headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

export function createStaticSite(options: StaticSiteOptions): StaticSite {
  const viewerRequest = options.viewerRequest ?? loadSpaFallback();
  const root = path.resolve(options.root);

  return (request) => {
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') return xml(403, 'CORSResponse', 'CORS is not enabled for this bucket.');
    if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed();

    const q = request.url.indexOf('?');
    const uri = q === -1 ? request.url : request.url.slice(0, q);
    // The CloudFront Function of the default behaviour (deep links -> /index.html).
    const rewritten = viewerRequest({ method, uri, querystring: {}, headers: {}, cookies: {} }).uri;
    // The distribution's default root object.
    const key = objectKey(rewritten === '/' ? '/index.html' : rewritten);
    if (key === undefined) return accessDenied();

    let object: GeneratedObject | undefined = options.objects?.().get(key);
    if (!object) {
      const file = path.join(root, ...key.split('/'));
      if (!file.startsWith(root + path.sep)) return accessDenied();
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        return accessDenied();
      }
      if (!stat.isFile()) return accessDenied();
      let contentType: string;
      try {
        contentType = webContentType(key);
      } catch {
        // The deploy would refuse to upload it: binary/octet-stream is what S3 gives an untyped object.
        contentType = 'binary/octet-stream';
      }
      object = { body: fs.readFileSync(file), contentType, cacheControl: webCacheControl(key) };
    }
    const etag = `"${crypto.createHash('md5').update(object.body).digest('hex')}"`;
    const headers: Array<[string, string]> = [
      ['content-type', object.contentType],
      ['cache-control', object.cacheControl],
      ['etag', etag],
    ];
    if (header(request, 'if-none-match') === etag) return { status: 304, headers, body: Buffer.alloc(0) };
    // (HEAD: node:http sends the headers, content-length included, and no body.)
    return { status: 200, headers, body: object.body };
  };
}
