/**
 * lambdas/api/cors.ts must answer exactly as Hono's own cors() middleware
 * (hono/cors) with the same options: same status, headers and body, for the
 * ways the API builds responses (c.json, c.header before c.json, headers a
 * handler sets itself, errors through onError from a handler or from a later
 * middleware, not found, HEAD, preflights), over generated settings and
 * requests.
 */
import fc from 'fast-check';
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../../../lambdas/api/context';
import { corsMiddleware, corsOptions } from '../../../lambdas/api/cors';
import type { CorsSettings } from '../../../lambdas/api/settings';

class Refusal extends Error {
  constructor(
    readonly status: 403 | 405,
    readonly headers: Record<string, string>,
  ) {
    super('refused');
  }
}

/** An app shaped like the API's: an outer scope middleware, CORS, a route check, handlers. */
function appWith(corsLayer: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Request-Id', 'req-1');
  });
  app.use('*', corsLayer);
  app.use('*', async (c, next) => {
    if (c.req.path === '/denied') throw new Refusal(403, {});
    await next();
  });
  app.get('/json', (c) => c.json({ a: 1 }));
  app.post('/created', (c) => {
    c.header('Location', '/created/1');
    return c.json({ id: 1 }, 201);
  });
  app.get('/own-cors', (c) => c.json({}, 200, { 'Access-Control-Allow-Origin': 'https://handler.example', Vary: 'Accept' }));
  app.get('/header-then-throw', (c) => {
    c.header('X-Partial', 'yes');
    throw new Refusal(405, { Allow: 'POST' });
  });
  app.delete('/empty', (c) => c.body(null, 204));
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((err, c) => (err instanceof Refusal ? c.json({ error: 'refused' }, err.status, err.headers) : c.json({ error: 'internal' }, 500)));
  return app;
}

async function snapshot(res: Response): Promise<{ status: number; statusText: string; headers: [string, string][]; body: string }> {
  return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: await res.text() };
}

const settings: fc.Arbitrary<CorsSettings> = fc.record({
  allowOrigins: fc.oneof(fc.constant(['*']), fc.subarray(['http://localhost:5173', 'https://app.example.com', 'https://other.example'])),
  allowMethods: fc.subarray(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
  allowHeaders: fc.subarray(['authorization', 'content-type', 'x-custom']),
  allowCredentials: fc.boolean(),
  maxAgeSeconds: fc.integer({ min: 0, max: 86_400 }),
}) as fc.Arbitrary<CorsSettings>;

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE', 'PUT'),
  path: fc.constantFrom('/json', '/created', '/own-cors', '/header-then-throw', '/empty', '/denied', '/nowhere'),
  origin: fc.option(fc.constantFrom('http://localhost:5173', 'https://app.example.com', 'https://evil.example', ''), { nil: undefined }),
  requestHeaders: fc.option(fc.constantFrom('content-type', ' Authorization , X-Custom ', 'x-a,x-b'), { nil: undefined }),
});

describe('corsMiddleware', () => {
  it('answers as hono/cors with the same options, for generated settings and requests', async () => {
    await fc.assert(
      fc.asyncProperty(settings, request, async (s, r) => {
        const headers: Record<string, string> = {};
        if (r.origin !== undefined) headers.origin = r.origin;
        if (r.requestHeaders !== undefined) headers['access-control-request-headers'] = r.requestHeaders;
        const init = { method: r.method, headers, body: r.method === 'POST' || r.method === 'PUT' ? '{}' : undefined };
        const theirs = await snapshot(await appWith(cors(corsOptions(s)) as MiddlewareHandler<AppEnv>).request(r.path, init));
        const ours = await snapshot(await appWith(corsMiddleware(s)).request(r.path, init));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it('uses the API settings as hono/cors options', () => {
    const s: CorsSettings = { allowOrigins: ['http://localhost:5173'], allowMethods: ['GET'], allowHeaders: ['authorization'], allowCredentials: false, maxAgeSeconds: 600 };
    expect(corsOptions(s)).toEqual({
      origin: ['http://localhost:5173'],
      allowMethods: ['GET'],
      allowHeaders: ['authorization'],
      credentials: false,
      maxAge: 600,
      exposeHeaders: ['Location', 'X-Request-Id'],
    });
    expect(corsOptions({ ...s, allowOrigins: ['*'] }).origin).toBe('*');
  });
});
