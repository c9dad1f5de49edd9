/**
 * `signSigV4` builds the canonical request with @smithy/signature-v4's pieces
 * and does the HMAC chain itself (with the derived key kept for the day). This
 * pins its output to what a full `SignatureV4.sign` gives for the same input
 * (the way the edge signed before), over generated requests: headers, the
 * signed header list and the canonical request must be identical.
 */
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest as SmithyHttpRequest } from '@smithy/types';
import fc from 'fast-check';
import { rfc3986Encode, type QueryBag } from '../../edge/encoding';
import { signSigV4, type SigV4Input, type SigV4Output } from '../../edge/sign';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

class ReportingSignatureV4 extends SignatureV4 {
  canonicalRequest = '';
  protected override createCanonicalRequest(request: SmithyHttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.canonicalRequest;
  }
}

/** The reference: smithy's SignatureV4 end to end, configured as the edge configures it. */
async function smithySign(input: SigV4Input): Promise<SigV4Output> {
  const normalize = input.normalizePath ?? true;
  const headers: Record<string, string> = { host: input.host };
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  if (input.contentSha256Header ?? true) headers['x-amz-content-sha256'] = sha256(input.body);
  const signer = new ReportingSignatureV4({
    service: input.service,
    region: input.region,
    credentials: input.credentials,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: normalize,
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: input.method.toUpperCase(),
    protocol: 'https:',
    hostname: input.host,
    path: normalize ? input.path : input.path.split('/').map(rfc3986Encode).join('/'),
    query: input.query,
    headers,
    body: input.body,
  });
  const signed = await signer.sign(request, { signingDate: input.signingDate });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = value;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(out.authorization ?? '')?.[1]?.split(';') ?? [];
  return { headers: out, signedHeaders, canonicalRequest: signer.canonicalRequest };
}


const segment = fc.oneof(
  fc.constantFrom('', '.', '..', 'api', 'books', 'a b', 'a%20b', '%2F', '~x', 'é', '(x)', '*', "'", '%E2%82%AC'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const path = fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`);
const queryKey = fc.oneof(fc.constantFrom('a', 'A', 'b', 'x-amz-signature', 'X-Amz-Signature', '__proto__', 'constructor', 'k k', 'é', ''), fc.string({ maxLength: 5 }));
const queryValue = fc.oneof(fc.constantFrom('', '1', 'a b', '+', '%', 'é', '=&'), fc.string({ unit: 'grapheme', maxLength: 6 }));
const query = fc
  .array(fc.tuple(queryKey, fc.oneof(queryValue, fc.array(queryValue, { maxLength: 3 }))), { maxLength: 6 })
  .map((pairs) => {
    const bag: QueryBag = Object.create(null) as QueryBag;
    for (const [k, v] of pairs) bag[k] = v;
    return bag;
  });
const headerName = fc.oneof(
  fc.constantFrom(
    'x-sfu-verified-claims',
    'X-Sfu-Verified-Claims',
    'content-type',
    'user-agent',
    'User-Agent',
    'x-amz-date',
    'X-Amz-Date',
    'date',
    'authorization',
    'Authorization',
    'x-amz-security-token',
    'x-amz-content-sha256',
    'X-Amz-Content-Sha256',
    'host',
    'Host',
    'proxy-authorization',
    'sec-fetch-mode',
    'x-amzn-trace-id',
    'my-header1',
  ),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,10}$/),
);
const headerValue = fc.oneof(fc.constantFrom('', ' a  b ', 'a\tb', 'x\r\ny', 'value', '  lead', 'trail  '), fc.string({ maxLength: 12 }));
const credentials = fc.record(
  {
    accessKeyId: fc.constantFrom('AKIDEXAMPLE', 'ASIAEDGE0000', 'A'),
    secretAccessKey: fc.constantFrom('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'secret', 'other-secret'),
    sessionToken: fc.constantFrom('token/+=', 'IQoJb3JpZ2luX2VjE'.repeat(20)),
  },
  { requiredKeys: ['accessKeyId', 'secretAccessKey'] },
);
const input: fc.Arbitrary<SigV4Input> = fc.record({
  method: fc.constantFrom('GET', 'post', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  host: fc.constantFrom('abc123.lambda-url.eu-west-1.on.aws', 'example.amazonaws.com', 'localhost:9000'),
  path,
  query,
  headers: fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
  body: fc.uint8Array({ maxLength: 64 }),
  service: fc.constantFrom('lambda', 'service', 'execute-api'),
  region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'),
  credentials,
  signingDate: fc.date({ min: new Date('2015-08-30T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true }),
  contentSha256Header: fc.boolean(),
  normalizePath: fc.boolean(),
});

describe('signSigV4 gives what @smithy/signature-v4 SignatureV4.sign gives', () => {
  it('for generated requests (headers, signed headers, canonical request)', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        expect(await signSigV4(i)).toEqual(await smithySign(i));
      }),
      { numRuns: 600 },
    );
  });

  it('with the derived key reused across requests and recomputed when the day, region, service or secret changes', async () => {
    const base: SigV4Input = {
      method: 'POST',
      host: 'abc123.lambda-url.eu-west-1.on.aws',
      path: '/api/books',
      query: {},
      headers: { 'x-sfu-verified-claims': 'eyJ9' },
      body: Buffer.from('{}'),
      service: 'lambda',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'ASIAEDGE', secretAccessKey: 'one', sessionToken: 't' },
      signingDate: new Date('2025-01-02T23:59:59Z'),
    };
    const variants: SigV4Input[] = [
      base,
      base,
      { ...base, signingDate: new Date('2025-01-03T00:00:00Z') },
      { ...base, signingDate: new Date('2025-01-02T23:59:59.999Z') },
      { ...base, region: 'us-east-1' },
      { ...base, service: 'execute-api' },
      { ...base, credentials: { ...base.credentials, secretAccessKey: 'two' } },
      { ...base, credentials: { ...base.credentials, accessKeyId: 'ASIAOTHER' } },
      base,
    ];
    for (const v of variants) expect(await signSigV4(v)).toEqual(await smithySign(v));
  });

  it('hashes the body for x-amz-content-sha256 and signs it', async () => {
    const body = Buffer.from([0, 1, 2, 255]);
    const out = await signSigV4({
      method: 'PUT',
      host: 'abc123.lambda-url.eu-west-1.on.aws',
      path: '/api/books/1',
      query: {},
      body,
      service: 'lambda',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      signingDate: new Date('2025-01-02T03:04:05Z'),
    });
    expect(out.headers['x-amz-content-sha256']).toBe(sha256(body));
    expect(out.signedHeaders).toEqual(['host', 'x-amz-content-sha256', 'x-amz-date']);
    expect(out.canonicalRequest.endsWith(`\n${sha256(body)}`)).toBe(true);
  });

  it('refuses credentials that are not strings, as SignatureV4 does', async () => {
    const bad = { accessKeyId: 1, secretAccessKey: 'S' } as unknown as SigV4Input['credentials'];
    const i: SigV4Input = { method: 'GET', host: 'h', path: '/', query: {}, body: new Uint8Array(0), service: 's', region: 'r', credentials: bad, signingDate: new Date(0) };
    await expect(signSigV4(i)).rejects.toThrow('Resolved credential object is not valid');
    await expect(smithySign(i)).rejects.toThrow('Resolved credential object is not valid');
  });
});
