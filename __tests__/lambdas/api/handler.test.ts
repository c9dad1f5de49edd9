/**
 * The deployed entry point, loaded as Lambda loads it: module initialisation
 * reads the environment, then `handler` serves payload-2.0 events. Logs are
 * the Powertools Logger's JSON lines on stdout/stderr.
 */
import type { FunctionUrlHandler } from '../../../lambdas/api/lambda';
import { API_ENV, apiEnvironment } from '../../../lib/contracts/api-environment';
import { functionUrlEvent, lambdaContext } from '../events';
import { devConfig, TEST_REFS } from './harness';

function loadHandler(env: Record<string, string>): FunctionUrlHandler {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let handler: FunctionUrlHandler | undefined;
    jest.isolateModules(() => {
      handler = (require('../../../lambdas/api/handler') as { handler: FunctionUrlHandler }).handler;
    });
    return handler as FunctionUrlHandler;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

function captureOutput(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const chunks: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim().startsWith('{'))
        .map((l) => JSON.parse(l)),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

const memoryEnv = { ...apiEnvironment(devConfig, TEST_REFS), [API_ENV.store]: 'memory', [API_ENV.logLevel]: 'INFO' };

describe('lambdas/api/handler.ts', () => {
  // One execution environment for the tests below, as Lambda keeps one warm.
  let handler: FunctionUrlHandler;
  beforeAll(() => {
    handler = loadHandler(memoryEnv);
  });

  it('serves payload-2.0 events with the in-memory store', async () => {
    const output = captureOutput();
    try {
      const r = await handler(functionUrlEvent({ path: '/api/hello', query: { name: 'Ada' } }), lambdaContext('req-handler'));
      expect(r.statusCode).toBe(200);
      expect(JSON.parse(r.body ?? '')).toEqual({ message: 'Hello, Ada!' });
      expect(r.headers?.['cache-control']).toBe('no-store');
    } finally {
      output.restore();
    }
  });

  it('logs structured JSON with the service name and the Lambda request id, and no claims or tokens', async () => {
    const output = captureOutput();
    let lines: Record<string, unknown>[];
    try {
      await handler(
        functionUrlEvent({ path: '/api/me', claims: { groups: ['admins'] }, headers: { authorization: 'Bearer eyJ.secret.token' } }),
        lambdaContext('req-json-log'),
      );
      lines = output.lines();
    } finally {
      output.restore();
    }
    const request = lines.find((l) => l.message === 'request');
    expect(request).toMatchObject({ level: 'INFO', service: 'sfu-api', function_request_id: 'req-json-log', requestId: 'req-json-log', status: 200 });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/eyJ|secret\.token|x-sfu-verified-claims/);
  });

  it('keeps state across invocations of one execution environment (clients and store built once)', async () => {
    const output = captureOutput();
    try {
      const created = await handler(
        functionUrlEvent({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: { groups: ['editors'] } }),
        lambdaContext(),
      );
      expect(created.statusCode).toBe(201);
      const location = created.headers?.location as string;
      expect((await handler(functionUrlEvent({ path: location, claims: { groups: ['readers'] } }), lambdaContext())).statusCode).toBe(200);
    } finally {
      output.restore();
    }
  });

  it('fails the cold start with every bad variable named when the environment is invalid', () => {
    expect(() => loadHandler({ [API_ENV.routes]: 'nope', [API_ENV.store]: 'memory' })).toThrow(/SFU_API_ROUTES: not valid JSON/);
  });
});
