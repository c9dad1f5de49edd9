/**
 * A stand-in for the user pool's hosted UI (managed login) on loopback, with
 * Cognito's endpoint paths, so the web app signs in locally with the same
 * code (oidc-client-ts) as against Cognito:
 *
 * - `GET /oauth2/authorize`: checks the request, then shows a sign-in page
 *   listing the development users and their groups (no passwords: local
 *   only). Choosing one posts to `/login`, which redirects to the
 *   `redirect_uri` with a `code` and the `state`.
 * - `POST /oauth2/token`: the `authorization_code` grant of a public client.
 *   The code is single-use (consumed by the first attempt, right or wrong),
 *   lives 5 minutes, is bound to its client and `redirect_uri`, and needs the
 *   PKCE verifier whose S256 hash was the `code_challenge`. Answers access
 *   and id tokens shaped like Cognito's (./token-issuer.ts); no refresh token.
 * - `GET /logout?client_id=...&logout_uri=...`: redirects to `logout_uri`
 *   when it is one of the client's sign-out URLs.
 *
 * Stricter than Cognito where that helps: PKCE S256 is required (Cognito
 * accepts a public client's code request without a challenge). OIDC
 * discovery is served by the issuer's host (./jwks-server.ts) from
 * {@link openIdConfiguration}, as Cognito serves it below the issuer.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { closeServer, listen, readBody, sendJson } from './http-util';
import type { LocalIssuer } from './token-issuer';

export interface DevUser {
  readonly username: string;
  readonly groups: readonly string[];
}

/** The development users of the sign-in page (the route map's groups: admins delete, editors write, readers read). */
export const DEV_USERS: readonly DevUser[] = [
  { username: 'alice', groups: ['admins'] },
  { username: 'erin', groups: ['editors'] },
  { username: 'rita', groups: ['readers'] },
];

export interface HostedUiClient {
  readonly clientId: string;
  /** Allowed `redirect_uri` values, exact match (asked per request: the app's port may be known late). */
  readonly callbackUrls: () => readonly string[];
  /** Allowed `logout_uri` values, exact match. */
  readonly logoutUrls: () => readonly string[];
  /** Scopes the client may ask for. */
  readonly scopes: readonly string[];
}

export interface HostedUiOptions {
  readonly issuer: LocalIssuer;
  readonly clients: readonly HostedUiClient[];
  /** @default DEV_USERS */
  readonly users?: readonly DevUser[];
  /** @default 3600 */
  readonly accessTokenSeconds?: number;
  /** @default 3600 */
  readonly idTokenSeconds?: number;
  /** How long a code may be redeemed. @default 300 (Cognito's) */
  readonly codeSeconds?: number;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** One line per request (codes and tokens never shown). @default discarded */
  readonly log?: (line: string) => void;
}

