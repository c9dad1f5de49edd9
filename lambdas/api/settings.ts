/**
 * The API function's runtime settings, read from environment variables.
 *
 * The backend stack sets these variables with {@link apiEnvironment}, from the
 * same validated project Config that the edge uses, so the API re-checks the
 * very route map the edge enforces. The values are validated with the
 * project's own config schemas (config/schema.ts): an invalid variable stops
 * the function at cold start with one message naming every bad variable.
 *
 * Lambda limits all environment variables of a function to 4 KB in total;
 * the route map is the largest value (see {@link environmentSize}).
 */
import { z } from 'zod';
import { configSchema, type Config } from '../../config/schema';
import type { RouteRule } from '../../lib/route-policy';
import { LOG_LEVELS, type AppLogLevel } from '../shared/logger';

/** Names of the environment variables the API reads. */
export const API_ENV = {
  /** Path prefix of every route, e.g. "/api". Optional, default "/api". */
  basePath: 'SFU_API_BASE_PATH',
  /** The route authorization map, JSON (config `routes`). Required. */
  routes: 'SFU_API_ROUTES',
  /** Largest accepted request body in bytes. Optional, default 1048576. */
  maxBodyBytes: 'SFU_API_MAX_BODY_BYTES',
  /** CORS settings, JSON (config `api.cors`). Optional, default CORS off. */
  cors: 'SFU_API_CORS',
  /** `dynamodb` (AWS services) or `memory` (in-process fakes, local runs only). Optional, default `dynamodb`. */
  store: 'SFU_STORE',
  /** DynamoDB table of books (partition key `id`, string). Required when the store is `dynamodb`. */
  tableName: 'SFU_BOOKS_TABLE',
  /** SNS topic that `POST /messages` publishes to. Required when the store is `dynamodb`. */
  topicArn: 'SFU_MESSAGES_TOPIC_ARN',
  /** Secrets Manager secret (JSON `{"greeting": "..."}`) the API reads. Required when the store is `dynamodb`. */
  secretArn: 'SFU_API_SECRET_ARN',
  /** How long the secret value is cached, seconds. Optional, default 300. */
  secretTtlSeconds: 'SFU_API_SECRET_TTL_SECONDS',
  /** DEBUG, INFO, WARN or ERROR. Optional, default INFO. */
  logLevel: 'SFU_LOG_LEVEL',
} as const;

export const STORE_KINDS = ['dynamodb', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const DEFAULT_SECRET_TTL_SECONDS = 300;

/** Lambda's limit on the total size of a function's environment variables (keys and values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export type CorsSettings = Config['api']['cors'];

export interface ApiSettings {
  readonly basePath: string;
  readonly routes: readonly RouteRule[];
  readonly maxBodyBytes: number;
  readonly cors: CorsSettings;
  readonly store: StoreKind;
  /** Set when the store is `dynamodb`. */
  readonly tableName?: string;
  readonly topicArn?: string;
  readonly secretArn?: string;
  readonly secretTtlSeconds: number;
  readonly logLevel: AppLogLevel;
}

/** Thrown at cold start when the environment is invalid; lists every problem. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid API environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

// The project config's own field schemas: one definition of what is valid.
const apiShape = configSchema.shape.api.unwrap().shape;
const corsSchema = apiShape.cors.unwrap();
const routesSchema = configSchema.shape.routes;

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

type Env = Readonly<Record<string, string | undefined>>;

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const at = i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : '';
      return i.code === 'unrecognized_keys' ? `${at}unknown field(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}` : `${at}${i.message}`;
    })
    .join('; ');
}

/**
 * Reads and validates the API settings. Throws {@link SettingsError} listing
 * every invalid variable (name, what was received, what is allowed); never
 * echoes a whole JSON value back.
 */
