/**
 * Bring your own (`existing`): for each option, what the stacks create and
 * what they no longer create.
 */
import { IDENTITY_OUTPUTS } from '../../stacks/outputs';
import { KEY, WEB_ACL } from './platform-fixtures';
import { addresses, policyStatements, resource, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const POOL = { id: 'eu-west-1_AbCdEf123', spaClientId: 'spaclient123', machineClientId: 'machineclient456', hostedUiDomain: 'login.example.com' };
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123';
const outputs = (json: TfJson) => Object.fromEntries(Object.entries(json.output).map(([k, o]) => [k, o.value]));
const resourceAddresses = (json: TfJson) => addresses(json).filter((a) => !a.startsWith('output.'));

describe('bring your own', () => {
  let dev: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
  });

  describe('existing.userPool', () => {
    let byo: SynthedApp;
    beforeAll(() => {
      byo = synthApp(testConfig('dev', (c) => (c.existing = { userPool: { ...POOL, arn: POOL_ARN } })));
    });

    it('creates no pool, groups, clients, resource server or domain: the identity stack has no resource at all', () => {
      expect(resourceAddresses(dev.identity).filter((a) => a.startsWith('aws_cognito_'))).toHaveLength(8);
      expect(byo.identity.resource ?? {}).toEqual({});
      expect(byo.identity.data ?? {}).toEqual({});
      expect(byo.stacks.identity.userPool).toBeUndefined();
      expect(byo.stacks.identity.spaClient).toBeUndefined();
    });

    it('passes the pool through the same outputs, issuer and JWKS derived from the pool id', () => {
      expect(Object.keys(byo.identity.output).sort()).toEqual(Object.values(IDENTITY_OUTPUTS).sort());
      expect(outputs(byo.identity)).toEqual({
        user_pool_id: 'eu-west-1_AbCdEf123',
        user_pool_arn: POOL_ARN,
        user_pool_region: 'eu-west-1',
        issuer_url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
        jwks_url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json',
        spa_client_id: 'spaclient123',
        machine_client_id: 'machineclient456',
        hosted_ui_domain: 'login.example.com',
        resource_server_identifier: 'books',
      });
    });

    it('leaves the edge stack unchanged without the web app: it reads the same outputs through remote state', () => {
      const webAppOff = (c: any) => (c.edge.webApp = false);
      const devOff = synthApp(testConfig('dev', webAppOff)).edge;
      const byoOff = synthApp(testConfig('dev', (c) => (webAppOff(c), (c.existing = { userPool: { ...POOL, arn: POOL_ARN } })))).edge;
      expect(byoOff).toEqual(devOff);
    });

    it("with the web app: keeps the edge strict on the listed clients, makes no web client, and signs the app in with the pool's SPA client", () => {
      const remote = (o: string) => `\${data.terraform_remote_state.identity_stack.outputs.${o}}`;
      expect((byo.edge.locals!.edge_package_config as any).verifiers[0].clientIds).toBe(
        `\${compact([${remote('spa_client_id').slice(2, -1)}, ${remote('machine_client_id').slice(2, -1)}])}`,
      );
      expect((dev.edge.locals!.edge_package_config as any).verifiers[0].clientIds).toBeNull();
      expect(byo.edge.resource.aws_cognito_user_pool_client).toBeUndefined();
      expect(resource(dev.edge, 'aws_cognito_user_pool_client', 'web_client')).toBeDefined();
      expect((byo.edge.locals!.web_app_config_json as any).clientId).toBe(remote('spa_client_id'));
      expect(byo.edge.output.web_client_id.value).toBe(remote('spa_client_id'));
      // The pool's owner adds the distribution's callback; the app still needs its hosted UI.
      expect((byo.edge.locals!.web_app_config_json as any).userPoolDomain).toBe(`https://${remote('hosted_ui_domain')}`);
    });

    it('keeps its state in the state bucket and still runs after the state stack', () => {
      expect(byo.identity.terraform.backend.s3.key).toBe('secure-function-url/dev-identity.tfstate');
      expect(byo.stacks.identity.dependencies.map((s) => s.node.id)).toEqual(['dev-state']);
    });

    it('builds the ARN for the deploying account when none is given, and takes the region from the pool id', () => {
      // Without a hosted UI domain: only without the web app (config/schema.ts refuses the pair).
      const other = synthApp(
        testConfig('dev', (c) => ((c.edge.webApp = false), (c.existing = { userPool: { id: 'us-east-1_Zz9', spaClientId: 'spa' } }))),
      ).identity;
      expect(resourceAddresses(other)).toEqual(['data.aws_caller_identity.account', 'data.aws_partition.partition']);
      expect(outputs(other)).toMatchObject({
        user_pool_arn:
          'arn:${data.aws_partition.partition.partition}:cognito-idp:us-east-1:${data.aws_caller_identity.account.account_id}:userpool/us-east-1_Zz9',
        user_pool_region: 'us-east-1',
        issuer_url: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Zz9',
        machine_client_id: '',
        hosted_ui_domain: '',
      });
    });

    it('points jwks_url at the emulator when there is one', () => {
      const emu = synthApp(testConfig('emulator', (c) => (c.existing = { userPool: { id: 'eu-west-1_Emu1', spaClientId: 'spa' } }))).identity;
      expect(emu.output.jwks_url.value).toBe('http://127.0.0.1:5000/eu-west-1_Emu1/.well-known/jwks.json');
    });
  });

  describe('existing.webAclArn', () => {
    let byo: SynthedApp;
    beforeAll(() => {
      byo = synthApp(
        testConfig('dev', (c) => {
          c.existing = { webAclArn: WEB_ACL };
          c.edge.waf.allowIps = ['192.0.2.0/24'];
        }),
      );
    });

    it('creates no web ACL, IP sets, WAF log group or logging configuration', () => {
      const waf = (json: TfJson) => resourceAddresses(json).filter((a) => /^aws_wafv2_|^aws_cloudwatch_log_group\.waf_/.test(a));
      expect(waf(dev.edge)).toEqual(['aws_cloudwatch_log_group.waf_log_group', 'aws_wafv2_web_acl.waf', 'aws_wafv2_web_acl_logging_configuration.waf_logging']);
      expect(waf(byo.edge)).toEqual([]);
      expect(byo.stacks.edge.webAcl).toBeUndefined();
    });

    it('attaches the given ACL to the distribution and publishes it as web_acl_arn', () => {
      expect(resource(byo.edge, 'aws_cloudfront_distribution', 'distribution').web_acl_id).toBe(WEB_ACL);
      expect(byo.edge.output.web_acl_arn.value).toBe(WEB_ACL);
      expect(resource(dev.edge, 'aws_cloudfront_distribution', 'distribution').web_acl_id).toBe('${aws_wafv2_web_acl.waf.arn}');
    });

    it('leaves the rest of the edge stack as it was', () => {
      const notWaf = (json: TfJson) => resourceAddresses(json).filter((a) => !/^aws_wafv2_|^aws_cloudwatch_log_group\.waf_/.test(a));
      expect(notWaf(byo.edge)).toEqual(notWaf(dev.edge));
      expect(byo.backend).toEqual(dev.backend);
    });
  });

  describe('existing.kmsKeyArn', () => {
    let byo: SynthedApp;
    beforeAll(() => {
      byo = synthApp(testConfig('dev', (c) => (c.existing = { kmsKeyArn: KEY })));
    });
    const r = (type: string, name: string) => resource(byo.backend, type, name);

    it('creates no KMS key, alias or key policy of its own', () => {
      expect(resourceAddresses(dev.backend).filter((a) => a.includes('kms') || a.includes('messages_topic_'))).toEqual([
        'aws_kms_alias.messages_topic_key_alias',
        'aws_kms_alias.operations_alarm_topic_key_alias',
        'aws_kms_key.messages_topic_key',
        'aws_kms_key.operations_alarm_topic_key',
        'data.aws_caller_identity.messages_topic_account',
        'data.aws_iam_policy_document.messages_topic_key_policy',
        'data.aws_partition.messages_topic_partition',
      ]);
      expect(resourceAddresses(byo.backend).filter((a) => a.includes('kms') || a.includes('messages_topic_'))).toEqual([]);
    });

    it('encrypts the topic, both queues, the table, the secret and both log groups with the given key', () => {
      expect(r('aws_sns_topic', 'messages_topic').kms_master_key_id).toBe(KEY);
      for (const q of ['messages_dlq', 'worker_dlq']) {
        expect(r('aws_sqs_queue', q).kms_master_key_id).toBe(KEY);
        expect(r('aws_sqs_queue', q).sqs_managed_sse_enabled).toBeUndefined();
      }
      expect(r('aws_dynamodb_table', 'books_table').server_side_encryption).toEqual({ enabled: true, kms_key_arn: KEY });
      expect(r('aws_secretsmanager_secret', 'api_secret').kms_key_id).toBe(KEY);
      expect(r('aws_cloudwatch_log_group', 'api_log_group').kms_key_id).toBe(KEY);
      expect(r('aws_cloudwatch_log_group', 'worker_log_group').kms_key_id).toBe(KEY);
    });

    it("without it: SSE-SQS queues, AWS managed keys for the table and secret, the topic's own key", () => {
      const d = (type: string, name: string) => resource(dev.backend, type, name);
      expect(d('aws_sqs_queue', 'worker_dlq')).toMatchObject({ sqs_managed_sse_enabled: true });
      expect(d('aws_sqs_queue', 'worker_dlq').kms_master_key_id).toBeUndefined();
      expect(d('aws_dynamodb_table', 'books_table').server_side_encryption).toEqual({ enabled: true });
      expect(d('aws_secretsmanager_secret', 'api_secret').kms_key_id).toBeUndefined();
      expect(d('aws_cloudwatch_log_group', 'api_log_group').kms_key_id).toBeUndefined();
      expect(d('aws_sns_topic', 'messages_topic').kms_master_key_id).toBe('${aws_kms_key.messages_topic_key.arn}');
    });

    it('lets the API role use the key through SNS, DynamoDB and Secrets Manager, and the worker role through SQS: on that key only', () => {
      const statements = (role: string) => policyStatements(byo.backend, r('aws_iam_role_policy', `${role}_role_inline_policy`).policy);
      const kms = (role: string) => statements(role).filter((s: any) => s.actions.some((a: string) => a.startsWith('kms:')));
      expect(kms('api')).toEqual([
        {
          sid: 'UseTopicKeyThroughSns',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [KEY],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['sns.eu-west-1.amazonaws.com'] }],
        },
        {
          sid: 'UseCustomerKeyForTableAndSecret',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [KEY],
          condition: [
            { test: 'StringEquals', variable: 'kms:ViaService', values: ['dynamodb.eu-west-1.amazonaws.com', 'secretsmanager.eu-west-1.amazonaws.com'] },
          ],
        },
      ]);
      expect(kms('worker')).toEqual([
        {
          sid: 'UseCustomerKeyForDeadLetterQueue',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [KEY],
          condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['sqs.eu-west-1.amazonaws.com'] }],
        },
      ]);
    });

    it('changes nothing outside the backend stack (the edge log groups are in us-east-1, the key is regional)', () => {
      expect(byo.edge).toEqual(dev.edge);
      expect(byo.identity).toEqual(dev.identity);
      expect(byo.state).toEqual(dev.state);
    });
  });

  describe('edge.customDomain (your ACM certificate and aliases)', () => {
    const CERT = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    let byo: SynthedApp;
    beforeAll(() => {
      byo = synthApp(testConfig('dev', (c) => (c.edge.customDomain = { certificateArn: CERT, aliases: ['api.example.com', 'www.example.com'] })));
    });

    it('attaches the given certificate and aliases, and creates no certificate, validation or DNS record', () => {
      const dist = byo.edge.resource.aws_cloudfront_distribution.distribution;
      expect(dist.viewer_certificate).toEqual({ acm_certificate_arn: CERT, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' });
      expect(dist.aliases).toEqual(['api.example.com', 'www.example.com']);
      for (const json of [byo.state, byo.identity, byo.backend, byo.edge]) {
        expect(resourceAddresses(json).filter((a) => /^(data\.)?aws_(acm|route53)_/.test(a))).toEqual([]);
      }
    });

    it('publishes the first alias as the API URL; everything else is as without a custom domain', () => {
      expect(byo.edge.output.api_url.value).toBe('https://api.example.com/api');
      expect(resourceAddresses(byo.edge)).toEqual(resourceAddresses(dev.edge));
    });
  });

  describe('existing.stateBucket', () => {
    let byo: SynthedApp;
    beforeAll(() => {
      byo = synthApp(testConfig('dev', (c) => (c.existing = { stateBucket: true })));
    });

    it('synthesizes no <env>-state stack at all', () => {
      expect(byo.stacks.state).toBeUndefined();
      expect(() => byo.state).toThrow(/existing\.stateBucket/);
    });

    it("keeps every other stack's state in the named bucket, under the same keys", () => {
      for (const [json, stack] of [
        [byo.identity, 'dev-identity'],
        [byo.backend, 'dev-backend'],
        [byo.edge, 'dev-edge'],
      ] as const) {
        expect(json.terraform.backend.s3).toMatchObject({
          bucket: 'sfu-dev-tfstate-example',
          key: `secure-function-url/${stack}.tfstate`,
          region: 'eu-west-1',
        });
      }
    });

    it('orders identity and backend first (no state stack to wait for), edge after both', () => {
      expect(byo.stacks.identity.dependencies).toEqual([]);
      expect(byo.stacks.backend.dependencies).toEqual([]);
      expect(byo.stacks.edge.dependencies.map((s) => s.node.id).sort()).toEqual(['dev-backend', 'dev-identity']);
    });

    it('changes nothing in the other stacks', () => {
      expect(byo.identity).toEqual(dev.identity);
      expect(byo.backend).toEqual(dev.backend);
      expect(byo.edge).toEqual(dev.edge);
    });
  });
});
