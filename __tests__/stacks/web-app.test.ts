/**
 * The web app on the edge stack (`edge.webApp`, on in config/dev.json): the
 * build's objects, config.json, the deep-link CloudFront Function on the
 * default behaviour only, the edge-made web client, and the edge's
 * pool-wide trust that avoids a cycle.
 */
import { checkEdgeConfig } from '../../edge/config-check';
import { FUNCTION_URL_ORIGIN_ID, STATIC_SITE_ORIGIN_ID } from '../../constructs/api-distribution';
import { spaFallbackFunctionCode } from '../../packaging/spa-fallback';
import { webBuildForSynth } from '../../packaging/web-app-asset';
import { CACHE_IMMUTABLE, CACHE_NO_CACHE } from '../../packaging/web-build';
import { parseWebConfig } from '../../web/src/config';
import { resource, resources, synthApp, testConfig, type TfJson } from './synth-helpers';

const REMOTE = (output: string) => `\${data.terraform_remote_state.identity_stack.outputs.${output}}`;
const DIST_DOMAIN = '${aws_cloudfront_distribution.distribution.domain_name}';
const CUSTOM = {
  certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  aliases: ['app.example.com', '*.example.com', 'www.example.com'],
};

/** Replaces each `${...}` reference by a sample value, as Terraform would evaluate it. */
function evaluate(text: string, samples: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_m, ref: string) => {
    const hit = Object.entries(samples).find(([k]) => ref.endsWith(k));
    if (!hit) throw new Error(`no sample for \${${ref}}`);
    return hit[1];
  });
}
const SAMPLES = {
  'outputs.user_pool_region': 'eu-west-1',
  'outputs.user_pool_id': 'eu-west-1_AbCdEf123',
  'outputs.hosted_ui_domain': 'sfu-dev-example.auth.eu-west-1.amazoncognito.com',
  'outputs.spa_client_id': 'spaclient123',
  'aws_cognito_user_pool_client.web_client.id': 'webclient456',
  'aws_cloudfront_distribution.distribution.domain_name': 'd111111abcdef8.cloudfront.net',
};

