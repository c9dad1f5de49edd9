/**
 * RFC 8725 attacks against the real handler: each must answer 401 before any
 * signing (the credentials provider is never asked) and without any network
 * fetch (the JWKS fetcher, https.request and global fetch all fail the test).
 */
import https from 'node:https';
import { generateKeyPairSync } from 'node:crypto';
import { createHandler } from '../../edge/handler';
import type { Fetcher } from '../../edge/verifier';
import { asRequest, asResponse, edgeConfig, header, originRequest } from './helpers/events';
import { accessPayload, hs256WithPublicKey, idPayload, makePool, signJwt, tamper, token, unsignedToken } from './helpers/tokens';

const accessPool = makePool('eu-west-1', 'AccessPool1', 'client-access');
const idPool = makePool('eu-central-1', 'IdPool2', 'client-id');
const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let networkCalls: string[];
const failingFetcher: Fetcher = {
  fetch: async (uri: string) => {
    networkCalls.push(uri);
    throw new Error(`unexpected JWKS fetch of ${uri}`);
  },
};
const credentials = jest.fn(() => ({ accessKeyId: 'AKIDEDGE', secretAccessKey: 'secret' }));
const logs: Record<string, unknown>[] = [];

beforeEach(() => {
  networkCalls = [];
  credentials.mockClear();
  logs.length = 0;
  jest.spyOn(https, 'request').mockImplementation(((url: unknown) => {
    networkCalls.push(String(url));
    throw new Error('unexpected https.request');
  }) as typeof https.request);
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
    networkCalls.push(String(url));
    throw new Error('unexpected fetch');
  });
});
afterEach(() => jest.restoreAllMocks());

const handler = createHandler(edgeConfig([accessPool, idPool], {}, ['access', 'id']), {
  jwksFetcher: failingFetcher,
  credentials,
  logger: (e) => logs.push(e),
});

const booksWith = (authorization: string | string[]) => originRequest({ method: 'GET', uri: '/api/books', headers: { Authorization: authorization } });

