import type { CloudFrontRequest, CloudFrontResultResponse } from 'aws-lambda';
import {
  ORIGIN_REQUEST_BODY_LIMIT,
  addHeader,
  generatedResponseBody,
  generatedResponseHeaders,
  isGeneratedResponse,
  splitUrl,
  toOriginRequest,
  toOriginRequestEvent,
  type ViewerRequest,
} from '../../local/cloudfront-event';

const ORIGIN = { domainName: 'abc.lambda-url.eu-west-1.on.aws', distributionDomainName: 'd111.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE' };
const REQUEST_ID = '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==';

function viewer(over: Partial<ViewerRequest> = {}): ViewerRequest {
  return { method: 'get', url: '/api/hello?name=a%20b', rawHeaders: [], body: Buffer.alloc(0), clientIp: '203.0.113.7', ...over };
}

function requestOf(v: ViewerRequest): CloudFrontRequest {
  return toOriginRequestEvent(v, ORIGIN, REQUEST_ID).Records[0].cf.request;
}

describe('splitUrl', () => {
  it.each([
    ['/p', '/p', ''],
    ['/p?', '/p', ''],
    ['/p?a=1&b', '/p', 'a=1&b'],
    ['/p?a=1?b=2', '/p', 'a=1?b=2'],
    ['/a%20b?x=%2B+', '/a%20b', 'x=%2B+'],
  ])('%s -> uri %s, querystring %s', (url, uri, querystring) => {
    expect(splitUrl(url)).toEqual({ uri, querystring });
  });
});

describe('addHeader', () => {
  it('keys by the lower-case name, keeps the sent spelling in `key`, and appends repeats', () => {
    const headers = {};
    addHeader(headers, 'X-Thing', '1');
    addHeader(headers, 'x-thing', '2');
    expect(headers).toEqual({
      'x-thing': [
        { key: 'X-Thing', value: '1' },
        { key: 'x-thing', value: '2' },
      ],
    });
  });
});

