/** CloudFront origin-request events and an edge config for handler tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from 'aws-lambda';
import type { EdgeConfig } from '../../../edge/config';
import type { RouteRule } from '../../../lib/route-policy';
import type { TestPool } from './tokens';

export const ORIGIN_HOST = 'abcdefghij0123456789klmnop.lambda-url.eu-west-1.on.aws';

/** The dev route map, read from config/dev.json so the tests follow it. */
export const DEV_ROUTES: readonly RouteRule[] = (
  JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'config', 'dev.json'), 'utf8')) as { routes: RouteRule[] }
).routes;

/** The claims MAC key of oac-mode tests (lib/claims-mac.ts). */
export const TEST_CLAIMS_KEY = { version: 3, key: 'ab'.repeat(32) } as const;

export function edgeConfig(pools: readonly TestPool[], over: Partial<EdgeConfig> = {}, tokenUse: readonly ('access' | 'id')[] = []): EdgeConfig {
  return {
    version: 1,
    mode: 'edge-sigv4',
    basePath: '/api',
    routes: DEV_ROUTES,
    originHost: ORIGIN_HOST,
    originRegion: 'eu-west-1',
    verifiers: pools.map((p, i) => ({ userPoolId: p.poolId, clientIds: [p.clientId], tokenUse: tokenUse[i] ?? 'access', jwks: p.jwks })),
    jwksBaseUrl: null,
    claimsKey: (over.mode ?? 'edge-sigv4') === 'oac' ? TEST_CLAIMS_KEY : null,
    ...over,
  };
}

export interface EventInit {
  readonly method?: string;
  readonly uri?: string;
  readonly querystring?: string;
  /** name -> value(s); names are stored lower-cased like CloudFront does, `key` keeps the given case. */
  readonly headers?: Record<string, string | string[]>;
  readonly body?: Buffer | string;
  readonly truncated?: boolean;
  /** Leave out the body field entirely (include-body off). */
  readonly noBody?: boolean;
  readonly originHost?: string;
  readonly originPath?: string;
}

export function originRequest(init: EventInit = {}): CloudFrontRequestEvent {
  const headers: CloudFrontHeaders = {
    host: [{ key: 'Host', value: init.originHost ?? ORIGIN_HOST }],
    'user-agent': [{ key: 'User-Agent', value: 'Amazon CloudFront' }],
    via: [{ key: 'Via', value: '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)' }],
    'x-forwarded-for': [{ key: 'X-Forwarded-For', value: '203.0.113.178' }],
    'cloudfront-viewer-country': [{ key: 'CloudFront-Viewer-Country', value: 'DE' }],
  };
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const lower = name.toLowerCase();
    headers[lower] = [...(headers[lower] ?? []), ...(Array.isArray(value) ? value : [value]).map((v) => ({ key: name, value: v }))];
  }
  const bodyBuf = init.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8');
  const request: CloudFrontRequest = {
    clientIp: '203.0.113.178',
    method: init.method ?? 'GET',
    uri: init.uri ?? '/api/hello',
    querystring: init.querystring ?? '',
    headers,
    origin: {
      custom: {
        customHeaders: {},
        domainName: init.originHost ?? ORIGIN_HOST,
        keepaliveTimeout: 5,
        path: init.originPath ?? '',
        port: 443,
        protocol: 'https',
        readTimeout: 30,
        sslProtocols: ['TLSv1.2'],
      },
    },
    ...(init.noBody
      ? {}
      : { body: { action: 'read-only' as const, data: bodyBuf.toString('base64'), encoding: 'base64' as const, inputTruncated: init.truncated ?? false } }),
  };
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'origin-request',
            requestId: 'req-1',
          },
          request,
        },
      },
    ],
  };
}

export function isResponse(result: unknown): result is CloudFrontResultResponse {
  return typeof result === 'object' && result !== null && 'status' in result;
}

export function asRequest(result: unknown): CloudFrontRequest {
  if (!result || isResponse(result)) throw new Error(`expected a forwarded request, got ${JSON.stringify(result)}`);
  return result as CloudFrontRequest;
}

export function asResponse(result: unknown): CloudFrontResultResponse {
  if (!isResponse(result)) throw new Error(`expected a generated response, got a forwarded request`);
  return result;
}

/** The single value of a header (asserting there is exactly one). */
export function header(req: { headers?: CloudFrontHeaders }, name: string): string | undefined {
  const list = req.headers?.[name];
  if (!list) return undefined;
  if (list.length !== 1) throw new Error(`header ${name} has ${list.length} values`);
  return list[0].value;
}
