import fc from 'fast-check';
import type { CloudFrontRequest } from 'aws-lambda';
import { parseQueryString, serializeQuery, toQueryBag, type QueryPair } from '../../edge/encoding';
import { bodyBytes, credentialsFromEnv, setOacContentHash, sha256Hex, signCloudFrontRequest, signSigV4 } from '../../edge/sign';
import { canonicalQuery, verifySigV4 } from '../../local/sigv4-verifier';
import { headerMap, loadVectors, type Vector } from './helpers/vectors';

const vectors = loadVectors();

/** Runs one AWS vector through the signing core the handler uses. */
async function signVector(v: Vector) {
  const headers = headerMap(v.request.headers);
  const host = headers.host[0];
  const extra: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) if (name !== 'host') extra[name] = values.join(',');
  const query = parseQueryString(v.request.query);
  if (!query.ok) throw new Error(query.reason);
  const { credentials: c } = v.context;
  return signSigV4({
    method: v.request.method,
    host,
    path: v.request.path,
    query: toQueryBag(query.value),
    headers: extra,
    body: v.request.body,
    service: v.context.service,
    region: v.context.region,
    // "omit_session_token": the token is added after signing, so it is not signed.
    credentials: {
      accessKeyId: c.access_key_id,
      secretAccessKey: c.secret_access_key,
      ...(c.token && !v.context.omit_session_token ? { sessionToken: c.token } : {}),
    },
    signingDate: new Date(v.context.timestamp),
    contentSha256Header: v.context.sign_body,
    normalizePath: v.context.normalize,
  });
}

describe('signSigV4 (the edge signing core) against the AWS SigV4 test suite', () => {
  it('finds all 38 vectors', () => {
    expect(vectors).toHaveLength(38);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: canonical request and header signature match', async (_name, v) => {
    const out = await signVector(v);
    expect(out.canonicalRequest).toBe(v.canonicalRequest);
    expect(out.headers.authorization).toContain(`Signature=${v.signature}`);
    const expectedAuth = headerMap(v.signedRequest.headers).authorization[0];
    expect(out.headers.authorization).toBe(expectedAuth);
  });
});

function cfRequest(over: Partial<CloudFrontRequest> = {}): CloudFrontRequest {
  return {
    clientIp: '203.0.113.9',
    method: 'POST',
    uri: '/api/books',
    querystring: '',
    headers: {},
    ...over,
  };
}

describe('bodyBytes', () => {
  it('decodes a base64 body to its raw bytes', () => {
    const raw = Buffer.from([0, 255, 1, 128, 10, 13]);
    expect(
      Buffer.from(bodyBytes(cfRequest({ body: { action: 'read-only', data: raw.toString('base64'), encoding: 'base64', inputTruncated: false } }))),
    ).toEqual(raw);
  });
  it('reads a text body as UTF-8', () => {
    expect(Buffer.from(bodyBytes(cfRequest({ body: { action: 'read-only', data: 'héllo', encoding: 'text', inputTruncated: false } }))).toString('utf8')).toBe(
      'héllo',
    );
  });
  it('is empty without a body', () => {
    expect(bodyBytes(cfRequest())).toHaveLength(0);
  });
});

describe('setOacContentHash (oac mode)', () => {
  const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it.each(['POST', 'PUT', 'PATCH'])('sets the hash of the raw bytes for %s, even for an empty body', (method) => {
    const req = cfRequest({ method });
    expect(setOacContentHash(req, new Uint8Array(0))).toBe(true);
    expect(req.headers['x-amz-content-sha256']).toEqual([{ key: 'X-Amz-Content-Sha256', value: empty }]);
  });

  it('hashes binary bytes, not a decoded string', () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    const req = cfRequest({ method: 'PUT' });
    setOacContentHash(req, raw);
    expect(req.headers['x-amz-content-sha256'][0].value).toBe(sha256Hex(raw));
    expect(req.headers['x-amz-content-sha256'][0].value).not.toBe(sha256Hex(Buffer.from(raw.toString('utf8'), 'utf8')));
  });

  it('sets it for a DELETE that carries a body, and not for a GET without one', () => {
    const del = cfRequest({ method: 'DELETE' });
    expect(setOacContentHash(del, Buffer.from('{"why":"dup"}'))).toBe(true);
    const get = cfRequest({ method: 'GET', headers: { 'x-amz-content-sha256': [{ value: 'spoofed' }] } });
    expect(setOacContentHash(get, new Uint8Array(0))).toBe(false);
    expect(get.headers['x-amz-content-sha256']).toBeUndefined();
  });

  it('replaces a viewer-sent hash', () => {
    const req = cfRequest({ headers: { 'x-amz-content-sha256': [{ key: 'X-AMZ-Content-SHA256', value: 'UNSIGNED-PAYLOAD' }] } });
    setOacContentHash(req, Buffer.from('x'));
    expect(req.headers['x-amz-content-sha256']).toEqual([{ key: 'X-Amz-Content-Sha256', value: sha256Hex(Buffer.from('x')) }]);
  });
});

