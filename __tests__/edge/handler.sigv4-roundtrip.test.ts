/**
 * Function-URL-shaped requests signed by the handler verify under the
 * independent verifier (local/sigv4-verifier.ts), after CloudFront has
 * changed the headers it changes after the function (via, x-forwarded-for,
 * x-amz-cf-id). Because the edge forwards path and query in the strict form,
 * the signature verifies whichever way the server reads them: with or without
 * path normalisation, with `+` read as a space or as a plus.
 */
import fc from 'fast-check';
import type { CloudFrontRequest } from 'aws-lambda';
import { createHandler } from '../../edge/handler';
import type { Fetcher } from '../../edge/verifier';
import { verifySigV4, type SigV4Request, type SigV4VerifyOptions } from '../../local/sigv4-verifier';
import { asRequest, edgeConfig, ORIGIN_HOST, originRequest, type EventInit } from './helpers/events';
import { accessPayload, makePool, token } from './helpers/tokens';

const pool = makePool('eu-west-1', 'RoundTrip1', 'client-rt');
const EDGE_KEY = { accessKeyId: 'ASIAEDGEROLE', secretAccessKey: 'edge/role+secret', sessionToken: 'IQoJb3JpZ2luX2VjE+/token==' };
const NOW = new Date('2025-06-01T12:00:00Z');
const noFetch: Fetcher = {
  fetch: async () => {
    throw new Error('unexpected fetch');
  },
};

const handler = createHandler(edgeConfig([pool], { routes: [{ method: '*', path: '/*', access: 'authenticated' }] }), {
  jwksFetcher: noFetch,
  credentials: () => EDGE_KEY,
  clock: () => NOW,
  logger: () => undefined,
});
const bearer = `Bearer ${token(pool, accessPayload(pool))}`;

/** What the function URL receives: CloudFront's forwarded request, after CloudFront's own header changes. */
function atFunctionUrl(out: CloudFrontRequest): SigV4Request {
  const headers: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(out.headers)) headers[name.toLowerCase()] = list.map((h) => h.value);
  headers['x-forwarded-for'] = [`${headers['x-forwarded-for']?.[0] ?? ''}, 198.51.100.7`];
  headers.via = ['1.1 0123456789abcdef.cloudfront.net (CloudFront)'];
  headers['x-amz-cf-id'] = ['Zm9vYmFyYmF6cXV4'];
  headers['cloudfront-forwarded-proto'] = ['https'];
  return {
    method: out.method,
    path: `${out.origin?.custom?.path ?? ''}${out.uri}`,
    query: out.querystring,
    headers,
    body: out.body ? Buffer.from(out.body.data, out.body.encoding === 'base64' ? 'base64' : 'utf8') : undefined,
  };
}

const VARIANTS: [string, Partial<SigV4VerifyOptions>][] = [
  ['normalised path, + as space', { normalizePath: true, plusIsSpace: true }],
  ['normalised path, + as plus', { normalizePath: true, plusIsSpace: false }],
  ['raw path, + as space', { normalizePath: false, plusIsSpace: true }],
  ['raw path, + as plus', { normalizePath: false, plusIsSpace: false }],
];

function verifyAll(req: SigV4Request): void {
  for (const [name, variant] of VARIANTS) {
    const result = verifySigV4(req, {
      credentialsLookup: (id) => (id === EDGE_KEY.accessKeyId ? { secretAccessKey: EDGE_KEY.secretAccessKey, sessionToken: EDGE_KEY.sessionToken } : undefined),
      now: NOW,
      expectedService: 'lambda',
      expectedRegion: 'eu-west-1',
      ...variant,
    });
    if (!result.ok) throw new Error(`${name}: ${result.reason}\n${result.canonicalRequest ?? ''}`);
  }
}

async function forward(init: EventInit): Promise<CloudFrontRequest> {
  return asRequest(await handler(originRequest({ ...init, headers: { authorization: bearer, ...init.headers } })));
}