const cases: [name: string, authorization: () => string | string[], reason: string][] = [
  ['alg "none" with an empty signature', () => `Bearer ${unsignedToken(accessPool, accessPayload(accessPool))}`, 'malformed'],
  ['alg "none" with a real signature part', () => `Bearer ${token(accessPool, accessPayload(accessPool), { alg: 'none' })}`, 'alg_not_allowed'],
  ['HS256 keyed with the RSA public key', () => `Bearer ${hs256WithPublicKey(accessPool, accessPayload(accessPool))}`, 'alg_not_allowed'],
  [
    'a jku header pointing at the attacker',
    () => `Bearer ${signJwt({ alg: 'RS256', kid: 'evil', jku: 'https://attacker.example/jwks.json' }, accessPayload(accessPool), attackerKey)}`,
    'header_not_allowed',
  ],
  [
    'an x5u header pointing at the attacker',
    () => `Bearer ${signJwt({ alg: 'RS256', kid: 'evil', x5u: 'https://attacker.example/cert.pem' }, accessPayload(accessPool), attackerKey)}`,
    'header_not_allowed',
  ],
  [
    'a jku header on an otherwise valid token',
    () => `Bearer ${token(accessPool, accessPayload(accessPool), { jku: 'https://attacker.example/jwks.json' })}`,
    'header_not_allowed',
  ],
  [
    'an embedded jwk header',
    () => `Bearer ${signJwt({ alg: 'RS256', kid: accessPool.kid, jwk: accessPool.jwks.keys[0] }, accessPayload(accessPool), attackerKey)}`,
    'header_not_allowed',
  ],
  [
    'the right kid signed by another key',
    () => `Bearer ${signJwt({ alg: 'RS256', kid: accessPool.kid }, accessPayload(accessPool), attackerKey)}`,
    'bad_signature',
  ],
  [
    'an expired token',
    () => `Bearer ${token(accessPool, accessPayload(accessPool, { exp: Math.floor(Date.now() / 1000) - 5, iat: Math.floor(Date.now() / 1000) - 3605 }))}`,
    'expired',
  ],
  ['nbf in the future', () => `Bearer ${token(accessPool, accessPayload(accessPool, { nbf: Math.floor(Date.now() / 1000) + 600 }))}`, 'not_yet_valid'],
  [
    'a wrong issuer (unconfigured pool)',
    () => `Bearer ${token(accessPool, accessPayload(accessPool, { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other9' }))}`,
    'wrong_issuer',
  ],
  [
    'an issuer of a lookalike host',
    () => `Bearer ${token(accessPool, accessPayload(accessPool, { iss: `https://cognito-idp.eu-west-1.amazonaws.com.evil.example/${accessPool.poolId}` }))}`,
    'wrong_issuer',
  ],
  ['a wrong client_id on an access token', () => `Bearer ${token(accessPool, accessPayload(accessPool, { client_id: 'someone-else' }))}`, 'wrong_client'],
  ['a wrong aud on an id token', () => `Bearer ${token(idPool, idPayload(idPool, { aud: 'someone-else' }))}`, 'wrong_client'],
  [
    'an id token where an access token is required',
    () => `Bearer ${token(accessPool, idPayload(accessPool, { aud: accessPool.clientId }))}`,
    'wrong_token_use',
  ],
  ['an access token where an id token is required', () => `Bearer ${token(idPool, accessPayload(idPool, { client_id: idPool.clientId }))}`, 'wrong_token_use'],
  [
    'a token of one pool signed with the other pool key',
    () => `Bearer ${signJwt({ alg: 'RS256', kid: accessPool.kid }, accessPayload(accessPool), idPool.privateKey)}`,
    'bad_signature',
  ],
  [
    'a tampered payload (groups raised to admins)',
    () => `Bearer ${tamper(token(accessPool, accessPayload(accessPool)), accessPayload(accessPool, { 'cognito:groups': ['admins'] }))}`,
    'bad_signature',
  ],
  ['a truncated token (no signature)', () => `Bearer ${token(accessPool, accessPayload(accessPool)).split('.').slice(0, 2).join('.')}`, 'malformed'],
  ['a truncated token (cut in the signature)', () => `Bearer ${token(accessPool, accessPayload(accessPool)).slice(0, -10)}`, 'bad_signature'],
  ['a token with a payload that is not JSON', () => `Bearer ${Buffer.from('{"alg":"RS256","kid":"x"}').toString('base64url')}.bm90IGpzb24.c2ln`, 'malformed'],
  ['a token with a header that is not JSON', () => 'Bearer bm90IGpzb24.e30.c2ln', 'malformed'],
  ['a token without a kid', () => `Bearer ${signJwt({ alg: 'RS256' }, accessPayload(accessPool), accessPool.privateKey)}`, 'malformed'],
  ['"Bearer" without a token', () => 'Bearer', 'malformed_bearer'],
  ['"Bearer" followed by two words', () => 'Bearer abc.def.ghi extra', 'malformed_bearer'],
  ['a bare token without the Bearer scheme', () => token(accessPool, accessPayload(accessPool)), 'not_bearer'],
  ['a Basic credential', () => 'Basic YWxpY2U6cGFzc3dvcmQ=', 'not_bearer'],
  [
    'an AWS SigV4 Authorization from the viewer',
    () => 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=00',
    'not_bearer',
  ],
  [
    'two Authorization headers (valid + invalid)',
    () => [`Bearer ${token(accessPool, accessPayload(accessPool))}`, 'Bearer x.y.z'],
    'several_authorization_headers',
  ],
  ['an oversized token', () => `Bearer ${'a'.repeat(20_000)}.${'b'.repeat(10)}.${'c'.repeat(10)}`, 'malformed'],
];

