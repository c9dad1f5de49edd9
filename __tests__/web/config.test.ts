/** web/src/config.ts: config.json checked and normalized, one build for every environment. */
import { DEFAULT_SCOPE, WebConfigError, loadWebConfig, parseWebConfig, type ConfigFetch } from '../../web/src/config';

const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
const VALID = {
  authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/',
  userPoolDomain: 'https://sfu-dev.auth.eu-west-1.amazoncognito.com/',
  clientId: '1a2b3c4d5e6f7g8h9i0j1k2l3m',
  redirectUri: `${ORIGIN}/callback`,
  logoutUri: `${ORIGIN}/`,
  apiBasePath: '/api',
  tokenUse: 'access',
};

describe('parseWebConfig', () => {
  it('accepts the deploy shape, drops trailing slashes and defaults the scope', () => {
    expect(parseWebConfig(VALID, ORIGIN)).toEqual({
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      userPoolDomain: 'https://sfu-dev.auth.eu-west-1.amazoncognito.com',
      clientId: VALID.clientId,
      redirectUri: `${ORIGIN}/callback`,
      logoutUri: `${ORIGIN}/`,
      apiBasePath: '/api',
      tokenUse: 'access',
      scope: DEFAULT_SCOPE,
    });
  });

  it('resolves path-only redirect and logout URIs on the page origin', () => {
    const c = parseWebConfig({ ...VALID, redirectUri: '/callback', logoutUri: '/' }, 'https://app.example.com');
    expect(c.redirectUri).toBe('https://app.example.com/callback');
    expect(c.logoutUri).toBe('https://app.example.com/');
  });

  it('accepts http on loopback only (the local chain)', () => {
    const local = {
      ...VALID,
      authority: 'http://127.0.0.1:4100/eu-west-1_LocalDev01',
      userPoolDomain: 'http://127.0.0.1:4200',
      redirectUri: 'http://127.0.0.1:8080/callback',
      logoutUri: 'http://localhost:8080/',
    };
    expect(parseWebConfig(local, 'http://127.0.0.1:8080').authority).toBe('http://127.0.0.1:4100/eu-west-1_LocalDev01');
    expect(() => parseWebConfig({ ...VALID, authority: 'http://cognito-idp.eu-west-1.amazonaws.com/x' }, ORIGIN)).toThrow(/authority must be an https URL/);
  });

  it('takes tokenUse "id" and a custom scope that includes openid', () => {
    const c = parseWebConfig({ ...VALID, tokenUse: 'id', scope: ' openid   email ' }, ORIGIN);
    expect(c.tokenUse).toBe('id');
    expect(c.scope).toBe('openid email');
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /expected a JSON object/],
    ['an unknown field (typo)', { ...VALID, clientID: 'x' }, /unknown field "clientID"/],
    ['a missing field', { ...VALID, clientId: undefined }, /clientId is required/],
    ['an empty field', { ...VALID, authority: '  ' }, /authority is required/],
    ['a bad client id', { ...VALID, clientId: 'a b' }, /clientId must be an app client id/],
    ['a base path with a trailing slash', { ...VALID, apiBasePath: '/api/' }, /apiBasePath must be a path/],
    ['a base path without a slash', { ...VALID, apiBasePath: 'api' }, /apiBasePath must be a path/],
    ['an unknown token use', { ...VALID, tokenUse: 'refresh' }, /tokenUse must be "access" or "id"/],
    ['a scope without openid', { ...VALID, scope: 'email' }, /scope must include "openid"/],
    ['a relative URL that is not a path', { ...VALID, redirectUri: 'callback' }, /redirectUri must be an absolute URL/],
    ['a protocol-relative URL', { ...VALID, logoutUri: '//evil.example/' }, /logoutUri must be an absolute URL/],
    ['credentials in a URL', { ...VALID, userPoolDomain: 'https://u:p@x.example' }, /must not carry credentials/],
    ['a query on a base URL', { ...VALID, userPoolDomain: 'https://x.example/?a=1' }, /must not have a query/],
    ['a javascript: URL', { ...VALID, redirectUri: 'javascript:alert(1)' }, /redirectUri must be an https URL/],
  ])('refuses %s', (_name, raw, message) => {
    expect(() => parseWebConfig(raw, ORIGIN)).toThrow(WebConfigError);
    expect(() => parseWebConfig(raw, ORIGIN)).toThrow(message);
  });
});

describe('loadWebConfig', () => {
  const answer =
    (status: number, body: string): ConfigFetch =>
    async () => ({ ok: status >= 200 && status < 300, status, text: async () => body });

  it('fetches /config.json from the page origin, never from a cache', async () => {
    const calls: Array<[string, unknown]> = [];
    const fetchFn: ConfigFetch = async (url, init) => {
      calls.push([url, init]);
      return { ok: true, status: 200, text: async () => JSON.stringify(VALID) };
    };
    await expect(loadWebConfig(fetchFn, ORIGIN)).resolves.toMatchObject({ clientId: VALID.clientId });
    expect(calls).toEqual([[`${ORIGIN}/config.json`, { cache: 'no-store', headers: { accept: 'application/json' } }]]);
  });

  it('says what failed: status, JSON, network, content', async () => {
    await expect(loadWebConfig(answer(403, '<Error/>'), ORIGIN)).rejects.toThrow('config.json could not be loaded: the server answered 403');
    await expect(loadWebConfig(answer(200, '{'), ORIGIN)).rejects.toThrow('config.json is not valid JSON');
    await expect(loadWebConfig(async () => Promise.reject(new Error('offline')), ORIGIN)).rejects.toThrow('config.json could not be loaded: offline');
    await expect(loadWebConfig(answer(200, '{"authority":1}'), ORIGIN)).rejects.toThrow(WebConfigError);
  });
});
