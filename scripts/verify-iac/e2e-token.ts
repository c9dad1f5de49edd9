/**
 * End to end with a token nobody here minted (issue 5, step 5): runs the REAL
 * Lambda@Edge package that `tofu plan` of the edge stack zipped against the
 * emulator (`edge-package.zip`: the bundled `index.js` and the `config.json`
 * baked from the identity/backend remote state, with the pool's JWKS fetched
 * from moto at plan time) on CloudFront origin-request events carrying tokens
 * that moto's Cognito issued (RS256, kid from moto's JWKS).
 *
 *   node dist/scripts/verify-iac/e2e-token.js --package-dir DIR --tokens FILE --result FILE
 *
 * DIR holds the unzipped package; FILE is JSON `{ "accessToken", "idToken" }`.
 * Cases, each with the package as deployed (JWKS baked in) and with `jwks`
 * set to null (fetched from moto at run time through `jwksBaseUrl`):
 *   - the access token on an "authenticated" route: forwarded, SigV4-signed
 *     for the function URL (checked with the independent verifier of
 *     local/sigv4-verifier.ts), the verified claims header set;
 *   - the same token with its payload tampered (signature kept): 401;
 * and once: the token on a group route the user is in (forwarded) and on one
 * it is not (403), the ID token where access tokens are configured (401), no
 * token on an authenticated route (401). Writes `e2e=ok|failed` and a
 * one-line summary to the result file; exit code 1 when any case differs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontRequestResult } from 'aws-lambda';
import { CLAIMS_HEADER } from '../../lib/claims';
import { isGeneratedResponse, toOriginRequest, toOriginRequestEvent } from '../../local/cloudfront-event';
import { verifySigV4 } from '../../local/sigv4-verifier';

interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
}

interface PackageConfig {
  readonly originHost: string;
  readonly originRegion: string;
  readonly basePath: string;
  readonly jwksBaseUrl: string | null;
  readonly verifiers: ReadonlyArray<{ userPoolId: string; clientIds: string[] | null; tokenUse: string; jwks: { keys: Array<{ kid?: string }> } | null }>;
}

type Handler = (event: CloudFrontRequestEvent) => Promise<CloudFrontRequestResult>;

const ACCESS_KEY_ID = 'AKIAE2ETESTSIGNER01';
const SECRET_ACCESS_KEY = 'e2e-test-secret-of-the-edge-role';

function arg(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  if (i === -1 || i + 1 >= argv.length) throw new Error(`missing ${name}`);
  return argv[i + 1];
}

/** The JWT's payload, decoded (display only; nothing is trusted from it). */
export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The same token with a changed payload and the original header and signature. */
export function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, , signature] = token.split('.');
  const payload = decodePayload(token);
  change(payload);
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

/** Loads a copy of the package's handler (a fresh module instance per directory). */
function loadHandler(dir: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package under test is a directory known only at run time
  const mod = require(path.resolve(dir, 'index.js')) as { handler: Handler };
  return mod.handler;
}

interface Outcome {
  readonly status: number | 'forwarded';
  readonly reason?: string;
  readonly request?: CloudFrontRequest;
  readonly requestId: string;
}

