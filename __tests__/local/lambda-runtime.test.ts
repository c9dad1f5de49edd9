import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LambdaInvokeError, startLambda, type LambdaRuntime } from '../../local/lambda-runtime';

/** Small CommonJS handlers, written to a temp dir and loaded by the runtime's worker. */
const FIXTURES: Record<string, string> = {
  'env.js': `
    let invocations = 0;
    exports.handler = async (event) => {
      invocations++;
      const seen = {
        marker: process.env.MARKER ?? null,
        parentOnly: process.env.SFU_TEST_PARENT_ONLY ?? null,
        changed: process.env.CHANGED_BY_OTHER ?? null,
        keys: Object.keys(process.env).sort(),
        invocations,
      };
      if (event && event.set) process.env[event.set] = 'changed-inside';
      return seen;
    };`,
  'echo.js': `
    exports.handler = async (event, context) => ({
      event,
      functionName: context.functionName,
      awsRequestId: context.awsRequestId,
      memoryLimitInMB: context.memoryLimitInMB,
      invokedFunctionArn: context.invokedFunctionArn,
      remaining: context.getRemainingTimeInMillis(),
    });
    exports.other = async () => 'other export';`,
  'slow.js': `
    exports.handler = (event) => new Promise((resolve) => setTimeout(() => resolve('late'), event.ms));`,
  'throws.js': `
    exports.handler = async (event) => {
      if (event.kind === 'type') throw new TypeError('bad type here');
      if (event.kind === 'string') throw 'a thrown string';
      if (event.kind === 'custom') { const e = new Error('custom'); e.name = 'BooksError'; throw e; }
      return 'fine';
    };`,
  'exits.js': `
    exports.handler = async () => { process.exit(3); };`,
  'logs.js': `
    exports.handler = async () => { console.log('to stdout'); console.error('to stderr'); return 1; };`,
  'no-handler.js': `
    exports.notTheHandler = async () => 1;`,
};

let dir: string;
const started: LambdaRuntime[] = [];

function start(file: string, opts: Partial<Parameters<typeof startLambda>[0]> = {}): LambdaRuntime {
  const rt = startLambda({ file: path.join(dir, file), env: {}, functionName: `fn-${file}`, ...opts });
  started.push(rt);
  return rt;
}

async function invokeError(p: Promise<unknown>): Promise<LambdaInvokeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LambdaInvokeError);
    return e as LambdaInvokeError;
  }
  throw new Error('expected the invoke to fail');
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-runtime-'));
  for (const [name, source] of Object.entries(FIXTURES)) fs.writeFileSync(path.join(dir, name), source);
});

