/**
 * createLambdaHandler's thinner path (a light Request, the result built from
 * the recorded JSON text) must give exactly the result the adapter path
 * gives: hono/aws-lambda's handle() on the same app, with the same checks
 * around it as before. Generated events cover the methods, odd paths (dot
 * segments, escapes, case), queries, claims, IAM, origins, and the header
 * values the light path leaves to the adapter.
 */
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import fc from 'fast-check';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../../../lambdas/api/app';
import { MemoryBookRepository } from '../../../lambdas/api/books/memory-repository';
import { createLambdaHandler, ensureJsonResult, type FunctionUrlResult } from '../../../lambdas/api/lambda';
import { lightRequest } from '../../../lambdas/api/light-request';
import { MemoryMessagePublisher } from '../../../lambdas/api/messages/publisher';
import { StaticSecretReader } from '../../../lambdas/api/secrets/secret-reader';
import { functionUrlEvent, lambdaContext, type EventOptions } from '../events';
import { devSettings, FIXED_NOW, RecordingLogger, sampleBook } from './harness';

function app() {
  let id = 0;
  const logger = new RecordingLogger();
  const a = createApp({
    settings: devSettings(),
    books: new MemoryBookRepository([sampleBook('book-1')]),
    messages: new MemoryMessagePublisher(),
    secret: new StaticSecretReader('{"greeting":"Hello"}'),
    logger,
    now: () => FIXED_NOW,
    newId: () => `book-${++id + 100}`,
  });
  return { app: a, logger };
}

/** The path every event took before: hono/aws-lambda's handle(), then the JSON envelope. */
async function viaAdapter(event: LambdaFunctionURLEvent, context: Context): Promise<FunctionUrlResult> {
  const { app: a } = app();
  const result = (await handle(a)(event as never, context as never)) as FunctionUrlResult;
  return ensureJsonResult(result, context.awsRequestId);
}

async function viaHandler(event: LambdaFunctionURLEvent, context: Context): Promise<FunctionUrlResult> {
  const { app: a, logger } = app();
  return createLambdaHandler(a, logger)(event, context);
}

const ROLE = { groups: ['admins'] };
const eventOptions: fc.Arbitrary<EventOptions & { cookies?: string[] }> = fc.record(
  {
    method: fc.constantFrom('GET', 'GET', 'DELETE', 'OPTIONS', 'HEAD', 'PUT'),
    path: fc.constantFrom(
      '/api/hello',
      '/api/hello/',
      '/api/books',
      '/api/books/book-1',
      '/api/books/nope',
      '/api/me',
      '/api/messages',
      '/api/nope',
      '/api',
      '/other',
      '/api/hello/../me',
      '/api/%68ello',
      '/API/hello',
      '/api//hello',
      '/api/books/book-1/./',
    ),
    query: fc.oneof(
      fc.constant(undefined),
      fc.record({ name: fc.oneof(fc.constantFrom('x', ' Ada ', 'é', '', 'a+b', '%', 'x'.repeat(101)), fc.string({ maxLength: 8 })) }),
      fc.constantFrom('name=a%20b', 'name=%E2%82%AC&name=2', 'limit=1', 'limit=abc&cursor=zz', 'name', '=&&'),
    ),
    headers: fc.dictionary(
      fc.constantFrom('origin', 'accept', 'user-agent', 'x-custom', 'Origin', 'access-control-request-method', 'access-control-request-headers'),
      fc.constantFrom('http://localhost:5173', 'https://evil.example', 'application/json', ' padded ', 'tab\tinside', 'é', 'POST', 'content-type', ''),
      { maxKeys: 3 },
    ),
    claims: fc.option(fc.oneof(fc.constant(ROLE), fc.constant({ groups: ['readers'] }), fc.constant({ groups: [] as string[] }), fc.constant('not-base64!'), fc.constant({ exp: 1 })), { nil: undefined }),
    iam: fc.boolean(),
    cookies: fc.option(fc.constant(['a=1', 'b=2']), { nil: undefined }),
  },
  { requiredKeys: ['method', 'path', 'iam'] },
);

describe('createLambdaHandler fast path', () => {
  it('gives the adapter path result for generated events (a good share of them on the light path)', async () => {
    let light = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(eventOptions, async (o) => {
        const { cookies, ...rest } = o;
        const event = functionUrlEvent(rest);
        if (cookies) event.cookies = cookies;
        runs++;
        if (lightRequest(event)) light++;
        const context = lambdaContext('req-fast');
        expect(await viaHandler(event, context)).toEqual(await viaAdapter(event, context));
      }),
      { numRuns: 400 },
    );
    expect(light).toBeGreaterThan(runs / 5); // the generator includes many values left to the adapter
  });

  it('gives the adapter path result for requests with bodies (they take the adapter path)', async () => {
    const event = functionUrlEvent({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A', year: 2000 }, claims: ROLE });
    expect(lightRequest(event)).toBeUndefined();
    const context = lambdaContext('req-post');
    expect(await viaHandler(event, context)).toEqual(await viaAdapter(event, context));
  });

  it('answers what the adapter answers when the URL cannot be parsed', async () => {
    const event = functionUrlEvent({ path: '/api/hello', query: { name: 'x' } });
    (event.requestContext as { domainName: string }).domainName = 'bad host';
    expect(lightRequest(event)).toBeUndefined();
    const context = lambdaContext('req-bad');
    expect(await viaHandler(event, context)).toEqual(await viaAdapter(event, context));
  });
});

describe('lightRequest', () => {
  it('has the URL, method and headers the real Request would have; the rest builds it', async () => {
    const event = functionUrlEvent({ path: '/api/hello/../me', query: 'a=%20b&c', headers: { accept: ' application/json\t', 'x-empty': '' } });
    const req = lightRequest(event) as Request;
    const real = new Request(`https://${event.requestContext.domainName}${event.rawPath}?${event.rawQueryString}`, { headers: Object.entries(event.headers).filter(([, v]) => v) as [string, string][], method: 'GET' });
    expect(req.url).toBe(real.url);
    expect(req.method).toBe('GET');
    expect(req.headers.get('Accept')).toBe(real.headers.get('accept'));
    expect(req.headers.get('x-empty')).toBe(real.headers.get('x-empty'));
    expect(req.headers.has('nope')).toBe(false);
    expect(req instanceof Request).toBe(true);
    expect(req.headers instanceof Headers).toBe(true);
    expect([...req.headers]).toEqual([...real.headers]); // builds the real one
    expect(req.bodyUsed).toBe(false);
    expect(await req.text()).toBe('');
    expect(req.clone().url).toBe(real.url);
  });

  it.each([
    ['a body', { method: 'POST', path: '/api/books', body: { a: 1 } }],
    ['a non-ASCII header value', { path: '/api/hello', headers: { 'x-name': 'é' } }],
    ['an upper-case header name', { path: '/api/hello', headers: { 'X-Name': 'a' } }],
  ])('leaves an event with %s to the adapter', (_what, o) => {
    const event = functionUrlEvent(o as EventOptions);
    if ((o as { headers?: Record<string, string> }).headers?.['X-Name']) (event.headers as Record<string, string>)['X-Name'] = 'a';
    expect(lightRequest(event)).toBeUndefined();
  });

  it('leaves an event with cookies to the adapter', () => {
    const event = functionUrlEvent({ path: '/api/hello' });
    event.cookies = ['a=1'];
    expect(lightRequest(event)).toBeUndefined();
  });
});
