/**
 * The load generator of `npm run bench`, run as a child process
 * (`child_process.fork`), so its work does not share an event loop with the
 * stand-in servers it measures. For each {@link LoadRequest} it receives over
 * IPC it runs autocannon against a loopback URL and answers a
 * {@link LoadSummary}; it stays up between runs (autocannon loads once).
 */

export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET';
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadSummary {
  /** 2xx responses per second over the run. */
  readonly okPerSecond: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly durationSeconds: number;
}

/** What this file uses of autocannon's result (autocannon ships no types). */
interface AutocannonResult {
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Seconds. */
  readonly duration: number;
  readonly latency: { readonly p50: number; readonly p99: number };
}

type Autocannon = (opts: Record<string, unknown>) => PromiseLike<AutocannonResult>;

export async function runLoad(req: LoadRequest): Promise<LoadSummary> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no ES module types; loaded in the load-generator child only
  const autocannon = require('autocannon') as Autocannon;
  const r = await autocannon({
    url: req.url,
    method: req.method,
    headers: req.headers,
    connections: req.connections,
    duration: req.durationSeconds,
    pipelining: 1,
    timeout: 10,
  });
  return {
    okPerSecond: r['2xx'] / r.duration,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    durationSeconds: r.duration,
  };
}

/** A message from the parent: a run to do, or the end. */
export type LoadMessage = { readonly kind: 'run'; readonly request: LoadRequest } | { readonly kind: 'exit' };
export type LoadAnswer = { readonly ok: true; readonly summary: LoadSummary } | { readonly ok: false; readonly error: string };

if (require.main === module && process.send) {
  // One run at a time: the parent waits for each answer before sending the next run.
  process.on('message', (m: LoadMessage) => {
    if (m.kind === 'exit') {
      process.disconnect();
      return;
    }
    runLoad(m.request).then(
      (summary) => process.send!({ ok: true, summary } satisfies LoadAnswer),
      (e: unknown) => process.send!({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies LoadAnswer),
    );
  });
}
