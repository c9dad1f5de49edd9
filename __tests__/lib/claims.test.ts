import { decodeClaims, encodeClaims, type VerifiedClaims } from '../../lib/claims';

const claims: VerifiedClaims = {
  sub: 'a1b2',
  username: 'alice',
  groups: ['admins'],
  scopes: ['books/write'],
  tokenUse: 'access',
  clientId: 'client-1',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc',
  exp: 2000000000,
};

describe('claims header', () => {
  it('round-trips claims, unicode included', () => {
    const withUnicode = { ...claims, username: 'zoë 🚀' };
    expect(decodeClaims(encodeClaims(withUnicode))).toEqual({ ...withUnicode, email: undefined });
  });

  it('encodes to header-safe base64url', () => {
    expect(encodeClaims(claims)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64url', 'e30=!!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON but not an object', Buffer.from('42').toString('base64url')],
    ['without sub', Buffer.from(JSON.stringify({ ...claims, sub: '' })).toString('base64url')],
    ['groups not a list of strings', Buffer.from(JSON.stringify({ ...claims, groups: 'admins' })).toString('base64url')],
    ['an unknown token use', Buffer.from(JSON.stringify({ ...claims, tokenUse: 'refresh' })).toString('base64url')],
  ])('rejects a header that is %s', (_name, value) => {
    expect(decodeClaims(value)).toBeUndefined();
  });
});
