/**
 * Bring your own (`existing`): for each option, what the stacks create and
 * what they no longer create.
 */
import { IDENTITY_OUTPUTS } from '../../stacks/outputs';
import { addresses, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

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

    it('leaves the edge stack unchanged: it reads the same outputs through remote state', () => {
      expect(byo.edge).toEqual(dev.edge);
    });

    it('keeps its state in the state bucket and still runs after the state stack', () => {
      expect(byo.identity.terraform.backend.s3.key).toBe('secure-function-url/dev-identity.tfstate');
      expect(byo.stacks.identity.dependencies.map((s) => s.node.id)).toEqual(['dev-state']);
    });

    it('builds the ARN for the deploying account when none is given, and takes the region from the pool id', () => {
      const other = synthApp(testConfig('dev', (c) => (c.existing = { userPool: { id: 'us-east-1_Zz9', spaClientId: 'spa' } }))).identity;
      expect(resourceAddresses(other)).toEqual(['data.aws_caller_identity.account', 'data.aws_partition.partition']);
      expect(outputs(other)).toMatchObject({
        user_pool_arn: 'arn:${data.aws_partition.partition.partition}:cognito-idp:us-east-1:${data.aws_caller_identity.account.account_id}:userpool/us-east-1_Zz9',
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

    it('keeps every other stack\'s state in the named bucket, under the same keys', () => {
      for (const [json, stack] of [
        [byo.identity, 'dev-identity'],
        [byo.backend, 'dev-backend'],
        [byo.edge, 'dev-edge'],
      ] as const) {
        expect(json.terraform.backend.s3).toMatchObject({ bucket: 'sfu-dev-tfstate-example', key: `secure-function-url/${stack}.tfstate`, region: 'eu-west-1' });
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
