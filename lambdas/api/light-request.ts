/**
 * A light stand-in for the `Request` hono/aws-lambda's adapter builds from a
 * payload-2.0 event, for the common case: no body, no cookies, plain header
 * values. Building the real one costs ~15 us a request in Node 20 (a Headers
 * object filled header by header, URL parsing, an AbortSignal, ...) while the
 * app only reads its URL, its method and a few headers.
 *
 * - `url` is the URL the real Request would have (the same WHATWG parser:
 *   host lower-cased, dot segments resolved, characters escaped alike);
 *   `method` is the event's (only the methods Request leaves as they are).
 * - `headers.get` / `headers.has` answer from the event's headers with the
 *   values a Headers object would hold (trimmed of spaces and tabs).
 * - Everything else (the other Headers methods, body, signal, clone(), ...)
 *   builds the real Request, exactly as the adapter builds it, once, and
 *   delegates to it; from then on headers come from it too.
 *
 * `lightRequest` returns undefined for any event it cannot stand in for
 * exactly (a body, cookies, a header value a Headers object would change or
 * refuse, another method or URL shape): the caller then uses the adapter.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/** Methods `new Request()` keeps as they are (upper case, not forbidden). */
const PLAIN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
/** Header names as payload 2.0 delivers them: lower-case HTTP tokens. */
const PLAIN_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** Values the adapter passes unchanged (ASCII, no control characters but tab) and Headers accepts. */
const PLAIN_VALUE = /^[\t\x20-\x7e]*$/;
const HOST = /^[A-Za-z0-9.-]+$/;
/** What Headers strips from both ends of a value (of HTTP whitespace, the only kinds PLAIN_VALUE lets through). */
const EDGE_BLANKS = /^[\t ]+|[\t ]+$/g;

/** The URL string the adapter builds (`https://` + domain name + raw path [+ `?` + raw query]). */
function rawUrl(event: LambdaFunctionURLEvent): string {
  const base = `https://${event.requestContext.domainName}${event.rawPath}`;
  return event.rawQueryString ? `${base}?${event.rawQueryString}` : base;
}

/** The headers the adapter gives the Request: every event header with a value (`if (v)`), as given. */
function adapterHeaders(event: LambdaFunctionURLEvent): Headers {
  const headers = new Headers();
  if (event.headers) for (const [name, value] of Object.entries(event.headers)) if (value) headers.set(name, value);
  return headers;
}

/** Calls `name` on `target` with `args` (delegation to the real Request / Headers). */
function call(target: object, name: PropertyKey, args: unknown[]): unknown {
  return (target as Record<PropertyKey, (...a: unknown[]) => unknown>)[name as string](...args);
}

/** Own members of a prototype to delegate: all but `constructor`, the names kept, and @@toStringTag. */
function delegated(proto: object, kept: readonly string[]): Array<[PropertyKey, PropertyDescriptor]> {
  return Reflect.ownKeys(proto)
    .filter((key) => key !== 'constructor' && key !== Symbol.toStringTag && !kept.includes(key as string))
    .map((key) => [key, Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor]);
}

class LightHeaders {
  readonly #values: ReadonlyMap<string, string>;
  readonly #owner: LightRequestImpl;

  constructor(values: ReadonlyMap<string, string>, owner: LightRequestImpl) {
    this.#values = values;
    this.#owner = owner;
  }

