/**
 * Figure 4: the API handler's CPU per request for a trivial route,
 * `GET /api/hello?name=x`, with the in-memory store, beside a peer baseline:
 * the same app on the plain adapter (hono/aws-lambda's `handle(app)`, no
 * guards, no JSON fallback). The goal is a ratio: what our Lambda layer adds
 * around the maintained adapter stays within 1.2x.
 *
 * The handler is built as lambdas/api/handler.ts builds it (settings from the
 * environment the backend stack sets, `SFU_STORE=memory`, a Powertools
 * logger, `createApp`, `createLambdaHandler`), but with the log level ERROR:
 * no access-log line per request, so logging does not dominate. The event is
 * a payload-2.0 event built by local/function-url-event.ts as the function URL
 * stand-in builds it: signed by the edge role, with the verified-claims header
 * of a reader, as it arrives through the edge. A Lambda context is passed on
 * every call (the logger adds it). Every result is checked after timing.
 *
 * CPU time per request (`process.cpuUsage()`, user + system) around the loop;
 * rounds alternate the two; medians; the goal is on the difference.
 */
import * as crypto from 'node:crypto';
import type { Context as LambdaContext, LambdaFunctionURLEvent } from 'aws-lambda';
import type { Config } from '../config/schema';
import { createApp } from '../lambdas/api/app';
import { createServiceDependencies } from '../lambdas/api/dependencies';
import { handle } from 'hono/aws-lambda';
import { createLambdaHandler, type FunctionUrlHandler, type FunctionUrlResult } from '../lambdas/api/lambda';
import { loadApiSettings } from '../lambdas/api/settings';
import { API_ENV, apiEnvironment } from '../lib/contracts/api-environment';
import { createLogger } from '../lambdas/shared/logger';
import { CLAIMS_HEADER, encodeClaims } from '../lib/claims';
import { LOCAL_ACCOUNT_ID, LOCAL_URL_ID } from '../local/chain';
import { toFunctionUrlEvent } from '../local/function-url-event';
import type { Figure } from './report';
import { median } from './stats';
import { EDGE_REGION, resourceNames } from '../lib/resource-names';

export interface ApiOverheadOptions {
  readonly config: Config;
  readonly rounds: number;
  /** Calls per handler per round. */
  readonly iterations: number;
  readonly progress: (line: string) => void;
}

const EXPECTED_BODY = JSON.stringify({ message: 'Hello, x!' });

