import { checkEdgeConfig } from '../../edge/config-check';
import { ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_OPTIMIZED } from '../../constructs/api-distribution';
import { WAF_RULE_PRIORITIES } from '../../constructs/web-acl';
import { EDGE_OUTPUTS } from '../../stacks/outputs';
import { dataSource, policyStatements, resource, resources, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const REMOTE = (stack: 'backend' | 'identity', output: string) => `\${data.terraform_remote_state.${stack}_stack.outputs.${output}}`;

/**
 * Evaluates the baked config the way Terraform would, for sample remote-state
 * values: each `${...}` string is replaced by the value of the first pattern
 * it matches.
 */
function evaluate(value: unknown, samples: readonly [RegExp, unknown][]): unknown {
  if (typeof value === 'string' && value.startsWith('${')) {
    const hit = samples.find(([re]) => re.test(value));
    if (!hit) throw new Error(`no sample value for ${value}`);
    return hit[1];
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, samples));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, samples)]));
  return value;
}

const SAMPLES: [RegExp, unknown][] = [
  [/outputs\.function_region\}$/, 'eu-west-1'],
  [/outputs\.function_url_host\}$/, 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws'],
  [/outputs\.user_pool_id\}$/, 'eu-west-1_AbCdEf123'],
  [/^\$\{compact\(\[/, ['spa-client-id', 'machine-client-id']],
  [/outputs\.spa_client_id\}$/, 'spa-client-id'],
  [/^\$\{jsondecode\(data\.http\./, { keys: [{ kid: 'k1', kty: 'RSA', n: 'x', e: 'AQAB', alg: 'RS256', use: 'sig' }] }],
];

describe('EdgeStack', () => {
  let sigv4: TfJson;
  let oac: TfJson;
  let prod: TfJson;
  /** dev without the static site and the web app (dev turns both on). */
  let noSite: TfJson;
  let app: SynthedApp;
  beforeAll(() => {
    app = synthApp(testConfig('dev'));
    noSite = synthApp(testConfig('dev', (c) => Object.assign(c.edge, { staticSite: false, webApp: false }))).edge;
    sigv4 = app.edge;
    oac = synthApp(testConfig('dev', (c) => (c.edge.signingMode = 'oac'))).edge;
    prod = synthApp(testConfig('prod')).edge;
  });
  const dist = (json: TfJson) => resource(json, 'aws_cloudfront_distribution', 'distribution');
  const edgeRolePolicy = (json: TfJson) => policyStatements(json, resource(json, 'aws_iam_role_policy', 'edge_role_inline_policy').policy);

  describe('stack wiring', () => {
    it('is named <env>-edge, runs after identity and backend, and keeps its state in the state bucket', () => {
      expect(app.stacks.edge.node.id).toBe('dev-edge');
      expect(app.stacks.edge.dependencies.map((s) => s.node.id).sort()).toEqual(['dev-backend', 'dev-identity']);
      expect(sigv4.terraform.backend.s3).toMatchObject({ key: 'secure-function-url/dev-edge.tfstate', encrypt: true, use_lockfile: true });
    });

    it('runs in us-east-1 with an aliased provider in the backend region, in both modes', () => {
      for (const json of [sigv4, oac]) {
        expect(json.provider.aws.map((p: any) => [p.alias ?? null, p.region])).toEqual([
          [null, 'us-east-1'],
          ['backend_region', 'eu-west-1'],
        ]);
      }
    });

    it('pins the aws, archive and http providers', () => {
      expect(sigv4.terraform.required_providers).toEqual({
        aws: { source: 'aws', version: '>= 6.29, < 7' },
        archive: { source: 'hashicorp/archive', version: '~> 2.7' },
        http: { source: 'http', version: '~> 3.5' },
      });
      expect(sigv4.terraform.required_version).toBeUndefined();
    });

    it('reads the identity and backend outputs through S3 remote state', () => {
      const rs = sigv4.data!.terraform_remote_state;
      expect(rs.identity_stack.config).toMatchObject({
        bucket: 'sfu-dev-tfstate-example',
        key: 'secure-function-url/dev-identity.tfstate',
        region: 'eu-west-1',
      });
      expect(rs.backend_stack.config).toMatchObject({ bucket: 'sfu-dev-tfstate-example', key: 'secure-function-url/dev-backend.tfstate', region: 'eu-west-1' });
    });
  });

  describe('CloudFront distribution', () => {
    it('uses the function URL host from remote state as an HTTPS-only, TLSv1.2 origin', () => {
      const [origin] = dist(sigv4).origin;
      expect(origin).toMatchObject({
        origin_id: 'function-url',
        domain_name: REMOTE('backend', 'function_url_host'),
        custom_origin_config: { origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'], https_port: 443 },
      });
    });

    it('sends <basePath>/* to the function URL through the edge function, the API cache policy and AllViewerExceptHostHeader', () => {
      const [api] = dist(sigv4).ordered_cache_behavior;
      expect(api).toMatchObject({
        path_pattern: '/api/*',
        target_origin_id: 'function-url',
        allowed_methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
        cache_policy_id: '${aws_cloudfront_cache_policy.api_cache_policy.id}',
        origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST_HEADER,
        response_headers_policy_id: '${aws_cloudfront_response_headers_policy.security_headers.id}',
        lambda_function_association: [{ event_type: 'origin-request', include_body: true, lambda_arn: '${aws_lambda_function.edge_function.qualified_arn}' }],
      });
      expect(ALL_VIEWER_EXCEPT_HOST_HEADER).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    });

    it('sends the default behaviour to the function URL too when there is no static site', () => {
      const {
        default_cache_behavior: d,
        ordered_cache_behavior: [api],
      } = dist(noSite);
      const { path_pattern: _ignored, ...apiWithoutPath } = api;
      expect(d).toEqual(apiWithoutPath);
      expect(resources(noSite, 'aws_s3_bucket')).toEqual({});
    });

    it('serves the static site from a private bucket through S3 OAC when configured', () => {
      const d = dist(prod);
      expect(d.default_cache_behavior).toMatchObject({
        target_origin_id: 'static-site',
        cache_policy_id: CACHING_OPTIMIZED,
        allowed_methods: ['GET', 'HEAD', 'OPTIONS'],
      });
      expect(d.default_cache_behavior.lambda_function_association).toBeUndefined();
      expect(d.origin[1]).toEqual({
        origin_id: 'static-site',
        domain_name: '${aws_s3_bucket.static_site.bucket_regional_domain_name}',
        origin_access_control_id: '${aws_cloudfront_origin_access_control.static_site_oac.id}',
      });
      expect(d.default_root_object).toBe('index.html');
      expect(resource(prod, 'aws_s3_bucket_versioning', 'static_site_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      expect(resource(prod, 'aws_cloudfront_origin_access_control', 'static_site_oac')).toMatchObject({
        origin_access_control_origin_type: 's3',
        signing_behavior: 'always',
        signing_protocol: 'sigv4',
      });
      expect(resource(prod, 'aws_s3_bucket_public_access_block', 'static_site_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const read = policyStatements(prod, resource(prod, 'aws_s3_bucket_policy', 'static_site_bucket_policy').policy).find(
        (s: any) => s.sid === 'CloudFrontReadsSite',
      );
      expect(read).toMatchObject({
        actions: ['s3:GetObject'],
        principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
        condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: ['${aws_cloudfront_distribution.distribution.arn}'] }],
      });
      expect(prod.output.static_site_bucket_name.value).toBe('${aws_s3_bucket.static_site.bucket}');
    });

    it('takes the viewer protocol policy, price class and HTTP versions from config', () => {
      expect(dist(sigv4)).toMatchObject({ http_version: 'http2and3', price_class: 'PriceClass_100', is_ipv6_enabled: true });
      expect(dist(sigv4).ordered_cache_behavior[0].viewer_protocol_policy).toBe('redirect-to-https');
      expect(dist(prod).price_class).toBe('PriceClass_All');
      expect(dist(prod).ordered_cache_behavior[0].viewer_protocol_policy).toBe('https-only');
      expect(dist(prod).default_cache_behavior.viewer_protocol_policy).toBe('https-only');
    });

    it('uses the default certificate, or the configured ACM certificate with SNI and TLSv1.2_2021 plus aliases', () => {
      expect(dist(sigv4).viewer_certificate).toEqual({ cloudfront_default_certificate: true });
      expect(dist(sigv4).aliases).toBeUndefined();
      expect(dist(prod).viewer_certificate).toEqual({
        acm_certificate_arn: 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      });
      expect(dist(prod).aliases).toEqual(['api.example.com']);
      expect(prod.output.api_url.value).toBe('https://api.example.com/api');
      expect(sigv4.output.api_url.value).toBe('https://${aws_cloudfront_distribution.distribution.domain_name}/api');
    });

    it('restricts countries per config', () => {
      expect(dist(sigv4).restrictions).toEqual({ geo_restriction: { restriction_type: 'none', locations: [] } });
      expect(dist(prod).restrictions).toEqual({ geo_restriction: { restriction_type: 'blacklist', locations: ['KP'] } });
    });

    it('logs to a private, encrypted bucket only when access logs are on', () => {
      expect(dist(sigv4).logging_config).toBeUndefined();
      expect(dist(prod).logging_config).toEqual({ bucket: '${aws_s3_bucket.access_logs.bucket_domain_name}', include_cookies: false, prefix: 'cloudfront/' });
      expect(resource(prod, 'aws_s3_bucket_ownership_controls', 'access_logs_ownership').rule).toEqual({ object_ownership: 'BucketOwnerPreferred' });
      expect(
        resource(prod, 'aws_s3_bucket_server_side_encryption_configuration', 'access_logs_encryption').rule[0].apply_server_side_encryption_by_default,
      ).toEqual({ sse_algorithm: 'AES256' });
      expect(resource(prod, 'aws_s3_bucket_public_access_block', 'access_logs_public_access_block').block_public_policy).toBe(true);
    });

    it('lets API errors pass through: no custom error responses', () => {
      expect(dist(sigv4).custom_error_response).toBeUndefined();
      expect(dist(prod).custom_error_response).toBeUndefined();
      expect(dist(noSite).custom_error_response).toBeUndefined();
    });

    it('is protected by the web ACL', () => {
      expect(dist(sigv4).web_acl_id).toBe('${aws_wafv2_web_acl.waf.arn}');
    });
  });

  describe('cache and response headers policies', () => {
    it('keys the cache on Authorization (so the edge function sees it) with caching effectively off', () => {
      const policy = resource(sigv4, 'aws_cloudfront_cache_policy', 'api_cache_policy');
      expect(policy).toMatchObject({ name: 'dev-api', min_ttl: 0, default_ttl: 0, max_ttl: 1 });
      expect(policy.max_ttl).toBeGreaterThanOrEqual(1);
      expect(policy.parameters_in_cache_key_and_forwarded_to_origin.headers_config).toEqual({
        header_behavior: 'whitelist',
        headers: { items: ['Authorization'] },
      });
      expect(policy.parameters_in_cache_key_and_forwarded_to_origin.query_strings_config).toEqual({ query_string_behavior: 'all' });
    });

    it('adds HSTS, nosniff, frame options and referrer policy to every response', () => {
      const headers = resource(sigv4, 'aws_cloudfront_response_headers_policy', 'security_headers').security_headers_config;
      expect(headers).toEqual({
        strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true },
        content_type_options: { override: true },
        frame_options: { frame_option: 'DENY', override: true },
        referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin', override: true },
      });
    });

    it('answers CORS from config, and not at all without origins', () => {
      expect(resource(prod, 'aws_cloudfront_response_headers_policy', 'security_headers').cors_config).toEqual({
        access_control_allow_origins: { items: ['https://app.example.com'] },
        access_control_allow_methods: { items: ['DELETE', 'GET', 'OPTIONS', 'POST', 'PUT'] }, // a set: sorted (constructs/set-values.ts)
        access_control_allow_headers: { items: ['authorization', 'content-type'] },
        access_control_allow_credentials: true,
        access_control_max_age_sec: 600,
        origin_override: true,
      });
      const none = synthApp(testConfig('dev', (c) => (c.api.cors.allowOrigins = []))).edge;
      expect(resource(none, 'aws_cloudfront_response_headers_policy', 'security_headers').cors_config).toBeUndefined();
    });
  });

  describe('WAF', () => {
    const acl = (json: TfJson) => resource(json, 'aws_wafv2_web_acl', 'waf');
    const rule = (json: TfJson, name: string) => acl(json).rule.find((r: any) => r.name === name);

    it('is a CLOUDFRONT-scope web ACL in us-east-1 that allows by default', () => {
      expect(acl(sigv4)).toMatchObject({ scope: 'CLOUDFRONT', default_action: { allow: {} } });
      expect(acl(sigv4).provider).toBeUndefined();
    });

    it('rate-limits per IP with the configured limit and window', () => {
      expect(rule(sigv4, 'RateLimitPerIp')).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 1000, evaluation_window_sec: 300, aggregate_key_type: 'IP' } },
      });
      expect(rule(prod, 'RateLimitPerIp').statement.rate_based_statement.limit).toBe(2000);
    });

    it('runs the baseline managed groups, counting (not blocking) SizeRestrictions_BODY', () => {
      const groups = (json: TfJson) =>
        acl(json)
          .rule.filter((r: any) => r.statement.managed_rule_group_statement)
          .map((r: any) => r.name);
      expect(groups(sigv4)).toEqual([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesSQLiRuleSet',
      ]);
      expect(groups(prod)).toEqual([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesAnonymousIpList',
        'AWSManagedRulesSQLiRuleSet',
      ]);
      expect(rule(sigv4, 'AWSManagedRulesCommonRuleSet')).toMatchObject({
        override_action: { none: {} },
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }],
          },
        },
      });
      const noOptional = synthApp(testConfig('dev', (c) => (c.edge.waf.sqli = false))).edge;
      expect(groups(noOptional)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    });

    it('emits CloudWatch metrics and samples on every rule, at fixed priorities', () => {
      for (const r of acl(prod).rule) {
        expect(r.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: `prod-edge-${r.name}` });
        expect(r.priority).toBe(WAF_RULE_PRIORITIES[r.name as keyof typeof WAF_RULE_PRIORITIES]);
      }
      expect(acl(prod).visibility_config.cloudwatch_metrics_enabled).toBe(true);
    });

    it('allows and denies the configured IPs through IP sets split by address family', () => {
      const withIps = synthApp(
        testConfig('dev', (c) => {
          c.edge.waf.allowIps = ['203.0.113.0/24', '2001:db8::/32'];
          c.edge.waf.denyIps = ['198.51.100.7/32'];
        }),
      ).edge;
      const sets = resources(withIps, 'aws_wafv2_ip_set');
      expect(Object.keys(sets).sort()).toEqual(['waf_allow_ipv4', 'waf_allow_ipv6', 'waf_deny_ipv4']);
      expect(sets.waf_allow_ipv6).toMatchObject({ scope: 'CLOUDFRONT', ip_address_version: 'IPV6', addresses: ['2001:db8::/32'] });
      expect(rule(withIps, 'AllowListedIps')).toMatchObject({
        priority: 0,
        action: { allow: {} },
        statement: {
          or_statement: {
            statement: [
              { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.waf_allow_ipv4.arn}' } },
              { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.waf_allow_ipv6.arn}' } },
            ],
          },
        },
      });
      expect(rule(withIps, 'DenyListedIps')).toMatchObject({
        priority: 1,
        action: { block: {} },
        statement: { ip_set_reference_statement: { arn: '${aws_wafv2_ip_set.waf_deny_ipv4.arn}' } },
      });
      expect(resources(sigv4, 'aws_wafv2_ip_set')).toEqual({});
      expect(rule(sigv4, 'AllowListedIps')).toBeUndefined();
    });

    it('inspects the body size configured for CloudFront', () => {
      expect(acl(sigv4).association_config).toEqual({ request_body: [{ cloudfront: { default_size_inspection_limit: 'KB_16' } }] });
      expect(acl(prod).association_config.request_body[0].cloudfront.default_size_inspection_limit).toBe('KB_32');
    });

    it('logs to an aws-waf-logs- log group with authorization and cookie redacted', () => {
      expect(resource(sigv4, 'aws_cloudwatch_log_group', 'waf_log_group')).toMatchObject({ name: 'aws-waf-logs-dev-edge', retention_in_days: 14 });
      expect(resource(sigv4, 'aws_wafv2_web_acl_logging_configuration', 'waf_logging')).toMatchObject({
        resource_arn: '${aws_wafv2_web_acl.waf.arn}',
        log_destination_configs: ['${aws_cloudwatch_log_group.waf_log_group.arn}'],
        redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
      });
    });
  });

  describe('Lambda@Edge', () => {
    it('is a published nodejs22.x x86_64 function kept on destroy, its code and config from the plan-time zip', () => {
      expect(resource(sigv4, 'aws_lambda_function', 'edge_function')).toMatchObject({
        function_name: 'dev-edge-auth',
        runtime: 'nodejs22.x',
        architectures: ['x86_64'],
        handler: 'index.handler',
        publish: true,
        skip_destroy: true,
        filename: '${data.archive_file.edge_package.output_path}',
        source_code_hash: '${data.archive_file.edge_package.output_base64sha256}',
      });
      expect(resource(sigv4, 'aws_lambda_function', 'edge_function').provider).toBeUndefined();
    });

    it('is trusted by lambda.amazonaws.com and edgelambda.amazonaws.com', () => {
      expect(policyStatements(sigv4, resource(sigv4, 'aws_iam_role', 'edge_role').assume_role_policy)).toEqual([
        {
          sid: 'AssumedByLambda',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'] }],
        },
      ]);
    });

    it('may write its logs in every region, and only its own', () => {
      const [logs] = edgeRolePolicy(oac);
      const group =
        'arn:${data.aws_partition.edge_partition.partition}:logs:*:${data.aws_caller_identity.edge_account.account_id}:log-group:/aws/lambda/us-east-1.dev-edge-auth';
      expect(logs).toEqual({
        sid: 'WriteEdgeLogsInEveryRegion',
        effect: 'Allow',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [group, `${group}:*`],
      });
      expect(resource(sigv4, 'aws_cloudwatch_log_group', 'edge_log_group')).toMatchObject({
        name: '/aws/lambda/us-east-1.dev-edge-auth',
        retention_in_days: 14,
      });
    });

    it('zips the bundle asset as index.js and the baked config as config.json at plan time', () => {
      const archive = dataSource(sigv4, 'archive_file', 'edge_package');
      expect(archive.type).toBe('zip');
      expect(archive.output_path).toBe('${path.module}/edge-package.zip');
      expect(archive.source).toEqual([
        { filename: 'index.js', content: expect.stringMatching(/^\$\{file\("\$\{path\.module\}\/assets\/edge_bundle\/[0-9a-f]{64}\/index\.js"\)\}$/) },
        { filename: 'config.json', content: '${jsonencode(local.edge_package_config)}' },
      ]);
    });

    it('bakes a config.json that the edge function accepts, from remote-state values', () => {
      // Without the web app: the listed clients (with it, dev trusts the whole pool: web-app.test.ts).
      const local = noSite.locals!.edge_package_config as any;
      expect(local).toMatchObject({
        version: 1,
        mode: 'edge-sigv4',
        basePath: '/api',
        originHost: REMOTE('backend', 'function_url_host'),
        jwksBaseUrl: null,
        verifiers: [
          {
            userPoolId: REMOTE('identity', 'user_pool_id'),
            clientIds: `\${compact([data.terraform_remote_state.identity_stack.outputs.spa_client_id, data.terraform_remote_state.identity_stack.outputs.machine_client_id])}`,
            tokenUse: 'access',
            jwks: '${jsondecode(data.http.edge_package_jwks.response_body)}',
          },
        ],
      });
      // The function URL's region is the backend's: its own output, the one derivation.
      expect(local.originRegion).toBe(REMOTE('backend', 'function_region'));
      expect(local.routes).toEqual(testConfig('dev').routes);
      expect(() => checkEdgeConfig(evaluate(local, SAMPLES))).not.toThrow();
    });

    it('fetches the JWKS at plan time from jwks_url, failing the plan unless it answers 200', () => {
      const http = dataSource(sigv4, 'http', 'edge_package_jwks');
      expect(http.url).toBe(REMOTE('identity', 'jwks_url'));
      expect(http.lifecycle.postcondition).toEqual([{ condition: '${self.status_code == 200}', error_message: expect.stringMatching(/bakeJwks/) }]);
    });

    it('bakes jwks: null and needs no http provider when bakeJwks is off', () => {
      const off = synthApp(testConfig('dev', (c) => (c.edge.bakeJwks = false))).edge;
      expect((off.locals!.edge_package_config as any).verifiers[0].jwks).toBeNull();
      expect(off.data!.http).toBeUndefined();
      expect(off.provider.http).toBeUndefined();
      expect(off.terraform.required_providers.http).toBeUndefined();
    });

    it('trusts only the SPA client for id tokens, and points JWKS fetches at the emulator when there is one', () => {
      const id = synthApp(testConfig('dev', (c) => Object.assign(c.edge, { tokenUse: 'id', webApp: false }))).edge;
      expect((id.locals!.edge_package_config as any).verifiers[0]).toMatchObject({ tokenUse: 'id', clientIds: [REMOTE('identity', 'spa_client_id')] });
      const emu = synthApp(testConfig('emulator')).edge;
      expect((emu.locals!.edge_package_config as any).jwksBaseUrl).toBe('http://127.0.0.1:5000');
    });

    it('escapes template sequences of config data, so a route never becomes a Terraform expression', () => {
      const odd = synthApp(
        testConfig('dev', (c) => {
          c.identity.groups.push({ name: 'x${y}', description: '%{z}', precedence: 30 });
          c.routes.unshift({ method: 'GET', path: '/odd', access: { groups: ['x${y}'] } });
        }),
      );
      expect((odd.edge.locals!.edge_package_config as any).routes[0].access.groups).toEqual(['x$${y}']);
      expect(odd.identity.resource.aws_cognito_user_group).toMatchObject({ users_group_x_y: { name: 'x$${y}', description: '%%{z}' } });
      expect(odd.backend.resource.aws_lambda_function.api_function.environment.variables.SFU_API_ROUTES).toContain('x$${y}');
    });
  });

  describe('signing mode edge-sigv4', () => {
    it('lets the edge role invoke the API function URL (both permissions, conditioned) and nothing beyond logs', () => {
      const statements = edgeRolePolicy(sigv4);
      expect(statements.map((s: any) => s.sid)).toEqual(['WriteEdgeLogsInEveryRegion', 'InvokeApiFunctionUrl', 'InvokeApiViaFunctionUrlOnly']);
      expect(statements[1]).toEqual({
        sid: 'InvokeApiFunctionUrl',
        effect: 'Allow',
        actions: ['lambda:InvokeFunctionUrl'],
        resources: [REMOTE('backend', 'function_arn')],
        condition: [{ test: 'StringEquals', variable: 'lambda:FunctionUrlAuthType', values: ['AWS_IAM'] }],
      });
      expect(statements[2]).toEqual({
        sid: 'InvokeApiViaFunctionUrlOnly',
        effect: 'Allow',
        actions: ['lambda:InvokeFunction'],
        resources: [REMOTE('backend', 'function_arn')],
        condition: [{ test: 'Bool', variable: 'lambda:InvokedViaFunctionUrl', values: ['true'] }],
      });
    });

    it('has no origin access control and no resource-based permissions', () => {
      expect(resources(noSite, 'aws_cloudfront_origin_access_control')).toEqual({});
      expect(Object.keys(resources(sigv4, 'aws_cloudfront_origin_access_control'))).toEqual(['static_site_oac']);
      expect(resources(sigv4, 'aws_lambda_permission')).toEqual({});
      expect(dist(sigv4).origin[0].origin_access_control_id).toBeUndefined();
      expect((sigv4.locals!.edge_package_config as any).mode).toBe('edge-sigv4');
    });
  });

  describe('signing mode oac', () => {
    it('signs with a lambda origin access control (sigv4, always) on the function URL origin', () => {
      expect(resource(oac, 'aws_cloudfront_origin_access_control', 'function_url_oac')).toMatchObject({
        name: 'dev-function-url',
        origin_access_control_origin_type: 'lambda',
        signing_protocol: 'sigv4',
        signing_behavior: 'always',
      });
      expect(dist(oac).origin[0].origin_access_control_id).toBe('${aws_cloudfront_origin_access_control.function_url_oac.id}');
      expect((oac.locals!.edge_package_config as any).mode).toBe('oac');
    });

    it('grants CloudFront both function-URL permissions for this distribution, in the backend region', () => {
      const perms = resources(oac, 'aws_lambda_permission');
      const common = {
        provider: 'aws.backend_region',
        principal: 'cloudfront.amazonaws.com',
        source_arn: '${aws_cloudfront_distribution.distribution.arn}',
        function_name: REMOTE('backend', 'function_name'),
      };
      expect(perms.function_url_permissions_invoke_function_url).toEqual({
        ...common,
        statement_id: 'AllowCloudFrontOacInvokeFunctionUrl',
        action: 'lambda:InvokeFunctionUrl',
        function_url_auth_type: 'AWS_IAM',
      });
      expect(perms.function_url_permissions_invoke_function).toEqual({
        ...common,
        statement_id: 'AllowCloudFrontOacInvokeViaFunctionUrl',
        action: 'lambda:InvokeFunction',
        invoked_via_function_url: true,
      });
      expect(perms.function_url_permissions_invoke_function.function_url_auth_type).toBeUndefined();
    });

    it('leaves the edge role with logs only', () => {
      expect(edgeRolePolicy(oac).map((s: any) => s.sid)).toEqual(['WriteEdgeLogsInEveryRegion']);
    });
  });

  it('exports the edge outputs with descriptions', () => {
    expect(Object.keys(sigv4.output).sort()).toEqual(Object.values(EDGE_OUTPUTS).sort());
    expect(sigv4.output.edge_function_qualified_arn.value).toBe('${aws_lambda_function.edge_function.qualified_arn}');
    expect(noSite.output.static_site_bucket_name.value).toBe('');
    expect(noSite.output.web_client_id.value).toBe('');
    expect(sigv4.output.web_client_id.value).toBe('${aws_cognito_user_pool_client.web_client.id}');
    for (const o of Object.values(sigv4.output)) expect(o.description).toMatch(/\S/);
  });
});