  get(name: string): string | null {
    if (this.#owner.materialized || typeof name !== 'string' || !PLAIN_NAME.test(name.toLowerCase())) return this.#owner.real().headers.get(name);
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    if (this.#owner.materialized || typeof name !== 'string' || !PLAIN_NAME.test(name.toLowerCase())) return this.#owner.real().headers.has(name);
    return this.#values.has(name.toLowerCase());
  }

  static {
    // The other Headers methods (forEach, entries, set, ...) act on the real Request's headers.
    for (const [key, d] of delegated(Headers.prototype, ['get', 'has'])) {
      if (typeof d.value !== 'function') continue;
      Object.defineProperty(LightHeaders.prototype, key, {
        value(this: LightHeaders, ...args: unknown[]) {
          return call(this.#owner.real().headers, key, args);
        },
        writable: true,
        configurable: true,
      });
    }
    // `instanceof Headers` holds, as for the real object.
    Object.setPrototypeOf(LightHeaders.prototype, Headers.prototype);
  }
}

class LightRequestImpl {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;
  readonly #event: LambdaFunctionURLEvent;
  #real: Request | undefined;

  constructor(event: LambdaFunctionURLEvent, url: string, method: string, values: ReadonlyMap<string, string>) {
    this.#event = event;
    this.url = url;
    this.method = method;
    this.headers = new LightHeaders(values, this);
  }

  /** The real Request, if it was built. */
  get materialized(): Request | undefined {
    return this.#real;
  }

  /** The Request hono/aws-lambda's adapter would have built (no body, no cookies: see lightRequest). */
  real(): Request {
    this.#real ??= new Request(rawUrl(this.#event), { headers: adapterHeaders(this.#event), method: this.method });
    return this.#real;
  }

  static {
    // Every other Request member (body, bodyUsed, text(), clone(), signal, ...) is the real Request's.
    for (const [key, d] of delegated(Request.prototype, ['url', 'method', 'headers'])) {
      if (typeof d.value === 'function') {
        Object.defineProperty(LightRequestImpl.prototype, key, {
          value(this: LightRequestImpl, ...args: unknown[]) {
            return call(this.real(), key, args);
          },
          writable: true,
          configurable: true,
        });
      } else if (d.get) {
        Object.defineProperty(LightRequestImpl.prototype, key, {
          get(this: LightRequestImpl) {
            return (this.real() as unknown as Record<PropertyKey, unknown>)[key as string];
          },
          configurable: true,
        });
      }
    }
    // `instanceof Request` holds, as for the real object.
    Object.setPrototypeOf(LightRequestImpl.prototype, Request.prototype);
  }
}

/**
 * A Request stand-in for `event`, or undefined when the event has a body,
 * cookies, or anything the real Request would treat otherwise than as is.
 */
export function lightRequest(event: LambdaFunctionURLEvent): Request | undefined {
  const e = event as LambdaFunctionURLEvent & { multiValueHeaders?: unknown };
  const rc = e?.requestContext as (LambdaFunctionURLEvent['requestContext'] & { elb?: unknown }) | undefined;
  // The adapter's v2 (function URL / API Gateway HTTP API) path, and only it.
  if (!rc || !Object.hasOwn(e, 'rawPath') || !Object.hasOwn(rc, 'http') || Object.hasOwn(rc, 'elb') || e.multiValueHeaders) return undefined;
  if (e.body || Array.isArray(e.cookies)) return undefined;
  const method = rc.http?.method;
  if (typeof method !== 'string' || !PLAIN_METHODS.has(method)) return undefined;
  if (typeof rc.domainName !== 'string' || !HOST.test(rc.domainName) || typeof e.rawPath !== 'string' || !e.rawPath.startsWith('/')) return undefined;
  if (e.rawQueryString !== undefined && typeof e.rawQueryString !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(rawUrl(e));
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return undefined;
  const values = new Map<string, string>();
  if (e.headers) {
    for (const name of Object.keys(e.headers)) {
      const value = e.headers[name];
      if (!value) continue;
      if (typeof value !== 'string' || !PLAIN_NAME.test(name) || !PLAIN_VALUE.test(value)) return undefined;
      const first = value.charCodeAt(0);
      const last = value.charCodeAt(value.length - 1);
      values.set(name, first === 32 || first === 9 || last === 32 || last === 9 ? value.replace(EDGE_BLANKS, '') : value);
    }
  }
  return new LightRequestImpl(e, url.href, method, values) as unknown as Request;
}
