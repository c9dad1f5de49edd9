import { badRequest, edgeMisconfigured, forbidden, invalidToken, missingToken, payloadTooLarge } from '../../edge/responses';

describe('generated responses', () => {
  it.each([
    ['badRequest', badRequest('The request path cannot be decoded.'), '400', 'bad_request'],
    ['missingToken', missingToken(), '401', 'unauthorized'],
    ['invalidToken', invalidToken(), '401', 'invalid_token'],
    ['forbidden', forbidden(), '403', 'forbidden'],
    ['payloadTooLarge', payloadTooLarge(), '413', 'payload_too_large'],
    ['edgeMisconfigured', edgeMisconfigured(), '500', 'edge_misconfigured'],
  ])('%s: status, JSON error body, no-store', (_name, res, status, code) => {
    expect(res.status).toBe(status);
    expect(res.bodyEncoding).toBe('text');
    const body = JSON.parse(res.body ?? '') as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(res.headers?.['cache-control']).toEqual([{ key: 'Cache-Control', value: 'no-store' }]);
    expect(res.headers?.['content-type']?.[0].value).toBe('application/json; charset=utf-8');
  });

  it('challenges a missing token without an error code (RFC 6750 section 3.1)', () => {
    expect(missingToken().headers?.['www-authenticate']).toEqual([{ key: 'WWW-Authenticate', value: 'Bearer realm="api"' }]);
  });

  it('marks a bad token with error="invalid_token"', () => {
    expect(invalidToken().headers?.['www-authenticate']?.[0].value).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The token is invalid."',
    );
    expect(invalidToken(true).headers?.['www-authenticate']?.[0].value).toContain('error_description="The token has expired."');
  });

  it('sends no WWW-Authenticate on 403', () => {
    expect(forbidden().headers?.['www-authenticate']).toBeUndefined();
  });
});
