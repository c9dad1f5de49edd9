/**
 * The API wired for tests: the real app behind the real Lambda handler path
 * (createLambdaHandler -> hono/aws-lambda handle()), the dev config's route
 * map and CORS settings, in-memory services, a fixed clock, sequential ids
 * and a logger that records every line.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../../config/load';
import type { Config } from '../../../config/schema';
import { createApp, type AppDependencies } from '../../../lambdas/api/app';
import type { Book } from '../../../lambdas/api/books/model';
import { MemoryBookRepository } from '../../../lambdas/api/books/memory-repository';
import type { BookRepository } from '../../../lambdas/api/books/repository';
import { createLambdaHandler, type FunctionUrlResult } from '../../../lambdas/api/lambda';
import { MemoryMessagePublisher, type MessagePublisher } from '../../../lambdas/api/messages/publisher';
import { StaticSecretReader, type SecretReader } from '../../../lambdas/api/secrets/secret-reader';
import { loadApiSettings, type ApiSettings } from '../../../lambdas/api/settings';
import { apiEnvironment } from '../../../lib/contracts/api-environment';
import type { AppLogger, LogAttributes } from '../../../lambdas/shared/logger';
import { createEdgeTrust } from '../../../lambdas/api/dependencies';
import { EDGE_ROLE_ARN, functionUrlEvent, lambdaContext, type EventOptions } from '../events';

/** Tests never reach Secrets Manager. */
export const noSecretsManager = (): never => {
  throw new Error('tests do not call Secrets Manager');
};

export const devConfig: Config = loadConfig('dev');

export const TEST_REFS = {
  tableName: 'sfu-dev-books',
  topicArn: 'arn:aws:sns:eu-west-1:111122223333:sfu-dev-messages',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:sfu-dev-api-AbCdEf',
  edgeRoleArn: EDGE_ROLE_ARN,
};

/** The dev settings, as the deployed function reads them from its environment. */
export function devSettings(overrides: Partial<ApiSettings> = {}): ApiSettings {
  return { ...loadApiSettings(apiEnvironment(devConfig, TEST_REFS)), ...overrides };
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: LogAttributes;
}

export class RecordingLogger implements AppLogger {
  readonly lines: LogLine[] = [];
  readonly contexts: Context[] = [];
  debug(message: string, ...attributes: LogAttributes[]): void {
    this.lines.push({ level: 'debug', message, attributes: Object.assign({}, ...attributes) });
  }
  info(message: string, ...attributes: LogAttributes[]): void {
    this.lines.push({ level: 'info', message, attributes: Object.assign({}, ...attributes) });
  }
  warn(message: string, ...attributes: LogAttributes[]): void {
    this.lines.push({ level: 'warn', message, attributes: Object.assign({}, ...attributes) });
  }
  error(message: string, ...attributes: LogAttributes[]): void {
    this.lines.push({ level: 'error', message, attributes: Object.assign({}, ...attributes) });
  }
  addContext(context: Context): void {
    this.contexts.push(context);
  }
}

export interface Harness {
  readonly invoke: (o: EventOptions, context?: Context) => Promise<Reply>;
  readonly books: BookRepository;
  readonly messages: MemoryMessagePublisher;
  readonly logger: RecordingLogger;
  readonly settings: ApiSettings;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Parsed JSON body (undefined for an empty body). */
  readonly json: any;
  readonly raw: FunctionUrlResult;
}

export const FIXED_NOW = new Date('2030-01-01T12:00:00.000Z');

export const ADMIN = { groups: ['admins'] };
export const EDITOR = { groups: ['editors'] };
export const READER = { groups: ['readers'] };

export function harness(
  options: {
    settings?: Partial<ApiSettings>;
    books?: BookRepository;
    initialBooks?: readonly Book[];
    messages?: MessagePublisher;
    secret?: SecretReader;
    now?: () => Date;
  } = {},
): Harness {
  const logger = new RecordingLogger();
  const messages = new MemoryMessagePublisher();
  const books = options.books ?? new MemoryBookRepository(options.initialBooks);
  const settings = devSettings(options.settings);
  let id = 0;
  const deps: AppDependencies = {
    settings,
    books,
    messages: options.messages ?? messages,
    secret: options.secret ?? new StaticSecretReader('{"greeting":"Hello"}'),
    edgeTrust: createEdgeTrust(settings, noSecretsManager),
    logger,
    now: options.now ?? (() => FIXED_NOW),
    newId: () => `book-${++id}`,
  };
  const handler = createLambdaHandler(createApp(deps), logger);
  const invoke = async (o: EventOptions, context: Context = lambdaContext()): Promise<Reply> => {
    const raw = await handler(functionUrlEvent(o), context);
    const body = raw.body ?? '';
    return { status: raw.statusCode, headers: raw.headers ?? {}, body, json: body ? JSON.parse(body) : undefined, raw };
  };
  return { invoke, books, messages, logger, settings };
}

export function sampleBook(id: string, overrides: Partial<Book> = {}): Book {
  return {
    id,
    title: 'The Analytical Engine',
    author: 'Ada Lovelace',
    year: 1843,
    createdAt: '2029-12-31T00:00:00.000Z',
    updatedAt: '2029-12-31T00:00:00.000Z',
    ...overrides,
  };
}
