import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { JwtExpiredError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import {
  LOCAL_ISSUER,
  LOCAL_MACHINE_CLIENT_ID,
  LOCAL_SPA_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  createIssuer,
  defaultKeyPath,
  loadOrCreateKey,
} from '../../local/token-issuer';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-issuer-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function parts(token: string) {
  const [h, p, s] = token.split('.');
  return { header: decode(h), payload: decode(p), signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

describe('loadOrCreateKey', () => {
  it('creates the key (and missing directories) on first use with mode 0600', () => {
    const keyPath = path.join(dir, 'nested', 'deeper', 'key.pem');
    const key = loadOrCreateKey(keyPath);
    expect(key.type).toBe('private');
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('reuses the existing key: same key, file untouched', () => {
    const keyPath = path.join(dir, 'reuse.pem');
    const first = loadOrCreateKey(keyPath);
    const before = fs.readFileSync(keyPath);
    const mtime = fs.statSync(keyPath).mtimeMs;
    const second = loadOrCreateKey(keyPath);
    expect(second.export({ type: 'pkcs8', format: 'pem' })).toEqual(first.export({ type: 'pkcs8', format: 'pem' }));
    expect(fs.readFileSync(keyPath).equals(before)).toBe(true);
    expect(fs.statSync(keyPath).mtimeMs).toBe(mtime);
    // And issuers built from either load share the kid (a stable JWKS across runs).
    expect(createIssuer(second).kid).toBe(createIssuer(first).kid);
  });

  it('the default key lives in <repo>/.local/, which git ignores', () => {
    const p = defaultKeyPath();
    expect(p.endsWith(path.join('.local', 'dev-issuer-key.pem'))).toBe(true);
    const root = path.dirname(path.dirname(p));
    expect(fs.existsSync(path.join(root, 'package.json'))).toBe(true);
    expect(
      fs
        .readFileSync(path.join(root, '.gitignore'), 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    ).toContain('.local/');
  });
});

describe('createIssuer', () => {
  const key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const issuer = createIssuer(key);

  it('has the Cognito issuer URL of the local pool and a public-only JWKS', () => {
    expect(issuer.issuer).toBe(LOCAL_ISSUER);
    expect(issuer.userPoolId).toBe(LOCAL_USER_POOL_ID);
    expect(issuer.jwks.keys).toHaveLength(1);
    const jwk = issuer.jwks.keys[0];
    expect(jwk).toMatchObject({ kty: 'RSA', kid: issuer.kid, alg: 'RS256', use: 'sig', e: 'AQAB' });
    for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(priv);
  });

  it('another key gets another kid', () => {
    expect(createIssuer(crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey).kid).not.toBe(issuer.kid);
  });

  it('an access token has the Cognito access-token claims and an RS256 signature over the JWKS key', () => {
    const now = new Date('2030-01-02T03:04:05Z');
    const token = issuer.issue({ sub: 'alice', groups: ['admins', 'editors'], scopes: ['books/read', 'books/write'], now });
    const { header, payload, signingInput, signature } = parts(token);
    expect(header).toEqual({ kid: issuer.kid, alg: 'RS256' });
    const iat = Math.floor(now.getTime() / 1000);
    expect(payload).toMatchObject({
      sub: 'alice',
      iss: LOCAL_ISSUER,
      token_use: 'access',
      client_id: LOCAL_SPA_CLIENT_ID,
      scope: 'books/read books/write',
      username: 'alice',
      'cognito:groups': ['admins', 'editors'],
      iat,
      auth_time: iat,
      exp: iat + 3600,
    });
    expect(payload).not.toHaveProperty('aud');
    expect(payload).not.toHaveProperty('email');
    const publicKey = crypto.createPublicKey({ key: issuer.jwks.keys[0] as crypto.JsonWebKey, format: 'jwk' });
    expect(crypto.verify('RSA-SHA256', Buffer.from(signingInput), publicKey, signature)).toBe(true);
  });

  it('an access token without scopes has scope "openid"; without groups it has no cognito:groups', () => {
    const { payload } = parts(issuer.issue({ sub: 'bob' }));
    expect(payload.scope).toBe('openid');
    expect(payload).not.toHaveProperty('cognito:groups');
  });

  it('an id token has aud, cognito:username and email instead of client_id and scope', () => {
    const { payload } = parts(issuer.issue({ sub: 'carol', tokenUse: 'id', clientId: LOCAL_MACHINE_CLIENT_ID, groups: ['readers'] }));
    expect(payload).toMatchObject({
      sub: 'carol',
      iss: LOCAL_ISSUER,
      token_use: 'id',
      aud: LOCAL_MACHINE_CLIENT_ID,
      'cognito:username': 'carol',
      'cognito:groups': ['readers'],
      email: 'carol@example.com',
      email_verified: true,
    });
    expect(payload).not.toHaveProperty('client_id');
    expect(payload).not.toHaveProperty('scope');
    expect(parts(issuer.issue({ sub: 'd', tokenUse: 'id', email: 'd@corp.example' })).payload.email).toBe('d@corp.example');
  });

  it('each token has fresh jti/origin_jti/event_id', () => {
    const a = parts(issuer.issue({ sub: 'x' })).payload;
    const b = parts(issuer.issue({ sub: 'x' })).payload;
    expect(a.jti).not.toBe(b.jti);
    expect(a.origin_jti).not.toBe(b.origin_jti);
    expect(a.event_id).not.toBe(b.event_id);
  });

  describe('verified by aws-jwt-verify (the edge verifier library) with the JWKS', () => {
    const access = CognitoJwtVerifier.create({ userPoolId: LOCAL_USER_POOL_ID, tokenUse: 'access', clientId: [LOCAL_SPA_CLIENT_ID, LOCAL_MACHINE_CLIENT_ID] });
    const id = CognitoJwtVerifier.create({ userPoolId: LOCAL_USER_POOL_ID, tokenUse: 'id', clientId: LOCAL_SPA_CLIENT_ID });
    beforeAll(() => {
      access.cacheJwks(issuer.jwks as unknown as Jwks);
      id.cacheJwks(issuer.jwks as unknown as Jwks);
    });

    it('accepts an access token and an id token', async () => {
      await expect(access.verify(issuer.issue({ sub: 'alice', groups: ['admins'] }))).resolves.toMatchObject({ sub: 'alice', token_use: 'access' });
      await expect(id.verify(issuer.issue({ sub: 'alice', tokenUse: 'id' }))).resolves.toMatchObject({ sub: 'alice', token_use: 'id' });
    });

    it('refuses an access token where an id token is expected', async () => {
      await expect(id.verify(issuer.issue({ sub: 'alice' }))).rejects.toThrow();
    });

    it('a negative expiresIn makes an already-expired token (JwtExpiredError)', async () => {
      const token = issuer.issue({ sub: 'alice', expiresIn: -30 });
      const { payload } = parts(token);
      expect(payload.exp as number).toBeLessThan(Math.floor(Date.now() / 1000));
      await expect(access.verify(token)).rejects.toBeInstanceOf(JwtExpiredError);
    });

    it('a token issued with a past `now` and a short life is expired too', async () => {
      const token = issuer.issue({ sub: 'alice', now: new Date(Date.now() - 2 * 3600_000), expiresIn: 3600 });
      await expect(access.verify(token)).rejects.toBeInstanceOf(JwtExpiredError);
    });
  });
});
