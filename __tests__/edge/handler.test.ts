/**
 * The handler end to end (without the network): route authorization, header
 * handling, canonical request line, body hashing and the two modes.
 */
import { ANONYMOUS_CLAIMS, decodeClaims, encodeClaims } from '../../lib/claims';
import { verifyClaimsMac } from '../../lib/claims-mac';
import type { EdgeConfig } from '../../edge/config';
import { createHandler, MAX_QUERY_PARAMETERS, type HandlerDeps } from '../../edge/handler';
import { sha256Hex } from '../../edge/sign';
import type { Fetcher } from '../../edge/verifier';
import { asRequest, asResponse, edgeConfig, header, ORIGIN_HOST, originRequest, TEST_CLAIMS_KEY, type EventInit } from './helpers/events';
import { accessPayload, makePool, token } from './helpers/tokens';

const pool = makePool('eu-west-1', 'RoutesPool1', 'spa-client');
const noFetch: Fetcher = {
  fetch: async (uri) => {
    throw new Error(`unexpected fetch ${uri}`);
  },
};
const clock = () => new Date('2025-06-01T12:00:00Z');

function setup(over: Partial<EdgeConfig> = {}, deps: Partial<HandlerDeps> = {}) {
  const credentials = jest.fn(() => ({ accessKeyId: 'AKIDEDGE', secretAccessKey: 'edge-secret', sessionToken: 'edge-token' }));
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler(edgeConfig([pool], over), { jwksFetcher: noFetch, credentials, clock, logger: (e) => logs.push(e), ...deps });
  return { handler, credentials, logs };
}

const bearer = (payload: Record<string, unknown> = {}) => `Bearer ${token(pool, accessPayload(pool, payload))}`;
const reader = () => bearer({ 'cognito:groups': ['readers'], scope: 'openid' });
const editor = () => bearer({ 'cognito:groups': ['editors'], scope: 'openid' });
const admin = () => bearer({ 'cognito:groups': ['admins'], scope: 'openid' });
const nobody = () => bearer({ 'cognito:groups': [], scope: 'openid' });
const machine = (scope: string) => bearer({ 'cognito:groups': undefined, username: undefined, scope });