describe('signCloudFrontRequest (edge-sigv4 mode)', () => {
  const credentials = { accessKeyId: 'AKIDEDGE', secretAccessKey: 'secret', sessionToken: 'token/+=' };
  const signingDate = new Date('2025-01-02T03:04:05Z');

  it('signs only host, x-amz-date, x-amz-content-sha256, x-amz-security-token and the listed headers', async () => {
    const req = cfRequest({
      headers: {
        'user-agent': [{ key: 'User-Agent', value: 'curl' }],
        'x-forwarded-for': [{ key: 'X-Forwarded-For', value: '203.0.113.9' }],
        via: [{ key: 'Via', value: '2.0 abc.cloudfront.net (CloudFront)' }],
        'content-type': [{ key: 'Content-Type', value: 'application/json' }],
        'x-sfu-verified-claims': [{ key: 'X-Sfu-Verified-Claims', value: 'eyJ9' }],
      },
    });
    const out = await signCloudFrontRequest(req, {
      host: 'abc.lambda-url.eu-west-1.on.aws',
      region: 'eu-west-1',
      credentials,
      signingDate,
      body: Buffer.from('{}'),
      signHeaders: ['x-sfu-verified-claims'],
    });
    expect(out.signedHeaders).toEqual(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'x-sfu-verified-claims']);
    expect(req.headers.authorization[0]).toEqual({ key: 'Authorization', value: out.headers.authorization });
    expect(out.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEDGE\/20250102\/eu-west-1\/lambda\/aws4_request, /);
    expect(req.headers['x-amz-date'][0].value).toBe('20250102T030405Z');
    expect(req.headers['x-amz-security-token'][0].value).toBe('token/+=');
    expect(req.headers.host[0].value).toBe('abc.lambda-url.eu-west-1.on.aws');
    expect(req.headers['x-amz-content-sha256'][0].value).toBe(sha256Hex(Buffer.from('{}')));
    // Unsigned headers are left alone.
    expect(req.headers.via[0].value).toContain('CloudFront');
    expect(req.headers['x-forwarded-for'][0].value).toBe('203.0.113.9');
  });

  it('includes the origin path prefix in the signed path and signs the query as a bag', async () => {
    const req = cfRequest({
      method: 'GET',
      uri: '/api/a%28b%29',
      querystring: 'b=2&a=1&b=1&empty=',
      origin: {
        custom: {
          customHeaders: {},
          domainName: 'abc.lambda-url.eu-west-1.on.aws',
          keepaliveTimeout: 5,
          path: '/prefix',
          port: 443,
          protocol: 'https',
          readTimeout: 30,
          sslProtocols: ['TLSv1.2'],
        },
      },
    });
    const out = await signCloudFrontRequest(req, {
      host: 'abc.lambda-url.eu-west-1.on.aws',
      region: 'eu-west-1',
      credentials,
      signingDate,
      body: new Uint8Array(0),
    });
    const lines = out.canonicalRequest.split('\n');
    expect(lines[1]).toBe('/prefix/api/a%2528b%2529');
    expect(lines[2]).toBe('a=1&b=1&b=2&empty=');
  });

  it('drops viewer-sent SigV4 headers before signing', async () => {
    const req = cfRequest({
      headers: {
        'x-amz-date': [{ value: '19700101T000000Z' }],
        'X-Amz-Security-Token': [{ value: 'viewer' }],
      },
    });
    await signCloudFrontRequest(req, {
      host: 'abc.lambda-url.eu-west-1.on.aws',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      signingDate,
      body: new Uint8Array(0),
    });
    expect(req.headers['X-Amz-Security-Token']).toBeUndefined();
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.headers['x-amz-date'][0].value).toBe('20250102T030405Z');
  });
});

// ---- prototype-named query keys --------------------------------------------
// smithy's getCanonicalQuery (@smithy/signature-v4 5.7.5) collects pairs in a
// plain `{}`: the key `__proto__` came out as "[object Object]". These sign
// through signSigV4 and check against the independent verifier.

