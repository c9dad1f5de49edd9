import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { claimsFromPayload, createTokenVerifier, emulatorJwksUri, inspectTokenHeader, type Fetcher } from '../../edge/verifier';
import { accessPayload, idPayload, makePool, token } from './helpers/tokens';

const poolA = makePool('eu-west-1', 'VerA1', 'client-a');
const poolB = makePool('us-east-1', 'VerB2', 'client-b');

function recordingFetcher(jwksByPath: Record<string, unknown>): Fetcher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (uri: string) => {
      calls.push(uri);
      const jwks = jwksByPath[new URL(uri).pathname];
      if (!jwks) throw new Error(`404 ${uri}`);
      const buf = Buffer.from(JSON.stringify(jwks));
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    },
  };
}

describe('createTokenVerifier', () => {
  it('verifies with the baked JWKS without any fetch (cold start)', async () => {
    const fetcher = recordingFetcher({});
    const v = createTokenVerifier(
      { verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: poolA.jwks }], jwksBaseUrl: null },
      { fetcher },
    );
    const result = await v.verify(token(poolA, accessPayload(poolA)));
    expect(result).toMatchObject({ ok: true, kid: poolA.kid });
    expect(fetcher.calls).toEqual([]);
  });

  it('fetches the JWKS once on first use when none was baked, then caches it', async () => {
    const fetcher = recordingFetcher({ [`/${poolA.poolId}/.well-known/jwks.json`]: poolA.jwks });
    const v = createTokenVerifier(
      { verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: null }], jwksBaseUrl: null },
      { fetcher },
    );
    expect((await v.verify(token(poolA, accessPayload(poolA)))).ok).toBe(true);
    expect((await v.verify(token(poolA, accessPayload(poolA)))).ok).toBe(true);
    expect(fetcher.calls).toEqual([`https://cognito-idp.eu-west-1.amazonaws.com/${poolA.poolId}/.well-known/jwks.json`]);
  });

  it('fetches from jwksBaseUrl (emulator) while issuer checks stay Cognito', async () => {
    const fetcher = recordingFetcher({ [`/${poolA.poolId}/.well-known/jwks.json`]: poolA.jwks });
    const v = createTokenVerifier(
      { verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: null }], jwksBaseUrl: 'http://127.0.0.1:5000/' },
      { fetcher },
    );
    expect((await v.verify(token(poolA, accessPayload(poolA)))).ok).toBe(true);
    expect(fetcher.calls).toEqual([`http://127.0.0.1:5000/${poolA.poolId}/.well-known/jwks.json`]);
    const wrongIss = await v.verify(token(poolA, accessPayload(poolA, { iss: `http://127.0.0.1:5000/${poolA.poolId}` })));
    expect(wrongIss).toMatchObject({ ok: false, reason: 'wrong_issuer' });
  });

  it('fetches over plain http from a local emulator with the built-in emulator fetcher', async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === `/${poolA.poolId}/.well-known/jwks.json`) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(poolA.jwks));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const v = createTokenVerifier({ verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: null }], jwksBaseUrl: base });
      expect((await v.verify(token(poolA, accessPayload(poolA)))).ok).toBe(true);
      expect(paths).toEqual([`/${poolA.poolId}/.well-known/jwks.json`]);
    } finally {
      server.close();
    }
  });

  it('accepts several pools with their own token use and clients', async () => {
    const v = createTokenVerifier(
      {
        verifiers: [
          { userPoolId: poolA.poolId, clientIds: ['client-a', 'client-a2'], tokenUse: 'access', jwks: poolA.jwks },
          { userPoolId: poolB.poolId, clientIds: ['client-b'], tokenUse: 'id', jwks: poolB.jwks },
        ],
        jwksBaseUrl: null,
      },
      { fetcher: recordingFetcher({}) },
    );
    expect((await v.verify(token(poolA, accessPayload(poolA)))).ok).toBe(true);
    expect((await v.verify(token(poolA, accessPayload(poolA, { client_id: 'client-a2' })))).ok).toBe(true);
    expect((await v.verify(token(poolB, idPayload(poolB)))).ok).toBe(true);
    expect(await v.verify(token(poolB, accessPayload(poolB, { client_id: 'client-b' })))).toMatchObject({ ok: false, reason: 'wrong_token_use' });
    expect(await v.verify(token(poolA, idPayload(poolA)))).toMatchObject({ ok: false, reason: 'wrong_token_use' });
  });

  it('accepts the global issuer form of a configured pool', async () => {
    const v = createTokenVerifier(
      { verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: poolA.jwks }], jwksBaseUrl: null },
      { fetcher: recordingFetcher({}) },
    );
    const globalIss = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${poolA.poolId}`;
    expect(await v.verify(token(poolA, accessPayload(poolA, { iss: globalIss })))).toMatchObject({ ok: true, claims: { issuer: globalIss } });
  });

  describe('pool-wide trust (clientIds: null, a pool this project creates with the web app on)', () => {
    const poolWide = () =>
      createTokenVerifier(
        { verifiers: [{ userPoolId: poolA.poolId, clientIds: null, tokenUse: 'access', jwks: poolA.jwks }], jwksBaseUrl: null },
        { fetcher: recordingFetcher({}) },
      );
    const strict = () =>
      createTokenVerifier(
        { verifiers: [{ userPoolId: poolA.poolId, clientIds: ['client-a'], tokenUse: 'access', jwks: poolA.jwks }], jwksBaseUrl: null },
        { fetcher: recordingFetcher({}) },
      );

    it('accepts a token of another app client of the same pool, with that client in the claims', async () => {
      const webClientToken = token(poolA, accessPayload(poolA, { client_id: 'edge-made-web-client' }));
      expect(await poolWide().verify(webClientToken)).toMatchObject({ ok: true, claims: { clientId: 'edge-made-web-client', issuer: poolA.issuer } });
      // The same token under a listed-clients verifier (a brought pool): refused.
      expect(await strict().verify(webClientToken)).toMatchObject({ ok: false, reason: 'wrong_client' });
    });

    it('still refuses a token of another pool, even one that names a trusted client', async () => {
      const v = poolWide();
      expect(await v.verify(token(poolB, accessPayload(poolB, { client_id: 'client-a' })))).toMatchObject({ ok: false, reason: 'wrong_issuer' });
      // Signed by another pool's key but claiming pool A's issuer: the signature fails (kid unknown to pool A's JWKS).
      expect((await v.verify(token(poolB, accessPayload(poolA, { client_id: 'client-a' })))).ok).toBe(false);
    });

    it('still checks token use, signature and expiry', async () => {
      const v = poolWide();
      expect(await v.verify(token(poolA, idPayload(poolA, { aud: 'any-client' })))).toMatchObject({ ok: false, reason: 'wrong_token_use' });
      expect(await v.verify(token(poolA, accessPayload(poolA, { exp: Math.floor(Date.now() / 1000) - 60 })))).toMatchObject({ ok: false, reason: 'expired' });
      const good = token(poolA, accessPayload(poolA, { client_id: 'other' }));
      const [h, p] = good.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...accessPayload(poolA), 'cognito:groups': ['admins'] })).toString('base64url')}.${good.split('.')[2]}`;
      expect(p).not.toBe(tampered.split('.')[1]);
      expect(await v.verify(tampered)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('applies to its own pool only: a second, listed pool stays strict', async () => {
      const v = createTokenVerifier(
        {
          verifiers: [
            { userPoolId: poolA.poolId, clientIds: null, tokenUse: 'access', jwks: poolA.jwks },
            { userPoolId: poolB.poolId, clientIds: ['client-b'], tokenUse: 'access', jwks: poolB.jwks },
          ],
          jwksBaseUrl: null,
        },
        { fetcher: recordingFetcher({}) },
      );
      expect((await v.verify(token(poolA, accessPayload(poolA, { client_id: 'anything' })))).ok).toBe(true);
      expect((await v.verify(token(poolB, accessPayload(poolB)))).ok).toBe(true);
      expect(await v.verify(token(poolB, accessPayload(poolB, { client_id: 'another-b-client' })))).toMatchObject({ ok: false, reason: 'wrong_client' });
    });
  });

  it('refuses duplicate pools and pools without clients', () => {
    const entry = { userPoolId: poolA.poolId, clientIds: ['c'], tokenUse: 'access' as const, jwks: null };
    expect(() => createTokenVerifier({ verifiers: [entry, entry], jwksBaseUrl: null })).toThrow(/listed twice/);
    expect(() => createTokenVerifier({ verifiers: [{ ...entry, clientIds: [] }], jwksBaseUrl: null })).toThrow(/no client ids/);
  });
});

