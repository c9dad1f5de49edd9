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
  /** `edge-sigv4` or `oac`: how the API recognises claims set by the edge (identity.ts). Required. */
  signingMode: 'SFU_SIGNING_MODE',
  /** `edge-sigv4`: ARN of the edge function's role; claims are trusted only from its sessions. */
  edgeRoleArn: 'SFU_EDGE_ROLE_ARN',
  /** `oac`: Secrets Manager secret with the claims MAC key (lib/claims-mac.ts). Required in oac mode with the dynamodb store. */
  claimsKeySecretArn: 'SFU_CLAIMS_KEY_SECRET_ARN',
  /** `oac` with the memory store (local runs only): the claims MAC key itself, JSON. */
  claimsKey: 'SFU_CLAIMS_KEY',
} as const;

export const STORE_KINDS = ['dynamodb', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const DEFAULT_SECRET_TTL_SECONDS = 300;

/** Lambda's limit on the total size of a function's environment variables (keys and values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export type CorsSettings = Config['api']['cors'];

export const SIGNING_MODES = ['edge-sigv4', 'oac'] as const;

/** How the API recognises the edge (see identity.ts). */
export type EdgeTrustSettings =
  | { readonly signingMode: 'edge-sigv4'; readonly edgeRoleArn: string }
  | { readonly signingMode: 'oac'; readonly claimsKeySecretArn?: string; readonly claimsKey?: string };

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
  readonly edgeTrust: EdgeTrustSettings;
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

  const edgeTrust = readEdgeTrust(text, store, problems);

  if (problems.length > 0) throw new SettingsError(problems);
  return { basePath, routes, maxBodyBytes, cors, store, tableName, topicArn, secretArn, secretTtlSeconds, logLevel, edgeTrust };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_-]{1,64}$/;

/** The edge-trust variables; pushes a problem for each missing or invalid one. */
function readEdgeTrust(text: (name: string) => string | undefined, store: StoreKind, problems: string[]): EdgeTrustSettings {
  const mode = text(API_ENV.signingMode);
  if (mode === 'edge-sigv4') {
    const edgeRoleArn = text(API_ENV.edgeRoleArn);
    if (edgeRoleArn === undefined) problems.push(`${API_ENV.edgeRoleArn}: required when ${API_ENV.signingMode} is "edge-sigv4" (the edge function's role ARN)`);
    else if (!ROLE_ARN.test(edgeRoleArn)) problems.push(`${API_ENV.edgeRoleArn}: received ${JSON.stringify(edgeRoleArn)}; allowed: an IAM role ARN without a path, such as "arn:aws:iam::123456789012:role/dev-edge-auth"`);
    return { signingMode: mode, edgeRoleArn: edgeRoleArn ?? '' };
  }
  if (mode === 'oac') {
    const claimsKeySecretArn = text(API_ENV.claimsKeySecretArn);
    const claimsKey = text(API_ENV.claimsKey);
    if (claimsKeySecretArn !== undefined && !SECRET_ARN.test(claimsKeySecretArn)) problems.push(`${API_ENV.claimsKeySecretArn}: received ${JSON.stringify(claimsKeySecretArn)}; allowed: a Secrets Manager secret ARN`);
    if (store === 'dynamodb' && claimsKeySecretArn === undefined) problems.push(`${API_ENV.claimsKeySecretArn}: required when ${API_ENV.signingMode} is "oac" (the claims MAC key secret)`);
    if (store === 'memory' && claimsKey === undefined && claimsKeySecretArn === undefined) problems.push(`${API_ENV.claimsKey}: required when ${API_ENV.signingMode} is "oac" and ${API_ENV.store} is "memory" (the claims MAC key, JSON)`);
    if (store === 'dynamodb' && claimsKey !== undefined) problems.push(`${API_ENV.claimsKey}: only for local runs (${API_ENV.store}=memory); deployed functions read ${API_ENV.claimsKeySecretArn}`);
    return { signingMode: mode, claimsKeySecretArn, claimsKey };
  }
  problems.push(`${API_ENV.signingMode}: received ${JSON.stringify(mode)}; allowed: ${SIGNING_MODES.map((m) => `"${m}"`).join(' or ')}`);
  return { signingMode: 'oac' };
}

/** The deployed resources the API uses (Terraform references in the stack). */
export interface ApiResourceRefs {
  readonly tableName: string;
  readonly topicArn: string;
  readonly secretArn: string;
  /** @default 300 */
  readonly secretTtlSeconds?: number;
  /** `edge-sigv4` mode: the edge function's role ARN. */
  readonly edgeRoleArn?: string;
  /** `oac` mode: the claims MAC key secret ARN. */
  readonly claimsKeySecretArn?: string;
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
    ...edgeTrustEnvironment(config.edge.signingMode, refs),
  };
}

/** The edge-trust variables of a signing mode; throws when the mode's reference is missing. */
export function edgeTrustEnvironment(mode: Config['edge']['signingMode'], refs: Pick<ApiResourceRefs, 'edgeRoleArn' | 'claimsKeySecretArn'>): Record<string, string> {
  if (mode === 'edge-sigv4') {
    if (!refs.edgeRoleArn) throw new Error('apiEnvironment: edge-sigv4 mode needs refs.edgeRoleArn');
    return { [API_ENV.signingMode]: mode, [API_ENV.edgeRoleArn]: refs.edgeRoleArn };
  }
  if (!refs.claimsKeySecretArn) throw new Error('apiEnvironment: oac mode needs refs.claimsKeySecretArn');
  return { [API_ENV.signingMode]: mode, [API_ENV.claimsKeySecretArn]: refs.claimsKeySecretArn };
}

/** Bytes Lambda counts against {@link LAMBDA_ENVIRONMENT_LIMIT_BYTES} for these variables. */
export function environmentSize(env: Readonly<Record<string, string>>): number {
  return Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'), 0);
}
