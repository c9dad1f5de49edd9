/**
 * Figure 2: CPU time per request of the edge handler (`createHandler` from
 * edge/handler.ts, in this process), in both modes, beside a floor measured in
 * the same run:
 * - `edge-sigv4`: verify the token + authorize + sign the origin request;
 * - `oac`: verify the token + authorize + hash the body;
 * - floor: one raw `node:crypto` RSA-2048 RS256 verify (pre-decoded input and
 *   signature, a ready public KeyObject, as aws-jwt-verify keeps one) plus one
 *   SigV4 HMAC chain (4 HMAC-SHA256 for the signing key, 1 for the signature,
 *   the SHA-256 of the payload and of the canonical request).
 *
 * The request is `POST /api/books` with a small JSON body and a Bearer access
 * token of an editor (a route that needs groups or scopes), built with
 * local/cloudfront-event.ts as the CloudFront stand-in builds it. Every
 * iteration gets a fresh event (the handler rewrites the request in place)
 * and one token of a pool of distinct pre-issued tokens (distinct `jti`), so
 * each verifies for real: aws-jwt-verify 5 caches the public KeyObject per
 * issuer/kid, not verification results. Results are checked after timing
 * (every one must be a forwarded, signed or hashed request), so a cheap
 * rejection cannot pass for a fast request.
 *
 * The handler's log entry is serialised with JSON.stringify per request (as
 * the default logger does) but not written. CPU time is
 * `process.cpuUsage()` (user + system, the whole process) around the loop,
 * events built beforehand. Rounds interleave floor, sigv4 and oac in a
 * rotating order; the ratio is the median of per-round ratios.
 */
import * as crypto from 'node:crypto';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontRequestResult } from 'aws-lambda';
import type { Config, SigningMode } from '../config/schema';
import type { EdgeConfig } from '../edge/config';
import { createHandler, type OriginRequestHandler } from '../edge/handler';
import { signSigV4, type AwsCredentials } from '../edge/sign';
import { claimsFromPayload } from '../edge/verifier';
import { CLAIMS_HEADER, encodeClaims } from '../lib/claims';
import { toOriginRequestEvent } from '../local/cloudfront-event';
import { LOCAL_URL_ID, localEdgeConfig, newLocalClaimsKey } from '../local/chain';
import { createIssuer } from '../local/token-issuer';
import type { Figure } from './report';
import { median } from './stats';

export interface EdgeCpuOptions {
  readonly config: Config;
  readonly rounds: number;
  /** Handler calls per mode per round. */
  readonly handlerIterations: number;
  /** Floor iterations per round. */
  readonly floorIterations: number;
  /** Distinct tokens issued beforehand. */
  readonly tokenPool: number;
  readonly progress: (line: string) => void;
}

export const EDGE_BENCH_BODY = JSON.stringify({ isbn: '9780262033848', title: 'Introduction to Algorithms', author: 'Cormen, Leiserson, Rivest, Stein' });
const ORIGIN_HOST = `${LOCAL_URL_ID}.lambda-url.eu-west-1.on.aws`;
const CREDENTIALS: AwsCredentials = {
  accessKeyId: 'ASIABENCHEDGE0000000',
  secretAccessKey: crypto.randomBytes(30).toString('base64'),
  sessionToken: crypto.randomBytes(300).toString('base64'),
};

interface Setup {
  readonly publicKey: crypto.KeyObject;
  readonly tokens: readonly string[];
  readonly handlers: Readonly<Record<SigningMode, OriginRequestHandler>>;
}

