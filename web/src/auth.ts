/**
 * Sign-in glue around oidc-client-ts (authorization code + PKCE S256 with
 * the Cognito hosted UI, or the local hosted-UI stand-in: the same code).
 *
 * - Discovery: `<authority>/.well-known/openid-configuration` (Cognito
 *   serves it below the issuer) gives the authorize and token endpoints.
 * - Storage: the signed-in user (its tokens) and the pending sign-in state
 *   (its PKCE verifier) live in `sessionStorage` only, never in
 *   `localStorage` (oidc-client-ts keeps the state in localStorage unless
 *   told otherwise, so both stores are set here).
 * - No silent renew (Cognito has no `prompt=none`) and no session monitor:
 *   when a token is no longer accepted (401) the user signs in again.
 * - Sign-out: Cognito's `/logout?client_id=...&logout_uri=...` (it has no
 *   standard end-session endpoint), after the local user is removed.
 *
 * Pure and DOM-free: the library's classes and the storage are injected
 * (unit-tested under Node).
 */
import type { UserManagerSettings } from 'oidc-client-ts';
import type { TokenUse, WebConfig } from './config';

/** The Web Storage methods the stores use (window.sessionStorage in the browser). */
export interface StorageLike {
  readonly length: number;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  clear(): void;
}

/** The parts of oidc-client-ts the app uses, injected so this module loads without a browser. */
export interface AuthDeps<Manager, Store> {
  readonly UserManager: new (settings: UserManagerSettings) => Manager;
  readonly WebStorageStateStore: new (options: { store: StorageLike; prefix?: string }) => Store;
  /** Where tokens and sign-in state live: the tab's sessionStorage. */
  readonly sessionStorage: StorageLike;
}

/** Key prefix of everything oidc-client-ts writes. */
export const STORAGE_PREFIX = 'oidc.';

/** The library settings for a config, without the stores (see {@link createUserManager}). */
export function oidcSettings(config: WebConfig): Omit<UserManagerSettings, 'userStore' | 'stateStore'> {
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.logoutUri,
    response_type: 'code',
    scope: config.scope,
    // PKCE (S256) is the library's default for the code flow; never turned off.
    disablePKCE: false,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
    revokeTokensOnSignout: false,
  };
}

/** A UserManager whose user and state stores are both the session storage. */
export function createUserManager<Manager, Store>(config: WebConfig, deps: AuthDeps<Manager, Store>): Manager {
  const store = new deps.WebStorageStateStore({ store: deps.sessionStorage, prefix: STORAGE_PREFIX });
  return new deps.UserManager({
    ...oidcSettings(config),
    userStore: store as UserManagerSettings['userStore'],
    stateStore: store as UserManagerSettings['stateStore'],
  });
}

/** The slice of oidc-client-ts's User the app reads. */
export interface SignedInUser {
  readonly access_token: string;
  readonly id_token?: string;
  /** Seconds since the epoch. */
  readonly expires_at?: number;
  readonly profile: Readonly<Record<string, unknown>>;
  readonly state?: unknown;
}

/** The token the API expects (`tokenUse`), if there is a user. */
export function bearerToken(user: SignedInUser | null | undefined, tokenUse: TokenUse): string | undefined {
  if (!user) return undefined;
  const token = tokenUse === 'id' ? user.id_token : user.access_token;
  return token ? token : undefined;
}

/** Cognito's sign-out URL: `/logout` with the app client and where to return. */
export function logoutUrl(config: Pick<WebConfig, 'userPoolDomain' | 'clientId' | 'logoutUri'>): string {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
  return `${config.userPoolDomain}/logout?${query.toString()}`;
}

/** Whether the page at `href` is the hosted UI's answer to a sign-in (the redirect URI with `code` or `error`). */
export function isSigninCallback(href: string, config: Pick<WebConfig, 'redirectUri'>): boolean {
  const page = new URL(href);
  const callback = new URL(config.redirectUri);
  return page.origin === callback.origin && page.pathname === callback.pathname && (page.searchParams.has('code') || page.searchParams.has('error'));
}

const hasControlCharacter = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Where to go after sign-in: the path the user was on, when it is a path
 * on this origin (starts with one "/", no backslash); "/" otherwise.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControlCharacter(value)) return '/';
  return value;
}

/** The state kept with a sign-in request (stored in sessionStorage, not sent to the hosted UI). */
export function signinState(returnPath: string): { returnTo: string } {
  return { returnTo: safeReturnPath(returnPath) };
}

/** The path to open after the sign-in callback. */
export function returnPathOf(user: Pick<SignedInUser, 'state'>): string {
  const state = user.state;
  return safeReturnPath(typeof state === 'object' && state !== null ? (state as { returnTo?: unknown }).returnTo : undefined);
}

/** Who is signed in, from the id token's claims (for the header; the API's /me is what counts). */
export function displayIdentity(user: Pick<SignedInUser, 'profile'>): { name: string; groups: string[] } {
  const p = user.profile;
  const name = [p['cognito:username'], p.username, p.email, p.sub].find((v): v is string => typeof v === 'string' && v !== '') ?? 'unknown';
  const groups = Array.isArray(p['cognito:groups']) ? p['cognito:groups'].filter((g): g is string => typeof g === 'string') : [];
  return { name, groups };
}

/** Every key oidc-client-ts left in a storage (for tests and the browser check: none in localStorage). */
export function oidcKeys(storage: StorageLike): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && key.startsWith(STORAGE_PREFIX)) keys.push(key);
  }
  return keys.sort();
}