export function loadApiSettings(env: Env = process.env): ApiSettings {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  function check<T>(name: string, schema: z.ZodType<T>, value: unknown, fallback: T): T {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    problems.push(`${name}: ${describe(r.error.issues)}`);
    return fallback;
  }
  function json(name: string): unknown {
    const raw = text(name);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch (e) {
      problems.push(`${name}: not valid JSON (${(e as Error).message})`);
      return null;
    }
  }
  function integer(name: string): number | undefined {
    const raw = text(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) {
      problems.push(`${name}: received ${JSON.stringify(raw)}; allowed: a whole number`);
      return Number.NaN;
    }
    return Number(raw);
  }

  const basePath = check(API_ENV.basePath, apiShape.basePath, text(API_ENV.basePath), '/api');

  const routesJson = json(API_ENV.routes);
  let routes: RouteRule[] = [];
  if (routesJson === undefined) problems.push(`${API_ENV.routes}: required (the route authorization map as JSON)`);
  else if (routesJson !== null) routes = check(API_ENV.routes, routesSchema, routesJson, []);

  const maxBodyRaw = integer(API_ENV.maxBodyBytes);
  const maxBodyBytes = Number.isNaN(maxBodyRaw) ? 0 : check(API_ENV.maxBodyBytes, apiShape.maxBodyBytes, maxBodyRaw, 0);

  const corsJson = json(API_ENV.cors);
  const cors = check(API_ENV.cors, corsSchema, corsJson === null ? {} : (corsJson ?? {}), corsSchema.parse({}));

  const store = check(
    API_ENV.store,
    z.enum(STORE_KINDS, { error: `received ${JSON.stringify(text(API_ENV.store))}; allowed: ${STORE_KINDS.join(' or ')}` }),
    text(API_ENV.store) ?? 'dynamodb',
    'dynamodb',
  );

  const ttlRaw = integer(API_ENV.secretTtlSeconds);
  const secretTtlSeconds = Number.isNaN(ttlRaw)
    ? 0
    : check(API_ENV.secretTtlSeconds, z.number().int().min(0, { error: 'at least 0' }).max(86_400, { error: 'at most 86400 (one day)' }), ttlRaw ?? DEFAULT_SECRET_TTL_SECONDS, 0);

  const logLevel = check(
    API_ENV.logLevel,
    z.enum(LOG_LEVELS, { error: `received ${JSON.stringify(text(API_ENV.logLevel))}; allowed: ${LOG_LEVELS.join(', ')}` }),
    (text(API_ENV.logLevel) ?? 'INFO').toUpperCase(),
    'INFO',
  );

  const resource = (name: string, pattern: RegExp, what: string): string | undefined => {
    const v = text(name);
    if (v === undefined) {
      if (store === 'dynamodb') problems.push(`${name}: required when ${API_ENV.store} is "dynamodb" (${what})`);
      return undefined;
    }
    if (!pattern.test(v)) problems.push(`${name}: received ${JSON.stringify(v)}; allowed: ${what}`);
    return v;
  };
  const tableName = resource(API_ENV.tableName, TABLE_NAME, 'a DynamoDB table name of 3-255 letters, digits, _ . -');
  const topicArn = resource(API_ENV.topicArn, TOPIC_ARN, 'an SNS topic ARN such as "arn:aws:sns:eu-west-1:123456789012:topic"');
  const secretArn = resource(API_ENV.secretArn, SECRET_ARN, 'a Secrets Manager secret ARN such as "arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf"');

  if (problems.length > 0) throw new SettingsError(problems);
  return { basePath, routes, maxBodyBytes, cors, store, tableName, topicArn, secretArn, secretTtlSeconds, logLevel };
}

/** The deployed resources the API uses (Terraform references in the stack). */
export interface ApiResourceRefs {
  readonly tableName: string;
  readonly topicArn: string;
  readonly secretArn: string;
  /** @default 300 */
  readonly secretTtlSeconds?: number;
}

/**
 * The API function's environment variables for one environment's Config:
 * what the backend stack sets on the function, and what tests load back with
 * {@link loadApiSettings}.
 */
export function apiEnvironment(config: Config, refs: ApiResourceRefs): Record<string, string> {
  return {
    [API_ENV.basePath]: config.api.basePath,
    [API_ENV.routes]: JSON.stringify(config.routes),
    [API_ENV.maxBodyBytes]: String(config.api.maxBodyBytes),
    [API_ENV.cors]: JSON.stringify(config.api.cors),
    [API_ENV.store]: 'dynamodb',
    [API_ENV.tableName]: refs.tableName,
    [API_ENV.topicArn]: refs.topicArn,
    [API_ENV.secretArn]: refs.secretArn,
    [API_ENV.secretTtlSeconds]: String(refs.secretTtlSeconds ?? DEFAULT_SECRET_TTL_SECONDS),
    [API_ENV.logLevel]: config.api.logLevel,
  };
}

/** Bytes Lambda counts against {@link LAMBDA_ENVIRONMENT_LIMIT_BYTES} for these variables. */
export function environmentSize(env: Readonly<Record<string, string>>): number {
  return Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'), 0);
}
