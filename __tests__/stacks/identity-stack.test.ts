import { IDENTITY_OUTPUTS } from '../../stacks/outputs';
import { resource, resources, synthApp, testConfig, type TfJson } from './synth-helpers';

describe('IdentityStack', () => {
  let dev: TfJson;
  let prod: TfJson;
  beforeAll(() => {
    dev = synthApp(testConfig('dev')).identity;
    prod = synthApp(testConfig('prod')).identity;
  });
  const pool = (json: TfJson) => resource(json, 'aws_cognito_user_pool', 'users');
  const spa = (json: TfJson) => resource(json, 'aws_cognito_user_pool_client', 'spa_client');

  it('signs in by email, verified automatically, case-insensitively', () => {
    expect(pool(dev)).toMatchObject({ username_attributes: ['email'], auto_verified_attributes: ['email'], username_configuration: { case_sensitive: false } });
  });

  it('requires a password of at least the configured length (>= 12) with every character class', () => {
    expect(pool(dev).password_policy).toMatchObject({
      minimum_length: 12,
      require_lowercase: true,
      require_uppercase: true,
      require_numbers: true,
      require_symbols: true,
    });
    expect(pool(prod).password_policy.minimum_length).toBe(14);
  });

  it('takes the MFA mode from config, with software tokens unless MFA is off', () => {
    expect(pool(dev)).toMatchObject({ mfa_configuration: 'OPTIONAL', software_token_mfa_configuration: { enabled: true } });
    expect(pool(prod).mfa_configuration).toBe('ON');
    const off = synthApp(testConfig('dev', (c) => (c.identity.mfa = 'OFF'))).identity;
    expect(pool(off).mfa_configuration).toBe('OFF');
    expect(pool(off).software_token_mfa_configuration).toBeUndefined();
  });

  it('protects the pool from deletion outside dev', () => {
    expect(pool(dev).deletion_protection).toBe('INACTIVE');
    expect(pool(prod).deletion_protection).toBe('ACTIVE');
  });

  it('sets threat protection (advanced security) from config, on the PLUS plan when on', () => {
    expect(pool(dev)).toMatchObject({ user_pool_add_ons: { advanced_security_mode: 'OFF' }, user_pool_tier: 'ESSENTIALS' });
    expect(pool(prod)).toMatchObject({ user_pool_add_ons: { advanced_security_mode: 'ENFORCED' }, user_pool_tier: 'PLUS' });
  });

  it('recovers accounts by verified email only', () => {
    expect(pool(dev).account_recovery_setting).toEqual({ recovery_mechanism: [{ name: 'verified_email', priority: 1 }] });
  });

  it('creates the configured groups', () => {
    const groups = resources(dev, 'aws_cognito_user_group');
    expect(Object.keys(groups).sort()).toEqual(['users_group_admins', 'users_group_editors', 'users_group_readers']);
    expect(groups.users_group_admins).toMatchObject({ name: 'admins', precedence: 1, user_pool_id: '${aws_cognito_user_pool.users.id}' });
  });

  it('makes the SPA client public: no secret, code flow only (no implicit), SRP and refresh only', () => {
    expect(spa(dev)).toMatchObject({
      generate_secret: false,
      allowed_oauth_flows: ['code'],
      allowed_oauth_flows_user_pool_client: true,
      explicit_auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      supported_identity_providers: ['COGNITO'],
    });
    expect(spa(dev).allowed_oauth_flows).not.toContain('implicit');
  });

  it('hides user existence, revokes tokens, and takes lifetimes and URLs from config', () => {
    expect(spa(prod)).toMatchObject({
      prevent_user_existence_errors: 'ENABLED',
      enable_token_revocation: true,
      access_token_validity: 15,
      id_token_validity: 15,
      refresh_token_validity: 7,
      token_validity_units: [{ access_token: 'minutes', id_token: 'minutes', refresh_token: 'days' }],
      callback_urls: ['https://app.example.com/callback'],
      logout_urls: ['https://app.example.com/'],
    });
  });

  it("creates the machine client for client credentials with the resource server's scopes and a secret", () => {
    expect(resource(dev, 'aws_cognito_resource_server', 'machine_client_resource_server')).toMatchObject({
      identifier: 'books',
      scope: [
        { scope_name: 'read', scope_description: 'Read books' },
        { scope_name: 'write', scope_description: 'Create, change books and post messages' },
      ],
    });
    expect(resource(dev, 'aws_cognito_user_pool_client', 'machine_client')).toMatchObject({
      generate_secret: true,
      allowed_oauth_flows: ['client_credentials'],
      allowed_oauth_scopes: ['books/read', 'books/write'],
      prevent_user_existence_errors: 'ENABLED',
    });
  });

  it('has no machine client, and empty machine outputs, when the config has none', () => {
    const none = synthApp(
      testConfig('dev', (c) => {
        c.identity.machineClient = null;
        c.routes = c.routes.map((r: any) => (typeof r.access === 'object' ? { ...r, access: { groups: r.access.groups ?? ['admins'] } } : r));
      }),
    ).identity;
    expect(resources(none, 'aws_cognito_user_pool_client').machine_client).toBeUndefined();
    expect(resources(none, 'aws_cognito_resource_server')).toEqual({});
    expect(none.output.machine_client_id.value).toBe('');
    expect(none.output.resource_server_identifier.value).toBe('');
  });

  it('creates the hosted UI domain from config', () => {
    expect(resource(dev, 'aws_cognito_user_pool_domain', 'users_domain')).toMatchObject({
      domain: 'sfu-dev-example',
      user_pool_id: '${aws_cognito_user_pool.users.id}',
    });
    expect(dev.output.hosted_ui_domain.value).toBe('sfu-dev-example.auth.eu-west-1.amazoncognito.com');
  });

  it('exports the identity outputs, issuer and JWKS derived from the pool', () => {
    expect(Object.keys(dev.output).sort()).toEqual(Object.values(IDENTITY_OUTPUTS).sort());
    expect(dev.output.issuer_url.value).toBe('https://${aws_cognito_user_pool.users.endpoint}');
    expect(dev.output.jwks_url.value).toBe('https://${aws_cognito_user_pool.users.endpoint}/.well-known/jwks.json');
    expect(dev.output.user_pool_region.value).toBe('eu-west-1');
    for (const o of Object.values(dev.output)) expect(o.description).toMatch(/\S/);
  });

  it('points jwks_url at the emulator when config.endpoints is set', () => {
    const emu = synthApp(testConfig('emulator')).identity;
    expect(emu.output.jwks_url.value).toBe('http://127.0.0.1:5000/${aws_cognito_user_pool.users.id}/.well-known/jwks.json');
  });
});
