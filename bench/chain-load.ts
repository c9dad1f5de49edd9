/**
 * Figure 5: throughput and p50/p99 latency of the local chain
 * (`startChain`, local/chain.ts: CloudFront stand-in -> bundled edge in its
 * worker -> function URL stand-in with its SigV4 check -> bundled API in its
 * worker, in-memory store) in `edge-sigv4` mode, for
 * `GET /api/hello?name=x` with a valid Bearer token, under autocannon on
 * loopback; beside it the function URL stand-in called directly.
 *
 * - The load generator runs in a child process (./load-client.ts), so it does
 *   not share the stand-ins' event loop; it does share the machine's cores.
 * - The direct calls carry one request pre-signed with the chain's caller
 *   credentials (host = the function URL host), signed afresh before each
 *   run (SigV4 allows 5 minutes of skew; each run is seconds). The stand-in
 *   verifies the signature on every request (it caches nothing), but the
 *   client does not pay for signing, as the autocannon client does not pay
 *   for issuing the token either.
 * - The chain's logs are silenced: its log sink discards the stand-ins' lines
 *   and the functions' output, and the API runs at log level ERROR (no access
 *   line). The edge still writes its one log line per request to its stdout
 *   (that is in the bundle), which the chain then discards.
 * - Runs alternate chain / direct after one warm-up run each; only 2xx
 *   responses count; medians of the runs.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { signSigV4 } from '../edge/sign';
import { startChain, type RunningChain } from '../local/chain';
import type { LoadAnswer, LoadMessage, LoadRequest, LoadSummary } from './load-client';
import type { Figure } from './report';
import { median } from './stats';

export interface ChainLoadOptions {
  readonly config: Config;
  readonly runs: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly progress: (line: string) => void;
}

const PATH = '/hello';
const QUERY = 'name=x';

/** The load generator child (./load-client.ts), started once and reused for every run. */
interface LoadClient {
  run(req: LoadRequest): Promise<LoadSummary>;
  close(): void;
}