function viewerEvent(token: string, i: number): CloudFrontRequestEvent {
  const body = Buffer.from(EDGE_BENCH_BODY);
  return toOriginRequestEvent(
    {
      method: 'POST',
      url: '/api/books',
      rawHeaders: [
        'Host',
        'd111111abcdef8.cloudfront.net',
        'User-Agent',
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        'Accept',
        'application/json',
        'Accept-Encoding',
        'gzip, br',
        'Content-Type',
        'application/json',
        'Origin',
        'http://localhost:5173',
        'Authorization',
        `Bearer ${token}`,
      ],
      body,
      clientIp: '203.0.113.7',
    },
    { domainName: ORIGIN_HOST, distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE' },
    `bench-${i}-${'x'.repeat(40)}`.slice(0, 56),
  );
}

function setup(o: EdgeCpuOptions): Setup {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = createIssuer(privateKey);
  const tokens = Array.from({ length: o.tokenPool }, () =>
    issuer.issue({ sub: 'erin', groups: ['editors'], scopes: ['books/read', 'books/write'], tokenUse: o.config.edge.tokenUse, expiresIn: 3600 }),
  );
  if (new Set(tokens).size !== tokens.length) throw new Error('edge bench: the token pool has duplicates');
  // The JWKS is baked (bakeJwks), as the edge stack does: no fetch at all.
  const baked: Config = { ...o.config, edge: { ...o.config.edge, bakeJwks: true } };
  const sink = { bytes: 0 };
  const logger = (entry: Record<string, unknown>) => {
    sink.bytes += JSON.stringify(entry).length;
  };
  const make = (mode: SigningMode): OriginRequestHandler => {
    const cfg: EdgeConfig = localEdgeConfig(baked, mode, issuer, ORIGIN_HOST, 'http://127.0.0.1:9', newLocalClaimsKey());
    return createHandler(cfg, { credentials: () => CREDENTIALS, logger });
  };
  return { publicKey: crypto.createPublicKey(privateKey), tokens, handlers: { 'edge-sigv4': make('edge-sigv4'), oac: make('oac') } };
}

/** Throws unless the handler forwarded the request with what the mode must add. */
function checkForwarded(mode: SigningMode, result: CloudFrontRequestResult): void {
  const r = result as CloudFrontRequest & { status?: string };
  if (!r || r.status !== undefined || !r.headers) throw new Error(`edge bench (${mode}): the handler answered ${r?.status ?? 'nothing'} instead of forwarding`);
  if (!r.headers[CLAIMS_HEADER]) throw new Error(`edge bench (${mode}): no verified-claims header: the token was not used`);
  if (mode === 'edge-sigv4' && !r.headers.authorization?.[0]?.value.startsWith('AWS4-HMAC-SHA256 '))
    throw new Error('edge bench (edge-sigv4): the request was not signed');
  if (!r.headers['x-amz-content-sha256']) throw new Error(`edge bench (${mode}): no x-amz-content-sha256`);
}

async function timeHandler(mode: SigningMode, s: Setup, n: number, offset: number): Promise<number> {
  const handler = s.handlers[mode];
  const events = Array.from({ length: n }, (_, i) => viewerEvent(s.tokens[(offset + i) % s.tokens.length], i));
  const results: CloudFrontRequestResult[] = new Array(n);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) results[i] = await handler(events[i]);
  const used = process.cpuUsage(before);
  for (const r of results) checkForwarded(mode, r);
  return (used.user + used.system) / n;
}

/** What the floor works on, prepared outside the timed loop. */
interface FloorInput {
  readonly jwts: ReadonlyArray<{ readonly input: Buffer; readonly signature: Buffer }>;
  readonly publicKey: crypto.KeyObject;
  readonly secret: string;
  readonly shortDate: string;
  readonly amzDate: string;
  readonly region: string;
  readonly canonicalRequest: string;
  readonly payload: Buffer;
}

