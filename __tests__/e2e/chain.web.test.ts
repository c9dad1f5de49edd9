/**
 * The web app's path through the local chain, over plain HTTP (no browser;
 * scripts/browser-test.ts drives Chromium): the entry URL serves the app and
 * its config.json; OIDC discovery, the hosted-UI stand-in and the token
 * endpoint sign a user in with PKCE exactly as oidc-client-ts does; the
 * token that comes back passes the real edge and API; deep links get
 * index.html; the API's 404 stays JSON. Both signing modes, and id tokens
 * (edge.tokenUse "id") as well as access tokens.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config/load';
import type { SigningMode } from '../../config/schema';
import { startChain, type RunningChain } from '../../local/chain';
import { pkceChallenge } from '../../local/hosted-ui';
import { LOCAL_ISSUER, LOCAL_SPA_CLIENT_ID } from '../../local/token-issuer';
import { parseWebConfig } from '../../web/src/config';

const INDEX = '<!doctype html><title>fixture app</title>';

describe.each<[SigningMode, 'access' | 'id']>([
  ['edge-sigv4', 'access'],
  ['oac', 'access'],
  ['edge-sigv4', 'id'],
])('the web app through the chain (%s, %s tokens)', (mode, tokenUse) => {
  let dir: string;
  let chain: RunningChain;
  const logs: string[] = [];

  beforeAll(async () => {
    const dev = loadConfig('dev');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `sfu-e2e-web-${mode}-${tokenUse}-`));
    const web = path.join(dir, 'web');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), INDEX);
    fs.writeFileSync(path.join(web, 'assets', 'index-AbCd1234.js'), 'void 0');
    chain = await startChain({
      config: { ...dev, edge: { ...dev.edge, tokenUse } },
      mode,
      buildDir: path.join(dir, 'build'),
      keyPath: path.join(dir, 'key.pem'),
      web: { root: web },
      log: (source, line) => logs.push(`[${source}] ${line}`),
    });
  }, 120_000);
  afterAll(async () => {
    await chain?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, init: RequestInit = {}) => fetch(url.startsWith('http') ? url : `${chain.entryUrl}${url}`, { redirect: 'manual', ...init });

  it('serves config.json for this chain, which the app accepts', async () => {
    const res = await get('/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const raw: unknown = await res.json();
    expect(raw).toEqual(chain.webConfig);
    const config = parseWebConfig(raw, chain.entryUrl);
    expect(config).toMatchObject({
      clientId: LOCAL_SPA_CLIENT_ID,
      redirectUri: `${chain.entryUrl}/callback`,
      logoutUri: `${chain.entryUrl}/`,
      apiBasePath: '/api',
      tokenUse,
      userPoolDomain: chain.hostedUi.baseUrl,
    });
  });

  it('deep links get index.html; the API keeps <basePath>/*', async () => {
    for (const p of ['/', '/books/some-id', '/callback?code=x&state=y']) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
    }
    const asset = await get('/assets/index-AbCd1234.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const api = await get('/api/books');
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('signs in with code + PKCE S256 as oidc-client-ts does, and the token passes the edge and the API; an unknown book stays a JSON 404', async () => {
    const config = parseWebConfig(chain.webConfig, chain.entryUrl);
    // 1. Discovery below the authority.
    const discovery: any = await (await get(`${config.authority}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(LOCAL_ISSUER);
    // 2. Authorize: the sign-in page, then choosing alice (admins).
    const verifier = crypto.randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      response_type: 'code',
      scope: config.scope,
      state: 'state-1',
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const page = await get(`${discovery.authorization_endpoint}?${params}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in as alice');
    const login = await get(`${chain.hostedUi.baseUrl}/login`, {
      method: 'POST',
      body: new URLSearchParams({ ...Object.fromEntries(params), username: 'alice' }),
    });
    expect(login.status).toBe(302);
    const callback = new URL(login.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(config.redirectUri);
    // 3. The callback page is the app's index.html.
    expect(await (await get(callback.href)).text()).toBe(INDEX);
    // 4. The token request.
    const tokens: any = await (
      await get(discovery.token_endpoint, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: config.clientId,
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: config.redirectUri,
          code_verifier: verifier,
        }),
      })
    ).json();
    expect(tokens.token_type).toBe('Bearer');
    // 5. The API, through the edge, with the configured token.
    const auth = { authorization: `Bearer ${config.tokenUse === 'id' ? tokens.id_token : tokens.access_token}` };
    const me = await get('/api/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).claims).toMatchObject({
      username: 'alice',
      groups: ['admins'],
      tokenUse: config.tokenUse,
      clientId: LOCAL_SPA_CLIENT_ID,
      issuer: LOCAL_ISSUER,
    });
    const missing = await get('/api/books/no-such-book', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await missing.json()) as any).error.code).toBe('not_found');
    // 6. Sign-out returns to the app.
    const logout = await get(`${config.userPoolDomain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri })}`);
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(config.logoutUri);
    expect(logs.join('\n')).toContain('[hosted-ui] 200 POST /oauth2/token: tokens for alice');
  }, 60_000);
});
