/**
 * Cognito-shaped JWTs for tests: RSA keys made here with node:crypto, a JWKS
 * built from them, tokens signed by hand (no JWT library), so every attack
 * can be crafted byte by byte.
 */
import { createHmac, createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { Jwks } from '../../../edge/config';

export interface TestPool {
  readonly region: string;
  readonly poolId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwks: Jwks;
}

export function makePool(region: string, suffix: string, clientId: string): TestPool {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const poolId = `${region}_${suffix}`;
  const kid = `kid-${suffix}`;
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return {
    region,
    poolId,
    issuer: `https://cognito-idp.${region}.amazonaws.com/${poolId}`,
    clientId,
    kid,
    privateKey,
    publicKey,
    jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] },
  };
}

const b64url = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

export function accessPayload(pool: TestPool, over: Record<string, unknown> = {}): Record<string, unknown> {
  const t = now();
  return {
    sub: 'a1b2c3d4-0000-4000-8000-000000000001',
    'cognito:groups': ['readers'],
    iss: pool.issuer,
    version: 2,
    client_id: pool.clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin books/read',
    auth_time: t - 60,
    exp: t + 3600,
    iat: t - 60,
    jti: randomUUID(),
    username: 'alice',
    ...over,
  };
}

export function idPayload(pool: TestPool, over: Record<string, unknown> = {}): Record<string, unknown> {
  const t = now();
  return {
    sub: 'a1b2c3d4-0000-4000-8000-000000000002',
    'cognito:groups': ['editors'],
    email_verified: true,
    iss: pool.issuer,
    'cognito:username': 'bob',
    origin_jti: randomUUID(),
    aud: pool.clientId,
    event_id: randomUUID(),
    token_use: 'id',
    auth_time: t - 60,
    exp: t + 3600,
    iat: t - 60,
    jti: randomUUID(),
    email: 'bob@example.com',
    ...over,
  };
}

/** Signs header.payload with RS256 (or whatever `sign` is given). */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}

export function token(pool: TestPool, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return signJwt({ kid: pool.kid, alg: 'RS256', ...header }, payload, pool.privateKey);
}

/** `alg: none` with an empty signature. */
export function unsignedToken(pool: TestPool, payload: Record<string, unknown>): string {
  return `${b64url({ kid: pool.kid, alg: 'none' })}.${b64url(payload)}.`;
}

/** HS256 keyed with the public key (the classic algorithm confusion attack). */
export function hs256WithPublicKey(pool: TestPool, payload: Record<string, unknown>): string {
  const input = `${b64url({ kid: pool.kid, alg: 'HS256' })}.${b64url(payload)}`;
  const pem = pool.publicKey.export({ format: 'pem', type: 'spki' });
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}

/** Replaces the payload of a signed token, keeping header and signature. */
export function tamper(jwt: string, payload: Record<string, unknown>): string {
  const [h, , s] = jwt.split('.');
  return `${h}.${b64url(payload)}.${s}`;
}