export interface RunningHostedUi {
  /** Stands for `https://<domain prefix>.auth.<region>.amazoncognito.com`. */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The OIDC discovery document of the local pool (Cognito's fields), its endpoints on the stand-ins. */
export function openIdConfiguration(issuer: LocalIssuer, issuerHostUrl: string, hostedUiUrl: string): Record<string, unknown> {
  return {
    issuer: issuer.issuer,
    authorization_endpoint: `${hostedUiUrl}/oauth2/authorize`,
    token_endpoint: `${hostedUiUrl}/oauth2/token`,
    userinfo_endpoint: `${hostedUiUrl}/oauth2/userInfo`,
    revocation_endpoint: `${hostedUiUrl}/oauth2/revoke`,
    jwks_uri: `${issuerHostUrl}/${issuer.userPoolId}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  };
}

/** `base64url(sha256(verifier))`, PKCE's S256 transform (RFC 7636 section 4.2). */
export function pkceChallenge(verifier: string): string {
  return crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly user: DevUser;
  readonly scopes: readonly string[];
  readonly nonce?: string;
  readonly expires: number;
}

/** What an authorize request (or its sign-in form) asks for, checked. */
interface AuthorizeRequest {
  readonly client: HostedUiClient;
  readonly redirectUri: string;
  readonly state?: string;
  readonly scopes: readonly string[];
  readonly challenge: string;
  readonly nonce?: string;
}

type Checked = { readonly ok: true; readonly request: AuthorizeRequest } | { readonly ok: false; readonly page?: string; readonly redirect?: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
  return url.href;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f2f3f3; color: #16191f; line-height: 1.5; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; border: 1px solid #d5dbdb; }
h1 { font-size: 1.5rem; margin-top: 0; }
ul { list-style: none; padding: 0; margin: 0; }
li { margin: 0.5rem 0; }
button { font: inherit; width: 100%; min-height: 48px; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid #0972d3; background: #0972d3; color: #fff; cursor: pointer; text-align: left; }
button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.groups { display: block; font-size: 0.875rem; opacity: 0.9; }
.small { font-size: 0.875rem; color: #5f6b7a; overflow-wrap: anywhere; }
fieldset { border: none; padding: 0; margin: 0; }
legend { font-weight: 600; margin-bottom: 0.25rem; }
.error { background: #fdecea; border-left: 4px solid #d13212; padding: 0.5rem 0.75rem; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function errorPage(error: string, description: string): string {
  return page(
    'Sign-in error',
    `<h1>An error was encountered with the requested page</h1>\n<p class="error" role="alert"><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</p>`,
  );
}

export async function startHostedUi(options: HostedUiOptions): Promise<RunningHostedUi> {
  const users = options.users ?? DEV_USERS;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const codeSeconds = options.codeSeconds ?? 300;
  const codes = new Map<string, PendingCode>();

  /** The checks of /oauth2/authorize, in Cognito's order: client and redirect URI first (errors shown, never redirected), then the rest (redirected). */
  function checkAuthorize(params: URLSearchParams): Checked {
    const client = options.clients.find((c) => c.clientId === params.get('client_id'));
    if (!client) return { ok: false, page: errorPage('invalid_client', 'The client_id is not an app client of this user pool.') };
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!client.callbackUrls().includes(redirectUri)) {
      return { ok: false, page: errorPage('redirect_mismatch', 'The redirect_uri is not one of the app client\u2019s callback URLs.') };
    }
    const state = params.get('state') ?? undefined;
    const fail = (error: string, description: string): Checked => ({
      ok: false,
      redirect: withQuery(redirectUri, { error, error_description: description, state }),
    });
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only the authorization code flow (response_type=code) is allowed.');
    const scopes = (params.get('scope') ?? 'openid').split(/\s+/).filter((s) => s !== '');
    const notAllowed = scopes.filter((s) => !client.scopes.includes(s));
    if (notAllowed.length > 0) return fail('invalid_scope', `Scopes not allowed for this client: ${notAllowed.join(' ')}`);
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !CHALLENGE.test(challenge)) {
      return fail('invalid_request', 'PKCE is required: code_challenge (43 base64url characters) with code_challenge_method=S256.');
    }
    const nonce = params.get('nonce') ?? undefined;
    return { ok: true, request: { client, redirectUri, state, scopes, challenge, nonce } };
  }

  function signInPage(params: URLSearchParams, request: AuthorizeRequest): string {
    const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce']
      .filter((k) => params.has(k))
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(params.get(k) ?? '')}">`)
      .join('\n');
    const buttons = users
      .map((u) => {
        const groups = u.groups.length > 0 ? u.groups.join(', ') : 'no groups';
        return `<li><button type="submit" name="username" value="${escapeHtml(u.username)}">Sign in as ${escapeHtml(u.username)} <span class="groups">(${escapeHtml(groups)})</span></button></li>`;
      })
      .join('\n');
    return page(
      'Sign in',
      `<h1>Sign in</h1>
<p>Local stand-in for the hosted UI of user pool <code>${escapeHtml(options.issuer.userPoolId)}</code>. Choose a development user: no password is asked (never use this outside your machine).</p>
<form method="post" action="/login">
${hidden}
<fieldset>
<legend>Development users</legend>
<ul>
${buttons}
</ul>
</fieldset>
</form>
<p class="small">App client <code>${escapeHtml(request.client.clientId)}</code> returns to <code>${escapeHtml(request.redirectUri)}</code>.</p>`,
    );
  }

  function sendHtml(res: http.ServerResponse, status: number, html: string): void {
    const body = Buffer.from(html);
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    });
    res.end(body);
  }

  function redirect(res: http.ServerResponse, location: string): void {
    res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
  }

  const CORS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store', pragma: 'no-cache' };
  const tokenError = (res: http.ServerResponse, status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description }, CORS);

  function token(res: http.ServerResponse, form: URLSearchParams): string {
    if (form.get('grant_type') !== 'authorization_code') {
      tokenError(res, 400, 'unsupported_grant_type', 'Only grant_type=authorization_code is supported here.');
      return 'unsupported_grant_type';
    }
    const client = options.clients.find((c) => c.clientId === form.get('client_id'));
    if (!client) {
      tokenError(res, 400, 'invalid_client', 'Unknown client_id.');
      return 'invalid_client';
    }
    const codeValue = form.get('code') ?? '';
    const code = codes.get(codeValue);
    // Single use: the first redemption attempt consumes the code, right or wrong.
    codes.delete(codeValue);
    const now = clock();
    const refuse = (reason: string) => {
      tokenError(res, 400, 'invalid_grant', reason);
      return `invalid_grant (${reason})`;
    };
    if (!code) return refuse('The code is unknown or was already used.');
    if (now.getTime() > code.expires) return refuse('The code has expired.');
    if (code.clientId !== client.clientId) return refuse('The code was issued to another client.');
    if (form.get('redirect_uri') !== code.redirectUri) return refuse('The redirect_uri differs from the authorization request.');
    const verifier = form.get('code_verifier') ?? '';
    if (!VERIFIER.test(verifier)) return refuse('code_verifier is missing or malformed (43-128 characters of A-Z a-z 0-9 - . _ ~).');
    const expected = Buffer.from(code.challenge);
    const actual = Buffer.from(pkceChallenge(verifier));
    if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) return refuse('The code_verifier does not match the code_challenge.');

    const accessTokenSeconds = options.accessTokenSeconds ?? 3600;
    const common = { sub: code.user.username, groups: code.user.groups, clientId: code.clientId, now };
    const body: Record<string, unknown> = {
      access_token: options.issuer.issue({ ...common, tokenUse: 'access', scopes: code.scopes, expiresIn: accessTokenSeconds }),
      expires_in: accessTokenSeconds,
      token_type: 'Bearer',
    };
    if (code.scopes.includes('openid'))
      body.id_token = options.issuer.issue({ ...common, tokenUse: 'id', nonce: code.nonce, expiresIn: options.idTokenSeconds ?? 3600 });
    sendJson(res, 200, body, CORS);
    return `tokens for ${code.user.username}`;
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://hosted-ui');
      const method = req.method ?? 'GET';
      const route = `${method} ${url.pathname}`;
      const body = await readBody(req, 64 * 1024);
      let outcome: string;
      if (route === 'GET /oauth2/authorize') {
        const checked = checkAuthorize(url.searchParams);
        if (checked.ok) {
          sendHtml(res, 200, signInPage(url.searchParams, checked.request));
          outcome = 'sign-in page';
        } else if (checked.redirect) {
          redirect(res, checked.redirect);
          outcome = `redirected with ${new URL(checked.redirect).searchParams.get('error')}`;
        } else {
          sendHtml(res, 400, checked.page ?? errorPage('invalid_request', 'Bad request.'));
          outcome = 'error page';
        }
      } else if (route === 'POST /login') {
        const form = new URLSearchParams(body?.toString('utf8') ?? '');
        const checked = checkAuthorize(form);
        const user = users.find((u) => u.username === form.get('username'));
        if (!checked.ok) {
          if (checked.redirect) redirect(res, checked.redirect);
          else sendHtml(res, 400, checked.page ?? errorPage('invalid_request', 'Bad request.'));
          outcome = 'refused';
        } else if (!user) {
          sendHtml(res, 400, errorPage('invalid_request', 'Unknown user.'));
          outcome = 'unknown user';
        } else {
          const r = checked.request;
          const code = crypto.randomBytes(32).toString('base64url');
          codes.set(code, {
            clientId: r.client.clientId,
            redirectUri: r.redirectUri,
            challenge: r.challenge,
            user,
            scopes: r.scopes,
            nonce: r.nonce,
            expires: clock().getTime() + codeSeconds * 1000,
          });
          redirect(res, withQuery(r.redirectUri, { code, state: r.state }));
          outcome = `signed in ${user.username} (${user.groups.join(', ') || 'no groups'})`;
        }
      } else if (route === 'POST /oauth2/token') {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/x-www-form-urlencoded') {
          tokenError(res, 400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
          outcome = 'invalid_request';
        } else {
          outcome = token(res, new URLSearchParams(body?.toString('utf8') ?? ''));
        }
      } else if (route === 'OPTIONS /oauth2/token') {
        res.writeHead(204, {
          ...CORS,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type, authorization, dpop',
          'access-control-max-age': '600',
        });
        res.end();
        outcome = 'preflight';
      } else if (route === 'GET /logout') {
        const client = options.clients.find((c) => c.clientId === url.searchParams.get('client_id'));
        const logoutUri = url.searchParams.get('logout_uri') ?? '';
        if (!client) {
          sendHtml(res, 400, errorPage('invalid_client', 'The client_id is not an app client of this user pool.'));
          outcome = 'invalid_client';
        } else if (!client.logoutUrls().includes(logoutUri)) {
          sendHtml(res, 400, errorPage('invalid_request', 'The logout_uri is not one of the app client\u2019s sign-out URLs.'));
          outcome = 'logout_uri refused';
        } else {
          redirect(res, logoutUri);
          outcome = 'signed out';
        }
      } else {
        sendJson(res, 404, { error: 'not_found' });
        outcome = 'not found';
      }
      // The path only: the query carries state, codes and challenges.
      log(`${res.statusCode} ${method} ${url.pathname}: ${outcome}`);
    })().catch((e) => {
      log(`500 hosted UI stand-in error: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    });
  });
  const port = await listen(server, options.port ?? 0);
  return { baseUrl: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}