describe('claimsFromPayload', () => {
  it('maps an access token: groups, space-separated scopes, client_id, username', () => {
    expect(claimsFromPayload(accessPayload(poolA, { scope: ' books/read  books/write ', 'cognito:groups': ['readers', 'admins'] }))).toEqual({
      sub: accessPayload(poolA).sub,
      username: 'alice',
      groups: ['readers', 'admins'],
      scopes: ['books/read', 'books/write'],
      tokenUse: 'access',
      clientId: 'client-a',
      issuer: poolA.issuer,
      exp: expect.any(Number),
    });
  });

  it('maps an id token: aud as client id, cognito:username, email, no scopes', () => {
    expect(claimsFromPayload(idPayload(poolA))).toMatchObject({
      username: 'bob',
      email: 'bob@example.com',
      clientId: 'client-a',
      tokenUse: 'id',
      scopes: [],
      groups: ['editors'],
    });
  });

  it('defaults groups and scopes to empty lists (machine tokens have no groups)', () => {
    expect(claimsFromPayload(accessPayload(poolA, { 'cognito:groups': undefined, scope: undefined, username: undefined }))).toMatchObject({
      groups: [],
      scopes: [],
    });
  });

  it('refuses payloads without sub, token_use, client or exp', () => {
    expect(claimsFromPayload(accessPayload(poolA, { sub: undefined }))).toBeUndefined();
    expect(claimsFromPayload(accessPayload(poolA, { token_use: 'refresh' }))).toBeUndefined();
    expect(claimsFromPayload(accessPayload(poolA, { client_id: undefined }))).toBeUndefined();
    expect(claimsFromPayload(accessPayload(poolA, { exp: '1' }))).toBeUndefined();
  });
});