describe('toOriginRequestEvent', () => {
  it('builds an origin-request event with the config CloudFront sends', () => {
    const event = toOriginRequestEvent(viewer(), ORIGIN, REQUEST_ID);
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0].cf.config).toEqual({
      distributionDomainName: 'd111.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'origin-request',
      requestId: REQUEST_ID,
    });
  });

  it('upper-cases the method, keeps the raw uri and the raw query string without "?"', () => {
    const r = requestOf(viewer({ method: 'post', url: '/api/a%2Fb/(x)?q=%7E+~&q=2&&flag' }));
    expect(r.method).toBe('POST');
    expect(r.uri).toBe('/api/a%2Fb/(x)');
    expect(r.querystring).toBe('q=%7E+~&q=2&&flag');
    expect(r.clientIp).toBe('203.0.113.7');
  });

  it('lower-cases header keys into {key, value} lists, keeping the sent spelling and the order of repeats', () => {
    const r = requestOf(viewer({ rawHeaders: ['X-Custom', 'one', 'Accept', 'text/html', 'x-custom', 'two', 'X-CUSTOM', 'three'] }));
    expect(r.headers['x-custom']).toEqual([
      { key: 'X-Custom', value: 'one' },
      { key: 'x-custom', value: 'two' },
      { key: 'X-CUSTOM', value: 'three' },
    ]);
    expect(r.headers.accept).toEqual([{ key: 'Accept', value: 'text/html' }]);
    for (const key of Object.keys(r.headers)) expect(key).toBe(key.toLowerCase());
  });

  it('replaces the viewer Host with the origin host and drops hop-by-hop headers', () => {
    const r = requestOf(
      viewer({
        rawHeaders: [
          'Host',
          'evil.example',
          'Connection',
          'keep-alive',
          'Keep-Alive',
          'timeout=5',
          'Transfer-Encoding',
          'chunked',
          'Upgrade',
          'h2c',
          'TE',
          'trailers',
          'Trailer',
          'x',
          'Expect',
          '100-continue',
          'Proxy-Connection',
          'x',
        ],
      }),
    );
    expect(r.headers.host).toEqual([{ key: 'Host', value: ORIGIN.domainName }]);
    for (const dropped of ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection']) {
      expect(r.headers[dropped]).toBeUndefined();
    }
  });

  it('adds the headers CloudFront adds (X-Forwarded-For, Via, CloudFront-Forwarded-Proto, CloudFront-Viewer-Address)', () => {
    const r = requestOf(viewer());
    expect(r.headers['x-forwarded-for']).toEqual([{ key: 'X-Forwarded-For', value: '203.0.113.7' }]);
    expect(r.headers.via?.[0].value).toMatch(/^2\.0 .+\.cloudfront\.net \(CloudFront\)$/);
    expect(r.headers['cloudfront-forwarded-proto']).toEqual([{ key: 'CloudFront-Forwarded-Proto', value: 'https' }]);
    expect(r.headers['cloudfront-viewer-address']).toEqual([{ key: 'CloudFront-Viewer-Address', value: '203.0.113.7:443' }]);
  });

  it('keeps a viewer-sent X-Forwarded-For and puts the client IP last', () => {
    const r = requestOf(viewer({ rawHeaders: ['X-Forwarded-For', '198.51.100.1'] }));
    const joined = r.headers['x-forwarded-for'].map((h) => h.value).join(', ');
    expect(joined.startsWith('198.51.100.1')).toBe(true);
    expect(joined.endsWith('203.0.113.7')).toBe(true);
  });

  it('replaces the viewer Content-Length with the real body length, and sends none for an empty body', () => {
    const withBody = requestOf(viewer({ method: 'POST', rawHeaders: ['Content-Length', '999'], body: Buffer.from('hello') }));
    expect(withBody.headers['content-length']).toEqual([{ key: 'Content-Length', value: '5' }]);
    const empty = requestOf(viewer({ rawHeaders: ['Content-Length', '0'] }));
    expect(empty.headers['content-length']).toBeUndefined();
  });

  it('includes the body base64-encoded, read-only, not truncated', () => {
    const body = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]);
    const r = requestOf(viewer({ method: 'POST', body }));
    expect(r.body).toEqual({ action: 'read-only', data: body.toString('base64'), encoding: 'base64', inputTruncated: false });
  });

  it('an empty body is present with empty data', () => {
    expect(requestOf(viewer()).body).toEqual({ action: 'read-only', data: '', encoding: 'base64', inputTruncated: false });
  });

  it('a body of exactly 1 MB is passed whole', () => {
    const body = Buffer.alloc(ORIGIN_REQUEST_BODY_LIMIT, 7);
    const r = requestOf(viewer({ method: 'POST', body }));
    expect(r.body?.inputTruncated).toBe(false);
    expect(Buffer.from(r.body!.data, 'base64').equals(body)).toBe(true);
  });

  it('a body over 1 MB is truncated to the first 1 MB with inputTruncated', () => {
    const body = Buffer.alloc(ORIGIN_REQUEST_BODY_LIMIT + 10);
    for (let i = 0; i < body.length; i++) body[i] = i & 0xff;
    const r = requestOf(viewer({ method: 'POST', body }));
    expect(r.body?.inputTruncated).toBe(true);
    const data = Buffer.from(r.body!.data, 'base64');
    expect(data.length).toBe(ORIGIN_REQUEST_BODY_LIMIT);
    expect(data.equals(body.subarray(0, ORIGIN_REQUEST_BODY_LIMIT))).toBe(true);
    // Content-Length still tells the real size.
    expect(r.headers['content-length']).toEqual([{ key: 'Content-Length', value: String(body.length) }]);
  });

  it('points the custom origin at the function URL host over https', () => {
    expect(requestOf(viewer()).origin?.custom).toMatchObject({ domainName: ORIGIN.domainName, protocol: 'https', port: 443, path: '' });
  });
});

describe('isGeneratedResponse', () => {
  it('a result with a status (string or number) is a generated response; a request is not', () => {
    expect(isGeneratedResponse({ status: '403' } as CloudFrontResultResponse)).toBe(true);
    expect(isGeneratedResponse({ status: 200 } as unknown as CloudFrontResultResponse)).toBe(true);
    expect(isGeneratedResponse(requestOf(viewer()))).toBe(false);
  });
});

