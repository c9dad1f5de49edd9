import { canonicalQuery, canonicalUri, uriEncode, verifySigV4, type SigV4Request, type SigV4VerifyOptions } from '../../local/sigv4-verifier';
import { headerMap, loadVectors, type Vector } from '../edge/helpers/vectors';

const vectors = loadVectors();

function vectorRequest(v: Vector): SigV4Request {
  return {
    method: v.signedRequest.method,
    path: v.signedRequest.path,
    query: v.signedRequest.query,
    headers: headerMap(v.signedRequest.headers),
    body: v.signedRequest.body,
  };
}

function vectorOptions(v: Vector): SigV4VerifyOptions {
  const c = v.context.credentials;
  return {
    credentialsLookup: (id) =>
      id !== c.access_key_id
        ? undefined
        : c.token && !v.context.omit_session_token
          ? { secretAccessKey: c.secret_access_key, sessionToken: c.token }
          : c.secret_access_key,
    now: new Date(v.context.timestamp),
    expectedService: v.context.service,
    expectedRegion: v.context.region,
    normalizePath: v.context.normalize,
  };
}

describe('verifySigV4 against the AWS SigV4 test suite', () => {
  it('finds all 38 vectors', () => {
    expect(vectors).toHaveLength(38);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: accepts the signed request; canonical request and string to sign match', (_name, v) => {
    const result = verifySigV4(vectorRequest(v), vectorOptions(v));
    if (!result.ok) throw new Error(`${result.reason}\n${result.canonicalRequest ?? ''}`);
    expect(result.canonicalRequest).toBe(v.canonicalRequest);
    expect(result.stringToSign).toBe(v.stringToSign);
    expect(result.accessKeyId).toBe('AKIDEXAMPLE');
    expect(headerMap(v.signedRequest.headers).authorization[0]).toMatch(new RegExp(`Signature=${v.signature}$`));
  });
});

describe('verifySigV4 refuses', () => {
  const v = vectors.find((x) => x.name === 'post-x-www-form-urlencoded')!;
  const base = vectorRequest(v);
  const opts = vectorOptions(v);
  const withHeaders = (patch: Record<string, string | string[] | undefined>): SigV4Request => ({ ...base, headers: { ...base.headers, ...patch } });
  const auth = (base.headers.authorization as string[])[0];

  it('accepts the untouched request (control)', () => {
    expect(verifySigV4(base, opts).ok).toBe(true);
  });

  it.each<[string, SigV4Request, SigV4VerifyOptions, RegExp]>([
    ['a missing authorization header', withHeaders({ authorization: undefined }), opts, /missing authorization/],
    ['a presigned query', { ...withHeaders({ authorization: undefined }), query: 'X-Amz-Signature=abc' }, opts, /presigned/],
    ['two authorization headers', withHeaders({ authorization: [auth, auth] }), opts, /more than one/],
    ['another algorithm', withHeaders({ authorization: auth.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256') }), opts, /not AWS4-HMAC-SHA256/],
    ['a tampered signature', withHeaders({ authorization: auth.replace(/Signature=./, 'Signature=0') }), opts, /does not match/],
    ['a changed path', { ...base, path: '/other' }, opts, /does not match/],
    ['a changed query', { ...base, query: 'a=1' }, opts, /does not match/],
    ['a changed method', { ...base, method: 'PUT' }, opts, /does not match/],
    ['a changed signed header', withHeaders({ 'content-type': 'text/plain' }), opts, /does not match/],
    ['a body that does not match x-amz-content-sha256', { ...base, body: 'Param1=value2' }, opts, /does not match the body/],
    ['an unsigned payload', withHeaders({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), opts, /unsigned or streaming/],
    ['a wrong service', base, { ...opts, expectedService: 'lambda' }, /service "service", not "lambda"/],
    ['a wrong region', base, { ...opts, expectedRegion: 'eu-west-1' }, /region "us-east-1", not "eu-west-1"/],
    ['an unknown access key', base, { ...opts, credentialsLookup: () => undefined }, /unknown access key/],
    ['a wrong secret', base, { ...opts, credentialsLookup: () => 'not-the-secret' }, /does not match/],
    ['a date more than 5 minutes in the past', base, { ...opts, now: Date.parse(v.context.timestamp) + 301_000 }, /clock skew/],
    ['a date more than 5 minutes in the future', base, { ...opts, now: Date.parse(v.context.timestamp) - 301_000 }, /clock skew/],
    ['a missing signed header', withHeaders({ 'content-length': undefined }), opts, /signed header content-length is missing/],
    ['an unsigned host', withHeaders({ authorization: auth.replace('content-type;host;', 'content-type;') }), opts, /host header must be signed/],
    ['an unsigned x-amz-date', withHeaders({ authorization: auth.replace(';x-amz-date', '') }), opts, /x-amz-date header must be signed/],
    ['unsorted SignedHeaders', withHeaders({ authorization: auth.replace('content-length;content-type', 'content-type;content-length') }), opts, /sorted/],
    ['a scope date unlike x-amz-date', withHeaders({ authorization: auth.replace('/20150830/', '/20150831/') }), opts, /scope date/],
    [
      'a missing session token when the key needs one',
      base,
      { ...opts, credentialsLookup: () => ({ secretAccessKey: v.context.credentials.secret_access_key, sessionToken: 't' }) },
      /security token/,
    ],
    ['a malformed query encoding', { ...base, query: 'a=%zz' }, opts, /malformed percent-encoding/],
    [
      'a prototype-named authorization component',
      withHeaders({ authorization: `${auth}, constructor=x` }),
      opts,
      /needs exactly Credential, SignedHeaders and Signature/,
    ],
    [
      'a __proto__ authorization component',
      withHeaders({ authorization: `${auth}, __proto__=x` }),
      opts,
      /needs exactly Credential, SignedHeaders and Signature/,
    ],
  ])('%s', (_name, request, options, reason) => {
    const result = verifySigV4(request, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('accepts exactly at the 5 minute skew boundary', () => {
    expect(verifySigV4(base, { ...opts, now: Date.parse(v.context.timestamp) + 300_000 }).ok).toBe(true);
  });
});

describe('canonical forms (from the spec)', () => {
  it('encodes every non-unreserved byte, % included (non-S3 double encoding)', () => {
    expect(uriEncode("a b+c%2F!*'()ሴ~")).toBe('a%20b%2Bc%252F%21%2A%27%28%29%E1%88%B4~');
    expect(canonicalUri('/a%20b/(c)/', false)).toBe('/a%2520b/%28c%29/');
  });

  it('normalises dot segments and empty segments when asked', () => {
    expect(canonicalUri('//a/./b/../c//', true)).toBe('/a/c/');
    expect(canonicalUri('/a/b/..', true)).toBe('/a/');
    expect(canonicalUri('/./', true)).toBe('/');
    expect(canonicalUri('//a//', false)).toBe('//a//');
  });

  it('sorts the query by encoded key then value, keeps empty values, reads + as a space by default', () => {
    expect(canonicalQuery('b=2&a=&b=1&A=x&flag')).toBe('A=x&a=&b=1&b=2&flag=');
    expect(canonicalQuery('q=a+b%2B')).toBe('q=a%20b%2B');
    expect(canonicalQuery('q=a+b', false)).toBe('q=a%2Bb');
    expect(canonicalQuery('%7e=%7E&k=%e1%88%b4')).toBe('k=%E1%88%B4&~=~');
    expect(canonicalQuery('name=x&__proto__=y&constructor=&__proto__=a')).toBe('__proto__=a&__proto__=y&constructor=&name=x');
  });
});
