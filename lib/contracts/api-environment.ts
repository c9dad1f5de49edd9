/**
 * The API function's environment contract: the `SFU_*` variable names and
 * the encoder that writes them from the project config and the deployed
 * resources. A leaf (no zod, no config schema) that the backend stack, the
 * local chain and the bench import, and that the API's settings reader
 * (lambdas/api/settings.ts) reads back.
 *
 * Lambda limits all environment variables of a function to 4 KB in total;
 * the route map is the largest value (see {@link environmentSize}).
 */
import type { CorsSettings } from './api-settings';
import type { RouteRule } from './route-map';
import type { SigningMode } from './signing-mode';

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

export const DEFAULT_SECRET_TTL_SECONDS = 300;

/** Lambda's limit on the total size of a function's environment variables (keys and values). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** What the encoder reads from the project config (a `Config` fits). */
export interface ApiConfigInput {
  readonly api: { readonly basePath: string; readonly maxBodyBytes: number; readonly cors: CorsSettings; readonly logLevel: string };
  readonly routes: readonly RouteRule[];
  readonly edge: { readonly signingMode: SigningMode };
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
 * what the backend stack sets on the function, and what the API's
 * `loadApiSettings` reads back.
 */
export function apiEnvironment(config: ApiConfigInput, refs: ApiResourceRefs): Record<string, string> {
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
export function edgeTrustEnvironment(mode: SigningMode, refs: Pick<ApiResourceRefs, 'edgeRoleArn' | 'claimsKeySecretArn'>): Record<string, string> {
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
