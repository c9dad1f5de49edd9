import type { Context, SNSEvent } from 'aws-lambda';
import { loadConfig } from '../../../config/load';
import { workerEnvironment, workerLogLevel, WORKER_ENV } from '../../../lambdas/worker/settings';
import { lambdaContext } from '../events';
import { snsEvent, snsRecord, validMessage } from './sns-events';

type WorkerHandler = (event: SNSEvent, context?: Context) => Promise<{ processed: number }>;

function loadWorker(): WorkerHandler {
  let handler: WorkerHandler | undefined;
  jest.isolateModules(() => {
    handler = (require('../../../lambdas/worker/handler') as { handler: WorkerHandler }).handler;
  });
  return handler as WorkerHandler;
}

function silenced<T>(fn: () => Promise<T>): Promise<T> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return fn().finally(() => {
    out.mockRestore();
    err.mockRestore();
  });
}

describe('lambdas/worker/handler.ts', () => {
  const handler = loadWorker();

  it('processes a valid SNS event', async () => {
    expect(await silenced(() => handler(snsEvent(snsRecord(validMessage)), lambdaContext('req-w', 'sfu-dev-worker')))).toEqual({ processed: 1 });
  });

  it('rejects a malformed one (the invocation fails)', async () => {
    await expect(silenced(() => handler(snsEvent(snsRecord('not json')), lambdaContext()))).rejects.toThrow('Malformed SNS message');
  });
});

describe('worker settings', () => {
  it('takes its log level from the config', () => {
    expect(workerEnvironment(loadConfig('prod'))).toEqual({ [WORKER_ENV.logLevel]: 'INFO' });
    expect(workerLogLevel(workerEnvironment(loadConfig('dev')))).toBe('DEBUG');
  });

  it('defaults to INFO and refuses an unknown level', () => {
    expect(workerLogLevel({})).toBe('INFO');
    expect(() => workerLogLevel({ SFU_LOG_LEVEL: 'LOUD' })).toThrow('SFU_LOG_LEVEL: received "LOUD"; allowed: DEBUG, INFO, WARN, ERROR');
  });
});
