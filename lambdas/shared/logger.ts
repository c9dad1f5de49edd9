/**
 * Structured JSON logging for the API and the worker.
 *
 * The application code depends only on {@link AppLogger}, so tests pass a
 * recording fake; the Lambda entry points pass a Powertools Logger, which
 * writes one JSON object per line with the Lambda request id once
 * `addContext()` has been called for the invocation.
 *
 * Never pass headers, tokens or the claims header to a logger: callers log
 * chosen fields only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { LOG_LEVELS } from '../../lib/contracts/log-levels';

export type LogAttributes = Record<string, unknown>;

/** The subset of a logger the application uses. Powertools' Logger satisfies it. */
export interface AppLogger {
  debug(message: string, ...attributes: LogAttributes[]): void;
  info(message: string, ...attributes: LogAttributes[]): void;
  warn(message: string, ...attributes: LogAttributes[]): void;
  error(message: string, ...attributes: LogAttributes[]): void;
}

// One list of levels for the config and every function (lib/contracts/log-levels.ts).
export { LOG_LEVELS };
export type AppLogLevel = (typeof LOG_LEVELS)[number];

/** A Powertools Logger for one function (`serviceName` appears on every line). */
export function createLogger(serviceName: string, logLevel: AppLogLevel): Logger {
  return new Logger({ serviceName, logLevel });
}
