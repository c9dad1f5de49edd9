import { createApp } from '../../../lambdas/api/app';
import { createEdgeTrust } from '../../../lambdas/api/dependencies';
import { MemoryBookRepository } from '../../../lambdas/api/books/memory-repository';
import { MemoryMessagePublisher } from '../../../lambdas/api/messages/publisher';
import { StaticSecretReader } from '../../../lambdas/api/secrets/secret-reader';
import { CLAIMS_HEADER } from '../../../lib/claims';
import { lambdaContext } from '../events';
import { ADMIN, devSettings, EDITOR, harness, noSecretsManager, READER, RecordingLogger, sampleBook, type Reply } from './harness';

function expectJsonNoStore(r: Reply): void {
  expect(r.headers['cache-control']).toBe('no-store');
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  expect(() => JSON.parse(r.body)).not.toThrow();
}

class ExplodingBooks extends MemoryBookRepository {
  override async list(): Promise<never> {
    throw new Error('DynamoDB is on fire at /var/task/index.js:1:1');
  }
}

describe('every response', () => {
  it('is JSON with Cache-Control: no-store, whatever the status', async () => {
    const h = harness({ initialBooks: [sampleBook('b1')] });
    const replies = await Promise.all([
      h.invoke({ path: '/api/hello', query: { name: 'Ada' } }), // 200
      h.invoke({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: EDITOR }), // 201
      h.invoke({ method: 'POST', path: '/api/messages', body: { text: 'hi' }, claims: ADMIN }), // 202
      h.invoke({ path: '/api/hello' }), // 400
      h.invoke({ path: '/api/me' }), // 401
      h.invoke({ path: '/api/secret-admin-page' }), // 403
      h.invoke({ path: '/api/books/nope', claims: READER }), // 404
      h.invoke({ method: 'PATCH', path: '/api/books/b1', claims: READER }), // 405
      h.invoke({ method: 'POST', path: '/api/books', body: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/json' }, claims: EDITOR }), // 413
      h.invoke({ method: 'POST', path: '/api/books', body: 'title=T', headers: { 'content-type': 'application/x-www-form-urlencoded' }, claims: EDITOR }), // 415
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 201, 202, 400, 401, 403, 404, 405, 413, 415]);
    replies.forEach(expectJsonNoStore);
    for (const r of replies.filter((x) => x.status >= 400)) {
      expect(r.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it('carries the Lambda request id', async () => {
    const r = await harness().invoke({ path: '/api/hello', query: { name: 'Ada' } }, lambdaContext('req-abc'));
    expect(r.headers['x-request-id']).toBe('req-abc');
  });
});

describe('500', () => {
  it('answers a generic message with the request id, never the error or a stack, and logs the error', async () => {
    const h = harness({ books: new ExplodingBooks() });
    const r = await h.invoke({ path: '/api/books', claims: READER }, lambdaContext('req-500'));
    expect(r.status).toBe(500);
    expectJsonNoStore(r);
    expect(r.json).toEqual({ error: { code: 'internal_error', message: 'The request could not be completed (request id req-500).' } });
    expect(r.body).not.toMatch(/fire|\/var\/task|at |stack/i);
    const logged = h.logger.lines.find((l) => l.level === 'error');
    expect(logged?.message).toBe('unhandled error');
    expect(logged?.attributes).toMatchObject({ requestId: 'req-500', method: 'GET', path: '/api/books' });
    expect((logged?.attributes.error as Error).message).toContain('on fire');
  });
});

describe('route authorization re-check (dev route map)', () => {
  it('trusts the claims header only with the IAM authorizer context: without it, /me is 401', async () => {
    const h = harness();
    const withoutIam = await h.invoke({ path: '/api/me', claims: ADMIN, iam: false });
    expect(withoutIam.status).toBe(401);
    expect(withoutIam.json.error.code).toBe('unauthenticated');
    expect(h.logger.lines.some((l) => l.message === 'claims header ignored' && l.attributes.reason === 'no-iam-context')).toBe(true);
    expect((await h.invoke({ path: '/api/me', claims: ADMIN })).status).toBe(200);
  });

  it('does not let a forged claims header without IAM reach a group-only route', async () => {
    const h = harness({ initialBooks: [sampleBook('b1')] });
    const r = await h.invoke({ method: 'DELETE', path: '/api/books/b1', claims: ADMIN, iam: false });
    expect(r.status).toBe(401);
    expect(await h.books.get('b1')).toBeDefined();
  });

  it('answers 401 with WWW-Authenticate when a signed-in caller is needed', async () => {
    const r = await harness().invoke({ path: '/api/books' });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 403 when the caller lacks the group (a reader may not create books)', async () => {
    const r = await harness().invoke({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: READER });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
  });

  it('accepts a scope instead of a group (machine client with books/write)', async () => {
    const r = await harness().invoke({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: { scopes: ['books/write'] } });
    expect(r.status).toBe(201);
  });

  it('allows deletes to admins only (editors get 403)', async () => {
    const h = harness({ initialBooks: [sampleBook('b1')] });
    expect((await h.invoke({ method: 'DELETE', path: '/api/books/b1', claims: EDITOR })).status).toBe(403);
    expect((await h.invoke({ method: 'DELETE', path: '/api/books/b1', claims: ADMIN })).status).toBe(200);
  });

  it('denies by default: a path no rule matches is 403, even for an admin', async () => {
    const h = harness();
    for (const [method, path] of [
      ['GET', '/api/admin'],
      ['GET', '/api'],
      ['PATCH', '/api/hello'],
      ['GET', '/api/messages'],
    ]) {
      const r = await h.invoke({ method, path, claims: ADMIN });
      expect([method, path, r.status, r.json.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
  });

  it('authorizes the path the router sees: dot segments cannot borrow a public rule', async () => {
    const h = harness();
    for (const path of ['/api/hello/../me', '/api/hello/%2e%2e/me', '/api/./me']) {
      const r = await h.invoke({ path });
      expect([path, r.status]).toEqual([path, 401]);
    }
  });

  it('authorizes the path the router sees: a public wildcard rule cannot cover a traversal to a private route', async () => {
    const h = harness({
      settings: {
        routes: [
          { method: 'GET', path: '/hello/*', access: 'public' },
          { method: 'GET', path: '/me', access: 'authenticated' },
        ],
      },
    });
    for (const path of ['/api/hello/../me', '/api/hello/%2E%2E/me', '/api/hello/x/../../me']) {
      const r = await h.invoke({ path });
      expect([path, r.status]).toEqual([path, 401]);
    }
  });

  it('ignores expired claims (401)', async () => {
    const r = await harness().invoke({ path: '/api/me', claims: { exp: Date.parse('2029-01-01T00:00:00Z') / 1000 } });
    expect(r.status).toBe(401);
  });
});

describe('404 and 405 (after authorization)', () => {
  it('answers 404 outside the base path', async () => {
    const h = harness();
    for (const path of ['/', '/hello', '/apix/hello', '/API/hello']) {
      const r = await h.invoke({ path, query: { name: 'x' } });
      expect([path, r.status, r.json.error.code]).toEqual([path, 404, 'not_found']);
    }
  });

  it('answers 404 for a path a rule allows but no endpoint serves', async () => {
    const r = await harness().invoke({ path: '/api/books/b1/chapters', claims: READER });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });

  it('answers 405 with Allow for a known path and a method only a "*" rule allows', async () => {
    const r = await harness().invoke({ method: 'PATCH', path: '/api/books/b1', claims: READER });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, PUT, DELETE');
    expect(r.json.error).toEqual({ code: 'method_not_allowed', message: 'PATCH is not supported here; use GET, PUT, DELETE.' });
  });

  it('answers 401 rather than 405 when the "*" rule needs a caller and there is none', async () => {
    expect((await harness().invoke({ method: 'PATCH', path: '/api/books/b1' })).status).toBe(401);
  });

  it('treats a trailing slash like the route map does', async () => {
    const r = await harness().invoke({ path: '/api/hello/', query: { name: 'Ada' } });
    expect(r.status).toBe(200);
  });
});

describe('CORS preflight', () => {
  const preflight = { method: 'OPTIONS', path: '/api/books', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } };

  it('answers from the CORS settings without claims', async () => {
    const r = await harness().invoke({ ...preflight, iam: false });
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(r.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST,PUT,DELETE',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
      'cache-control': 'no-store',
    });
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(r.headers.vary).toContain('Origin');
  });

  it('does not allow an origin that is not configured', async () => {
    const r = await harness().invoke({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('adds the allowed origin to actual responses and exposes Location', async () => {
    const r = await harness().invoke({ path: '/api/hello', query: { name: 'Ada' }, headers: { origin: 'http://localhost:5173' } });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(r.headers['access-control-expose-headers']).toContain('Location');
  });

  it('sends Allow-Credentials when the settings allow credentials', async () => {
    const h = harness({ settings: { cors: { ...devSettings().cors, allowOrigins: ['https://app.example.com'], allowCredentials: true } } });
    const r = await h.invoke({ ...preflight, headers: { ...preflight.headers, origin: 'https://app.example.com' } });
    expect(r.headers['access-control-allow-credentials']).toBe('true');
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});

describe('logging', () => {
  it('writes one structured line per request with the request id, status and caller, and adds the Lambda context', async () => {
    const h = harness();
    const ctx = lambdaContext('req-log');
    await h.invoke({ path: '/api/me', claims: READER }, ctx);
    expect(h.logger.contexts).toEqual([ctx]);
    const line = h.logger.lines.find((l) => l.message === 'request');
    expect(line?.attributes).toMatchObject({
      requestId: 'req-log',
      method: 'GET',
      path: '/api/me',
      status: 200,
      sub: expect.any(String),
      iamCaller: expect.stringContaining('assumed-role'),
    });
    expect(typeof line?.attributes.durationMs).toBe('number');
  });

  it('never logs the Authorization header, the claims header or the body', async () => {
    const h = harness();
    await h.invoke({
      method: 'POST',
      path: '/api/books',
      body: { title: 'Secret title', author: 'A' },
      claims: EDITOR,
      headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.secret-token' },
    });
    await h.invoke({ path: '/api/me', claims: ADMIN, iam: false });
    const text = JSON.stringify(h.logger.lines);
    expect(text).not.toMatch(/eyJ|secret-token|Secret title|authorization/i);
    expect(text).not.toContain(CLAIMS_HEADER);
  });
});

describe('createApp() without the Lambda adapter', () => {
  it('serves app.fetch (local runs) and treats the caller as anonymous', async () => {
    const app = createApp({
      settings: devSettings(),
      books: new MemoryBookRepository(),
      messages: new MemoryMessagePublisher(),
      secret: new StaticSecretReader('{"greeting":"Hi"}'),
      edgeTrust: createEdgeTrust(devSettings(), noSecretsManager),
      logger: new RecordingLogger(),
    });
    const hello = await app.fetch(new Request('http://localhost/api/hello?name=Ada'));
    expect(hello.status).toBe(200);
    expect(await hello.json()).toEqual({ message: 'Hi, Ada!' });
    expect(hello.headers.get('cache-control')).toBe('no-store');
    const me = await app.fetch(new Request('http://localhost/api/me', { headers: { [CLAIMS_HEADER]: 'anything' } }));
    expect(me.status).toBe(401);
  });
});
