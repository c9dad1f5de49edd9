/**
 * The local chain stays on loopback. With the JWKS baked (`edge.bakeJwks`,
 * what the stacks deploy), a token whose kid is not in the baked keys makes
 * the edge refetch the pool's JWKS, as it would from Cognito in AWS: locally
 * that refetch must go to the local JWKS server, never to
 * `cognito-idp.<region>.amazonaws.com`.
 *
 * A loopback guard is installed in this process, and `startChain` runs its
 * workers with theirs (`loopbackOnly`), which report here: any attempt to
 * connect outside loopback, from the test, the stand-ins or the functions,
 * is refused and recorded.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../config/load';
import type { Config } from '../../config/schema';
import { EDGE_CONFIG_FILENAME, type EdgeConfig } from '../../edge/config';
import { startChain, type RunningChain } from '../../local/chain';
import { describeLoopbackViolation, installLoopbackGuard, type LoopbackGuard } from '../../local/loopback-guard';
import { createIssuer } from '../../local/token-issuer';
import { bearer, formatLogs, send, type LogLine, type LogSource, type RawRequest, type RawResponse } from './helpers/harness';

const MODE = 'edge-sigv4';

describe('the local chain with a baked JWKS (bakeJwks: true) never leaves loopback', () => {
  let guard: LoopbackGuard;
  let chain: RunningChain;
  let dir: string;
  const logs: LogLine[] = [];

  const call = (req: RawRequest): Promise<RawResponse> => send(Number(new URL(chain.entryUrl).port), req);
  const context = () =>
    `\n--- chain log ---\n${formatLogs(logs)}\n--- refused connections ---\n${guard.violations.map(describeLoopbackViolation).join('\n') || '  (none)'}`;
  function expectStatus(res: RawResponse, status: number): void {
    if (res.status !== status) throw new Error(`expected status ${status}, got ${res.status}: ${res.text.slice(0, 300)}${context()}`);
  }
  function expectNoViolations(): void {
    if (guard.violations.length > 0) throw new Error(`connections outside loopback were attempted:${context()}`);
  }

  beforeAll(async () => {
    guard = installLoopbackGuard();
    const dev = loadConfig('dev');
    const config: Config = { ...dev, edge: { ...dev.edge, bakeJwks: true } };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-e2e-offline-'));
    chain = await startChain({
      config,
      mode: MODE,
      buildDir: path.join(dir, 'build'),
      keyPath: path.join(dir, 'issuer-key.pem'),
      log: (source: LogSource, line) => logs.push({ source, line }),
    });
  });

  afterAll(async () => {
    await chain?.close();
    guard?.uninstall();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the edge package bakes the JWKS and still points its refetches at the local JWKS server', () => {
    const edgeConfig = JSON.parse(fs.readFileSync(path.join(dir, 'build', `edge-${MODE}`, EDGE_CONFIG_FILENAME), 'utf8')) as EdgeConfig;
    expect(edgeConfig.verifiers[0].jwks).toEqual(chain.issuer.jwks);
    expect(edgeConfig.jwksBaseUrl).toBe(chain.jwks.baseUrl);
    expect(new URL(chain.jwks.baseUrl).hostname).toBe('127.0.0.1');
  });

  it('a token with a known kid verifies against the baked keys, without any JWKS fetch', async () => {
    const res = await call({
      method: 'GET',
      path: '/api/me',
      headers: [bearer(chain.issuer.issue({ sub: 'rita', groups: ['readers'], scopes: ['books/read'] }))],
    });
    expectStatus(res, 200);
    expect(res.json().claims).toMatchObject({ sub: 'rita' });
    expect(chain.jwks.fetches()).toBe(0);
    expectNoViolations();
  });

  it('a token with an unknown kid: the edge refetches from loopback only, then answers 401 unknown_kid', async () => {
    // Same pool (so the issuer is trusted), another key: a kid the baked JWKS does not have.
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = createIssuer(privateKey, chain.issuer.userPoolId);
    expect(stranger.issuer).toBe(chain.issuer.issuer);
    expect(stranger.kid).not.toBe(chain.issuer.kid);
    const mark = logs.length;

    const res = await call({
      method: 'GET',
      path: '/api/me',
      headers: [bearer(stranger.issue({ sub: 'mallory', groups: ['admins'], scopes: ['books/read'] }))],
    });

    expectNoViolations();
    expectStatus(res, 401);
    const edgeLines = logs
      .slice(mark)
      .filter((l) => l.source === 'edge')
      .map((l) => l.line);
    expect(edgeLines.join('\n')).toMatch(/"reason":"unknown_kid"/);
    expect(chain.jwks.fetches()).toBe(1);
    expect(logs.slice(mark).filter((l) => l.source === 'function-url')).toEqual([]);
  });

  it('no connection outside loopback was attempted at all', () => {
    expectNoViolations();
    expect(guard.violations).toEqual([]);
  });
});
