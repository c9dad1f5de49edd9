/**
 * Runs a bundled Lambda handler the way Lambda does, for the local chain: in
 * its own execution environment (a worker thread with its own `process.env`,
 * module state and cold start), one `invoke(event)` at a time per request,
 * with a timeout. The bundle is the same file that ships to AWS.
 */
import * as crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { LOOPBACK_GUARD_SOURCE, describeLoopbackViolation, recordLoopbackViolation, type LoopbackViolation } from './loopback-guard';

export interface LambdaRuntimeOptions {
  /** Absolute path of the bundle (e.g. `.../index.js`). */
  readonly file: string;
  /** Exported handler name. @default "handler" */
  readonly exportName?: string;
  /** The function's environment variables (its whole `process.env`). */
  readonly env: Readonly<Record<string, string>>;
  /** Used for the context's names. */
  readonly functionName: string;
  /** @default 30 */
  readonly timeoutSeconds?: number;
  /** @default 128 */
  readonly memoryMb?: number;
  /** Receives what the function writes to stdout/stderr. @default discarded */
  readonly onOutput?: (chunk: string) => void;
  /**
   * Installs the loopback guard (./loopback-guard.ts) in the execution
   * environment before the bundle is loaded: any connection to a host that
   * is not loopback is refused there, written to `onOutput`, emitted as a
   * process warning and recorded by every guard installed in this process.
   * @default false
   */
  readonly loopbackOnly?: boolean;
  /** Also receives each refused connection (with `loopbackOnly`). */
  readonly onLoopbackViolation?: (violation: LoopbackViolation) => void;
}

/** A function error or timeout, as Lambda reports it to the caller. */
export class LambdaInvokeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'LambdaInvokeError';
  }
}

export interface LambdaRuntime {
  invoke<E, R>(event: E): Promise<R>;
  close(): Promise<void>;
}

// Plain JavaScript: it runs inside the worker, which loads the bundle with require().
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.loopbackGuardSource) {
  const guard = new Function('net', workerData.loopbackGuardSource)(require('node:net'));
  guard.install((violation) => parentPort.postMessage({ loopbackViolation: violation }));
}
const handler = require(workerData.file)[workerData.exportName];
if (typeof handler !== 'function') throw new Error('no handler export "' + workerData.exportName + '" in ' + workerData.file);
parentPort.on('message', async ({ id, event, context }) => {
  const deadline = Date.now() + context.timeoutMs;
  try {
    const result = await handler(event, { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
    parentPort.postMessage({ id, result });
  } catch (e) {
    parentPort.postMessage({ id, error: { type: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  }
});
`;

/** Starts the execution environment (the bundle is loaded now: its cold start). */
export function startLambda(options: LambdaRuntimeOptions): LambdaRuntime {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: options.file,
      exportName: options.exportName ?? 'handler',
      loopbackGuardSource: options.loopbackOnly ? LOOPBACK_GUARD_SOURCE : undefined,
    },
    env: { ...options.env },
    stdout: true,
    stderr: true,
  });
  const sink = options.onOutput ?? (() => undefined);
  worker.stdout.on('data', (c: Buffer) => sink(c.toString('utf8')));
  worker.stderr.on('data', (c: Buffer) => sink(c.toString('utf8')));
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let failure: Error | undefined;
  let closed = false;
  worker.on(
    'message',
    (msg: { id: string; result?: unknown; error?: { type: string; message: string }; loopbackViolation?: Omit<LoopbackViolation, 'where'> }) => {
      if (msg.loopbackViolation) {
        const violation: LoopbackViolation = { ...msg.loopbackViolation, where: options.functionName };
        const line = `loopback guard: ${describeLoopbackViolation(violation)}`;
        sink(`${line}\n`);
        process.emitWarning(line, { code: 'SFU_LOOPBACK_ONLY' });
        recordLoopbackViolation(violation);
        options.onLoopbackViolation?.(violation);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new LambdaInvokeError(msg.error.type, msg.error.message));
      else p.resolve(msg.result);
    },
  );
  const failAll = (e: Error) => {
    failure = e;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new LambdaInvokeError('Runtime.ExitError', e.message));
      pending.delete(id);
    }
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`execution environment exited with code ${code}`)));
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000;
  const memory = options.memoryMb ?? 128;

  return {
    invoke<E, R>(event: E): Promise<R> {
      if (failure) return Promise.reject(new LambdaInvokeError('Runtime.ExitError', failure.message));
      const id = crypto.randomUUID();
      const context = {
        awsRequestId: id,
        functionName: options.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${options.functionName}`,
        memoryLimitInMB: String(memory),
        logGroupName: `/aws/lambda/${options.functionName}`,
        logStreamName: 'local',
        callbackWaitsForEmptyEventLoop: true,
        timeoutMs,
      };
      return new Promise<R>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new LambdaInvokeError('Sandbox.Timedout', `Task timed out after ${timeoutMs / 1000} seconds`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        worker.postMessage({ id, event, context });
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      worker.removeAllListeners('exit');
      failAll(new Error('execution environment was shut down'));
      await worker.terminate();
    },
  };
}