describe('route authorization (dev route map)', () => {
  const { handler } = setup();

  it.each<[string, EventInit, string]>([
    ['public GET /hello without a token', { uri: '/api/hello' }, 'forward'],
    ['CORS preflight OPTIONS on a protected path, anonymous', { method: 'OPTIONS', uri: '/api/books/42' }, 'forward'],
    ['GET /me needs any valid token', { uri: '/api/me' }, '401'],
    ['GET /books anonymous', { uri: '/api/books' }, '401'],
    ['POST /messages anonymous', { method: 'POST', uri: '/api/messages' }, '401'],
    ['an unknown route, anonymous (deny by default)', { uri: '/api/secret' }, '403'],
    ['a path outside the base path', { uri: '/admin' }, '403'],
    ['the base path itself (no rule for "/")', { uri: '/api' }, '403'],
    ['a lookalike of the base path', { uri: '/apix/hello' }, '403'],
    ['HEAD /hello (authorized as GET: public)', { method: 'HEAD', uri: '/api/hello' }, 'forward'],
    ['HEAD /books without a token (authorized as GET: token required)', { method: 'HEAD', uri: '/api/books' }, '401'],
  ])('%s -> %s', async (_name, init, expected) => {
    const result = await handler(originRequest(init));
    if (expected === 'forward') asRequest(result);
    else expect(asResponse(result).status).toBe(expected);
  });

  it.each<[string, () => string, EventInit, string]>([
    ['any token on GET /me', nobody, { uri: '/api/me' }, 'forward'],
    ['readers on GET /books', reader, { uri: '/api/books' }, 'forward'],
    ['readers on GET /books/{id}', reader, { uri: '/api/books/42' }, 'forward'],
    ['no groups on GET /books', nobody, { uri: '/api/books' }, '403'],
    ['HEAD walks around GET rules (regression): no groups on HEAD /books', nobody, { method: 'HEAD', uri: '/api/books' }, '403'],
    ['HEAD walks around GET rules (regression): no groups on HEAD /books/{id}', nobody, { method: 'HEAD', uri: '/api/books/42' }, '403'],
    ['readers on HEAD /books/{id}', reader, { method: 'HEAD', uri: '/api/books/42' }, 'forward'],
    ['scope books/read on GET /books (machine client)', () => machine('books/read'), { uri: '/api/books' }, 'forward'],
    ['scope books/read on POST /books', () => machine('books/read'), { method: 'POST', uri: '/api/books' }, '403'],
    ['scope books/write on POST /messages', () => machine('books/write'), { method: 'POST', uri: '/api/messages' }, 'forward'],
    ['readers on POST /books', reader, { method: 'POST', uri: '/api/books' }, '403'],
    ['editors on POST /books', editor, { method: 'POST', uri: '/api/books' }, 'forward'],
    ['editors on DELETE /books/{id}', editor, { method: 'DELETE', uri: '/api/books/42' }, '403'],
    ['admins on DELETE /books/{id}', admin, { method: 'DELETE', uri: '/api/books/42' }, 'forward'],
    ['any token on PATCH /books/42/cover (the /books/* rule)', nobody, { method: 'PATCH', uri: '/api/books/42/cover' }, 'forward'],
    ['a valid token on an unknown route', admin, { uri: '/api/secret' }, '403'],
    ['a valid token outside the base path', admin, { uri: '/other' }, '403'],
  ])('%s -> %s', async (_name, auth, init, expected) => {
    const result = await handler(originRequest({ ...init, headers: { Authorization: auth() } }));
    if (expected === 'forward') asRequest(result);
    else expect(asResponse(result).status).toBe(expected);
  });

  it('answers 401 without an error code when a protected route gets no token', async () => {
    const res = asResponse(await handler(originRequest({ uri: '/api/books' })));
    expect(header(res, 'www-authenticate')).toBe('Bearer realm="api"');
    expect(JSON.parse(res.body ?? '')).toEqual({ error: { code: 'unauthorized', message: 'This route needs a bearer token.' } });
  });

  it('answers 403 with a JSON body and no-store', async () => {
    const res = asResponse(await handler(originRequest({ uri: '/api/books', headers: { Authorization: nobody() } })));
    expect(res).toMatchObject({ status: '403', statusDescription: 'Forbidden', bodyEncoding: 'text' });
    expect(header(res, 'cache-control')).toBe('no-store');
    expect(header(res, 'content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body ?? '')).toEqual({ error: { code: 'forbidden', message: 'You may not use this route.' } });
  });
});

describe('canonical request line', () => {
  const { handler } = setup();

  it.each([
    ['/api/%62ooks/%34%32', '/api/books/42'],
    ['//api//books/42', '/api/books/42'],
    ['/api/books/42/', '/api/books/42/'],
    ['/api/books/a%2fb', '/api/books/a%2Fb'],
    ["/api/books/(x)!*'", '/api/books/%28x%29%21%2A%27'],
    ['/api/books/%7Euser', '/api/books/~user'],
    ['/api/books/caf%C3%A9', '/api/books/caf%C3%A9'],
    ['/api/books/a+b', '/api/books/a%2Bb'],
  ])('forwards %s as %s and authorizes that path', async (uri, expected) => {
    const out = asRequest(await handler(originRequest({ uri, headers: { authorization: reader() } })));
    expect(out.uri).toBe(expected);
  });

  it('matches an encoded slash as part of one segment (like the API router)', async () => {
    // /books/{id} needs readers; /books/* (two segments) only needs a token: a%2Fb must stay one segment.
    const res = await handler(originRequest({ method: 'DELETE', uri: '/api/books/a%2Fb', headers: { authorization: editor() } }));
    expect(asResponse(res).status).toBe('403');
  });

  it.each(['/api/books/../admin', '/api/books/%2e%2e/admin', '/api/./hello', '/api/books/%zz', '/api/books/%C3', 'api/hello'])(
    'refuses %s with 400',
    async (uri) => {
      const res = asResponse(await handler(originRequest({ uri, headers: { authorization: admin() } })));
      expect(res.status).toBe('400');
      expect(JSON.parse(res.body ?? '').error.code).toBe('bad_request');
    },
  );

  it.each([
    ['q=a+b', 'q=a%20b'],
    ['q=a%2Bb', 'q=a%2Bb'],
    ['b=2&a=1&b=1', 'b=2&a=1&b=1'],
    ['flag&empty=&=v&&x=1', 'flag=&empty=&=v&x=1'],
    ['url=https://x.example/a?b=c', 'url=https%3A%2F%2Fx.example%2Fa%3Fb%3Dc'],
    ['k=%e2%9c%93', 'k=%E2%9C%93'],
    ['%7e=%7E', '~=~'],
  ])('forwards the query %s as %s', async (querystring, expected) => {
    const out = asRequest(await handler(originRequest({ uri: '/api/hello', querystring })));
    expect(out.querystring).toBe(expected);
  });

  it.each(['X-Amz-Signature=abc', 'x-amz-credential=a', 'X-AMZ-Date=1', 'a=%zz', 'a=%E2%9C'])('refuses the query %s with 400', async (querystring) => {
    expect(asResponse(await handler(originRequest({ uri: '/api/hello', querystring }))).status).toBe('400');
  });

  it(`refuses more than ${MAX_QUERY_PARAMETERS} query parameters`, async () => {
    const many = Array.from({ length: MAX_QUERY_PARAMETERS + 1 }, (_, i) => `k${i}=v`).join('&');
    expect(asResponse(await handler(originRequest({ uri: '/api/hello', querystring: many }))).status).toBe('400');
    const enough = Array.from({ length: MAX_QUERY_PARAMETERS }, (_, i) => `k${i}=v`).join('&');
    asRequest(await handler(originRequest({ uri: '/api/hello', querystring: enough })));
  });
});

describe('claims header and viewer headers', () => {
  const { handler } = setup();
  const forged = Buffer.from(
    JSON.stringify({ sub: 'forged', groups: ['admins'], scopes: [], tokenUse: 'access', clientId: 'x', issuer: 'x', exp: 9e9 }),
  ).toString('base64url');

  it.each([['x-sfu-verified-claims'], ['X-SFU-VERIFIED-CLAIMS'], ['X-Sfu-Verified-Claims']])(
    'replaces a viewer-sent %s with the verified claims',
    async (name) => {
      const out = asRequest(await handler(originRequest({ uri: '/api/me', headers: { authorization: reader(), [name]: [forged, forged] } })));
      const claims = decodeClaims(header(out, 'x-sfu-verified-claims'));
      expect(claims).toMatchObject({
        sub: accessPayload(pool).sub,
        groups: ['readers'],
        scopes: ['openid'],
        tokenUse: 'access',
        clientId: 'spa-client',
        issuer: pool.issuer,
        username: 'alice',
      });
      expect(Object.keys(out.headers).filter((k) => k.toLowerCase() === 'x-sfu-verified-claims')).toEqual(['x-sfu-verified-claims']);
    },
  );

  it('removes a spoofed header stored under a non-lower-case key too', async () => {
    const event = originRequest({ uri: '/api/hello' });
    event.Records[0].cf.request.headers['X-Sfu-Verified-Claims'] = [{ key: 'X-Sfu-Verified-Claims', value: forged }];
    const out = asRequest(await handler(event));
    expect(Object.keys(out.headers).filter((k) => k.toLowerCase() === 'x-sfu-verified-claims')).toEqual(['x-sfu-verified-claims']);
    expect(header(out, 'x-sfu-verified-claims')).toBe(ANONYMOUS_CLAIMS);
  });

  it('checks an Authorization header stored under a non-lower-case key too', async () => {
    const event = originRequest({ uri: '/api/hello' });
    event.Records[0].cf.request.headers.Authorization = [{ key: 'Authorization', value: 'Bearer abc.def.ghi' }];
    expect(asResponse(await handler(event)).status).toBe('401');
  });

  it('sends the explicit anonymous claims value on an anonymous public request, even when the viewer sent claims', async () => {
    const out = asRequest(await handler(originRequest({ uri: '/api/hello', headers: { 'X-Sfu-Verified-Claims': forged } })));
    expect(out.headers['x-sfu-verified-claims']).toEqual([{ key: 'X-Sfu-Verified-Claims', value: ANONYMOUS_CLAIMS }]);
  });

  it('drops a viewer copy of the claims MAC header', async () => {
    const out = asRequest(await handler(originRequest({ uri: '/api/hello', headers: { 'X-Sfu-Claims-Mac': `k=1,t=1,sig=${'A'.repeat(43)}` } })));
    expect(Object.keys(out.headers).some((k) => k.toLowerCase() === 'x-sfu-claims-mac')).toBe(false);
  });

  it('sets the claims of a valid token on a public route', async () => {
    const out = asRequest(await handler(originRequest({ uri: '/api/hello', headers: { authorization: reader() } })));
    expect(decodeClaims(header(out, 'x-sfu-verified-claims'))?.groups).toEqual(['readers']);
  });

  it('drops viewer x-amz-* headers (OAC source headers, SigV4 headers) but keeps other headers', async () => {
    const out = asRequest(
      await handler(
        originRequest({
          uri: '/api/hello',
          headers: {
            'X-Amz-Source-Arn': 'arn:aws:cloudfront::1:distribution/SPOOF',
            'x-amz-source-account': '1',
            'x-amz-date': '20000101T000000Z',
            'Content-Type': 'application/json',
            'X-Request-Id': 'r-1',
          },
        }),
      ),
    );
    expect(out.headers['x-amz-source-arn']).toBeUndefined();
    expect(out.headers['x-amz-source-account']).toBeUndefined();
    expect(header(out, 'x-amz-date')).toBe('20250601T120000Z');
    expect(header(out, 'content-type')).toBe('application/json');
    expect(header(out, 'x-request-id')).toBe('r-1');
    expect(header(out, 'via')).toContain('CloudFront');
  });
});

describe('edge-sigv4 mode', () => {
  it("signs with the function's credentials and replaces the viewer's Authorization", async () => {
    const { handler, credentials } = setup();
    const viewerAuth = reader();
    const out = asRequest(await handler(originRequest({ uri: '/api/books', headers: { Authorization: viewerAuth } })));
    const auth = header(out, 'authorization') ?? '';
    expect(auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEDGE\/20250601\/eu-west-1\/lambda\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-sfu-verified-claims, Signature=[0-9a-f]{64}$/,
    );
    expect(auth).not.toContain(viewerAuth.slice(7, 40));
    expect(header(out, 'x-amz-security-token')).toBe('edge-token');
    expect(header(out, 'host')).toBe(ORIGIN_HOST);
    expect(credentials).toHaveBeenCalledTimes(1);
  });

  it('the signature does not cover the absence of claims (regression): an anonymous request is signed with the anonymous claims value', async () => {
    const { handler } = setup();
    const out = asRequest(await handler(originRequest({ uri: '/api/hello' })));
    expect(header(out, 'authorization')).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-sfu-verified-claims,');
    expect(header(out, 'x-sfu-verified-claims')).toBe(ANONYMOUS_CLAIMS);
  });

  it('signs content-type when the request has one', async () => {
    const { handler } = setup();
    const out = asRequest(await handler(originRequest({ method: 'OPTIONS', uri: '/api/books', headers: { 'content-type': 'application/json' } })));
    expect(header(out, 'authorization')).toContain('SignedHeaders=content-type;host;');
  });

  it("signs for originRegion, the backend's region (the one derivation of the function URL's region)", async () => {
    const { handler } = setup({ originHost: 'abc.lambda-url.ap-southeast-2.on.aws', originRegion: 'ap-southeast-2' });
    const out = asRequest(await handler(originRequest({ uri: '/api/hello', originHost: 'abc.lambda-url.ap-southeast-2.on.aws' })));
    expect(header(out, 'authorization')).toContain('/ap-southeast-2/lambda/aws4_request');
    const local = setup({ originHost: '127.0.0.1:9001', originRegion: 'eu-central-1' });
    const event = originRequest({ uri: '/api/hello', originHost: '127.0.0.1' });
    const origin = event.Records[0].cf.request.origin;
    if (origin?.custom) origin.custom.port = 9001;
    const out2 = asRequest(await local.handler(event));
    expect(header(out2, 'authorization')).toContain('/eu-central-1/lambda/aws4_request');
    expect(header(out2, 'host')).toBe('127.0.0.1:9001');
  });

  it('answers 500 (and never forwards unsigned) without credentials', async () => {
    const { handler, logs } = setup({}, { credentials: () => undefined });
    const res = asResponse(await handler(originRequest({ uri: '/api/hello' })));
    expect(res.status).toBe('500');
    expect(logs[0]).toMatchObject({ level: 'error', reason: 'no_credentials' });
  });

  it('answers 500 when the origin is not the configured function URL', async () => {
    const { handler } = setup();
    expect(asResponse(await handler(originRequest({ uri: '/api/hello', originHost: 'other.lambda-url.eu-west-1.on.aws' }))).status).toBe('500');
  });

  it('answers 500 when signing throws', async () => {
    const { handler, logs } = setup({}, { credentials: () => ({ accessKeyId: 'A', secretAccessKey: undefined as unknown as string }) });
    expect(asResponse(await handler(originRequest({ uri: '/api/hello' }))).status).toBe('500');
    expect(logs[0]).toMatchObject({ level: 'error', reason: 'unexpected_error' });
  });
});

describe('body hash', () => {
  const { handler } = setup();
  const post = (body: Buffer | string | undefined, extra: Partial<EventInit> = {}) =>
    handler(originRequest({ method: 'POST', uri: '/api/books', body, headers: { authorization: editor(), 'content-type': 'application/json' }, ...extra }));

  it.each<[string, Buffer]>([
    ['an empty body', Buffer.alloc(0)],
    ['a text body', Buffer.from('{"title":"Dune – “Der Wüstenplanet”"}', 'utf8')],
    ['a binary body', Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0xc3, 0x28])],
  ])('hashes %s from its raw bytes', async (_name, bytes) => {
    const out = asRequest(await post(bytes));
    expect(header(out, 'x-amz-content-sha256')).toBe(sha256Hex(bytes));
    expect(out.body?.data).toBe(bytes.toString('base64'));
  });

  it('answers 413 when CloudFront truncated the body, without signing', async () => {
    const { handler: h, credentials } = setup();
    const res = asResponse(
      await h(originRequest({ method: 'POST', uri: '/api/books', body: 'x'.repeat(100), truncated: true, headers: { authorization: editor() } })),
    );
    expect(res.status).toBe('413');
    expect(JSON.parse(res.body ?? '').error.code).toBe('payload_too_large');
    expect(credentials).not.toHaveBeenCalled();
  });

  it('checks the token before the body size (401 beats 413)', async () => {
    const res = asResponse(await handler(originRequest({ method: 'POST', uri: '/api/books', body: 'x', truncated: true })));
    expect(res.status).toBe('401');
  });

  it('answers 500 when include-body is off but a body was declared', async () => {
    const res = asResponse(await post(undefined, { noBody: true, headers: { authorization: editor(), 'content-length': '12' } }));
    expect(res.status).toBe('500');
  });
});

