/**
 * Plans without perpetual diffs, and synth output that changes only when
 * something real changes:
 * - values of set attributes (the provider compares them as sets) are
 *   sorted at synth, so the order of a config list never reaches
 *   cdk.tf.json (no spurious Atlantis autoplan, no noise for reviewers);
 * - every IAM policy is the JSON of an aws_iam_policy_document data source
 *   (Terraform normalizes it: no whitespace or ordering diffs);
 * - nothing time- or random-based is evaluated at synth or plan time
 *   (byte-identical synths are checked in __tests__/synth/determinism.test.ts).
 */
import { KEY, WEB_ACL } from './platform-fixtures';
import { resource, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const stacksOf = (a: SynthedApp): TfJson[] => [a.stacks.state ? a.state : undefined, a.identity, a.backend, a.edge].filter((j): j is TfJson => j !== undefined);

/** Every [path, value] of a JSON value. */
function* leaves(value: unknown, at = ''): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* leaves(v, `${at}[${i}]`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* leaves(v, at ? `${at}.${k}` : k);
  else yield [at, value];
}

describe('stable plans', () => {
  let variants: Record<string, SynthedApp>;
  beforeAll(() => {
    variants = {
      dev: synthApp(testConfig('dev')),
      prod: synthApp(testConfig('prod')),
      oac: synthApp(testConfig('dev', (c) => (c.edge.signingMode = 'oac'))),
      byo: synthApp(
        testConfig('dev', (c) => {
          c.existing = {
            userPool: { id: 'eu-west-1_AbC', spaClientId: 'spa', hostedUiDomain: 'login.example.com' },
            webAclArn: WEB_ACL,
            stateBucket: true,
            kmsKeyArn: KEY,
          };
        }),
      ),
    };
  });

  describe('config lists that are sets in the provider', () => {
    const lists = (reversed: boolean) =>
      testConfig('prod', (c) => {
        const order = <T>(xs: T[]) => (reversed ? [...xs].reverse() : xs);
        c.identity.spaClient.callbackUrls = order(['https://app.example.com/callback', 'https://app.example.com/b', 'http://localhost:5173/cb']);
        c.identity.spaClient.logoutUrls = order(['https://app.example.com/', 'https://app.example.com/bye']);
        c.identity.machineClient.scopes = order(c.identity.machineClient.scopes);
        c.api.cors.allowOrigins = order(['https://app.example.com', 'https://admin.example.com']);
        c.api.cors.allowMethods = order(['GET', 'POST', 'PUT', 'DELETE']);
        c.api.cors.allowHeaders = order(['authorization', 'content-type', 'x-request-id']);
        // The first alias is the API URL; the others are a set.
        c.edge.customDomain.aliases = ['api.example.com', ...order(['b.example.com', 'a.example.com'])];
        c.edge.waf.allowIps = order(['198.51.100.0/24', '192.0.2.0/24', '2001:db8::/32']);
        c.edge.waf.denyIps = order(['203.0.113.0/24', '203.0.113.128/25']);
        c.edge.geoRestriction = { type: 'blacklist', countries: order(['KP', 'IR', 'CU']) };
      });

    it('synthesize the same identity and edge stacks whatever their order in config', () => {
      const a = synthApp(lists(false));
      const b = synthApp(lists(true));
      expect(b.identity).toEqual(a.identity);
      expect(b.edge).toEqual(a.edge);
      // The backend differs only in the API's own copy of its CORS settings (an environment variable, not a set).
      expect(resource(b.backend, 'aws_lambda_function_url', 'api_url')).toEqual(resource(a.backend, 'aws_lambda_function_url', 'api_url'));
    });

    it('are written sorted', () => {
      const a = synthApp(lists(true));
      const spa = resource(a.identity, 'aws_cognito_user_pool_client', 'spa_client');
      expect(spa.callback_urls).toEqual(['http://localhost:5173/cb', 'https://app.example.com/b', 'https://app.example.com/callback']);
      expect(spa.logout_urls).toEqual(['https://app.example.com/', 'https://app.example.com/bye']);
      expect(resource(a.identity, 'aws_cognito_user_pool_client', 'machine_client').allowed_oauth_scopes).toEqual(['books/read', 'books/write']);
      expect(resource(a.identity, 'aws_cognito_resource_server', 'machine_client_resource_server').scope.map((s: any) => s.scope_name)).toEqual([
        'read',
        'write',
      ]);
      const cors = resource(a.edge, 'aws_cloudfront_response_headers_policy', 'security_headers').cors_config;
      expect(cors.access_control_allow_origins.items).toEqual(['https://admin.example.com', 'https://app.example.com']);
      expect(cors.access_control_allow_methods.items).toEqual(['DELETE', 'GET', 'OPTIONS', 'POST', 'PUT']);
      expect(cors.access_control_allow_headers.items).toEqual(['authorization', 'content-type', 'x-request-id']);
      expect(resource(a.backend, 'aws_lambda_function_url', 'api_url').cors).toMatchObject({
        allow_origins: ['https://admin.example.com', 'https://app.example.com'],
        allow_methods: ['DELETE', 'GET', 'POST', 'PUT'],
        allow_headers: ['authorization', 'content-type', 'x-request-id'],
      });
      const dist = resource(a.edge, 'aws_cloudfront_distribution', 'distribution');
      expect(dist.aliases).toEqual(['a.example.com', 'api.example.com', 'b.example.com']);
      expect(dist.restrictions.geo_restriction.locations).toEqual(['CU', 'IR', 'KP']);
      expect(resource(a.edge, 'aws_wafv2_ip_set', 'waf_allow_ipv4').addresses).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
      expect(resource(a.edge, 'aws_wafv2_ip_set', 'waf_deny_ipv4').addresses).toEqual(['203.0.113.0/24', '203.0.113.128/25']);
      expect(a.edge.output.api_url.value).toBe('https://api.example.com/api');
    });
  });

  it('writes every IAM policy (identity, resource, trust, key) as a policy document data source', () => {
    let seen = 0;
    for (const [name, app] of Object.entries(variants)) {
      for (const json of stacksOf(app)) {
        for (const [type, byName] of Object.entries(json.resource ?? {})) {
          for (const [id, body] of Object.entries(byName)) {
            for (const key of ['policy', 'assume_role_policy']) {
              if (body[key] === undefined) continue;
              seen++;
              expect({ at: `${name}: ${type}.${id}.${key}`, value: body[key] }).toEqual({
                at: `${name}: ${type}.${id}.${key}`,
                value: expect.stringMatching(/^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+\.json\}$/),
              });
            }
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('evaluates nothing time- or random-based, and uses no time_* or random_* resource', () => {
    for (const [name, app] of Object.entries(variants)) {
      for (const json of stacksOf(app)) {
        for (const section of ['resource', 'data'] as const) {
          for (const type of Object.keys((json as any)[section] ?? {})) expect(`${name}: ${type}`).not.toMatch(/: (random|time)_/);
        }
        for (const [at, value] of leaves(json)) {
          // The one exception: the claims MAC key's random input, evaluated once at create (ignore_changes) and never again.
          if (keptRandomInput(json, at)) continue;
          if (typeof value === 'string')
            expect({ at, value }).not.toEqual({ at, value: expect.stringMatching(/\b(timestamp|plantimestamp|uuid|uuidv5|bcrypt|timeadd)\(/) });
        }
      }
    }
  });
});

/** Whether `at` is the `input` of a terraform_data whose lifecycle ignores input changes (a value made once, at create). */
function keptRandomInput(json: any, at: string): boolean {
  const m = /^resource\.terraform_data\.([a-z0-9_]+)\.input$/.exec(at);
  return m !== null && (json.resource.terraform_data[m[1]].lifecycle?.ignore_changes ?? []).includes('input');
}

describe('the claims MAC key (oac)', () => {
  it('is random once: its uuid() input is ignored after create, and only a version bump (triggers_replace) makes a new one', () => {
    const oac = stacksOf(synthApp(testConfig('dev', (c) => (c.edge.signingMode = 'oac')))).find((j: any) => j.resource?.terraform_data?.claims_key_key) as any;
    expect(oac).toBeDefined();
    const key = oac.resource.terraform_data.claims_key_key;
    expect(key.lifecycle.ignore_changes).toEqual(['input']);
    expect(key.triggers_replace).toEqual({ version: 1 });
    expect(key.input).toMatch(/^\$\{sha256\(join\("", \[uuid\(\), uuid\(\), uuid\(\)\]\)\)\}$/);
  });
});