describe('handler-signed requests verify under the independent SigV4 verifier', () => {
  it.each<[string, EventInit]>([
    ['a plain GET', { uri: '/api/books' }],
    ['parentheses in the path (raw)', { uri: '/api/books/(draft)' }],
    ['parentheses in the path (encoded)', { uri: '/api/books/%28draft%29' }],
    ['spaces', { uri: '/api/books/my%20book', querystring: 'q=two%20words' }],
    ['plus signs in path and query', { uri: '/api/books/c++', querystring: 'q=a+b&r=a%2Bb&s=%2B' }],
    ['unicode (encoded and raw)', { uri: '/api/books/%E2%9C%93/ü/𝄞', querystring: 'q=caf%C3%A9&r=日本' }],
    ['reserved characters encoded in a segment', { uri: `/api/books/${encodeURIComponent("!*'();:@&=+$,/?#[]")}` }],
    ['reserved sub-delims raw in the path', { uri: "/api/books/!*'();:@&=+$,/x" }],
    ['reserved characters in the query', { querystring: `v=${encodeURIComponent("!*'();:@&=+$,/?#[]")}&w=:@/?`, uri: '/api/search' }],
    ['repeated and empty query keys', { uri: '/api/books', querystring: 'a=2&a=1&a=&b&=x&&c=' }],
    ['a trailing slash and doubled slashes', { uri: '//api//books//' }],
    ['lower-case and needless escapes', { uri: '/api/%62ooks/%7euser', querystring: '%6b=%7e' }],
    ['a binary POST body', { method: 'POST', uri: '/api/books', body: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a]) }],
    ['a JSON PUT body with unicode', { method: 'PUT', uri: '/api/books/1', body: '{"t":"Wüste 🐪"}' }],
    ['a DELETE with an empty body', { method: 'DELETE', uri: '/api/books/1' }],
    ['an origin path prefix', { uri: '/api/books', originPath: '/v1' }],
    [
      'prototype-named query keys (__proto__ lost by smithy getCanonicalQuery)',
      { uri: '/api/hello', querystring: 'name=x&__proto__=y&constructor=z&__proto__=a&toString=' },
    ],
  ])('%s', async (_name, init) => {
    verifyAll(atFunctionUrl(await forward(init)));
  });

  it('fails when a signed header changes after signing (control)', async () => {
    const req = atFunctionUrl(await forward({ uri: '/api/books' }));
    const headers = { ...req.headers, 'x-sfu-verified-claims': ['eyJzdWIiOiJldmlsIn0'] };
    const result = verifySigV4({ ...req, headers }, { credentialsLookup: () => EDGE_KEY, now: NOW, expectedService: 'lambda' });
    expect(result).toMatchObject({ ok: false, reason: 'the signature does not match' });
  });

  it('fails when the path is decoded on the way (control: the wire form matters)', async () => {
    const req = atFunctionUrl(await forward({ uri: '/api/books/(x)' }));
    expect(req.path).toBe('/api/books/%28x%29');
    const result = verifySigV4({ ...req, path: '/api/books/(x)' }, { credentialsLookup: () => EDGE_KEY, now: NOW, expectedService: 'lambda' });
    expect(result.ok).toBe(false);
  });
});

// ---- property test ----------------------------------------------------------

const SPECIAL = [
  '(',
  ')',
  '+',
  ' ',
  '!',
  '*',
  "'",
  ';',
  ':',
  '@',
  '&',
  '=',
  '$',
  ',',
  '/',
  '?',
  '#',
  '[',
  ']',
  '%',
  '~',
  '"',
  '<',
  '>',
  '\\',
  '^',
  '`',
  '{',
  '|',
  '}',
  'é',
  '✓',
  '𝄞',
  '\u0000',
  '\n',
];
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(...SPECIAL),
  fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 4 }),
);
const text = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
const segment = text.filter((s) => s !== '' && s !== '.' && s !== '..');

/** Sub-delimiters a browser may leave unencoded in a path segment. */
const RAW_OK_IN_PATH: Record<string, string> = {
  '%21': '!',
  '%24': '$',
  '%26': '&',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2B': '+',
  '%2C': ',',
  '%3B': ';',
  '%3D': '=',
  '%3A': ':',
  '%40': '@',
};
const encodeSegment = (s: string, lenient: boolean) => {
  const strict = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return lenient ? strict.replace(/%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40)/g, (m) => RAW_OK_IN_PATH[m]) : strict;
};

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  segments: fc.array(fc.tuple(segment, fc.boolean()), { minLength: 1, maxLength: 4 }),
  pairs: fc.array(fc.tuple(text, text), { maxLength: 6 }).map((ps) => ps.filter(([k, v]) => !/^x-amz-/i.test(k) && !(k === '' && v === ''))),
  formEncoded: fc.boolean(),
  body: fc.uint8Array({ maxLength: 96 }),
});

describe('property: any function-URL-shaped request', () => {
  it('is forwarded with the same meaning and a signature that verifies', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ method, segments, pairs, formEncoded, body }) => {
        const uri = `/api/${segments.map(([s, lenient]) => encodeSegment(s, lenient)).join('/')}`;
        const querystring = formEncoded
          ? new URLSearchParams(pairs).toString()
          : pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const out = await forward({ method, uri, querystring, body: Buffer.from(body) });
        const req = atFunctionUrl(out);
        verifyAll(req);
        // Same meaning: the decoded path segments, the form-decoded query, the body bytes.
        expect(out.uri.split('/').slice(2).map(decodeURIComponent)).toEqual(segments.map(([s]) => s));
        expect([...new URLSearchParams(out.querystring)]).toEqual(pairs);
        expect(Buffer.from(req.body as Uint8Array)).toEqual(Buffer.from(body));
        expect(out.headers.host[0].value).toBe(ORIGIN_HOST);
      }),
      { numRuns: 300 },
    );
  });
});
