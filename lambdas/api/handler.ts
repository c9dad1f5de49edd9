/**
 * Lambda entry point of the API function (function URL, AWS_IAM, payload 2.0).
 *
 * Everything is built once per execution environment, at module load:
 * settings (an invalid environment fails the cold start with a message naming
 * each bad variable), the logger, AWS clients and the Hono app.
 */
import { createLogger } from '../shared/logger';
import { createApp } from './app';
import { createServiceDependencies } from './dependencies';
import { createLambdaHandler } from './lambda';
import { loadApiSettings } from './settings';

export const API_SERVICE_NAME = 'sfu-api';

const settings = loadApiSettings(process.env);
const logger = createLogger(API_SERVICE_NAME, settings.logLevel);
const app = createApp({ settings, logger, ...createServiceDependencies(settings) });

export const handler = createLambdaHandler(app, logger);
