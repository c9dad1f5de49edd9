import { generateKeyPairSync } from 'node:crypto';
import { checkEdgeConfig } from '../../edge/config-check';
import { createTokenVerifier } from '../../edge/verifier';
import { localEdgeConfig } from '../../local/chain';
import { LOCAL_MACHINE_CLIENT_ID, LOCAL_SPA_CLIENT_ID, createIssuer } from '../../local/token-issuer';
import { testConfig } from '../stacks/synth-helpers';

describe('localEdgeConfig: the local chain trusts clients the way the edge stack bakes it', () => {
  const issuer = createIssuer(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const build = (change: (c: any) => void = () => {}) =>
    checkEdgeConfig(localEdgeConfig(testConfig('dev', change), 'edge-sigv4', issuer, 'fu.local:9000', 'http://127.0.0.1:1'));

  it('with the web app on our pool (dev): any client of the local pool, and a token of another client verifies', async () => {
    const config = build();
    expect(config.verifiers[0].clientIds).toBeNull();
    const verifier = createTokenVerifier(config);
    const other = issuer.issue({ sub: 'ada', groups: ['readers'], clientId: 'another-client-of-this-pool' });
    expect(await verifier.verify(other)).toMatchObject({ ok: true, claims: { clientId: 'another-client-of-this-pool' } });
  });

  it('without the web app, or with a brought pool: the listed local clients only', () => {
    expect(build((c) => (c.edge.webApp = false)).verifiers[0].clientIds).toEqual([LOCAL_SPA_CLIENT_ID, LOCAL_MACHINE_CLIENT_ID]);
    const byo = build((c) => (c.existing = { userPool: { id: 'eu-west-1_AbC', spaClientId: 'spa', hostedUiDomain: 'login.example.com' } }));
    expect(byo.verifiers[0].clientIds).toEqual([LOCAL_SPA_CLIENT_ID, LOCAL_MACHINE_CLIENT_ID]);
  });
});