async function floorInput(s: Setup): Promise<FloorInput> {
  const date = new Date();
  const claims = claimsFromPayload(JSON.parse(Buffer.from(s.tokens[0].split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>);
  if (!claims) throw new Error('edge bench floor: the token claims do not map');
  // The canonical request of the same origin request, as the edge signs it (its length is what the SHA-256 costs).
  const signed = await signSigV4({
    method: 'POST',
    host: ORIGIN_HOST,
    path: '/api/books',
    query: {},
    headers: { [CLAIMS_HEADER]: encodeClaims(claims) },
    body: Buffer.from(EDGE_BENCH_BODY),
    service: 'lambda',
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    signingDate: date,
  });
  const amzDate = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return {
    jwts: s.tokens.map((t) => {
      const dot = t.lastIndexOf('.');
      return { input: Buffer.from(t.slice(0, dot)), signature: Buffer.from(t.slice(dot + 1), 'base64url') };
    }),
    publicKey: s.publicKey,
    secret: CREDENTIALS.secretAccessKey,
    shortDate: amzDate.slice(0, 8),
    amzDate,
    region: 'eu-west-1',
    canonicalRequest: signed.canonicalRequest,
    payload: Buffer.from(EDGE_BENCH_BODY),
  };
}

const hmac = (key: crypto.BinaryLike, data: string): Buffer => crypto.createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: crypto.BinaryLike): string => crypto.createHash('sha256').update(data).digest('hex');

/** One floor iteration; returns the signature and the payload hash (128 hex digits) so nothing is optimised away. */
export function floorOnce(f: FloorInput, i: number): string {
  const jwt = f.jwts[i % f.jwts.length];
  if (!crypto.verify('RSA-SHA256', jwt.input, f.publicKey, jwt.signature)) throw new Error('edge bench floor: a token did not verify');
  const payloadHash = sha256Hex(f.payload);
  const scope = `${f.shortDate}/${f.region}/lambda/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${f.amzDate}\n${scope}\n${sha256Hex(f.canonicalRequest)}`;
  const kDate = hmac(`AWS4${f.secret}`, f.shortDate);
  const kRegion = hmac(kDate, f.region);
  const kService = hmac(kRegion, 'lambda');
  const kSigning = hmac(kService, 'aws4_request');
  return crypto.createHmac('sha256', kSigning).update(stringToSign).digest('hex') + payloadHash;
}

function timeFloor(f: FloorInput, n: number, offset: number): number {
  let check = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) check += floorOnce(f, offset + i).length;
  const used = process.cpuUsage(before);
  if (check !== n * 128) throw new Error('edge bench floor: unexpected signature length');
  return (used.user + used.system) / n;
}

export async function measureEdgeCpu(o: EdgeCpuOptions): Promise<Figure[]> {
  o.progress(`edge CPU: issuing ${o.tokenPool} tokens`);
  const s = setup(o);
  const f = await floorInput(s);
  // Warm-up: JIT, the KeyObject cache, smithy's signing-key cache.
  timeFloor(f, Math.ceil(o.floorIterations / 4), 0);
  await timeHandler('edge-sigv4', s, Math.ceil(o.handlerIterations / 4), 0);
  await timeHandler('oac', s, Math.ceil(o.handlerIterations / 4), 0);

  const floor: number[] = [];
  const sigv4: number[] = [];
  const oac: number[] = [];
  const kinds = ['floor', 'edge-sigv4', 'oac'] as const;
  for (let round = 0; round < o.rounds; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(round + k) % kinds.length];
      const offset = round * 7919;
      if (kind === 'floor') floor.push(timeFloor(f, o.floorIterations, offset));
      else (kind === 'oac' ? oac : sigv4).push(await timeHandler(kind, s, o.handlerIterations, offset));
    }
    o.progress(`edge CPU: round ${round + 1}/${o.rounds}`);
  }
  const pairedRatio = (xs: number[]) => median(xs.map((x, i) => x / floor[i]));
  const floorLabel = 'floor: 1 RSA-2048 verify + 1 SigV4 HMAC chain';
  return [
    {
      id: 'edge.cpu.sigv4',
      figure: 'Edge CPU/request, edge-sigv4 (verify + authorize + sign)',
      unit: 'us',
      value: median(sigv4),
      baseline: median(floor),
      baselineLabel: floorLabel,
      ratio: pairedRatio(sigv4),
      goal: { kind: 'ratioAtMost', limit: 2, text: '≤ 2x floor' },
      samples: { value: sigv4, baseline: floor },
    },
    {
      id: 'edge.cpu.oac',
      figure: 'Edge CPU/request, oac (verify + authorize + body hash)',
      unit: 'us',
      value: median(oac),
      baseline: median(floor),
      baselineLabel: floorLabel,
      ratio: pairedRatio(oac),
      goal: { kind: 'ratioAtMost', limit: 2, text: '≤ 2x floor' },
      samples: { value: oac, baseline: floor },
    },
  ];
}
