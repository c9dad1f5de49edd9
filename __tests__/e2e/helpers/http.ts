/** Raw HTTP/1.1 over node:http: no URL normalisation, headers as given, any bytes as body. */
import * as http from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as they go on the request line. */
  readonly path: string;
  /** Header pairs in order (repeats allowed). A `Host` pair replaces the default one. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer | string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  json<T = any>(): T;
}

/** One HTTP/1.1 request to 127.0.0.1:port on its own connection. */
export function send(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: string[] = [];
    let hasHost = false;
    let hasLength = false;
    for (const [k, v] of req.headers ?? []) {
      if (k.toLowerCase() === 'host') hasHost = true;
      if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding') hasLength = true;
      headers.push(k, v);
    }
    if (!hasHost) headers.push('Host', `127.0.0.1:${port}`);
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    if (body !== undefined && !hasLength) headers.push('Content-Length', String(body.length));
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buf,
          text,
          json: () => {
            try {
              return JSON.parse(text);
            } catch {
              throw new Error(`not JSON (status ${res.statusCode}): ${text.slice(0, 300)}`);
            }
          },
        });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(body);
  });
}

export function describeRequest(req: RawRequest): string {
  const body =
    req.body === undefined
      ? '(none)'
      : Buffer.isBuffer(req.body)
        ? `${req.body.length} bytes hex ${req.body.subarray(0, 48).toString('hex')}${req.body.length > 48 ? '...' : ''}`
        : JSON.stringify(req.body.slice(0, 200));
  return [`${req.method} ${req.path}`, ...(req.headers ?? []).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`), `  body: ${body}`].join('\n');
}

export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}
