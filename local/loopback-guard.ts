/**
 * Keeps the offline chain offline: while a guard is installed, every TCP/TLS
 * connection to a host that is not loopback is refused before it is made.
 *
 * It wraps `net.Socket.prototype.connect`, the one call every client in Node
 * goes through: `net.connect`, `tls.connect` (a TLSSocket is a net.Socket),
 * `http`/`https` agents, and the global `fetch` (undici connects with
 * `net.connect`/`tls.connect`). The check is made on the address asked for,
 * before any DNS lookup or socket exists, so nothing leaves the machine:
 *
 * - allowed: 127.0.0.0/8, `::1` (any spelling), IPv4-mapped `::ffff:127.x.y.z`,
 *   `localhost` (trusted to resolve to loopback, as /etc/hosts says), no host
 *   at all (Node then connects to localhost), and unix sockets / pipes (a path);
 * - refused: every other IP, and every other name: a name is never looked up
 *   (no DNS query leaves), so `example.com` is refused even if some resolver
 *   would map it to 127.0.0.1.
 *
 * A refused `connect()` calls no system connect at all: it reports the attempt
 * to every installed guard at once, then destroys the socket with an `Error`
 * whose code is `ERR_LOOPBACK_ONLY` (on the next tick), the way a refused
 * connection fails: fetch rejects with it as the cause, an http request emits
 * it as 'error', aws-jwt-verify's fetcher turns it into a FetchError.
 *
 * Not covered: UDP (`dgram`) and lookups made directly with `dns.*`; neither
 * is a connection, and nothing in the chain does either.
 *
 * A worker thread has its own `net` module: `lambda-runtime.ts` installs the
 * same guard in each of its workers (`loopbackOnly`), from the same source
 * text, and passes their reports to `recordLoopbackViolation` here.
 */
import * as net from 'node:net';

/** One refused connection attempt. */
export interface LoopbackViolation {
  /** Where it was attempted: "main", or the function name of a worker. */
  readonly where: string;
  /** The host asked for, as given. */
  readonly host: string;
  readonly port?: number;
  /** The caller's stack (a few frames). */
  readonly stack?: string;
}

export const LOOPBACK_GUARD_ERROR_CODE = 'ERR_LOOPBACK_ONLY';

/** What the guard source evaluates to. */
interface GuardImplementation {
  isLoopbackHost(host: unknown): boolean;
  /** Patches this realm's net.Socket.prototype.connect (once); returns the uninstaller for `onViolation`. */
  install(onViolation: (v: Omit<LoopbackViolation, 'where'>) => void): () => void;
}

/**
 * The guard as plain JavaScript: the body of `function (net)`, returning a
 * `GuardImplementation`. It is text because it also runs inside the workers
 * of lambda-runtime.ts, which load bundles with a plain `require()` (no
 * TypeScript there); this process evaluates the very same text.
 */
