import { loadApiSettings } from '../../lambdas/api/settings';
import { environmentSize, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../lib/contracts/api-environment';
import { API_SECRET_PLACEHOLDER, API_TABLE_ACTIONS } from '../../stacks/backend-stack';
import { BACKEND_OUTPUTS } from '../../stacks/outputs';
import { policyStatements, resource, resources, synthApp, testConfig, type TfJson } from './synth-helpers';

describe('BackendStack', () => {
  let dev: TfJson;
  let prod: TfJson;
  beforeAll(() => {
    dev = synthApp(testConfig('dev')).backend;
    prod = synthApp(testConfig('prod')).backend;
  });
  const fn = (json: TfJson, name = 'api_function') => resource(json, 'aws_lambda_function', name);
  const rolePolicy = (json: TfJson, role: string) => policyStatements(json, resource(json, 'aws_iam_role_policy', `${role}_role_inline_policy`).policy);

  describe('API function', () => {
    it('runs the bundled handler with runtime, memory, timeout and architecture from config', () => {
      expect(fn(prod)).toMatchObject({
        function_name: 'prod-api',
        handler: 'index.handler',
        runtime: 'nodejs22.x',
        memory_size: 512,
        timeout: 30,
        architectures: ['arm64'],
        role: '${aws_iam_role.api_role.arn}',
      });
      expect(fn(prod).filename).toMatch(/^assets\/api_package\/[0-9a-f]{64}\/api\.zip$/);
      expect(fn(prod).source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    });

    it('reserves the configured concurrency, and none when the config says null', () => {
      expect(fn(dev).reserved_concurrent_executions).toBe(10);
      expect(fn(prod).reserved_concurrent_executions).toBe(50);
      const unreserved = synthApp(testConfig('dev', (c) => (c.api.reservedConcurrency = null))).backend;
      expect(fn(unreserved).reserved_concurrent_executions).toBeUndefined();
    });

    it('traces with X-Ray only when the config turns it on', () => {
      expect(fn(dev).tracing_config).toBeUndefined();
      expect(fn(prod).tracing_config).toEqual({ mode: 'Active' });
    });

    it('gets its settings from apiEnvironment, which the API loads back without error', () => {
      const vars = fn(dev).environment.variables;
      expect(vars.SFU_BOOKS_TABLE).toBe('${aws_dynamodb_table.books_table.name}');
      expect(vars.SFU_MESSAGES_TOPIC_ARN).toBe('${aws_sns_topic.messages_topic.arn}');
      expect(vars.SFU_API_SECRET_ARN).toBe('${aws_secretsmanager_secret.api_secret.arn}');
      // The edge role by the name the edge stack gives it (lib/resource-names.ts), in this account and partition.
      expect(vars.SFU_SIGNING_MODE).toBe('edge-sigv4');
      expect(vars.SFU_EDGE_ROLE_ARN).toBe(
        'arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.account.account_id}:role/dev-edge-auth',
      );
      const resolved = {
        ...vars,
        SFU_EDGE_ROLE_ARN: 'arn:aws:iam::123456789012:role/dev-edge-auth',
        SFU_BOOKS_TABLE: 'dev-books',
        SFU_MESSAGES_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:dev-messages',
        SFU_API_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/secure-function-url/api-AbCdEf',
      };
      expect(loadApiSettings(resolved)).toMatchObject({ basePath: '/api', store: 'dynamodb', tableName: 'dev-books' });
      expect(environmentSize(resolved)).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    });

    it('writes to its own log group, created first, with the configured retention', () => {
      expect(resource(dev, 'aws_cloudwatch_log_group', 'api_log_group')).toMatchObject({ name: '/aws/lambda/dev-api', retention_in_days: 14 });
      expect(resource(prod, 'aws_cloudwatch_log_group', 'api_log_group').retention_in_days).toBe(365);
      expect(resource(prod, 'aws_cloudwatch_log_group', 'worker_log_group').retention_in_days).toBe(365);
      expect(fn(dev).depends_on).toContain('aws_cloudwatch_log_group.api_log_group');
    });
  });

  describe('IAM', () => {
    it('trusts only lambda.amazonaws.com', () => {
      for (const role of ['api', 'worker']) {
        const trust = policyStatements(dev, resource(dev, 'aws_iam_role', `${role}_role`).assume_role_policy);
        expect(trust).toEqual([
          { sid: 'AssumedByLambda', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
        ]);
      }
    });

    it('grants no wildcard action in any role policy', () => {
      for (const json of [dev, prod]) {
        for (const role of ['api', 'worker']) {
          for (const s of rolePolicy(json, role)) {
            expect(s.effect).toBe('Allow');
            for (const a of s.actions) expect(a).not.toMatch(/\*/);
          }
        }
      }
    });

    it('gives the API one statement per need, each on the narrowest resource', () => {
      const bySid = Object.fromEntries(rolePolicy(dev, 'api').map((s: any) => [s.sid, s]));
      expect(Object.keys(bySid).sort()).toEqual(['PublishMessages', 'ReadApiSecret', 'ReadWriteBooks', 'UseTopicKeyThroughSns', 'WriteOwnLogs']);
      expect(bySid.WriteOwnLogs).toMatchObject({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['${aws_cloudwatch_log_group.api_log_group.arn}:*'],
      });
      expect(bySid.ReadWriteBooks).toMatchObject({ actions: [...API_TABLE_ACTIONS], resources: ['${aws_dynamodb_table.books_table.arn}'] });
      expect(bySid.PublishMessages).toMatchObject({ actions: ['sns:Publish'], resources: ['${aws_sns_topic.messages_topic.arn}'] });
      expect(bySid.ReadApiSecret).toMatchObject({ actions: ['secretsmanager:GetSecretValue'], resources: ['${aws_secretsmanager_secret.api_secret.arn}'] });
      expect(bySid.UseTopicKeyThroughSns).toMatchObject({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['${aws_kms_key.messages_topic_key.arn}'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['sns.eu-west-1.amazonaws.com'] }],
      });
      for (const s of rolePolicy(dev, 'api')) for (const r of s.resources) expect(r).not.toBe('*');
    });

    it('adds the X-Ray write actions (resource "*", which X-Ray requires) only with tracing on', () => {
      expect(rolePolicy(dev, 'api').find((s: any) => s.sid === 'WriteXRayTraces')).toBeUndefined();
      expect(rolePolicy(prod, 'api').find((s: any) => s.sid === 'WriteXRayTraces')).toEqual({
        sid: 'WriteXRayTraces',
        effect: 'Allow',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      });
    });

    it('lets the worker write only its own logs and its own dead-letter queue', () => {
      expect(rolePolicy(dev, 'worker')).toEqual([
        {
          sid: 'WriteOwnLogs',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: ['${aws_cloudwatch_log_group.worker_log_group.arn}:*'],
        },
        { sid: 'SendFailedEventsToDeadLetterQueue', effect: 'Allow', actions: ['sqs:SendMessage'], resources: ['${aws_sqs_queue.worker_dlq.arn}'] },
      ]);
    });
  });

  describe('function URL', () => {
    it('accepts only IAM-signed requests', () => {
      expect(resource(dev, 'aws_lambda_function_url', 'api_url')).toMatchObject({
        authorization_type: 'AWS_IAM',
        function_name: '${aws_lambda_function.api_function.function_name}',
      });
    });

    it("takes CORS from config (OPTIONS left to the URL's own preflight handling)", () => {
      expect(resource(prod, 'aws_lambda_function_url', 'api_url').cors).toEqual({
        allow_origins: ['https://app.example.com'],
        allow_methods: ['DELETE', 'GET', 'POST', 'PUT'], // a set: sorted (constructs/set-values.ts)
        allow_headers: ['authorization', 'content-type'],
        allow_credentials: true,
        max_age: 600,
      });
    });

    it('has no CORS block when no origin is allowed', () => {
      const noCors = synthApp(testConfig('dev', (c) => (c.api.cors.allowOrigins = []))).backend;
      expect(resource(noCors, 'aws_lambda_function_url', 'api_url').cors).toBeUndefined();
    });
  });

  describe('data, messaging and secrets', () => {
    it('keeps books in an on-demand table with PITR and encryption, deletion-protected outside dev', () => {
      expect(resource(dev, 'aws_dynamodb_table', 'books_table')).toMatchObject({
        name: 'dev-books',
        billing_mode: 'PAY_PER_REQUEST',
        hash_key: 'id',
        attribute: [{ name: 'id', type: 'S' }],
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        deletion_protection_enabled: false,
      });
      expect(resource(prod, 'aws_dynamodb_table', 'books_table').deletion_protection_enabled).toBe(true);
    });

    it('encrypts the topic with its own rotating KMS key', () => {
      expect(resource(dev, 'aws_sns_topic', 'messages_topic')).toMatchObject({
        name: 'dev-messages',
        kms_master_key_id: '${aws_kms_key.messages_topic_key.arn}',
      });
      expect(resource(dev, 'aws_kms_key', 'messages_topic_key')).toMatchObject({ enable_key_rotation: true });
    });

    it('subscribes the worker with a redrive policy to the dead-letter queue', () => {
      const sub = resource(dev, 'aws_sns_topic_subscription', 'worker_subscription');
      expect(sub).toMatchObject({
        protocol: 'lambda',
        topic_arn: '${aws_sns_topic.messages_topic.arn}',
        endpoint: '${aws_lambda_function.worker_function.arn}',
      });
      expect(sub.redrive_policy).toBe('${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.messages_dlq.arn})}');
    });

    it("sends events the worker failed on (after Lambda's retries) to an encrypted dead-letter queue of its own", () => {
      expect(fn(dev, 'worker_function').dead_letter_config).toEqual({ target_arn: '${aws_sqs_queue.worker_dlq.arn}' });
      expect(resource(dev, 'aws_sqs_queue', 'worker_dlq')).toMatchObject({
        name: 'dev-worker-dlq',
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 1209600,
      });
      const statements = policyStatements(dev, resource(dev, 'aws_sqs_queue_policy', 'worker_dlq_queue_policy').policy);
      expect(statements.map((st: any) => st.sid)).toEqual(['DenyInsecureTransport']);
      expect(fn(dev).dead_letter_config).toBeUndefined();
    });

    it("keeps the queues' TLS-only deny everywhere but against a plain-HTTP emulator", () => {
      const emu = synthApp(testConfig('emulator')).backend;
      expect(resources(emu, 'aws_sqs_queue_policy').worker_dlq_queue_policy).toBeUndefined();
      const sids = policyStatements(emu, resource(emu, 'aws_sqs_queue_policy', 'messages_dlq_queue_policy').policy).map((st: any) => st.sid);
      expect(sids).toEqual(['TopicSendsFailedDeliveries']);
    });

    it('lets only the topic invoke the worker', () => {
      expect(resource(dev, 'aws_lambda_permission', 'worker_subscription_permission')).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        source_arn: '${aws_sns_topic.messages_topic.arn}',
        function_name: '${aws_lambda_function.worker_function.function_name}',
      });
    });

    it('encrypts the dead-letter queue (SSE-SQS), keeps messages 14 days, and lets only the topic send over TLS', () => {
      expect(resource(dev, 'aws_sqs_queue', 'messages_dlq')).toMatchObject({
        name: 'dev-messages-dlq',
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 1209600,
      });
      const statements = policyStatements(dev, resource(dev, 'aws_sqs_queue_policy', 'messages_dlq_queue_policy').policy);
      expect(statements[0]).toMatchObject({
        actions: ['sqs:SendMessage'],
        principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['${aws_sns_topic.messages_topic.arn}'] }],
      });
      expect(statements[1]).toMatchObject({ sid: 'DenyInsecureTransport', effect: 'Deny' });
    });

    it('creates the API secret with a non-secret placeholder in the shape the API reads, left alone after creation', () => {
      const version = resource(dev, 'aws_secretsmanager_secret_version', 'api_secret_initial_version');
      expect(JSON.parse(version.secret_string)).toEqual(API_SECRET_PLACEHOLDER);
      expect(version.lifecycle).toEqual({ ignore_changes: ['secret_string'] });
      expect(resource(dev, 'aws_secretsmanager_secret', 'api_secret')).toMatchObject({ name: 'dev/secure-function-url/api', recovery_window_in_days: 0 });
      expect(resource(prod, 'aws_secretsmanager_secret', 'api_secret').recovery_window_in_days).toBe(30);
    });
  });

  it('trusts claims from the edge: the edge role in edge-sigv4 mode (dev); a claims MAC key made by Terraform in oac mode (prod)', () => {
    expect(resources(dev, 'terraform_data')).toEqual({});
    const p = fn(prod).environment.variables;
    expect(p.SFU_SIGNING_MODE).toBe('oac');
    expect(p.SFU_EDGE_ROLE_ARN).toBeUndefined();
    expect(p.SFU_CLAIMS_KEY_SECRET_ARN).toBe('${aws_secretsmanager_secret.claims_key_secret.arn}');
    expect(p.SFU_CLAIMS_KEY).toBeUndefined(); // never the key itself in a deployed function
    expect(resource(prod, 'aws_secretsmanager_secret', 'claims_key_secret')).toMatchObject({
      name: 'prod/secure-function-url/claims-key',
      recovery_window_in_days: 30,
    });
    expect(resource(prod, 'aws_secretsmanager_secret_version', 'claims_key_current').secret_string).toBe(
      '${sensitive(jsonencode({ key = terraform_data.claims_key_key.output, version = 1 }))}',
    );
    expect(rolePolicy(prod, 'api')).toContainEqual(
      expect.objectContaining({
        sid: 'ReadClaimsKey',
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['${aws_secretsmanager_secret.claims_key_secret.arn}'],
      }),
    );
    expect(prod.output.claims_mac_key).toMatchObject({
      sensitive: true,
      value: '${sensitive(jsonencode({ key = terraform_data.claims_key_key.output, version = 1 }))}',
    });
  });

  it('rotates the claims MAC key with edge.claimsKeyVersion (triggers_replace)', () => {
    const rotated = synthApp(testConfig('prod', (c) => (c.edge.claimsKeyVersion = 2))).backend;
    expect(resource(rotated, 'terraform_data', 'claims_key_key').triggers_replace).toEqual({ version: 2 });
    expect(resource(rotated, 'aws_secretsmanager_secret_version', 'claims_key_current').secret_string).toContain('version = 2');
  });

  it('exports the backend outputs, the URL host computed in Terraform', () => {
    expect(Object.keys(dev.output).sort()).toEqual(
      Object.values(BACKEND_OUTPUTS)
        .filter((o) => o !== BACKEND_OUTPUTS.claimsKey)
        .sort(),
    );
    expect(Object.keys(prod.output).sort()).toEqual(Object.values(BACKEND_OUTPUTS).sort());
    expect(dev.output.function_url_host.value).toBe('${replace(replace(aws_lambda_function_url.api_url.function_url, "https://", ""), "/", "")}');
    expect(dev.output.function_region.value).toBe('eu-west-1');
    for (const o of Object.values(dev.output)) {
      expect(o.description).toMatch(/\S/);
      expect(o.sensitive).toBeUndefined();
    }
  });

  it('names every resource after the environment', () => {
    const names = [
      ...Object.values(resources(prod, 'aws_lambda_function')).map((f: any) => f.function_name),
      ...Object.values(resources(prod, 'aws_iam_role')).map((r: any) => r.name),
      resource(prod, 'aws_sns_topic', 'messages_topic').name,
      resource(prod, 'aws_sqs_queue', 'messages_dlq').name,
      resource(prod, 'aws_sqs_queue', 'worker_dlq').name,
      resource(prod, 'aws_dynamodb_table', 'books_table').name,
    ];
    for (const n of names) expect(n).toMatch(/^prod-/);
  });
});