afterAll(async () => {
  await Promise.all(started.map((rt) => rt.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('startLambda: execution environments', () => {
  it('gives each runtime exactly its own environment variables, isolated from the parent and from each other', async () => {
    process.env.SFU_TEST_PARENT_ONLY = 'parent';
    try {
      const a = start('env.js', { env: { MARKER: 'A' } });
      const b = start('env.js', { env: { MARKER: 'B', EXTRA: '1' } });
      const ra = await a.invoke<{ set: string }, { marker: string; parentOnly: string | null; keys: string[] }>({ set: 'CHANGED_BY_OTHER' });
      const rb = await b.invoke<object, { marker: string; parentOnly: string | null; changed: string | null; keys: string[] }>({});
      expect(ra.marker).toBe('A');
      expect(rb.marker).toBe('B');
      expect(ra.parentOnly).toBeNull();
      expect(rb.parentOnly).toBeNull();
      expect(ra.keys).toEqual(['MARKER']);
      expect(rb.keys).toEqual(['EXTRA', 'MARKER']);
      // A changed its own process.env: neither B nor the parent sees it.
      expect(rb.changed).toBeNull();
      expect(process.env.CHANGED_BY_OTHER).toBeUndefined();
      const again = await a.invoke<object, { changed: string }>({});
      expect(again.changed).toBe('changed-inside');
    } finally {
      delete process.env.SFU_TEST_PARENT_ONLY;
    }
  });

  it('keeps module state per runtime across invocations (warm starts), separate between runtimes', async () => {
    const a = start('env.js');
    const b = start('env.js');
    expect((await a.invoke<object, { invocations: number }>({})).invocations).toBe(1);
    expect((await a.invoke<object, { invocations: number }>({})).invocations).toBe(2);
    expect((await b.invoke<object, { invocations: number }>({})).invocations).toBe(1);
  });

  it('passes the event and a Lambda-like context; uses the named export', async () => {
    const rt = start('echo.js', { functionName: 'my-fn', memoryMb: 512, timeoutSeconds: 7 });
    const r = await rt.invoke<object, Record<string, unknown>>({ hello: ['world', 1] });
    expect(r.event).toEqual({ hello: ['world', 1] });
    expect(r.functionName).toBe('my-fn');
    expect(r.memoryLimitInMB).toBe('512');
    expect(r.invokedFunctionArn).toMatch(/:function:my-fn$/);
    expect(r.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.remaining).toBeGreaterThan(5000);
    expect(r.remaining).toBeLessThanOrEqual(7000);
    const other = start('echo.js', { exportName: 'other' });
    await expect(other.invoke({})).resolves.toBe('other export');
  });

  it('runs concurrent invocations and gives each its own result', async () => {
    const rt = start('slow.js');
    const results = await Promise.all([rt.invoke({ ms: 60 }), rt.invoke({ ms: 10 }), rt.invoke({ ms: 30 })]);
    expect(results).toEqual(['late', 'late', 'late']);
  });

  it('forwards the function output to onOutput', async () => {
    const chunks: string[] = [];
    const rt = start('logs.js', { onOutput: (c) => chunks.push(c) });
    await rt.invoke({});
    const deadline = Date.now() + 2000;
    while (!chunks.join('').includes('to stderr') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(chunks.join('')).toContain('to stdout');
    expect(chunks.join('')).toContain('to stderr');
  });
});

describe('startLambda: failures as Lambda reports them', () => {
  it('a handler that outlives the timeout -> LambdaInvokeError Sandbox.Timedout', async () => {
    const rt = start('slow.js', { timeoutSeconds: 0.2 });
    const t0 = Date.now();
    const e = await invokeError(rt.invoke({ ms: 5000 }));
    expect(e.errorType).toBe('Sandbox.Timedout');
    expect(e.message).toBe('Task timed out after 0.2 seconds');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a handler that finishes within the timeout is not affected by it', async () => {
    const rt = start('slow.js', { timeoutSeconds: 1 });
    await expect(rt.invoke({ ms: 20 })).resolves.toBe('late');
  });

  it.each([
    ['type', 'TypeError', 'bad type here'],
    ['custom', 'BooksError', 'custom'],
    ['string', 'Error', 'a thrown string'],
  ])('a handler throwing (%s) -> LambdaInvokeError with its name and message', async (kind, errorType, message) => {
    const rt = start('throws.js');
    const e = await invokeError(rt.invoke({ kind }));
    expect(e.errorType).toBe(errorType);
    expect(e.message).toBe(message);
    expect(e.name).toBe('LambdaInvokeError');
    // The environment survives a function error.
    await expect(rt.invoke({ kind: 'none' })).resolves.toBe('fine');
  });

  it('a handler that exits the process -> Runtime.ExitError, now and for later invokes', async () => {
    const rt = start('exits.js');
    const e = await invokeError(rt.invoke({}));
    expect(e.errorType).toBe('Runtime.ExitError');
    expect(e.message).toContain('code 3');
    expect((await invokeError(rt.invoke({}))).errorType).toBe('Runtime.ExitError');
  });

  it('a bundle without the handler export fails its cold start -> Runtime.ExitError', async () => {
    const rt = start('no-handler.js');
    const e = await invokeError(rt.invoke({}));
    expect(e.errorType).toBe('Runtime.ExitError');
  });

  it('a bundle that does not exist fails its cold start -> Runtime.ExitError', async () => {
    const rt = start('missing.js');
    expect((await invokeError(rt.invoke({}))).errorType).toBe('Runtime.ExitError');
  });
});

describe('startLambda: close()', () => {
  const sleep = (ms: number) => new Promise<string>((r) => setTimeout(() => r('still pending'), ms));

  it('terminates an idle environment; closing twice is harmless', async () => {
    const rt = start('echo.js');
    await rt.invoke({});
    await rt.close();
    await expect(rt.close()).resolves.toBeUndefined();
  });

  it('close() rejects in-flight invokes at once with Runtime.ExitError, not a timeout', async () => {
    const rt = start('slow.js', { timeoutSeconds: 1 });
    const settled = rt.invoke({ ms: 60_000 }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50)); // the invoke is in flight
    await rt.close();
    const outcome = await Promise.race([settled, sleep(300)]);
    try {
      expect(outcome).toBeInstanceOf(LambdaInvokeError);
      expect((outcome as LambdaInvokeError).errorType).not.toBe('Sandbox.Timedout');
    } finally {
      await settled; // let the leaked timer fire so nothing outlives the test
    }
  });
});