describe('toOriginRequest', () => {
  it('sends the returned uri and querystring, header pairs with their sent names, and the original body', () => {
    const body = Buffer.from('{"a":1}');
    const r = requestOf(viewer({ method: 'POST', url: '/api/x?raw=1', rawHeaders: ['X-Thing', 'v1', 'x-thing', 'v2'], body }));
    r.uri = '/api/canonical';
    r.querystring = 'a=%20';
    const out = toOriginRequest(r, body, REQUEST_ID);
    expect(out.method).toBe('POST');
    expect(out.path).toBe('/api/canonical?a=%20');
    expect(out.headers).toEqual(
      expect.arrayContaining([
        ['X-Thing', 'v1'],
        ['x-thing', 'v2'],
        ['Content-Length', '7'],
      ]),
    );
    expect(out.body.equals(body)).toBe(true);
  });

  it('has no "?" when the query string is empty', () => {
    const r = requestOf(viewer({ url: '/api/me' }));
    expect(toOriginRequest(r, Buffer.alloc(0), REQUEST_ID).path).toBe('/api/me');
  });

  it('re-adds X-Forwarded-For (the client IP, once) and X-Amz-Cf-Id after the function, whatever the function left', () => {
    const r = requestOf(viewer({ rawHeaders: ['X-Forwarded-For', '198.51.100.1'] }));
    r.headers['x-amz-cf-id'] = [{ key: 'X-Amz-Cf-Id', value: 'forged' }];
    const out = toOriginRequest(r, Buffer.alloc(0), REQUEST_ID);
    expect(out.headers.filter(([k]) => k.toLowerCase() === 'x-forwarded-for')).toEqual([['X-Forwarded-For', '203.0.113.7']]);
    expect(out.headers.filter(([k]) => k.toLowerCase() === 'x-amz-cf-id')).toEqual([['X-Amz-Cf-Id', REQUEST_ID]]);
  });

  it('drops the event Content-Length and sends none for an empty body', () => {
    const r = requestOf(viewer({ method: 'POST', body: Buffer.from('abc') }));
    const out = toOriginRequest(r, Buffer.alloc(0), REQUEST_ID);
    expect(out.headers.some(([k]) => k.toLowerCase() === 'content-length')).toBe(false);
  });

  it('uses the lower-case key when a header entry has no `key`', () => {
    const r = requestOf(viewer());
    r.headers['x-no-key'] = [{ value: 'v' } as { key?: string; value: string }];
    expect(toOriginRequest(r, Buffer.alloc(0), REQUEST_ID).headers).toContainEqual(['x-no-key', 'v']);
  });

  it.each([
    ['base64', Buffer.from([1, 2, 3, 0xff]).toString('base64'), Buffer.from([1, 2, 3, 0xff])],
    ['text', 'héllo', Buffer.from('héllo', 'utf8')],
  ] as const)('a body the function replaced (%s) is sent instead of the original, with its length', (encoding, data, expected) => {
    const r = requestOf(viewer({ method: 'POST', body: Buffer.from('original') }));
    r.body = { action: 'replace', data, encoding, inputTruncated: false };
    const out = toOriginRequest(r, Buffer.from('original'), REQUEST_ID);
    expect(out.body.equals(expected)).toBe(true);
    expect(out.headers).toContainEqual(['Content-Length', String(expected.length)]);
  });
});

describe('generated responses', () => {
  const response: CloudFrontResultResponse = {
    status: '401',
    headers: {
      'content-type': [{ key: 'Content-Type', value: 'application/json' }],
      'set-cookie': [
        { key: 'Set-Cookie', value: 'a=1' },
        { key: 'Set-Cookie', value: 'b=2' },
      ],
      'x-bare': [{ value: 'v' } as { key?: string; value: string }],
    },
    body: '{"error":{}}',
  };

  it('turns header lists into pairs, repeats kept, the sent spelling (or the lower-case key) as name', () => {
    expect(generatedResponseHeaders(response)).toEqual([
      ['Content-Type', 'application/json'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      ['x-bare', 'v'],
    ]);
    expect(generatedResponseHeaders({ status: '204' })).toEqual([]);
  });

  it('reads a text body as UTF-8, a base64 body as bytes, and no body as empty', () => {
    expect(generatedResponseBody(response).toString('utf8')).toBe('{"error":{}}');
    expect(generatedResponseBody({ status: '200', body: 'héllo', bodyEncoding: 'text' }).equals(Buffer.from('héllo', 'utf8'))).toBe(true);
    expect(
      generatedResponseBody({ status: '200', body: Buffer.from([0, 0xff]).toString('base64'), bodyEncoding: 'base64' }).equals(Buffer.from([0, 0xff])),
    ).toBe(true);
    expect(generatedResponseBody({ status: '204' }).length).toBe(0);
  });
});
