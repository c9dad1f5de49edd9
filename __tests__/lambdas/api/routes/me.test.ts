import { claims, EDGE_IAM } from '../../events';
import { harness, READER } from '../harness';

describe('GET /me', () => {
  it('returns the verified claims and the IAM caller that signed the request (without its access key id)', async () => {
    const r = await harness().invoke({ path: '/api/me', claims: { ...READER, scopes: ['books/read'] } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      claims: { ...claims(), groups: ['readers'], scopes: ['books/read'] },
      iam: { accountId: EDGE_IAM.accountId, callerId: EDGE_IAM.callerId, userArn: EDGE_IAM.userArn, userId: EDGE_IAM.userId },
    });
    expect(r.body).not.toContain(EDGE_IAM.accessKey);
  });

  it('needs a signed-in caller (401 without claims)', async () => {
    const r = await harness().invoke({ path: '/api/me' });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('unauthenticated');
  });

  it('does not echo claims that arrived without the IAM context', async () => {
    const r = await harness().invoke({ path: '/api/me', claims: { sub: 'forged' }, iam: false });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('forged');
  });

  it('answers null claims when a route map makes /me public and no caller is known', async () => {
    const h = harness({ settings: { routes: [{ method: 'GET', path: '/me', access: 'public' }] } });
    const r = await h.invoke({ path: '/api/me', iam: false });
    expect(r.json).toEqual({ claims: null, iam: null });
  });
});
