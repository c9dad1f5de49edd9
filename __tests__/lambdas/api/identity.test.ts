import { createHash } from 'node:crypto';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { assumedRolePrefix, iamCallerOf, policyCaller, resolveIdentity, type EdgeTrust } from '../../../lambdas/api/identity';
import { ANONYMOUS_CLAIMS, CLAIMS_HEADER, encodeClaims } from '../../../lib/claims';
import { CLAIMS_MAC_HEADER, signClaims, type ClaimsKey, type MacFields } from '../../../lib/claims-mac';
import { claims, EDGE_IAM, EDGE_ROLE_ARN, functionUrlEvent, OTHER_IAM, type EventOptions } from '../events';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const NOW_S = NOW / 1000;
const header = (overrides = {}) => encodeClaims(claims(overrides));
const sigv4: EdgeTrust = { mode: 'edge-sigv4', principalPrefix: assumedRolePrefix(EDGE_ROLE_ARN) };
const KEY: ClaimsKey = { version: 2, key: Buffer.alloc(32, 7) };
const oac: EdgeTrust = { mode: 'oac', claimsKey: async (v) => (v === KEY.version ? KEY : undefined) };
/** What CloudFront (OAC) presents as the signer: its shape is not documented; the API must not care. */
const CLOUDFRONT_IAM = {
  accessKey: 'ASIACLOUDFRONT000000',
  accountId: '111122223333',
  callerId: 'AROACF:cloudfront',
  userArn: 'arn:aws:sts::111122223333:assumed-role/unknown/cloudfront',
  userId: 'AROACF:cloudfront',
};

const withClaims = (claimsValue: string, o: Partial<EventOptions> = {}) =>
  functionUrlEvent({ path: '/api/me', ...o, headers: { ...o.headers, [CLAIMS_HEADER]: claimsValue } });