async function run(handler: Handler, logs: Array<Record<string, unknown>>, originHost: string, method: string, url: string, token?: string): Promise<Outcome> {
  const requestId = `e2e-${Math.random().toString(36).slice(2, 12)}`;
  const rawHeaders = ['Host', 'd111111abcdef8.cloudfront.net', 'Accept', 'application/json'];
  if (token !== undefined) rawHeaders.push('Authorization', `Bearer ${token}`);
  const event = toOriginRequestEvent(
    { method, url, rawHeaders, body: Buffer.alloc(0), clientIp: '203.0.113.10' },
    { domainName: originHost, distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE' },
    requestId,
  );
  const before = logs.length;
  const result = await handler(event);
  const entry = logs.slice(before).find((l) => l.requestId === requestId);
  const reason = typeof entry?.reason === 'string' ? entry.reason : undefined;
  if (result && isGeneratedResponse(result)) return { status: Number(result.status), reason, requestId };
  return { status: 'forwarded', request: result as CloudFrontRequest, reason, requestId };
}

/** Checks the forwarded request's SigV4 signature as the function URL would. */
function checkSignature(request: CloudFrontRequest, requestId: string, region: string): string {
  const origin = toOriginRequest(request, Buffer.alloc(0), requestId);
  const q = origin.path.indexOf('?');
  const headers: Record<string, string[]> = {};
  for (const [k, v] of origin.headers) (headers[k.toLowerCase()] ??= []).push(v);
  const verdict = verifySigV4(
    {
      method: origin.method,
      path: q === -1 ? origin.path : origin.path.slice(0, q),
      query: q === -1 ? '' : origin.path.slice(q + 1),
      headers,
      body: origin.body,
    },
    { credentialsLookup: (id) => (id === ACCESS_KEY_ID ? SECRET_ACCESS_KEY : undefined), now: new Date(), expectedService: 'lambda', expectedRegion: region },
  );
  return verdict.ok ? `valid (service lambda, region ${verdict.region}, signed headers ${verdict.signedHeaders.join(';')})` : `INVALID: ${verdict.reason}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const dir = arg(argv, '--package-dir');
  const tokens = JSON.parse(fs.readFileSync(arg(argv, '--tokens'), 'utf8')) as Tokens;
  const resultFile = arg(argv, '--result');
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as PackageConfig;
  const v = config.verifiers[0];

  // The edge role's credentials, as Lambda would put them in the environment.
  process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
  delete process.env.AWS_SESSION_TOKEN;
  // The handler logs one JSON line per request through console.log: keep them.
  const logs: Array<Record<string, unknown>> = [];
  const realLog = console.log;
  console.log = (...args: unknown[]) => {
    try {
      logs.push(JSON.parse(String(args[0])) as Record<string, unknown>);
    } catch {
      realLog(...args);
    }
  };

  const access = decodePayload(tokens.accessToken);
  const header = JSON.parse(Buffer.from(tokens.accessToken.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
  out(`    edge package: ${dir} (index.js ${fs.statSync(path.join(dir, 'index.js')).size} bytes, config.json baked by tofu plan)`);
  out(
    `    edge config: pool ${v.userPoolId}, clients ${v.clientIds === null ? 'any of the pool' : v.clientIds.join(', ')}, tokenUse ${v.tokenUse}, jwks baked: ${v.jwks ? `kids ${v.jwks.keys.map((k) => k.kid).join(', ')}` : 'no'}, jwksBaseUrl ${config.jwksBaseUrl}`,
  );
  out(
    `    moto access token: alg ${String(header.alg)}, kid ${String(header.kid)}, iss ${String(access.iss)}, client_id ${String(access.client_id)}, token_use ${String(access.token_use)}, groups ${JSON.stringify(access['cognito:groups'] ?? [])}, sub ${String(access.sub)}`,
  );

  // Every HTTP fetch the edge makes (only the JWKS, at run time, in variant 2).
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const res = await realFetch(input, init);
    fetched.push(`${input instanceof Request ? input.url : String(input)} (${res.status})`);
    return res;
  };

  // Variant 2: the same package with jwks null, so the edge fetches moto's JWKS at run time.
  const fetchDir = fs.mkdtempSync(path.join(path.dirname(path.resolve(dir)), 'edge-fetch-'));
  fs.copyFileSync(path.join(dir, 'index.js'), path.join(fetchDir, 'index.js'));
  fs.writeFileSync(path.join(fetchDir, 'config.json'), JSON.stringify({ ...config, verifiers: config.verifiers.map((x) => ({ ...x, jwks: null })) }));

  const api = config.basePath;
  const tampered = tamper(tokens.accessToken, (p) => {
    p['cognito:groups'] = ['admins'];
  });
  let failures = 0;
  const summary: string[] = [];
  const expect = (label: string, o: Outcome, want: number | 'forwarded', extra = ''): void => {
    const ok = o.status === want;
    if (!ok) failures++;
    out(
      `    ${ok ? 'ok  ' : 'FAIL'} ${label}: ${o.status === 'forwarded' ? 'forwarded to the origin' : `HTTP ${o.status}`}${o.reason ? ` (${o.reason})` : ''}${extra}${ok ? '' : ` -- expected ${want}`}`,
    );
  };

  for (const [variant, handlerDir] of [
    ['JWKS baked in the package', dir],
    ['JWKS fetched from moto at run time', fetchDir],
  ] as const) {
    const handler = loadHandler(handlerDir);
    out(`  ${variant}:`);
    const fetchesBefore = fetched.length;
    const good = await run(handler, logs, config.originHost, 'GET', `${api}/me`, tokens.accessToken);
    let extra = '';
    if (good.status === 'forwarded' && good.request) {
      const auth = good.request.headers.authorization?.[0]?.value ?? '';
      const claims = good.request.headers[CLAIMS_HEADER] ? 'claims header set' : 'NO claims header';
      const sig = checkSignature(good.request, good.requestId, config.originRegion);
      if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !sig.startsWith('valid')) failures++;
      extra = `; Authorization ${auth.slice(0, auth.indexOf('Credential=') + 11)}${ACCESS_KEY_ID}/.../${config.originRegion}/lambda/aws4_request, SigV4 ${sig}; ${claims}`;
    }
    expect(`GET ${api}/me with the moto access token`, good, 'forwarded', extra);
    const bad = await run(handler, logs, config.originHost, 'GET', `${api}/me`, tampered);
    expect(`GET ${api}/me with that token tampered (payload cognito:groups -> ["admins"], signature kept)`, bad, 401);
    const newFetches = fetched.slice(fetchesBefore);
    out(`    edge fetches: ${newFetches.length === 0 ? 'none' : newFetches.join(', ')}`);
    const baked = handlerDir === dir;
    if (baked !== (newFetches.length === 0)) {
      failures++;
      out(`    FAIL expected ${baked ? 'no fetch (JWKS baked in)' : 'a JWKS fetch from the emulator'}`);
    }
    summary.push(`${baked ? 'baked' : 'fetched'}: accepted=${good.status} tampered=${bad.status}`);
  }
  const handler = loadHandler(dir);
  out('  route authorization with the moto token (JWKS baked):');
  expect(`GET ${api}/books (group readers may)`, await run(handler, logs, config.originHost, 'GET', `${api}/books`, tokens.accessToken), 'forwarded');
  expect(`DELETE ${api}/books/1 (admins only)`, await run(handler, logs, config.originHost, 'DELETE', `${api}/books/1`, tokens.accessToken), 403);
  expect(
    `GET ${api}/me with the moto ID token (the edge takes access tokens)`,
    await run(handler, logs, config.originHost, 'GET', `${api}/me`, tokens.idToken),
    401,
  );
  expect(`GET ${api}/me without a token`, await run(handler, logs, config.originHost, 'GET', `${api}/me`), 401);
  console.log = realLog;
  globalThis.fetch = realFetch;
  fs.rmSync(fetchDir, { recursive: true, force: true });

  const status = failures === 0 ? 'ok' : 'failed';
  fs.writeFileSync(resultFile, `e2e=${status}\nsummary=${summary.join('; ')}${failures ? `; ${failures} case(s) FAILED` : ''}\n`);
  out(`  e2e token: ${status} (${summary.join('; ')})`);
  return failures === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`e2e-token: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
