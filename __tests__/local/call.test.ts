import { regionFromFunctionUrlHost } from '../../local/call';

describe('regionFromFunctionUrlHost', () => {
  it.each([
    ['abc123def.lambda-url.eu-west-1.on.aws', 'eu-west-1'],
    ['x7.lambda-url.us-gov-west-1.on.aws', 'us-gov-west-1'],
    ['ABC.LAMBDA-URL.AP-SOUTHEAST-2.ON.AWS', 'ap-southeast-2'],
  ])('reads the region of %s', (host, region) => {
    expect(regionFromFunctionUrlHost(host)).toBe(region);
  });

  it.each(['example.com', 'abc.lambda-url.eu-west-1.on.aws.evil.com', 'abc.execute-api.eu-west-1.amazonaws.com', 'a.b.lambda-url.eu-west-1.on.aws'])(
    'returns undefined for %s',
    (host) => {
      expect(regionFromFunctionUrlHost(host)).toBeUndefined();
    },
  );
});
