import { Hono } from 'hono';
import { createApp } from '../../../lambdas/api/app';
import type { AppEnv } from '../../../lambdas/api/context';
import { createLambdaHandler, ensureJsonResult } from '../../../lambdas/api/lambda';
import { StaticSecretReader } from '../../../lambdas/api/secrets/secret-reader';
import { functionUrlEvent, lambdaContext } from '../events';
import { createEdgeTrust } from '../../../lambdas/api/dependencies';
import { ADMIN, harness, noSecretsManager, RecordingLogger, type Harness } from './harness';

/** The real handler path for a harness's app, to call with hand-edited events. */
const handlerFor = (h: Harness) =>
  createLambdaHandler(
    createApp({
      settings: h.settings,
      books: h.books,
      messages: h.messages,
      secret: new StaticSecretReader('{"greeting":"Hello"}'),
      edgeTrust: createEdgeTrust(h.settings, noSecretsManager),
      logger: h.logger,
    }),
    h.logger,
  );

describe('createLambdaHandler()', () => {
  it('answers a body flagged base64 that is not base64 with a JSON 400', async () => {
    const h = harness();
    const event = functionUrlEvent({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: ADMIN });
    const r = await handlerFor(h)({ ...event, body: '***not base64***', isBase64Encoded: true }, lambdaContext('req-b64'));
    expect(r.statusCode).toBe(400);
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': 'req-b64' });
    expect(JSON.parse(r.body ?? '')).toEqual({ error: { code: 'invalid_json', message: 'The request body is flagged base64 but is not valid base64.' } });
    expect((await h.books.list({ limit: 10 })).items).toEqual([]);
  });

  it('answers a GET that carries a body with a JSON 400 (the adapter cannot build such a request)', async () => {
    const r = await harness().invoke({ method: 'GET', path: '/api/hello', query: { name: 'x' }, body: { a: 1 } });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json.error).toEqual({ code: 'validation_failed', message: '(body): a GET request cannot carry a body.' });
  });

  it('answers a JSON 500 when the app itself throws outside its error handler, and logs it', async () => {
    const app = new Hono<AppEnv>();
    app.get('*', () => {
      throw new Error('boom');
    });
    app.onError((err) => {
      throw err;
    });
    const logger = new RecordingLogger();
    const r = await createLambdaHandler(app, logger)(functionUrlEvent({ path: '/x' }), lambdaContext('req-boom'));
    expect(r.statusCode).toBe(500);
    expect(JSON.parse(r.body ?? '')).toEqual({ error: { code: 'internal_error', message: 'The request could not be completed (request id req-boom).' } });
    expect(logger.lines[0]).toMatchObject({ level: 'error', attributes: { requestId: 'req-boom' } });
  });

  it('returns a payload-2.0 result: statusCode, headers, body, isBase64Encoded', async () => {
    const r = (await harness().invoke({ path: '/api/hello', query: { name: 'Ada' } })).raw;
    expect(Object.keys(r).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
    expect(r.isBase64Encoded).toBe(false);
  });

  it('falls back to the event request id when there is no Lambda context', async () => {
    const r = await handlerFor(harness())(functionUrlEvent({ path: '/api/hello', query: { name: 'A' }, requestId: 'evt-1' }));
    expect(r.headers?.['x-request-id']).toBe('evt-1');
  });
});

describe('ensureJsonResult()', () => {
  it('leaves JSON results alone (adding no-store if missing)', () => {
    expect(ensureJsonResult({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }, 'r')).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{}',
    });
  });

  it('leaves a bodiless 204 (CORS preflight) alone', () => {
    const r = { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    expect(ensureJsonResult(r, 'r')).toBe(r);
  });

  it.each([
    [400, 'validation_failed'],
    [404, 'not_found'],
    [500, 'internal_error'],
    [200, 'internal_error'],
  ])('wraps a non-JSON %s into the error envelope (%s)', (statusCode, code) => {
    const r = ensureJsonResult({ statusCode, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }, 'req-1');
    expect(r.statusCode).toBe(statusCode >= 400 ? statusCode : 500);
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(JSON.parse(r.body ?? '').error.code).toBe(code);
  });
});
