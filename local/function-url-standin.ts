/**
 * A Lambda function URL stand-in on loopback that behaves like `AWS_IAM`
 * auth: every request must carry a valid SigV4 signature (service `lambda`,
 * this URL's region, a known access key, +/-5 minutes of clock skew, the
 * body hash matching the body). Anything else gets 403
 * `{"Message":"Forbidden"}`, as Lambda answers, and the function never runs.
 *
 * The signature is checked by `local/sigv4-verifier.ts`, written from the
 * SigV4 specification and independent of the signer the edge uses.
 */
import * as http from 'node:http';
import { redactUrl } from '../lib/redact-query';
import { LambdaInvokeError, type LambdaRuntime } from './lambda-runtime';
import { closeServer, listen, readBody, sendJson, sendRaw } from './http-util';
import { fromFunctionUrlResult, toFunctionUrlEvent, type IamIdentity } from './function-url-event';
import { verifySigV4 } from './sigv4-verifier';

/** Function URLs carry at most 6 MB each way. */
export const FUNCTION_URL_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** An access key this stand-in's "IAM" knows, and who it belongs to. */
export interface KnownPrincipal {
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly identity: IamIdentity;
}

export interface FunctionUrlStandinOptions {
  readonly runtime: LambdaRuntime;
  /** The URL id, e.g. "abc123": the host is `<urlId>.lambda-url.<region>.on.aws`. */
  readonly urlId: string;
  readonly region: string;
  /** Access key id -> principal: who may invoke (holds both invoke permissions). */
  readonly principals: ReadonlyMap<string, KnownPrincipal>;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** Receives one line per request. @default discarded */
  readonly log?: (line: string) => void;
  /**
   * Sees every request as it arrived (before the signature check): what the
   * edge or the OAC stand-in really sent, for debugging and replay tests.
   * @default none
   */
  readonly observe?: (request: ObservedRequest) => void;
}

/** A request as the function URL stand-in received it. */
export interface ObservedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Name/value pairs in arrival order, names as sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export interface RunningFunctionUrl {
  /** The URL this server listens on, e.g. http://127.0.0.1:39123 */
  readonly localUrl: string;
  /** The function URL host it answers for (what callers sign). */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const FORBIDDEN = { Message: 'Forbidden' };

/** Starts the stand-in. */
export async function startFunctionUrl(options: FunctionUrlStandinOptions): Promise<RunningFunctionUrl> {
  const host = `${options.urlId}.lambda-url.${options.region}.on.aws`;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  let port = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req, FUNCTION_URL_PAYLOAD_LIMIT);
      if (body === undefined) {
        sendJson(res, 413, { Message: `Request must be smaller than ${FUNCTION_URL_PAYLOAD_LIMIT} bytes for the InvokeFunction operation` });
        return;
      }
      const url = req.url ?? '/';
      if (options.observe) {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
        options.observe({ method: req.method ?? 'GET', url, headers, body });
      }
      // The request line as logged: credentials in the query (access_token=..., X-Amz-Signature=...) redacted.
      const shownUrl = redactUrl(url);
      const q = url.indexOf('?');
      const hostHeader = req.headers.host ?? '';
      // AWS routes by host: only this URL's own names reach the function.
      if (hostHeader !== host && hostHeader !== `127.0.0.1:${port}`) {
        log(`403 ${req.method} ${shownUrl}: host ${JSON.stringify(hostHeader)} is not ${host}`);
        sendJson(res, 403, FORBIDDEN);
        return;
      }
      const verdict = verifySigV4(
        { method: req.method ?? 'GET', path: q === -1 ? url : url.slice(0, q), query: q === -1 ? '' : url.slice(q + 1), headers: req.headersDistinct, body },
        {
          credentialsLookup: (akid) => {
            const p = options.principals.get(akid);
            return p ? { secretAccessKey: p.secretAccessKey, sessionToken: p.sessionToken } : undefined;
          },
          now: clock(),
          expectedService: 'lambda',
          expectedRegion: options.region,
        },
      );
      if (!verdict.ok) {
        log(`403 ${req.method} ${shownUrl}: ${verdict.reason}`);
        sendJson(res, 403, FORBIDDEN);
        return;
      }
      const principal = options.principals.get(verdict.accessKeyId)!;
      const event = toFunctionUrlEvent(
        { method: req.method ?? 'GET', url, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
        principal.identity,
        { urlId: options.urlId, region: options.region, now: clock() },
      );
      try {
        const result = await options.runtime.invoke<unknown, Parameters<typeof fromFunctionUrlResult>[0]>(event);
        const response = fromFunctionUrlResult(result);
        log(`${response.status} ${req.method} ${shownUrl}`);
        sendRaw(res, response.status, response.headers, response.body);
      } catch (e) {
        // Function errors and timeouts: Lambda answers 502 without details.
        log(`502 ${req.method} ${shownUrl}: ${e instanceof LambdaInvokeError ? `${e.errorType}: ${e.message}` : String(e)}`);
        sendJson(res, 502, { Message: 'Internal Server Error' });
      }
    })().catch((e) => {
      log(`500 stand-in error: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { Message: 'Internal Server Error' });
    });
  });
  port = await listen(server, options.port ?? 0);
  return { localUrl: `http://127.0.0.1:${port}`, host, port, close: () => closeServer(server) };
}
