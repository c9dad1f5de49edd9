import { macKeyVersion, parseClaimsKey, signClaims, verifyClaimsMac, type MacFields } from '../../lib/claims-mac';

const KEY = { version: 4, key: Buffer.alloc(32, 1) };
const FIELDS: MacFields = {
  method: 'GET',
  path: '/api/books/1',
  query: 'a=1',
  contentType: '',
  bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  claims: 'anonymous',
};
const NOW = 1_900_000_000;

describe('claims MAC', () => {
  it('verifies what it signed, and names the key version in the header', () => {
    const mac = signClaims(KEY, NOW, FIELDS);
    expect(mac).toMatch(/^k=4,t=1900000000,sig=[A-Za-z0-9_-]{43}$/);
    expect(macKeyVersion(mac)).toBe(4);
    expect(verifyClaimsMac(mac, KEY, FIELDS, NOW)).toEqual({ ok: true });
  });

  it.each<[string, Partial<MacFields>]>([
    ['method', { method: 'DELETE' }],
    ['path', { path: '/api/books/2' }],
    ['query', { query: 'a=2' }],
    ['content type', { contentType: 'text/plain' }],
    ['body hash', { bodySha256: '0'.repeat(64) }],
    ['claims', { claims: 'eyJzdWIiOiJ4In0' }],
  ])('refuses the MAC for another %s', (_what, change) => {
    expect(verifyClaimsMac(signClaims(KEY, NOW, FIELDS), KEY, { ...FIELDS, ...change }, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('binds the fields unambiguously (a newline moved between path and query changes the MAC)', () => {
    const a = signClaims(KEY, NOW, { ...FIELDS, path: '/a', query: 'b' });
    expect(verifyClaimsMac(a, KEY, { ...FIELDS, path: '/a\nb', query: '' }, NOW).ok).toBe(false);
  });

  it('accepts 300 s of clock difference either way, not more', () => {
    const mac = signClaims(KEY, NOW, FIELDS);
    expect(verifyClaimsMac(mac, KEY, FIELDS, NOW + 300).ok).toBe(true);
    expect(verifyClaimsMac(mac, KEY, FIELDS, NOW - 300).ok).toBe(true);
    expect(verifyClaimsMac(mac, KEY, FIELDS, NOW + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyClaimsMac(mac, KEY, FIELDS, NOW - 301)).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses another key, another version, and malformed headers', () => {
    const mac = signClaims(KEY, NOW, FIELDS);
    expect(verifyClaimsMac(mac, { version: 4, key: Buffer.alloc(32, 2) }, FIELDS, NOW)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyClaimsMac(mac, { version: 5, key: KEY.key }, FIELDS, NOW)).toEqual({ ok: false, reason: 'unknown-key' });
    for (const bad of ['', `${mac},k=1`, mac.replace('k=4', 'k=04'), mac.slice(0, -1), ` ${mac}`])
      expect(verifyClaimsMac(bad, KEY, FIELDS, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('parses the key secret, and names each bad field without echoing the key', () => {
    expect(parseClaimsKey({ version: 1, key: 'ab'.repeat(32) })).toEqual({ version: 1, key: Buffer.alloc(32, 0xab) });
    expect(() => parseClaimsKey({ version: 0, key: 'zz' })).toThrow(
      'claims key: version: received 0; allowed: an integer >= 1; key: received 2 characters; allowed: 64 or more lower-case hex digits',
    );
    expect(() => parseClaimsKey(null)).toThrow('claims key: received null');
    expect(() => parseClaimsKey({ version: 1, key: 'AB'.repeat(32) })).toThrow('key: received 64 characters');
  });
});
