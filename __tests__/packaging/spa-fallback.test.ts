/** The deep-link CloudFront Function (packaging/spa-fallback-function.js), run as CloudFront runs it. */
import { loadSpaFallback, spaFallbackFunctionCode, type ViewerRequest } from '../../packaging/spa-fallback';

const handler = loadSpaFallback();
const request = (uri: string): ViewerRequest => ({
  method: 'GET',
  uri,
  querystring: { code: { value: 'x' } },
  headers: { host: { value: 'd1.cloudfront.net' } },
  cookies: {},
});

describe('spa-fallback-function.js', () => {
  it.each(['/', '/callback', '/books/123', '/books/123/', '/a/b/c'])('rewrites the app route %s to /index.html', (uri) => {
    expect(handler(request(uri)).uri).toBe('/index.html');
  });

  it.each(['/index.html', '/config.json', '/assets/index-AbC12345.js', '/assets/missing.css', '/favicon.ico', '/books/1.2'])(
    'leaves the file path %s alone',
    (uri) => {
      expect(handler(request(uri)).uri).toBe(uri);
    },
  );

  it('returns the request (query, headers) otherwise unchanged', () => {
    const out = handler(request('/callback'));
    expect(out).toEqual({ ...request('/callback'), uri: '/index.html' });
  });

  it('is a plain script for cloudfront-js-2.0: handler(event), no module syntax or Node globals', () => {
    const code = spaFallbackFunctionCode();
    expect(code).toMatch(/^function handler\(event\) \{$/m);
    expect(code).not.toMatch(/\b(require|module\.exports|exports\.|import |export |process\.)/);
    expect(Buffer.byteLength(code)).toBeLessThan(10 * 1024); // CloudFront Functions: 10 KB of code
  });
});
