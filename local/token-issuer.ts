/**
 * A local token issuer for development: an RSA key generated on first use
 * (kept in `.local/`, which git ignores), its JWKS, and tokens shaped like
 * Cognito access and id tokens. The edge verifies them with the same
 * `aws-jwt-verify` code path it uses in AWS: the local edge config names this
 * issuer's pool id and bakes its JWKS, exactly as the edge stack bakes a real
 * pool's JWKS.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../lib/repo-root';

/** A pool id in Cognito's format, so the issuer URL has Cognito's shape. */
export const LOCAL_POOL_REGION = 'eu-west-1';
export const LOCAL_USER_POOL_ID = `${LOCAL_POOL_REGION}_LocalDev01`;
export const LOCAL_SPA_CLIENT_ID = 'localspaclient0000000000001';
export const LOCAL_MACHINE_CLIENT_ID = 'localmachineclient00000001';
export const LOCAL_ISSUER = `https://cognito-idp.${LOCAL_POOL_REGION}.amazonaws.com/${LOCAL_USER_POOL_ID}`;

export interface TokenRequest {
  readonly sub: string;
  /** Cognito groups (`cognito:groups`). @default [] */
  readonly groups?: readonly string[];
  /** OAuth scopes (`scope`, space-separated in the token). @default [] */
  readonly scopes?: readonly string[];
  /** @default "access" */
  readonly tokenUse?: 'access' | 'id';
  /** @default LOCAL_SPA_CLIENT_ID */
  readonly clientId?: string;
  /** Lifetime in seconds; negative makes an already-expired token. @default 3600 */
  readonly expiresIn?: number;
  /** @default now */
  readonly now?: Date;
  /** @default `${sub}@example.com` (id tokens only) */
  readonly email?: string;
  /** The sign-in request's nonce (id tokens only, as Cognito echoes it). @default none */
  readonly nonce?: string;
}

export interface LocalIssuer {
  readonly issuer: string;
  readonly userPoolId: string;
  readonly kid: string;
  readonly jwks: { keys: Record<string, unknown>[] };
  issue(request: TokenRequest): string;
}

/** Where the development key lives: `<repo>/.local/dev-issuer-key.pem` unless given. */
export function defaultKeyPath(): string {
  return path.join(repoRoot(), '.local', 'dev-issuer-key.pem');
}

/** Loads the RSA key at `keyPath`, generating it (mode 0600) on first use. */
export function loadOrCreateKey(keyPath: string = defaultKeyPath()): crypto.KeyObject {
  if (!fs.existsSync(keyPath)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.mkdirSync(path.dirname(keyPath), { recursive: true });
    fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return crypto.createPrivateKey(fs.readFileSync(keyPath));
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signer that issues Cognito-shaped RS256 tokens with `privateKey`. */
export function createIssuer(privateKey: crypto.KeyObject, userPoolId: string = LOCAL_USER_POOL_ID): LocalIssuer {
  const region = userPoolId.split('_')[0];
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const publicJwk = crypto.createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = crypto.createHash('sha256').update(String(publicJwk.n)).digest('base64url').slice(0, 32);
  const jwks = { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] };

  function issue(request: TokenRequest): string {
    const tokenUse = request.tokenUse ?? 'access';
    const clientId = request.clientId ?? LOCAL_SPA_CLIENT_ID;
    const iat = Math.floor((request.now ?? new Date()).getTime() / 1000);
    const exp = iat + (request.expiresIn ?? 3600);
    const groups = request.groups ?? [];
    const common: Record<string, unknown> = {
      sub: request.sub,
      iss: issuer,
      token_use: tokenUse,
      auth_time: iat,
      iat,
      exp,
      jti: crypto.randomUUID(),
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
    };
    const payload =
      tokenUse === 'access'
        ? { ...common, client_id: clientId, scope: (request.scopes ?? []).join(' ') || 'openid', username: request.sub, version: 2 }
        : {
            ...common,
            aud: clientId,
            'cognito:username': request.sub,
            email: request.email ?? `${request.sub}@example.com`,
            email_verified: true,
            ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
          };
    const signingInput = `${b64url({ kid, alg: 'RS256' })}.${b64url(payload)}`;
    const signature = crypto.sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  return { issuer, userPoolId, kid, jwks, issue };
}
