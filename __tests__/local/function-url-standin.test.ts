/**
 * The function URL stand-in alone, with a fake Lambda runtime: AWS_IAM
 * semantics (host, SigV4, payload limit) and the mapping both ways.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { FUNCTION_URL_PAYLOAD_LIMIT, startFunctionUrl, type KnownPrincipal, type RunningFunctionUrl } from '../../local/function-url-standin';
import { LambdaInvokeError, type LambdaRuntime } from '../../local/lambda-runtime';
import { send } from '../e2e/helpers/http';
import { signDirect } from '../e2e/helpers/sign';
import { CALLER, HOST, IDENTITY, REGION, URL_ID } from './helpers/function-url-caller';

const ROLE = { accessKeyId: 'ASIATESTROLE00000001', secretAccessKey: 'role-secret-0123456789', sessionToken: 'role-session-token' };

const principals = new Map<string, KnownPrincipal>([
  [CALLER.accessKeyId, { secretAccessKey: CALLER.secretAccessKey, identity: IDENTITY }],
  [
    ROLE.accessKeyId,
    {
      secretAccessKey: ROLE.secretAccessKey,
      sessionToken: ROLE.sessionToken,
      identity: { ...IDENTITY, accessKey: ROLE.accessKeyId, userArn: 'arn:aws:sts::111122223333:assumed-role/r/s' },
    },
  ],
]);

const events: LambdaFunctionURLEvent[] = [];
let reply: (event: LambdaFunctionURLEvent) => unknown = () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
const runtime: LambdaRuntime = {
  async invoke<E, R>(event: E): Promise<R> {
    events.push(event as unknown as LambdaFunctionURLEvent);
    return reply(event as unknown as LambdaFunctionURLEvent) as R;
  },
  async close() {},
};

let fu: RunningFunctionUrl;
const logs: string[] = [];
let clockOffsetMs = 0;

beforeAll(async () => {
  fu = await startFunctionUrl({
    runtime,
    urlId: URL_ID,
    region: REGION,
    principals,
    clock: () => new Date(Date.now() + clockOffsetMs),
    log: (l) => logs.push(l),
  });
});
afterAll(async () => {
  await fu.close();
});
beforeEach(() => {
  events.length = 0;
  logs.length = 0;
  clockOffsetMs = 0;
  reply = () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
});

const signed = (over: Partial<Parameters<typeof signDirect>[0]> = {}) =>
  signDirect({ method: 'GET', path: '/api/hello', query: { name: 'x' }, credentials: CALLER, host: HOST, region: REGION, ...over });

describe('the function URL stand-in', () => {
  it('answers for <urlId>.lambda-url.<region>.on.aws on a loopback port', () => {
    expect(fu.host).toBe(HOST);
    expect(fu.localUrl).toBe(`http://127.0.0.1:${fu.port}`);
  });

  it('runs the function for a correctly signed request, with the payload-2.0 event and the IAM identity', async () => {
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: [...(await signed()), ['Cookie', 'a=1; b=2']] });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e.rawPath).toBe('/api/hello');
    expect(e.queryStringParameters).toEqual({ name: 'x' });
    expect(e.cookies).toEqual(['a=1', 'b=2']);
    expect(e.headers.host).toBe(HOST);
    expect((e.requestContext as unknown as { authorizer: { iam: unknown } }).authorizer.iam).toMatchObject({
      ...IDENTITY,
      cognitoIdentity: null,
      principalOrgId: null,
    });
    expect(e.requestContext.domainName).toBe(HOST);
    expect(logs).toEqual(['200 GET /api/hello?name=x']);
  });

  it('maps the result back: status, headers, one Set-Cookie per cookie, base64 body as bytes', async () => {
    const bytes = Buffer.from([0, 1, 0x80, 0xff]);
    reply = () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/octet-stream', 'x-extra': 'y' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: await signed() });
    expect(res.status).toBe(201);
    expect(res.headers['x-extra']).toBe('y');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
    expect(res.body.equals(bytes)).toBe(true);
    expect(res.headers['content-length']).toBe('4');
  });

  it('a body is hashed, verified and passed on (binary as base64)', async () => {
    const body = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0]);
    const headers = await signed({ method: 'POST', path: '/api/books', query: {}, body, headers: { 'content-type': 'application/octet-stream' } });
    const res = await send(fu.port, { method: 'POST', path: '/api/books', headers, body });
    expect(res.status).toBe(200);
    expect(events[0].isBase64Encoded).toBe(true);
    expect(Buffer.from(events[0].body!, 'base64').equals(body)).toBe(true);
  });

  it('the loopback host 127.0.0.1:<port> is accepted too when the request is signed for it', async () => {
    const local = `127.0.0.1:${fu.port}`;
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: await signed({ host: local }) });
    expect(res.status).toBe(200);
  });

  it.each([
    ['another function URL', `zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz.lambda-url.${REGION}.on.aws`],
    ['localhost', 'localhost'],
    ['the right id in another region', `${URL_ID}.lambda-url.us-east-1.on.aws`],
  ])('a wrong host (%s), even correctly signed for it -> 403 {"Message":"Forbidden"}, the function does not run', async (_label, host) => {
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: await signed({ host }) });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ Message: 'Forbidden' });
    expect(events).toHaveLength(0);
    expect(logs[0]).toMatch(/^403 GET \/api\/hello\?name=x: host /);
  });

  it('an unsigned request -> 403 {"Message":"Forbidden"}', async () => {
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: [['Host', HOST]] });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({ Message: 'Forbidden' });
    expect(events).toHaveLength(0);
  });

  it('a request whose path differs from the signed one -> 403', async () => {
    const res = await send(fu.port, { method: 'GET', path: '/api/me?name=x', headers: await signed() });
    expect(res.status).toBe(403);
  });

  it('credentials with a session token: refused without the token, accepted with it', async () => {
    const withToken = await signed({ credentials: ROLE });
    expect((await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: withToken })).status).toBe(200);
    const withoutToken = await signed({ credentials: { accessKeyId: ROLE.accessKeyId, secretAccessKey: ROLE.secretAccessKey } });
    expect((await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: withoutToken })).status).toBe(403);
  });

  it('checks the clock skew against its own clock (+/- 5 minutes)', async () => {
    const signingDate = new Date(Date.now() - 3600_000); // an hour ago by the real clock
    const headers = await signed({ signingDate });
    clockOffsetMs = -3600_000 + 60_000; // the stand-in's clock: 59 minutes ago -> within skew
    expect((await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers })).status).toBe(200);
    clockOffsetMs = 0; // now: an hour of skew
    expect((await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers })).status).toBe(403);
  });

  it('a payload over 6 MB -> 413 JSON, the function does not run', async () => {
    const body = Buffer.alloc(FUNCTION_URL_PAYLOAD_LIMIT + 1, 0x41);
    const res = await send(fu.port, {
      method: 'POST',
      path: '/api/books',
      headers: [
        ['Host', HOST],
        ['Content-Type', 'application/octet-stream'],
      ],
      body,
    });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({ Message: expect.stringContaining(String(FUNCTION_URL_PAYLOAD_LIMIT)) });
    expect(events).toHaveLength(0);
  });

  it('a payload of exactly 6 MB passes the size check (and, signed, reaches the function)', async () => {
    const body = Buffer.alloc(FUNCTION_URL_PAYLOAD_LIMIT, 0x42);
    const headers = await signed({ method: 'POST', path: '/api/books', query: {}, body, headers: { 'content-type': 'application/octet-stream' } });
    const res = await send(fu.port, { method: 'POST', path: '/api/books', headers, body });
    expect(res.status).toBe(200);
    expect(Buffer.from(events[0].body!, 'base64').length).toBe(FUNCTION_URL_PAYLOAD_LIMIT);
  });

  it.each([
    ['throws', () => Promise.reject(new LambdaInvokeError('TypeError', 'boom'))],
    ['times out', () => Promise.reject(new LambdaInvokeError('Sandbox.Timedout', 'Task timed out after 30 seconds'))],
  ])('a function that %s -> 502 {"Message":"Internal Server Error"} without details', async (_label, fail) => {
    reply = fail;
    const res = await send(fu.port, { method: 'GET', path: '/api/hello?name=x', headers: await signed() });
    expect(res.status).toBe(502);
    expect(res.json()).toEqual({ Message: 'Internal Server Error' });
    expect(res.text).not.toContain('boom');
    expect(logs[0]).toMatch(/^502 GET \/api\/hello\?name=x: /);
  });

  it('closes: the port refuses connections afterwards', async () => {
    const other = await startFunctionUrl({ runtime, urlId: URL_ID, region: REGION, principals });
    await other.close();
    await expect(send(other.port, { method: 'GET', path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
