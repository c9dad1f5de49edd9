/**
 * A viewer header named like an Object.prototype property (`__proto__`,
 * `constructor`) is an ordinary header in CloudFront's JSON event. Found by
 * schemathesis (issue 12): `HEAD /api/me` with a `__proto__` header made the
 * CloudFront stand-in answer 502 (`headers[key] ??= []` found
 * Object.prototype for `__proto__`).
 */
import { addHeader, toOriginRequestEvent } from '../../local/cloudfront-event';

const ORIGIN = { domainName: 'abc.lambda-url.eu-west-1.on.aws', distributionDomainName: 'd111.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE' };

describe('addHeader with prototype-named headers', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('keeps %s as an own key, value list and all, and survives JSON', (name) => {
    const headers = {};
    addHeader(headers, name, 'a');
    addHeader(headers, name.toUpperCase(), 'b');
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(headers, name.toLowerCase())).toBe(true);
    const parsed = JSON.parse(JSON.stringify(headers));
    expect(parsed[name.toLowerCase()]).toEqual([
      { key: name, value: 'a' },
      { key: name.toUpperCase(), value: 'b' },
    ]);
  });

  it('builds the event for a viewer request that carries one', () => {
    const event = toOriginRequestEvent(
      { method: 'HEAD', url: '/api/me', rawHeaders: ['__proto__', 'x', 'Accept', '*/*'], body: Buffer.alloc(0), clientIp: '127.0.0.1' },
      ORIGIN,
      'req-1',
    );
    const headers = JSON.parse(JSON.stringify(event.Records[0].cf.request.headers));
    expect(headers.__proto__).toEqual([{ key: '__proto__', value: 'x' }]);
    expect(headers.accept).toEqual([{ key: 'Accept', value: '*/*' }]);
  });
});
