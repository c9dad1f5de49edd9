import { encodeClaims } from '../../../lib/claims';
import { iamCallerOf, policyCaller, resolveIdentity } from '../../../lambdas/api/identity';
import { claims, EDGE_IAM, functionUrlEvent } from '../events';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const header = (overrides = {}) => encodeClaims(claims(overrides));

describe('resolveIdentity()', () => {
  it('trusts the claims header when the request came through the AWS_IAM function URL', () => {
    const id = resolveIdentity(functionUrlEvent({ path: '/api/me' }), header({ groups: ['admins'] }), NOW);
    expect(id.claims).toMatchObject({ sub: claims().sub, groups: ['admins'] });
    expect(id.iam?.userArn).toBe(EDGE_IAM.userArn);
    expect(id.claimsIgnored).toBeUndefined();
  });

  it('ignores the claims header without requestContext.authorizer.iam (no caller at all)', () => {
    const id = resolveIdentity(functionUrlEvent({ path: '/api/me', iam: false }), header({ groups: ['admins'] }), NOW);
    expect(id).toEqual({ claimsIgnored: 'no-iam-context' });
    expect(policyCaller(id)).toBeUndefined();
  });

  it('ignores the claims header when there is no event at all (app.fetch, local runs)', () => {
    expect(resolveIdentity(undefined, header(), NOW)).toEqual({ claimsIgnored: 'no-iam-context' });
  });

  it.each([
    ['null', { requestContext: { authorizer: { iam: null } } }],
    ['a string', { requestContext: { authorizer: { iam: 'yes' } } }],
    ['an array', { requestContext: { authorizer: { iam: [] } } }],
    ['a JWT authorizer instead', { requestContext: { authorizer: { jwt: { claims: {} } } } }],
  ])('does not count an IAM context that is %s', (_what, event) => {
    expect(resolveIdentity(event, header(), NOW).claims).toBeUndefined();
  });

  it('ignores a malformed claims header', () => {
    expect(resolveIdentity(functionUrlEvent({ path: '/' }), 'not base64url!', NOW).claimsIgnored).toBe('malformed');
    expect(resolveIdentity(functionUrlEvent({ path: '/' }), Buffer.from('{"sub":""}').toString('base64url'), NOW).claimsIgnored).toBe('malformed');
  });

  it('ignores expired claims', () => {
    const id = resolveIdentity(functionUrlEvent({ path: '/' }), header({ exp: NOW / 1000 }), NOW);
    expect(id.claims).toBeUndefined();
    expect(id.claimsIgnored).toBe('expired');
    expect(resolveIdentity(functionUrlEvent({ path: '/' }), header({ exp: NOW / 1000 + 1 }), NOW).claims).toBeDefined();
  });

  it('has no caller and no complaint when no header was sent', () => {
    const id = resolveIdentity(functionUrlEvent({ path: '/' }), undefined, NOW);
    expect(id.claims).toBeUndefined();
    expect(id.claimsIgnored).toBeUndefined();
    expect(id.iam).toBeDefined();
  });

  it('gives the route policy the groups and scopes of trusted claims', () => {
    const id = resolveIdentity(functionUrlEvent({ path: '/' }), header({ groups: ['readers'], scopes: ['books/read'] }), NOW);
    expect(policyCaller(id)).toEqual({ groups: ['readers'], scopes: ['books/read'] });
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
