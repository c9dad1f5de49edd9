/**
 * The API function's runtime settings, read from environment variables.
 *
 * The backend stack sets these variables with `apiEnvironment`
 * (lib/contracts/api-environment.ts), from the same validated project Config
 * that the edge uses, so the API re-checks the very route map the edge
 * enforces. The values are validated with the same schemas as the config
 * (lib/contracts/): an invalid variable stops the function at cold start with
 * one message naming every bad variable. This module does not import the IaC
 * config schema: the API bundle stays free of it.
 *
 * Lambda limits all environment variables of a function to 4 KB in total;
 * the route map is the largest value (see {@link environmentSize}).
 */
import * as z from 'zod';
import { apiBasePathSchema, corsSchema, maxBodyBytesSchema, type CorsSettings } from '../../lib/contracts/api-settings';
import { API_ENV, DEFAULT_SECRET_TTL_SECONDS } from '../../lib/contracts/api-environment';
import { routesSchema, type RouteRule } from '../../lib/contracts/route-map';
import { SIGNING_MODES } from '../../lib/contracts/signing-mode';
import { LOG_LEVELS, type AppLogLevel } from '../shared/logger';

export { API_ENV, DEFAULT_SECRET_TTL_SECONDS };
export type { CorsSettings };

export const STORE_KINDS = ['dynamodb', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

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

// The config's own field schemas (lib/contracts): one definition of what is valid.
const apiShape = { basePath: apiBasePathSchema.default('/api'), maxBodyBytes: maxBodyBytesSchema.default(1024 * 1024) };

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
    : check(
        API_ENV.secretTtlSeconds,
        z.number().int().min(0, { error: 'at least 0' }).max(86_400, { error: 'at most 86400 (one day)' }),
        ttlRaw ?? DEFAULT_SECRET_TTL_SECONDS,
        0,
      );

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
  const secretArn = resource(
    API_ENV.secretArn,
    SECRET_ARN,
    'a Secrets Manager secret ARN such as "arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbCdEf"',
  );

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
    else if (!ROLE_ARN.test(edgeRoleArn))
      problems.push(
        `${API_ENV.edgeRoleArn}: received ${JSON.stringify(edgeRoleArn)}; allowed: an IAM role ARN without a path, such as "arn:aws:iam::123456789012:role/dev-edge-auth"`,
      );
    return { signingMode: mode, edgeRoleArn: edgeRoleArn ?? '' };
  }
  if (mode === 'oac') {
    const claimsKeySecretArn = text(API_ENV.claimsKeySecretArn);
    const claimsKey = text(API_ENV.claimsKey);
    if (claimsKeySecretArn !== undefined && !SECRET_ARN.test(claimsKeySecretArn))
      problems.push(`${API_ENV.claimsKeySecretArn}: received ${JSON.stringify(claimsKeySecretArn)}; allowed: a Secrets Manager secret ARN`);
    if (store === 'dynamodb' && claimsKeySecretArn === undefined)
      problems.push(`${API_ENV.claimsKeySecretArn}: required when ${API_ENV.signingMode} is "oac" (the claims MAC key secret)`);
    if (store === 'memory' && claimsKey === undefined && claimsKeySecretArn === undefined)
      problems.push(`${API_ENV.claimsKey}: required when ${API_ENV.signingMode} is "oac" and ${API_ENV.store} is "memory" (the claims MAC key, JSON)`);
    if (store === 'dynamodb' && claimsKey !== undefined)
      problems.push(`${API_ENV.claimsKey}: only for local runs (${API_ENV.store}=memory); deployed functions read ${API_ENV.claimsKeySecretArn}`);
    return { signingMode: mode, claimsKeySecretArn, claimsKey };
  }
  problems.push(`${API_ENV.signingMode}: received ${JSON.stringify(mode)}; allowed: ${SIGNING_MODES.map((m) => `"${m}"`).join(' or ')}`);
  return { signingMode: 'oac' };
}
