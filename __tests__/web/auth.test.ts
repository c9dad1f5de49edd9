/** web/src/auth.ts: the sign-in glue (settings, session storage only, bearer token choice, Cognito logout, callback and return path). */
import type { UserManagerSettings } from 'oidc-client-ts';
import {
  STORAGE_PREFIX,
  bearerToken,
  createUserManager,
  displayIdentity,
  isSigninCallback,
  logoutUrl,
  oidcKeys,
  oidcSettings,
  returnPathOf,
  safeReturnPath,
  signinState,
  type StorageLike,
} from '../../web/src/auth';
import { parseWebConfig } from '../../web/src/config';

const ORIGIN = 'https://app.example.com';
const config = parseWebConfig(
  {
    authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    userPoolDomain: 'https://sfu-dev.auth.eu-west-1.amazoncognito.com',
    clientId: 'client123',
    redirectUri: '/callback',
    logoutUri: '/',
    apiBasePath: '/api',
    tokenUse: 'access',
  },
  ORIGIN,
);

class MemoryStorage implements StorageLike {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  clear() {
    this.map.clear();
  }
}

describe('oidcSettings', () => {
  it('asks for the code flow at the authority, with PKCE, no silent renew, no user info', () => {
    expect(oidcSettings(config)).toEqual({
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      client_id: 'client123',
      redirect_uri: 'https://app.example.com/callback',
      post_logout_redirect_uri: 'https://app.example.com/',
      response_type: 'code',
      scope: 'openid email profile',
      disablePKCE: false,
      loadUserInfo: false,
      automaticSilentRenew: false,
      monitorSession: false,
      revokeTokensOnSignout: false,
    });
  });
});

describe('createUserManager', () => {
  it('gives the library the session storage for both the user (tokens) and the sign-in state (PKCE verifier), never localStorage', () => {
    const session = new MemoryStorage();
    const stores: Array<{ store: StorageLike; prefix?: string }> = [];
    let settings: UserManagerSettings | undefined;
    class FakeStore {
      constructor(readonly options: { store: StorageLike; prefix?: string }) {
        stores.push(options);
      }
    }
    class FakeManager {
      constructor(s: UserManagerSettings) {
        settings = s;
      }
    }
    const manager = createUserManager(config, { UserManager: FakeManager, WebStorageStateStore: FakeStore, sessionStorage: session });
    expect(manager).toBeInstanceOf(FakeManager);
    expect(stores).toEqual([{ store: session, prefix: STORAGE_PREFIX }]);
    expect((settings?.userStore as unknown as FakeStore).options.store).toBe(session);
    expect((settings?.stateStore as unknown as FakeStore).options.store).toBe(session);
    expect(settings).toMatchObject({ ...oidcSettings(config) });
  });

  it('oidcKeys lists what the library left in a storage', () => {
    const s = new MemoryStorage();
    s.setItem('oidc.user:https://x:client123', '{}');
    s.setItem('other', '1');
    s.setItem('oidc.abc', '{}');
    expect(oidcKeys(s)).toEqual(['oidc.abc', 'oidc.user:https://x:client123']);
    expect(oidcKeys(new MemoryStorage())).toEqual([]);
  });
});

describe('bearerToken', () => {
  const user = { access_token: 'ACCESS', id_token: 'ID', profile: {} };
  it('sends the configured token type', () => {
    expect(bearerToken(user, 'access')).toBe('ACCESS');
    expect(bearerToken(user, 'id')).toBe('ID');
  });
  it('nothing without a user or without that token', () => {
    expect(bearerToken(null, 'access')).toBeUndefined();
    expect(bearerToken(undefined, 'id')).toBeUndefined();
    expect(bearerToken({ access_token: 'A', profile: {} }, 'id')).toBeUndefined();
    expect(bearerToken({ access_token: '', profile: {} }, 'access')).toBeUndefined();
  });
});

describe('logoutUrl', () => {
  it("is Cognito's /logout with client_id and logout_uri", () => {
    const url = new URL(logoutUrl(config));
    expect(url.origin + url.pathname).toBe('https://sfu-dev.auth.eu-west-1.amazoncognito.com/logout');
    expect([...url.searchParams]).toEqual([
      ['client_id', 'client123'],
      ['logout_uri', 'https://app.example.com/'],
    ]);
  });
});

describe('isSigninCallback', () => {
  it('is the redirect URI with a code or an error', () => {
    expect(isSigninCallback(`${ORIGIN}/callback?code=abc&state=s`, config)).toBe(true);
    expect(isSigninCallback(`${ORIGIN}/callback?error=access_denied&state=s`, config)).toBe(true);
    expect(isSigninCallback(`${ORIGIN}/callback`, config)).toBe(false);
    expect(isSigninCallback(`${ORIGIN}/books/1?code=abc`, config)).toBe(false);
    expect(isSigninCallback(`https://other.example.com/callback?code=abc`, config)).toBe(false);
  });
});

describe('return path after sign-in', () => {
  it('keeps a path on this origin', () => {
    expect(safeReturnPath('/books/1?x=1')).toBe('/books/1?x=1');
    expect(returnPathOf({ state: signinState('/books/42') })).toBe('/books/42');
  });
  it.each([['//evil.example/'], ['https://evil.example/'], ['/\\evil.example'], ['/a\nb'], [''], [undefined], [42]])('refuses %p (goes to /)', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });
  it('no or odd state goes to /', () => {
    expect(returnPathOf({ state: undefined })).toBe('/');
    expect(returnPathOf({ state: 'x' })).toBe('/');
    expect(returnPathOf({ state: { returnTo: '//evil' } })).toBe('/');
  });
});

describe('displayIdentity', () => {
  it("takes Cognito's username and groups from the id token's claims", () => {
    expect(displayIdentity({ profile: { sub: 'u-1', 'cognito:username': 'erin', 'cognito:groups': ['editors', 7] } })).toEqual({
      name: 'erin',
      groups: ['editors'],
    });
    expect(displayIdentity({ profile: { sub: 'u-1', email: 'e@example.com' } })).toEqual({ name: 'e@example.com', groups: [] });
    expect(displayIdentity({ profile: {} })).toEqual({ name: 'unknown', groups: [] });
  });
});