describe('inspectTokenHeader', () => {
  const h = (header: unknown) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.c2ln`;
  it.each<[string, unknown, string]>([
    ['alg none', { alg: 'none', kid: 'k' }, 'alg_not_allowed'],
    ['HS256', { alg: 'HS256', kid: 'k' }, 'alg_not_allowed'],
    ['ES256', { alg: 'ES256', kid: 'k' }, 'alg_not_allowed'],
    ['jku', { alg: 'RS256', kid: 'k', jku: 'https://x' }, 'header_not_allowed'],
    ['x5u', { alg: 'RS256', kid: 'k', x5u: 'https://x' }, 'header_not_allowed'],
    ['x5c', { alg: 'RS256', kid: 'k', x5c: ['MII'] }, 'header_not_allowed'],
    ['crit', { alg: 'RS256', kid: 'k', crit: ['exp'] }, 'header_not_allowed'],
    ['no kid', { alg: 'RS256' }, 'malformed'],
    ['an array header', ['RS256'], 'malformed'],
  ])('refuses %s', (_name, header, reason) => {
    expect(inspectTokenHeader(h(header))).toMatchObject({ ok: false, reason });
  });

  it('passes RS256 with a kid', () => {
    expect(inspectTokenHeader(h({ alg: 'RS256', kid: 'k1', typ: 'JWT' }))).toEqual({ ok: true, kid: 'k1' });
  });
});

describe('emulatorJwksUri', () => {
  it('keeps /{poolId}/.well-known/jwks.json below the base URL', () => {
    expect(emulatorJwksUri('http://localhost:5000', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/.well-known/jwks.json')).toBe(
      'http://localhost:5000/eu-west-1_X/.well-known/jwks.json',
    );
  });
});