const PROTO_CREDENTIALS = { accessKeyId: 'AKIDPROTO', secretAccessKey: 'proto/secret+key', sessionToken: 'proto-token' };
const PROTO_DATE = new Date('2025-01-02T03:04:05Z');
const PROTO_HOST = 'abc.lambda-url.eu-west-1.on.aws';

/** Signs a GET with these decoded query pairs; returns the signer's canonical query and whether the verifier accepts the request. */
async function signAndVerifyQuery(pairs: readonly QueryPair[]) {
  const out = await signSigV4({
    method: 'GET',
    host: PROTO_HOST,
    path: '/api/hello',
    query: toQueryBag(pairs),
    body: new Uint8Array(0),
    service: 'lambda',
    region: 'eu-west-1',
    credentials: PROTO_CREDENTIALS,
    signingDate: PROTO_DATE,
  });
  const rawQuery = serializeQuery(pairs);
  const verdict = verifySigV4(
    { method: 'GET', path: '/api/hello', query: rawQuery, headers: out.headers },
    {
      credentialsLookup: (id) =>
        id === PROTO_CREDENTIALS.accessKeyId ? { secretAccessKey: PROTO_CREDENTIALS.secretAccessKey, sessionToken: PROTO_CREDENTIALS.sessionToken } : undefined,
      now: PROTO_DATE,
      expectedService: 'lambda',
      expectedRegion: 'eu-west-1',
    },
  );
  return { signerQuery: out.canonicalRequest.split('\n')[2], verifierQuery: canonicalQuery(rawQuery), verdict };
}

/** Every name on Object.prototype (`__proto__`, `constructor`, `toString`, `__defineGetter__`, ...) plus `prototype`. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

describe('signSigV4: prototype-named query keys', () => {
  it('signs a __proto__ query key (smithy getCanonicalQuery workaround)', async () => {
    const { signerQuery, verdict } = await signAndVerifyQuery([
      ['name', 'x'],
      ['__proto__', 'y'],
    ]);
    expect(signerQuery).toBe('__proto__=y&name=x');
    expect(verdict).toMatchObject({ ok: true });
  });

  it('puts repeated __proto__ values at the sorted key position, values sorted, next to keys that sort just around it', async () => {
    const { signerQuery, verifierQuery, verdict } = await signAndVerifyQuery([
      ['z', '1'],
      ['__proto__', 'b c'],
      ['__proto__0', ''],
      ['__proto_', '2'],
      ['__proto__', 'a'],
      ['A', '('],
      ['__proto__', ''],
      ['%', '3'],
    ]);
    expect(signerQuery).toBe('%25=3&A=%28&__proto_=2&__proto__=&__proto__=a&__proto__=b%20c&__proto__0=&z=1');
    expect(signerQuery).toBe(verifierQuery);
    expect(verdict).toMatchObject({ ok: true });
  });

  it('signs a __proto__ key alone, with an empty value', async () => {
    const { signerQuery, verdict } = await signAndVerifyQuery([['__proto__', '']]);
    expect(signerQuery).toBe('__proto__=');
    expect(verdict).toMatchObject({ ok: true });
  });

  it.each(PROTOTYPE_NAMES)('signs the query key %s', async (key) => {
    const { signerQuery, verifierQuery, verdict } = await signAndVerifyQuery([
      ['name', 'x'],
      [key, 'v'],
    ]);
    expect(signerQuery).toBe(verifierQuery);
    expect(verdict).toMatchObject({ ok: true });
  });

  it('property: any mix of prototype-named and ordinary keys signs as the verifier reads it', async () => {
    const key = fc.oneof(
      fc.constantFrom(...PROTOTYPE_NAMES),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('_', '__proto_', '__proto__x', 'A', 'name'),
    );
    const value = fc.string({ unit: 'binary', maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 8 }), async (pairs) => {
        const { signerQuery, verifierQuery, verdict } = await signAndVerifyQuery(pairs);
        expect(signerQuery).toBe(verifierQuery);
        if (!verdict.ok) throw new Error(`${verdict.reason}\n${verdict.canonicalRequest ?? ''}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('credentialsFromEnv', () => {
  it('reads the three Lambda variables', () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' })).toEqual({
      accessKeyId: 'a',
      secretAccessKey: 's',
      sessionToken: 't',
    });
  });
  it('works without a session token and is undefined without keys', () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' })).toEqual({ accessKeyId: 'a', secretAccessKey: 's' });
    expect(credentialsFromEnv({})).toBeUndefined();
  });
});
