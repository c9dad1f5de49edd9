/**
 * The app's runtime configuration: `config.json`, served beside index.html
 * and written per environment (by the deploy from the stacks' outputs, by
 * `npm run dev` for the local chain), so one build serves every environment.
 *
 * ```json
 * {
 *   "authority": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
 *   "userPoolDomain": "https://sfu-dev.auth.eu-west-1.amazoncognito.com",
 *   "clientId": "1a2b3c...",
 *   "redirectUri": "https://d111111abcdef8.cloudfront.net/callback",
 *   "logoutUri": "https://d111111abcdef8.cloudfront.net/",
 *   "apiBasePath": "/api",
 *   "tokenUse": "access"
 * }
 * ```
 * `authority` is the issuer (OIDC discovery lives below it), `userPoolDomain`
 * the hosted UI's base URL (its `/logout`). `redirectUri` and `logoutUri` may
 * also be paths (`/callback`), taken on the page's own origin. `scope` is
 * optional ("openid email profile"). Unknown fields are refused (a typo must
 * not pass silently).
 *
 * Pure and DOM-free (unit-tested under Node).
 */

import type { WebAppConfigFile } from '../../lib/contracts/web-config';

export type TokenUse = WebAppConfigFile['tokenUse'];

/** The parsed config: the file's shape (lib/contracts/web-config.ts) with every default applied. */
export type WebConfig = Required<WebAppConfigFile>;

export const WEB_CONFIG_PATH = '/config.json';
export const DEFAULT_SCOPE = 'openid email profile';

const FIELDS = ['authority', 'userPoolDomain', 'clientId', 'redirectUri', 'logoutUri', 'apiBasePath', 'tokenUse', 'scope'] as const;

export class WebConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL, or http on a loopback host (the local chain). */
function absoluteUrl(field: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebConfigError(`config.json: ${field} must be an absolute URL; received "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new WebConfigError(`config.json: ${field} must be an https URL (http only on 127.0.0.1 or localhost); received "${value}"`);
  }
  if (url.username || url.password || url.hash)
    throw new WebConfigError(`config.json: ${field} must not carry credentials or a #fragment; received "${value}"`);
  return url;
}

/** A base URL without query and without a trailing slash. */
function baseUrl(field: string, value: string): string {
  const url = absoluteUrl(field, value);
  if (url.search) throw new WebConfigError(`config.json: ${field} must not have a query; received "${value}"`);
  return url.href.replace(/\/+$/, '');
}

/** An absolute URL, or a path (starting with one "/") on the page's origin. */
function pageUrl(field: string, value: string, pageOrigin: string): string {
  if (value.startsWith('/') && !value.startsWith('//')) return absoluteUrl(field, new URL(value, pageOrigin).href).href;
  return absoluteUrl(field, value).href;
}

function text(raw: Record<string, unknown>, field: (typeof FIELDS)[number]): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.trim() === '') throw new WebConfigError(`config.json: ${field} is required (a non-empty string)`);
  return value.trim();
}

/** Checks and normalizes config.json's content; `pageOrigin` resolves path-only URIs (e.g. "https://app.example.com"). */
export function parseWebConfig(raw: unknown, pageOrigin: string): WebConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new WebConfigError('config.json: expected a JSON object');
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new WebConfigError(
      `config.json: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; allowed: ${FIELDS.join(', ')}`,
    );

  const clientId = text(record, 'clientId');
  if (!/^[\w+]{1,128}$/.test(clientId))
    throw new WebConfigError(`config.json: clientId must be an app client id (letters, digits, _ and +); received "${clientId}"`);
  const apiBasePath = text(record, 'apiBasePath');
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(apiBasePath))
    throw new WebConfigError(`config.json: apiBasePath must be a path like "/api" (no trailing slash); received "${apiBasePath}"`);
  const tokenUse = text(record, 'tokenUse');
  if (tokenUse !== 'access' && tokenUse !== 'id') throw new WebConfigError(`config.json: tokenUse must be "access" or "id"; received "${tokenUse}"`);
  const scope = record.scope === undefined ? DEFAULT_SCOPE : text(record, 'scope').split(/\s+/).join(' ');
  if (!scope.split(' ').includes('openid'))
    throw new WebConfigError(`config.json: scope must include "openid" (sign-in returns an id token); received "${scope}"`);

  return {
    authority: baseUrl('authority', text(record, 'authority')),
    userPoolDomain: baseUrl('userPoolDomain', text(record, 'userPoolDomain')),
    clientId,
    redirectUri: pageUrl('redirectUri', text(record, 'redirectUri'), pageOrigin),
    logoutUri: pageUrl('logoutUri', text(record, 'logoutUri'), pageOrigin),
    apiBasePath,
    tokenUse,
    scope,
  };
}

/** The slice of `fetch` the loader needs (the browser's, or a stub in tests). */
export type ConfigFetch = (
  url: string,
  init: { cache: 'no-store'; headers: Record<string, string> },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Fetches and checks config.json from the page's origin (never from a cache). */
export async function loadWebConfig(fetchFn: ConfigFetch, pageOrigin: string, path: string = WEB_CONFIG_PATH): Promise<WebConfig> {
  let response;
  try {
    response = await fetchFn(new URL(path, pageOrigin).href, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (e) {
    throw new WebConfigError(`config.json could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!response.ok) throw new WebConfigError(`config.json could not be loaded: the server answered ${response.status}`);
  let raw: unknown;
  try {
    raw = JSON.parse(await response.text());
  } catch {
    throw new WebConfigError('config.json is not valid JSON');
  }
  return parseWebConfig(raw, pageOrigin);
}
