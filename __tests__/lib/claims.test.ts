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

describe('decodeClaims keeps the last header it decoded', () => {
  const a: VerifiedClaims = { sub: 'a', groups: ['g'], scopes: ['s'], tokenUse: 'access', clientId: 'c', issuer: 'i', exp: 1 };
  const b: VerifiedClaims = { ...a, sub: 'b', groups: ['h'] };

  it('returns the same frozen claims for the same header, and decodes another header anew', () => {
    const first = decodeClaims(encodeClaims(a));
    expect(decodeClaims(encodeClaims(a))).toBe(first);
    expect(first).toMatchObject(a);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.groups)).toBe(true);
    expect(() => (first?.groups as string[]).push('admins')).toThrow(TypeError);
    expect(decodeClaims(encodeClaims(b))).toMatchObject(b);
    expect(decodeClaims(encodeClaims(a))).toMatchObject(a);
  });

  it('stays undefined for a malformed header, however often it is sent', () => {
    expect(decodeClaims('e30')).toBeUndefined();
    expect(decodeClaims('e30')).toBeUndefined();
    expect(decodeClaims('not base64!')).toBeUndefined();
    expect(decodeClaims(undefined)).toBeUndefined();
  });
});
