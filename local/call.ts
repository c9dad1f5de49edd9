/**
 * `npm run call -- METHOD URL [--data TEXT | --data @FILE] [--header "Name: value"]... [--region R] [--include] [--fail]`
 *
 * A SigV4 client for callers that use IAM directly (what awscurl does in the
 * seed article): it signs for service `lambda` with credentials from the
 * usual AWS sources (environment variables, shared config/credentials
 * profiles, SSO, ...) and works against a real function URL and the local
 * stand-in alike. The region comes from the function URL's host, else
 * `--region`, else `AWS_REGION`.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { parseQueryString, toQueryBag } from '../edge/encoding';
import { SIGNING_SERVICE, signSigV4, type AwsCredentials } from '../edge/sign';

/** The region of a function URL host (`<id>.lambda-url.<region>.on.aws`), or undefined: what a direct caller signs for. */
export function regionFromFunctionUrlHost(host: string): string | undefined {
  const m = /^[a-z0-9]+\.lambda-url\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws$/.exec(host.toLowerCase());
  return m ? m[1] : undefined;
}

const USAGE = 'usage: npm run call -- METHOD URL [--data TEXT|@FILE] [--header "Name: value"]... [--region REGION] [--include] [--fail]';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface CallRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly region: string;
}

/** Parses the command line into a request; throws an Error naming the bad argument. */
export function parseCall(argv: string[], env: NodeJS.ProcessEnv): CallRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      header: { type: 'string', multiple: true },
      region: { type: 'string' },
      include: { type: 'boolean', default: false },
      fail: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const [methodArg, urlArg, ...rest] = positionals;
  if (!methodArg || !urlArg || rest.length > 0) throw new Error(`expected METHOD and URL, received ${JSON.stringify(positionals)}`);
  const method = methodArg.toUpperCase();
  if (!METHODS.has(method)) throw new Error(`METHOD: received "${methodArg}"; allowed: ${[...METHODS].join(', ')}`);
  let url: URL;
  try {
    url = new URL(urlArg);
  } catch {
    throw new Error(`URL: received "${urlArg}"; allowed: an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`URL: received "${urlArg}"; allowed: an http(s) URL`);
  const region = regionFromFunctionUrlHost(url.hostname) ?? values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error(`--region: received nothing; allowed: a region name (needed when the host "${url.host}" is not a function URL host)`);
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new Error(`--header: received "${h}"; allowed: "Name: value"`);
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  let body = Buffer.alloc(0);
  if (values.data !== undefined) {
    body = values.data.startsWith('@') ? fs.readFileSync(values.data.slice(1)) : Buffer.from(values.data, 'utf8');
    headers['content-type'] ??= 'application/json';
  }
  return { method, url, headers, body, region };
}

/** Signs the request (service `lambda`) and returns the headers to send. */
export async function signCall(req: CallRequest, credentials: AwsCredentials, now: Date = new Date()): Promise<Record<string, string>> {
  const query = parseQueryString(req.url.search.replace(/^\?/, ''));
  if (!query.ok) throw new Error(`URL: the query string cannot be signed: ${query.reason}`);
  const signed = await signSigV4({
    method: req.method,
    host: req.url.host,
    path: req.url.pathname,
    query: toQueryBag(query.value),
    headers: req.headers,
    body: req.body,
    service: SIGNING_SERVICE,
    region: req.region,
    credentials,
    signingDate: now,
  });
  // fetch sends the URL's own host; the signed value is the same.
  const { host: _host, ...rest } = signed.headers;
  return rest;
}

export async function main(argv: string[]): Promise<number> {
  const include = argv.includes('--include');
  const failOnError = argv.includes('--fail');
  let req: CallRequest;
  try {
    req = parseCall(argv, process.env);
  } catch (e) {
    process.stderr.write(`call: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let credentials: AwsCredentials;
  try {
    const c = await fromNodeProviderChain()();
    credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
  } catch (e) {
    process.stderr.write(`call: no AWS credentials found (${(e as Error).message}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE\n`);
    return 2;
  }
  const headers = await signCall(req, credentials);
  const response = await fetch(req.url, { method: req.method, headers, body: req.body.length > 0 ? req.body : undefined });
  if (include) {
    process.stdout.write(`HTTP ${response.status} ${response.statusText}\n`);
    response.headers.forEach((v, k) => process.stdout.write(`${k}: ${v}\n`));
    process.stdout.write('\n');
  }
  process.stdout.write(Buffer.from(await response.arrayBuffer()));
  if (!include) process.stdout.write('\n');
  return failOnError && response.status >= 400 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`call: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
