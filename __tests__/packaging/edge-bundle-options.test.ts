/**
 * Builds the real edge bundle with the shared esbuild options, puts a
 * config.json beside it (as the edge stack does), loads it and runs one
 * request through it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CloudFrontRequestEvent, CloudFrontRequestResult } from 'aws-lambda';
import { buildEdgeBundle, edgeBundleOptions, type EdgeBundle } from '../../packaging/edge-bundle-options';
import { verifySigV4 } from '../../local/sigv4-verifier';
import { asRequest, asResponse, edgeConfig, originRequest } from '../edge/helpers/events';
import { accessPayload, makePool, token } from '../edge/helpers/tokens';

const pool = makePool('eu-west-1', 'Bundle1', 'bundle-client');
const dirs: string[] = [];
let bundle: EdgeBundle;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-bundle-'));
  dirs.push(dir);
  bundle = await buildEdgeBundle(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(edgeConfig([pool])));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  process.env = savedEnv;
});

describe('edge bundle', () => {
  it('uses the agreed options', () => {
    expect(edgeBundleOptions).toMatchObject({
      entryPoints: ['edge/index.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      external: ['./config.json'],
      legalComments: 'none',
      sourcemap: false,
    });
    expect(Object.isFrozen(edgeBundleOptions)).toBe(true);
    expect(edgeBundleOptions.absWorkingDir).toBe(resolve(__dirname, '..', '..'));
  });

  it('is smaller than 100 KB minified and leaves config.json external', () => {
    expect(bundle.bytes).toBeLessThan(100 * 1024);
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).toContain('require("./config.json")');
    expect(code).not.toContain(resolve(__dirname, '..', '..'));
  });

  it('is deterministic (same bytes from a second build)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-bundle-'));
    dirs.push(dir);
    expect((await buildEdgeBundle(dir)).sha256).toBe(bundle.sha256);
  });

  it('loads config.json from beside index.js and handles a request', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIABUNDLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'bundle-secret';
    process.env.AWS_SESSION_TOKEN = 'bundle-token';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { handler } = require(bundle.file) as { handler: (e: CloudFrontRequestEvent) => Promise<CloudFrontRequestResult> };
      const out = asRequest(
        await handler(originRequest({ uri: '/api/me', querystring: 'x=a+b', headers: { authorization: `Bearer ${token(pool, accessPayload(pool))}` } })),
      );
      const headers: Record<string, string[]> = {};
      for (const [k, list] of Object.entries(out.headers)) headers[k] = list.map((h) => h.value);
      const verified = verifySigV4(
        { method: out.method, path: out.uri, query: out.querystring, headers, body: Buffer.from(out.body?.data ?? '', 'base64') },
        {
          credentialsLookup: (id) => (id === 'ASIABUNDLE' ? { secretAccessKey: 'bundle-secret', sessionToken: 'bundle-token' } : undefined),
          now: Date.now(),
          expectedService: 'lambda',
          expectedRegion: 'eu-west-1',
        },
      );
      expect(verified).toMatchObject({ ok: true });
      expect(asResponse(await handler(originRequest({ uri: '/api/me' }))).status).toBe('401');
      expect(JSON.parse(String(log.mock.calls[0][0]))).toMatchObject({ event: 'edge.request', decision: 'forward' });
    } finally {
      log.mockRestore();
    }
  });

  it('does not load node:https (tls, net) at cold start: the JWKS fetcher loads it on its first fetch', () => {
    const probe = [
      `require(${JSON.stringify(bundle.file)});`,
      "const loaded = (m) => process.moduleLoadList.includes('NativeModule ' + m);",
      // (read before touching process.stdout: a piped stdout loads net itself)
      "const seen = JSON.stringify({ https: loaded('https'), tls: loaded('tls'), net: loaded('net'), crypto: loaded('crypto') });",
      'process.stdout.write(seen);',
    ].join('\n');
    const out = execFileSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH ?? '' } }).toString();
    expect(JSON.parse(out)).toEqual({ https: false, tls: false, net: false, crypto: true });
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).not.toMatch(/require\("https"\)/);
    expect(code).toContain('require("node:https")');
  });
});