function startLoadClient(): LoadClient {
  const child = fork(path.join(__dirname, 'load-client.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
  let waiting: { resolve: (s: LoadSummary) => void; reject: (e: Error) => void } | undefined;
  let exited: Error | undefined;
  child.on('message', (m: LoadAnswer) => {
    const w = waiting;
    waiting = undefined;
    if (!w) return;
    if (m.ok) w.resolve(m.summary);
    else w.reject(new Error(`load client: ${m.error}`));
  });
  const fail = (e: Error) => {
    exited = e;
    waiting?.reject(e);
    waiting = undefined;
  };
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`load client exited with ${code}: ${stderr.slice(-500)}`)));
  return {
    run(req) {
      if (exited) return Promise.reject(exited);
      if (waiting) return Promise.reject(new Error('load client: one run at a time'));
      return new Promise<LoadSummary>((resolve, reject) => {
        waiting = { resolve, reject };
        child.send({ kind: 'run', request: req } satisfies LoadMessage);
      });
    },
    close() {
      if (exited) return;
      child.removeAllListeners('exit');
      if (child.connected) child.send({ kind: 'exit' } satisfies LoadMessage);
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}

/** One request with node:http, to check a target answers 200 before loading it. */
function probe(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers, setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host') }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function directHeaders(chain: RunningChain, config: Config): Promise<Record<string, string>> {
  const signed = await signSigV4({
    method: 'GET',
    host: chain.functionUrl.host,
    path: `${config.api.basePath}${PATH}`,
    query: { name: 'x' },
    body: new Uint8Array(0),
    service: 'lambda',
    region: config.backendRegion,
    credentials: chain.callerCredentials,
    signingDate: new Date(),
  });
  return { ...signed.headers };
}

export async function measureChainLoad(o: ChainLoadOptions): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-bench-chain-'));
  // The API at log level ERROR: see the header comment.
  const config: Config = { ...o.config, api: { ...o.config.api, logLevel: 'ERROR' } };
  let chain: RunningChain | undefined;
  let client: LoadClient | undefined;
  try {
    o.progress('chain: starting (bundling the edge and the API)');
    chain = await startChain({ config, mode: 'edge-sigv4', buildDir: path.join(dir, 'build'), keyPath: path.join(dir, 'issuer-key.pem') });
    const token = chain.issuer.issue({ sub: 'rita', groups: ['readers'], scopes: ['books/read'], tokenUse: config.edge.tokenUse, expiresIn: 3600 });
    const chainUrl = `${chain.entryUrl}${config.api.basePath}${PATH}?${QUERY}`;
    const chainHeaders = { authorization: `Bearer ${token}` };
    const directUrl = `${chain.functionUrl.localUrl}${config.api.basePath}${PATH}?${QUERY}`;

    for (const [name, url, headers] of [
      ['chain', chainUrl, chainHeaders],
      ['function URL stand-in', directUrl, await directHeaders(chain, config)],
    ] as const) {
      const r = await probe(url, headers);
      if (r.status !== 200) throw new Error(`${name}: GET ${url} answered ${r.status} ${r.body.slice(0, 200)}`);
    }

    const load = async (target: 'chain' | 'direct', seconds: number): Promise<LoadSummary> => {
      const req: LoadRequest =
        target === 'chain'
          ? { url: chainUrl, method: 'GET', headers: chainHeaders, connections: o.connections, durationSeconds: seconds }
          : { url: directUrl, method: 'GET', headers: await directHeaders(chain!, config), connections: o.connections, durationSeconds: seconds };
      client ??= startLoadClient();
      const s = await client.run(req);
      if (s.ok === 0 || s.non2xx + s.errors + s.timeouts > s.ok / 100) {
        throw new Error(`${target}: ${s.ok} 2xx, ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts in ${s.durationSeconds} s`);
      }
      return s;
    };

    o.progress(`chain: warm-up (${o.warmupSeconds} s each)`);
    await load('chain', o.warmupSeconds);
    await load('direct', o.warmupSeconds);
    const viaChain: LoadSummary[] = [];
    const direct: LoadSummary[] = [];
    for (let i = 0; i < o.runs; i++) {
      const order = i % 2 === 0 ? (['chain', 'direct'] as const) : (['direct', 'chain'] as const);
      for (const target of order) (target === 'chain' ? viaChain : direct).push(await load(target, o.durationSeconds));
      o.progress(`chain: run ${i + 1}/${o.runs}`);
    }

    const pick = (xs: LoadSummary[], k: 'okPerSecond' | 'p50Ms' | 'p99Ms') => xs.map((x) => x[k]);
    const label = `function URL stand-in direct, pre-signed`;
    const what = `${o.connections} conns, ${o.durationSeconds} s x ${o.runs}`;
    return [
      {
        id: 'chain.throughput',
        figure: `Local chain throughput, edge-sigv4, GET /api/hello (${what})`,
        unit: 'req/s',
        value: median(pick(viaChain, 'okPerSecond')),
        baseline: median(pick(direct, 'okPerSecond')),
        baselineLabel: label,
        goal: { kind: 'above', limit: 1500, text: '> 1,500 req/s on 2 cores' },
        samples: { value: pick(viaChain, 'okPerSecond'), baseline: pick(direct, 'okPerSecond') },
      },
      {
        id: 'chain.latency.p50',
        figure: 'Local chain latency p50 (same runs)',
        unit: 'ms',
        value: median(pick(viaChain, 'p50Ms')),
        baseline: median(pick(direct, 'p50Ms')),
        baselineLabel: label,
        samples: { value: pick(viaChain, 'p50Ms'), baseline: pick(direct, 'p50Ms') },
      },
      {
        id: 'chain.latency.p99',
        figure: 'Local chain latency p99 (same runs)',
        unit: 'ms',
        value: median(pick(viaChain, 'p99Ms')),
        baseline: median(pick(direct, 'p99Ms')),
        baselineLabel: label,
        samples: { value: pick(viaChain, 'p99Ms'), baseline: pick(direct, 'p99Ms') },
      },
    ];
  } finally {
    client?.close();
    await chain?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
