/**
 * A CloudFront stand-in on loopback: for each viewer request it builds the
 * origin-request event as CloudFront does (./cloudfront-event.ts), runs the
 * bundled edge function, and either answers with the function's generated
 * response or forwards the request it returned to the origin (the function
 * URL stand-in). In `oac` mode it then signs the request itself, as Origin
 * Access Control does (SigV4, service `lambda`), using the body hash the edge
 * function set in `x-amz-content-sha256` (no header: an unsigned payload,
 * which Lambda refuses for requests with a body).
 *
 * With a `defaultBehavior` (the web app on), only `<basePath>/*` takes that
 * path, as the API's ordered cache behaviour does; every other request goes
 * to the default behaviour (./static-site.ts) and never to the edge.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from 'aws-lambda';
import { parseQueryString, toQueryBag } from '../edge/encoding';
import { SIGNING_SERVICE, signSigV4 } from '../edge/sign';
import { redactUrl } from '../lib/redact-query';
import {
  generatedResponseBody,
  generatedResponseHeaders,
  isGeneratedResponse,
  toOriginRequest,
  toOriginRequestEvent,
  type OriginRequest,
} from './cloudfront-event';
import { closeServer, listen, readBody, sendJson, sendRaw } from './http-util';
import { LambdaInvokeError, type LambdaRuntime } from './lambda-runtime';
import type { StaticSite } from './static-site';

/** What CloudFront accepts from a viewer for this API (kept small: it is a local tool). */
export const VIEWER_BODY_LIMIT = 8 * 1024 * 1024;
const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');

export interface OacSigner {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Sent as `x-amz-source-arn`. */
  readonly distributionArn: string;
  /** Sent as `x-amz-source-account`. */
  readonly accountId: string;
}

export interface CloudFrontStandinOptions {
  readonly edge: LambdaRuntime;
  /** The origin's host (the function URL host) and where it really listens. */
  readonly origin: { readonly host: string; readonly region: string; readonly port: number };
  /** Present in `oac` mode: CloudFront's own signing identity. */
  readonly oac?: OacSigner;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** Receives one line per request. @default discarded */
  readonly log?: (line: string) => void;
  /**
   * The default behaviour when it is not the API's (the static site): the
   * API behaviour then serves `<basePath>/*` only. @default none (the API
   * serves every path, as a distribution without the site)
   */
  readonly defaultBehavior?: { readonly basePath: string; readonly site: StaticSite };
}

/** CloudFront path pattern `<basePath>/*` (case-sensitive, on the path as received). */
export function matchesApiBehavior(url: string, basePath: string): boolean {
  return url.startsWith(`${basePath}/`);
}

export interface RunningCloudFront {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Signs an origin request as OAC would. */
export async function signLikeOac(request: OriginRequest, host: string, region: string, oac: OacSigner, now: Date): Promise<OriginRequest> {
  const headers: Record<string, string> = {};
  for (const [k, v] of request.headers) {
    const key = k.toLowerCase();
    if (key === 'authorization' || key === 'x-amz-date' || key === 'x-amz-security-token') continue;
    headers[key] = headers[key] === undefined ? v : `${headers[key]},${v}`;
  }
  headers.host = host;
  headers['x-amz-source-arn'] = oac.distributionArn;
  headers['x-amz-source-account'] = oac.accountId;
  const declared = headers['x-amz-content-sha256'];
  headers['x-amz-content-sha256'] = declared ?? (request.body.length === 0 ? EMPTY_SHA256 : 'UNSIGNED-PAYLOAD');
  const q = request.path.indexOf('?');
  const parsed = parseQueryString(q === -1 ? '' : request.path.slice(q + 1));
  if (!parsed.ok) throw new Error(`OAC stand-in cannot sign the query: ${parsed.reason}`);
  const signed = await signSigV4({
    method: request.method,
    host,
    // The wire path: SigV4 for services other than S3 escapes it once more.
    path: q === -1 ? request.path : request.path.slice(0, q),
    query: toQueryBag(parsed.value),
    headers,
    body: request.body,
    service: SIGNING_SERVICE,
    region,
    credentials: { accessKeyId: oac.accessKeyId, secretAccessKey: oac.secretAccessKey, sessionToken: oac.sessionToken },
    signingDate: now,
    // Keep the declared hash above: the signer takes it as the payload hash, as OAC does.
    contentSha256Header: false,
  });
  const out: Array<[string, string]> = Object.entries(signed.headers);
  return { ...request, headers: out };
}

function forward(request: OriginRequest, port: number): Promise<{ status: number; headers: Array<[string, string]>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Array<[string, string]> = request.headers.map(([k, v]) => [k, v]);
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: headers.flat(), setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 502, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Starts the stand-in. */
export async function startCloudFront(options: CloudFrontStandinOptions): Promise<RunningCloudFront> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const distributionId = 'ELOCALDEV00000';
  let port = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req, VIEWER_BODY_LIMIT);
      if (body === undefined) {
        sendJson(res, 413, { message: 'Request entity too large' });
        return;
      }
      // The request line as logged: credentials in the query (access_token=..., X-Amz-Signature=...) redacted.
      const shownUrl = redactUrl(req.url ?? '/');
      const site = options.defaultBehavior;
      if (site && !matchesApiBehavior(req.url ?? '/', site.basePath)) {
        const answer = site.site({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
        log(`${answer.status} ${req.method} ${shownUrl} (default behaviour)`);
        sendRaw(
          res,
          answer.status,
          [...answer.headers, ['via', `1.1 ${distributionId}.cloudfront.net (CloudFront)`], ['x-cache', 'Miss from cloudfront']],
          answer.body,
        );
        return;
      }
      const requestId = crypto.randomBytes(28).toString('base64url');
      const event: CloudFrontRequestEvent = toOriginRequestEvent(
        { method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders, body, clientIp: req.socket.remoteAddress ?? '127.0.0.1' },
        { domainName: options.origin.host, distributionDomainName: `127.0.0.1:${port}`, distributionId },
        requestId,
      );
      let result: CloudFrontRequest | CloudFrontResultResponse;
      try {
        result = await options.edge.invoke(event);
      } catch (e) {
        // CloudFront answers 503 when the function fails (LambdaExecutionError).
        log(`503 ${req.method} ${shownUrl}: edge function failed: ${e instanceof LambdaInvokeError ? `${e.errorType}: ${e.message}` : String(e)}`);
        sendJson(res, 503, {
          message: 'The Lambda function associated with the CloudFront distribution is invalid or does not have the required permissions.',
        });
        return;
      }
      if (isGeneratedResponse(result)) {
        const status = Number(result.status);
        log(`${status} ${req.method} ${shownUrl} (edge answered)`);
        sendRaw(res, status, generatedResponseHeaders(result), generatedResponseBody(result));
        return;
      }
      let outgoing = toOriginRequest(result, body, requestId);
      if (options.oac) outgoing = await signLikeOac(outgoing, options.origin.host, options.origin.region, options.oac, clock());
      const answer = await forward(outgoing, options.origin.port);
      log(`${answer.status} ${req.method} ${shownUrl}`);
      sendRaw(
        res,
        answer.status,
        [...answer.headers, ['via', `1.1 ${distributionId}.cloudfront.net (CloudFront)`], ['x-cache', 'Miss from cloudfront']],
        answer.body,
      );
    })().catch((e) => {
      log(`502 stand-in error: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 502, { message: 'CloudFront stand-in could not reach the origin' });
    });
  });
  port = await listen(server, options.port ?? 0);
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}
