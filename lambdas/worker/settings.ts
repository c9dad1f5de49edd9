/**
 * The worker's environment: only its log level (`SFU_LOG_LEVEL`, as the API).
 */
import type { Config } from '../../config/schema';
import { LOG_LEVELS, type AppLogLevel } from '../shared/logger';

export const WORKER_ENV = {
  /** DEBUG, INFO, WARN or ERROR. Optional, default INFO. */
  logLevel: 'SFU_LOG_LEVEL',
} as const;

export function workerLogLevel(env: Readonly<Record<string, string | undefined>> = process.env): AppLogLevel {
  const raw = (env[WORKER_ENV.logLevel] ?? '').trim().toUpperCase();
  if (raw === '') return 'INFO';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as AppLogLevel;
  throw new Error(
    `Invalid worker environment: ${WORKER_ENV.logLevel}: received ${JSON.stringify(env[WORKER_ENV.logLevel])}; allowed: ${LOG_LEVELS.join(', ')}`,
  );
}

/** The worker function's environment variables for one environment's Config. */
export function workerEnvironment(config: Config): Record<string, string> {
  return { [WORKER_ENV.logLevel]: config.api.logLevel };
}