describe('JWT attacks through createHandler (origin-request)', () => {
  it('control: a valid access token is forwarded and signed', async () => {
    const out = asRequest(await handler(booksWith(`Bearer ${token(accessPool, accessPayload(accessPool))}`)));
    expect(header(out, 'authorization')).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(credentials).toHaveBeenCalledTimes(1);
    expect(networkCalls).toEqual([]);
  });

  it('control: a valid id token of the id pool is forwarded', async () => {
    const out = asRequest(await handler(originRequest({ uri: '/api/me', headers: { authorization: `Bearer ${token(idPool, idPayload(idPool))}` } })));
    expect(header(out, 'authorization')).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it.each(cases)('rejects %s with 401 before signing and without fetching', async (_name, makeAuth, reason) => {
    const result = asResponse(await handler(booksWith(makeAuth())));
    expect(result.status).toBe('401');
    expect(header(result, 'www-authenticate')).toMatch(/^Bearer realm="api"/);
    expect(credentials).not.toHaveBeenCalled();
    expect(networkCalls).toEqual([]);
    const body = JSON.parse(result.body ?? '{}') as { error: { code: string } };
    expect(['invalid_token', 'unauthorized']).toContain(body.error.code);
    expect(logs[logs.length - 1]).toMatchObject({ decision: 'deny', status: 401, reason });
  });

  it('says error="invalid_token" for a bad bearer token and a bare challenge for another scheme', async () => {
    const bad = asResponse(await handler(booksWith('Bearer abc.def.ghi')));
    expect(header(bad, 'www-authenticate')).toBe('Bearer realm="api", error="invalid_token", error_description="The token is invalid."');
    const basic = asResponse(await handler(booksWith('Basic YWxpY2U6cGFzc3dvcmQ=')));
    expect(header(basic, 'www-authenticate')).toBe('Bearer realm="api"');
  });

  it('tells an expired token apart in error_description', async () => {
    const expired = token(accessPool, accessPayload(accessPool, { exp: Math.floor(Date.now() / 1000) - 1 }));
    const result = asResponse(await handler(booksWith(`Bearer ${expired}`)));
    expect(header(result, 'www-authenticate')).toContain('error_description="The token has expired."');
  });

  it('rejects an invalid token on a public route too (401, not anonymous access)', async () => {
    const result = asResponse(await handler(originRequest({ uri: '/api/hello', headers: { authorization: 'Bearer abc.def.ghi' } })));
    expect(result.status).toBe('401');
    expect(credentials).not.toHaveBeenCalled();
  });

  it('never logs the token', async () => {
    const jwt = token(accessPool, accessPayload(accessPool, { exp: 1 }));
    await handler(booksWith(`Bearer ${jwt}`));
    await handler(booksWith(`Bearer ${token(accessPool, accessPayload(accessPool))}`));
    const text = JSON.stringify(logs);
    expect(text).not.toContain(jwt.split('.')[1]);
    expect(text).not.toContain('alice');
    expect(logs[0]).toMatchObject({ decision: 'deny', status: 401, reason: 'expired', kid: accessPool.kid });
  });
});

describe('unknown kid: one rate-limited JWKS refetch', () => {
  it('refetches the pool JWKS once, then refuses further unknown kids without fetching (penalty box)', async () => {
    const fetched: string[] = [];
    const cognito: Fetcher = {
      fetch: async (uri) => {
        fetched.push(uri);
        const body = Buffer.from(JSON.stringify(accessPool.jwks));
        return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
      },
    };
    const h = createHandler(edgeConfig([accessPool]), { jwksFetcher: cognito, credentials, logger: () => undefined });
    const unknown = (kid: string) => booksWith(`Bearer ${signJwt({ alg: 'RS256', kid }, accessPayload(accessPool), attackerKey)}`);

    expect(asResponse(await h(unknown('rotated-1'))).status).toBe('401');
    expect(fetched).toEqual([`${accessPool.issuer}/.well-known/jwks.json`]);
    expect(asResponse(await h(unknown('rotated-2'))).status).toBe('401');
    expect(asResponse(await h(unknown('rotated-3'))).status).toBe('401');
    expect(fetched).toHaveLength(1);
    expect(credentials).not.toHaveBeenCalled();
    // Known keys keep working during the penalty.
    expect(asRequest(await h(booksWith(`Bearer ${token(accessPool, accessPayload(accessPool))}`))).uri).toBe('/api/books');
  });

  it('also penalises a failed fetch, so an outage does not fetch per request', async () => {
    const calls: string[] = [];
    const down: Fetcher = {
      fetch: async (uri) => {
        calls.push(uri);
        throw new Error('connection refused');
      },
    };
    const h = createHandler(edgeConfig([accessPool]), { jwksFetcher: down, credentials, logger: () => undefined });
    for (let i = 0; i < 3; i++) {
      expect(asResponse(await h(booksWith(`Bearer ${signJwt({ alg: 'RS256', kid: `k${i}` }, accessPayload(accessPool), attackerKey)}`))).status).toBe('401');
    }
    expect(calls).toHaveLength(1);
  });
});
