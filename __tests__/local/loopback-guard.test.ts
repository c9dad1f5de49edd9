/**
 * The loopback guard refuses connections that would leave the machine, before
 * they are made. Only documentation addresses are asked for (TEST-NET-3
 * 203.0.113.0/24, TEST-NET-2 198.51.100.0/24, 2001:db8::/32, example.com);
 * name targets also carry a `lookup` that fails, so even a broken guard would
 * send no DNS query. A refused connect() never reaches the system call: the
 * attempt is recorded synchronously and the socket fails on the next tick.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { startLambda, type LambdaRuntime } from '../../local/lambda-runtime';
import { LOOPBACK_GUARD_ERROR_CODE, describeLoopbackViolation, installLoopbackGuard, isLoopbackHost, type LoopbackGuard } from '../../local/loopback-guard';

const noLookup: net.LookupFunction = (_host, _options, callback) => callback(new Error('the test does no DNS lookups'), '', 4);

/** The code of the first 'error' the socket or request emits; a 'connect' would be a failure of the guard. */
function refusal(emitter: NodeJS.EventEmitter): Promise<string | undefined> {
  return new Promise((resolve) => {
    emitter.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    emitter.once('connect', () => resolve('connected'));
    emitter.once('secureConnect', () => resolve('connected'));
  });
}

