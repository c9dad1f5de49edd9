import type { LambdaFunctionURLResult } from 'aws-lambda';
import { fromFunctionUrlResult, toFunctionUrlEvent, type IamIdentity, type IncomingHttpRequest } from '../../local/function-url-event';

const IAM: IamIdentity = {
  accessKey: 'ASIAEXAMPLE',
  accountId: '123456789012',
  callerId: 'AROAEXAMPLE:edge',
  userArn: 'arn:aws:sts::123456789012:assumed-role/dev-edge/us-east-1.dev-edge',
  userId: 'AROAEXAMPLE:edge',
};
const NOW = new Date('2025-03-04T05:06:07.000Z');
const OPTS = { urlId: 'abcdefghijklmnopqrstuvwxyz012345', region: 'eu-west-1', now: NOW };

function request(over: Partial<IncomingHttpRequest> = {}): IncomingHttpRequest {
  return { method: 'GET', url: '/api/hello', rawHeaders: [], body: Buffer.alloc(0), sourceIp: '127.0.0.1', ...over };
}

const eventOf = (over: Partial<IncomingHttpRequest> = {}) => toFunctionUrlEvent(request(over), IAM, OPTS);

describe('toFunctionUrlEvent: the payload-2.0 shape', () => {
  it('has version 2.0, $default route, raw path and query, and the request context of a function URL', () => {
    const e = eventOf({ method: 'post', url: '/api/books?x=1', rawHeaders: ['User-Agent', 'curl/8'], sourceIp: '10.0.0.9' });
    expect(e.version).toBe('2.0');
    expect(e.routeKey).toBe('$default');
    expect(e.rawPath).toBe('/api/books');
    expect(e.rawQueryString).toBe('x=1');
    expect(e.requestContext).toMatchObject({
      accountId: IAM.accountId,
      apiId: OPTS.urlId,
      domainName: `${OPTS.urlId}.lambda-url.eu-west-1.on.aws`,
      domainPrefix: OPTS.urlId,
      http: { method: 'POST', path: '/api/books', protocol: 'HTTP/1.1', sourceIp: '10.0.0.9', userAgent: 'curl/8' },
      routeKey: '$default',
      stage: '$default',
      time: NOW.toUTCString(),
      timeEpoch: NOW.getTime(),
    });
    expect(e.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('describes the signer in requestContext.authorizer.iam', () => {
    expect((eventOf().requestContext as unknown as { authorizer: unknown }).authorizer).toEqual({
      iam: { ...IAM, cognitoIdentity: null, principalOrgId: null },
    });
  });

  it('gives each event its own request id', () => {
    expect(eventOf().requestContext.requestId).not.toBe(eventOf().requestContext.requestId);
  });

  it('lower-cases header names and joins repeated headers with ","', () => {
    const e = eventOf({ rawHeaders: ['X-Thing', 'a', 'Accept', 'text/html', 'x-thing', 'b', 'X-THING', 'c d'] });
    expect(e.headers).toEqual({ 'x-thing': 'a,b,c d', accept: 'text/html' });
  });

  it('moves cookies to cookies[] (every Cookie header, split on ";") and out of the headers', () => {
    const e = eventOf({ rawHeaders: ['Cookie', 'a=1; b=2', 'X-Other', 'v', 'cookie', 'c=3;;  '] });
    expect(e.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(e.headers.cookie).toBeUndefined();
    expect(e.headers['x-other']).toBe('v');
  });

  it('has no cookies field without cookies, and no queryStringParameters without a query', () => {
    const e = eventOf();
    expect('cookies' in e).toBe(false);
    expect('queryStringParameters' in e).toBe(false);
    expect(e.rawQueryString).toBe('');
  });

  it('decodes queryStringParameters and comma-joins repeated keys; rawQueryString stays raw', () => {
    const e = eventOf({ url: '/p?name=Ada%20Lovelace&tag=a&tag=b%2Cc&caf%C3%A9=%E2%82%AC&flag&empty=' });
    expect(e.rawQueryString).toBe('name=Ada%20Lovelace&tag=a&tag=b%2Cc&caf%C3%A9=%E2%82%AC&flag&empty=');
    expect(e.queryStringParameters).toEqual({ name: 'Ada Lovelace', tag: 'a,b,c', café: '€', flag: '', empty: '' });
  });

  it('keeps a malformed percent-encoding as it was (no throw)', () => {
    expect(eventOf({ url: '/p?bad=%zz&ok=%41' }).queryStringParameters).toEqual({ bad: '%zz', ok: 'A' });
  });

  it("keeps prototype-named query keys (__proto__, constructor, toString) as own keys, as Lambda's JSON event carries them", () => {
    const params = eventOf({ url: '/p?name=x&__proto__=y&constructor=c&toString=t&toString=u&__proto__=z' }).queryStringParameters!;
    expect(Object.entries(params)).toEqual([
      ['name', 'x'],
      ['__proto__', 'y,z'],
      ['constructor', 'c'],
      ['toString', 't,u'],
    ]);
    // A plain object like JSON.parse builds: the key is data, not the prototype.
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(JSON.stringify(params)).toBe('{"name":"x","__proto__":"y,z","constructor":"c","toString":"t,u"}');
  });

  it('keeps prototype-named header names as own keys', () => {
    const headers = eventOf({ rawHeaders: ['__proto__', 'a', 'Constructor', 'b', 'constructor', 'c', 'valueOf', 'd'] }).headers;
    expect(Object.entries(headers)).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b,c'],
      ['valueof', 'd'],
    ]);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it('skips empty query pieces', () => {
    expect(eventOf({ url: '/p?a=1&&b=2&' }).queryStringParameters).toEqual({ a: '1', b: '2' });
  });

  it('has no body field and isBase64Encoded false for an empty body', () => {
    const e = eventOf({ method: 'POST', rawHeaders: ['Content-Type', 'application/octet-stream'] });
    expect(e.body).toBeUndefined();
    expect(e.isBase64Encoded).toBe(false);
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'text/csv; charset=utf-8',
    'application/xml',
    'application/x-www-form-urlencoded',
    'application/javascript',
    'application/vnd.api+json',
    'application/atom+xml',
    'APPLICATION/JSON',
  ])('a %s body is passed as text (isBase64Encoded false)', (type) => {
    const e = eventOf({ method: 'POST', rawHeaders: ['Content-Type', type], body: Buffer.from('{"t":"é"}', 'utf8') });
    expect(e.isBase64Encoded).toBe(false);
    expect(e.body).toBe('{"t":"é"}');
  });

  it.each([['application/octet-stream'], ['image/png'], ['multipart/form-data; boundary=x'], [undefined]])(
    'a %s body is base64-encoded (isBase64Encoded true)',
    (type) => {
      const body = Buffer.from([0, 1, 0xfe, 0xff, 0x80, 0x7f]);
      const e = eventOf({ method: 'PUT', rawHeaders: type === undefined ? [] : ['Content-Type', type], body });
      expect(e.isBase64Encoded).toBe(true);
      expect(Buffer.from(e.body!, 'base64').equals(body)).toBe(true);
    },
  );
});

describe('toFunctionUrlEvent: body encoding (text as a string, anything else base64)', () => {
  const jsonBytes = (middle: number[]) => Buffer.concat([Buffer.from('{"title":"'), Buffer.from(middle), Buffer.from('","author":"x"}')]);

  it.each([
    ['0xff 0xfe', [0xff, 0xfe]],
    ['a truncated 2-byte sequence', [0xc3]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ])('an application/json body that is not valid UTF-8 (%s) is passed without loss: base64 with isBase64Encoded true', (_what, middle) => {
    const body = jsonBytes(middle);
    const e = eventOf({ method: 'POST', url: '/api/books', rawHeaders: ['Content-Type', 'application/json'], body });
    expect(e.isBase64Encoded).toBe(true);
    expect(Buffer.from(e.body!, 'base64').equals(body)).toBe(true);
    expect(e.body).not.toContain('\ufffd');
  });

  it('a text/plain body that is not valid UTF-8 is passed without loss too', () => {
    const body = Buffer.from([0x61, 0xff, 0x62]);
    const e = eventOf({ method: 'POST', rawHeaders: ['Content-Type', 'text/plain; charset=utf-8'], body });
    expect(e.isBase64Encoded).toBe(true);
    expect(Buffer.from(e.body!, 'base64').equals(body)).toBe(true);
  });

  it('a valid UTF-8 JSON body (multi-byte characters, a leading BOM) stays a string, byte for byte', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"Café – 日本 📚","author":"x"}', 'utf8')]);
    const e = eventOf({ method: 'POST', rawHeaders: ['Content-Type', 'application/json'], body });
    expect(e.isBase64Encoded).toBe(false);
    expect(typeof e.body).toBe('string');
    expect(Buffer.from(e.body!, 'utf8').equals(body)).toBe(true);
  });

  it.each([['application/octet-stream'], ['image/png'], ['application/pdf'], ['multipart/form-data; boundary=x'], [undefined]])(
    'a %s body is base64 with isBase64Encoded true, even when its bytes are valid UTF-8 text',
    (type) => {
      const body = Buffer.from('{"title":"T","author":"x"}', 'utf8');
      const e = eventOf({ method: 'POST', rawHeaders: type === undefined ? [] : ['Content-Type', type], body });
      expect(e.isBase64Encoded).toBe(true);
      expect(e.body).toBe(body.toString('base64'));
    },
  );
});

describe('fromFunctionUrlResult: mapping the result to HTTP', () => {
  it('maps status, headers and a text body', () => {
    const r = fromFunctionUrlResult({ statusCode: 404, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: '{"error":"é"}' });
    expect(r.status).toBe(404);
    expect(r.headers).toEqual([
      ['content-type', 'application/json'],
      ['x-request-id', 'r1'],
    ]);
    expect(r.body.equals(Buffer.from('{"error":"é"}', 'utf8'))).toBe(true);
  });

  it('sends each cookie as its own Set-Cookie header', () => {
    const r = fromFunctionUrlResult({ statusCode: 200, cookies: ['a=1; Path=/', 'b=2; HttpOnly'] });
    expect(r.headers.filter(([k]) => k === 'set-cookie')).toEqual([
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2; HttpOnly'],
    ]);
  });

  it('decodes a base64 body to bytes', () => {
    const bytes = Buffer.from([0, 0x80, 0xff, 0x10]);
    const r = fromFunctionUrlResult({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: bytes.toString('base64'), isBase64Encoded: true });
    expect(r.body.equals(bytes)).toBe(true);
  });

  it('stringifies non-string header values', () => {
    const r = fromFunctionUrlResult({ statusCode: 200, headers: { 'x-count': 3 as unknown as string } });
    expect(r.headers).toEqual([['x-count', '3']]);
  });

  it('a result without a body has an empty body', () => {
    const r = fromFunctionUrlResult({ statusCode: 204 });
    expect(r.status).toBe(204);
    expect(r.body.length).toBe(0);
  });

  it('a result without statusCode is a 200 JSON body of the whole value', () => {
    const value = { message: 'hi', n: 1 };
    const r = fromFunctionUrlResult(value as unknown as LambdaFunctionURLResult);
    expect(r.status).toBe(200);
    expect(r.headers).toEqual([['content-type', 'application/json']]);
    expect(JSON.parse(r.body.toString('utf8'))).toEqual(value);
  });
});