describe('oac mode', () => {
  it('sets x-amz-content-sha256 for POST and does not sign', async () => {
    const { handler, credentials } = setup({ mode: 'oac' });
    const body = Buffer.from([1, 2, 3, 250]);
    const out = asRequest(await handler(originRequest({ method: 'POST', uri: '/api/books', body, headers: { authorization: editor() } })));
    expect(header(out, 'x-amz-content-sha256')).toBe(sha256Hex(body));
    expect(out.headers.authorization).toBeUndefined();
    expect(out.headers['x-amz-date']).toBeUndefined();
    expect(credentials).not.toHaveBeenCalled();
    expect(decodeClaims(header(out, 'x-sfu-verified-claims'))?.groups).toEqual(['editors']);
  });

  it.each(['PUT', 'PATCH'])('sets it for %s', async (method) => {
    const { handler } = setup({ mode: 'oac' });
    const out = asRequest(await handler(originRequest({ method, uri: '/api/books/42', body: '{}', headers: { authorization: admin() } })));
    expect(header(out, 'x-amz-content-sha256')).toBe(sha256Hex(Buffer.from('{}')));
  });

  it('leaves a GET without a body alone and removes the viewer Authorization', async () => {
    const { handler } = setup({ mode: 'oac' });
    const out = asRequest(await handler(originRequest({ uri: '/api/books', headers: { authorization: reader() } })));
    expect(out.headers['x-amz-content-sha256']).toBeUndefined();
    expect(out.headers.authorization).toBeUndefined();
  });

  const testKey = { version: TEST_CLAIMS_KEY.version, key: Buffer.from(TEST_CLAIMS_KEY.key, 'hex') };
  const nowS = clock().getTime() / 1000;

  it('MACs the claims with the request line, type and body hash, so the API can tell them from a forgery', async () => {
    const { handler } = setup({ mode: 'oac' });
    const body = '{"title":"T"}';
    const out = asRequest(
      await handler(
        originRequest({
          method: 'POST',
          uri: '/api/books',
          querystring: 'a=1',
          body,
          headers: { authorization: editor(), 'content-type': 'application/json' },
        }),
      ),
    );
    const mac = header(out, 'x-sfu-claims-mac') ?? '';
    expect(mac).toMatch(/^k=3,t=\d+,sig=[A-Za-z0-9_-]{43}$/);
    const fields = {
      method: 'POST',
      path: '/api/books',
      query: 'a=1',
      contentType: 'application/json',
      bodySha256: sha256Hex(Buffer.from(body)),
      claims: header(out, 'x-sfu-verified-claims') ?? '',
    };
    expect(verifyClaimsMac(mac, testKey, fields, nowS)).toEqual({ ok: true });
    expect(verifyClaimsMac(mac, testKey, { ...fields, method: 'PUT' }, nowS)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyClaimsMac(mac, testKey, { ...fields, claims: encodeClaims({ ...decodeClaims(fields.claims)!, groups: ['admins'] }) }, nowS)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('MACs the anonymous claims value of a request without a token', async () => {
    const { handler } = setup({ mode: 'oac' });
    const out = asRequest(await handler(originRequest({ uri: '/api/hello' })));
    const fields = { method: 'GET', path: '/api/hello', query: '', contentType: '', bodySha256: sha256Hex(Buffer.alloc(0)), claims: ANONYMOUS_CLAIMS };
    expect(verifyClaimsMac(header(out, 'x-sfu-claims-mac') ?? '', testKey, fields, nowS)).toEqual({ ok: true });
  });

  it('refuses to start in oac mode without a claims key', () => {
    expect(() => createHandler(edgeConfig([pool], { mode: 'oac', claimsKey: null }), { jwksFetcher: noFetch })).toThrow(/claimsKey is required in oac mode/);
  });

  it('answers 413 for a truncated body', async () => {
    const { handler } = setup({ mode: 'oac' });
    expect(
      asResponse(await handler(originRequest({ method: 'PUT', uri: '/api/books/1', body: 'x', truncated: true, headers: { authorization: admin() } }))).status,
    ).toBe('413');
  });
});

describe('logging and configuration', () => {
  it('logs one JSON entry per request with decision, status and route pattern', async () => {
    const { handler, logs } = setup();
    await handler(originRequest({ uri: '/api/books/7', headers: { authorization: reader() } }));
    await handler(originRequest({ uri: '/api/books/7' }));
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({
      level: 'info',
      event: 'edge.request',
      decision: 'forward',
      route: 'GET /books/{id}',
      kid: pool.kid,
      sub: accessPayload(pool).sub,
      requestId: 'req-1',
    });
    expect(logs[1]).toMatchObject({ decision: 'deny', status: 401, reason: 'token_required', route: 'GET /books/{id}' });
    expect(typeof logs[0].ms).toBe('number');
  });

  it('writes one JSON line per request through console.log by default', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const handler = createHandler(edgeConfig([pool]), { jwksFetcher: noFetch, credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }) });
      await handler(originRequest({ uri: '/api/hello' }));
      expect(log).toHaveBeenCalledTimes(1);
      const line = String(log.mock.calls[0][0]);
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ decision: 'forward', anonymous: true });
    } finally {
      log.mockRestore();
    }
  });

  it('refuses a broken config at creation (cold start), listing the problems', () => {
    expect(() => createHandler({ ...edgeConfig([pool]), mode: 'signed' as never, originHost: 'https://x/' })).toThrow(
      /mode must be.*originHost must be a bare host/,
    );
    expect(() => createHandler(edgeConfig([pool, pool]))).toThrow(/listed twice/);
  });

  it('accepts a config without verifiers (public routes only)', async () => {
    const handler = createHandler(edgeConfig([]), { credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }), logger: () => undefined });
    asRequest(await handler(originRequest({ uri: '/api/hello' })));
    expect(asResponse(await handler(originRequest({ uri: '/api/me', headers: { authorization: reader() } }))).status).toBe('401');
  });
});