describe('the web app (edge.webApp)', () => {
  let dev: TfJson;
  let custom: TfJson;
  let prod: TfJson;
  beforeAll(() => {
    dev = synthApp(testConfig('dev')).edge;
    custom = synthApp(testConfig('dev', (c) => (c.edge.customDomain = CUSTOM))).edge;
    prod = synthApp(testConfig('prod')).edge;
  });
  const dist = (json: TfJson) => resource(json, 'aws_cloudfront_distribution', 'distribution');

  describe('the build as S3 objects', () => {
    it('uploads every file of the build (one for_each resource, keyed by object key) into the static site bucket', () => {
      const files = resource(dev, 'aws_s3_object', 'web_app_files');
      const build = webBuildForSynth();
      expect(Object.keys(files.for_each)).toEqual(build.files.map((f) => f.key));
      expect(Object.keys(files.for_each)).toContain('index.html');
      expect(files).toMatchObject({
        bucket: '${aws_s3_bucket.static_site.bucket}',
        key: '${each.key}',
        source: '${each.value.source}',
        content_type: '${each.value.content_type}',
        cache_control: '${each.value.cache_control}',
        source_hash: '${each.value.source_hash}',
      });
    });

    it('gives each object its content type, cache-control and a source_hash of its bytes, from a relative asset path', () => {
      const { for_each: byKey } = resource(dev, 'aws_s3_object', 'web_app_files');
      for (const f of webBuildForSynth().files) {
        const o = byKey[f.key];
        expect(o.content_type).toBe(f.contentType);
        expect(o.source_hash).toBe(f.sha256);
        // Relative to the stack directory, content-addressed per file: a file that did not change keeps its source.
        expect(o.source).toBe(`assets/${o.source.split('/')[1]}/${f.sha256}/${f.key.split('/').pop()}`);
        expect(o.source).toMatch(/^assets\/web_app_build_f_[0-9a-f]{12}\//);
      }
      expect(byKey['index.html']).toMatchObject({ content_type: 'text/html; charset=utf-8', cache_control: CACHE_NO_CACHE });
      const hashed = Object.keys(byKey).filter((k) => k.startsWith('assets/'));
      expect(hashed.length).toBeGreaterThanOrEqual(2);
      for (const k of hashed) expect(byKey[k].cache_control).toBe(CACHE_IMMUTABLE);
      expect(byKey[hashed.find((k) => k.endsWith('.js'))!].content_type).toBe('text/javascript; charset=utf-8');
      expect(byKey[hashed.find((k) => k.endsWith('.css'))!].content_type).toBe('text/css; charset=utf-8');
    });

    it('writes config.json at plan/apply time from remote state and the distribution, no-cache, and the app accepts it', () => {
      expect(resource(dev, 'aws_s3_object', 'web_app_config')).toMatchObject({
        bucket: '${aws_s3_bucket.static_site.bucket}',
        key: 'config.json',
        content: '${jsonencode(local.web_app_config_json)}',
        content_type: 'application/json',
        cache_control: CACHE_NO_CACHE,
      });
      const local = dev.locals!.web_app_config_json as Record<string, string>;
      expect(local).toEqual({
        authority: `https://cognito-idp.${REMOTE('user_pool_region')}.amazonaws.com/${REMOTE('user_pool_id')}`,
        userPoolDomain: `https://${REMOTE('hosted_ui_domain')}`,
        clientId: '${aws_cognito_user_pool_client.web_client.id}',
        redirectUri: `https://${DIST_DOMAIN}/callback`,
        logoutUri: `https://${DIST_DOMAIN}/`,
        apiBasePath: '/api',
        tokenUse: 'access',
      });
      const evaluated = Object.fromEntries(Object.entries(local).map(([k, v]) => [k, evaluate(v, SAMPLES)]));
      expect(parseWebConfig(evaluated, 'https://d111111abcdef8.cloudfront.net')).toMatchObject({
        authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
        userPoolDomain: 'https://sfu-dev-example.auth.eu-west-1.amazoncognito.com',
        clientId: 'webclient456',
        redirectUri: 'https://d111111abcdef8.cloudfront.net/callback',
      });
    });

    it('sends the app to the first custom-domain alias a browser can open, and the id token when the edge wants it', () => {
      const local = custom.locals!.web_app_config_json as Record<string, string>;
      expect(local).toMatchObject({ redirectUri: 'https://app.example.com/callback', logoutUri: 'https://app.example.com/' });
      const id = synthApp(testConfig('dev', (c) => (c.edge.tokenUse = 'id'))).edge;
      expect((id.locals!.web_app_config_json as any).tokenUse).toBe('id');
    });
  });

  describe('deep links: a CloudFront Function on the default behaviour only', () => {
    it('publishes the fallback code as a cloudfront-js-2.0 function', () => {
      expect(resource(dev, 'aws_cloudfront_function', 'spa_fallback')).toMatchObject({
        name: 'dev-spa-fallback',
        runtime: 'cloudfront-js-2.0',
        publish: true,
        code: spaFallbackFunctionCode(),
      });
    });

    it('runs it on viewer-request of the default (static site) behaviour', () => {
      const d = dist(dev).default_cache_behavior;
      expect(d.target_origin_id).toBe(STATIC_SITE_ORIGIN_ID);
      expect(d.function_association).toEqual([{ event_type: 'viewer-request', function_arn: '${aws_cloudfront_function.spa_fallback.arn}' }]);
      expect(d.lambda_function_association).toBeUndefined();
    });

    it('never on the API behaviour, which keeps only the edge function', () => {
      const [api] = dist(dev).ordered_cache_behavior;
      expect(api.path_pattern).toBe('/api/*');
      expect(api.target_origin_id).toBe(FUNCTION_URL_ORIGIN_ID);
      expect(api.function_association).toBeUndefined();
      expect(api.lambda_function_association).toEqual([
        { event_type: 'origin-request', lambda_arn: '${aws_lambda_function.edge_function.qualified_arn}', include_body: true },
      ]);
      expect(dist(dev).ordered_cache_behavior).toHaveLength(1);
    });

    it("has no custom_error_response, which would turn the API's 403/404 into the app's HTML", () => {
      for (const json of [dev, custom, prod]) expect(dist(json).custom_error_response).toBeUndefined();
      expect(JSON.stringify(dist(dev))).not.toMatch(/error_response|error_caching/);
    });
  });

  describe('the web client, made after the distribution', () => {
    it('is a public code + PKCE client of the identity pool, in the backend region, with callback and logout on the distribution', () => {
      const client = resource(dev, 'aws_cognito_user_pool_client', 'web_client');
      const spa = testConfig('dev').identity.spaClient;
      expect(client).toMatchObject({
        provider: 'aws.backend_region',
        name: 'dev-web',
        user_pool_id: REMOTE('user_pool_id'),
        generate_secret: false,
        allowed_oauth_flows_user_pool_client: true,
        allowed_oauth_flows: ['code'],
        allowed_oauth_scopes: ['email', 'openid', 'profile'],
        supported_identity_providers: ['COGNITO'],
        callback_urls: [`https://${DIST_DOMAIN}/callback`],
        logout_urls: [`https://${DIST_DOMAIN}/`],
        access_token_validity: spa.accessTokenMinutes,
        id_token_validity: spa.idTokenMinutes,
        refresh_token_validity: spa.refreshTokenDays,
      });
    });

    it("adds the custom domain's aliases (not wildcards) to its callback and logout URLs", () => {
      const client = resource(custom, 'aws_cognito_user_pool_client', 'web_client');
      expect([...client.callback_urls].sort()).toEqual(
        [`https://${DIST_DOMAIN}/callback`, 'https://app.example.com/callback', 'https://www.example.com/callback'].sort(),
      );
      expect([...client.logout_urls].sort()).toEqual([`https://${DIST_DOMAIN}/`, 'https://app.example.com/', 'https://www.example.com/'].sort());
    });

    it('exports its id as web_client_id', () => {
      expect(dev.output.web_client_id.value).toBe('${aws_cognito_user_pool_client.web_client.id}');
    });
  });

  describe('no cycle: the edge trusts every client of our pool instead of listing the web client', () => {
    it('bakes clientIds: null for our pool, which the edge config check accepts', () => {
      const local = dev.locals!.edge_package_config as any;
      expect(local.verifiers).toEqual([
        { userPoolId: REMOTE('user_pool_id'), clientIds: null, tokenUse: 'access', jwks: '${jsondecode(data.http.edge_package_jwks.response_body)}' },
      ]);
      const evaluated = JSON.parse(
        JSON.stringify(local)
          .replace(/"\$\{jsondecode\(data\.http\.[^"]+\)\}"/, '{"keys":[]}')
          .replace(/\$\{[^}"]+\}/g, (ref) => (ref.includes('function_url_host') ? 'abc.lambda-url.eu-west-1.on.aws' : 'eu-west-1_AbC')),
      );
      expect(checkEdgeConfig(evaluated).verifiers[0].clientIds).toBeNull();
    });

    it('the edge package and the distribution reference neither the web client nor the app objects', () => {
      const edgeInputs = JSON.stringify([dev.locals!.edge_package_config, dev.data!.archive_file, resource(dev, 'aws_lambda_function', 'edge_function')]);
      expect(edgeInputs).not.toMatch(/web_client|web_app|aws_cloudfront_distribution/);
      expect(JSON.stringify(dist(dev))).not.toMatch(/web_client|web_app|aws_s3_object/);
    });
  });

  describe('off', () => {
    it('a static site without the web app (prod) gets no objects, function or web client, and web_client_id ""', () => {
      expect(resources(prod, 'aws_s3_bucket').static_site).toBeDefined();
      expect(resources(prod, 'aws_s3_object')).toEqual({});
      expect(resources(prod, 'aws_cloudfront_function')).toEqual({});
      expect(resources(prod, 'aws_cognito_user_pool_client')).toEqual({});
      expect(dist(prod).default_cache_behavior.function_association).toBeUndefined();
      expect(prod.output.web_client_id.value).toBe('');
      expect(prod.locals!.web_app_config_json).toBeUndefined();
    });
  });
});
