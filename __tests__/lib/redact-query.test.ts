import { REDACTED, isCredentialKey, redactQuery, redactUrl } from '../../lib/redact-query';

const R = REDACTED;
const JWT = 'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

describe('isCredentialKey', () => {
  it.each([
    'token',
    'access_token',
    'id_token',
    'refresh_token',
    'code',
    'password',
    'secret',
    'client_secret',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'x-amz-date',
    // case variants
    'Access_Token',
    'ACCESS_TOKEN',
    'X-AMZ-SIGNATURE',
    'Code',
    // *token*, and other spellings
    'accessToken',
    'oauth_token',
    'id_token_hint',
    'api_key',
    'apiKey',
    'passwd',
    'pwd',
    'authorization',
    'sessionToken',
    'code_verifier',
    // encoded, padded, array-style
    '%74oken',
    '%2574oken',
    'access%5Ftoken',
    'to%6Ben',
    'X%2DAmz%2DSignature',
    ' token ',
    '+token',
    'token[]',
    'token[0]',
  ])('%p is a credential name', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(['name', 'limit', 'cursor', 'q', 'postcode', 'zipcode', 'codes', 'title', 'author', 'year', 'x-amzdate', 'amz', 'sort', '%ZZtoke'])(
    '%p is not',
    (key) => {
      expect(isCredentialKey(key)).toBe(false);
    },
  );
});

describe('redactQuery', () => {
  it('redacts credential values and keeps everything else byte for byte', () => {
    expect(redactQuery('access_token=SECRET&name=x')).toBe(`access_token=${R}&name=x`);
    expect(redactQuery('name=Ada%20Lovelace&limit=10')).toBe('name=Ada%20Lovelace&limit=10');
    expect(redactQuery('')).toBe('');
  });

  it('matches names whatever their case', () => {
    expect(redactQuery('Access_Token=SECRET&X-AMZ-SIGNATURE=abc123&x-amz-credential=AKIA%2F20240101')).toBe(
      `Access_Token=${R}&X-AMZ-SIGNATURE=${R}&x-amz-credential=${R}`,
    );
  });

  it('redacts every copy of a repeated key', () => {
    expect(redactQuery('token=one&token=two&name=x&token=three')).toBe(`token=${R}&token=${R}&name=x&token=${R}`);
  });

  it('matches percent-encoded names (and keeps the name as sent)', () => {
    expect(redactQuery('%74oken=SECRET&na%6De=x')).toBe(`%74oken=${R}&na%6De=x`);
    expect(redactQuery('%2574oken=SECRET')).toBe(`%2574oken=${R}`);
    expect(redactQuery('access%5Ftoken=SECRET')).toBe(`access%5Ftoken=${R}`);
  });

  it('keeps names without "=" (nothing to hide) and empty values', () => {
    expect(redactQuery('token&name=x')).toBe('token&name=x');
    expect(redactQuery('token=&name=x')).toBe('token=&name=x');
    expect(redactQuery('debug&&name=x&')).toBe('debug&&name=x&');
  });

  it('redacts a bare part that is a secret itself', () => {
    expect(redactQuery(`${JWT}&name=x`)).toBe(`${R}&name=x`);
    expect(redactQuery('token%3DSECRET&name=x')).toBe(`${R}&name=x`);
  });

  it('redacts the whole value, "=" and all', () => {
    expect(redactQuery('secret=a=b==&x=1')).toBe(`secret=${R}&x=1`);
  });

  it('redacts a JWT under any name (also after "Bearer ", also encoded)', () => {
    expect(redactQuery(`t=${JWT}&name=x`)).toBe(`t=${R}&name=x`);
    expect(redactQuery(`auth_header=Bearer%20${JWT}`)).toBe(`auth_header=${R}`);
    expect(redactQuery(`jwt=${encodeURIComponent(JWT).replace(/\./g, '%2E')}`)).toBe(`jwt=${R}`);
  });

  it('treats ";" as a separator too (some servers do)', () => {
    expect(redactQuery('name=x;token=SECRET')).toBe(`name=x;token=${R}`);
    expect(redactQuery('name=a;b')).toBe('name=a;b');
  });
});

describe('redactUrl', () => {
  it('redacts the query of a request target, keeping the path', () => {
    expect(redactUrl('/api/hello?access_token=SECRET&name=x')).toBe(`/api/hello?access_token=${R}&name=x`);
    expect(redactUrl('/api/hello')).toBe('/api/hello');
    expect(redactUrl('/api/hello?')).toBe('/api/hello?');
    expect(redactUrl('/api/books/token=abc')).toBe('/api/books/token=abc');
  });

  it('redacts a presigned SigV4 query', () => {
    const url =
      '/api/me?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fus-east-1%2Flambda%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=deadbeef&name=x';
    const out = redactUrl(url);
    expect(out).not.toMatch(/AKIAEXAMPLE|deadbeef/);
    expect(out).toBe(`/api/me?X-Amz-Algorithm=${R}&X-Amz-Credential=${R}&X-Amz-Date=${R}&X-Amz-SignedHeaders=${R}&X-Amz-Signature=${R}&name=x`);
  });

  it('redacts parameters in a fragment (implicit-flow tokens) and absolute URLs', () => {
    expect(redactUrl('/cb#access_token=SECRET&state=s')).toBe(`/cb#access_token=${R}&state=s`);
    expect(redactUrl('/cb?code=SECRET#frag')).toBe(`/cb?code=${R}#frag`);
    expect(redactUrl('http://127.0.0.1:8080/api/hello?id_token=SECRET')).toBe(`http://127.0.0.1:8080/api/hello?id_token=${R}`);
  });
});