export const LOOPBACK_GUARD_SOURCE = String.raw`
'use strict';
const STATE = Symbol.for('secure-function-url.loopback-guard');
const CODE = 'ERR_LOOPBACK_ONLY';

function isLoopbackHost(host) {
  if (host === undefined || host === null || host === '') return true; // Node connects to localhost
  let h = String(host).toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === 'localhost') return true;
  const family = net.isIP(h);
  if (family === 4) return h.startsWith('127.');
  if (family !== 6) return false; // a name: refused without a lookup
  let canonical;
  try {
    canonical = new URL('http://[' + h + ']/').hostname.slice(1, -1); // zone ids (fe80::1%eth0) throw: refused
  } catch (e) {
    return false;
  }
  if (canonical === '::1') return true;
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(canonical); // ::ffff:127.0.0.1 is ::ffff:7f00:1
  return mapped !== null && parseInt(mapped[1], 16) >> 8 === 127;
}

/** The target of a Socket#connect call, whatever its argument form. */
function targetOf(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect() passes its normalized [options, callback]
  if (first !== null && typeof first === 'object') return { path: first.path, host: first.host, port: first.port };
  if (typeof first === 'string' && !(Number(first) >= 0)) return { path: first }; // connect(path)
  return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
}

function install(onViolation) {
  const proto = net.Socket.prototype;
  let state = proto[STATE];
  if (!state) {
    const original = proto.connect;
    const listeners = new Set();
    const guarded = function connect(...args) {
      if (listeners.size > 0) {
        const target = targetOf(args);
        if (!target.path && !isLoopbackHost(target.host)) {
          const port = Number(target.port);
          const violation = {
            host: String(target.host),
            port: Number.isFinite(port) ? port : undefined,
            stack: String(new Error().stack).split('\n').slice(2, 10).join('\n'),
          };
          for (const listener of [...listeners]) {
            try {
              listener(violation);
            } catch (e) {
              // a listener's failure must not let the connection through
            }
          }
          const err = new Error('loopback guard: refused a connection to ' + (violation.host.includes(':') ? '[' + violation.host + ']' : violation.host) + (violation.port === undefined ? '' : ':' + violation.port) + ' (the offline chain connects to loopback only)');
          err.code = CODE;
          // Fails like a refused connection (an 'error' event, then 'close'), so callers take their usual error path.
          const socket = this;
          process.nextTick(() => socket.destroy(err));
          return socket;
        }
      }
      return original.apply(this, args);
    };
    state = { original, guarded, listeners };
    Object.defineProperty(proto, STATE, { value: state, configurable: true });
    proto.connect = guarded;
  }
  const listener = (v) => onViolation(v);
  state.listeners.add(listener);
  return function uninstall() {
    state.listeners.delete(listener);
    if (state.listeners.size === 0 && proto.connect === state.guarded && proto[STATE] === state) {
      proto.connect = state.original;
      delete proto[STATE];
    }
  };
}

return { isLoopbackHost, install };
`;

const implementation = new Function('net', LOOPBACK_GUARD_SOURCE)(net) as GuardImplementation;

/**
 * True when a connection to `host` stays on this machine: 127.0.0.0/8, ::1,
 * ::ffff:127.x.y.z, `localhost`, or no host. Every other name is false
 * (names are not looked up).
 */
export function isLoopbackHost(host: string | undefined): boolean {
  return implementation.isLoopbackHost(host);
}

export interface LoopbackGuard {
  /** The attempts refused in this process and reported by guarded workers, since install. */
  readonly violations: readonly LoopbackViolation[];
  /** Stops recording; the patch is removed when no guard is left. */
  uninstall(): void;
}

const guards = new Set<(v: LoopbackViolation) => void>();
/** Removes this process's patch listener; set while at least one guard is installed. */
let uninstallPatch: (() => void) | undefined;

/**
 * Records a violation that happened elsewhere (a guarded worker thread) in
 * every guard installed in this process.
 */
export function recordLoopbackViolation(v: LoopbackViolation): void {
  for (const g of [...guards]) g(v);
}

/**
 * Installs the guard in this process (idempotent patch; several guards may be
 * installed, each records every violation).
 */
export function installLoopbackGuard(options: { onViolation?: (v: LoopbackViolation) => void } = {}): LoopbackGuard {
  const violations: LoopbackViolation[] = [];
  const record = (v: LoopbackViolation) => {
    violations.push(v);
    options.onViolation?.(v);
  };
  guards.add(record);
  uninstallPatch ??= implementation.install((v) => recordLoopbackViolation({ where: 'main', ...v }));
  let installed = true;
  return {
    violations,
    uninstall() {
      if (!installed) return;
      installed = false;
      guards.delete(record);
      if (guards.size === 0) {
        uninstallPatch?.();
        uninstallPatch = undefined;
      }
    },
  };
}

/** One line describing a violation, for logs and assertion messages. */
export function describeLoopbackViolation(v: LoopbackViolation): string {
  const host = v.host.includes(':') ? `[${v.host}]` : v.host;
  return `[${v.where}] refused a connection to ${host}${v.port === undefined ? '' : `:${v.port}`}`;
}
