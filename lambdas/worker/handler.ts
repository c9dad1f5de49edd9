/**
 * Lambda entry point of the worker function (SNS subscription).
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { createLogger } from '../shared/logger';
import { processRecords } from './process';
import { workerLogLevel } from './settings';

export const WORKER_SERVICE_NAME = 'sfu-worker';

const logger = createLogger(WORKER_SERVICE_NAME, workerLogLevel(process.env));

export const handler = async (event: SNSEvent, context?: Context): Promise<{ processed: number }> => {
  if (context) logger.addContext(context);
  return processRecords(event, logger);
};
