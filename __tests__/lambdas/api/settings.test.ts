import { loadConfig } from '../../../config/load';
import {
  API_ENV,
  apiEnvironment,
  DEFAULT_SECRET_TTL_SECONDS,
  environmentSize,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  loadApiSettings,
  SettingsError,
} from '../../../lambdas/api/settings';
import { devConfig, TEST_REFS } from './harness';

const devEnv = () => apiEnvironment(devConfig, TEST_REFS);

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
    expect(s).toMatchObject({ store: 'dynamodb', ...TEST_REFS, secretTtlSeconds: DEFAULT_SECRET_TTL_SECONDS });
  });

  it('uses exactly the documented variable names', () => {
    expect(Object.keys(devEnv()).sort()).toEqual(Object.values(API_ENV).sort());
    expect(Object.keys(devEnv()).every((k) => k.startsWith('SFU_'))).toBe(true);
  });

  it.each(['dev', 'prod'])('keeps the %s environment under the 4 KB Lambda limit with realistic ARNs', (env) => {
    const config = loadConfig(env);
    const vars = apiEnvironment(config, {
      tableName: `sfu-${env}-books-0123456789abcdef`,
      topicArn: `arn:aws:sns:ap-southeast-2:111122223333:sfu-${env}-messages-0123456789abcdef`,
      secretArn: `arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:sfu-${env}-api-secret-0123456789abcdef-AbCdEf`,
    });
    expect(environmentSize(vars)).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES - 512);
    expect(loadApiSettings(vars).routes).toEqual(config.routes);
  });

  it('passes a custom secret cache TTL through', () => {
    expect(loadApiSettings(apiEnvironment(devConfig, { ...TEST_REFS, secretTtlSeconds: 60 })).secretTtlSeconds).toBe(60);
  });

  it('defaults everything optional for a local in-memory run', () => {
    const s = loadApiSettings({ [API_ENV.routes]: JSON.stringify(devConfig.routes), [API_ENV.store]: 'memory' });
    expect(s).toMatchObject({ basePath: '/api', maxBodyBytes: 1048576, store: 'memory', secretTtlSeconds: 300, logLevel: 'INFO' });
    expect(s.cors.allowOrigins).toEqual([]);
    expect(s.tableName).toBeUndefined();
  });

  it('requires the route map', () => {
    expect(problemsOf({ [API_ENV.store]: 'memory' })).toContain('SFU_API_ROUTES: required');
  });

  it('reports a route map that is not JSON', () => {
    expect(problemsOf({ [API_ENV.routes]: '[{', [API_ENV.store]: 'memory' })).toMatch(/SFU_API_ROUTES: not valid JSON/);
  });

  it('validates route rules with the config schema and names the field', () => {
    const msg = problemsOf({ [API_ENV.routes]: JSON.stringify([{ method: 'GET', path: 'no-slash', access: 'public' }]), [API_ENV.store]: 'memory' });
    expect(msg).toContain('SFU_API_ROUTES: 0.path: a path pattern such as "/books/{id}"');
  });

  it('refuses an empty route map (nothing would be allowed)', () => {
    expect(problemsOf({ [API_ENV.routes]: '[]', [API_ENV.store]: 'memory' })).toContain('SFU_API_ROUTES: at least one route rule');
  });

  it('needs the table, topic and secret for the dynamodb store, naming each', () => {
    const msg = problemsOf({ [API_ENV.routes]: JSON.stringify(devConfig.routes) });
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
    expect(problemsOf({ ...devEnv(), [API_ENV.cors]: JSON.stringify({ allowOrigin: ['https://a.example'] }) })).toContain('SFU_API_CORS: unknown field(s) "allowOrigin"');
  });
});
