import { checkEdgeConfig } from '../../edge/config-check';

const base = {
  version: 1,
  mode: 'edge-sigv4',
  basePath: '/api',
  routes: [{ method: 'GET', path: '/hello', access: 'public' }],
  originHost: 'abc.lambda-url.eu-west-1.on.aws',
  originRegion: 'eu-west-1',
  jwksBaseUrl: null,
  claimsKey: null,
};
const withVerifier = (verifier: Record<string, unknown>) => ({
  ...base,
  verifiers: [{ userPoolId: 'eu-west-1_Abc', tokenUse: 'access', jwks: null, ...verifier }],
});

describe('checkEdgeConfig: verifiers[].clientIds', () => {
  it('accepts a non-empty list of client ids', () => {
    expect(checkEdgeConfig(withVerifier({ clientIds: ['spa', 'machine'] })).verifiers[0].clientIds).toEqual(['spa', 'machine']);
  });

  it('accepts an explicit null: any app client of that pool (pool-wide trust)', () => {
    expect(checkEdgeConfig(withVerifier({ clientIds: null })).verifiers[0].clientIds).toBeNull();
  });

  it.each([
    ['missing', {}],
    ['empty', { clientIds: [] }],
    ['a string', { clientIds: 'spa' }],
    ['holding an empty id', { clientIds: ['spa', ''] }],
  ])('refuses clientIds %s (only null means "any client", never an absent or empty value)', (_what, verifier) => {
    expect(() => checkEdgeConfig(withVerifier(verifier))).toThrow('verifiers[0].clientIds must be a non-empty list, or null for any app client of this pool');
  });
});
