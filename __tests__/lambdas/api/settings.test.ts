import { loadConfig } from '../../../config/load';
import { loadApiSettings, SettingsError } from '../../../lambdas/api/settings';
import { API_ENV, apiEnvironment, DEFAULT_SECRET_TTL_SECONDS, environmentSize, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../../lib/contracts/api-environment';
import { devConfig, TEST_REFS } from './harness';

const devEnv = () => apiEnvironment(devConfig, TEST_REFS);
const oacConfig = { ...devConfig, edge: { ...devConfig.edge, signingMode: 'oac' as const } };
const OAC_REFS = {
  ...TEST_REFS,
  edgeRoleArn: undefined,
  claimsKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:dev/secure-function-url/claims-key-AbCdEf',
};
/** The edge-trust variables every environment needs (edge-sigv4 mode). */
const TRUST = { [API_ENV.signingMode]: 'edge-sigv4', [API_ENV.edgeRoleArn]: TEST_REFS.edgeRoleArn };

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadApiSettings(env);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('apiEnvironment() and loadApiSettings()', () => {
  it('round-trips the dev config: the function reads back the same route map, CORS, limits and resources', () => {
    const s = loadApiSettings(devEnv());
    expect(s.basePath).toBe('/api');
    expect(s.routes).toEqual(devConfig.routes);
    expect(s.cors).toEqual(devConfig.api.cors);
    expect(s.maxBodyBytes).toBe(devConfig.api.maxBodyBytes);
    expect(s.logLevel).toBe('DEBUG');
    const { edgeRoleArn, ...resources } = TEST_REFS;
    expect(s).toMatchObject({ store: 'dynamodb', ...resources, secretTtlSeconds: DEFAULT_SECRET_TTL_SECONDS });
    expect(s.edgeTrust).toEqual({ signingMode: 'edge-sigv4', edgeRoleArn });
  });

  it('uses exactly the documented variable names (each mode its own trust variable; the key itself only locally)', () => {
    const oacEnv = apiEnvironment(oacConfig, OAC_REFS);
    const used = new Set([...Object.keys(devEnv()), ...Object.keys(oacEnv), API_ENV.claimsKey]);
    expect([...used].sort()).toEqual(Object.values(API_ENV).sort());
    expect([...used].every((k) => k.startsWith('SFU_'))).toBe(true);
    expect(devEnv()).not.toHaveProperty(API_ENV.claimsKeySecretArn);
    expect(oacEnv).not.toHaveProperty(API_ENV.edgeRoleArn);
  });

  it('round-trips the oac trust: the claims key secret', () => {
    expect(loadApiSettings(apiEnvironment(oacConfig, OAC_REFS)).edgeTrust).toEqual({
      signingMode: 'oac',
      claimsKeySecretArn: OAC_REFS.claimsKeySecretArn,
      claimsKey: undefined,
    });
  });

  it('refuses to build an environment without the reference its mode needs', () => {
    expect(() => apiEnvironment(devConfig, { ...TEST_REFS, edgeRoleArn: undefined })).toThrow('edge-sigv4 mode needs refs.edgeRoleArn');
    expect(() => apiEnvironment(oacConfig, TEST_REFS)).toThrow('oac mode needs refs.claimsKeySecretArn');
  });

  it('lists every edge-trust problem: no mode, a role ARN with a path, the key itself in a deployed function', () => {
    expect(problemsOf({ ...devEnv(), [API_ENV.signingMode]: undefined })).toContain('SFU_SIGNING_MODE: received undefined; allowed: "edge-sigv4" or "oac"');
    expect(problemsOf({ ...devEnv(), [API_ENV.edgeRoleArn]: 'arn:aws:iam::111122223333:role/edge/dev-edge-auth' })).toContain(
      'SFU_EDGE_ROLE_ARN: received "arn:aws:iam::111122223333:role/edge/dev-edge-auth"; allowed: an IAM role ARN without a path',
    );
    expect(problemsOf({ ...devEnv(), [API_ENV.edgeRoleArn]: undefined })).toContain('SFU_EDGE_ROLE_ARN: required when SFU_SIGNING_MODE is "edge-sigv4"');
    const oac = problemsOf({ ...apiEnvironment(oacConfig, OAC_REFS), [API_ENV.claimsKeySecretArn]: undefined, [API_ENV.claimsKey]: '{"version":1}' });
    expect(oac).toContain('SFU_CLAIMS_KEY_SECRET_ARN: required when SFU_SIGNING_MODE is "oac"');
    expect(oac).toContain('SFU_CLAIMS_KEY: only for local runs');
  });

  it.each(['dev', 'prod'])('keeps the %s environment under the 4 KB Lambda limit with realistic ARNs', (env) => {
    const config = loadConfig(env);
    const vars = apiEnvironment(config, {
      tableName: `sfu-${env}-books-0123456789abcdef`,
      topicArn: `arn:aws:sns:ap-southeast-2:111122223333:sfu-${env}-messages-0123456789abcdef`,
      secretArn: `arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:sfu-${env}-api-secret-0123456789abcdef-AbCdEf`,
      edgeRoleArn: `arn:aws:iam::111122223333:role/${'r'.repeat(64)}`,
      claimsKeySecretArn: `arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:${env}/secure-function-url/claims-key-AbCdEf`,
    });
    expect(environmentSize(vars)).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES - 512);
    expect(loadApiSettings(vars).routes).toEqual(config.routes);
  });

  it('passes a custom secret cache TTL through', () => {
    expect(loadApiSettings(apiEnvironment(devConfig, { ...TEST_REFS, secretTtlSeconds: 60 })).secretTtlSeconds).toBe(60);
  });

  it('defaults everything optional for a local in-memory run', () => {
    const s = loadApiSettings({ ...TRUST, [API_ENV.routes]: JSON.stringify(devConfig.routes), [API_ENV.store]: 'memory' });
    expect(s).toMatchObject({ basePath: '/api', maxBodyBytes: 1048576, store: 'memory', secretTtlSeconds: 300, logLevel: 'INFO' });
    expect(s.cors.allowOrigins).toEqual([]);
    expect(s.tableName).toBeUndefined();
  });

  it('requires the route map', () => {
    expect(problemsOf({ ...TRUST, [API_ENV.store]: 'memory' })).toContain('SFU_API_ROUTES: required');
  });

  it('reports a route map that is not JSON', () => {
    expect(problemsOf({ ...TRUST, [API_ENV.routes]: '[{', [API_ENV.store]: 'memory' })).toMatch(/SFU_API_ROUTES: not valid JSON/);
  });

  it('validates route rules with the config schema and names the field', () => {
    const msg = problemsOf({ ...TRUST, [API_ENV.routes]: JSON.stringify([{ method: 'GET', path: 'no-slash', access: 'public' }]), [API_ENV.store]: 'memory' });
    expect(msg).toContain('SFU_API_ROUTES: 0.path: a path pattern such as "/books/{id}"');
  });

  it('refuses an empty route map (nothing would be allowed)', () => {
    expect(problemsOf({ ...TRUST, [API_ENV.routes]: '[]', [API_ENV.store]: 'memory' })).toContain('SFU_API_ROUTES: at least one route rule');
  });

  it('needs the table, topic and secret for the dynamodb store, naming each', () => {
    const msg = problemsOf({ ...TRUST, [API_ENV.routes]: JSON.stringify(devConfig.routes) });
    expect(msg).toContain('SFU_BOOKS_TABLE: required when SFU_STORE is "dynamodb"');
    expect(msg).toContain('SFU_MESSAGES_TOPIC_ARN: required when SFU_STORE is "dynamodb"');
    expect(msg).toContain('SFU_API_SECRET_ARN: required when SFU_STORE is "dynamodb"');
    expect(msg).toMatch(/\(3 problems\)/);
  });

  it('lists every bad variable in one error', () => {
    const msg = problemsOf({
      ...devEnv(),
      [API_ENV.basePath]: '/API/',
      [API_ENV.maxBodyBytes]: '10MB',
      [API_ENV.cors]: JSON.stringify({ allowOrigins: ['*'], allowCredentials: true }),
      [API_ENV.store]: 'postgres',
      [API_ENV.logLevel]: 'chatty',
      [API_ENV.topicArn]: 'my-topic',
      [API_ENV.secretArn]: 'arn:aws:s3:::bucket',
      [API_ENV.secretTtlSeconds]: '-1',
    });
    expect(msg).toContain('SFU_API_BASE_PATH: a path such as "/api"');
    expect(msg).toContain('SFU_API_MAX_BODY_BYTES: received "10MB"; allowed: a whole number');
    expect(msg).toContain('SFU_API_CORS: allowOrigins: explicit origins when allowCredentials is true');
    expect(msg).toContain('SFU_STORE: received "postgres"; allowed: dynamodb or memory');
    expect(msg).toContain('SFU_LOG_LEVEL: received "chatty"; allowed: DEBUG, INFO, WARN, ERROR');
    expect(msg).toContain('SFU_MESSAGES_TOPIC_ARN: received "my-topic"; allowed: an SNS topic ARN');
    expect(msg).toContain('SFU_API_SECRET_ARN: received "arn:aws:s3:::bucket"; allowed: a Secrets Manager secret ARN');
    expect(msg).toContain('SFU_API_SECRET_TTL_SECONDS: received "-1"; allowed: a whole number');
    expect(msg).toMatch(/\(8 problems\)/);
  });

  it('refuses a body limit above what a function URL can carry (6 MB)', () => {
    expect(problemsOf({ ...devEnv(), [API_ENV.maxBodyBytes]: String(7 * 1024 * 1024) })).toContain('SFU_API_MAX_BODY_BYTES: a whole number from 1 to 6291456');
  });

  it('refuses unknown CORS fields', () => {
    expect(problemsOf({ ...devEnv(), [API_ENV.cors]: JSON.stringify({ allowOrigin: ['https://a.example'] }) })).toContain(
      'SFU_API_CORS: unknown field(s) "allowOrigin"',
    );
  });
});
