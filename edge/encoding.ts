/**
 * URI canonicalisation for the edge: one strict form for the path and the
 * query string, so that the edge, the SigV4 signature and the function URL
 * all read the same request.
 *
 * CloudFront hands the origin-request function the URI and query string as
 * the viewer sent them (percent-encoded or not, `(` or `%28`, `%7E` or `~`).
 * The edge decodes every path segment and query key/value once and encodes
 * it again with RFC 3986 rules (only `A-Z a-z 0-9 - . _ ~` stay literal, every
 * other byte of the UTF-8 form becomes `%XX`, upper-case hex), then writes the
 * result back into the request. On the wire the origin therefore sees only
 * unreserved characters and `%XX`, and both ways a SigV4 server can build its
 * canonical URI (encode the received path once more, or decode and encode
 * twice) give the same string as the signer.
 *
 * Decisions pinned by tests:
 * - Path: repeated slashes collapse, a trailing slash is kept, `.` and `..`
 *   segments (also as `%2E`) are refused (400): the edge, the SigV4 path
 *   normalisation and the API's router would otherwise each resolve them
 *   differently. An encoded slash (`%2F`) stays inside its segment.
 * - Query: `+` means a space (application/x-www-form-urlencoded, which is what
 *   function URLs, API Gateway, URLSearchParams and Hono do); a literal plus
 *   must be sent as `%2B`. It is forwarded as `%20`, so the origin never sees
 *   an ambiguous `+`. Empty pieces (`a&&b`) are dropped, a key without `=` gets
 *   an empty value (`flag` -> `flag=`), repeated keys and their order are kept.
 * - Malformed percent-encoding or invalid UTF-8 is refused (400).
 */

/** Percent-encodes everything but the RFC 3986 unreserved characters (UTF-8, upper-case hex). */
export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Strict percent-decoding; undefined for a malformed escape, invalid UTF-8 or a lone surrogate. */
export function strictDecode(value: string): string | undefined {
  try {
    const decoded = decodeURIComponent(value);
    // Re-encoding must succeed too (rejects lone surrogates that arrived unencoded).
    encodeURIComponent(decoded);
    return decoded;
  } catch {
    return undefined;
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Canonicalises a request path (CloudFront's `uri`). Returns the path in the
 * strict form described above, or why it was refused.
 */
export function canonicalizePath(uri: string): Result<string> {
  if (!uri.startsWith('/')) return { ok: false, reason: 'the path must start with "/"' };
  const raw = uri.split('/');
  const out: string[] = [];
  let trailingSlash = false;
  for (let i = 1; i < raw.length; i++) {
    const segment = raw[i];
    if (segment === '') {
      if (i === raw.length - 1 && out.length > 0) trailingSlash = true;
      continue;
    }
    const decoded = strictDecode(segment);
    if (decoded === undefined) return { ok: false, reason: 'the path has a malformed percent-encoding' };
    if (decoded === '.' || decoded === '..') return { ok: false, reason: 'the path has a "." or ".." segment' };
    out.push(rfc3986Encode(decoded));
  }
  return { ok: true, value: `/${out.join('/')}${trailingSlash ? '/' : ''}` };
}

/** One decoded query parameter, in the order the viewer sent it. */
export type QueryPair = readonly [key: string, value: string];

/**
 * Parses a raw query string (without `?`). `plusIsSpace` (default true) reads
 * `+` as a space, as application/x-www-form-urlencoded does.
 */
export function parseQueryString(raw: string, plusIsSpace = true): Result<QueryPair[]> {
  const pairs: QueryPair[] = [];
  if (raw === '') return { ok: true, value: pairs };
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawKey = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    const key = strictDecode(plusIsSpace ? rawKey.replace(/\+/g, ' ') : rawKey);
    const value = strictDecode(plusIsSpace ? rawValue.replace(/\+/g, ' ') : rawValue);
    if (key === undefined || value === undefined) return { ok: false, reason: 'the query string has a malformed percent-encoding' };
    if (key === '' && value === '') continue;
    pairs.push([key, value]);
  }
  return { ok: true, value: pairs };
}

/** Serialises pairs in the strict form (`key=value`, RFC 3986, original order). */
export function serializeQuery(pairs: readonly QueryPair[]): string {
  return pairs.map(([k, v]) => `${rfc3986Encode(k)}=${rfc3986Encode(v)}`).join('&');
}

/** A SigV4 query parameter bag: repeated keys become arrays, empty values stay "". */
export type QueryBag = Record<string, string | string[]>;

/** Builds the parameter bag the signer takes (a null-prototype object: `__proto__` is an ordinary key). */
export function toQueryBag(pairs: readonly QueryPair[]): QueryBag {
  const bag: QueryBag = Object.create(null) as QueryBag;
  for (const [k, v] of pairs) {
    const existing = Object.prototype.hasOwnProperty.call(bag, k) ? bag[k] : undefined;
    if (existing === undefined) bag[k] = v;
    else if (Array.isArray(existing)) existing.push(v);
    else bag[k] = [existing, v];
  }
  return bag;
}