/** The MAC fields of an event as the edge would have computed them. */
function fieldsFor(e: LambdaFunctionURLEvent, claimsValue: string): MacFields {
  const body = e.body ? Buffer.from(e.body, e.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  return {
    method: e.requestContext.http.method,
    path: e.rawPath,
    query: e.rawQueryString,
    contentType: e.headers['content-type'] ?? '',
    bodySha256: createHash('sha256').update(body).digest('hex'),
    claims: claimsValue,
  };
}

/** An oac-mode event whose claims carry a MAC (optionally made for other fields or another time). */
function macEvent(
  claimsValue: string,
  o: Partial<EventOptions> = {},
  tweak: { key?: ClaimsKey; at?: number; fields?: Partial<MacFields> } = {},
): LambdaFunctionURLEvent {
  const e = withClaims(claimsValue, { iam: CLOUDFRONT_IAM, ...o });
  e.headers[CLAIMS_MAC_HEADER] = signClaims(tweak.key ?? KEY, tweak.at ?? NOW_S, { ...fieldsFor(e, claimsValue), ...tweak.fields });
  return e;
}

describe('assumedRolePrefix()', () => {
  it("turns a role ARN into the prefix of its sessions' ARNs", () => {
    expect(assumedRolePrefix('arn:aws:iam::111122223333:role/dev-edge-auth')).toBe('arn:aws:sts::111122223333:assumed-role/dev-edge-auth/');
    expect(assumedRolePrefix('arn:aws-cn:iam::111122223333:role/x')).toBe('arn:aws-cn:sts::111122223333:assumed-role/x/');
  });
  it.each(['arn:aws:iam::111122223333:role/path/name', 'arn:aws:iam::1:role/x', 'dev-edge-auth'])('refuses %s, naming the value', (arn) => {
    expect(() => assumedRolePrefix(arn)).toThrow(JSON.stringify(arn));
  });
});

describe('resolveIdentity() in edge-sigv4 mode', () => {
  it('trusts the claims header of a request the edge role signed', async () => {
    const id = await resolveIdentity(withClaims(header({ groups: ['admins'] })), sigv4, NOW);
    expect(id.claims).toMatchObject({ sub: claims().sub, groups: ['admins'] });
    expect(id.iam?.userArn).toBe(EDGE_IAM.userArn);
    expect(id.claimsIgnored).toBeUndefined();
  });

  it('any IAM principal can forge the claims header (regression): another role keeps its IAM identity and gets no claims', async () => {
    const id = await resolveIdentity(withClaims(header({ groups: ['admins'] }), { iam: OTHER_IAM }), sigv4, NOW);
    expect(id.claims).toBeUndefined();
    expect(id.claimsIgnored).toBe('not-from-edge');
    expect(id.iam?.userArn).toBe(OTHER_IAM.userArn);
    expect(policyCaller(id)).toBeUndefined();
  });

  it.each([
    ["a role whose name starts with the edge role's", 'arn:aws:sts::111122223333:assumed-role/dev-edge-auth-x/s'],
    ["the edge role's name in another account", 'arn:aws:sts::999999999999:assumed-role/dev-edge-auth/s'],
    ['an IAM user named like the role', 'arn:aws:iam::111122223333:user/dev-edge-auth'],
    ['the role name in another case', 'arn:aws:sts::111122223333:assumed-role/DEV-EDGE-AUTH/s'],
    ['no userArn at all', undefined],
  ])('does not take %s for the edge', async (_what, userArn) => {
    const id = await resolveIdentity(withClaims(header({ groups: ['admins'] }), { iam: { ...OTHER_IAM, userArn } }), sigv4, NOW);
    expect(id.claims).toBeUndefined();
  });

  it('takes the explicit anonymous value for no caller, with no complaint', async () => {
    const id = await resolveIdentity(withClaims(ANONYMOUS_CLAIMS), sigv4, NOW);
    expect(id).toEqual({ iam: expect.objectContaining({ userArn: EDGE_IAM.userArn }) });
  });

  it('ignores a claims header without requestContext.authorizer.iam (no caller at all)', async () => {
    const id = await resolveIdentity(withClaims(header({ groups: ['admins'] }), { iam: false }), sigv4, NOW);
    expect(id).toEqual({ claimsIgnored: 'no-iam-context' });
  });

  it('has no caller when there is no event at all (app.fetch, local runs)', async () => {
    expect(await resolveIdentity(undefined, sigv4, NOW)).toEqual({});
  });

  it.each([
    ['null', { requestContext: { authorizer: { iam: null } } }],
    ['a string', { requestContext: { authorizer: { iam: 'yes' } } }],
    ['an array', { requestContext: { authorizer: { iam: [] } } }],
    ['a JWT authorizer instead', { requestContext: { authorizer: { jwt: { claims: {} } } } }],
  ])('does not count an IAM context that is %s', async (_what, context) => {
    const event = { ...withClaims(header()), ...context } as unknown as LambdaFunctionURLEvent;
    expect((await resolveIdentity(event, sigv4, NOW)).claims).toBeUndefined();
  });

  it('ignores a malformed claims header, and a joined duplicate of the anonymous value', async () => {
    expect((await resolveIdentity(withClaims('not base64url!'), sigv4, NOW)).claimsIgnored).toBe('malformed');
    expect((await resolveIdentity(withClaims(Buffer.from('{"sub":""}').toString('base64url')), sigv4, NOW)).claimsIgnored).toBe('malformed');
    expect((await resolveIdentity(withClaims(`${ANONYMOUS_CLAIMS},${header({ groups: ['admins'] })}`), sigv4, NOW)).claims).toBeUndefined();
  });

  it('ignores expired claims', async () => {
    const id = await resolveIdentity(withClaims(header({ exp: NOW_S })), sigv4, NOW);
    expect(id.claims).toBeUndefined();
    expect(id.claimsIgnored).toBe('expired');
    expect((await resolveIdentity(withClaims(header({ exp: NOW_S + 1 })), sigv4, NOW)).claims).toBeDefined();
  });

  it('gives the route policy the groups and scopes of trusted claims', async () => {
    const id = await resolveIdentity(withClaims(header({ groups: ['readers'], scopes: ['books/read'] })), sigv4, NOW);
    expect(policyCaller(id)).toEqual({ groups: ['readers'], scopes: ['books/read'] });
  });
});

describe('resolveIdentity() in oac mode (claims MAC)', () => {
  const admin = header({ groups: ['admins'] });

  it('trusts claims whose MAC checks out, whoever CloudFront signs as', async () => {
    const id = await resolveIdentity(macEvent(admin, { method: 'DELETE', path: '/api/books/1' }), oac, NOW);
    expect(id.claims?.groups).toEqual(['admins']);
  });

  it("any IAM principal can forge the claims header (regression): without a MAC, even the edge role's own signature proves nothing in oac mode", async () => {
    expect((await resolveIdentity(withClaims(admin, { iam: OTHER_IAM }), oac, NOW)).claimsIgnored).toBe('not-from-edge');
    expect((await resolveIdentity(withClaims(admin), oac, NOW)).claimsIgnored).toBe('not-from-edge');
  });

  it.each<[string, Partial<EventOptions>, Parameters<typeof macEvent>[2], string]>([
    ['made with another key', {}, { key: { version: 2, key: Buffer.alloc(32, 8) } }, 'mac-mismatch'],
    ['naming a key version the API does not have', {}, { key: { version: 1, key: KEY.key } }, 'mac-unknown-key'],
    ['older than 5 minutes (a replay)', {}, { at: NOW_S - 301 }, 'mac-stale'],
    ['from the future', {}, { at: NOW_S + 301 }, 'mac-stale'],
    ['made for GET, used with DELETE', { method: 'DELETE', path: '/api/books/1' }, { fields: { method: 'GET' } }, 'mac-mismatch'],
    ['made for HEAD, used with GET', {}, { fields: { method: 'HEAD' } }, 'mac-mismatch'],
    ['made for another path', { path: '/api/books/2' }, { fields: { path: '/api/books/1' } }, 'mac-mismatch'],
    ['made for another query', { query: 'name=b' }, { fields: { query: 'name=a' } }, 'mac-mismatch'],
    ['made for another body', { method: 'POST', path: '/api/books', body: { title: 'b' } }, { fields: { bodySha256: 'e'.repeat(64) } }, 'mac-mismatch'],
    ['made for another content type', { method: 'POST', path: '/api/books', body: { title: 'b' } }, { fields: { contentType: 'text/plain' } }, 'mac-mismatch'],
    ['made for anonymous, used with claims', {}, { fields: { claims: ANONYMOUS_CLAIMS } }, 'mac-mismatch'],
  ])('ignores claims with a MAC %s', async (_what, o, tweak, reason) => {
    const id = await resolveIdentity(macEvent(admin, o, tweak), oac, NOW);
    expect(id.claims).toBeUndefined();
    expect(id.claimsIgnored).toBe(reason);
  });

  it.each(['', 'k=2', 'k=2,t=1,sig=short', `k=2,t=${NOW_S},sig=${'A'.repeat(43)},x=1`, 'K=2,T=1,SIG=x'])('ignores a malformed MAC header %j', async (mac) => {
    const e = withClaims(admin, { iam: CLOUDFRONT_IAM });
    e.headers[CLAIMS_MAC_HEADER] = mac;
    expect((await resolveIdentity(e, oac, NOW)).claims).toBeUndefined();
  });

  it('accepts the canonical path and query however the function URL spells them', async () => {
    const e = macEvent(admin, { path: '/api/hello', query: 'name=a%20b' });
    e.rawPath = '/api//hello';
    expect((await resolveIdentity(e, oac, NOW)).claims).toBeDefined();
  });
});

describe('iamCallerOf()', () => {
  it('keeps the identifying fields of the signer and drops the access key id', () => {
    expect(iamCallerOf(functionUrlEvent({ path: '/' }))).toEqual({
      accountId: EDGE_IAM.accountId,
      callerId: EDGE_IAM.callerId,
      userArn: EDGE_IAM.userArn,
      userId: EDGE_IAM.userId,
    });
  });

  it('is undefined for an event without the IAM authorizer', () => {
    expect(iamCallerOf(functionUrlEvent({ path: '/', iam: false }))).toBeUndefined();
  });
});
