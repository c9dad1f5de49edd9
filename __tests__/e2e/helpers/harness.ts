/**
 * Test harness for the local chain: starts `startChain` in a temp dir with a
 * log collector, and offers raw HTTP over node:http (no URL normalisation,
 * headers as sent, any bytes as body) plus a SigV4 signer for direct calls to
 * the function URL stand-in.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../config/load';
import type { Config, SigningMode } from '../../../config/schema';
import { startChain, type RunningChain } from '../../../local/chain';
import type { ObservedRequest } from '../../../local/function-url-standin';

import { send, type RawRequest, type RawResponse } from './http';
import { signDirect, type DirectSignOptions } from './sign';

export { signDirect, type DirectSignOptions } from './sign';
export { bearer, describeRequest, send, type RawRequest, type RawResponse } from './http';

export type LogSource = 'cloudfront' | 'function-url' | 'edge' | 'api' | 'hosted-ui';

export interface LogLine {
  readonly source: LogSource;
  readonly line: string;
}

export interface Harness {
  readonly chain: RunningChain;
  readonly config: Config;
  readonly logs: LogLine[];
  /** Every request that reached the function URL stand-in, as sent (newest last). */
  readonly originRequests: ObservedRequest[];
  /** The current end of the log (pass it to `since`). */
  mark(): number;
  since(mark: number): LogLine[];
  close(): Promise<void>;
}

export async function startHarness(mode: SigningMode, options: { clock?: () => Date } = {}): Promise<Harness> {
  const config = loadConfig('dev');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sfu-e2e-${mode}-`));
  const logs: LogLine[] = [];
  const originRequests: ObservedRequest[] = [];
  let chain: RunningChain;
  try {
    chain = await startChain({
      config,
      mode,
      buildDir: path.join(dir, 'build'),
      keyPath: path.join(dir, 'issuer-key.pem'),
      log: (source, line) => logs.push({ source, line }),
      clock: options.clock,
      observeOrigin: (r) => originRequests.push(r),
    });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    chain,
    config,
    logs,
    originRequests,
    mark: () => logs.length,
    since: (m) => logs.slice(m),
    close: async () => {
      await chain.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function formatLogs(lines: readonly LogLine[], max = 40): string {
  const shown = lines.slice(-max).map((l) => `  [${l.source}] ${l.line}`);
  return shown.length === 0 ? '  (no log lines)' : shown.join('\n');
}

/**
 * Runs `fn`; when it throws, the error message gets the log lines written
 * while it ran (stand-ins' request lines, edge and API output).
 */
export async function traced<T>(h: Harness, fn: () => Promise<T>): Promise<T> {
  const m = h.mark();
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error) e.message = `${e.message}\n--- chain log (${h.chain.mode}) ---\n${formatLogs(h.since(m))}`;
    throw e;
  }
}

/** The chain's entry (CloudFront stand-in) port. */
export function entryPort(chain: RunningChain): number {
  return Number(new URL(chain.entryUrl).port);
}

/** Sends through the whole chain. */
export function viaEdge(h: Harness, req: RawRequest): Promise<RawResponse> {
  return send(entryPort(h.chain), req);
}

/** Signs as the chain's direct IAM caller: its credentials, the function URL's host, the backend's region. */
export function signAsCaller(h: Harness, o: Omit<DirectSignOptions, 'credentials' | 'host' | 'region'>): Promise<Array<[string, string]>> {
  return signDirect({ ...o, credentials: h.chain.callerCredentials, host: h.chain.functionUrl.host, region: h.config.backendRegion });
}

/** Re-signs a token's header and payload with a different RSA key (same kid, same claims). */
export function forgeWithOtherKey(token: string): string {
  const [header, payload] = token.split('.');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Lines a source wrote (only the request lines for the stand-ins). */
export function linesOf(lines: readonly LogLine[], source: LogSource): string[] {
  return lines.filter((l) => l.source === source).map((l) => l.line);
}
