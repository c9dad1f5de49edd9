/**
 * The hosted-UI stand-in (local/hosted-ui.ts): Cognito's paths, the PKCE S256
 * check, single-use codes bound to client and redirect URI, the sign-in page
 * listing the development users, /logout, and the discovery document.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { DEV_USERS, openIdConfiguration, pkceChallenge, startHostedUi, type RunningHostedUi } from '../../local/hosted-ui';
import { startJwksServer, type RunningJwksServer } from '../../local/jwks-server';
import { LOCAL_ISSUER, LOCAL_SPA_CLIENT_ID, LOCAL_USER_POOL_ID, createIssuer, loadOrCreateKey, type LocalIssuer } from '../../local/token-issuer';

const APP = 'http://127.0.0.1:8080';
const CALLBACK = `${APP}/callback`;
const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

let dir: string;
let issuer: LocalIssuer;
let ui: RunningHostedUi;
let jwks: RunningJwksServer;
let now = new Date();
const logs: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-hosted-ui-'));
  issuer = createIssuer(loadOrCreateKey(path.join(dir, 'key.pem')));
  ui = await startHostedUi({
    issuer,
    clients: [{ clientId: LOCAL_SPA_CLIENT_ID, callbackUrls: () => [CALLBACK], logoutUrls: () => [`${APP}/`], scopes: ['email', 'openid', 'profile'] }],
    accessTokenSeconds: 600,
    idTokenSeconds: 900,
    clock: () => now,
    log: (l) => logs.push(l),
  });
  jwks = await startJwksServer(issuer, 0, (base) => openIdConfiguration(issuer, base, ui.baseUrl));
});
afterAll(async () => {
  await ui.close();
  await jwks.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  now = new Date();
});

function pkce() {
  const verifier = crypto.randomBytes(48).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

function authorizeParams(over: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: LOCAL_SPA_CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'st-1',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    ...over,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) p.set(k, v);
  return p;
}

async function authorize(params: URLSearchParams) {
  return fetch(`${ui.baseUrl}/oauth2/authorize?${params}`, { redirect: 'manual' });
}

/** Signs `username` in through the form and returns the code from the redirect. */
async function signIn(username: string, params: URLSearchParams): Promise<{ code: string; location: URL }> {
  const form = new URLSearchParams(params);
  form.set('username', username);
  const res = await fetch(`${ui.baseUrl}/login`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return { code: location.searchParams.get('code') ?? '', location };
}

async function token(form: Record<string, string>) {
  const res = await fetch(`${ui.baseUrl}/oauth2/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('GET /oauth2/authorize', () => {
  it('shows a sign-in page listing each development user with their groups', async () => {
    const res = await authorize(authorizeParams());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(DEV_USERS.map((u) => u.username)).toEqual(['alice', 'erin', 'rita']);
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('Sign in as alice <span class="groups">(admins)</span>');
    expect(html).toContain('Sign in as erin <span class="groups">(editors)</span>');
    expect(html).toContain('Sign in as rita <span class="groups">(readers)</span>');
    // The request rides along in the form, escaped.
    expect(html).toContain(`<input type="hidden" name="redirect_uri" value="${CALLBACK}">`);
  });

  it('escapes what it echoes', async () => {
    const html = await (await authorize(authorizeParams({ state: '"><script>alert(1)</script>' }))).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });

  it('refuses an unknown client or a redirect_uri that is not registered (error page, never a redirect)', async () => {
    const unknown = await authorize(authorizeParams({ client_id: 'nope' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client');
    for (const uri of [`${APP}/callback/`, `${APP}/callback?x=1`, 'http://127.0.0.1:8081/callback', 'https://evil.example/callback']) {
      const res = await authorize(authorizeParams({ redirect_uri: uri }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_mismatch');
    }
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['no PKCE challenge', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a malformed challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['the implicit flow', { response_type: 'token' }, 'unsupported_response_type'],
    ['a scope the client may not ask for', { scope: 'openid books/write' }, 'invalid_scope'],
  ])('redirects back with an error for %s', async (_name, over, error) => {
    const res = await authorize(authorizeParams(over));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('st-1');
  });
});

describe('POST /oauth2/token', () => {
  it('exchanges a code for Cognito-shaped access and id tokens once the S256 verifier matches', async () => {
    const { verifier, challenge } = pkce();
    const { code, location } = await signIn('erin', authorizeParams({ code_challenge: challenge, nonce: 'n-1' }));
    expect(location.origin + location.pathname).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('st-1');
    const res = await token({ grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(res.body.refresh_token).toBeUndefined();
    const access = decode(String(res.body.access_token));
    const id = decode(String(res.body.id_token));
    expect(access).toMatchObject({
      iss: LOCAL_ISSUER,
      token_use: 'access',
      client_id: LOCAL_SPA_CLIENT_ID,
      username: 'erin',
      'cognito:groups': ['editors'],
      scope: 'openid email profile',
    });
    expect(access.exp - access.iat).toBe(600);
    expect(id).toMatchObject({
      iss: LOCAL_ISSUER,
      token_use: 'id',
      aud: LOCAL_SPA_CLIENT_ID,
      'cognito:username': 'erin',
      'cognito:groups': ['editors'],
      nonce: 'n-1',
    });
    expect(id.exp - id.iat).toBe(900);
    // They verify as Cognito tokens of this pool would (the edge's library).
    const verifierOf = (tokenUse: 'access' | 'id') => CognitoJwtVerifier.create({ userPoolId: LOCAL_USER_POOL_ID, clientId: LOCAL_SPA_CLIENT_ID, tokenUse });
    const a = verifierOf('access');
    a.cacheJwks(issuer.jwks as never);
    await expect(a.verify(String(res.body.access_token))).resolves.toMatchObject({ username: 'erin' });
    const i = verifierOf('id');
    i.cacheJwks(issuer.jwks as never);
    await expect(i.verify(String(res.body.id_token))).resolves.toMatchObject({ 'cognito:username': 'erin' });
  });

  it('refuses a second use of a code (single use)', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await signIn('alice', authorizeParams({ code_challenge: challenge }));
    const form = { grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier };
    expect((await token(form)).status).toBe(200);
    const again = await token(form);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_description: 'The code is unknown or was already used.' });
  });

  it('refuses a wrong verifier, and the code is spent by the attempt', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await signIn('rita', authorizeParams({ code_challenge: challenge }));
    const base = { grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: CALLBACK };
    const wrong = await token({ ...base, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_description: 'The code_verifier does not match the code_challenge.' });
    expect((await token({ ...base, code_verifier: verifier })).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The code is unknown or was already used.',
    });
  });

  it('refuses a missing or malformed verifier', async () => {
    for (const v of [undefined, 'short', `${'a'.repeat(42)}!`]) {
      const { challenge } = pkce();
      const { code } = await signIn('erin', authorizeParams({ code_challenge: challenge }));
      const form: Record<string, string> = { grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: CALLBACK };
      if (v !== undefined) form.code_verifier = v;
      expect((await token(form)).body).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringContaining('code_verifier is missing or malformed'),
      });
    }
  });

  it('refuses a redirect_uri other than the authorization request\u2019s', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await signIn('erin', authorizeParams({ code_challenge: challenge }));
    const res = await token({ grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: `${APP}/other`, code_verifier: verifier });
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: 'The redirect_uri differs from the authorization request.' });
  });

  it('refuses an expired code (5 minutes)', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await signIn('erin', authorizeParams({ code_challenge: challenge }));
    now = new Date(now.getTime() + 301_000);
    const res = await token({ grant_type: 'authorization_code', client_id: LOCAL_SPA_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: 'The code has expired.' });
  });

  it('refuses other grants, unknown clients and non-form bodies', async () => {
    expect((await token({ grant_type: 'refresh_token', client_id: LOCAL_SPA_CLIENT_ID, refresh_token: 'x' })).body).toMatchObject({
      error: 'unsupported_grant_type',
    });
    expect((await token({ grant_type: 'authorization_code', client_id: 'nope', code: 'x' })).body).toMatchObject({ error: 'invalid_client' });
    const json = await fetch(`${ui.baseUrl}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('POST /login refuses an unknown user and re-checks the request', async () => {
    const form = authorizeParams();
    form.set('username', 'mallory');
    const res = await fetch(`${ui.baseUrl}/login`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(400);
    const forged = authorizeParams({ redirect_uri: 'https://evil.example/cb' });
    forged.set('username', 'alice');
    const refused = await fetch(`${ui.baseUrl}/login`, { method: 'POST', body: forged, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
  });
});

describe('GET /logout', () => {
  it('redirects to a registered logout_uri', async () => {
    const res = await fetch(`${ui.baseUrl}/logout?${new URLSearchParams({ client_id: LOCAL_SPA_CLIENT_ID, logout_uri: `${APP}/` })}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${APP}/`);
  });
  it('refuses an unregistered logout_uri or client', async () => {
    const bad = await fetch(`${ui.baseUrl}/logout?${new URLSearchParams({ client_id: LOCAL_SPA_CLIENT_ID, logout_uri: 'https://evil.example/' })}`, {
      redirect: 'manual',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    const client = await fetch(`${ui.baseUrl}/logout?${new URLSearchParams({ client_id: 'nope', logout_uri: `${APP}/` })}`, { redirect: 'manual' });
    expect(client.status).toBe(400);
  });
});

describe('OIDC discovery (below the issuer, on the issuer host stand-in)', () => {
  it('names the issuer of the tokens and the stand-ins\u2019 endpoints, with CORS', async () => {
    const res = await fetch(`${jwks.baseUrl}/${LOCAL_USER_POOL_ID}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({
      issuer: LOCAL_ISSUER,
      authorization_endpoint: `${ui.baseUrl}/oauth2/authorize`,
      token_endpoint: `${ui.baseUrl}/oauth2/token`,
      jwks_uri: `${jwks.baseUrl}/${LOCAL_USER_POOL_ID}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
    });
  });
});

it('logs paths only: no code, state or token', () => {
  const all = logs.join('\n');
  expect(all).toContain('POST /oauth2/token');
  expect(all).not.toMatch(/code=|state=|eyJ/);
});