/** Our handler, and the same app on the plain adapter (the peer baseline). */
function buildApiHandlers(config: Config): { ours: FunctionUrlHandler; plain: FunctionUrlHandler } {
  const names = resourceNames(config.environment);
  const env = {
    // edge-sigv4: the bench's events come from the edge role's session (as the chain's do).
    ...apiEnvironment(
      { ...config, edge: { ...config.edge, signingMode: 'edge-sigv4' } },
      {
        tableName: names.booksTable,
        topicArn: `arn:aws:sns:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:${names.messagesTopic}`,
        secretArn: `arn:aws:secretsmanager:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:secret:${names.apiSecret}-AbCdEf`,
        edgeRoleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${names.edgeRole}`,
      },
    ),
    [API_ENV.store]: 'memory',
    [API_ENV.logLevel]: 'ERROR',
  };
  const settings = loadApiSettings(env);
  const logger = createLogger('sfu-api', settings.logLevel);
  const app = createApp({ settings, logger, ...createServiceDependencies(settings) });
  const plain = handle(app) as unknown as FunctionUrlHandler;
  return { ours: createLambdaHandler(app, logger), plain };
}

function apiEvent(config: Config, i: number): { event: LambdaFunctionURLEvent; context: LambdaContext } {
  const names = resourceNames(config.environment);
  const host = `${LOCAL_URL_ID}.lambda-url.${config.backendRegion}.on.aws`;
  const now = new Date();
  const claims = encodeClaims({
    sub: 'rita',
    username: 'rita',
    groups: ['readers'],
    scopes: ['books/read'],
    tokenUse: 'access',
    clientId: 'localspaclient0000000000001',
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_LocalDev01',
    exp: Math.floor(now.getTime() / 1000) + 3600,
  });
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const event = toFunctionUrlEvent(
    {
      method: 'GET',
      url: '/api/hello?name=x',
      rawHeaders: [
        'Host',
        host,
        'User-Agent',
        'Amazon CloudFront',
        'Accept',
        'application/json',
        'Accept-Encoding',
        'gzip',
        'Via',
        '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)',
        'CloudFront-Forwarded-Proto',
        'https',
        'X-Sfu-Verified-Claims',
        claims,
        'X-Amz-Date',
        amzDate,
        'X-Amz-Content-Sha256',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'X-Amz-Security-Token',
        crypto.randomBytes(300).toString('base64'),
        'Authorization',
        `AWS4-HMAC-SHA256 Credential=ASIABENCHEDGE0000000/${amzDate.slice(0, 8)}/${config.backendRegion}/lambda/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;${CLAIMS_HEADER}, Signature=${crypto.randomBytes(32).toString('hex')}`,
        'X-Forwarded-For',
        '203.0.113.7',
        'X-Amz-Cf-Id',
        crypto.randomBytes(28).toString('base64url'),
      ],
      body: Buffer.alloc(0),
      sourceIp: '15.158.0.1',
    },
    {
      accessKey: 'ASIABENCHEDGE0000000',
      accountId: LOCAL_ACCOUNT_ID,
      callerId: 'AROABENCHEDGE:us-east-1.edge',
      userArn: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${names.edgeRole}/${EDGE_REGION}.${names.edgeFunction}`,
      userId: `AROABENCHEDGE:${EDGE_REGION}.${names.edgeFunction}`,
    },
    { urlId: LOCAL_URL_ID, region: config.backendRegion, now },
  );
  const context = {
    awsRequestId: crypto.randomUUID(),
    functionName: names.apiFunction,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:function:${names.apiFunction}`,
    memoryLimitInMB: String(config.api.memoryMb),
    logGroupName: names.apiLogGroup,
    logStreamName: `bench/${i}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  } as unknown as LambdaContext;
  return { event, context };
}

async function timeLoop(
  handler: FunctionUrlHandler,
  calls: ReadonlyArray<{ event: LambdaFunctionURLEvent; context: LambdaContext }>,
  n: number,
): Promise<number> {
  const results: FunctionUrlResult[] = new Array(n);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const c = calls[i % calls.length];
    results[i] = await handler(c.event, c.context);
  }
  const used = process.cpuUsage(before);
  for (const r of results) {
    if (r.statusCode !== 200 || r.body !== EXPECTED_BODY)
      throw new Error(`API bench: expected 200 ${EXPECTED_BODY}, got ${r.statusCode} ${String(r.body).slice(0, 200)}`);
  }
  return (used.user + used.system) / n;
}

export async function measureApiOverhead(o: ApiOverheadOptions): Promise<Figure> {
  const { ours: handler, plain: bare } = buildApiHandlers(o.config);
  const calls = Array.from({ length: 500 }, (_, i) => apiEvent(o.config, i));
  await timeLoop(handler, calls, Math.ceil(o.iterations / 4));
  await timeLoop(bare, calls, Math.ceil(o.iterations / 4));
  const real: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < o.rounds; round++) {
    if (round % 2 === 0) {
      real.push(await timeLoop(handler, calls, o.iterations));
      base.push(await timeLoop(bare, calls, o.iterations));
    } else {
      base.push(await timeLoop(bare, calls, o.iterations));
      real.push(await timeLoop(handler, calls, o.iterations));
    }
    o.progress(`API overhead: round ${round + 1}/${o.rounds}`);
  }
  return {
    id: 'api.overhead',
    figure: 'API handler CPU/request, GET /api/hello?name=x (memory store, log level ERROR)',
    unit: 'us',
    value: median(real),
    baseline: median(base),
    baselineLabel: 'the same app on hono/aws-lambda handle(), same loop',
    goal: { kind: 'ratioAtMost', limit: 1.2, text: '≤ 1.2x the plain adapter' },
    samples: { value: real, baseline: base },
  };
}