describe('isLoopbackHost', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.254',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '0000:0000:0000:0000:0000:0000:0000:0001',
    '::ffff:127.0.0.1',
    '::FFFF:7f00:1',
    '[::ffff:127.0.0.1]',
    'localhost',
    'LocalHost',
    'localhost.',
    '',
    undefined,
  ])('allows %p', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '203.0.113.1',
    '198.51.100.7',
    '0.0.0.0',
    '10.0.0.1',
    '128.0.0.1',
    'example.com',
    'EXAMPLE.COM.',
    'cognito-idp.eu-west-1.amazonaws.com',
    'localhost.example.com',
    '127.0.0.1.example.com',
    'foo.localhost',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '[::ffff:203.0.113.1]',
    '::ffff:0.0.0.0',
    '::127.0.0.1',
    '::',
    '2001:db8::1',
    'fe80::1%lo',
    // Non-canonical IPv4 spellings are names to net.isIP; getaddrinfo would read them as numbers: refused.
    '127.1',
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
  ])('refuses %p', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('installLoopbackGuard in this process', () => {
  let guard: LoopbackGuard;
  let server: http.Server;
  let port: number;
  const originalConnect = net.Socket.prototype.connect;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('local'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    guard = installLoopbackGuard();
  });
  afterEach(() => {
    guard.uninstall();
  });

  it('refuses net.connect to a public IPv4 address before connecting, and records it at once', async () => {
    const a = net.connect({ host: '203.0.113.1', port: 9 });
    const b = new net.Socket().connect(9, '198.51.100.7');
    expect(guard.violations).toHaveLength(2); // recorded synchronously, in connect()
    expect(a.connecting).toBe(false);
    await expect(Promise.all([refusal(a), refusal(b)])).resolves.toEqual([LOOPBACK_GUARD_ERROR_CODE, LOOPBACK_GUARD_ERROR_CODE]);
    expect(a.destroyed && b.destroyed).toBe(true);
    expect(guard.violations.map((v) => [v.where, v.host, v.port])).toEqual([
      ['main', '203.0.113.1', 9],
      ['main', '198.51.100.7', 9],
    ]);
    expect(guard.violations[0].stack).toMatch(/loopback-guard\.test/);
  });

  it('refuses names without looking them up (example.com), whatever the client', async () => {
    await expect(refusal(net.connect({ host: 'example.com', port: 80, lookup: noLookup }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(refusal(http.get({ host: 'example.com', port: 80, lookup: noLookup }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(refusal(https.get({ host: 'example.com', port: 443, lookup: noLookup }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(refusal(tls.connect({ host: 'example.com', port: 443, lookup: noLookup }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    expect(guard.violations.map((v) => `${v.host}:${v.port}`)).toEqual(['example.com:80', 'example.com:80', 'example.com:443', 'example.com:443']);
  });

  it('refuses IPv4-mapped public addresses (::ffff:8.8.8.8 forms) and public IPv6', async () => {
    await expect(refusal(net.connect({ host: '::ffff:8.8.8.8', port: 9 }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(refusal(net.connect({ host: '::ffff:203.0.113.1', port: 9 }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(refusal(net.connect({ host: '2001:db8::1', port: 9 }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    expect(guard.violations).toHaveLength(3);
  });

  it('refuses the global fetch (undici) too', async () => {
    const cause = await fetch('http://203.0.113.1:8080/').then(
      () => undefined,
      (e: Error & { cause?: NodeJS.ErrnoException }) => e.cause,
    );
    expect(cause?.code).toBe(LOOPBACK_GUARD_ERROR_CODE);
    const mapped = await fetch('http://[::ffff:203.0.113.1]:8080/').then(
      () => undefined,
      (e: Error & { cause?: NodeJS.ErrnoException }) => e.cause,
    );
    expect(mapped?.code).toBe(LOOPBACK_GUARD_ERROR_CODE);
    // (undici hands over the WHATWG-canonical IPv6 text)
    expect(guard.violations.map((v) => `${v.host}:${v.port}`)).toEqual(['203.0.113.1:8080', '::ffff:cb00:7101:8080']);
  });

  it('allows 127.0.0.1, localhost and fetch to loopback', async () => {
    const get = (host: string) =>
      new Promise<string>((resolve, reject) =>
        http
          .get({ host, port, family: 4 }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve(body));
          })
          .on('error', reject),
      );
    await expect(get('127.0.0.1')).resolves.toBe('local');
    await expect(get('localhost')).resolves.toBe('local');
    await expect(fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).resolves.toBe('local');
    expect(guard.violations).toEqual([]);
  });

  it('allows ::1 (the attempt is made: refused by the OS or answered, never by the guard)', async () => {
    const v6 = http.createServer((_req, res) => res.end('v6'));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    try {
      const p = listening ? (v6.address() as net.AddressInfo).port : 9;
      const outcome = await new Promise<string>((resolve) => {
        const s = net.connect({ host: '::1', port: p });
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome).not.toBe(LOOPBACK_GUARD_ERROR_CODE);
      if (listening) expect(outcome).toBe('connected');
      expect(guard.violations).toEqual([]);
    } finally {
      if (listening) await new Promise<void>((resolve) => v6.close(() => resolve()));
    }
  });

  it('allows unix sockets (a path is not a host)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-guard-'));
    const sock = path.join(dir, 's.sock');
    const unix = net.createServer((c) => c.end('unix'));
    await new Promise<void>((resolve) => unix.listen(sock, resolve));
    try {
      const got = await new Promise<string>((resolve, reject) => {
        let data = '';
        net
          .connect(sock)
          .on('data', (c) => (data += c))
          .on('end', () => resolve(data))
          .on('error', reject);
      });
      expect(got).toBe('unix');
      expect(guard.violations).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => unix.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every installed guard records; the patch goes when the last one is uninstalled', async () => {
    const second = installLoopbackGuard();
    await expect(refusal(net.connect({ host: '203.0.113.5', port: 9 }))).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    expect(guard.violations).toHaveLength(1);
    expect(second.violations).toHaveLength(1);
    second.uninstall();
    expect(net.Socket.prototype.connect).not.toBe(originalConnect);
    guard.uninstall();
    expect(net.Socket.prototype.connect).toBe(originalConnect);
    guard = installLoopbackGuard(); // for afterEach
  });
});

describe('startLambda({ loopbackOnly: true }): the guard inside the execution environment', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  const runtimes: LambdaRuntime[] = [];
  let guard: LoopbackGuard;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-guard-worker-'));
    fs.writeFileSync(
      path.join(dir, 'connects.js'),
      `
      const net = require('node:net');
      const https = require('node:https');
      const noLookup = (h, o, cb) => cb(new Error('no DNS lookups in tests'));
      const code = (emitter) => new Promise((resolve) => {
        emitter.once('error', (e) => resolve(e.code));
        emitter.once('connect', () => resolve('connected'));
      });
      exports.handler = async (event) => {
        if (event.kind === 'net') return code(net.connect({ host: event.host, port: 9, lookup: noLookup }));
        if (event.kind === 'https') return code(https.get({ host: event.host, port: 443, lookup: noLookup }));
        if (event.kind === 'fetch') {
          try { const r = await fetch(event.url); return await r.text(); } catch (e) { return (e.cause && e.cause.code) || String(e); }
        }
        return 'unknown kind';
      };`,
    );
    server = http.createServer((_req, res) => res.end('local'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    guard = installLoopbackGuard();
  });

  afterAll(async () => {
    guard.uninstall();
    await Promise.all(runtimes.map((r) => r.close()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses non-loopback connections in the worker and reports them to this process', async () => {
    const output: string[] = [];
    const seen: string[] = [];
    const rt = startLambda({
      file: path.join(dir, 'connects.js'),
      env: {},
      functionName: 'guarded-fn',
      loopbackOnly: true,
      onOutput: (c) => output.push(c),
      onLoopbackViolation: (v) => seen.push(v.host),
    });
    runtimes.push(rt);
    await expect(rt.invoke({ kind: 'net', host: '203.0.113.1' })).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(rt.invoke({ kind: 'https', host: 'cognito-idp.eu-west-1.amazonaws.com' })).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(rt.invoke({ kind: 'fetch', url: 'https://[::ffff:8.8.8.8]:8443/' })).resolves.toBe(LOOPBACK_GUARD_ERROR_CODE);
    await expect(rt.invoke({ kind: 'fetch', url: `http://127.0.0.1:${port}/` })).resolves.toBe('local');
    // The reports are messages: they arrive before the answers that follow them.
    expect(seen).toEqual(['203.0.113.1', 'cognito-idp.eu-west-1.amazonaws.com', '::ffff:808:808']);
    expect(guard.violations.map(describeLoopbackViolation)).toEqual([
      '[guarded-fn] refused a connection to 203.0.113.1:9',
      '[guarded-fn] refused a connection to cognito-idp.eu-west-1.amazonaws.com:443',
      '[guarded-fn] refused a connection to [::ffff:808:808]:8443',
    ]);
    expect(output.join('')).toMatch(/loopback guard: \[guarded-fn\] refused a connection to 203\.0\.113\.1:9/);
  });
});
