/**
 * The static-site stand-in (local/static-site.ts) and the CloudFront
 * stand-in's default behaviour: deep links answered with index.html by the
 * deep-link function, files with the deploy's headers, a missing file is S3's
 * 403, and `<basePath>/*` still goes to the edge and the origin, whose JSON
 * 403/404 answers reach the viewer unchanged.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CloudFrontRequest, CloudFrontRequestEvent } from 'aws-lambda';
import { matchesApiBehavior, startCloudFront, type RunningCloudFront } from '../../local/cloudfront-standin';
import { createStaticSite, type StaticSite } from '../../local/static-site';
import type { LambdaRuntime } from '../../local/lambda-runtime';
import { CACHE_IMMUTABLE } from '../../packaging/web-build';
import { send } from '../e2e/helpers/http';

const INDEX = '<!doctype html><title>app</title><div id="root"></div>';
const JS = 'console.log("app")';
let dir: string;
let site: StaticSite;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC_12-x.js'), JS);
  fs.writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
  fs.writeFileSync(path.join(os.tmpdir(), 'sfu-outside.txt'), 'secret');
  site = createStaticSite({
    root: dir,
    objects: () => new Map([['config.json', { body: Buffer.from('{"apiBasePath":"/api"}'), contentType: 'application/json', cacheControl: 'no-cache' }]]),
  });
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(os.tmpdir(), 'sfu-outside.txt'), { force: true });
});

const get = (url: string, headers?: Record<string, string>) => site({ method: 'GET', url, headers });
const header = (a: { headers: Array<[string, string]> }, name: string) => a.headers.find(([k]) => k === name)?.[1];

describe('createStaticSite', () => {
  it.each(['/', '/callback?code=abc&state=s', '/books/123', '/books/123/', '/some/deep/link'])('answers the app route %s with index.html (no-cache)', (url) => {
    const a = get(url);
    expect(a.status).toBe(200);
    expect(a.body.toString()).toBe(INDEX);
    expect(header(a, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(a, 'cache-control')).toBe('no-cache');
  });

  it('serves hashed assets as immutable, other files as no-cache, config.json as generated', () => {
    const js = get('/assets/index-AbC_12-x.js');
    expect(js.status).toBe(200);
    expect(js.body.toString()).toBe(JS);
    expect(header(js, 'content-type')).toBe('text/javascript; charset=utf-8');
    expect(header(js, 'cache-control')).toBe(CACHE_IMMUTABLE);
    expect(header(get('/robots.txt'), 'cache-control')).toBe('no-cache');
    const config = get('/config.json');
    expect(config.body.toString()).toBe('{"apiBasePath":"/api"}');
    expect(header(config, 'content-type')).toBe('application/json');
    expect(header(config, 'cache-control')).toBe('no-cache');
  });

  it('answers a missing file as S3 through OAC does: 403 AccessDenied XML (not index.html)', () => {
    for (const url of ['/assets/missing-12345678.js', '/favicon.ico', '/index.htm']) {
      const a = get(url);
      expect(a.status).toBe(403);
      expect(header(a, 'content-type')).toBe('application/xml');
      expect(a.body.toString()).toContain('<Code>AccessDenied</Code>');
    }
  });

  it('never leaves the build directory', () => {
    for (const url of ['/../sfu-outside.txt', '/%2e%2e/sfu-outside.txt', '/assets/..%2f..%2fsfu-outside.txt', '/a%00.txt', '/%E0%A4%A.txt']) {
      expect(get(url).status).toBe(403);
    }
  });

  it('revalidates with the ETag (304)', () => {
    const first = get('/');
    const etag = header(first, 'etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(get('/', { 'if-none-match': etag }).status).toBe(304);
  });

  it('allows GET and HEAD only, as the default behaviour does', () => {
    expect(site({ method: 'HEAD', url: '/' }).status).toBe(200);
    expect(site({ method: 'POST', url: '/' }).status).toBe(403);
    expect(site({ method: 'DELETE', url: '/books/1' }).status).toBe(403);
    expect(site({ method: 'OPTIONS', url: '/' }).body.toString()).toContain('CORSResponse');
  });
});

describe('matchesApiBehavior', () => {
  it('is the path pattern <basePath>/*', () => {
    expect(matchesApiBehavior('/api/books', '/api')).toBe(true);
    expect(matchesApiBehavior('/api/', '/api')).toBe(true);
    expect(matchesApiBehavior('/api', '/api')).toBe(false);
    expect(matchesApiBehavior('/apis/x', '/api')).toBe(false);
    expect(matchesApiBehavior('/API/books', '/api')).toBe(false);
    expect(matchesApiBehavior('/books/1', '/api')).toBe(false);
  });
});

describe('the CloudFront stand-in with the site on its default behaviour', () => {
  let cloudFront: RunningCloudFront;
  let origin: http.Server;
  const edgeSaw: string[] = [];
  const logs: string[] = [];

  // An edge that forwards everything, and an origin that answers like the API: a JSON 404 for an unknown book, a JSON 403 for /api/forbidden.
  const edge: LambdaRuntime = {
    async invoke<E, R>(event: E): Promise<R> {
      const request = (event as unknown as CloudFrontRequestEvent).Records[0].cf.request;
      edgeSaw.push(`${request.method} ${request.uri}`);
      return request as CloudFrontRequest as R;
    },
    async close() {},
  };

  beforeAll(async () => {
    origin = http.createServer((req, res) => {
      const status = req.url === '/api/forbidden' ? 403 : 404;
      const body = JSON.stringify({
        error: { code: status === 403 ? 'forbidden' : 'not_found', message: status === 403 ? 'You may not use this route.' : 'No book with id "nope".' },
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    cloudFront = await startCloudFront({
      edge,
      origin: { host: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws', region: 'eu-west-1', port: (origin.address() as AddressInfo).port },
      defaultBehavior: { basePath: '/api', site },
      log: (l) => logs.push(l),
    });
  });
  afterAll(async () => {
    await cloudFront.close();
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  });

  it('a deep link gets index.html, without running the edge', async () => {
    edgeSaw.length = 0;
    const res = await send(cloudFront.port, { method: 'GET', path: '/books/123' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers.via).toContain('CloudFront');
    expect(edgeSaw).toEqual([]);
    expect(logs).toContain('200 GET /books/123 (default behaviour)');
  });

  it("the API's 404 and 403 stay JSON (no error page rewrites them)", async () => {
    edgeSaw.length = 0;
    const notFound = await send(cloudFront.port, { method: 'GET', path: '/api/books/nope' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['content-type']).toBe('application/json');
    expect(JSON.parse(notFound.body.toString())).toEqual({ error: { code: 'not_found', message: 'No book with id "nope".' } });
    const forbidden = await send(cloudFront.port, { method: 'GET', path: '/api/forbidden' });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body.toString()).error.message).toBe('You may not use this route.');
    expect(edgeSaw).toEqual(['GET /api/books/nope', 'GET /api/forbidden']);
  });

  it('/api without a slash is not the API behaviour (the site answers, as CloudFront would)', async () => {
    edgeSaw.length = 0;
    const res = await send(cloudFront.port, { method: 'GET', path: '/api' });
    expect(res.status).toBe(200);
    expect(edgeSaw).toEqual([]);
  });
});
