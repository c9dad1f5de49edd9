/**
 * The chain leaves nothing behind: after close() its Lambda worker threads
 * have exited, its three ports refuse connections (also after a keep-alive
 * connection was left open), and it started no child processes of its own.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import workerThreads = require('node:worker_threads');
import type { SigningMode } from '../../config/schema';
import { entryPort, startHarness, type Harness } from './helpers/harness';

/** Workers the Lambda runtime starts (its eval'd bootstrap loads the bundle by workerData.file). */
const runtimeWorkers: workerThreads.Worker[] = [];
const OriginalWorker = workerThreads.Worker;
class TrackingWorker extends OriginalWorker {
  constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
    super(...args);
    if (typeof args[0] === 'string' && args[0].includes('workerData.exportName')) runtimeWorkers.push(this);
  }
}

beforeAll(() => {
  (workerThreads as unknown as { Worker: unknown }).Worker = TrackingWorker;
});
afterAll(() => {
  (workerThreads as unknown as { Worker: unknown }).Worker = OriginalWorker;
});

function connectOutcome(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
  });
}

/** Child processes of this process other than esbuild's service (unref'd, started by the bundler, ends with the parent). */
function ownChildren(): string[] {
  const taskDir = `/proc/${process.pid}/task`;
  if (!fs.existsSync(taskDir)) return [];
  const out: string[] = [];
  for (const t of fs.readdirSync(taskDir)) {
    let list: string;
    try {
      list = fs.readFileSync(`${taskDir}/${t}/children`, 'utf8').trim();
    } catch {
      continue;
    }
    for (const pid of list.split(/\s+/).filter(Boolean)) {
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        continue; // already gone
      }
      if (cmd === '' || /esbuild(\.exe)? --service=/.test(cmd)) continue;
      out.push(`${pid} ${cmd}`);
    }
  }
  return out;
}

const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;

describe.each<SigningMode>(['edge-sigv4', 'oac'])('closing the chain (%s)', (mode) => {
  it('stops its worker threads, frees its ports, and leaves no process behind', async () => {
    const before = runtimeWorkers.length;
    const baselinePorts = count('MessagePort');
    const h: Harness = await startHarness(mode);
    let closed = false;
    try {
      const workers = runtimeWorkers.slice(before);
      expect(workers).toHaveLength(2); // the edge function and the API function
      for (const w of workers) expect(w.threadId).toBeGreaterThan(0);
      expect(count('MessagePort')).toBeGreaterThanOrEqual(baselinePorts + 2);

      const ports = { entry: entryPort(h.chain), functionUrl: h.chain.functionUrl.port, jwks: Number(new URL(h.chain.jwks.baseUrl).port) };
      for (const port of Object.values(ports)) await expect(connectOutcome(port)).resolves.toBe('connected');

      // A real request through the chain, on a keep-alive connection that stays open.
      const agent = new http.Agent({ keepAlive: true });
      const status = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: ports.entry, path: '/api/hello?name=bye', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
      expect(ownChildren()).toEqual([]);

      await h.close();
      closed = true;

      for (const w of workers) expect(w.threadId).toBe(-1); // exited
      for (const [name, port] of Object.entries(ports)) expect([name, await connectOutcome(port)]).toEqual([name, 'ECONNREFUSED']);
      expect(count('MessagePort')).toBeLessThanOrEqual(baselinePorts); // the workers' message ports are closed
      expect(ownChildren()).toEqual([]);
      agent.destroy();
    } finally {
      if (!closed) await h.close();
    }
  });
});
