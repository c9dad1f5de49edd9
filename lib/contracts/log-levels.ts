/** The functions' log levels: config `api.logLevel`, the API's and the worker's settings. No zod: every bundle may take it. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
