/**
 * The stand-ins' request lines never show a credential passed in the query
 * (lib/redact-query.ts), on every path that logs the request target; what is
 * forwarded is untouched: only the log is redacted.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFrontRequest, CloudFrontRequestEvent, LambdaFunctionURLEvent } from 'aws-lambda';
import { REDACTED } from '../../lib/redact-query';
import { startCloudFront, type RunningCloudFront } from '../../local/cloudfront-standin';
import { startFunctionUrl, type RunningFunctionUrl } from '../../local/function-url-standin';
import { LambdaInvokeError, type LambdaRuntime } from '../../local/lambda-runtime';
import { send } from '../e2e/helpers/http';
import { signDirect } from '../e2e/helpers/sign';
import { CALLER, HOST, IDENTITY, REGION, URL_ID } from './helpers/function-url-caller';

const TARGET = '/api/hello?access_token=SECRET&name=x';
const SHOWN = `/api/hello?access_token=${REDACTED}&name=x`;

describe('the CloudFront stand-in logs request lines without query credentials', () => {
  let cloudFront: RunningCloudFront;
  let origin: http.Server;
  const logs: string[] = [];
  const originSaw: string[] = [];
  const edgeSaw: string[] = [];
  let edgeDoes: 'forward' | 'deny' | 'fail' = 'forward';

  const edge: LambdaRuntime = {
    async invoke<E, R>(event: E): Promise<R> {
      const request = (event as unknown as CloudFrontRequestEvent).Records[0].cf.request;
      edgeSaw.push(`${request.uri}?${request.querystring}`);
      if (edgeDoes === 'fail') throw new LambdaInvokeError('Runtime.ExitError', 'boom');
      if (edgeDoes === 'deny') return { status: '401', statusDescription: 'Unauthorized', headers: {} } as R;
      return request as CloudFrontRequest as R;
    },
    async close() {},
  };

  beforeAll(async () => {
    origin = http.createServer((req, res) => {
      originSaw.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    cloudFront = await startCloudFront({
      edge,
      origin: { host: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws', region: 'eu-west-1', port: (origin.address() as AddressInfo).port },
      log: (l) => logs.push(l),
    });
  });
  afterAll(async () => {
    await cloudFront.close();
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  });
  beforeEach(() => {
    logs.length = 0;
    originSaw.length = 0;
    edgeSaw.length = 0;
  });

  it(`forwarded: the line for ${TARGET} has no SECRET; the edge and the origin got the real query`, async () => {
    edgeDoes = 'forward';
    const res = await send(cloudFront.port, { method: 'GET', path: TARGET });
    expect(res.status).toBe(200);
    expect(logs).toEqual([`200 GET ${SHOWN}`]);
    expect(logs.join('\n')).not.toContain('SECRET');
    expect(edgeSaw).toEqual(['/api/hello?access_token=SECRET&name=x']);
    expect(originSaw).toEqual([TARGET]);
  });

  it('answered by the edge: no SECRET', async () => {
    edgeDoes = 'deny';
    const res = await send(cloudFront.port, { method: 'GET', path: TARGET });
    expect(res.status).toBe(401);
    expect(logs).toEqual([`401 GET ${SHOWN} (edge answered)`]);
  });

  it('edge failure: no SECRET', async () => {
    edgeDoes = 'fail';
    const res = await send(cloudFront.port, { method: 'GET', path: TARGET });
    expect(res.status).toBe(503);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^503 GET ${SHOWN.replace(/[?[\]]/g, '\\$&')}: edge function failed`));
    expect(logs[0]).not.toContain('SECRET');
  });

  it('case variants, encoded names and presigned parameters', async () => {
    edgeDoes = 'deny';
    await send(cloudFront.port, { method: 'GET', path: '/api/hello?Access_Token=S1&%74oken=S2&X-AMZ-SIGNATURE=S3&X-Amz-Credential=S4&name=x&token=S5' });
    expect(logs).toEqual([
      `401 GET /api/hello?Access_Token=${REDACTED}&%74oken=${REDACTED}&X-AMZ-SIGNATURE=${REDACTED}&X-Amz-Credential=${REDACTED}&name=x&token=${REDACTED} (edge answered)`,
    ]);
  });
});

describe('the function URL stand-in logs request lines without query credentials', () => {
  let fu: RunningFunctionUrl;
  const logs: string[] = [];
  const events: LambdaFunctionURLEvent[] = [];
  let fail = false;
  const runtime: LambdaRuntime = {
    async invoke<E, R>(event: E): Promise<R> {
      events.push(event as unknown as LambdaFunctionURLEvent);
      if (fail) throw new LambdaInvokeError('Runtime.ExitError', 'boom');
      return { statusCode: 200, body: 'ok' } as R;
    },
    async close() {},
  };
  const signed = () =>
    signDirect({ method: 'GET', path: '/api/hello', query: { access_token: 'SECRET', name: 'x' }, credentials: CALLER, host: HOST, region: REGION });

  beforeAll(async () => {
    fu = await startFunctionUrl({
      runtime,
      urlId: URL_ID,
      region: REGION,
      principals: new Map([[CALLER.accessKeyId, { secretAccessKey: CALLER.secretAccessKey, identity: IDENTITY }]]),
      log: (l) => logs.push(l),
    });
  });
  afterAll(async () => {
    await fu.close();
  });
  beforeEach(() => {
    logs.length = 0;
    events.length = 0;
    fail = false;
  });

  it(`invoked: the line for ${TARGET} has no SECRET; the function got the real query`, async () => {
    const res = await send(fu.port, { method: 'GET', path: TARGET, headers: await signed() });
    expect(res.status).toBe(200);
    expect(logs).toEqual([`200 GET ${SHOWN}`]);
    expect(events.map((e) => e.rawQueryString)).toEqual(['access_token=SECRET&name=x']);
  });

  it('function error, unsigned request and wrong host: no SECRET', async () => {
    fail = true;
    expect((await send(fu.port, { method: 'GET', path: TARGET, headers: await signed() })).status).toBe(502);
    expect((await send(fu.port, { method: 'GET', path: TARGET })).status).toBe(403);
    expect((await send(fu.port, { method: 'GET', path: TARGET, headers: [['Host', 'elsewhere.example']] })).status).toBe(403);
    expect(logs).toHaveLength(3);
    for (const line of logs) {
      expect(line).toContain(` GET ${SHOWN}`);
      expect(line).not.toContain('SECRET');
    }
  });
});
